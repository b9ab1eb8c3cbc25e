/**
 * Stores a TenantSnapshot as one unit: its people, sites and numbers as record collections and its
 * header as a document. Saving replaces the previous snapshot atomically, so a failed or partial sync
 * never leaves a half-written picture behind.
 */
import type { NumberTypeCount, Person, Site, TenantNumber, TenantSnapshot, SnapshotCounts, UnmappedPerson } from '../domain/tenant-snapshot';
import { countNumbers, countSnapshot } from '../domain/tenant-snapshot';
import type { CollectionItem, Store, StoreChange } from '../store/store';

export const SNAPSHOT_DOCUMENT = 'snapshot';
const PEOPLE = 'snapshot.people';
/** The snapshot's sites, one record each by id. */
export const SNAPSHOT_SITES = 'snapshot.sites';
const SITES = SNAPSHOT_SITES;
const NUMBERS = 'snapshot.numbers';
const UNMAPPED = 'snapshot.unmapped';

/**
 * The snapshot's small document: what every status read needs. The people without a site and why
 * (thousands in a large tenant) are a collection of their own; a header stored by an earlier version
 * may still hold them inline (`unmappedPeople`).
 */
export type SnapshotHeader = Omit<TenantSnapshot, 'people' | 'sites' | 'numbers' | 'unmappedPeople'> & {
  counts: SnapshotCounts;
  /** The Teams numbers per type, free or held; absent from a header stored before they were counted. */
  numberCounts?: NumberTypeCount[];
  unmappedPeople?: TenantSnapshot['unmappedPeople'];
};

function headerOf(snapshot: TenantSnapshot): SnapshotHeader {
  const { people: _people, sites: _sites, numbers: _numbers, unmappedPeople: _unmapped, ...rest } = snapshot;
  return { ...rest, counts: countSnapshot(snapshot), numberCounts: countNumbers(snapshot.numbers) };
}

function unmappedItems(snapshot: TenantSnapshot): CollectionItem[] {
  return snapshot.unmappedPeople.map((u) => ({ id: u.personId, data: u }));
}

/** People records keyed by lower-case UPN, so one person is found by UPN without reading everyone. */
function peopleItems(people: readonly Person[]): CollectionItem[] {
  return people.map((p) => ({ id: p.id, data: p, keys: [`upn:${p.userPrincipalName.toLowerCase()}`] }));
}

export function snapshotChanges(snapshot: TenantSnapshot): StoreChange[] {
  return [
    { type: 'replace-collection', collection: PEOPLE, items: peopleItems(snapshot.people) },
    { type: 'replace-collection', collection: SITES, items: snapshot.sites.map((s) => ({ id: s.id, data: s })) },
    { type: 'replace-collection', collection: NUMBERS, items: snapshot.numbers.map((n) => ({ id: n.telephoneNumber, data: n })) },
    { type: 'replace-collection', collection: UNMAPPED, items: unmappedItems(snapshot) },
    { type: 'put-document', kind: SNAPSHOT_DOCUMENT, data: headerOf(snapshot) },
  ];
}

/**
 * The changes that store a snapshot whose site assignments were re-derived (people, sites and the
 * header; numbers are untouched). `expectedHeaderVersion` is the header version the snapshot was read
 * at: a sync that finished in between makes the commit fail instead of being overwritten by older data.
 */
export function siteAssignmentChanges(snapshot: TenantSnapshot, expectedHeaderVersion: number): StoreChange[] {
  return [
    { type: 'replace-collection', collection: PEOPLE, items: peopleItems(snapshot.people) },
    { type: 'replace-collection', collection: SITES, items: snapshot.sites.map((s) => ({ id: s.id, data: s })) },
    { type: 'replace-collection', collection: UNMAPPED, items: unmappedItems(snapshot) },
    { type: 'put-document', kind: SNAPSHOT_DOCUMENT, data: headerOf(snapshot), expectedVersion: expectedHeaderVersion },
  ];
}

/**
 * Identifies the snapshot's content for caches: the sync that took it, and the site rules re-applied
 * to it since (which change people's sites without a new sync).
 */
export function snapshotRevision(header: Pick<SnapshotHeader, 'takenAt' | 'siteRulesApplied'>): string {
  return header.siteRulesApplied ? `${header.takenAt}+rules${header.siteRulesApplied.rulesVersion}` : header.takenAt;
}

export async function saveSnapshot(store: Store, snapshot: TenantSnapshot, actor: string): Promise<void> {
  await store.upsertTenant(snapshot.tenantId, snapshot.tenantName);
  await store.commit(snapshot.tenantId, actor, snapshotChanges(snapshot));
}

export async function loadSnapshotHeader(store: Store, tenantId: string): Promise<SnapshotHeader | undefined> {
  return (await store.getDocument<SnapshotHeader>(tenantId, SNAPSHOT_DOCUMENT))?.data;
}

/** The snapshot's sites alone (a few thousand at most), without its people and numbers. */
export async function loadSnapshotSites(store: Store, tenantId: string): Promise<Site[]> {
  return store.listCollection<Site>(tenantId, SITES);
}

/** One site of the snapshot, read by its id. */
export async function loadSnapshotSite(store: Store, tenantId: string, siteId: string): Promise<Site | undefined> {
  return store.getRecord<Site>(tenantId, SITES, siteId);
}

/** The names of the given sites (an indexed read per id: the Overview names the few sites it draws). */
export async function loadSiteNames(store: Store, tenantId: string, siteIds: readonly string[]): Promise<Map<string, string>> {
  const sites = await Promise.all(siteIds.map((id) => store.getRecord<Site>(tenantId, SITES, id)));
  return new Map(sites.filter((s): s is Site => s !== undefined).map((s) => [s.id, s.name]));
}

/**
 * `person`, when given, maps each person as it is read (a caller that needs a few fields of 100,000
 * people keeps only those, and the full records never pile up in memory).
 */
export async function loadSnapshot(store: Store, tenantId: string, options: { person?: (p: Person) => Person } = {}): Promise<TenantSnapshot | undefined> {
  const header = await loadSnapshotHeader(store, tenantId);
  if (!header) return undefined;
  const { counts: _counts, numberCounts: _numberCounts, unmappedPeople: inline, ...rest } = header;
  const [people, sites, numbers, unmapped] = await Promise.all([
    store.listCollection<Person>(tenantId, PEOPLE, options.person),
    store.listCollection<Site>(tenantId, SITES),
    store.listCollection<TenantNumber>(tenantId, NUMBERS),
    inline ? Promise.resolve(inline) : store.listCollection<UnmappedPerson>(tenantId, UNMAPPED),
  ]);
  return { ...rest, people, sites, numbers, unmappedPeople: unmapped };
}

/**
 * Site names by id for a list that names sites a page at a time (an export, a grid's rows): each site
 * read by key the first time a page names it, then kept for the list's lifetime.
 */
export function siteNamesByKey(store: Store, tenantId: string): { load(ids: Iterable<string | undefined>): Promise<void>; nameOf(id: string | undefined): string | undefined } {
  const names = new Map<string, string | undefined>();
  return {
    async load(ids) {
      for (const id of new Set(ids)) if (id && !names.has(id)) names.set(id, (await store.getRecord<Site>(tenantId, SITES, id))?.name);
    },
    nameOf: (id) => (id === undefined ? undefined : names.get(id)),
  };
}

/**
 * The people named by object id or UPN (unknown names are left out). Each is one indexed read; a
 * snapshot stored before people were keyed by UPN is searched once, whole, for the names not found.
 */
export async function findPeople(store: Store, tenantId: string, names: readonly string[]): Promise<Person[]> {
  const found = new Map<string, Person>();
  const missing: string[] = [];
  for (const name of new Set(names)) {
    const person =
      (await store.getRecord<Person>(tenantId, PEOPLE, name)) ??
      (await store.pageCollection<Person>(tenantId, PEOPLE, { key: `upn:${name.toLowerCase()}`, limit: 1 })).items[0];
    if (person) found.set(person.id, person);
    else missing.push(name);
  }
  if (missing.length && !(await keyedByUpn(store, tenantId))) {
    const wanted = new Set(missing.map((m) => m.toLowerCase()));
    const older = await store.listCollection<Person, Person | undefined>(tenantId, PEOPLE, (p) =>
      wanted.has(p.id.toLowerCase()) || wanted.has(p.userPrincipalName.toLowerCase()) ? p : undefined,
    );
    for (const p of older) if (p) found.set(p.id, p);
  }
  return [...found.values()];
}

/** Whether the stored people carry `upn:` keys (snapshots stored by earlier versions do not). */
async function keyedByUpn(store: Store, tenantId: string): Promise<boolean> {
  const first = (await store.pageCollection<Person>(tenantId, PEOPLE, { limit: 1 })).items[0];
  if (!first) return true;
  return (await store.pageCollection(tenantId, PEOPLE, { key: `upn:${first.userPrincipalName.toLowerCase()}`, limit: 1 })).total > 0;
}
