/**
 * The stored plan as read models. A 100,000-user plan is tens of megabytes of JSON: it is kept whole
 * as an artefact (the canonical plan JSON, for exports and the routing question), and what the tab,
 * the bot and the API show is written beside it in the same commit:
 *
 * - the `plan` document: a small header (summary, waves with their order deadlines, blocker counts
 *   per gate for the plan and per wave) that the Overview, `status` and the Plan page read whole;
 * - record collections paged by key: wave members (`wave:N`), blocked people (`wave:N`, `gate:code`, `site:id`),
 *   unmet constraints (`wave:N`, `code:code`), port and upload orders (`wave:N`, order-read-model.ts), the
 *   PBX groups each wave moves (`wave:N`, plan-groups.ts).
 *
 * A request reads the header or one page; nothing parses the plan per request.
 */
import type { BlockedMember, Plan, UnmetConstraint, WaveMember } from '../domain/plan';
import { licenceNeeds, type LicenceNeed, type LicenceSchedule } from '../domain/decisions/licence-seats';
import type { SkuSeats } from '../domain/licence-mapping';
import { blockersByFirstWave, countBlockers, summarizePlan, wavesBySite, type BlockerCounts, type PlanSummary } from '../domain/planning/plan-summary';
import { waveGroups } from '../domain/planning/plan-groups';
import type { CollectionItem, StoreChange } from '../store/store';
import { COEX_COLLECTIONS, coexistenceReadModels, type CoexistenceSummary } from './coexistence-read-model';
import { ORDER_COLLECTIONS, orderChanges } from './order-read-model';
import { PLAN_NUMBER_INDEX, PLAN_PERSON_INDEX, recordIndexChange } from './record-indexes';

export const PLAN_DOCUMENT = 'plan';
export const PLAN_MEMBERS = 'plan.members';
export const PLAN_BLOCKED = 'plan.blocked';
export const PLAN_UNMET = 'plan.unmet';
export const PLAN_GROUPS = 'plan.groups';
/** Artefact names of stored plans: `plan/<version>-<build id>.json`. */
export const PLAN_ARTEFACT_PREFIX = 'plan/';

/** People shown per unmet constraint in the read model; `peopleTotal` keeps the full count. */
const UNMET_PEOPLE_SHOWN = 50;
/**
 * Unmet constraints of each kind the header's summary lists (the Overview, the Plan page's first view,
 * the bot); the rest are paged from the `plan.unmet` records by `code:` key. A 100,000-user plan has
 * hundreds of one kind, and the header is read whole by every plan request.
 */
export const UNMET_LISTED_PER_KIND = 5;

/** An unmet constraint as stored in `plan.unmet`: its people trimmed to the first ones, with their count. */
export type StoredUnmetConstraint = UnmetConstraint & { peopleTotal?: number };

export type { BlockerCounts };

/** Unmet constraints per code (constraint-catalogue.ts), most frequent first. */
export type UnmetCounts = { code: string; count: number }[];

/** A wave as the Plan page lists it: its sites, counts and the earliest order deadlines. */
export interface PlanWaveRow {
  number: number;
  name: string;
  date: string;
  time: string;
  siteIds: string[];
  members: number;
  prerequisites: string[];
  portOrders: number;
  uploadOrders: number;
  portSubmitBy?: string;
  uploadBy?: string;
  /**
   * The earliest date to ask a carrier to lift a port freeze on an account the wave ports from
   * (`PortOrder.liftFreezeBy`); absent when none is frozen, and on plans stored before freezes.
   */
  liftFreezeBy?: string;
  /** PBX groups with members in the wave (`plan.groups`); absent on plans stored before them. */
  groups?: number;
}

export interface PlanHeader {
  /** The settings version the plan was built from: a newer settings version makes the plan stale. */
  settingsVersion: number;
  builtAt: string;
  /** The artefact holding the canonical plan JSON. */
  artefact: string;
  summary: PlanSummary;
  waves: PlanWaveRow[];
  /**
   * `byFirstWave`: each blocked person once, under the first wave at their site (the wave they would
   * have joined first), for waves that have any; for when licences are needed (licence-seats.ts). Absent
   * on plans stored before it.
   */
  blockers: { all: BlockerCounts; byWave: Record<string, BlockerCounts>; byFirstWave?: Record<string, BlockerCounts> };
  /** Unmet constraints by kind, for the plan and per wave (a constraint at a site counts in each of its waves); absent on plans stored before them. */
  unmet?: { all: UnmetCounts; byWave: Record<string, UnmetCounts> };
  /**
   * How many constraints of each kind `summary.unmet` lists (the `plan.unmet` records, keyed by `code:`,
   * hold them all). Absent: the summary lists every one (a plan stored before, or without its records).
   */
  unmetListedPerKind?: number;
  /** Coexistence counts and routing stages (coexistence-read-model.ts); absent on plans stored before them. */
  coexistence?: CoexistenceSummary;
}

/** Whether settings saved since the plan was built make it stale (no settings saved counts as version 0). */
export function planIsStale(header: Pick<PlanHeader, 'settingsVersion'>, currentSettingsVersion: number | null): boolean {
  return (currentSettingsVersion ?? 0) !== header.settingsVersion;
}

/** The next wave to cut over on or after `today` (yyyy-mm-dd), in the plan's order; none once all are past. */
export function nextWave<W extends Pick<PlanWaveRow, 'date'>>(waves: readonly W[], today: string): W | undefined {
  return waves.find((w) => w.date >= today);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const earliest = (xs: string[]) => (xs.length ? xs.reduce((a, b) => (b < a ? b : a)) : undefined);

/** Which waves each site is in: a blocked person or an unmet constraint at a site belongs to those waves. */

const waveKeysOf = (wavesOfSite: Map<string, number[]>, siteId: string | undefined) =>
  siteId === undefined ? [] : (wavesOfSite.get(siteId) ?? []).map((n) => `wave:${n}`);

/** The waves an unmet constraint belongs to: its own, and those of its sites; in order. */
function wavesOfUnmet(u: UnmetConstraint, wavesOfSite: Map<string, number[]>): number[] {
  const waves = new Set<number>(u.waveNumber !== undefined ? [u.waveNumber] : []);
  for (const s of u.siteIds ?? []) for (const n of wavesOfSite.get(s) ?? []) waves.add(n);
  return [...waves].sort((a, b) => a - b);
}

/** The first `n` of each code, in the list's order. */
function firstOfEachKind<T extends { code: string }>(list: readonly T[], n: number): T[] {
  const listed = new Map<string, number>();
  return list.filter((u) => {
    const seen = listed.get(u.code) ?? 0;
    listed.set(u.code, seen + 1);
    return seen < n;
  });
}

/** The waves and first-wave blocker counts that tell when licence seats run out; none for a plan stored before them. */
export function licenceScheduleOf(header: Pick<PlanHeader, 'waves' | 'blockers'>): LicenceSchedule | undefined {
  return header.blockers.byFirstWave ? { waves: header.waves, byFirstWave: header.blockers.byFirstWave } : undefined;
}

/**
 * The licences the plan's blocked people need against the tenant's free seats (`seats`: the snapshot
 * header's), with when to buy them: what the Overview, the bot, `vmp status` and the portfolio show.
 */
export function planLicenceNeeds(header: Pick<PlanHeader, 'waves' | 'blockers'>, seats: readonly SkuSeats[] | undefined): LicenceNeed[] {
  return licenceNeeds(header.blockers.all, seats, licenceScheduleOf(header));
}

/**
 * The plan's unmet constraints by kind: kept in the header, or counted from its summary's list (a plan
 * stored before the counts lists every constraint there).
 */
export function unmetCountsOf(header: Pick<PlanHeader, 'unmet' | 'summary'>): UnmetCounts {
  return header.unmet?.all ?? countUnmet(header.summary.unmet);
}

function countUnmet(unmet: Iterable<{ code: string }>): UnmetCounts {
  const byCode = new Map<string, number>();
  for (const u of unmet) byCode.set(u.code, (byCode.get(u.code) ?? 0) + 1);
  return [...byCode].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

/**
 * The plan document alone: what a plan stored without its pages (`vmp run`) needs, without building
 * the records of 100,000 members that nobody would store.
 */
export function planHeader(plan: Plan, meta: { settingsVersion: number; builtAt: string; artefact: string }, coexistence = coexistenceReadModels(plan).summary): PlanHeader {
  const wavesOfSite = wavesBySite(plan);
  const blockedByWave = new Map<number, BlockedMember[]>();
  for (const b of plan.blocked) {
    if (b.siteId === undefined) continue;
    for (const n of wavesOfSite.get(b.siteId) ?? []) (blockedByWave.get(n) ?? blockedByWave.set(n, []).get(n)!).push(b);
  }
  const unmetByWave = new Map<number, UnmetConstraint[]>();
  for (const u of plan.unmet) for (const n of wavesOfUnmet(u, wavesOfSite)) (unmetByWave.get(n) ?? unmetByWave.set(n, []).get(n)!).push(u);
  return {
    settingsVersion: meta.settingsVersion,
    builtAt: meta.builtAt,
    artefact: meta.artefact,
    summary: summarizePlan(plan),
    waves: plan.waves.map((w) => ({
      number: w.number,
      name: w.name,
      date: w.date,
      time: w.time,
      siteIds: w.siteIds,
      members: w.members.length,
      prerequisites: w.prerequisites,
      portOrders: w.portOrderIds.length,
      uploadOrders: w.uploadOrderIds.length,
      portSubmitBy: earliest(plan.portOrders.filter((o) => o.waveNumber === w.number).map((o) => o.submitBy)),
      uploadBy: earliest(plan.uploadOrders.filter((o) => o.waveNumber === w.number).map((o) => o.uploadBy)),
      liftFreezeBy: earliest(plan.portOrders.flatMap((o) => (o.waveNumber === w.number && o.liftFreezeBy ? [o.liftFreezeBy] : []))),
    })),
    blockers: {
      all: countBlockers(plan.blocked),
      byWave: Object.fromEntries(plan.waves.map((w) => [String(w.number), countBlockers(blockedByWave.get(w.number) ?? [])])),
      byFirstWave: blockersByFirstWave(plan, wavesOfSite),
    },
    unmet: {
      all: countUnmet(plan.unmet),
      byWave: Object.fromEntries(plan.waves.map((w) => [String(w.number), countUnmet(unmetByWave.get(w.number) ?? [])])),
    },
    coexistence,
  };
}

/**
 * The header and the changes that store a plan's read models. `artefact` names where the plan JSON was
 * written; the caller adds the header document (with the version it read) to the same commit.
 */
export function planReadModels(plan: Plan, meta: { settingsVersion: number; builtAt: string; artefact: string }): { header: PlanHeader; changes: StoreChange[] } {
  const wavesOfSite = wavesBySite(plan);

  const members: CollectionItem[] = [];
  for (const w of plan.waves) {
    w.members.forEach((m: WaveMember, i) => members.push({ id: `${pad(w.number, 4)}:${pad(i, 7)}`, data: m, keys: [`wave:${w.number}`] }));
  }

  const blocked: CollectionItem[] = plan.blocked.map((b, i) => {
    const waveKeys = waveKeysOf(wavesOfSite, b.siteId);
    const gateKeys = [...new Set(b.gates.map((g) => `gate:${g.code}`))];
    // `site:` lets the Blockers grid filter by site with wave and gate (plans stored before it filter by wave and gate only).
    return { id: pad(i, 7), data: b, keys: [...waveKeys, ...gateKeys, ...(b.siteId ? [`site:${b.siteId}`] : [])] };
  });

  const unmet: CollectionItem[] = plan.unmet.map((u: UnmetConstraint, i) => {
    const data: StoredUnmetConstraint =
      u.personIds && u.personIds.length > UNMET_PEOPLE_SHOWN ? { ...u, personIds: u.personIds.slice(0, UNMET_PEOPLE_SHOWN), peopleTotal: u.personIds.length } : u;
    return { id: pad(i, 5), data, keys: [...wavesOfUnmet(u, wavesOfSite).map((n) => `wave:${n}`), `code:${u.code}`] };
  });

  const byWave = waveGroups(plan);
  const groups: CollectionItem[] = byWave.map((g, i) => ({ id: `${pad(g.wave, 4)}:${pad(i, 7)}`, data: g, keys: [`wave:${g.wave}`] }));
  const groupsPerWave = new Map<number, number>();
  for (const g of byWave) groupsPerWave.set(g.wave, (groupsPerWave.get(g.wave) ?? 0) + 1);

  const coexistence = coexistenceReadModels(plan);
  const planned = planHeader(plan, meta, coexistence.summary);
  // Only the records' plans count groups: a plan stored without its pages (`vmp run`) has none to page.
  const header = { ...planned, waves: planned.waves.map((w) => ({ ...w, groups: groupsPerWave.get(w.number) ?? 0 })) };
  return {
    header: { ...header, summary: { ...header.summary, unmet: firstOfEachKind(header.summary.unmet, UNMET_LISTED_PER_KIND) }, unmetListedPerKind: UNMET_LISTED_PER_KIND },
    changes: [
      { type: 'replace-collection', collection: PLAN_MEMBERS, items: members },
      // Where each person is in the plan, by key: the person panel reads it instead of listing the members.
      recordIndexChange(PLAN_PERSON_INDEX, members.map((m) => [(m.data as WaveMember).personId, m.id] as const)),
      // Who a number or an extension belongs to: the routing question and the bot read it instead of the plan artefact.
      recordIndexChange(PLAN_NUMBER_INDEX, members.flatMap((m) => numberIndexPairs(m.data as WaveMember, m.id))),
      { type: 'replace-collection', collection: PLAN_BLOCKED, items: blocked },
      { type: 'replace-collection', collection: PLAN_UNMET, items: unmet },
      { type: 'replace-collection', collection: PLAN_GROUPS, items: groups },
      ...orderChanges(plan.portOrders, plan.uploadOrders),
      ...coexistence.changes,
    ],
  };
}

/** A member's keys in `plan.number-index` (record-indexes.ts). */
function numberIndexPairs(m: WaveMember, recordId: string): (readonly [string, string])[] {
  const pairs: (readonly [string, string])[] = [];
  if (m.numberToAssign) pairs.push([m.numberToAssign, recordId]);
  if (m.privateNumber) pairs.push([m.privateNumber, recordId]);
  // Most keep their number: the number they are given finds them then.
  if (m.currentDid && m.currentDid !== m.numberToAssign) pairs.push([`did:${m.currentDid}`, recordId]);
  if (m.extension !== undefined) pairs.push([`ext:${m.extension}`, recordId]);
  return pairs;
}

/** Changes that empty the plan's record collections (a plan stored without its pages). */
export function emptiedPlanCollections(): StoreChange[] {
  return [PLAN_MEMBERS, PLAN_PERSON_INDEX, PLAN_NUMBER_INDEX, PLAN_BLOCKED, PLAN_UNMET, PLAN_GROUPS, ...ORDER_COLLECTIONS, ...COEX_COLLECTIONS].map((collection) => ({ type: 'replace-collection', collection, items: [] }));
}

/** A plan document written before the read models: the whole plan inline. */
export interface LegacyStoredPlan {
  settingsVersion: number;
  builtAt: string;
  plan: Plan;
}

export function isLegacyStoredPlan(data: unknown): data is LegacyStoredPlan {
  return !!data && typeof data === 'object' && 'plan' in data && !('artefact' in data);
}
