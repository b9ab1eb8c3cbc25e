/**
 * Order tracking on Azure Tables (Azurite), as two server instances share it: an update written by one
 * is read by the other on its order rows, a stale update from the other is refused (409) and leaves the
 * first in place, and tracking the second order keeps the first (the collection is written whole there).
 */
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { orderTrackingSummary, trackOrder } from '../../../shared/services/order-tracking';
import { AzureTableStore } from '../../../shared/store/azure-table-store';
import { ConcurrencyConflictError } from '../../../shared/store/store';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { startAzurite, type RunningAzurite } from './azurite';

let azurite: RunningAzurite;
const prefix = `orders${process.pid}`;
const opened: AppServices[] = [];
const now = () => new Date('2026-02-05T12:00:00Z');

async function instance(): Promise<AppServices> {
  const store = await AzureTableStore.open({ connectionString: azurite.connectionString, tablePrefix: prefix, allowInsecureConnection: true });
  const services = createAppServices(store, now);
  opened.push(services);
  return services;
}

beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);

afterAll(async () => {
  for (const s of opened) await s.close();
  await azurite?.stop();
});

it('two instances track orders against one version; neither loses the other\'s update', async () => {
  const first = await instance();
  await storeSmallTenant(first.store);
  await first.plan.build('contoso', 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
  const second = await instance();
  const [a, b] = (await second.plan.portOrders('contoso', { limit: 2 })).items;
  expect(b).toBeDefined();

  const submitted = await trackOrder(first.store, 'contoso', a.id, { state: 'submitted', reference: 'LUMEN-1' }, null, 'Pat', now());
  expect(submitted.version).toBe(1);
  expect((await second.plan.portOrders('contoso', { limit: 2 })).items[0].tracking).toMatchObject({ state: 'submitted', reference: 'LUMEN-1' });

  // The second instance read before the submit: refused, nothing written.
  await expect(trackOrder(second.store, 'contoso', b.id, { state: 'submitted' }, null, 'Sam', now())).rejects.toBeInstanceOf(ConcurrencyConflictError);
  const version = (await orderTrackingSummary(second.store, 'contoso')).version;
  expect(version).toBe(1);
  await trackOrder(second.store, 'contoso', b.id, { state: 'foc-confirmed', focDate: '2026-03-01' }, version, 'Sam', now());

  const rows = (await first.plan.portOrders('contoso', { limit: 2 })).items;
  expect(rows.map((r) => r.tracking?.state)).toEqual(['submitted', 'foc-confirmed']);
  expect(await orderTrackingSummary(first.store, 'contoso')).toEqual({ version: 2, counts: { submitted: 1, 'foc-confirmed': 1 } });
}, 120_000);
