/**
 * Person -> record indexes, written as records in the same commit as the collection they index: the
 * plan's wave members (plan-read-model.ts) and the migration status (migration-status-read-model.ts).
 * The person panel finds someone's records by reading two small records by id instead of listing
 * 100,000 members after every plan build or sync.
 *
 * People are spread over buckets by a hash of their object id (about 100 people a bucket, at most
 * 4,096 buckets): one record per person would add 100,000 rows to every plan build's commit, one per
 * bucket adds a thousand. A `meta` record says how many buckets there are; every bucket is written,
 * empty ones too, so a missing record means "no index" (a plan stored before it, or stored without
 * its pages), never "not in the plan".
 */
import type { CollectionItem, StoreChange } from '../store/store';

/** Indexes `plan.members` (record ids `<wave 4>:<position 7>`). */
export const PLAN_PERSON_INDEX = 'plan.person-index';
/** Indexes `status.members` (record ids: the position, 7 digits). */
export const STATUS_PERSON_INDEX = 'status.person-index';
export const PERSON_INDEX_META_ID = 'meta';

const PEOPLE_PER_BUCKET = 100;
const MAX_BUCKETS = 4096;

export interface PersonIndexMeta {
  buckets: number;
  /** People indexed. */
  members: number;
}

/** One bucket: [person id, record id] pairs (pairs, not an object: ids are data, not property names). */
export interface PersonIndexBucket {
  people: [string, string][];
}

export function personIndexBuckets(members: number): number {
  return Math.min(MAX_BUCKETS, Math.max(1, Math.ceil(members / PEOPLE_PER_BUCKET)));
}

/** The bucket record of a person: FNV-1a of the id, the same in every process and version. */
export function personIndexBucketId(personId: string, buckets: number): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < personId.length; i++) {
    h ^= personId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `b${String((h >>> 0) % buckets).padStart(4, '0')}`;
}

/** The change that stores `collection`, the index of `members` ([person id, record id] in any order). */
export function personIndexChange(collection: string, members: readonly (readonly [string, string])[]): StoreChange {
  const buckets = personIndexBuckets(members.length);
  const people = new Map<string, [string, string][]>();
  for (let b = 0; b < buckets; b++) people.set(`b${String(b).padStart(4, '0')}`, []);
  for (const [personId, recordId] of members) people.get(personIndexBucketId(personId, buckets))!.push([personId, recordId]);
  const meta: PersonIndexMeta = { buckets, members: members.length };
  const items: CollectionItem[] = [{ id: PERSON_INDEX_META_ID, data: meta }];
  for (const [id, list] of people) items.push({ id, data: { people: list } satisfies PersonIndexBucket });
  return { type: 'replace-collection', collection, items };
}
