/** The plan service over a real SQLite store: build and store, then every question the tab and bot ask. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseRouteQuestion } from '../../../shared/domain/planning/routing-simulator';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { NoPlanError, PLAN_DOCUMENT } from '../../../shared/services/plan-service';
import { planReadModels, type PlanHeader } from '../../../shared/services/plan-read-model';
import { summarizePlan } from '../../../shared/domain/planning/plan-summary';
import { getTenantProgress } from '../../../shared/services/status-service';
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
    const r = await services.plan.build('contoso', 'admin@contoso.test', { settings, expectedSettingsVersion: null });
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

  it('answers routing questions, blockers and status', async () => {
    const q = parseRouteQuestion('where does +49 30 12345601 ring on 1 January 2027?')!;
    expect(q).toEqual({ number: '+49 30 12345601', date: '1 January 2027' });
    const answer = await services.plan.route('contoso', q.number, q.date);
    expect(answer.target).toBe('teams');
    expect(answer.hops.join(' ')).toMatch(/Direct Routing/);
    const blockers = await services.plan.blockers('contoso');
    expect(blockers.total).toBe((await services.plan.get('contoso'))!.plan.blocked.length);
    const status = await services.plan.migrationStatus('contoso');
    expect(status.tenant.total).toBe(input.snapshot.people.length);
    expect(status.tenant.done).toBe(0);
  });

  it('saves settings sent with a build only against the version the caller read; the same settings again are a no-op', async () => {
    await expect(services.plan.build('contoso', 'late@contoso.test', { settings: { ...settings, tenant: { smallSiteMaxUsers: 3 } } })).rejects.toThrow(/expectedVersion/);
    // A stale editor (read before version 1 was saved) is refused and changes nothing.
    await expect(
      services.plan.build('contoso', 'late@contoso.test', { settings: { ...settings, tenant: { smallSiteMaxUsers: 3 } }, expectedSettingsVersion: null }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect((await services.decisions.getSettings('contoso')).version).toBe(1);
    const auditBefore = (await services.store.listAudit('contoso', 100)).filter((a) => a.action === 'settings.save').length;
    const again = await services.plan.build('contoso', 'admin@contoso.test', { settings, expectedSettingsVersion: 1 });
    expect(again.settingsVersion).toBe(1);
    expect((await services.store.listAudit('contoso', 100)).filter((a) => a.action === 'settings.save')).toHaveLength(auditBefore);
    expect(again.plan.inputs.settingsVersion).toBe(1);
  });

  it('keeps the plan as one artefact beside small read models, and pages every list', async () => {
    const artefacts = await services.store.artefacts.list('contoso', 'plan/');
    expect(artefacts).toHaveLength(1);
    const header = (await services.store.getDocument<{ artefact: string; summary: unknown }>('contoso', PLAN_DOCUMENT))!.data;
    expect(header.artefact).toBe(artefacts[0]);
    expect(JSON.stringify(header).length).toBeLessThan(20_000);
    const { plan } = (await services.plan.get('contoso'))!;

    const waves = await services.plan.waves('contoso');
    expect(waves.waves.map((w) => [w.number, w.members])).toEqual(plan.waves.map((w) => [w.number, w.members.length]));
    for (const w of plan.waves) {
      const page = await services.plan.waveMembers('contoso', w.number, 0, 1000);
      expect(page.items).toEqual(JSON.parse(JSON.stringify(w.members)));
    }
    const blocked = await services.plan.blocked('contoso', { offset: 0, limit: 1000 });
    expect(blocked.total).toBe(plan.blocked.length);
    const firstCode = plan.blocked[0]?.gates[0]?.code;
    if (firstCode) {
      const byCode = await services.plan.blocked('contoso', { code: firstCode, limit: 1000 });
      expect(byCode.items.every((b) => b.gates.some((g) => g.code === firstCode))).toBe(true);
      expect(byCode.total).toBe(plan.blocked.filter((b) => b.gates.some((g) => g.code === firstCode)).length);
    }
    expect((await services.plan.portOrders('contoso', { limit: 1000 })).total).toBe(plan.portOrders.length);
    expect((await services.plan.uploadOrders('contoso', { limit: 1000 })).total).toBe(plan.uploadOrders.length);
    await expect(services.plan.blockers('contoso', 99)).rejects.toThrow(/no wave 99/);
    // Unmet constraints by kind, for the plan and each wave, as many as the wave's page holds.
    const sum = (counts: { count: number }[] | undefined) => (counts ?? []).reduce((n, k) => n + k.count, 0);
    const everyBlocker = await services.plan.blockers('contoso');
    expect(sum(everyBlocker.unmetByCode)).toBe(plan.unmet.length);
    expect(everyBlocker.unmetByCode?.map((k) => k.code).sort()).toEqual([...new Set(plan.unmet.map((u) => u.code))].sort());
    for (const w of plan.waves) {
      const inWave = await services.plan.blockers('contoso', w.number);
      expect(sum(inWave.unmetByCode)).toBe(inWave.unmetTotal);
    }

    // Plan versus tenant: one page of one state, overdue as of the day asked.
    const all = await services.plan.migrationStatus('contoso', '2026-02-02', { limit: 1000 });
    expect(all.membersTotal).toBe(all.tenant.total);
    const scheduled = await services.plan.migrationStatus('contoso', '2099-01-01', { state: 'scheduled', limit: 2 });
    expect(scheduled.members.length).toBeLessThanOrEqual(2);
    expect(scheduled.membersTotal).toBe(all.tenant.scheduled);
    expect(scheduled.members.every((m) => m.state === 'scheduled' && m.overdue === true)).toBe(true);
    expect(all.members.some((m) => m.overdue)).toBe(false);
    // Filters together: exactly the people with every one, in the order of the whole list.
    const sample = all.members.find((m) => m.siteId && m.waveNumber !== undefined)!;
    const together = await services.plan.migrationStatus('contoso', '2026-02-02', { state: sample.state, wave: sample.waveNumber, siteId: sample.siteId, limit: 1000 });
    const expected = all.members.filter((m) => m.state === sample.state && m.waveNumber === sample.waveNumber && m.siteId === sample.siteId);
    expect(together.members.map((m) => m.personId)).toEqual(expected.map((m) => m.personId));
    expect(together.membersTotal).toBe(expected.length);
    const siteAndWave = await services.plan.migrationStatus('contoso', '2026-02-02', { wave: sample.waveNumber, siteId: sample.siteId, limit: 1000 });
    expect(siteAndWave.membersTotal).toBe(all.members.filter((m) => m.waveNumber === sample.waveNumber && m.siteId === sample.siteId).length);
    expect((await services.plan.migrationStatus('contoso', '2026-02-02', { state: sample.state, siteId: 'no-such-site', limit: 10 })).membersTotal).toBe(0);
    const summary = await services.plan.migrationSummary('contoso', '2026-02-02');
    expect(summary.tenant).toEqual(all.tenant);
    expect((await services.plan.migrationSites('contoso', { limit: 1000 })).total).toBe(summary.sitesTotal);
    // One site's counts by its id: the same as in the list of every site.
    const everySite = (await services.plan.migrationSites('contoso', { limit: 1000 })).items;
    const one = await services.plan.migrationSites('contoso', { siteId: everySite[0].siteId, limit: 10 });
    expect(one.items).toEqual([everySite[0]]);
    expect((await services.plan.migrationSites('contoso', { siteId: 'no-such-site', limit: 10 })).total).toBe(0);
    expect((await services.plan.fixUps('contoso', { limit: 1000 })).total).toBe(summary.fixUpsTotal);
  });

  it('moves a plan stored whole by an earlier version into an artefact and read models on first read', async () => {
    const { plan, settingsVersion, builtAt } = (await services.plan.get('contoso'))!;
    const current = (await services.store.getDocument('contoso', PLAN_DOCUMENT))!;
    await services.store.commit('contoso', 'old-build', [{ type: 'put-document', kind: PLAN_DOCUMENT, data: { settingsVersion, builtAt, plan }, expectedVersion: current.version }]);
    // `vmp status` reads documents without the plan service: it says the plan is there, not yet readable.
    expect(await getTenantProgress(services.store, 'contoso', '2026-02-02')).toMatchObject({ plan: null, planFromEarlierVersion: true });
    const fresh = createAppServices(services.store, () => new Date('2026-02-02T08:00:00Z'));
    expect((await fresh.plan.summary('contoso')).totals.inWaves).toBe(plan.waves.reduce((n, w) => n + w.members.length, 0));
    expect((await getTenantProgress(services.store, 'contoso', '2026-02-02')).plan?.waves).toBe(plan.waves.length);
    const upgraded = (await services.store.getDocument<{ artefact?: string }>('contoso', PLAN_DOCUMENT))!;
    expect(upgraded.version).toBe(current.version + 2);
    expect(upgraded.data.artefact).toBeDefined();
    expect(JSON.parse(JSON.stringify((await fresh.plan.get('contoso'))!.plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('can store a plan without its pages (a store thrown away after one run): header and artefact only, no stale pages', async () => {
    const built = await services.plan.build('contoso', 'cli-run', { readModels: false });
    expect((await services.plan.get('contoso'))!.plan.waves.length).toBe(built.plan.waves.length);
    expect((await services.plan.summary('contoso')).totals.inWaves).toBe(built.summary.totals.inWaves);
    expect((await services.plan.blocked('contoso', { limit: 10 })).total).toBe(0);
    await expect(services.plan.migrationSummary('contoso')).rejects.toMatchObject({ code: 'not-found' });
    // The next full build brings the pages back.
    await services.plan.build('contoso', 'admin');
    expect((await services.plan.migrationSummary('contoso')).tenant.total).toBeGreaterThan(0);
  });

  it('lists the first unmet constraints of each kind in the header and pages every one by kind', async () => {
    await services.plan.build('contoso', 'admin');
    const { plan, settingsVersion, builtAt } = (await services.plan.get('contoso'))!;
    const stored = (await services.store.getDocument<PlanHeader>('contoso', PLAN_DOCUMENT))!;
    // A plan as a large tenant's: 12 migration groups split between the PBX and Teams, one of them of 60 people.
    const split = Array.from({ length: 12 }, (_, i) => ({
      code: 'group-partly-stays-on-pbx' as const,
      message: `Group g${i} is split`,
      personIds: Array.from({ length: i === 3 ? 60 : 2 }, (_, k) => `p${i}-${k}`),
    }));
    const large = { ...plan, unmet: [...plan.unmet, ...split, { code: 'pin-not-honoured' as const, message: 'Pin not honoured', siteIds: ['seattle'] }] };
    const { header, changes } = planReadModels(large, { settingsVersion, builtAt, artefact: stored.data.artefact });
    await services.store.commit('contoso', 'test', [...changes, { type: 'put-document', kind: PLAN_DOCUMENT, data: header, expectedVersion: stored.version }]);

    const summary = await services.plan.summary('contoso');
    expect(summary.totals.unmet).toBe(large.unmet.length);
    expect(summary.unmetByCode.reduce((n, k) => n + k.count, 0)).toBe(large.unmet.length);
    expect(summary.unmetByCode.find((k) => k.code === 'group-partly-stays-on-pbx')?.count).toBe(12 + plan.unmet.filter((u) => u.code === 'group-partly-stays-on-pbx').length);
    // At most five of a kind in the header, the first ones in the plan's order.
    const listed = summary.unmet.filter((u) => u.code === 'group-partly-stays-on-pbx');
    expect(listed).toHaveLength(5);
    expect(listed.map((u) => u.message)).toEqual(large.unmet.filter((u) => u.code === 'group-partly-stays-on-pbx').slice(0, 5).map((u) => u.message));

    // Every one of a kind, a page at a time, in the plan's order, with its full count of people.
    const all = large.unmet.filter((u) => u.code === 'group-partly-stays-on-pbx');
    const first = await services.plan.unmet('contoso', { code: 'group-partly-stays-on-pbx', offset: 0, limit: 7 });
    const rest = await services.plan.unmet('contoso', { code: 'group-partly-stays-on-pbx', offset: 7, limit: 100 });
    expect(first.total).toBe(all.length);
    expect([...first.items, ...rest.items].map((u) => u.message)).toEqual(all.map((u) => u.message));
    expect([...first.items, ...rest.items].find((u) => u.message === 'Group g3 is split')?.people).toBe(60);
    expect((await services.plan.unmet('contoso', { limit: 1000 })).total).toBe(large.unmet.length);
    expect((await services.plan.unmet('contoso', { code: 'no-such-kind', limit: 10 })).total).toBe(0);

    // A plan stored before the constraints were keyed by kind lists every one in its summary: paged from there.
    const older = { ...header, summary: summarizePlan(large) };
    delete (older as Partial<PlanHeader>).unmetListedPerKind;
    delete (older as Partial<PlanHeader>).unmet;
    const now = (await services.store.getDocument('contoso', PLAN_DOCUMENT))!;
    await services.store.commit('contoso', 'old-build', [{ type: 'put-document', kind: PLAN_DOCUMENT, data: older, expectedVersion: now.version }]);
    expect((await services.plan.summary('contoso')).unmetByCode.find((k) => k.code === 'group-partly-stays-on-pbx')?.count).toBe(all.length);
    const fromSummary = await services.plan.unmet('contoso', { code: 'group-partly-stays-on-pbx', offset: 10, limit: 100 });
    expect(fromSummary.total).toBe(all.length);
    expect(fromSummary.items.map((u) => u.message)).toEqual(all.slice(10).map((u) => u.message));
    await services.plan.build('contoso', 'admin');
  });
});
