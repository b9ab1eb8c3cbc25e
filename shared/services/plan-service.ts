/**
 * The plan as a use case: build it from the stored snapshot, PBX inventory and settings (through the
 * decision service, so the planner and every other surface agree on paths and readiness), store it as
 * one versioned document with its settings version, and answer questions from the stored plan:
 * summary, wave members, routing on a date, blockers, status against the latest snapshot.
 */
import { randomBytes } from 'node:crypto';
import type { BlockedMember, Plan, UnmetConstraint, WaveMember } from '../domain/plan';
import { pageOrderNumbers, pagePortOrderRows, pageUploadOrderRows, type PortOrderRow, type UploadOrderRow } from './order-read-model';
import { withTracking, type Tracked } from './order-tracking';
import { buildPlan } from '../domain/planning/build-plan';
import { sharedHolidayLookup } from '../domain/planning/cutover-calendar';
import type { FixUp, MemberState } from '../domain/planning/migration-status';
import { isIsoDate } from '../domain/planning/plan-dates';
import { summarizePlan, type BlockersView, type PlanSummary, type UnmetSummaryRow, unmetSummaryRow } from '../domain/planning/plan-summary';
import { answerRoute, RouteQuestionError, routeNumber, waveDatePhrase, type RouteAnswer } from '../domain/planning/routing-simulator';
import { mainNumberSiteRef } from '../domain/planning/route-phrases';
import { routeFactsOf, type VoiceAppNumber } from '../domain/planning/route-facts';
import { COEX_VOICE_APP_NUMBERS } from './coexistence-read-model';
import { storedRouteFacts } from './plan-route-facts';
import { PLAN_HOLIDAYS_DOCUMENT, planHolidaysOf, type StoredPlanHolidays } from './plan-holidays';
import { resolveDatePhrase } from '../domain/date-phrases';
import { planJsonChunks } from '../domain/planning/serialize-plan';
import { MAX_PAGE_LIMIT, pageBounds, type CollectionPage, type Store, type StoreChange } from '../store/store';
import { createDocumentCache } from '../store/document-cache';
import { NoSnapshotError, type DecisionService } from './decision-service';
import {
  loadMigrationStatusHeader,
  migrationStatusChanges,
  removedMigrationStatus,
  pageFixUps,
  pageMigrationMembers,
  pageMigrationSites,
  summaryOf,
  pageWaveCommonAreaPhones,
  pageWaveMainNumbers,
  withPilotStates,
  type MigrationStatusPage,
  type MigrationStatusSummary,
  type StoredSiteStatus,
  type WaveGroupWithPilots,
  type WaveCommonAreaPhoneState,
  type WaveMainNumberState,
} from './migration-status-read-model';
import { loadInventory } from './pbx-import-service';
import type { WaveGroup } from '../domain/planning/plan-groups';
import {
  isLegacyStoredPlan,
  planLicenceNeeds,
  PLAN_ARTEFACT_PREFIX,
  PLAN_BLOCKED,
  PLAN_DOCUMENT,
  PLAN_GROUPS,
  PLAN_MEMBERS,
  PLAN_UNMET,
  planHeader,
  planIsStale,
  planReadModels,
  emptiedPlanCollections,
  unmetCountsOf,
  type PlanHeader,
  type StoredUnmetConstraint,
  type UnmetCounts,
  type PlanWaveRow,
} from './plan-read-model';
import { loadSnapshot, loadSnapshotHeader, loadSnapshotSites } from './snapshot-repository';
import { answeringOf, withAnswering, type MainNumberAnswering } from './main-number-answering';
import { licenceNeeds, type LicenceNeed } from '../domain/decisions/licence-seats';
import { TenantNotFoundError } from './status-service';
import { planMoves, storedMembers, type PlanMoves } from './plan-moves';
import type { Site, TenantSnapshot } from '../domain/tenant-snapshot';
import type { PbxInventory } from '../domain/pbx-inventory';
import type { CallQueueAccount, PlanningSettings } from '../domain/planning-settings';
import { namedQueueAccount } from '../domain/migration-group-labels';
import type { GroupHunting } from '../domain/hunt-methods';
import { withHunting } from './pbx-record-reader';
import { SETTINGS_DOCUMENT } from './settings-document';

export { PLAN_DOCUMENT } from './plan-read-model';

export interface StoredPlan {
  /** The settings version the plan was built from: a newer settings version makes the plan stale. */
  settingsVersion: number;
  builtAt: string;
  plan: Plan;
}

export class NoPlanError extends Error {
  readonly code = 'not-found';
  constructor(readonly tenantId: string) {
    super(`Tenant ${tenantId} has no plan yet: build one with \`vmp plan --settings <file>\` or the Plan page in the tab.`);
    this.name = 'NoPlanError';
  }
}

export class PlanInputError extends Error {
  readonly code = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

export interface BuildPlanOptions {
  /** yyyy-mm-dd; default: the service clock's UTC date. */
  today?: string;
  /** New planning settings to validate and save first (through the decision service). */
  settings?: unknown;
  /**
   * With `settings`: the settings version the caller read (null = none saved yet). Saving against any
   * other version is refused, so a stale editor never overwrites another admin's change.
   */
  expectedSettingsVersion?: number | null;
  /**
   * false: store the plan (header and artefact) without its paged read models and the migration
   * status - for a store that is thrown away after one run (`vmp run`), where nobody pages anything.
   * Default true.
   */
  readModels?: boolean;
  /**
   * The tenant's stored snapshot and PBX inventory, already in the caller's hands (`vmp run` has just
   * synced and imported them): used instead of reading 100,000 people and lines back from the store.
   * They must be what the store holds (loadSnapshot, the inventory importAndKeepPbxInventory hands back).
   */
  inputs?: { snapshot?: TenantSnapshot; inventory?: PbxInventory };
  /**
   * Called once the plan is computed, before it is stored: a one-shot batch (`vmp run`) collects the
   * computation's garbage there, so writing the plan does not pile onto it.
   */
  onComputed?: () => void;
}

export interface BuildPlanResult {
  plan: Plan;
  summary: PlanSummary;
  /** The version of the stored plan document. */
  version: number;
  settingsVersion: number;
  /** Who changed wave against the plan this one replaced (absent for the first plan). */
  moves?: PlanMoves;
  builtAt: string;
}

export interface WaveMembersPage {
  waveNumber: number;
  date: string;
  total: number;
  offset: number;
  limit: number;
  items: WaveMember[];
}

/** A page of the PBX groups a wave moves. */
export interface WaveGroupsPage {
  waveNumber: number;
  total: number;
  offset: number;
  limit: number;
  /**
   * `queueAccount`: the tenant's own resource account the settings name for the group's call queue now
   * (what an edit expects). `hunting`: what the PBX export said about how a group that becomes a call
   * queue hunted (its queue's routing, agent order and agent alert time).
   */
  items: (WaveGroupWithPilots & { queueAccount?: CallQueueAccount; hunting?: GroupHunting })[];
  /** False for a plan stored before its groups were kept: building the plan again lists them. */
  stored: boolean;
}

export type { MainNumberAnswering } from './main-number-answering';

/**
 * A page of the main numbers a wave moves to auto attendants, each with where it stands in Teams and how
 * its attendant will answer (main-number-answering.ts).
 */
export interface WaveMainNumbersPage {
  waveNumber: number;
  /** None for a wave that moves no main number, or a status stored before main numbers were tracked. */
  total: number;
  offset: number;
  limit: number;
  items: (WaveMainNumberState & { answering?: MainNumberAnswering })[];
}

/** A page of the common-area phones a wave moves to Teams, each with where it stands in Teams. */
export interface WaveCommonAreaPhonesPage {
  waveNumber: number;
  /** None for a wave that moves no common-area phone, or a status stored before the phones were tracked. */
  total: number;
  offset: number;
  limit: number;
  items: WaveCommonAreaPhoneState[];
}

export interface PlanWaves {
  builtAt: string;
  settingsVersion: number;
  waves: PlanWaveRow[];
}

export interface PageQuery {
  offset?: number;
  limit?: number;
}

export interface PlanService {
  build(tenantId: string, actor: string, options?: BuildPlanOptions): Promise<BuildPlanResult>;
  /** The whole stored plan (read from its artefact): for exports and tests, never per page view. */
  get(tenantId: string): Promise<StoredPlan | undefined>;
  /** Whether a plan exists, without reading it. */
  exists(tenantId: string): Promise<boolean>;
  /** The header's summary (the first unmet constraints of each kind), the counts of every kind, and whether settings saved since make it stale. */
  summary(tenantId: string): Promise<PlanSummary & { unmetByCode: UnmetCounts; stale: boolean }>;
  /** Unmet constraints a page at a time, all of them or of one kind (`code`), in the plan's order. */
  unmet(tenantId: string, query: PageQuery & { code?: string }): Promise<CollectionPage<UnmetSummaryRow>>;
  waves(tenantId: string): Promise<PlanWaves>;
  waveMembers(tenantId: string, waveNumber: number, offset?: number, limit?: number): Promise<WaveMembersPage>;
  /** The PBX groups with members in a wave, a page at a time (hunt groups and call centres first). */
  waveGroups(tenantId: string, waveNumber: number, offset?: number, limit?: number): Promise<WaveGroupsPage>;
  /** The main numbers a wave moves to auto attendants, a page at a time (by number), as the last sync found them. */
  waveMainNumbers(tenantId: string, waveNumber: number, offset?: number, limit?: number): Promise<WaveMainNumbersPage>;
  waveCommonAreaPhones(tenantId: string, waveNumber: number, offset?: number, limit?: number): Promise<WaveCommonAreaPhonesPage>;
  /**
   * Where a number rings on a day: `date` is yyyy-mm-dd or a phrase ("today", "next Friday", "3 March")
   * read against `today` (yyyy-mm-dd; default: the service clock's UTC date), never the plan's build date.
   */
  route(tenantId: string, number: string, date: string, today?: string): Promise<RouteAnswer>;
  /** Blocker counts by gate, the first blocked people and the unmet constraints (of one wave, or all). */
  blockers(tenantId: string, waveNumber?: number): Promise<BlockersView>;
  /** The licences the plan's blocked people need against the seats free, and when to buy them (two headers read). */
  licences(tenantId: string): Promise<LicenceNeed[]>;
  /** Blocked people a page at a time, of one wave or held by one gate. */
  blocked(tenantId: string, query: PageQuery & { wave?: number; code?: string }): Promise<CollectionPage<BlockedMember>>;
  /** Port orders (of one wave) a page at a time, each with its first numbers and how many. */
  /** The plan's port orders, each with where it stands (order-tracking.ts). */
  portOrders(tenantId: string, query: PageQuery & { wave?: number }): Promise<CollectionPage<Tracked<PortOrderRow>>>;
  uploadOrders(tenantId: string, query: PageQuery & { wave?: number }): Promise<CollectionPage<Tracked<UploadOrderRow>>>;
  /** One port or upload order's numbers a page at a time (at most 1,000); undefined when the plan has no such order. */
  orderNumbers(tenantId: string, orderId: string, query: PageQuery): Promise<CollectionPage<string> | undefined>;
  /** Plan versus tenant: counts for the tenant and each wave (small: the Overview and the bot read it). */
  migrationSummary(tenantId: string, today?: string): Promise<MigrationStatusSummary>;
  /** The same with one page of people (optionally of one state). */
  migrationStatus(tenantId: string, today?: string, query?: PageQuery & { state?: MemberState; wave?: number; siteId?: string }): Promise<MigrationStatusPage>;
  /** Sites with their counts, by id: all of them, or those with people in one wave. */
  migrationSites(tenantId: string, query: PageQuery & { wave?: number; siteId?: string }): Promise<CollectionPage<StoredSiteStatus>>;
  fixUps(tenantId: string, query: PageQuery): Promise<CollectionPage<FixUp>>;
}

/** Unmet constraints listed with the blockers (441 at 100,000 users made it 139 KB); the total counts all. */
const UNMET_LISTED = 20;

/** Plans parsed from their artefacts, kept for the routing question (a few per process). */
const PARSED_PLANS_KEPT = 2;

export function createPlanService(store: Store, decisions: DecisionService, now: () => Date): PlanService {
  // date-holidays is slow to evaluate: one cache for the process, shared by every build.
  const holidays = sharedHolidayLookup();
  const parsed = new Map<string, { artefact: string; plan: Plan }>();
  const documents = createDocumentCache(store);
  const todayOf = (today?: string): string => {
    if (today === undefined) return now().toISOString().slice(0, 10);
    if (!isIsoDate(today)) throw new PlanInputError(`"${today}" is not a date: write it as yyyy-mm-dd.`);
    return today;
  };

  async function header(tenantId: string): Promise<{ header: PlanHeader; version: number } | undefined> {
    // Every plan page, the Overview and the bot's status read the header: parsed once per version.
    const doc = await documents.get<PlanHeader>(tenantId, PLAN_DOCUMENT);
    if (!doc) return undefined;
    if (isLegacyStoredPlan(doc.data)) return upgradeLegacy(tenantId, doc.data, doc.version);
    return { header: doc.data, version: doc.version };
  }

  /** A wave's cutover day in the header, by number. */
  const waveDateOf = (h: PlanHeader) => {
    const dates = new Map(h.waves.map((w) => [w.number, w.date]));
    return (wave: number) => dates.get(wave);
  };

  async function requireHeader(tenantId: string): Promise<{ header: PlanHeader; version: number }> {
    const found = await header(tenantId);
    if (found) return found;
    if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
    throw new NoPlanError(tenantId);
  }

  /**
   * The number the plan moves to the auto attendant of the site `ref` names (by name or id, in any
   * case): its lowest when it has several. A plan stored before these records finds none.
   */
  async function mainNumberOfSite(tenantId: string, ref: string, sites: readonly Site[]): Promise<string> {
    const wanted = ref.toLowerCase();
    const site = sites.find((s) => s.name.toLowerCase() === wanted || s.id.toLowerCase() === wanted);
    if (!site) {
      const near = sites.filter((s) => s.name.toLowerCase().includes(wanted) || wanted.includes(s.name.toLowerCase())).slice(0, 5).map((s) => s.name);
      throw new RouteQuestionError(`No site is called "${ref}"${near.length ? `; did you mean ${near.join(', ')}?` : '.'}`);
    }
    const found = await store.pageCollection<VoiceAppNumber>(tenantId, COEX_VOICE_APP_NUMBERS, { key: `site:${site.id}`, limit: MAX_PAGE_LIMIT });
    const numbers = found.items.filter((n) => n.kind === 'auto-attendant').map((n) => n.number).sort();
    if (!numbers.length) throw new RouteQuestionError(`The plan moves no main number of ${site.name} to an auto attendant (the PBX export shows none there): ask with the number itself.`);
    return numbers[0];
  }

  /**
   * Writes the plan's artefact, then commits its read models, the migration status and `extra` in one
   * commit that expects the plan document at `expectedVersion`. The artefact name is new on every
   * write, so a reader that follows the committed header always finds a whole plan; older artefacts
   * are removed after the commit, a failed commit removes its own.
   */
  async function storePlan(
    tenantId: string,
    actor: string,
    plan: Plan,
    meta: { settingsVersion: number; builtAt: string },
    expectedVersion: number | null,
    extra: StoreChange[],
    snapshot?: TenantSnapshot,
    withReadModels = true,
  ): Promise<{ header: PlanHeader; version: number }> {
    const version = (expectedVersion ?? 0) + 1;
    const artefact = `${PLAN_ARTEFACT_PREFIX}${String(version).padStart(6, '0')}-${randomBytes(4).toString('hex')}.json`;
    // Streamed piece by piece: the whole canonical JSON (~60 MB at 100,000 users) is never one string.
    await store.artefacts.putChunks(tenantId, artefact, planJsonChunks(plan));
    let header: PlanHeader;
    let pages: StoreChange[];
    if (withReadModels) {
      const models = planReadModels(plan, { ...meta, artefact });
      snapshot ??= await loadSnapshot(store, tenantId);
      header = models.header;
      pages = [...models.changes, ...(snapshot ? migrationStatusChanges(plan, version, snapshot) : [])];
    } else {
      // No pages: the records of every member would be built only to be thrown away.
      header = planHeader(plan, { ...meta, artefact });
      pages = [...emptiedPlanCollections(), ...removedMigrationStatus()];
    }
    try {
      await store.commit(tenantId, actor, [{ type: 'put-document', kind: PLAN_DOCUMENT, data: header, expectedVersion }, ...pages, ...extra]);
    } catch (err) {
      await store.artefacts.delete(tenantId, artefact).catch(() => undefined);
      throw err;
    }
    for (const old of await store.artefacts.list(tenantId, PLAN_ARTEFACT_PREFIX)) {
      if (old !== artefact) await store.artefacts.delete(tenantId, old).catch(() => undefined);
    }
    parsed.set(tenantId, { artefact, plan });
    trimParsed(tenantId);
    return { header, version };
  }

  function trimParsed(latest: string): void {
    // Most recently used last: re-insert the latest, drop the oldest beyond the limit.
    const entry = parsed.get(latest);
    if (entry) {
      parsed.delete(latest);
      parsed.set(latest, entry);
    }
    while (parsed.size > PARSED_PLANS_KEPT) parsed.delete(parsed.keys().next().value!);
  }

  /** A database written before read models keeps the whole plan in its document: move it out once. */
  async function upgradeLegacy(tenantId: string, legacy: { settingsVersion: number; builtAt: string; plan: Plan }, version: number) {
    try {
      return await storePlan(tenantId, 'upgrade', legacy.plan, { settingsVersion: legacy.settingsVersion, builtAt: legacy.builtAt }, version, []);
    } catch (err) {
      // Another reader upgraded it first: read what it stored.
      const doc = await store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT);
      if (doc && !isLegacyStoredPlan(doc.data)) return { header: doc.data, version: doc.version };
      throw err;
    }
  }

  async function loadPlan(tenantId: string, h: PlanHeader): Promise<Plan> {
    const hit = parsed.get(tenantId);
    if (hit && hit.artefact === h.artefact) return hit.plan;
    const bytes = await store.artefacts.get(tenantId, h.artefact);
    if (!bytes) throw new Error(`The stored plan of tenant ${tenantId} is missing its artefact ${h.artefact}; build the plan again.`);
    const plan = JSON.parse(bytes.toString('utf8')) as Plan;
    parsed.set(tenantId, { artefact: h.artefact, plan });
    trimParsed(tenantId);
    return plan;
  }

  function waveOf(h: PlanHeader, waveNumber: number): PlanWaveRow {
    const wave = h.waves.find((w) => w.number === waveNumber);
    if (!wave) throw new PlanInputError(`The plan has no wave ${waveNumber} (waves: ${h.waves.map((w) => w.number).join(', ') || 'none'}).`);
    return wave;
  }

  async function statusHeader(tenantId: string) {
    await requireHeader(tenantId);
    const status = await loadMigrationStatusHeader(store, tenantId);
    if (!status) throw new NoSnapshotError(tenantId);
    return status;
  }

  return {
    async build(tenantId, actor, options = {}) {
      const today = todayOf(options.today);
      if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
      if (options.settings !== undefined) {
        if (options.expectedSettingsVersion === undefined) {
          throw new PlanInputError('Settings sent with a plan build need the settings version they were edited from (expectedVersion).');
        }
        // Validated against the inputs in hand when the caller has them (a one-shot run keeps no records).
        const inHand = options.inputs?.snapshot ? { ...options.inputs, snapshot: options.inputs.snapshot } : undefined;
        await decisions.saveSettings(tenantId, actor, options.settings, options.expectedSettingsVersion, { inputs: inHand });
      }
      const snapshot = options.inputs?.snapshot ?? (await loadSnapshot(store, tenantId));
      if (!snapshot) throw new NoSnapshotError(tenantId);
      const [inventory, settingsDoc] = await Promise.all([
        options.inputs?.inventory ?? loadInventory(store, tenantId),
        decisions.getSettings(tenantId),
      ]);
      const view = await decisions.getDecisions(tenantId, { snapshot, inventory });
      const settingsVersion = settingsDoc.version ?? 0;
      const plan = buildPlan({
        tenantId,
        snapshot,
        inventory,
        settings: settingsDoc.settings,
        effectivePaths: view.paths,
        readiness: view.readiness.gates,
        today,
        settingsVersion,
        holidays,
      });
      options.onComputed?.();
      const previous = await store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT);
      const previousSettingsVersion = previous ? previous.data.settingsVersion : undefined;
      const previousWaves = previous ? (isLegacyStoredPlan(previous.data) ? previous.data.plan.waves.length : previous.data.waves.length) : undefined;
      // Who changes wave: the stored members, read before the new plan replaces them (read models only).
      const moves =
        previous && !isLegacyStoredPlan(previous.data) && options.readModels !== false
          ? planMoves(await storedMembers(store, tenantId, previous.data), plan)
          : undefined;
      const builtAt = now().toISOString();
      // The wave timeline's holidays, from the calendars the build has just evaluated (plan-holidays.ts).
      const planHolidays: StoredPlanHolidays = { builtAt, ...planHolidaysOf(plan.waves, snapshot.sites, settingsDoc.settings, holidays) };
      const { version } = await storePlan(tenantId, actor, plan, { settingsVersion, builtAt }, previous?.version ?? null, [
        { type: 'put-document', kind: PLAN_HOLIDAYS_DOCUMENT, data: planHolidays },
        {
          type: 'audit',
          action: 'plan.build',
          kind: PLAN_DOCUMENT,
          before: previous ? { version: previous.version, settingsVersion: previousSettingsVersion, waves: previousWaves } : null,
          after: { settingsVersion, today, waves: plan.waves.length, unmet: plan.unmet.length, ...(moves && { moved: moves.count }) },
        },
      ], snapshot, options.readModels !== false);
      // From the plan itself: the stored header lists only the first unmet constraints of each kind.
      return { plan, summary: summarizePlan(plan), version, settingsVersion, builtAt, ...(moves && { moves }) };
    },

    async get(tenantId) {
      const found = await header(tenantId);
      if (!found) return undefined;
      return { settingsVersion: found.header.settingsVersion, builtAt: found.header.builtAt, plan: await loadPlan(tenantId, found.header) };
    },

    async exists(tenantId) {
      return (await store.getDocument(tenantId, PLAN_DOCUMENT)) !== undefined;
    },

    async summary(tenantId) {
      const { header: h } = await requireHeader(tenantId);
      return { ...h.summary, unmetByCode: unmetCountsOf(h), stale: planIsStale(h, await decisions.getSettingsVersion(tenantId)) };
    },

    async unmet(tenantId, query) {
      const { header: h } = await requireHeader(tenantId);
      const { offset, limit } = pageBounds({ offset: query.offset, limit: query.limit ?? 100 });
      if (h.unmetListedPerKind === undefined) {
        // A plan stored before its constraints were keyed by kind: its summary lists every one.
        const all = h.summary.unmet.filter((u) => query.code === undefined || u.code === query.code);
        return { total: all.length, offset, items: all.slice(offset, offset + limit) };
      }
      const page = await store.pageCollection<StoredUnmetConstraint>(tenantId, PLAN_UNMET, { key: query.code !== undefined ? `code:${query.code}` : undefined, offset, limit });
      return { ...page, items: page.items.map(unmetSummaryRow) };
    },

    async waves(tenantId) {
      const { header: h } = await requireHeader(tenantId);
      return { builtAt: h.builtAt, settingsVersion: h.settingsVersion, waves: h.waves };
    },

    async waveMembers(tenantId, waveNumber, offset = 0, limit = 100) {
      const { header: h } = await requireHeader(tenantId);
      const wave = waveOf(h, waveNumber);
      const page = await store.pageCollection<WaveMember>(tenantId, PLAN_MEMBERS, { key: `wave:${waveNumber}`, offset, limit });
      return { waveNumber, date: wave.date, total: page.total, offset: page.offset, limit: pageLimit(limit), items: page.items };
    },

    async waveGroups(tenantId, waveNumber, offset = 0, limit = 50) {
      const { header: h } = await requireHeader(tenantId);
      const wave = waveOf(h, waveNumber);
      if (wave.groups === undefined) return { waveNumber, total: 0, offset: 0, limit: pageLimit(limit), items: [], stored: false };
      const [page, settings] = await Promise.all([
        store.pageCollection<WaveGroup>(tenantId, PLAN_GROUPS, { key: `wave:${waveNumber}`, offset, limit }),
        documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT),
      ]);
      const withPilots = await withPilotStates(store, tenantId, page.items, { date: wave.date, today: todayOf() });
      const items = (await withHunting(store, tenantId, withPilots)).map((g) => {
        const named = namedQueueAccount(settings?.data.callQueueAccounts ?? [], g.id);
        return named ? { ...g, queueAccount: named } : g;
      });
      return { waveNumber, total: page.total, offset: page.offset, limit: pageLimit(limit), items, stored: true };
    },

    async waveMainNumbers(tenantId, waveNumber, offset = 0, limit = 50) {
      const { header: h } = await requireHeader(tenantId);
      const wave = waveOf(h, waveNumber);
      const [page, settings] = await Promise.all([
        pageWaveMainNumbers(store, tenantId, { number: waveNumber, date: wave.date, today: todayOf() }, { offset, limit }),
        documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT),
      ]);
      const items = await withAnswering(store, tenantId, page.items, wave.date, settings?.data);
      return { waveNumber, total: page.total, offset: page.offset, limit: pageLimit(limit), items };
    },

    async waveCommonAreaPhones(tenantId, waveNumber, offset = 0, limit = 50) {
      const { header: h } = await requireHeader(tenantId);
      const wave = waveOf(h, waveNumber);
      const page = await pageWaveCommonAreaPhones(store, tenantId, { number: waveNumber, date: wave.date, today: todayOf() }, { offset, limit });
      return { waveNumber, total: page.total, offset: page.offset, limit: pageLimit(limit), items: page.items };
    },

    async route(tenantId, number, dateText, today) {
      const day = resolveDatePhrase(dateText, todayOf(today));
      if (!day && !/\bwave\b/i.test(dateText)) throw new RouteQuestionError(`"${dateText}" is not a date I can read; write it as yyyy-mm-dd (e.g. 2026-03-03), "today", "next Friday", "3 March" or "after wave 2".`);
      const { header: h } = await requireHeader(tenantId);
      const date = day ?? waveDatePhrase(dateText, h.waves);
      if (!date) throw new RouteQuestionError(`"${dateText}" is not a date I can read; write it as yyyy-mm-dd, "wave 2" (its cutover day), "after wave 2" or "before wave 2".`);
      const sites = await loadSnapshotSites(store, tenantId);
      const siteRef = mainNumberSiteRef(number);
      // National numbers are read in the tenant's main country (the first site's), else the US.
      const e164 = siteRef ? await mainNumberOfSite(tenantId, siteRef, sites) : routeNumber(number, sites.find((s) => s.countryCode)?.countryCode ?? 'US');
      // A plan stored before the routing read models: from its artefact.
      const facts = (await storedRouteFacts(store, tenantId, h, e164)) ?? routeFactsOf(await loadPlan(tenantId, h), e164);
      // Sites are named by their names, operators by their names in the settings.
      const app = facts.voiceApp;
      const site = app?.siteId ? sites.find((s) => s.id === app.siteId) : undefined;
      const settings = await documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT);
      const operators = new Map((settings?.data.operators ?? []).map((o) => [o.id, o.name]));
      const answer = answerRoute(facts, e164, date, { operator: (id) => operators.get(id), site: (id) => sites.find((s) => s.id === id)?.name });
      // A main number's auto attendant: how it will answer, as the wave panel says.
      const cutover = site && app?.kind === 'auto-attendant' ? facts.waves.find((w) => w.number === app.waveNumber)?.date : undefined;
      if (!site || !cutover) return answer;
      // The site is in hand: no record to read again.
      return { ...answer, answering: answeringOf(site.countryCode, settings?.data.sites?.find((a) => a.siteId === site.id), cutover) };
    },

    async blockers(tenantId, waveNumber) {
      const { header: h } = await requireHeader(tenantId);
      if (waveNumber !== undefined) waveOf(h, waveNumber);
      const key = waveNumber !== undefined ? `wave:${waveNumber}` : undefined;
      const counts = waveNumber !== undefined ? h.blockers.byWave[String(waveNumber)] : h.blockers.all;
      const [top, unmet, snapshot] = await Promise.all([
        store.pageCollection<BlockedMember>(tenantId, PLAN_BLOCKED, { key, limit: 10 }),
        store.pageCollection<UnmetConstraint>(tenantId, PLAN_UNMET, { key, limit: UNMET_LISTED }),
        loadSnapshotHeader(store, tenantId),
      ]);
      return {
        ...(waveNumber !== undefined ? { waveNumber } : {}),
        total: counts.total,
        byCode: counts.byCode,
        // For the plan as a whole, when seats run out; a wave's own view is about that wave.
        licences: waveNumber === undefined ? planLicenceNeeds(h, snapshot?.licenceSeats) : licenceNeeds(counts, snapshot?.licenceSeats),
        top: top.items,
        unmet: unmet.items,
        unmetTotal: unmet.total,
        ...(h.unmet && { unmetByCode: waveNumber !== undefined ? (h.unmet.byWave[String(waveNumber)] ?? []) : h.unmet.all }),
      };
    },

    async licences(tenantId) {
      const [{ header: h }, snapshot] = await Promise.all([requireHeader(tenantId), loadSnapshotHeader(store, tenantId)]);
      return planLicenceNeeds(h, snapshot?.licenceSeats);
    },

    async blocked(tenantId, query) {
      const { header: h } = await requireHeader(tenantId);
      if (query.wave !== undefined) waveOf(h, query.wave);
      const key = query.wave !== undefined ? `wave:${query.wave}` : query.code !== undefined ? `gate:${query.code}` : undefined;
      return store.pageCollection<BlockedMember>(tenantId, PLAN_BLOCKED, { key, offset: query.offset, limit: query.limit ?? 100 });
    },

    async portOrders(tenantId, query) {
      const { header: h } = await requireHeader(tenantId);
      const page = await pagePortOrderRows(store, tenantId, query);
      return { ...page, items: await withTracking(store, tenantId, page.items, waveDateOf(h)) };
    },

    async uploadOrders(tenantId, query) {
      const { header: h } = await requireHeader(tenantId);
      const page = await pageUploadOrderRows(store, tenantId, query);
      return { ...page, items: await withTracking(store, tenantId, page.items, waveDateOf(h)) };
    },

    async orderNumbers(tenantId, orderId, query) {
      await requireHeader(tenantId);
      return pageOrderNumbers(store, tenantId, orderId, query);
    },

    async migrationSummary(tenantId, today) {
      return summaryOf(await statusHeader(tenantId), todayOf(today));
    },

    async migrationStatus(tenantId, today, query = {}) {
      const status = await statusHeader(tenantId);
      const day = todayOf(today);
      const page = await pageMigrationMembers(store, tenantId, status, day, query);
      return { ...summaryOf(status, day), members: page.items, membersTotal: page.total, offset: page.offset, limit: pageLimit(query.limit ?? 100) };
    },

    async migrationSites(tenantId, query) {
      await statusHeader(tenantId);
      return pageMigrationSites(store, tenantId, query);
    },

    async fixUps(tenantId, query) {
      await statusHeader(tenantId);
      return pageFixUps(store, tenantId, query.offset ?? 0, query.limit ?? 100);
    },
  };
}

/** The page size a list answers with: what the store clamps a limit to (1 to 1,000). */
function pageLimit(limit: number): number {
  return Math.min(1000, Math.max(1, Math.floor(limit)));
}
