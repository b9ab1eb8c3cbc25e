/** examples/settings.json against the demo tenant (default seed) as a sync produces it: valid, complete, realistic. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../../shared/config/app-config';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { validateSettings } from '../../../shared/domain/decisions/settings-validation';
import { staticToken } from '../../../shared/graph/graph-http';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { syncTenant } from '../../../shared/services/sync-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const EXAMPLE = path.join(__dirname, '..', '..', '..', 'examples', 'settings.json');

describe('examples/settings.json', () => {
  it('is valid for the demo tenant, references its sites and people, and covers every section', async () => {
    const { demo } = loadConfig({ APP_MODE: 'local' });
    const tenant = generateDemoTenant({ users: demo.users, seed: demo.seed });
    const server = new DemoGraphServer({ tenant, token: 'example-token' });
    await server.start();
    const store = new SqliteStore(':memory:');
    try {
      await syncTenant({ store, graph: { baseUrl: server.url, tokenProvider: staticToken('example-token') }, actor: 'test' });
      const snapshot = (await loadSnapshot(store, tenant.tenantId))!;
      const input = JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
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
      // Every site with a known country has attributes; none names a site the sync did not produce.
      expect(result.issues).toEqual([]);
      const attributed = new Set(settings.sites.map((s) => s.siteId));
      expect(snapshot.sites.filter((s) => s.countryCode && !attributed.has(s.id))).toEqual([]);
      expect(settings.scheduling?.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      const r = computeDecisions(snapshot, undefined, settings);
      const paths = new Set(r.paths.map((p) => p.path));
      expect(paths).toEqual(new Set(['OC', 'DR', 'CP', 'PBX']));
      expect(r.paths.filter((p) => p.source === 'override')).toHaveLength(settings.decisions.users.length);
      expect(r.costs.total.monthly).toBeGreaterThan(0);
    } finally {
      await store.close();
      await server.stop();
    }
  });
});
