import type { Person, TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { createPeopleQueryService, decisionsAnnotator, DecisionsSource, parsePeopleQuery, PEOPLE_PAGE_MAX, PeopleAnnotator } from '../../../shared/services/people-query';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import type { Store } from '../../../shared/store/store';
import { seattleAndLondon, snapshotOf } from '../../support/snapshots';

const TENANT = '11111111-1111-4111-8111-111111111111';

function person(i: number, over: Partial<Person> = {}): Person {
  const n = String(i).padStart(6, '0');
  return {
    id: `p-${n}`,
    userPrincipalName: `user${n}@contoso.example`,
    displayName: `User ${n}`,
    department: i % 3 === 0 ? 'Sales' : 'Engineering',
    accountEnabled: true,
    kind: i % 50 === 0 ? 'resourceAccount' : 'user',
    teamsPhone: 'enabled',
    callingPlan: false,
    resourceAccountLicence: false,
    usageLocation: 'US',
    businessPhones: [{ raw: `+1 425 555 ${n.slice(-4)}`, e164: `+1425555${n.slice(-4)}`, valid: true }],
    siteId: i % 10 === 9 ? undefined : i % 2 ? 'london' : 'seattle',
    ...over,
  };
}

function snapshot(count: number, takenAt: string): TenantSnapshot {
  return snapshotOf({ tenantId: TENANT, tenantName: 'Contoso', takenAt, people: Array.from({ length: count }, (_, i) => person(i)), sites: seattleAndLondon() });
}

describe('people query', () => {
  let store: Store;
  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await saveSnapshot(store, snapshot(2_000, '2026-01-01T00:00:00.000Z'), 'test');
  });
  afterEach(() => store.close());

  it('pages through everyone in a stable (name) order without gaps or repeats', async () => {
    const svc = createPeopleQueryService(store);
    const seen: string[] = [];
    for (let offset = 0; ; offset += 300) {
      const page = await svc.page(TENANT, { offset, limit: 300 });
      expect(page.total).toBe(2_000);
      expect(page.totalAll).toBe(2_000);
      if (!page.items.length) break;
      seen.push(...page.items.map((r) => r.id));
    }
    expect(seen).toHaveLength(2_000);
    expect(new Set(seen).size).toBe(2_000);
    expect(seen.slice(0, 3)).toEqual(['p-000000', 'p-000001', 'p-000002']);
  });

  it('reads the snapshot from the store once and reuses it until takenAt changes', async () => {
    const svc = createPeopleQueryService(store);
    const first = await Promise.all([0, 100, 200, 300].map((offset) => svc.page(TENANT, { offset, limit: 100 })));
    await svc.page(TENANT, { offset: 500, limit: 100, q: 'sales' });
    expect(svc.loads).toBe(1);
    expect(first[0].takenAt).toBe('2026-01-01T00:00:00.000Z');

    await saveSnapshot(store, snapshot(10, '2026-01-02T00:00:00.000Z'), 'test');
    const after = await svc.page(TENANT, { limit: 100 });
    expect(svc.loads).toBe(2);
    expect(after.total).toBe(10);
    expect(after.takenAt).toBe('2026-01-02T00:00:00.000Z');
  });

  it('filters by text (every word, any field, case-insensitive), site, no site and kind', async () => {
    const svc = createPeopleQueryService(store);
    const byName = await svc.page(TENANT, { q: 'USER 001234' });
    expect(byName.items.map((r) => r.id)).toEqual(['p-001234']);
    const byPhone = await svc.page(TENANT, { q: '+14255551234' });
    expect(byPhone.items.map((r) => r.id)).toEqual(['p-001234']);
    const sales = await svc.page(TENANT, { q: 'sales', limit: 500 });
    expect(sales.total).toBe(667);
    expect(sales.items.every((r) => r.department === 'Sales')).toBe(true);

    const london = await svc.page(TENANT, { siteId: 'london', limit: 500 });
    expect(london.total).toBe(800);
    expect(london.items.every((r) => r.siteId === 'london' && r.siteName === 'London')).toBe(true);
    const noSite = await svc.page(TENANT, { siteId: 'none', limit: 500 });
    expect(noSite.total).toBe(200);
    expect(noSite.items.every((r) => r.siteId === undefined)).toBe(true);

    const combined = await svc.page(TENANT, { siteId: 'seattle', q: 'sales', kind: 'user', limit: 500 });
    expect(combined.items.every((r) => r.siteId === 'seattle' && r.department === 'Sales' && r.kind === 'user')).toBe(true);
    expect(combined.total).toBeGreaterThan(0);

    const nobody = await svc.page(TENANT, { q: 'no such person' });
    expect(nobody).toMatchObject({ total: 0, items: [] });
  });

  it('pages a filtered list consistently', async () => {
    const svc = createPeopleQueryService(store);
    const a = await svc.page(TENANT, { siteId: 'london', offset: 0, limit: 400 });
    const b = await svc.page(TENANT, { siteId: 'london', offset: 400, limit: 400 });
    const c = await svc.page(TENANT, { siteId: 'london', offset: 800, limit: 400 });
    expect(new Set([...a.items, ...b.items].map((r) => r.id)).size).toBe(800);
    expect(c.items).toEqual([]);
  });

  it('filters by effective path and blocked from an annotator, rebuilt when its key changes', async () => {
    let version = 1;
    let calls = 0;
    const annotator: PeopleAnnotator = {
      key: async () => `v${version}`,
      load: async (_tenant, snap) => {
        calls++;
        return new Map(
          snap.people.map((p, i) => [
            p.id,
            { path: version === 1 ? (i % 2 ? 'OC' : 'DR') : 'CP', pathSource: 'site-decision', blockers: i % 4 === 0 ? ['no-usage-location'] : [] },
          ]),
        );
      },
    };
    const svc = createPeopleQueryService(store, annotator);
    const oc = await svc.page(TENANT, { path: 'OC', limit: 500 });
    expect(oc.annotated).toBe(true);
    expect(oc.total).toBe(1_000);
    const blocked = await svc.page(TENANT, { blocked: true, limit: 500 });
    expect(blocked.total).toBe(500);
    expect(blocked.items.every((r) => r.blockers.length > 0)).toBe(true);
    const notBlockedDr = await svc.page(TENANT, { blocked: false, path: 'DR', limit: 500 });
    expect(notBlockedDr.items.every((r) => r.path === 'DR' && r.blockers.length === 0)).toBe(true);
    expect(calls).toBe(1);

    version = 2;
    const cp = await svc.page(TENANT, { path: 'CP' });
    expect(cp.total).toBe(2_000);
    expect(calls).toBe(2);
  });

  it('still lists people when the annotator fails (no paths yet)', async () => {
    const svc = createPeopleQueryService(store, {
      key: async () => 'x',
      load: async () => {
        throw new Error('no settings');
      },
    });
    const page = await svc.page(TENANT, { limit: 5 });
    expect(page).toMatchObject({ total: 2_000, annotated: false });
    expect(page.items[0].path).toBeUndefined();
  });

  it('answers an empty page for a tenant without a snapshot', async () => {
    const svc = createPeopleQueryService(store);
    expect(await svc.page('00000000-0000-4000-8000-000000000000', {})).toMatchObject({ total: 0, items: [] });
  });

  it('refuses page sizes above the maximum and bad offsets', async () => {
    const svc = createPeopleQueryService(store);
    await expect(svc.page(TENANT, { limit: PEOPLE_PAGE_MAX + 1 })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(svc.page(TENANT, { limit: 0 })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(svc.page(TENANT, { offset: -1 })).rejects.toMatchObject({ code: 'bad-input' });
    expect((await svc.page(TENANT, { limit: PEOPLE_PAGE_MAX })).items).toHaveLength(PEOPLE_PAGE_MAX);
  });
});

describe('parsePeopleQuery', () => {
  it('reads the route query string', () => {
    expect(parsePeopleQuery({ offset: '100', limit: '50', q: 'ann', siteId: 'london', path: 'DR', blocked: 'true', kind: 'user' })).toEqual({
      offset: 100,
      limit: 50,
      q: 'ann',
      siteId: 'london',
      path: 'DR',
      blocked: true,
      kind: 'user',
    });
    expect(parsePeopleQuery({})).toEqual({});
  });

  it.each([
    [{ offset: '-1' }, /offset/],
    [{ limit: '1e3' }, /limit/],
    [{ path: 'SIP' }, /path/],
    [{ blocked: 'yes' }, /blocked/],
    [{ q: ['a', 'b'] }, /once/],
    [{ kind: 'room' }, /kind/],
  ])('rejects %j', (raw, message) => {
    expect(() => parsePeopleQuery(raw)).toThrow(message);
  });
});

describe('decisionsAnnotator', () => {
  it('maps effective paths and blocker gates (own, and site gates for the person\'s path) and keys on document versions', async () => {
    const store = new SqliteStore(':memory:');
    await saveSnapshot(store, snapshot(4, '2026-01-01T00:00:00.000Z'), 'test');
    let calls = 0;
    const source: DecisionsSource = {
      getDecisions: async () => {
        calls++;
        return {
          paths: [
            { personId: 'p-000000', path: 'OC', source: 'site-decision', siteId: 'seattle' },
            { personId: 'p-000001', path: 'DR', source: 'recommendation', siteId: 'london' },
            { personId: 'p-000002', path: 'OC', source: 'override', siteId: 'seattle' },
          ],
          readiness: {
            gates: [
              { code: 'no-usage-location', severity: 'blocker', personId: 'p-000000' },
              { code: 'site-no-emergency-routing', severity: 'blocker', siteId: 'london', path: 'DR' },
              { code: 'site-emergency-address-pending', severity: 'blocker', siteId: 'london', path: 'OC' },
              { code: 'usage-location-mismatch', severity: 'warning', personId: 'p-000002' },
            ],
            blockedPersonIds: ['p-000000', 'p-000001'],
          },
        };
      },
    };
    const svc = createPeopleQueryService(store, decisionsAnnotator(store, source, ['planning-settings']));
    const page = await svc.page(TENANT, {});
    const byId = new Map(page.items.map((r) => [r.id, r]));
    expect(byId.get('p-000000')).toMatchObject({ path: 'OC', pathSource: 'site-decision', blockers: ['no-usage-location'] });
    expect(byId.get('p-000001')).toMatchObject({ path: 'DR', blockers: ['site-no-emergency-routing'] });
    expect(byId.get('p-000002')).toMatchObject({ path: 'OC', pathSource: 'override', blockers: [] });
    expect(byId.get('p-000003')).toMatchObject({ blockers: [] });
    expect(byId.get('p-000003')!.path).toBeUndefined();
    expect((await svc.page(TENANT, { blocked: true })).total).toBe(2);
    expect(calls).toBe(1);

    // A saved settings document changes the key: decisions are recomputed once.
    await store.commit(TENANT, 'test', [{ type: 'put-document', kind: 'planning-settings', data: {}, expectedVersion: null }]);
    await svc.page(TENANT, {});
    await svc.page(TENANT, { offset: 2 });
    expect(calls).toBe(2);
    expect(svc.loads).toBe(2);
    await store.close();
  });

  it('lists every site with its people count for the filter', async () => {
    const store = new SqliteStore(':memory:');
    await saveSnapshot(store, snapshot(100, '2026-01-01T00:00:00.000Z'), 'test');
    const page = await createPeopleQueryService(store).page(TENANT, { limit: 1 });
    expect(page.sites).toEqual([
      { id: 'london', name: 'London', countryCode: 'GB', people: 40 },
      { id: 'seattle', name: 'Seattle', countryCode: 'US', people: 50 },
    ]);
    await store.close();
  });
});
