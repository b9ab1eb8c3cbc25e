/**
 * Read-only questions the chat assistant answers that no other surface asked before: a site's or a
 * person's status, the sites by name, orders due in a period, what the last sync changed. Each reads
 * small documents (through a version-checked cache) and keyed pages of the existing read models -
 * nothing here reads a whole tenant per question. The bot calls these; the tab or CLI may too.
 */
import type { WaveMember } from '../domain/plan';
import { pagePortOrderRows, pageUploadOrderRows, type PortOrderRow, type UploadOrderRow } from './order-read-model';
import { ORDER_TRACKING, ORDER_TRACKING_DOCUMENT, orderOpen, type OrderState, type OrderTracking } from './order-tracking';
import { sitesByProgress, type MemberStatus, type SitesFilter, type StateCounts } from '../domain/planning/migration-status';
import type { CollectionPage, Store } from '../store/store';
import { createDocumentCache } from '../store/document-cache';
import { DECISION_SITES, DECISIONS_DOCUMENT, PEOPLE_VIEW, personRowId, type DecisionSiteRecord, type DecisionsHeader, type PersonRow } from './decisions-read-model';
import type { PlanningSettings, PstnPath } from '../domain/planning-settings';
import { SETTINGS_DOCUMENT } from './settings-document';
import { markOverdue } from '../domain/planning/migration-status';
import { createPlanPersonIndex } from './plan-person-index';
import { loadMigrationStatusHeader, MIGRATION_STATUS_DOCUMENT, pageFixUps, readSiteCounts } from './migration-status-read-model';
import type { PeopleQueryService } from './people-query';
import { PLAN_DOCUMENT, PLAN_MEMBERS, type PlanHeader, type PlanWaveRow } from './plan-read-model';
import { indexedRecordIdsOfKeys, PLAN_NUMBER_INDEX } from './record-indexes';
import type { PlanService } from './plan-service';
import { findPeople, loadSnapshotSites, SNAPSHOT_DOCUMENT, type SnapshotHeader } from './snapshot-repository';
import type { JobService } from '../jobs/job-service';
import { createHistoryService, type HistoryPage } from './history-service';
import { HISTORY_TOPICS, type HistoryTopic } from './history-topics';
import { emergencyReadiness, type EmergencyReadiness } from './emergency-readiness';

export interface SiteName {
  id: string;
  name: string;
  countryCode?: string;
  people: number;
}

export interface SiteStatus {
  site: SiteName;
  /** Plan versus tenant for the site's people; undefined without a plan (or before its first status). */
  counts?: StateCounts;
  /** The waves that move people of this site, in order. */
  waves: PlanWaveRow[];
  /** The site's path as the decisions view has it; undefined before the first decisions. */
  path?: SitePath;
}

export interface SitePath {
  /** The path in force: the admin's decision, else the recommendation. */
  path: PstnPath;
  decided: boolean;
  /** The operator's name or the SBC's FQDN of the path in force. */
  via?: string;
  /** The recommendation, when it differs from the decision. */
  recommended?: PstnPath;
  /** The recommendation's most decisive reason. */
  reason?: string;
  /** The site's monthly cost as its people's paths stand. */
  monthly?: number;
  currency: string;
}

/** "What will it cost?": people and monthly cost per path, the SBCs short of sessions, what is not decided yet. */
export interface PathsAndCost {
  currency: string;
  byPath: { path: PstnPath; decided: number; recommended: number; monthly?: number }[];
  total: { monthly: number; yearly: number };
  /** SBCs whose licensed sessions are below the Erlang B sizing, most short first. */
  sbcsShort: { sbcId: string; sessions: number; licensedSessions: number }[];
  /** People whose path nobody decided and no recommendation covers. */
  undecidedPeople: number;
}

/** "Which SBCs do we use?": each SBC's Direct Routing people and the sessions they need against its licence. */
export interface SbcsSummary {
  currency: string;
  /** The most short of sessions first, then by id. */
  sbcs: { sbcId: string; fqdn?: string; people: number; sessions: number; licensedSessions: number; shortfall: number; monthly?: number }[];
  /** SBCs in the settings (those with no people and no licence are not sized). */
  inSettings: number;
}

/** A page of sites with their counts, as "which sites are done?" lists them. */
export interface SitesPage {
  /** Sites that match (all sites without a filter). */
  total: number;
  /** Every site of the tenant. */
  sites: number;
  offset: number;
  items: { site: SiteName; counts?: StateCounts }[];
}

/** "How many numbers are we porting?": the plan's port and upload orders in totals, the next deadlines. */
export interface PortingSummary {
  port: {
    orders: number;
    numbers: number;
    /** Per losing carrier, most numbers first. */
    byCarrier: { carrier: string; orders: number; numbers: number }[];
    /** Orders not submitted (or rejected) whose submit-by day has passed for a wave still to come: they should be with the operator now. */
    pastSubmitBy: number;
    /** The first order still to submit whose submit-by day is today or later. */
    next?: PortOrderRow;
    /** How many orders are in each tracked state (order-tracking.ts); absent: none tracked. */
    byState?: Partial<Record<OrderState, number>>;
  };
  upload: { orders: number; numbers: number; next?: UploadOrderRow; uploaded?: number };
}

export interface PersonStatus {
  person: PersonRow;
  /** Their state against the plan (undefined when they are in no plan or there is none). */
  status?: MemberStatus;
  wave?: PlanWaveRow;
}

export interface OrdersDue {
  from: string;
  to: string;
  port: PortOrderRow[];
  upload: UploadOrderRow[];
  /** Port orders whose carrier account's port freeze must be lifted in the period (by `liftFreezeBy`). */
  freezeLifts: PortOrderRow[];
  /** Orders (and freeze lifts) due in the period beyond the ones listed. */
  more: number;
  /** Orders due in the period that are submitted, confirmed, ported or uploaded already (not listed). */
  done: number;
}

export interface SyncChanges {
  lastSync?: { at: string; warnings: { code: string; message: string }[]; upserted?: number; removed?: number; mode?: string };
  /** Plan versus the last sync (absent without a plan). */
  drifted?: number;
  fixUps?: { total: number; first: { who: string; problem: string }[] };
  /** People blocked by readiness now, and when the plan was built. */
  blockedNow?: number;
  blockedAtPlan?: number;
  planBuiltAt?: string;
}

const PAGE = 1000;
/** Wave members read for one number or extension question (the answers list five). */
const MEMBERS_BY_NUMBER_READ = 100;
/** Orders listed in an answer; the count covers the rest. */
const ORDERS_LISTED = 10;
/** Tenants whose per-version lists (site counts, site paths, order rows) are kept between questions. */
const TENANTS_KEPT = 32;

/**
 * A value derived from one of a tenant's documents and what it stands for, kept while that document's
 * version stands: undefined when the document is not there. At most `tenantsKept` tenants, the least
 * recently derived dropped first.
 */
function perDocumentVersion<T>(store: Store, kind: string, tenantsKept: number, derive: (tenantId: string) => Promise<T>): (tenantId: string) => Promise<T | undefined> {
  const kept = new Map<string, { version: number; value: T }>();
  return async (tenantId) => {
    const version = (await store.getDocumentVersion(tenantId, kind))?.version;
    if (version === undefined) return undefined;
    const hit = kept.get(tenantId);
    if (hit?.version === version) return hit.value;
    const value = await derive(tenantId);
    kept.set(tenantId, { version, value });
    while (kept.size > tenantsKept) kept.delete(kept.keys().next().value!);
    return value;
  };
}

/** History entries a card lists: the newest few; the History page has the rest. */
export const HISTORY_SHOWN = 6;

export interface AssistantQueries {
  /** Every site with its name (the decisions view's facet list, else the snapshot's sites). */
  sites(tenantId: string): Promise<SiteName[]>;
  siteStatus(tenantId: string, site: SiteName): Promise<SiteStatus>;
  /** People and cost per path across the tenant (the decisions view's header); undefined before the first decisions. */
  pathsAndCost(tenantId: string): Promise<PathsAndCost | undefined>;
  /** Each SBC's sizing (the decisions view's header) with its FQDN; undefined before the first decisions. */
  sbcs(tenantId: string): Promise<SbcsSummary | undefined>;
  /**
   * Sites of a progress against the plan or of a path in force, a page at a time (past the end: the
   * last page): by name, or the most blocked (drifted) first. Undefined when a progress is asked and
   * there is no plan status yet.
   */
  listSites(tenantId: string, filter: SitesFilter, offset: number, limit: number): Promise<SitesPage | undefined>;
  /** People whose name, UPN's local part, phone digits or extensions contain every word of `text` (a page of the People view). */
  searchPeople(tenantId: string, text: string, limit?: number): Promise<CollectionPage<PersonRow>>;
  /** One person by object id or UPN (keyed reads), as the People view has them. */
  personByIdOrUpn(tenantId: string, idOrUpn: string): Promise<PersonRow | undefined>;
  personStatus(tenantId: string, person: PersonRow, today: string): Promise<PersonStatus>;
  /** The plan's waves (header only), or undefined when there is no plan. */
  waves(tenantId: string): Promise<PlanWaveRow[] | undefined>;
  /** The wave members with this PBX extension or number (current or planned), at most 100, through the plan's number index. */
  membersByNumber(tenantId: string, wanted: { extension?: string; e164?: string }): Promise<WaveMember[]>;
  ordersDue(tenantId: string, from: string, to: string, which: 'port' | 'upload' | 'all'): Promise<OrdersDue>;
  /** The plan's orders in totals on `today` (the rows read once per plan version: a plan has hundreds); undefined without a plan. */
  porting(tenantId: string, today: string): Promise<PortingSummary | undefined>;
  changesSinceSync(tenantId: string): Promise<SyncChanges>;
  /** The newest entries of the history, in the History page's words (of one topic's document if given). */
  recentHistory(tenantId: string, about?: HistoryTopic): Promise<HistoryPage>;
  /** Emergency calling across the tenant, and at the site if one is named; undefined before the first decisions. */
  emergency(tenantId: string, site?: SiteName): Promise<EmergencyReadiness | undefined>;
}

export function createAssistantQueries(deps: { store: Store; plan: PlanService; people: PeopleQueryService; jobs: JobService }): AssistantQueries {
  const { store, plan } = deps;
  const documents = createDocumentCache(store);
  const history = createHistoryService(store);
  // Per plan and status version: where each person's records are (shared with the person panel's use).
  const personIndex = createPlanPersonIndex(store, plan);
  // Derived once per version of the document they come from (see perDocumentVersion).
  const countsBySite = perDocumentVersion(store, MIGRATION_STATUS_DOCUMENT, TENANTS_KEPT, async (tenantId) => (await readSiteCounts(store, tenantId)) ?? new Map<string, StateCounts>());
  const pathsBySite = perDocumentVersion(store, DECISIONS_DOCUMENT, TENANTS_KEPT, pathsInForce);
  const planOrders = perDocumentVersion(store, PLAN_DOCUMENT, TENANTS_KEPT, readPlanOrders);
  // Where each order stands, by order id: the plan's rows above are kept per plan version, the tracking per its own.
  const trackedOrders = perDocumentVersion(store, ORDER_TRACKING_DOCUMENT, TENANTS_KEPT, async (tenantId) => new Map((await store.listCollection<OrderTracking>(tenantId, ORDER_TRACKING)).map((t) => [t.orderId, t])));
  // A few tenants per process at most: a plan's whole number index is large.
  const numberIndex = perDocumentVersion(store, PLAN_DOCUMENT, 4, buildNumberIndex);

  async function planHeader(tenantId: string): Promise<PlanHeader | undefined> {
    const doc = await documents.get<PlanHeader>(tenantId, PLAN_DOCUMENT);
    // A legacy document (whole plan inline) is upgraded by the plan service on its first read.
    if (doc && !('artefact' in (doc.data as object))) {
      await plan.waves(tenantId);
      return (await documents.get<PlanHeader>(tenantId, PLAN_DOCUMENT))?.data;
    }
    return doc?.data;
  }

  /**
   * The members with the extension, then those given or having the number (each once, in wave order),
   * through the plan's number index: a few small reads. Undefined when the plan has no such index.
   */
  async function storedMembersByNumber(tenantId: string, wanted: { extension?: string; e164?: string }): Promise<WaveMember[] | undefined> {
    const extensionKey = wanted.extension !== undefined ? `ext:${wanted.extension}` : undefined;
    const numberKeys = wanted.e164 !== undefined ? [wanted.e164, `did:${wanted.e164}`] : [];
    const found = await indexedRecordIdsOfKeys(store, tenantId, PLAN_NUMBER_INDEX, [...(extensionKey ? [extensionKey] : []), ...numberKeys]);
    if (!found) return undefined;
    const byExtension = extensionKey ? found.get(extensionKey)! : [];
    const byNumber = [...new Set(numberKeys.flatMap((k) => found.get(k)!))].sort();
    // An extension used at every site can name hundreds: the answers list a few and say when there are more.
    const ids = [...byExtension, ...byNumber].slice(0, MEMBERS_BY_NUMBER_READ);
    const members = await Promise.all(ids.map((id) => store.getRecord<WaveMember>(tenantId, PLAN_MEMBERS, id)));
    return members.filter((m): m is WaveMember => m !== undefined);
  }

  /**
   * Wave members by extension (`ext:5601`) and by number (current and planned), built once per plan
   * version from the plan artefact, for a plan stored before its number index.
   */
  async function buildNumberIndex(tenantId: string): Promise<Map<string, WaveMember[]> | undefined> {
    const stored = await plan.get(tenantId);
    if (!stored) return undefined;
    const index = new Map<string, WaveMember[]>();
    const add = (key: string | undefined, m: WaveMember) => {
      if (!key) return;
      const list = index.get(key);
      if (!list) index.set(key, [m]);
      else if (!list.includes(m)) list.push(m);
    };
    for (const w of stored.plan.waves) {
      for (const m of w.members) {
        add(m.extension !== undefined ? `ext:${m.extension}` : undefined, m);
        add(m.numberToAssign, m);
        add(m.privateNumber, m);
        add(m.currentDid, m);
      }
    }
    return index;
  }

  async function siteNames(tenantId: string): Promise<SiteName[]> {
    const decisions = await documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT);
    if (decisions) return decisions.data.sites;
    const sites = await loadSnapshotSites(store, tenantId);
    return sites.map((s) => ({ id: s.id, name: s.name, countryCode: s.countryCode, people: s.peopleCount ?? 0 }));
  }

  /** Each site's path in force (decided, else recommended): the "sites on Direct Routing" list. */
  async function pathsInForce(tenantId: string): Promise<Map<string, PstnPath>> {
    const bySite = new Map<string, PstnPath>();
    for (const r of await store.listCollection<DecisionSiteRecord>(tenantId, DECISION_SITES)) bySite.set(r.siteId, r.recommendation.decided?.path ?? r.recommendation.path);
    return bySite;
  }

  /** The site's path in force, who provides it and its cost: one keyed record, and the settings for names. */
  async function sitePath(tenantId: string, siteId: string): Promise<SitePath | undefined> {
    const record = await store.getRecord<DecisionSiteRecord>(tenantId, DECISION_SITES, siteId);
    if (!record) return undefined;
    const rec = record.recommendation;
    const inForce = rec.decided ?? rec;
    const settings = inForce.operatorId || inForce.sbcId ? (await documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data : undefined;
    const via = inForce.operatorId
      ? (settings?.operators.find((o) => o.id === inForce.operatorId)?.name ?? inForce.operatorId)
      : inForce.sbcId
        ? (settings?.sbcs.find((x) => x.id === inForce.sbcId)?.fqdn ?? inForce.sbcId)
        : undefined;
    const header = (await documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT))?.data;
    return {
      path: inForce.path,
      decided: !!rec.decided,
      ...(via ? { via } : {}),
      ...(rec.decided && rec.decided.path !== rec.path ? { recommended: rec.path } : {}),
      ...(rec.reasons[0] ? { reason: rec.reasons[0] } : {}),
      ...(record.cost?.current ? { monthly: record.cost.current.monthly } : {}),
      currency: header?.costs.currency ?? 'USD',
    };
  }

  /**
   * Every port and upload order row of the plan (a plan has hundreds), a page of 1,000 at a time:
   * "porting status" totals them on each question with that day's deadlines.
   */
  async function readPlanOrders(tenantId: string): Promise<{ port: PortOrderRow[]; upload: UploadOrderRow[] }> {
    const readAll = async <T>(pageOf: (offset: number) => Promise<CollectionPage<T>>): Promise<T[]> => {
      const rows: T[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await pageOf(offset);
        rows.push(...page.items);
        if (page.items.length === 0 || offset + PAGE >= page.total) return rows;
      }
    };
    return {
      // The rows as the plan wrote them: their tracking changes without the plan, and is joined per question (trackedOrders).
      port: await readAll((offset) => pagePortOrderRows(store, tenantId, { offset, limit: PAGE })),
      upload: await readAll((offset) => pageUploadOrderRows(store, tenantId, { offset, limit: PAGE })),
    };
  }

  return {
    sites: siteNames,

    emergency: (tenantId, site) => emergencyReadiness({ store, documents }, tenantId, site),

    async siteStatus(tenantId, site) {
      const h = await planHeader(tenantId);
      const waves = h ? h.waves.filter((w) => w.siteIds.includes(site.id)) : [];
      const [counts, path] = await Promise.all([h ? countsBySite(tenantId).then((bySite) => bySite?.get(site.id)) : undefined, sitePath(tenantId, site.id)]);
      return { site, counts, waves, ...(path ? { path } : {}) };
    },

    async pathsAndCost(tenantId) {
      const header = (await documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT))?.data;
      if (!header) return undefined;
      const cost = new Map(header.costs.byPath.map((c) => [c.path, c.monthly]));
      return {
        currency: header.costs.currency,
        byPath: header.pathCounts.map((c) => ({ path: c.path, decided: c.decided, recommended: c.recommended, ...(cost.has(c.path) ? { monthly: cost.get(c.path) } : {}) })),
        total: header.costs.total,
        sbcsShort: header.costs.sbcs
          .filter((x) => (x.shortfall ?? 0) > 0)
          .sort((a, b) => (b.shortfall ?? 0) - (a.shortfall ?? 0))
          .map((x) => ({ sbcId: x.sbcId, sessions: x.sessions, licensedSessions: x.licensedSessions })),
        undecidedPeople: header.undecided.count,
      };
    },

    async sbcs(tenantId) {
      const header = (await documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT))?.data;
      if (!header) return undefined;
      const settings = (await documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data;
      const fqdns = new Map((settings?.sbcs ?? []).map((x) => [x.id, x.fqdn]));
      return {
        currency: header.costs.currency,
        inSettings: settings?.sbcs.length ?? 0,
        sbcs: header.costs.sbcs
          .map((x) => ({
            sbcId: x.sbcId,
            ...(fqdns.has(x.sbcId) ? { fqdn: fqdns.get(x.sbcId) } : {}),
            people: x.users,
            sessions: x.sessions,
            licensedSessions: x.licensedSessions,
            shortfall: x.shortfall ?? 0,
            ...(x.monthly !== undefined ? { monthly: x.monthly } : {}),
          }))
          .sort((a, b) => b.shortfall - a.shortfall || (a.sbcId < b.sbcId ? -1 : a.sbcId > b.sbcId ? 1 : 0)),
      };
    },

    async listSites(tenantId, filter, offset, limit) {
      const bySite = (await planHeader(tenantId)) ? await countsBySite(tenantId) : undefined;
      if (!bySite && filter.progress) return undefined;
      const all = await siteNames(tenantId);
      const paths = filter.path ? ((await pathsBySite(tenantId)) ?? new Map<string, PstnPath>()) : undefined;
      const sites = paths ? all.filter((s) => paths.get(s.id) === filter.path) : all;
      const rows = sitesByProgress(sites, (id) => bySite?.get(id), filter.progress);
      // A page past the end is the last page (a "More" pressed on an old card, "sites page 40").
      const start = offset < rows.length ? offset : Math.max(0, Math.floor((rows.length - 1) / limit) * limit);
      return { total: rows.length, sites: all.length, offset: start, items: rows.slice(start, start + limit) };
    },

    async searchPeople(tenantId, text, limit = 5) {
      const page = await deps.people.page(tenantId, { q: text.toLowerCase(), limit });
      return { total: page.total, offset: page.offset, items: page.items };
    },

    async personByIdOrUpn(tenantId, idOrUpn) {
      const [person] = await findPeople(store, tenantId, [idOrUpn]);
      if (!person) return undefined;
      return (await store.getRecord<PersonRow>(tenantId, PEOPLE_VIEW, personRowId(person))) ?? undefined;
    },

    async personStatus(tenantId, person, today) {
      const h = await planHeader(tenantId);
      if (!h) return { person };
      const record = await personIndex.statusRecord(tenantId, person.id);
      const status = record ? await store.getRecord<MemberStatus>(tenantId, record.collection, record.id) : undefined;
      if (!status) return { person };
      const wave = h.waves.find((w) => w.number === status.waveNumber);
      return { person, status: wave ? markOverdue(status, wave.date, today) : status, ...(wave ? { wave } : {}) };
    },

    async waves(tenantId) {
      return (await planHeader(tenantId))?.waves;
    },

    async membersByNumber(tenantId, wanted) {
      const stored = await storedMembersByNumber(tenantId, wanted);
      if (stored) return stored;
      // A plan stored before its number index: an index built from its artefact, once per version.
      const index = await numberIndex(tenantId);
      if (!index) return [];
      return [...(wanted.extension !== undefined ? (index.get(`ext:${wanted.extension}`) ?? []) : []), ...(wanted.e164 !== undefined ? (index.get(wanted.e164) ?? []) : [])];
    },

    async ordersDue(tenantId, from, to, which) {
      const h = await planHeader(tenantId);
      const port: PortOrderRow[] = [];
      const upload: UploadOrderRow[] = [];
      const freezeLifts: PortOrderRow[] = [];
      let more = 0;
      let done = 0;
      if (!h) return { from, to, port, upload, freezeLifts, more, done };
      const list = <O>(into: O[], o: O) => (port.length + upload.length + freezeLifts.length < ORDERS_LISTED ? into.push(o) : more++);
      const inPeriod = (d: string | undefined) => d !== undefined && d >= from && d <= to;
      // The header holds each wave's earliest deadlines: only waves that can have one in the period are read.
      for (const w of h.waves) {
        if (which !== 'upload' && w.portOrders && ((w.portSubmitBy && w.portSubmitBy <= to) || (w.liftFreezeBy && w.liftFreezeBy <= to))) {
          for (let offset = 0; ; offset += PAGE) {
            const page = await plan.portOrders(tenantId, { wave: w.number, offset, limit: PAGE });
            for (const o of page.items) {
              // Sent to the carrier already: nothing to do by these dates (a rejected order is, again).
              if (!orderOpen(o)) {
                if (inPeriod(o.submitBy)) done++;
                continue;
              }
              if (inPeriod(o.liftFreezeBy)) list(freezeLifts, o);
              if (inPeriod(o.submitBy)) list(port, o);
            }
            if (offset + PAGE >= page.total) break;
          }
        }
        if (which !== 'port' && w.uploadOrders && w.uploadBy && w.uploadBy <= to) {
          for (let offset = 0; ; offset += PAGE) {
            const page = await plan.uploadOrders(tenantId, { wave: w.number, offset, limit: PAGE });
            for (const o of page.items) if (inPeriod(o.uploadBy)) orderOpen(o) ? list(upload, o) : done++;
            if (offset + PAGE >= page.total) break;
          }
        }
      }
      port.sort((a, b) => (a.submitBy < b.submitBy ? -1 : a.submitBy > b.submitBy ? 1 : 0));
      upload.sort((a, b) => (a.uploadBy < b.uploadBy ? -1 : a.uploadBy > b.uploadBy ? 1 : 0));
      freezeLifts.sort((a, b) => (a.liftFreezeBy! < b.liftFreezeBy! ? -1 : a.liftFreezeBy! > b.liftFreezeBy! ? 1 : 0));
      return { from, to, port, upload, freezeLifts, more, done };
    },

    async porting(tenantId, today) {
      const h = await planHeader(tenantId);
      const [orders, tracking] = await Promise.all([h && planOrders(tenantId), trackedOrders(tenantId)]);
      if (!h || !orders) return undefined;
      const waveDate = new Map(h.waves.map((w) => [w.number, w.date]));
      const summary: PortingSummary = { port: { orders: 0, numbers: 0, byCarrier: [], pastSubmitBy: 0 }, upload: { orders: 0, numbers: 0 } };
      const carriers = new Map<string, { carrier: string; orders: number; numbers: number }>();
      for (const o of orders.port) {
        summary.port.orders++;
        summary.port.numbers += o.numberCount;
        let c = carriers.get(o.carrier);
        if (!c) carriers.set(o.carrier, (c = { carrier: o.carrier, orders: 0, numbers: 0 }));
        c.orders++;
        c.numbers += o.numberCount;
        const t = tracking?.get(o.id);
        if (t?.kind === 'port') (summary.port.byState ??= {})[t.state] = (summary.port.byState[t.state] ?? 0) + 1;
        if (!orderOpen({ tracking: t?.kind === 'port' ? t : undefined })) continue;
        if (o.submitBy < today && (waveDate.get(o.waveNumber) ?? '') >= today) summary.port.pastSubmitBy++;
        if (o.submitBy >= today && (!summary.port.next || o.submitBy < summary.port.next.submitBy)) summary.port.next = o;
      }
      summary.port.byCarrier = [...carriers.values()].sort((a, b) => b.numbers - a.numbers || (a.carrier < b.carrier ? -1 : 1));
      for (const o of orders.upload) {
        summary.upload.orders++;
        summary.upload.numbers += o.numberCount;
        if (tracking?.get(o.id)?.kind === 'upload') {
          summary.upload.uploaded = (summary.upload.uploaded ?? 0) + 1;
          continue;
        }
        if (o.uploadBy >= today && (!summary.upload.next || o.uploadBy < summary.upload.next.uploadBy)) summary.upload.next = o;
      }
      return summary;
    },

    recentHistory(tenantId, about) {
      return history.list(tenantId, { limit: HISTORY_SHOWN, ...(about && { kind: HISTORY_TOPICS[about].kind }) });
    },

    async changesSinceSync(tenantId) {
      const out: SyncChanges = {};
      const snapshot = await documents.get<SnapshotHeader>(tenantId, SNAPSHOT_DOCUMENT);
      if (snapshot) {
        const [job] = await deps.jobs.list(tenantId, { type: 'sync', limit: 5 }).then((jobs) => jobs.filter((j) => j.state === 'succeeded'));
        const result = (job?.result ?? {}) as { deltaChanges?: { upserted: number; removed: number }; mode?: string };
        out.lastSync = {
          at: snapshot.data.takenAt,
          warnings: snapshot.data.warnings.map(({ code, message }) => ({ code, message })),
          ...(result.deltaChanges && { upserted: result.deltaChanges.upserted, removed: result.deltaChanges.removed }),
          ...(result.mode && { mode: result.mode }),
        };
      }
      const h = await planHeader(tenantId);
      const status = h ? await loadMigrationStatusHeader(store, tenantId) : undefined;
      if (h && status) {
        out.drifted = status.tenant.drifted;
        const first = await pageFixUps(store, tenantId, 0, 3);
        out.fixUps = { total: first.total, first: first.items.map((f) => ({ who: f.userPrincipalName ?? f.personId, problem: f.problem })) };
        out.blockedAtPlan = h.blockers.all.total;
        out.planBuiltAt = h.builtAt;
      }
      const decisions = await documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT);
      if (decisions) out.blockedNow = decisions.data.readiness.peopleBlocked;
      return out;
    },
  };
}
