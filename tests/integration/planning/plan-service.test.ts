/** The plan service over a real SQLite store: build and store, then every question the tab and bot ask. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { blockersCard, routeCard, waveProgressCard } from '../../../bot/cards';
import { parseRouteQuestion } from '../../../shared/domain/planning/routing-simulator';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { NoPlanError, PLAN_DOCUMENT } from '../../../shared/services/plan-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { smallTenantInputs } from '../../unit/planning/support/small-tenant';
import { storeSmallTenant } from '../../support/small-tenant-store';

const input = smallTenantInputs();
let dir: string;
let services: AppServices;

const settings = {
  operators: [{ id: 'contoso-oc', name: 'Contoso Telecom', countries: ['US'], portLeadTimeDays: 10, pricePerUserPerMonth: 8, enabledCountries: ['US'] }],
  sbcs: [{ id: 'sbc-eu', fqdn: 'sbc-eu.contoso.test', siteIds: ['berlin'], pricePerSessionPerYear: 1.25, readyDate: '2026-02-20' }],
  sites: [
    { siteId: 'seattle', region: 'WA', emergencyAddress: 'validated' },
    { siteId: 'berlin', region: 'BE', emergencyAddress: 'validated', emergencyRouting: true },
  ],
  decisions: {
    sites: [
      { siteId: 'seattle', path: 'OC', operatorId: 'contoso-oc' },
      { siteId: 'berlin', path: 'DR', sbcId: 'sbc-eu' },
    ],
  },
  scheduling: { startDate: '2026-02-02', waveCapacity: { users: 3, sites: 2, numbers: 3 } },
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-plan-svc-'));
  const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  await storeSmallTenant(store, input);
  services = createAppServices(store, () => new Date('2026-02-02T08:00:00Z'));
});

afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('plan service', () => {
  it('has no plan before the first build: a not-found error that says what to do', async () => {
    await expect(services.plan.summary('contoso')).rejects.toBeInstanceOf(NoPlanError);
    await expect(services.plan.summary('contoso')).rejects.toThrow(/vmp plan/);
  });

  it('builds with new settings, stores the plan with its settings version, and audits it', async () => {
    const r = await services.plan.build('contoso', 'admin@contoso.test', { settings });
    expect(r.settingsVersion).toBe(1);
    expect(r.version).toBe(1);
    expect(r.plan.inputs.today).toBe('2026-02-02');
    const doc = await services.store.getDocument<{ settingsVersion: number }>('contoso', PLAN_DOCUMENT);
    expect(doc?.data.settingsVersion).toBe(1);
    const audit = await services.store.listAudit('contoso', 5);
    expect(audit.some((a) => a.action === 'plan.build')).toBe(true);
    const summary = await services.plan.summary('contoso');
    expect(summary.stale).toBe(false);
    expect(summary.totals.inWaves).toBeGreaterThan(0);
  });

  it('pages wave members and refuses a wave that does not exist', async () => {
    const page = await services.plan.waveMembers('contoso', 1, 0, 2);
    expect(page.items.length).toBeLessThanOrEqual(2);
    expect(page.total).toBeGreaterThan(0);
    await expect(services.plan.waveMembers('contoso', 99)).rejects.toThrow(/no wave 99/);
  });

  it('answers routing questions, blockers and status; the bot cards render them', async () => {
    const q = parseRouteQuestion('where does +49 30 12345601 ring on 1 January 2027?')!;
    expect(q).toEqual({ number: '+49 30 12345601', date: '1 January 2027' });
    const answer = await services.plan.route('contoso', q.number, q.date);
    expect(answer.target).toBe('teams');
    expect(JSON.stringify(routeCard(answer))).toContain('Teams (Direct Routing)');
    const blockers = await services.plan.blockers('contoso');
    expect(blockers.total).toBe((await services.plan.get('contoso'))!.plan.blocked.length);
    expect(blockersCard(blockers).type).toBe('AdaptiveCard');
    const status = await services.plan.migrationStatus('contoso');
    expect(status.tenant.total).toBe(input.snapshot.people.length);
    expect(JSON.stringify(waveProgressCard(status))).toContain('Rollout: 0 of');
  });
});
