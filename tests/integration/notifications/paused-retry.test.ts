/**
 * A paused conversation tried again after PAUSE_RETRY_AFTER_DAYS gets ONE message, however much is due
 * for it: refused again, the rest is not tried (and not claimed: still due for a later run); a transient
 * failure leaves it paused, the rest untried, and the next run tries again; delivered, the pause is
 * cleared and the rest follows in the same run.
 *
 * Through botbuilder's CloudAdapter to a local connector, over the small tenant in a real SQLite file.
 * Every chat subscribes on 2026-02-11 to cutovers and order deadlines (3 and 1 days before) and is
 * paused by wave 1's one-day reminder (2026-02-12T03:00Z). On 2026-02-23T18:00Z, eleven days on, two
 * messages are due for each: wave 3's three-day cutover reminder (Berlin 2026-02-26 19:00) and its
 * upload order due 2026-02-23 (reminded from 09:00 Berlin three and one days before, until the day ends).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCloudAdapter, createProactiveSender } from '../../../bot/proactive/proactive-sender';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import type { NotificationSender } from '../../../shared/services/notification-service';
import { readSentRecord } from '../../../shared/services/notification-sent-records';
import { applySubscriptionRequest, listSubscriptions, type Subscription } from '../../../shared/services/subscription-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { LocalConnector } from '../../support/local-connector';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

const TENANT = 'contoso';
/** Still refused when tried again. */
const BLOCKED = 'a:still-blocked';
/** Its admin enabled the bot again: delivered when tried again. */
const ENABLED = '19:enabled-again@thread.tacv2';
/** Throttled when tried again, delivered the run after. */
const THROTTLED = 'a:throttled-on-retry';

let dir: string;
let services: AppServices;
let connector: LocalConnector;
let sender: NotificationSender;
let clock = new Date('2026-02-11T00:00:00Z');
const at = (iso: string) => (clock = new Date(iso));
const run = () => services.notifications.run(clock, sender, 'test-instance');
const ids = (lines: { conversationId: string }[]) => lines.map((l) => l.conversationId).sort();

async function subscriptionOf(conversationId: string): Promise<Subscription> {
  return (await listSubscriptions(services.store, TENANT)).find((s) => s.conversation.conversationId === conversationId)!;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-paused-retry-'));
  services = createAppServices(new SqliteStore(path.join(dir, 'vmp.sqlite')), () => clock, { notifications: { defaultTimeZone: 'America/Los_Angeles' } });
  await storeSmallTenant(services.store);
  await services.plan.build(TENANT, 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
  connector = await new LocalConnector().start();
  sender = createProactiveSender(createCloudAdapter({ appType: 'MultiTenant' }), '', {});
  for (const id of [BLOCKED, ENABLED, THROTTLED]) {
    const kind = id.startsWith('19:') ? 'channel' : 'personal';
    await applySubscriptionRequest(
      services.store,
      { serviceUrl: connector.url, channelId: 'msteams', conversationId: id, kind, tenantId: TENANT, botId: '28:bot' },
      { userId: 'lead-1', name: 'Pat Lead' },
      { action: 'subscribe', cutovers: { offsetsDays: [3, 1] }, orders: { offsetsDays: [3, 1] } },
      clock,
    );
  }
}, 60_000);

afterAll(async () => {
  await services?.close();
  await connector?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a paused conversation tried again after a week', () => {
  it('is paused by the first refusal', async () => {
    connector.refuse(BLOCKED, { status: 403, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' });
    connector.refuse(ENABLED, { status: 403, code: 'BotDisabledByAdmin', message: 'The tenant admin disabled this bot' });
    connector.refuse(THROTTLED, { status: 403 });
    at('2026-02-12T03:00:00Z');
    const result = await run();
    expect(ids(result.paused)).toEqual([BLOCKED, ENABLED, THROTTLED].sort());
    expect(result.paused.every((p) => p.since === '2026-02-12T03:00:00.000Z' && p.retryFrom === '2026-02-19T03:00:00.000Z')).toBe(true);
  });

  it('gets one message however much is due: refused - the rest untried; throttled - still paused, the rest untried; delivered - resumed, the rest sent', async () => {
    connector.allow(ENABLED);
    connector.refuse(THROTTLED, { status: 429, code: 'Throttled' });
    at('2026-02-23T18:00:00Z');
    // Two messages due for each of the three.
    const due = await services.notifications.due(clock);
    for (const id of [BLOCKED, ENABLED, THROTTLED]) {
      expect(due.filter((d) => d.subscription.conversation.conversationId === id).map((d) => d.notification.type)).toEqual(['cutover', 'order-deadline']);
    }

    const result = await run();
    // Refused again: one call, the pause starts over; the order reminder is neither tried nor claimed.
    expect(connector.refusedTo(BLOCKED)).toHaveLength(2);
    expect(result.paused.map((p) => [p.conversationId, p.since, p.pausedBefore, p.gaveUp?.type])).toEqual([
      [BLOCKED, '2026-02-23T18:00:00.000Z', '2026-02-12T03:00:00.000Z', 'cutover'],
    ]);
    const untried = due.find((d) => d.subscription.conversation.conversationId === BLOCKED && d.notification.type === 'order-deadline')!;
    for (const key of untried.keys) expect(await readSentRecord(services.store, TENANT, key)).toBeUndefined();
    // Throttled: one call, a failure to retry, still paused as it was.
    expect(connector.refusedTo(THROTTLED)).toHaveLength(2);
    expect(result.failed.map((l) => [l.conversationId, l.type])).toEqual([[THROTTLED, 'cutover']]);
    expect(result.stillPaused.map((p) => [p.conversationId, p.since])).toEqual([[THROTTLED, '2026-02-12T03:00:00.000Z']]);
    expect((await subscriptionOf(THROTTLED)).unreachableSince).toBe('2026-02-12T03:00:00.000Z');
    // Delivered: resumed, and the order reminder follows.
    expect(result.sent.map((l) => [l.conversationId, l.type])).toEqual([
      [ENABLED, 'cutover'],
      [ENABLED, 'order-deadline'],
    ]);
    expect(result.resumed.map((r) => [r.conversationId, r.pausedSince])).toEqual([[ENABLED, '2026-02-12T03:00:00.000Z']]);
    expect(connector.to(ENABLED)).toHaveLength(2);
    expect((await subscriptionOf(ENABLED)).unreachableSince).toBeUndefined();
    expect(result.skipped).toBe(0);
  });

  it('the throttled one is tried again by the next run: delivered, resumed, both messages sent; the refused one waits a week', async () => {
    connector.allow(THROTTLED);
    connector.allow(BLOCKED);
    at('2026-02-23T18:05:00Z');
    const result = await run();
    expect(result.sent.map((l) => [l.conversationId, l.type])).toEqual([
      [THROTTLED, 'cutover'],
      [THROTTLED, 'order-deadline'],
    ]);
    expect(ids(result.resumed)).toEqual([THROTTLED]);
    expect(result.stillPaused.map((p) => [p.conversationId, p.since, p.retryFrom])).toEqual([[BLOCKED, '2026-02-23T18:00:00.000Z', '2026-03-02T18:00:00.000Z']]);
    expect(connector.to(BLOCKED)).toEqual([]);
    // The resumed channel's two, sent by the run before.
    expect(result.skipped).toBe(2);
    expect(connector.to(ENABLED)).toHaveLength(2);
  });
});
