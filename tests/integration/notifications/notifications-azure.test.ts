/**
 * Subscriptions and sent records on Azure Tables (Azurite), as several server instances share them:
 * two instances, each with its own table clients, run the same due reminder at the same moment and
 * the connector receives it once; a third instance opened later sees the subscription and sends
 * nothing again.
 */
import { createCloudAdapter, createProactiveSender } from '../../../bot/proactive/proactive-sender';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { applySubscriptionRequest, listSubscriptions } from '../../../shared/services/subscription-service';
import { AzureTableStore } from '../../../shared/store/azure-table-store';
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
