/**
 * A port freeze on a carrier account has to be lifted weeks before the account's port orders can go in,
 * so the date to ask the carrier (`PortOrder.liftFreezeBy`) is reminded like an order deadline: from
 * 09:00 local N days before until that day ends, once per offset, to the chats subscribed to order
 * deadlines. Through botbuilder's CloudAdapter to a local connector, over the small tenant (Seattle's
 * account A-100 at Lumen frozen) in a real SQLite file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCloudAdapter, createProactiveSender } from '../../../bot/proactive/proactive-sender';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { CARRIER_FREEZE_LIFT_DAYS } from '../../../shared/domain/port-lead-times';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { createAssistantQueries } from '../../../shared/services/assistant-queries';
import { ORDER_REMINDER_TIME, type NotificationSender } from '../../../shared/services/notification-service';
import { zonedInstant } from '../../../shared/services/notification-time';
import type { PortOrderRow } from '../../../shared/services/order-read-model';
import { applySubscriptionRequest } from '../../../shared/services/subscription-service';
import { trackOrder } from '../../../shared/services/order-tracking';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { LocalConnector } from '../../support/local-connector';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { smallTenantInputs } from '../../unit/planning/support/small-tenant';

const TENANT = 'contoso';
const PERSONAL = 'a:freeze-lead';
/** Seattle's sites span several US zones: the tenant default zone. */
const ZONE = 'America/Los_Angeles';

let dir: string;
let services: AppServices;
let connector: LocalConnector;
let sender: NotificationSender;
let clock = new Date('2026-01-12T12:00:00Z');
const at = (instant: Date) => (clock = instant);
const run = () => services.notifications.run(clock, sender, 'test-instance');
/** The first frozen account's order, as the plan stored it. */
let frozen: PortOrderRow;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-freeze-lift-'));
  services = createAppServices(new SqliteStore(path.join(dir, 'vmp.sqlite')), () => clock, { notifications: { defaultTimeZone: ZONE } });
  const input = smallTenantInputs();
  input.inventory!.blocks = input.inventory!.blocks.map((b) => (b.accountNumber === 'A-100' ? { ...b, portFreeze: true } : b));
  await storeSmallTenant(services.store, input);
  // Cutovers from March: the lift is weeks away when the plan is built (in January).
  const settings = smallTenantSettingsFile();
  settings.scheduling.startDate = '2026-03-02';
  await services.plan.build(TENANT, 'test', { today: '2026-01-12', expectedSettingsVersion: null, settings });
  const orders = (await services.plan.portOrders(TENANT, { limit: 100 })).items;
  frozen = orders.find((o) => o.liftFreezeBy !== undefined)!;
  connector = await new LocalConnector().start();
  sender = createProactiveSender(createCloudAdapter({ appType: 'MultiTenant' }), '', {});
  await applySubscriptionRequest(
    services.store,
    { serviceUrl: connector.url, channelId: 'msteams', conversationId: PERSONAL, kind: 'personal', tenantId: TENANT, botId: '28:bot' },
    { userId: 'lead-1', name: 'Pat Lead' },
    { action: 'subscribe', orders: { offsetsDays: [3, 1] } },
    clock,
  );
}, 60_000);

afterAll(async () => {
  await services?.close();
  await connector?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const freezeLines = <L extends { summary: string }>(lines: L[]) => lines.filter((l) => /port freeze/.test(l.summary));

describe('reminders to have a port freeze lifted', () => {
  it('the plan gives the frozen account\'s first order, and its wave, the date to ask for the lift', async () => {
    expect(frozen).toMatchObject({ carrier: 'Lumen', accountNumber: 'A-100' });
    expect(frozen.liftFreezeBy).toBe(addDays(frozen.submitBy, -CARRIER_FREEZE_LIFT_DAYS));
    expect(frozen.liftFreezeBy! > addDays('2026-01-12', 3)).toBe(true);
    const { waves } = await services.plan.waves(TENANT);
    expect(waves.find((w) => w.number === frozen.waveNumber)!.liftFreezeBy).toBe(frozen.liftFreezeBy);
    // The other waves port from accounts without a freeze.
    expect(waves.filter((w) => w.number !== frozen.waveNumber).every((w) => w.liftFreezeBy === undefined)).toBe(true);
  });

  it('is due from 09:00 local three days before, sent once, and again one day before', async () => {
    const threeDaysBefore = zonedInstant(addDays(frozen.liftFreezeBy!, -3), ORDER_REMINDER_TIME, ZONE);
    at(new Date(threeDaysBefore.getTime() - 60_000));
    expect(freezeLines((await run()).sent)).toEqual([]);

    at(threeDaysBefore);
    const first = await run();
    expect(freezeLines(first.sent).map((l) => [l.type, l.conversationId, l.summary])).toEqual([
      ['order-deadline', PERSONAL, `1 port freeze to lift for wave ${frozen.waveNumber} by ${frozen.liftFreezeBy}`],
    ]);
    const text = LocalConnector.cardText(connector.to(PERSONAL).at(-1)!);
    expect(text).toContain(`Ask Lumen to lift the port freeze on 1 account by ${frozen.liftFreezeBy}`);
    expect(text).toContain(`- Lumen, account A-100: ${frozen.numberCount} numbers (${frozen.id})`);
    expect(text).toMatch(/port requests are rejected/);

    at(new Date(threeDaysBefore.getTime() + 3_600_000));
    expect(freezeLines((await run()).sent)).toEqual([]);

    at(zonedInstant(addDays(frozen.liftFreezeBy!, -1), ORDER_REMINDER_TIME, ZONE));
    expect(freezeLines((await run()).sent).map((l) => l.summary)).toEqual([`1 port freeze to lift for wave ${frozen.waveNumber} by ${frozen.liftFreezeBy}`]);
  });

  it('is not due once the day has ended; the port order itself is reminded at its own deadline', async () => {
    at(zonedInstant(addDays(frozen.liftFreezeBy!, 1), '00:00', ZONE));
    expect(freezeLines((await run()).sent)).toEqual([]);
    at(zonedInstant(addDays(frozen.submitBy, -3), ORDER_REMINDER_TIME, ZONE));
    const sent = (await run()).sent;
    expect(freezeLines(sent)).toEqual([]);
    expect(sent.map((l) => l.summary)).toContain(`1 port order of wave ${frozen.waveNumber} due ${frozen.submitBy}`);
  });
});

describe('asked which orders are due', () => {
  it('the bot lists the freeze lift in the period it falls in, before the port orders, and only there', async () => {
    const queries = createAssistantQueries(services);
    const lift = frozen.liftFreezeBy!;
    const around = await queries.ordersDue(TENANT, addDays(lift, -2), addDays(lift, 2), 'all');
    expect(around.freezeLifts.map((o) => [o.id, o.carrier, o.accountNumber, o.liftFreezeBy])).toEqual([[frozen.id, 'Lumen', 'A-100', lift]]);
    expect(around.port.map((o) => o.id)).not.toContain(frozen.id);
    expect((await queries.ordersDue(TENANT, addDays(lift, -2), addDays(lift, 2), 'upload')).freezeLifts).toEqual([]);
    const later = await queries.ordersDue(TENANT, addDays(lift, 1), frozen.submitBy, 'port');
    expect(later.freezeLifts).toEqual([]);
    expect(later.port.map((o) => o.id)).toContain(frozen.id);
  });
});

describe('an order marked submitted (order-tracking.ts)', () => {
  it('is not reminded about, not listed as due, and counted with the carrier; rejected, it is all three again', async () => {
    const queries = createAssistantQueries(services);
    const period: [string, string] = [addDays(frozen.submitBy, -2), addDays(frozen.submitBy, 2)];
    const submitted = await trackOrder(services.store, TENANT, frozen.id, { state: 'submitted', reference: 'LUMEN-881' }, null, 'Pat Lead', clock);
    expect(submitted.tracking).toMatchObject({ state: 'submitted', asTracked: { waveNumber: frozen.waveNumber, numberCount: frozen.numberCount } });

    const due = await queries.ordersDue(TENANT, ...period, 'port');
    expect(due.port.map((o) => o.id)).not.toContain(frozen.id);
    expect(due.done).toBeGreaterThanOrEqual(1);
    const porting = (await queries.porting(TENANT, addDays(frozen.submitBy, 1)))!;
    expect(porting.port.byState).toEqual({ submitted: 1 });

    // One day before its submit-by day: the wave's reminder leaves the submitted order out.
    at(zonedInstant(addDays(frozen.submitBy, -1), ORDER_REMINDER_TIME, ZONE));
    // The frozen account's order is its wave's only one due that day: no reminder at all.
    expect((await services.plan.portOrders(TENANT, { wave: frozen.waveNumber, limit: 100 })).items.filter((o) => o.submitBy === frozen.submitBy).map((o) => o.id)).toEqual([frozen.id]);
    expect((await run()).sent.map((l) => l.summary).filter((x) => x.includes(`wave ${frozen.waveNumber} due ${frozen.submitBy}`))).toEqual([]);

    // The carrier rejected it: due again, reminded again (the one-day reminder it had been left out of), counted as rejected.
    await trackOrder(services.store, TENANT, frozen.id, { state: 'rejected', note: 'BTN does not match the account' }, submitted.version, 'Pat Lead', clock);
    expect((await queries.ordersDue(TENANT, ...period, 'port')).port.map((o) => o.id)).toContain(frozen.id);
    expect((await queries.porting(TENANT, addDays(frozen.submitBy, 1)))!.port.byState).toEqual({ rejected: 1 });
    const row = (await services.plan.portOrders(TENANT, { wave: frozen.waveNumber, limit: 100 })).items.find((o) => o.id === frozen.id)!;
    expect(row.trackingWarnings).toEqual(['Rejected: BTN does not match the account - send it again']);
    expect((await run()).sent.map((l) => l.summary)).toContain(`1 port order of wave ${frozen.waveNumber} due ${frozen.submitBy}`);
  });
});
