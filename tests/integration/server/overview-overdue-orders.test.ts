/**
 * The Overview's warning about orders past their deadline (order-tracking.ts `overdueOrders`): port and
 * upload orders still to do whose submit-by or upload-by day has passed for a wave still to come. Over
 * the small tenant planned on 2026-02-02, in a real SQLite file, the clock moved on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { orderTrackingSummary, trackOrder } from '../../../shared/services/order-tracking';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

const TENANT = 'contoso';
let dir: string;
let services: AppServices;
let clock = new Date('2026-02-02T09:00:00Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-overdue-'));
  services = createAppServices(new SqliteStore(path.join(dir, 'vmp.sqlite')), () => clock);
  await storeSmallTenant(services.store);
  await services.plan.build(TENANT, 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
}, 60_000);

afterAll(async () => {
  await services?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('counts the orders past their deadline for waves still to come until they are marked done; a rejected one again', async () => {
  const { waves } = await services.plan.waves(TENANT);
  const ports = (await services.plan.portOrders(TENANT, { limit: 100 })).items;
  const uploads = (await services.plan.uploadOrders(TENANT, { limit: 100 })).items;
  // The day after the first port deadline, before its wave's cutover.
  const first = [...ports].sort((a, b) => (a.submitBy < b.submitBy ? -1 : 1))[0];
  const day = new Date(`${first.submitBy}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  const today = day.toISOString().slice(0, 10);
  expect(waves.find((w) => w.number === first.waveNumber)!.date >= today).toBe(true);
  const stillToCome = (n: number) => waves.find((w) => w.number === n)!.date >= today;
  const expected = {
    port: ports.filter((o) => o.submitBy < today && stillToCome(o.waveNumber)).length,
    upload: uploads.filter((o) => o.uploadBy < today && stillToCome(o.waveNumber)).length,
  };
  expect(expected.port).toBeGreaterThan(0);

  expect((await services.overview(TENANT)).overdueOrders).toEqual({ port: 0, upload: 0 });
  clock = day;
  expect((await services.overview(TENANT)).overdueOrders).toEqual(expected);

  const submitted = await trackOrder(services.store, TENANT, first.id, { state: 'submitted' }, null, 'Pat', clock);
  expect((await services.overview(TENANT)).overdueOrders).toEqual({ ...expected, port: expected.port - 1 });
  await trackOrder(services.store, TENANT, first.id, { state: 'rejected', note: 'Wrong BTN' }, submitted.version, 'Pat', clock);
  expect((await services.overview(TENANT)).overdueOrders).toEqual(expected);
  expect((await orderTrackingSummary(services.store, TENANT)).counts).toEqual({ rejected: 1 });

  // Once the wave has cut over, its orders are no longer "still to come".
  clock = new Date(`${waves.at(-1)!.date}T23:00:00Z`);
  clock.setUTCDate(clock.getUTCDate() + 1);
  expect((await services.overview(TENANT)).overdueOrders).toEqual({ port: 0, upload: 0 });
});
