/**
 * Previewing and re-applying site mapping rules on a snapshot synced from the demo Graph server gives
 * what a sync with those rules gives: the same people at the same sites and the same unmapped people.
 */
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { createSiteRulesService } from '../../../shared/services/site-rules-service';
import { syncTenant } from '../../../shared/services/sync-service';
import type { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import type { DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import type { TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { connection, memoryStore, startDemo, tenant } from './graph-test-kit';

/** Who is where, and why the others are nowhere: what a site derivation decides. */
function assignments(s: TenantSnapshot) {
  return {
    siteOf: Object.fromEntries(s.people.map((p) => [p.id, p.siteId ?? null])),
    sites: s.sites.map((x) => ({ id: x.id, name: x.name, source: x.source, countryCode: x.countryCode, peopleCount: x.peopleCount })),
    unmapped: [...s.unmappedPeople].sort((a, b) => (a.personId < b.personId ? -1 : 1)),
  };
}

describe('site mapping rules on a synced snapshot', () => {
  let demo: DemoTenant;
  let server: DemoGraphServer;
  let withRules: TenantSnapshot;
  beforeAll(async () => {
    demo = tenant(1500, 23);
    server = await startDemo(demo);
    const reference = memoryStore();
    await syncTenant({ store: reference, graph: connection(server), actor: 'test', mode: 'full', siteRules: demo.siteMappingRules });
    withRules = (await loadSnapshot(reference, demo.tenantId))!;
    await reference.close();
  });
  afterAll(() => server.stop());

  it('preview and apply match a sync with the same rules, without reading Graph', async () => {
    const store = memoryStore();
    await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full' });
    const without = (await loadSnapshot(store, demo.tenantId))!;
    const service = createSiteRulesService(store);

    const preview = await service.preview(demo.tenantId, { rules: demo.siteMappingRules });
    expect(preview.exact).toBe(true);
    expect(preview.unmapped).toMatchObject({ before: without.unmappedPeople.length, after: withRules.unmappedPeople.length });
    expect(preview.unmapped.after).toBeLessThan(preview.unmapped.before);
    const siteBefore = new Map(without.people.map((p) => [p.id, p.siteId]));
    expect(preview.peopleMoving).toBe(withRules.people.filter((p) => p.siteId !== siteBefore.get(p.id)).length);
    expect(preview.rules.filter((r) => r.people > 0).length).toBeGreaterThan(demo.siteMappingRules.length / 2);
    expect(preview.rules.every((r) => !r.newSite)).toBe(true);

    const saved = await service.save(demo.tenantId, 'test', { rules: demo.siteMappingRules }, null, { apply: true });
    expect(saved.applied).toMatchObject({ unmappedBefore: without.unmappedPeople.length, unmappedAfter: withRules.unmappedPeople.length, peopleMoving: preview.peopleMoving });
    const applied = (await loadSnapshot(store, demo.tenantId))!;
    expect(assignments(applied)).toEqual(assignments(withRules));
    expect(applied.numbers).toEqual(without.numbers);

    // The next sync reads the saved rules itself and lands on the same assignments.
    await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full' });
    const resynced = (await loadSnapshot(store, demo.tenantId))!;
    expect(resynced.siteRulesApplied).toBeUndefined();
    expect(assignments(resynced)).toEqual(assignments(withRules));
    await store.close();
  });
});
