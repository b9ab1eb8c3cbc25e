/**
 * A shared SBC over two demo customer tenants (synced, imported, planned with the example settings,
 * whose SBCs each customer has as its own gateway under sbc.msp.example): the declaration is
 * validated and audited, the sizing pools the customers' Direct Routing people wave by wave with
 * Erlang B, flags the wave that passes the SBC's capacity, and keeps each customer's own gateway FQDN.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { channelsFor } from '../../../shared/domain/decisions/erlang-b';
import { DEMO_SHARED_SBC_FQDN, seedDemoCustomers } from '../../../shared/demo/demo-customers';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { DEMO_SETTINGS_FILE } from '../../../server/local-demo';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const ME = { kind: 'user' as const, id: 'a0a0a0a0-0000-4000-8000-000000000001' };
let dir: string;
let services: AppServices;
let customers: string[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-shared-sbc-'));
  services = createAppServices(new SqliteStore(path.join(dir, 'vmp.sqlite')), () => new Date('2026-12-03T12:00:00Z'), { workerStore: null });
  customers = await seedDemoCustomers(services, {
    mspTenantId: MSP,
    count: 2,
    users: 300,
    seed: 42,
    today: '2026-12-14',
    grantee: ME,
    settings: JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8')),
    actor: 'test',
  });
}, 120_000);

afterAll(async () => {
  await services?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('shared SBC sizing over demo customers', () => {
  it('refuses an invalid declaration by JSON path and audits a valid one', async () => {
    const { version } = await services.portfolio.get(MSP);
    await expect(services.portfolio.declareSharedSbcs(MSP, 'test', [{ id: 'x', fqdn: 'not a host', sessionCapacity: 1, licensedSessions: 1, pricePerSessionPerYear: 1 }], version)).rejects.toMatchObject({
      code: 'bad-input',
      issues: [{ path: '$.sbcs[0].fqdn' }],
    });
    const saved = await services.portfolio.declareSharedSbcs(
      MSP,
      'test',
      [{ id: 'msp-sbc', fqdn: DEMO_SHARED_SBC_FQDN, sessionCapacity: 12, licensedSessions: 10, pricePerSessionPerYear: 100, teamsAddOnPerSessionPerYear: 20, erlangPerUser: 0.06 }],
      version,
    );
    expect(saved.version).toBe(version! + 1);
    const [entry] = await services.store.listAudit(MSP, 1);
    // The demo customers came with the demo's shared SBC; this declaration replaced it.
    expect(entry).toMatchObject({ action: 'portfolio.sbcs', before: [{ id: 'msp-sbc-1' }], after: [{ id: 'msp-sbc' }] });
  });

  it('pools the customers per wave, flags the wave over capacity and keeps each customer on its own gateway', async () => {
    const report = await services.portfolio.sharedSbcSizing(MSP, { userId: ME.id }, 'msp-sbc');
    expect(report.customers).toBe(2);
    expect(report.shares.map((s) => s.tenantId).sort()).toEqual([...customers].sort());
    const gateways = report.shares.map((s) => s.gatewayFqdn);
    expect(new Set(gateways).size).toBe(2);
    for (const g of gateways) expect(g.endsWith(`.${DEMO_SHARED_SBC_FQDN}`)).toBe(true);
    expect(report.users).toBeGreaterThan(0);
    expect(report.sessions).toBe(channelsFor(report.users * 0.06, 0.01));
    for (const s of report.steps) expect(s.sessions).toBe(channelsFor(s.users * 0.06, 0.01));
    // Pooled needs no more than the customers alone.
    expect(report.sessions).toBeLessThanOrEqual(report.shares.reduce((n, s) => n + s.sessionsAlone, 0));
    expect(report.sessions).toBeGreaterThan(12);
    expect(report.firstOver.capacity).toBeDefined();
    expect(report.firstOver.capacity!.sessions).toBeGreaterThan(12);
    expect(report.shares.reduce((n, s) => n + s.share, 0)).toBeCloseTo(1, 6);
    expect(report.trunkGroups).toBeGreaterThanOrEqual(2);
  });

  it('an unknown shared SBC is a not-found', async () => {
    await expect(services.portfolio.sharedSbcSizing(MSP, { userId: ME.id }, 'nope')).rejects.toMatchObject({ code: 'not-found' });
  });
});
