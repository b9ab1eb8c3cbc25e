/**
 * Key -> record indexes, written as records in the same commit as the collection they index: people
 * to the plan's wave members (plan-read-model.ts) and to the migration status
 * (migration-status-read-model.ts), numbers to the wave member they are given to. The person panel and
 * the routing question find a record by reading two small records by id instead of listing 100,000
 * members after every plan build or sync.
 *
 * Keys are spread over buckets by a hash (about 100 keys a bucket, at most 4,096 buckets): one record
 * per key would add 100,000 rows to every plan build's commit, one per bucket adds a thousand. A `meta`
 * record says how many buckets there are; every bucket is written, empty ones too, so a missing record
 * means "no index" (a plan stored before it, or stored without its pages), never "not in the plan".
 */
import type { CollectionItem, Store, StoreChange } from '../store/store';

/** Indexes `plan.members` (record ids `<wave 4>:<position 7>`). */
export const PLAN_PERSON_INDEX = 'plan.person-index';
/** Indexes `status.members` (record ids: the position, 7 digits). */
export const STATUS_PERSON_INDEX = 'status.person-index';
/**
 * Indexes `plan.members` by number, in wave order: the E.164 number each is given (`+14255550100`), the
 * number they have today when it is another (`did:+14255550100`) and their PBX extension (`ext:5601`).
 */
export const PLAN_NUMBER_INDEX = 'plan.number-index';
export const RECORD_INDEX_META_ID = 'meta';

const KEYS_PER_BUCKET = 100;
const MAX_BUCKETS = 4096;

export interface RecordIndexMeta {
  buckets: number;
  /** Keys indexed (the field keeps the name it was first stored with). */
  members: number;
}

/**
 * One bucket: [key, record id] pairs, in the order given (pairs, not an object: keys are data, not
 * property names). The field keeps the name it was first stored with.
 */
export interface RecordIndexBucket {
  people: [string, string][];
}

export function recordIndexBuckets(keys: number): number {
  return Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(keys / KEYS_PER_BUCKET)));
}

/** The bucket record of a key: FNV-1a of it, the same in every process and version. */
export function recordIndexBucketId(key: string, buckets: number): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `b${String((h >>> 0) % buckets).padStart(4, '0')}`;
}

/** The change that stores `collection`, the index of `pairs` ([key, record id]; a key given twice is found at its first). */
export function recordIndexChange(collection: string, pairs: readonly (readonly [string, string])[]): StoreChange {
  const buckets = recordIndexBuckets(pairs.length);
  const byBucket = new Map<string, [string, string][]>();
  for (let b = 0; b < buckets; b++) byBucket.set(`b${String(b).padStart(4, '0')}`, []);
  for (const [key, recordId] of pairs) byBucket.get(recordIndexBucketId(key, buckets))!.push([key, recordId]);
  const meta: RecordIndexMeta = { buckets, members: pairs.length };
  const items: CollectionItem[] = [{ id: RECORD_INDEX_META_ID, data: meta }];
  for (const [id, list] of byBucket) items.push({ id, data: { people: list } satisfies RecordIndexBucket });
  return { type: 'replace-collection', collection, items };
}

/** The record id `key` is indexed to (its first): null = not in the index; undefined = no index stored. */
export async function indexedRecordId(store: Store, tenantId: string, indexCollection: string, key: string): Promise<string | null | undefined> {
  const ids = await indexedRecordIds(store, tenantId, indexCollection, key);
  return ids === undefined ? undefined : (ids[0] ?? null);
}

/** Every record id `key` is indexed to, in the order given to the index; undefined = no index stored. */
export async function indexedRecordIds(store: Store, tenantId: string, indexCollection: string, key: string): Promise<string[] | undefined> {
  return (await indexedRecordIdsOfKeys(store, tenantId, indexCollection, [key]))?.get(key);
}

/** The same for several keys: the meta record and each bucket read once; undefined = no index stored. */
export async function indexedRecordIdsOfKeys(store: Store, tenantId: string, indexCollection: string, keys: readonly string[]): Promise<Map<string, string[]> | undefined> {
  const meta = await store.getRecord<RecordIndexMeta>(tenantId, indexCollection, RECORD_INDEX_META_ID);
  if (!meta) return undefined;
  const bucketIds = [...new Set(keys.map((key) => recordIndexBucketId(key, meta.buckets)))];
  const buckets = await Promise.all(bucketIds.map((id) => store.getRecord<RecordIndexBucket>(tenantId, indexCollection, id)));
  if (buckets.some((b) => !b)) return undefined;
  const pairs = buckets.flatMap((b) => b!.people);
  return new Map(keys.map((key) => [key, pairs.filter(([k]) => k === key).map(([, id]) => id)]));
}
