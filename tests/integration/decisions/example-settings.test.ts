/**
 * examples/settings.json against demo tenants as a sync produces them: valid, complete, realistic. The
 * default demo (400 users, 10 sites) is the one `npm start` shows; the same file also plans a large
 * demo tenant, checked here on a mid-sized tenant spread over every site a 100,000-user tenant has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../shared/config/app-config';
import { CATALOGUE } from '../../../shared/demo/demo-catalogue';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { demoPbxExport } from '../../../shared/demo/demo-pbx-export';
import { generateDemoTenant, type DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { READINESS_GATES } from '../../../shared/domain/decisions/gate-catalogue';
import { validateSettings } from '../../../shared/domain/decisions/settings-validation';
import { staticToken } from '../../../shared/graph/graph-http';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { importPbxInventory } from '../../../shared/services/pbx-import-service';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { syncTenant } from '../../../shared/services/sync-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'settings.json');
const NOW = new Date('2026-03-01T09:00:00.000Z');

/** Serves the tenant, syncs it into a fresh store, imports its PBX export, then runs `run`. */
async function withSyncedTenant<T>(tenant: DemoTenant, run: (services: AppServices, tenantId: string) => Promise<T>): Promise<T> {
  const server = new DemoGraphServer({ tenant, token: 'example-token' });
  await server.start();
  const services = createAppServices(new SqliteStore(':memory:'), () => NOW);
  try {
    const sync = await syncTenant({ store: services.store, graph: { baseUrl: server.url, tokenProvider: staticToken('example-token') }, mode: 'full', actor: 'test', now: () => NOW });
    const pbx = demoPbxExport(tenant);
    const report = await importPbxInventory(
      services.store,
      sync.tenantId,
      { lines: csvTextSource(pbx.linesCsv, 'pbx-lines.csv'), blocks: csvTextSource(pbx.blocksCsv, 'pbx-blocks.csv') },
      { actor: 'test', now: NOW },
    );
    expect(report.accepted).toBe(true);
    return await run(services, sync.tenantId);
  } finally {
    await services.close();
    await server.stop();
  }
}

describe('examples/settings.json', () => {
  const input = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));

  it('is valid for the demo tenant, references its sites and people, and covers every section', async () => {
    const { demo } = loadConfig({ APP_MODE: 'local' });
    const tenant = generateDemoTenant({ users: demo.users, seed: demo.seed });
    await withSyncedTenant(tenant, async (services, tenantId) => {
      const snapshot = (await loadSnapshot(services.store, tenantId))!;
      const result = validateSettings(input, snapshot);
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const settings = result.settings!;
      const countries = new Set([...settings.operators.flatMap((o) => o.countries), ...settings.callingPlan.map((c) => c.country)]);
      expect(countries.size).toBeGreaterThanOrEqual(8);
      expect(settings.sbcs.length).toBeGreaterThanOrEqual(2);
      expect(settings.sites.some((s) => s.contactCentre)).toBe(true);
      expect(settings.sites.some((s) => s.complianceRecording)).toBe(true);
      expect(settings.sites.some((s) => s.pbxStays)).toBe(true);
      expect(new Set(settings.sites.map((s) => s.emergencyAddress)).size).toBe(3);
      // Every site with a known country has attributes. The only remarks are attributes for the sites a
      // larger demo tenant adds (ignored here); no decision, SBC or pilot names a site the sync did not produce.
      const largeTenantSites = new Set(generateDemoTenant({ users: CATALOGUE.length, seed: demo.seed, sites: CATALOGUE.length }).sites.map((s) => s.id));
      const known = new Set(snapshot.sites.map((s) => s.id));
      for (const issue of result.issues) {
        expect(issue).toMatchObject({ severity: 'warning', code: 'unknown-site', path: expect.stringMatching(/^\$\.(sites\[\d+\]\.siteId|sbcs\[\d+\]\.networkSite)$/) });
      }
      const standingElsewhere = settings.sbcs.filter((s) => s.networkSite !== undefined && !known.has(s.networkSite));
      expect(standingElsewhere.every((s) => largeTenantSites.has(s.networkSite!))).toBe(true);
      expect(result.issues.length).toBe(settings.sites.filter((s) => !known.has(s.siteId)).length + standingElsewhere.length);
      expect(settings.sites.filter((s) => !known.has(s.siteId) && !largeTenantSites.has(s.siteId))).toEqual([]);
      const attributed = new Set(settings.sites.map((s) => s.siteId));
      expect(snapshot.sites.filter((s) => s.countryCode && !attributed.has(s.id))).toEqual([]);
      expect(settings.scheduling?.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const r = computeDecisions(snapshot, undefined, settings);
      const paths = new Set(r.paths.map((p) => p.path));
      expect(paths).toEqual(new Set(['OC', 'DR', 'CP', 'PBX']));
      expect(r.paths.filter((p) => p.source === 'override')).toHaveLength(settings.decisions.users.length);
      expect(r.costs.total.monthly).toBeGreaterThan(0);
    });
  });

  it('plans a large demo tenant: every site on a path it can take, a few percent blocked, waves within the limit', async () => {
    // Every site of the catalogue (the 40 a 100,000-user tenant has), at a size a test can afford.
    const tenant = generateDemoTenant({ users: 8000, seed: 42, sites: CATALOGUE.length });
    expect(tenant.sites).toHaveLength(CATALOGUE.length);
    await withSyncedTenant(tenant, async (services, tenantId) => {
      const snapshot = (await loadSnapshot(services.store, tenantId))!;
      // The example names every site of the large tenant: no remark at all.
      expect(validateSettings(input, snapshot).issues).toEqual([]);
      const saved = await services.decisions.saveSettings(tenantId, 'test', input, null);
      expect(saved.issues).toEqual([]);
      const settings = validateSettings(input, snapshot).settings!;

      const d = await services.decisions.getDecisions(tenantId);
      const sitesById = new Map(snapshot.sites.map((s) => [s.id, s]));
      expect(d.recommendations.map((r) => r.siteId).sort()).toEqual(snapshot.sites.map((s) => s.id).sort());
      for (const rec of d.recommendations) {
        const country = sitesById.get(rec.siteId)!.countryCode!;
        const chosen = rec.decided ?? rec;
        const where = `${rec.siteId} (${country}): ${chosen.path}`;
        expect({ where, known: !!country }).toEqual({ where, known: true });
        if (chosen.path === 'OC') {
          const op = settings.operators.find((o) => o.id === chosen.operatorId);
          expect({ where, enabled: op?.enabledCountries.includes(country) }).toEqual({ where, enabled: true });
        } else if (chosen.path === 'DR') {
          expect({ where, sbc: settings.sbcs.some((s) => s.id === chosen.sbcId) }).toEqual({ where, sbc: true });
        } else if (chosen.path === 'CP') {
          expect({ where, offered: settings.callingPlan.some((c) => c.country === country) }).toEqual({ where, offered: true });
        }
      }
      // Nothing the settings could fix holds anyone back: no site gate, no missing operator, SBC or policy.
      const summary = d.readiness.summary;
      expect(summary.sitesBlocked).toBe(0);
      const settingsGates = new Set<string>([
        ...READINESS_GATES.filter((g) => g.scope === 'site').map((g) => g.code),
        'oc-without-operator',
        'dr-without-sbc',
        'dr-without-voice-routing-policy',
        'shared-calling-no-main-number',
      ]);
      expect(summary.byCode.filter((c) => settingsGates.has(c.code))).toEqual([]);
      // Those blocked are blocked for real reasons (account, licence, usage location, number), and few.
      const blockers = summary.byCode.filter((c) => c.severity === 'blocker').map((c) => c.code);
      for (const code of ['account-disabled', 'no-teams-phone-licence', 'no-usage-location', 'no-number', 'number-synced-from-on-prem']) expect(blockers).toContain(code);
      expect(summary.peopleBlocked / summary.peopleMoving).toBeLessThan(0.05);

      const { plan } = await services.plan.build(tenantId, 'test', { today: settings.scheduling!.startDate });
      const unscheduled = ['max-waves-reached', 'wave-capacity-zero', 'no-cutover-date', 'lead-time-beyond-horizon', 'operator-unknown'];
      expect(plan.unmet.filter((u) => unscheduled.includes(u.code)).map((u) => u.message)).toEqual([]);
      expect(plan.waves.length).toBeLessThanOrEqual(settings.scheduling!.maxWaves);
      const people = snapshot.people.length;
      expect(plan.blocked.length / people).toBeLessThan(0.05);
      // Shared Calling (Seattle, Stockholm): their people with no number of their own call out as the site's
      // main number (in Teams already at a site whose auto attendant is), never moving ahead of it.
      const sharing = plan.waves.flatMap((w) => w.members.filter((m) => m.sharedCalling));
      expect(sharing.length).toBeGreaterThan(0);
      expect([...new Set(sharing.map((m) => m.siteId))].every((site) => site === 'seattle' || site === 'stockholm')).toBe(true);
      expect(sharing.filter((m) => !m.sharedNumber)).toEqual([]);
      expect(plan.unmet.filter((u) => u.code === 'shared-calling-without-main-number').map((u) => u.message)).toEqual([]);
      // Every site cuts over in some wave.
      const inWaves = new Set(plan.waves.flatMap((w) => w.siteIds));
      expect(snapshot.sites.filter((s) => !inWaves.has(s.id)).map((s) => s.id)).toEqual([]);
    });
  }, 60000);
});
