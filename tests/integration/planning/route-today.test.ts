/**
 * "today" in a routing question is the day it is asked, not the plan's build date: the plan service reads
 * date phrases against its clock (or an explicit today), and `vmp route` and `GET /api/route` pass that on.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { smallTenantInputs } from '../../unit/planning/support/small-tenant';
import { startLocalServer, type LocalServer } from '../../support/http';
import { vmp } from '../../support/cli';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

const BERLIN_NUMBER = '+49 30 12345601'; // moves to Teams in a wave after the plan's build date
let dir: string;
let db: string;
let services: AppServices;
let clock = new Date('2027-01-01T08:00:00Z');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-route-today-'));
  db = path.join(dir, 'vmp.sqlite');
  const store = new SqliteStore(db);
  await storeSmallTenant(store, smallTenantInputs());
  services = createAppServices(store, () => clock);
  await services.plan.build('contoso', 'admin@contoso.test', { settings: smallTenantSettingsFile(), expectedSettingsVersion: null, today: '2026-02-02' });
});

afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the plan service', () => {
  it('reads "today" and other phrases against its clock, not the plan date', async () => {
    const stored = (await services.plan.get('contoso'))!.plan;
    expect(stored.inputs.today).toBe('2026-02-02');
    clock = new Date('2027-01-01T08:00:00Z');
    const later = await services.plan.route('contoso', BERLIN_NUMBER, 'today');
    expect(later).toMatchObject({ date: '2027-01-01', target: 'teams' });
    expect((await services.plan.route('contoso', BERLIN_NUMBER, 'tomorrow')).date).toBe('2027-01-02');
    clock = new Date('2026-02-03T23:30:00Z');
    expect(await services.plan.route('contoso', BERLIN_NUMBER, 'today')).toMatchObject({ date: '2026-02-03', target: 'pbx' });
    // An explicit today wins over the clock; an explicit date ignores both.
    expect((await services.plan.route('contoso', BERLIN_NUMBER, 'today', '2027-01-01')).date).toBe('2027-01-01');
    expect((await services.plan.route('contoso', BERLIN_NUMBER, '2026-02-05', '2027-01-01')).date).toBe('2026-02-05');
  });

  it('refuses an unreadable date or today as bad input', async () => {
    await expect(services.plan.route('contoso', BERLIN_NUMBER, 'someday')).rejects.toMatchObject({ code: 'bad-input' });
    await expect(services.plan.route('contoso', BERLIN_NUMBER, 'today', '2026-02-30')).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('vmp route', () => {
  it('--date today is the day given by --today (default the clock), not the plan date', () => {
    const after = JSON.parse(vmp('route', BERLIN_NUMBER, '--date', 'today', '--today', '2027-01-01', '--json', '--db', db).stdout);
    expect(after).toMatchObject({ date: '2027-01-01', target: 'teams' });
    const before = JSON.parse(vmp('route', BERLIN_NUMBER, '--date', 'today', '--today', '2026-02-03', '--json', '--db', db).stdout);
    expect(before).toMatchObject({ date: '2026-02-03', target: 'pbx' });
    // Without --today: the machine's date (UTC), which is not the plan's 2026-02-02 build date.
    const now = JSON.parse(vmp('route', BERLIN_NUMBER, '--date', 'today', '--json', '--db', db).stdout);
    expect([new Date(Date.now() - 60_000).toISOString().slice(0, 10), new Date().toISOString().slice(0, 10)]).toContain(now.date);
    expect(vmp('route', BERLIN_NUMBER, '--date', 'today', '--today', 'soon', '--db', db).code).toBe(2);
  });
});

describe('GET /api/route', () => {
  let local: LocalServer;
  beforeAll(async () => {
    local = await startLocalServer('vmp-route-today-http-');
  });
  afterAll(async () => {
    await local?.stop();
  });
  const get = async (query: string) => {
    const res = await fetch(`${local.base}/api/route?${query}`);
    return { status: res.status, body: await res.json() };
  };

  it('reads date=today against ?today= or the server clock, and names a bad today', async () => {
    const waves = (await (await fetch(`${local.base}/api/plan/waves`)).json()) as { waves: { number: number; date: string }[] };
    const last = waves.waves[waves.waves.length - 1]!;
    const members = (await (await fetch(`${local.base}/api/plan/waves/${last.number}/members?limit=50`)).json()) as { items: { numberToAssign?: string }[] };
    const number = members.items.find((m) => m.numberToAssign)?.numberToAssign;
    expect(number).toBeDefined();
    const q = `number=${encodeURIComponent(number!)}&date=today`;
    const dayBefore = new Date(Date.parse(`${last.date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = await get(`${q}&today=${dayBefore}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ date: dayBefore, wave: { moved: false } });
    const after = await get(`${q}&today=2099-01-01`);
    expect(after.body).toMatchObject({ date: '2099-01-01', target: 'teams', wave: { moved: true } });
    const now = await get(q);
    expect([new Date(Date.now() - 60_000).toISOString().slice(0, 10), new Date().toISOString().slice(0, 10)]).toContain(now.body.date);
    const bad = await get(`${q}&today=2026-02-30`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/2026-02-30/);
  });
});
