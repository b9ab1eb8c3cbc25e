/**
 * Plan versus tenant as read models, recomputed when either side changes (a plan build, a sync) and
 * written in that same commit: the `migration-status` document holds the tenant and wave counts the
 * Overview and the bot show; people, sites, fix-ups and the moving pilot and main numbers are record
 * collections read a page (or a key) at a time.
 *
 * Whether a move is overdue depends on the day it is looked at, not on the data: the records are
 * stored without it and `markOverdue` is applied to the page that is read.
 */
import type { Plan } from '../domain/plan';
import {
  computeMigrationStatus,
  markOverdue,
  markPilotOverdue,
  quotedFixUpCommand,
  siteCountsInWave,
  type FixUp,
  type MemberState,
  type MemberStatus,
  type MigrationStatus,
  type SiteStatus,
  type StateCounts,
  type PilotStatus,
  type WaveCommonAreaPhoneStatus,
  type WaveMainNumberStatus,
  type WavePilotStatus,
} from '../domain/planning/migration-status';
import type { WaveGroup } from '../domain/planning/plan-groups';
import type { TenantSnapshot } from '../domain/tenant-snapshot';
import { MAX_PAGE_LIMIT, type CollectionPage, type Store, type StoreChange } from '../store/store';
import { isLegacyStoredPlan, PLAN_DOCUMENT, type LegacyStoredPlan, type PlanHeader } from './plan-read-model';
import { recordIndexChange, STATUS_PERSON_INDEX } from './record-indexes';

export const MIGRATION_STATUS_DOCUMENT = 'migration-status';
const STATUS_MEMBERS = 'status.members';
const STATUS_SITES = 'status.sites';
const STATUS_FIXUPS = 'status.fixups';
/** The moving pilot numbers' states, by number: the wave panel reads those of the groups it shows. */
const STATUS_PILOTS = 'status.pilots';
/** The moving main numbers' states, by number and keyed by wave: the wave panel pages those of its wave. */
export const STATUS_MAIN_NUMBERS = 'status.main-numbers';
/** The moving common-area phones' states, by line and keyed by wave: the wave panel pages those of its wave. */
export const STATUS_COMMON_AREA_PHONES = 'status.common-area-phones';

export interface MigrationStatusHeader {
  /** The plan document version this status was computed against. */
  planVersion: number;
  snapshotTakenAt: string;
  planBuiltOn: string;
  tenant: StateCounts;
  /** A wave's `pilots` (`mainNumbers`) are absent when it moves none, or the status was stored before they were tracked. */
  waves: MigrationStatus['waves'];
  sitesTotal: number;
  fixUpsTotal: number;
}

/** A site's record: one stored before the per-wave counts were kept has none (`waves` absent, not empty). */
export type StoredSiteStatus = Omit<SiteStatus, 'waves'> & { waves?: SiteStatus['waves'] };

/** The Overview's and the bot's view: counts for the tenant and each wave, lists as totals. */
export type MigrationStatusSummary = Omit<MigrationStatusHeader, 'planVersion'> & { today: string };

export interface MigrationStatusPage extends MigrationStatusSummary {
  members: MemberStatus[];
  membersTotal: number;
  offset: number;
  limit: number;
}

/** The changes that store the status of `plan` (at document version `planVersion`) against `snapshot`. */
export function migrationStatusChanges(plan: Plan, planVersion: number, snapshot: TenantSnapshot): StoreChange[] {
  // Computed with no "today": nothing is overdue in the stored records (see markOverdue).
  const status = computeMigrationStatus(plan, snapshot, '');
  const header: MigrationStatusHeader = {
    planVersion,
    snapshotTakenAt: status.snapshotTakenAt,
    planBuiltOn: status.planBuiltOn,
    tenant: status.tenant,
    waves: status.waves,
    sitesTotal: status.sites.length,
    fixUpsTotal: status.fixUps.length,
  };
  return [
    { type: 'put-document', kind: MIGRATION_STATUS_DOCUMENT, data: header },
    {
      type: 'replace-collection',
      collection: STATUS_MEMBERS,
      // The order computeMigrationStatus gives (site, then person) is the id order.
      items: status.members.map((m, i) => ({
        id: String(i).padStart(7, '0'),
        data: m,
        keys: [`state:${m.state}`, ...(m.waveNumber !== undefined ? [`wave:${m.waveNumber}`] : []), ...(m.siteId ? [`site:${m.siteId}`] : [])],
      })),
    },
    // Each person's record id, by key, for the person panel (plan-person-index.ts).
    recordIndexChange(STATUS_PERSON_INDEX, status.members.map((m, i) => [m.personId, String(i).padStart(7, '0')] as const)),
    // Each site keyed by the waves it has people in, so the sites of a wave are one index range, and by its id.
    {
      type: 'replace-collection',
      collection: STATUS_SITES,
      items: status.sites.map((s, i) => ({ id: String(i).padStart(6, '0'), data: s, keys: [...s.waves.map((w) => `wave:${w.number}`), `site:${s.siteId}`] })),
    },
    { type: 'replace-collection', collection: STATUS_FIXUPS, items: status.fixUps.map((f, i) => ({ id: String(i).padStart(7, '0'), data: f })) },
    { type: 'replace-collection', collection: STATUS_PILOTS, items: status.pilots.map((p) => ({ id: p.number, data: p })) },
    { type: 'replace-collection', collection: STATUS_MAIN_NUMBERS, items: status.mainNumbers.map((m) => ({ id: m.number, data: m, keys: [`wave:${m.wave}`] })) },
    { type: 'replace-collection', collection: STATUS_COMMON_AREA_PHONES, items: status.commonAreaPhones.map((p) => ({ id: p.lineId, data: p, keys: [`wave:${p.wave}`] })) },
  ];
}

/** Changes that remove the stored status (it would describe another plan). */
export function removedMigrationStatus(): StoreChange[] {
  return [
    { type: 'delete-document', kind: MIGRATION_STATUS_DOCUMENT },
    ...[STATUS_MEMBERS, STATUS_PERSON_INDEX, STATUS_SITES, STATUS_FIXUPS, STATUS_PILOTS, STATUS_MAIN_NUMBERS, STATUS_COMMON_AREA_PHONES].map((collection): StoreChange => ({ type: 'replace-collection', collection, items: [] })),
  ];
}

export async function loadMigrationStatusHeader(store: Store, tenantId: string): Promise<MigrationStatusHeader | undefined> {
  return (await store.getDocument<MigrationStatusHeader>(tenantId, MIGRATION_STATUS_DOCUMENT))?.data;
}

export function summaryOf(header: MigrationStatusHeader, today: string): MigrationStatusSummary {
  const { planVersion: _planVersion, ...rest } = header;
  return { ...rest, today };
}

export interface MembersQuery {
  state?: MemberState;
  wave?: number;
  siteId?: string;
  offset?: number;
  limit?: number;
}

/**
 * One page of people with their state, overdue as of `today`: those with every filter given (state,
 * wave, site). Each member carries the three keys; the narrowest usually goes first, since the first
 * key's range is what the store reads (a site holds fewer people than a wave, a wave fewer than a state).
 */
export async function pageMigrationMembers(store: Store, tenantId: string, header: MigrationStatusHeader, today: string, query: MembersQuery): Promise<CollectionPage<MemberStatus>> {
  const allKeys = [
    ...(query.siteId !== undefined ? [`site:${query.siteId}`] : []),
    ...(query.wave !== undefined ? [`wave:${query.wave}`] : []),
    ...(query.state !== undefined ? [`state:${query.state}`] : []),
  ];
  const page = await store.pageCollection<MemberStatus>(tenantId, STATUS_MEMBERS, { ...(allKeys.length && { allKeys }), offset: query.offset, limit: query.limit ?? 100 });
  const waveDates = new Map(header.waves.map((w) => [w.number, w.date]));
  return {
    ...page,
    items: page.items.map((m) => (m.waveNumber === undefined ? m : markOverdue(m, waveDates.get(m.waveNumber) ?? '', today))),
  };
}

/**
 * One page of sites with their counts, by id: all of them, those with people in one wave, or one site
 * (a status stored before sites were keyed by id finds none: no counts rather than a wrong one).
 */
export async function pageMigrationSites(
  store: Store,
  tenantId: string,
  query: { offset?: number; limit?: number; wave?: number; siteId?: string },
): Promise<CollectionPage<StoredSiteStatus>> {
  const allKeys = [...(query.siteId !== undefined ? [`site:${query.siteId}`] : []), ...(query.wave !== undefined ? [`wave:${query.wave}`] : [])];
  return store.pageCollection(tenantId, STATUS_SITES, { ...(allKeys.length && { allKeys }), offset: query.offset ?? 0, limit: query.limit ?? 100 });
}

/**
 * Every site's counts by site id, a page of MAX_PAGE_LIMIT at a time (a tenant has a few thousand
 * sites at most); with `wave`, the counts of the wave's sites' people in that wave (none for a status
 * stored before sites kept per-wave counts). Undefined before the first plan status.
 */
export async function readSiteCounts(store: Store, tenantId: string, wave?: number): Promise<Map<string, StateCounts> | undefined> {
  if (!(await store.getDocumentVersion(tenantId, MIGRATION_STATUS_DOCUMENT))) return undefined;
  const bySite = new Map<string, StateCounts>();
  for (let offset = 0; ; offset += MAX_PAGE_LIMIT) {
    const page = await pageMigrationSites(store, tenantId, { wave, offset, limit: MAX_PAGE_LIMIT });
    for (const s of page.items) {
      const counts = wave === undefined ? s.counts : siteCountsInWave(s, wave);
      if (counts) bySite.set(s.siteId, counts);
    }
    if (offset + MAX_PAGE_LIMIT >= page.total) return bySite;
  }
}

/**
 * A PBX group a wave moves (plan-groups.ts), with where each of its moving pilot numbers stands in Teams
 * as the last sync found it (absent when it moves none, or for a status stored before pilots were tracked).
 */
export type WaveGroupWithPilots = WaveGroup & { pilots?: PilotStatus[] };

/**
 * A page of one wave's groups with their pilots' stored states, overdue as of `today` once the wave's
 * date has passed: one keyed read per pilot (a page names a few).
 */
export async function withPilotStates(
  store: Store,
  tenantId: string,
  groups: readonly WaveGroup[],
  wave: { date: string; today: string },
): Promise<WaveGroupWithPilots[]> {
  const numbers = [...new Set(groups.flatMap((g) => g.pilotNumbers ?? []))];
  const found = await Promise.all(numbers.map((n) => store.getRecord<WavePilotStatus>(tenantId, STATUS_PILOTS, n)));
  const byNumber = new Map(found.filter((p): p is WavePilotStatus => p !== undefined).map((p) => [p.number, p]));
  return groups.map((g) => {
    const pilots = (g.pilotNumbers ?? []).flatMap((n): PilotStatus[] => {
      const p = byNumber.get(n);
      return p ? [markPilotOverdue({ number: p.number, state: p.state, detail: p.detail }, wave.date, wave.today)] : [];
    });
    return pilots.length ? { ...g, pilots } : g;
  });
}

/** A moving main number as the wave panel lists it: its site and where it stands in Teams on the day asked. */
export type WaveMainNumberState = Omit<WaveMainNumberStatus, 'holderId'>;

/**
 * A page of one wave's moving main numbers (by number) with their stored states, overdue as of `today`
 * once the wave's date has passed. A status stored before main numbers were tracked has none.
 */
export async function pageWaveMainNumbers(
  store: Store,
  tenantId: string,
  wave: { number: number; date: string; today: string },
  query: { offset?: number; limit?: number },
): Promise<CollectionPage<WaveMainNumberState>> {
  const page = await store.pageCollection<WaveMainNumberStatus>(tenantId, STATUS_MAIN_NUMBERS, { key: `wave:${wave.number}`, offset: query.offset ?? 0, limit: query.limit ?? 100 });
  // The holder's user id stays in the store: the detail names them as the wave panel shows them.
  return { ...page, items: page.items.map(({ holderId: _, ...m }) => markPilotOverdue(m, wave.date, wave.today)) };
}

/** A moving common-area phone as the wave panel lists it: where it stands in Teams on the day asked. */
export type WaveCommonAreaPhoneState = Omit<WaveCommonAreaPhoneStatus, 'holderId'>;

/**
 * A page of one wave's moving common-area phones (by line) with their stored states, overdue as of
 * `today` once the wave's date has passed. A status stored before the phones were tracked has none.
 */
export async function pageWaveCommonAreaPhones(
  store: Store,
  tenantId: string,
  wave: { number: number; date: string; today: string },
  query: { offset?: number; limit?: number },
): Promise<CollectionPage<WaveCommonAreaPhoneState>> {
  const page = await store.pageCollection<WaveCommonAreaPhoneStatus>(tenantId, STATUS_COMMON_AREA_PHONES, { key: `wave:${wave.number}`, offset: query.offset ?? 0, limit: query.limit ?? 100 });
  return { ...page, items: page.items.map(({ holderId: _, ...p }) => markPilotOverdue(p, wave.date, wave.today)) };
}

export async function pageFixUps(store: Store, tenantId: string, offset: number, limit: number): Promise<CollectionPage<FixUp>> {
  const page = await store.pageCollection<FixUp>(tenantId, STATUS_FIXUPS, { offset, limit });
  // A status stored before fix-up commands were quoted is served quoted (see quotedFixUpCommand).
  return { ...page, items: page.items.map((f) => ({ ...f, powershell: f.powershell.map(quotedFixUpCommand) })) };
}

/**
 * The changes that bring the migration status up to date with a new snapshot, for the sync's commit:
 * none when there is no plan yet. The plan document's version is expected unchanged, so a plan built
 * while the sync commits makes the sync derive again rather than store a status of the old plan.
 */
export async function migrationStatusForSnapshot(store: Store, tenantId: string, snapshot: TenantSnapshot): Promise<StoreChange[]> {
  const doc = await store.getDocument<PlanHeader | LegacyStoredPlan>(tenantId, PLAN_DOCUMENT);
  if (!doc) return [];
  let plan: Plan;
  if (isLegacyStoredPlan(doc.data)) plan = doc.data.plan;
  else {
    const bytes = await store.artefacts.get(tenantId, doc.data.artefact);
    if (!bytes) return [{ type: 'expect-document', kind: PLAN_DOCUMENT, version: doc.version }];
    plan = JSON.parse(bytes.toString('utf8')) as Plan;
  }
  return [{ type: 'expect-document', kind: PLAN_DOCUMENT, version: doc.version }, ...migrationStatusChanges(plan, doc.version, snapshot)];
}
