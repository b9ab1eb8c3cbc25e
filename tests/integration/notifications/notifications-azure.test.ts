/**
 * Subscriptions and sent records on Azure Tables (Azurite), as several server instances share them:
 * two instances, each with its own table clients, run the same due reminder at the same moment and
 * the connector receives it once; a third instance opened later sees the subscription and sends
 * nothing again. The reminders list and stop (Settings > Reminders) work the same there.
 */
import { createCloudAdapter, createProactiveSender } from '../../../bot/proactive/proactive-sender';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { applySubscriptionRequest, listSubscriptions } from '../../../shared/services/subscription-service';
import { countReminders, pageReminders, stopReminders } from '../../../shared/services/reminders-admin';
import { AzureTableStore } from '../../../shared/store/azure-table-store';
import { ConcurrencyConflictError } from '../../../shared/store/store';
import { startAzurite, type RunningAzurite } from '../store/azurite';
import { LocalConnector } from '../../support/local-connector';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

let azurite: RunningAzurite;
let connector: LocalConnector;
const prefix = `notify${process.pid}`;
const opened: AppServices[] = [];
let clock = new Date('2026-02-05T12:00:00Z');

async function instance(): Promise<AppServices> {
  const store = await AzureTableStore.open({ connectionString: azurite.connectionString, tablePrefix: prefix, allowInsecureConnection: true });
  const services = createAppServices(store, () => clock, { notifications: { defaultTimeZone: 'America/Los_Angeles' } });
  opened.push(services);
  return services;
}

beforeAll(async () => {
  azurite = await startAzurite();
  connector = await new LocalConnector().start();
}, 60_000);

afterAll(async () => {
  for (const s of opened) await s.close();
  await connector.stop();
  await azurite?.stop();
});

it('two instances on Azure Tables send a due reminder once; the records outlive them', async () => {
  const first = await instance();
  await storeSmallTenant(first.store);
  await first.plan.build('contoso', 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
  await applySubscriptionRequest(
    first.store,
    { serviceUrl: connector.url, channelId: 'msteams', conversationId: '19:ops@thread.tacv2', kind: 'channel', tenantId: 'contoso', botId: '28:bot' },
    { userId: 'lead', name: 'Pat Lead' },
    { action: 'subscribe', cutovers: { offsetsDays: [3] } },
    clock,
  );
  const second = await instance();
  const sender = createProactiveSender(createCloudAdapter({ appType: 'MultiTenant' }), '', {});
  clock = new Date('2026-02-10T03:00:00Z');
  const [a, b] = await Promise.all([first.notifications.run(clock, sender, 'one'), second.notifications.run(clock, sender, 'two')]);
  expect(a.sent.length + b.sent.length).toBe(1);
  expect(connector.posts).toHaveLength(1);

  const third = await instance();
  expect(await listSubscriptions(third.store, 'contoso')).toHaveLength(1);
  clock = new Date('2026-02-10T04:00:00Z');
  expect((await third.notifications.run(clock, sender, 'three')).sent).toEqual([]);
  expect(connector.posts).toHaveLength(1);
}, 120_000);

it("Settings > Reminders on Azure Tables: a tenant's admins set reminders up before its first sync; listed and stopped against the version read, a stale stop refused", async () => {
  const services = await instance();
  const fresh = 'fabrikam';
  await applySubscriptionRequest(
    services.store,
    { serviceUrl: connector.url, channelId: 'msteams', conversationId: 'a:first-admin', kind: 'personal', tenantId: fresh, botId: '28:bot' },
    { userId: 'ana', name: 'Ana Admin' },
    { action: 'subscribe', orders: { offsetsDays: [3] } },
    clock,
  );
  const page = await pageReminders(services.store, fresh, { offset: 0, limit: 50 });
  expect(page).toMatchObject({ total: 1, paused: 0, items: [{ kind: 'personal', subscribedBy: 'Ana Admin', orders: { offsetsDays: [3] } }] });
  await expect(stopReminders(services.store, fresh, page.items[0].id, page.version! - 1, 'test')).rejects.toThrow(ConcurrencyConflictError);
  // Another instance, with table clients of its own, stops it against the version read.
  const other = await instance();
  expect(await stopReminders(other.store, fresh, page.items[0].id, page.version, 'test')).toBe(page.version! + 1);
  expect(await countReminders(services.store, fresh)).toEqual({ total: 0, paused: 0 });
  expect((await services.store.listAudit(fresh, 1))[0]).toMatchObject({ action: 'reminders.stop', before: { kind: 'personal', subscribedBy: 'Ana Admin' } });
}, 120_000);
