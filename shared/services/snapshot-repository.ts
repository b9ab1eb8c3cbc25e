/**
 * Stores a TenantSnapshot as one unit: its people, sites and numbers as record collections and its
 * header as a document. Saving replaces the previous snapshot atomically, so a failed or partial sync
 * never leaves a half-written picture behind.
 */
import type { Person, Site, TenantNumber, TenantSnapshot, SnapshotCounts } from '../domain/tenant-snapshot';
import { countSnapshot } from '../domain/tenant-snapshot';
import type { Store, StoreChange } from '../store/store';

export const SNAPSHOT_DOCUMENT = 'snapshot';
const PEOPLE = 'snapshot.people';
const SITES = 'snapshot.sites';
const NUMBERS = 'snapshot.numbers';

export type SnapshotHeader = Omit<TenantSnapshot, 'people' | 'sites' | 'numbers'> & { counts: SnapshotCounts };

export function snapshotChanges(snapshot: TenantSnapshot): StoreChange[] {
  const { people, sites, numbers, ...rest } = snapshot;
  const header: SnapshotHeader = { ...rest, counts: countSnapshot(snapshot) };
  return [
    { type: 'replace-collection', collection: PEOPLE, items: people.map((p) => ({ id: p.id, data: p })) },
    { type: 'replace-collection', collection: SITES, items: sites.map((s) => ({ id: s.id, data: s })) },
    { type: 'replace-collection', collection: NUMBERS, items: numbers.map((n) => ({ id: n.telephoneNumber, data: n })) },
    { type: 'put-document', kind: SNAPSHOT_DOCUMENT, data: header },
  ];
}

export async function saveSnapshot(store: Store, snapshot: TenantSnapshot, actor: string): Promise<void> {
  await store.upsertTenant(snapshot.tenantId, snapshot.tenantName);
  await store.commit(snapshot.tenantId, actor, snapshotChanges(snapshot));
}

export async function loadSnapshotHeader(store: Store, tenantId: string): Promise<SnapshotHeader | undefined> {
  return (await store.getDocument<SnapshotHeader>(tenantId, SNAPSHOT_DOCUMENT))?.data;
}

/**
 * `person`, when given, maps each person as it is read (a caller that needs a few fields of 100,000
 * people keeps only those, and the full records never pile up in memory).
 */
export async function loadSnapshot(store: Store, tenantId: string, options: { person?: (p: Person) => Person } = {}): Promise<TenantSnapshot | undefined> {
  const header = await loadSnapshotHeader(store, tenantId);
  if (!header) return undefined;
  const { counts: _counts, ...rest } = header;
  const [people, sites, numbers] = await Promise.all([
    store.listCollection<Person>(tenantId, PEOPLE, options.person),
    store.listCollection<Site>(tenantId, SITES),
    store.listCollection<TenantNumber>(tenantId, NUMBERS),
  ]);
  return { ...rest, people, sites, numbers };
}
