/** The People grid's reads over the people read model, on a real (in-memory) SQLite store. */
import type { Person, TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { PlanningSettingsSchema } from '../../../shared/domain/planning-settings';
import { personAnnotations } from '../../../shared/services/decisions-read-model';
import { createDecisionsRefresher, inlineExecutor, type DecisionsRefresher } from '../../../shared/services/decisions-refresher';
import { createPeopleQueryService, parsePeopleQuery, PEOPLE_PAGE_MAX } from '../../../shared/services/people-query';
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
    accountEnabled: i % 7 !== 3,
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

const SETTINGS = {
  operators: [{ id: 'op-us', name: 'US Telecom', countries: ['US'], enabledCountries: ['US'], portLeadTimeDays: 10, pricePerUserPerMonth: 8 }],
  sbcs: [{ id: 'sbc-lon', fqdn: 'sbc-lon.contoso.test', siteIds: ['london'], pricePerSessionPerYear: 1 }],
  decisions: { sites: [{ siteId: 'london', path: 'DR', sbcId: 'sbc-lon' }] },
};

describe('people query', () => {
  let store: Store;
  let refresher: DecisionsRefresher;
  beforeEach(async () => {
    store = new SqliteStore(':memory:');
    await saveSnapshot(store, snapshot(2_000, '2026-01-01T00:00:00.000Z'), 'test');
    refresher = createDecisionsRefresher(store, inlineExecutor(store));
  });
  afterEach(() => store.close());

  it('pages through everyone in a stable (name) order without gaps or repeats', async () => {
    const svc = createPeopleQueryService(store, refresher);
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

  it('serves the previous view while a new snapshot is being taken in, then the new one', async () => {
    const svc = createPeopleQueryService(store, refresher);
    const first = await svc.page(TENANT, { limit: 100 });
    expect(first).toMatchObject({ takenAt: '2026-01-01T00:00:00.000Z', refreshing: false, total: 2_000 });

    await saveSnapshot(store, snapshot(10, '2026-01-02T00:00:00.000Z'), 'test');
    const during = await svc.page(TENANT, { limit: 100 });
    expect(during).toMatchObject({ refreshing: true, total: 2_000 });
    await refresher.refresh(TENANT);
    const after = await svc.page(TENANT, { limit: 100 });
    expect(after).toMatchObject({ refreshing: false, total: 10, takenAt: '2026-01-02T00:00:00.000Z' });
  });

  it('filters by text (every word: name, UPN local part, phone digits), site, no site and kind', async () => {
    const svc = createPeopleQueryService(store, refresher);
    const byName = await svc.page(TENANT, { q: 'USER 001234' });
    expect(byName.items.map((r) => r.id)).toEqual(['p-001234']);
    const byPhone = await svc.page(TENANT, { q: '+14255551234' });
    expect(byPhone.items.map((r) => r.id)).toEqual(['p-001234']);
    // Typed as people write numbers: punctuation does not matter.
    expect((await svc.page(TENANT, { q: '(425) 555-1234' })).items.map((r) => r.id)).toContain('p-001234');
    const byLocalPart = await svc.page(TENANT, { q: 'user001234' });
    expect(byLocalPart.items.map((r) => r.id)).toEqual(['p-001234']);
    // Every UPN of the tenant shares its domain: searching it (or a piece of it) matches nobody.
    expect((await svc.page(TENANT, { q: 'contoso' })).total).toBe(0);
    expect((await svc.page(TENANT, { q: 'le' })).total).toBe(0);

    const london = await svc.page(TENANT, { siteId: 'london', limit: 500 });
    expect(london.total).toBe(800);
    expect(london.items.every((r) => r.siteId === 'london' && r.siteName === 'London')).toBe(true);
    const noSite = await svc.page(TENANT, { siteId: 'none', limit: 500 });
    expect(noSite.total).toBe(200);
    expect(noSite.items.every((r) => r.siteId === undefined)).toBe(true);

    const combined = await svc.page(TENANT, { siteId: 'seattle', q: 'user0001', kind: 'user', limit: 500 });
    expect(combined.items.every((r) => r.siteId === 'seattle' && r.userPrincipalName.startsWith('user0001') && r.kind === 'user')).toBe(true);
    expect(combined.total).toBe(snapshot(2_000, 'x').people.filter((p) => p.siteId === 'seattle' && p.userPrincipalName.startsWith('user0001') && p.kind === 'user').length);

    const nobody = await svc.page(TENANT, { q: 'no such person' });
    expect(nobody).toMatchObject({ total: 0, items: [] });
  });

  it("marks a common area phone's account, which the plan leaves out, as a shared device", async () => {
    const people = [person(1), person(2, { sharedDevice: true, displayName: 'Seattle Lobby', businessPhones: [] })];
    await saveSnapshot(store, snapshotOf({ tenantId: TENANT, tenantName: 'Contoso', takenAt: '2026-01-03T00:00:00.000Z', people, sites: seattleAndLondon() }), 'test');
    await refresher.refresh(TENANT);
    const page = await createPeopleQueryService(store, refresher).page(TENANT, { limit: 10 });
    expect(page.items.map((r) => [r.displayName, r.sharedDevice ?? false])).toEqual([
      ['Seattle Lobby', true],
      ['User 000001', false],
    ]);
  });

  it('pages a filtered list consistently', async () => {
    const svc = createPeopleQueryService(store, refresher);
    const a = await svc.page(TENANT, { siteId: 'london', offset: 0, limit: 400 });
    const b = await svc.page(TENANT, { siteId: 'london', offset: 400, limit: 400 });
    const c = await svc.page(TENANT, { siteId: 'london', offset: 800, limit: 400 });
    expect(new Set([...a.items, ...b.items].map((r) => r.id)).size).toBe(800);
    expect(c.items).toEqual([]);
  });

  it('filters by effective path and blocked state as the decisions compute them, and follows a settings save', async () => {
    const svc = createPeopleQueryService(store, refresher);
    const expected = personAnnotations(computeDecisions(snapshot(2_000, 'x'), undefined, PlanningSettingsSchema.parse({})));
    const count = (f: (a: { path?: string; blockers: string[] }) => boolean) => [...expected.values()].filter(f).length;
    const before = await svc.page(TENANT, { path: 'DR', limit: 500 });
    expect(before.total).toBe(count((a) => a.path === 'DR'));

    await store.commit(TENANT, 'admin', [{ type: 'put-document', kind: 'planning-settings', data: PlanningSettingsSchema.parse(SETTINGS), expectedVersion: null }]);
    await refresher.refresh(TENANT);
    const decided = personAnnotations(computeDecisions(snapshot(2_000, 'x'), undefined, PlanningSettingsSchema.parse(SETTINGS)));
    const countNow = (f: (a: { path?: string; blockers: string[] }) => boolean) => [...decided.values()].filter(f).length;
    const dr = await svc.page(TENANT, { path: 'DR', limit: 500 });
    expect(dr.total).toBe(countNow((a) => a.path === 'DR'));
    expect(dr.items.every((r) => r.path === 'DR' && r.siteId === 'london')).toBe(true);
    const blocked = await svc.page(TENANT, { blocked: true, limit: 500 });
    expect(blocked.total).toBe(countNow((a) => a.blockers.length > 0));
    expect(blocked.total).toBeGreaterThan(0);
    expect(blocked.items.every((r) => r.blockers.length > 0)).toBe(true);
    const readyOc = await svc.page(TENANT, { blocked: false, path: 'OC', siteId: 'seattle', limit: 500 });
    expect(readyOc.items.every((r) => r.path === 'OC' && r.blockers.length === 0 && r.siteId === 'seattle')).toBe(true);
  });

  it('sorts by site and readiness, both ways, filtered, searched and paged like name order', async () => {
    await store.commit(TENANT, 'admin', [{ type: 'put-document', kind: 'planning-settings', data: PlanningSettingsSchema.parse(SETTINGS), expectedVersion: null }]);
    await refresher.refresh(TENANT);
    const svc = createPeopleQueryService(store, refresher);
    const all = async (q: Parameters<typeof svc.page>[1]) => {
      const out = [];
      for (let offset = 0; ; offset += 500) {
        const page = await svc.page(TENANT, { ...q, offset, limit: 500 });
        out.push(...page.items);
        if (offset + 500 >= page.total) return out;
      }
    };
    const bySite = await all({ sort: 'site' });
    expect(bySite).toHaveLength(2_000);
    const siteKey = (r: { siteName?: string }) => (r.siteName ? `0${r.siteName.toLowerCase()}` : '1');
    expect(bySite.map(siteKey)).toEqual([...bySite.map(siteKey)].sort());
    const desc = await all({ sort: 'site', desc: true });
    expect(desc.map((r) => r.id)).toEqual(bySite.map((r) => r.id).reverse());
    const byReadiness = await all({ sort: 'readiness', desc: true, siteId: 'london' });
    expect(byReadiness.every((r) => r.siteId === 'london')).toBe(true);
    const blockers = byReadiness.map((r) => r.blockers.length);
    expect(blockers).toEqual([...blockers].sort((a, b) => b - a));
    const searched = await all({ sort: 'site', q: 'user 00', path: 'DR' });
    expect(searched.length).toBeGreaterThan(0);
    expect(searched.every((r) => r.displayName.startsWith('User 00') && r.path === 'DR')).toBe(true);
    expect(searched.map(siteKey)).toEqual([...searched.map(siteKey)].sort());
    // A page past the end is empty, also in descending order.
    expect((await svc.page(TENANT, { sort: 'readiness', desc: true, offset: 5_000, limit: 10 })).items).toEqual([]);
  });

  it('answers an empty page for a tenant without a snapshot', async () => {
    const svc = createPeopleQueryService(store, refresher);
    expect(await svc.page('00000000-0000-4000-8000-000000000000', {})).toMatchObject({ total: 0, items: [] });
  });

  it('refuses page sizes above the maximum and bad offsets', async () => {
    const svc = createPeopleQueryService(store, refresher);
    await expect(svc.page(TENANT, { limit: PEOPLE_PAGE_MAX + 1 })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(svc.page(TENANT, { limit: 0 })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(svc.page(TENANT, { offset: -1 })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(svc.page(TENANT, { offset: 1e20 })).rejects.toMatchObject({ code: 'bad-input' });
    expect((await svc.page(TENANT, { limit: PEOPLE_PAGE_MAX })).items).toHaveLength(PEOPLE_PAGE_MAX);
  });

  it('lists every site with its people count for the filter', async () => {
    const page = await createPeopleQueryService(store, refresher).page(TENANT, { limit: 1, facets: 'sites' });
    expect(page.sites).toEqual([
      { id: 'london', name: 'London', countryCode: 'GB', people: 800 },
      { id: 'seattle', name: 'Seattle', countryCode: 'US', people: 1_000 },
    ]);
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
    expect(parsePeopleQuery({ sort: 'readiness', dir: 'desc' })).toMatchObject({ sort: 'readiness', desc: true });
  });

  it.each([
    [{ offset: '-1' }, /offset/],
    // Digits past the safe integers: no store can page with them (SQLite answered "datatype mismatch", a 500).
    [{ offset: '99999999999999999999' }, /offset must be a whole number/],
    [{ limit: '1e3' }, /limit/],
    [{ path: 'SIP' }, /path/],
    [{ blocked: 'yes' }, /blocked/],
    [{ q: ['a', 'b'] }, /once/],
    [{ kind: 'room' }, /kind/],
    [{ sort: 'salary' }, /^sort/],
    [{ dir: 'down' }, /^dir/],
  ])('rejects %j', (raw, message) => {
    expect(() => parsePeopleQuery(raw)).toThrow(message);
  });
});

describe('personAnnotations', () => {
  it("maps effective paths and blocker gates (own, and site gates for the person's path)", () => {
    const annotations = personAnnotations({
      paths: [
        { personId: 'p-000000', path: 'OC', source: 'site-decision', siteId: 'seattle', decided: true },
        { personId: 'p-000001', path: 'DR', source: 'recommendation', siteId: 'london', decided: false },
        { personId: 'p-000002', path: 'OC', source: 'override', siteId: 'seattle', decided: true },
      ],
      readiness: {
        gates: [
          { code: 'no-usage-location', severity: 'blocker', personId: 'p-000000', message: '', fix: '' },
          { code: 'site-no-emergency-routing', severity: 'blocker', siteId: 'london', path: 'DR', message: '', fix: '' },
          { code: 'site-emergency-address-pending', severity: 'blocker', siteId: 'london', path: 'OC', message: '', fix: '' },
          { code: 'usage-location-mismatch', severity: 'warning', personId: 'p-000002', message: '', fix: '' },
        ],
        blockedPersonIds: ['p-000000', 'p-000001', 'p-000009'],
        summary: { byCode: [], peopleMoving: 0, peopleReady: 0, peopleBlocked: 0, sitesBlocked: 0, perSite: [] },
      },
    });
    expect(annotations.get('p-000000')).toEqual({ path: 'OC', pathSource: 'site-decision', blockers: ['no-usage-location'] });
    expect(annotations.get('p-000001')).toEqual({ path: 'DR', pathSource: 'recommendation', blockers: ['site-no-emergency-routing'] });
    expect(annotations.get('p-000002')).toEqual({ path: 'OC', pathSource: 'override', blockers: [] });
    expect(annotations.get('p-000009')).toEqual({ blockers: ['blocked'] });
  });
});
