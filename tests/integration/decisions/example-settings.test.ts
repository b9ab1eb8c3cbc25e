/**
 * examples/settings.json against demo tenants as a sync produces them: valid, complete, realistic. The
 * default demo (400 users, 10 sites) is the one `npm start` shows; the same file also names the sites
 * a larger demo tenant adds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../shared/config/app-config';
import { CATALOGUE } from '../../../shared/demo/demo-catalogue';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { demoPbxExport } from '../../../shared/demo/demo-pbx-export';
import { generateDemoTenant, type DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
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
        expect(issue).toMatchObject({ severity: 'warning', code: 'unknown-site', path: expect.stringMatching(/^\$\.sites\[\d+\]\.siteId$/) });
      }
      expect(result.issues.length).toBe(settings.sites.filter((s) => !known.has(s.siteId)).length);
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
});
