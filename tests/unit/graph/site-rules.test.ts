/**
 * Site mapping rules: validation by JSON path, and the preview / save / re-apply use cases on a real
 * (in-memory) SQLite store holding a snapshot derived exactly the way a sync derives it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deriveSites, rederiveSites, type SiteMappingRule } from '../../../shared/domain/site-derivation';
import { validateSiteRules } from '../../../shared/domain/site-rules-validation';
import type { Person, TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { createSiteRulesService, SiteRulesValidationError, SITE_RULES_DOCUMENT } from '../../../shared/services/site-rules-service';
import { loadSnapshot, loadSnapshotHeader, saveSnapshot, snapshotRevision } from '../../../shared/services/snapshot-repository';
import { ConcurrencyConflictError, type Store } from '../../../shared/store/store';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { person as basePerson } from '../decisions/fixtures';
import { PLACES as places } from '../../support/places';

const TENANT = 't1';

function person(id: string, directory: Partial<Person>): Person {
  const p = basePerson(id, { usageLocation: undefined, ...directory });
  delete p.siteId;
  return p;
}

const people: Person[] = [
  person('a', { officeLocation: 'SEA-B2', city: 'Seattle', usageLocation: 'US' }),
  // Placed only through a room's building name: the alias a stored snapshot must keep.
  person('b', { officeLocation: 'Building 4' }),
  person('c', { officeLocation: 'London Docklands', city: 'London', country: 'UK' }),
  person('d', { officeLocation: 'LON-FS', city: 'London', country: 'United Kingdom' }),
  person('e', { city: 'Austin', country: 'United States' }),
  person('f', {}),
  person('g', { officeLocation: 'Remote' }),
];

/** The snapshot a sync with `rules` stores: the same derivation and the same assignment of sites. */
function syncedSnapshot(rules: SiteMappingRule[] = []): TenantSnapshot {
  const derivation = deriveSites({ places, people, rules });
  return {
    tenantId: TENANT,
    tenantName: 'Contoso',
    takenAt: '2026-03-01T10:00:00.000Z',
    people: people.map((p) => ({ ...p, ...(derivation.siteOf.has(p.id) && { siteId: derivation.siteOf.get(p.id) }) })),
    sites: derivation.sites,
    numbers: [],
    unmappedPeople: derivation.unmapped,
    warnings: [],
  };
}

async function storeWith(snapshot: TenantSnapshot): Promise<SqliteStore> {
  const store = new SqliteStore(':memory:');
  await saveSnapshot(store, snapshot, 'sync');
  return store;
}

const RULES: SiteMappingRule[] = [
  { officeLocation: 'LON-FS', siteName: 'London City' },
  { officeLocation: 'remote', siteName: 'Home workers', countryCode: 'US' },
  { officeLocation: 'SEA-*', siteName: 'Seattle' },
];

describe('site mapping rules validation', () => {
  it('accepts rules with globs, trims text and upper-cases country codes', () => {
    const result = validateSiteRules({ rules: [{ officeLocation: ' SEA-* ', siteName: ' Seattle ', countryCode: 'us' }, { country: 'UK', city: 'Lon*', siteName: 'London' }] });
    expect(result).toEqual({
      ok: true,
      issues: [],
      document: { rules: [{ officeLocation: 'SEA-*', siteName: 'Seattle', countryCode: 'US' }, { country: 'UK', city: 'Lon*', siteName: 'London' }] },
    });
  });

  it('names every problem by JSON path', () => {
    const result = validateSiteRules({
      rules: [
        { siteName: 'Nowhere' },
        { officeLocation: 'SEA-B2' },
        { city: '', siteName: 'Empty' },
        { country: 'Atlantis', siteName: 'X' },
        { country: 'U*', siteName: 'X' },
        { city: 'Paris', siteName: 'Paris', countryCode: 'FRA' },
        { city: 'Oslo', siteName: 'Oslo', site: 'typo' },
        'SEA-B2 -> Seattle',
      ],
    });
    expect(result.ok).toBe(false);
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
    expect(byPath).toEqual({
      '$.rules[0]': expect.stringMatching(/at least one of officeLocation, city or country/),
      '$.rules[1].siteName': expect.stringMatching(/required/),
      '$.rules[2].city': expect.stringMatching(/must not be empty/),
      '$.rules[3].country': expect.stringMatching(/not a country/),
      '$.rules[4].country': expect.stringMatching(/wildcard/),
      '$.rules[5].countryCode': expect.stringMatching(/two-letter ISO country code/),
      '$.rules[6].site': expect.stringMatching(/Unrecognized key/),
      '$.rules[7]': expect.stringMatching(/expected a rule/),
    });
    expect(validateSiteRules([]).issues).toEqual([expect.objectContaining({ path: '$', message: expect.stringMatching(/"rules"/) })]);
    expect(validateSiteRules({}).issues).toEqual([expect.objectContaining({ path: '$.rules' })]);
  });

  it('accepts the example rules the README shows', () => {
    const example = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'site-rules.json'), 'utf8'));
    expect(validateSiteRules(example)).toMatchObject({ ok: true });
  });
});

describe('re-deriving sites from a stored snapshot', () => {
  it('reproduces the sync\'s derivation from the stored places sites and people, room aliases included', () => {
    for (const rules of [[], RULES]) {
      const stored = syncedSnapshot();
      const direct = deriveSites({ places, people, rules });
      const again = rederiveSites(stored, rules);
      expect(again.exact).toBe(true);
      expect(Object.fromEntries(again.siteOf)).toEqual(Object.fromEntries(direct.siteOf));
      expect(again.sites).toEqual(direct.sites);
      expect(again.unmapped).toEqual(direct.unmapped);
      expect(again.ruleMatches).toEqual(direct.ruleMatches);
    }
    expect(syncedSnapshot().sites.find((s) => s.id === 'seattle')?.aliases).toEqual(['building 4', 'sea 4.01 rainier', 'seattle', 'seattle rooms']);
  });

  it('counts people per rule, the first matching rule winning', () => {
    const d = deriveSites({ places, people, rules: [...RULES, { officeLocation: 'SEA-B2', siteName: 'Shadowed' }] });
    expect(d.ruleMatches).toEqual([
      { siteId: 'london-city', people: 1 },
      { siteId: 'home-workers', people: 1 },
      { siteId: 'seattle', people: 1 },
      { siteId: 'shadowed', people: 0 },
    ]);
  });
});

describe('site rules service', () => {
  let store: SqliteStore;
  beforeEach(async () => {
    store = await storeWith(syncedSnapshot());
  });
  afterEach(() => store.close());

  it('previews candidate rules against the stored snapshot without saving anything', async () => {
    const service = createSiteRulesService(store);
    const preview = await service.preview(TENANT, { rules: [...RULES, { city: 'Austin', siteName: 'Texas office' }] });
    expect(preview.exact).toBe(true);
    expect(preview.people).toBe(people.length);
    expect(preview.rules).toEqual([
      { index: 0, siteName: 'London City', siteId: 'london-city', people: 1, newSite: false },
      { index: 1, siteName: 'Home workers', siteId: 'home-workers', people: 1, newSite: true },
      { index: 2, siteName: 'Seattle', siteId: 'seattle', people: 1, newSite: false },
      { index: 3, siteName: 'Texas office', siteId: 'texas-office', people: 1, newSite: true },
    ]);
    expect(preview.unmapped).toMatchObject({ before: 3, after: 1 });
    expect(preview.unmapped.sample).toEqual([
      { personId: 'f', displayName: 'Person f', userPrincipalName: 'f@contoso.example', reason: expect.stringMatching(/no officeLocation, city or mapping rule/), newlyUnmapped: false },
    ]);
    // d and g gain a site, e moves from the Austin office-location site to the rule's site.
    expect(preview.peopleMoving).toBe(3);
    expect(preview.sites.added).toEqual([{ id: 'home-workers', name: 'Home workers' }, { id: 'texas-office', name: 'Texas office' }]);
    expect(preview.sites.removed).toEqual([{ id: 'austin', name: 'Austin' }]);
    expect(await store.getDocument(TENANT, SITE_RULES_DOCUMENT)).toBeUndefined();
    expect((await loadSnapshot(store, TENANT))!.unmappedPeople).toHaveLength(3);
  });

  it('lists people a rule would take a site from first, with the reason', async () => {
    const preview = await createSiteRulesService(store).preview(TENANT, { rules: [{ officeLocation: 'SEA-B2', siteName: 'London' }] });
    // "London" is a city with two buildings, not a site name: the rule creates a site and takes a from Seattle.
    expect(preview.rules[0]).toMatchObject({ siteId: 'london', people: 1, newSite: true });
    expect(preview.unmapped.sample[0]).toMatchObject({ newlyUnmapped: false });
    const shrink = await createSiteRulesService(store).preview(TENANT, { rules: [] });
    expect(shrink.peopleMoving).toBe(0);
    expect(shrink.sites.added).toEqual([]);
  });

  it('refuses invalid rules with every issue by path, and a tenant without a snapshot', async () => {
    const service = createSiteRulesService(store);
    const err = await service.preview(TENANT, { rules: [{ officeLocation: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SiteRulesValidationError);
    expect((err as SiteRulesValidationError).issues.map((i) => i.path)).toEqual(['$.rules[0].siteName']);
    await store.upsertTenant('t2', 'Empty');
    await expect(service.preview('t2', { rules: [] })).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/no snapshot/) });
    await expect(service.get('nope')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('saves from the version read, audits, and refuses a stale version naming who saved and what differs', async () => {
    const service = createSiteRulesService(store);
    expect(await service.get(TENANT)).toMatchObject({ rules: [], version: null, snapshot: { unmappedPeople: 3, canApply: true } });
    expect(await service.save(TENANT, 'Ada (u1)', { rules: RULES }, null)).toEqual({ version: 1 });
    const stale = await service.save(TENANT, 'Bob (u2)', { rules: [RULES[0]] }, null).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(ConcurrencyConflictError);
    expect((stale as Error).message).toMatch(/changed by Ada \(u1\) at .*now version 1.*rules that differ from yours: 2, 3\./);
    expect(await service.get(TENANT)).toMatchObject({ rules: RULES, version: 1, updatedBy: 'Ada (u1)' });
    const audit = await store.listAudit(TENANT);
    expect(audit.find((a) => a.action === 'site-rules.save')).toMatchObject({ actor: 'Ada (u1)', before: null, after: { version: 1, rules: RULES } });
    // Saving without apply leaves the snapshot as the last sync made it.
    expect((await loadSnapshotHeader(store, TENANT))!.siteRulesApplied).toBeUndefined();
  });

  it('re-applies saved rules to the stored snapshot atomically: the same result as a sync with those rules', async () => {
    const service = createSiteRulesService(store, () => new Date('2026-03-02T09:00:00.000Z'));
    const before = snapshotRevision((await loadSnapshotHeader(store, TENANT))!);
    const saved = await service.save(TENANT, 'Ada (u1)', { rules: RULES }, null, { apply: true });
    expect(saved).toEqual({ version: 1, applied: { peopleMoving: 2, unmappedBefore: 3, unmappedAfter: 1, sites: 5 } });
    const after = (await loadSnapshot(store, TENANT))!;
    const expected = syncedSnapshot(RULES);
    expect(after.people).toEqual(expected.people);
    expect(after.sites).toEqual(expected.sites);
    expect(after.unmappedPeople).toEqual(expected.unmappedPeople);
    expect(after.siteRulesApplied).toEqual({ rulesVersion: 1, at: '2026-03-02T09:00:00.000Z', by: 'Ada (u1)' });
    expect(after.takenAt).toBe(expected.takenAt);
    const header = (await loadSnapshotHeader(store, TENANT))!;
    expect(header.counts.unmappedPeople).toBe(1);
    expect(snapshotRevision(header)).not.toBe(before);
    expect((await store.listAudit(TENANT)).map((a) => a.action)).toEqual(expect.arrayContaining(['site-rules.save', 'site-rules.apply']));
    expect((await service.get(TENANT)).snapshot).toMatchObject({ appliedRulesVersion: 1, unmappedPeople: 1 });
  });

  it('re-derives from the newer snapshot when a sync lands between reading and committing', async () => {
    const newcomer = person('z', { officeLocation: 'remote' });
    let syncs = 0;
    // The real store, with a sync committed just before the first commit of the save.
    const racing: Store = Object.create(store, {
      commit: {
        value: async (...args: Parameters<Store['commit']>) => {
          if (syncs++ === 0) {
            const s = syncedSnapshot();
            await saveSnapshot(store, { ...s, takenAt: '2026-03-01T11:00:00.000Z', people: [...s.people, newcomer] }, 'sync');
          }
          return store.commit(...args);
        },
      },
    });
    const saved = await createSiteRulesService(racing).save(TENANT, 'Ada (u1)', { rules: RULES }, null, { apply: true });
    expect(saved.applied).toBeDefined();
    expect(syncs).toBe(2);
    const after = (await loadSnapshot(store, TENANT))!;
    expect(after.takenAt).toBe('2026-03-01T11:00:00.000Z');
    expect(after.people.find((p) => p.id === 'z')?.siteId).toBe('home-workers');
    expect(await store.getDocument(TENANT, SITE_RULES_DOCUMENT)).toMatchObject({ version: 1 });
  });

  it('does not re-apply to a snapshot stored before sites kept their aliases, and says why', async () => {
    const old = syncedSnapshot();
    await saveSnapshot(store, { ...old, sites: old.sites.map(({ aliases: _a, ...s }) => s) }, 'sync');
    const service = createSiteRulesService(store);
    const preview = await service.preview(TENANT, { rules: [] });
    expect(preview.exact).toBe(false);
    expect(preview.notes[0]).toMatch(/room/);
    // b was placed through a room's building name, which the old snapshot does not keep.
    expect(preview.unmapped.sample.map((u) => u.personId)).toContain('b');
    expect((await service.get(TENANT)).snapshot).toMatchObject({ canApply: false, note: expect.stringMatching(/next sync/) });
    const saved = await service.save(TENANT, 'Ada (u1)', { rules: RULES }, null, { apply: true });
    expect(saved).toEqual({ version: 1, notApplied: expect.stringMatching(/saved without being applied/) });
    expect((await loadSnapshotHeader(store, TENANT))!.siteRulesApplied).toBeUndefined();
  });
});
