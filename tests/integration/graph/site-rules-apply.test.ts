/**
 * Previewing and re-applying site mapping rules on a snapshot synced from the demo Graph server gives
 * what a sync with those rules gives: the same people at the same sites and the same unmapped people.
 */
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { createSiteRulesService } from '../../../shared/services/site-rules-service';
import { SITE_RULES_DOCUMENT, syncTenant } from '../../../shared/services/sync-service';
import { ConcurrencyConflictError, Store } from '../../../shared/store/store';
import type { SqliteStore } from '../../../shared/store/sqlite-store';
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

  describe('rules saved while a sync runs', () => {
    /** The store as a sync sees it, with `before` run just ahead of each of the sync's commits. */
    function withCommitsInterleaved(store: SqliteStore, before: (tenantId: string) => Promise<void>): Store {
      const racing = Object.create(store) as SqliteStore;
      racing.commit = async (tenantId, actor, changes) => {
        if (actor === 'sync') await before(tenantId);
        return store.commit(tenantId, actor, changes);
      };
      return racing;
    }

    it('end up in the sync\'s snapshot: the sync derives its sites again instead of storing the old rules', async () => {
      const store = memoryStore();
      await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full' });
      const service = createSiteRulesService(store);
      let commits = 0;
      const racing = withCommitsInterleaved(store, async (tenantId) => {
        // Another admin saves and applies rules after the sync read none and before it stores its result.
        if (commits++ === 0) await service.save(tenantId, 'bob', { rules: demo.siteMappingRules }, null, { apply: true });
      });
      const auditBefore = (await store.listAudit(demo.tenantId)).length;
      await syncTenant({ store: racing, graph: connection(server), actor: 'sync', mode: 'full' });
      expect(commits).toBe(2); // the first commit was refused, the second one stored sites from bob's rules
      expect(assignments((await loadSnapshot(store, demo.tenantId))!)).toEqual(assignments(withRules));
      // bob's save and apply, then one sync (newest first): the refused commit left nothing behind.
      const audit = await store.listAudit(demo.tenantId);
      expect(audit.slice(0, audit.length - auditBefore).map((a) => a.action)).toEqual(['sync-full', 'site-rules.apply', 'site-rules.save']);
      await store.close();
    });

    it('fail the sync, naming who changed them, when they keep changing; the last snapshot stays', async () => {
      const store = memoryStore();
      await syncTenant({ store, graph: connection(server), actor: 'test', mode: 'full' });
      const before = (await loadSnapshot(store, demo.tenantId))!;
      const service = createSiteRulesService(store);
      let saves = 0;
      const racing = withCommitsInterleaved(store, async (tenantId) => {
        const current = await store.getDocument(tenantId, SITE_RULES_DOCUMENT);
        await service.save(tenantId, 'bob', { rules: saves++ % 2 ? [] : demo.siteMappingRules }, current?.version ?? null);
      });
      const failure = syncTenant({ store: racing, graph: connection(server), actor: 'sync', mode: 'full' });
      await expect(failure).rejects.toBeInstanceOf(ConcurrencyConflictError);
      await expect(failure).rejects.toMatchObject({ kind: SITE_RULES_DOCUMENT, lastUpdatedBy: 'bob' });
      expect(saves).toBe(3);
      expect(await loadSnapshot(store, demo.tenantId)).toEqual(before);
      await store.close();
    });
  });
});
