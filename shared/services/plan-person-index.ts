/**
 * Where one person or one site stands in the stored plan and migration status. Those read models are
 * keyed by wave, state and site, not by person. Their commits also write a person -> record index
 * (record-indexes.ts): the panel reads one bucket by id, then the one record. Plans and
 * statuses stored before those indexes (or a plan without its pages) use an index built once per
 * stored version (person id -> record id) instead. A site's block splits are read by key
 * from the coexistence read model (`plan.blocks`, keyed by site).
 */
import type { WaveMember } from '../domain/plan';
import type { Store } from '../store/store';
import { COEX_BLOCKS, type BlockSplitRow } from './coexistence-read-model';
import { MIGRATION_STATUS_DOCUMENT } from './migration-status-read-model';
import { PLAN_DOCUMENT, PLAN_MEMBERS, type PlanHeader } from './plan-read-model';
import type { PlanService } from './plan-service';
import { indexedRecordId, PLAN_PERSON_INDEX, STATUS_PERSON_INDEX } from './record-indexes';

/** The status collection (migration-status-read-model.ts): record ids are the position, 7 digits. */
const STATUS_MEMBERS = 'status.members';
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A block's split across waves, as counts (the numbers themselves are in the orders and the workbook). */
export interface BlockSplitSummary {
  blockId: string;
  first?: string;
  last?: string;
  carrier?: string;
  moves: { waveNumber: number; numbers: number }[];
  staying: number;
  spareCount?: number;
  flag?: string;
}

interface PlanIndex {
  version: number;
  /** person id -> `plan.members` record id (`<wave 4>:<position 7>`, as the plan read model writes them). */
  members: Map<string, string>;
}

interface StatusIndex {
  version: number;
  members: Map<string, string>;
}

const TENANTS_KEPT = 4;

function keep<T>(cache: Map<string, T>, tenantId: string, value: T): T {
  cache.delete(tenantId);
  cache.set(tenantId, value);
  while (cache.size > TENANTS_KEPT) cache.delete(cache.keys().next().value!);
  return value;
}

function summarise(split: BlockSplitRow): BlockSplitSummary {
  return {
    blockId: split.blockId,
    first: split.first,
    last: split.last,
    carrier: split.carrier,
    moves: split.moves.map((m) => ({ waveNumber: m.waveNumber, numbers: m.count })),
    staying: split.staying.count,
    ...(split.spareCount !== undefined && { spareCount: split.spareCount }),
    ...(split.flag && { flag: split.flag }),
  };
}

/** Blocks of one site in a page: a site holds a few blocks, a large one a few dozen. */
const SITE_BLOCKS_PAGE = 1000;

export interface PlanPersonIndex {
  /** The plan record id of a person's wave membership, when the stored plan has them in a wave. */
  memberRecord(tenantId: string, personId: string): Promise<{ id: string; collection: string } | undefined>;
  /** The migration status record id of a person. */
  statusRecord(tenantId: string, personId: string): Promise<{ id: string; collection: string } | undefined>;
  siteSplits(tenantId: string, siteId: string): Promise<BlockSplitSummary[]>;
}

export function createPlanPersonIndex(store: Store, plan: Pick<PlanService, 'get'>): PlanPersonIndex {
  const plans = new Map<string, PlanIndex>();
  const statuses = new Map<string, StatusIndex>();
  const building = new Map<string, Promise<unknown>>();

  /** One build per tenant and version at a time: concurrent panels wait for the same one. */
  function once<T>(key: string, build: () => Promise<T>): Promise<T> {
    const running = building.get(key) as Promise<T> | undefined;
    if (running) return running;
    const p = build().finally(() => building.delete(key));
    building.set(key, p);
    return p;
  }

  async function planIndex(tenantId: string): Promise<PlanIndex | undefined> {
    const version = (await store.getDocumentVersion(tenantId, PLAN_DOCUMENT))?.version;
    if (version === undefined) return undefined;
    const hit = plans.get(tenantId);
    if (hit?.version === version) return hit;
    return once(`plan\n${tenantId}\n${version}`, async () => {
      const members = new Map<string, string>();
      // The members are stored in id order (`<wave 4>:<position 7>`) and the header counts each wave's:
      // the n-th record's id follows from the counts, without reading the plan artefact.
      const header = (await store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT))?.data;
      const waves = [...(header?.waves ?? [])].sort((a, b) => a.number - b.number);
      const people = await store.listCollection<WaveMember, string>(tenantId, PLAN_MEMBERS, (m) => m.personId);
      if (waves.length && waves.reduce((n, w) => n + w.members, 0) === people.length) {
        let i = 0;
        for (const w of waves) for (let k = 0; k < w.members; k++) members.set(people[i++], `${pad(w.number, 4)}:${pad(k, 7)}`);
      } else {
        // A plan stored another way (an older version): its artefact says who is where.
        const stored = await plan.get(tenantId);
        for (const w of stored?.plan.waves ?? []) w.members.forEach((m, k) => members.set(m.personId, `${pad(w.number, 4)}:${pad(k, 7)}`));
      }
      return keep(plans, tenantId, { version, members });
    });
  }

  async function statusIndex(tenantId: string): Promise<StatusIndex | undefined> {
    const version = (await store.getDocumentVersion(tenantId, MIGRATION_STATUS_DOCUMENT))?.version;
    if (version === undefined) return undefined;
    const hit = statuses.get(tenantId);
    if (hit?.version === version) return hit;
    return once(`status\n${tenantId}\n${version}`, async () => {
      const ids = await store.listCollection<{ personId: string }, string>(tenantId, STATUS_MEMBERS, (m) => m.personId);
      const members = new Map<string, string>();
      ids.forEach((personId, i) => members.set(personId, pad(i, 7)));
      return keep(statuses, tenantId, { version, members });
    });
  }

  return {
    async memberRecord(tenantId, personId) {
      const stored = await indexedRecordId(store, tenantId, PLAN_PERSON_INDEX, personId);
      if (stored !== undefined) return stored === null ? undefined : { id: stored, collection: PLAN_MEMBERS };
      const id = (await planIndex(tenantId))?.members.get(personId);
      return id ? { id, collection: PLAN_MEMBERS } : undefined;
    },
    async statusRecord(tenantId, personId) {
      const stored = await indexedRecordId(store, tenantId, STATUS_PERSON_INDEX, personId);
      if (stored !== undefined) return stored === null ? undefined : { id: stored, collection: STATUS_MEMBERS };
      const id = (await statusIndex(tenantId))?.members.get(personId);
      return id ? { id, collection: STATUS_MEMBERS } : undefined;
    },
    async siteSplits(tenantId, siteId) {
      const page = await store.pageCollection<BlockSplitRow>(tenantId, COEX_BLOCKS, { key: `site:${siteId}`, limit: SITE_BLOCKS_PAGE });
      return page.items.map(summarise);
    },
  };
}
