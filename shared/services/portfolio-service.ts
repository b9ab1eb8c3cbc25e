/**
 * The MSP portfolio as use cases for the tab API, the CLI and the acting-tenant check: the customer
 * mapping (link, unlink, grant, revoke - versioned, every change audited in its commit), "may this
 * caller act for that customer" on every request, and the portfolio overview and workbook.
 *
 * The mapping is the `portfolio` document of the MSP tenant. Every check reads its version (one small
 * row) and answers from an index built once per version, so a revoke is seen by the next request on
 * every instance and a check costs a few map lookups whatever the portfolio's size.
 */
import type { Writable } from 'node:stream';
import {
  EMPTY_PORTFOLIO,
  PortfolioNotFoundError,
  PortfolioRuleError,
  describePrincipal,
  grantAccess,
  indexPortfolio,
  linkCustomer,
  revokeAccess,
  roleFor,
  setGraphAccess,
  unlinkCustomer,
  type GrantSubject,
  type GraphAccessMode,
  type PortfolioCustomer,
  type PortfolioDocument,
  type PortfolioIndex,
  type PortfolioRole,
  type Principal,
  type SharedSbcDeclaration,
} from '../domain/portfolio/portfolio-mapping';
import {
  filterRows,
  portfolioRow,
  sortRows,
  type CustomerFacts,
  type PortfolioFilter,
  type PortfolioRow,
  type PortfolioSort,
  type SyncSkip,
} from '../domain/portfolio/portfolio-overview';
import { withSharedSbc, withoutSharedSbc } from '../domain/portfolio/shared-sbc-list';
import { consentWithdrawnFrom, MSP_CONSENT_DOCUMENT, type MspConsentDocument } from '../domain/portfolio/msp-consent';
import { DEFAULT_TRAFFIC, SharedSbcListSchema, isOnSharedSbc, sizeSharedSbc, type SharedSbcCustomer, type SharedSbcReport } from '../domain/portfolio/shared-sbc';
import type { PlanningSettings } from '../domain/planning-settings';
import type { WaveMember } from '../domain/plan';
import { numbersInTeams } from '../domain/planning/migration-status';
import { earliestBuyBy, licencesToBuy } from '../domain/decisions/licence-seats';
import { ConcurrencyConflictError, MAX_PAGE_LIMIT, pageBounds, type Store, type Versioned } from '../store/store';
import { SETTINGS_DOCUMENT } from './decision-service';
import { MIGRATION_STATUS_DOCUMENT, type MigrationStatusHeader } from './migration-status-read-model';
import { PLAN_DOCUMENT, PLAN_MEMBERS, planLicenceNeeds, type PlanHeader } from './plan-read-model';
import { SNAPSHOT_DOCUMENT, type SnapshotHeader } from './snapshot-repository';
import { SYNC_SKIP_DOCUMENT } from './portfolio-syncs';

export const PORTFOLIO_DOCUMENT = 'portfolio';
/** Under the MSP tenant: one summary per customer (see rowsFor). */
export const PORTFOLIO_SUMMARIES = 'portfolio.summaries';

/** CustomerFacts' shape: raised when a fact is added (2: licences' buy-before wave), so older summaries are recomputed. */
const FACTS_FORMAT = 2;

interface StoredFacts {
  /** The customer's snapshot, migration-status and plan document versions the facts were computed from. */
  key: string;
  facts: CustomerFacts;
}

export interface PortfolioView {
  mspTenantId: string;
  /** null until the first customer is linked: the version a first write expects. */
  version: number | null;
  customers: PortfolioCustomer[];
  sharedSbcs: SharedSbcDeclaration[];
}

export interface PortfolioWriteResult {
  version: number;
  customer?: PortfolioCustomer;
}

export interface CustomerChoice {
  tenantId: string;
  displayName: string;
  role: PortfolioRole;
}

export interface PortfolioOverviewQuery extends PortfolioFilter {
  sort?: PortfolioSort;
  descending?: boolean;
  offset?: number;
  limit?: number;
}

export interface PortfolioOverview {
  today: string;
  total: number;
  offset: number;
  limit: number;
  /** Over every customer the caller may act for, whatever the filter. */
  /** `licencesToBuy`: the seats to buy across the customers whose need is known. */
  totals: { customers: number; behind: number; blocked: number; licencesToBuy: number; drifted: number; neverSynced: number };
  items: PortfolioRow[];
}

/** One wave of one customer (the bot's "cutovers next week", the portfolio's cutover list). */
export interface PortfolioCutover {
  tenantId: string;
  displayName: string;
  role: PortfolioRole;
  wave: CustomerFacts['waves'][number];
}

export interface PortfolioService {
  get(mspTenantId: string): Promise<PortfolioView>;
  /**
   * Writes the link; asks no consent. An MSP's request goes through tab/api/portfolio-routes.ts, which
   * first asks the customer's consent (msp-consent-service.ts); the callers here directly are the
   * deployment itself: its operator's CLI and local mode's demo customers.
   */
  link(mspTenantId: string, actor: string, customer: { tenantId: string; displayName: string }, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  unlink(mspTenantId: string, actor: string, customerTenantId: string, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  grant(mspTenantId: string, actor: string, customerTenantId: string, principal: Principal, role: PortfolioRole, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  revoke(mspTenantId: string, actor: string, customerTenantId: string, principal: Principal, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  /** How Graph reaches the customer: app-only (default) or delegated for guest admins (portfolio-syncs.ts), audited. */
  setGraphAccess(mspTenantId: string, actor: string, customerTenantId: string, mode: GraphAccessMode, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  /** The role the subject (signed in to the MSP tenant) holds on the customer; undefined = may not act for it. */
  roleFor(mspTenantId: string, subject: GrantSubject, customerTenantId: string): Promise<PortfolioRole | undefined>;
  /** The customers the subject may act for, by name: the tab's tenant switcher. */
  customersFor(mspTenantId: string, subject: GrantSubject): Promise<CustomerChoice[]>;
  /** `mspTenantId` undefined: the caller's tenant is no MSP tenant (any more), so no customer is read. */
  overview(mspTenantId: string | undefined, subject: GrantSubject, query: PortfolioOverviewQuery): Promise<PortfolioOverview>;
  /** The waves dated from..to (yyyy-mm-dd, inclusive) of the customers the subject may act for, by date then name. */
  cutoversBetween(mspTenantId: string, subject: GrantSubject, from: string, to: string): Promise<PortfolioCutover[]>;
  /** One row per customer and one sheet of all cutovers, for the customers the subject may act for. */
  writeWorkbook(mspTenantId: string | undefined, subject: GrantSubject, output: Writable): Promise<void>;
  /** Adds one shared SBC or replaces the one of its id (validated with the whole list, audited): `vmp portfolio sbc set`. */
  setSharedSbc(mspTenantId: string, actor: string, sbc: SharedSbcDeclaration, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  /** Removes one shared SBC (404 when none has that id), audited: `vmp portfolio sbc remove`. */
  removeSharedSbc(mspTenantId: string, actor: string, sbcId: string, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  /** Replaces the MSP's shared SBC declarations (validated; 400 by JSON path), audited. */
  declareSharedSbcs(mspTenantId: string, actor: string, sbcs: unknown, expectedVersion: number | null): Promise<PortfolioWriteResult>;
  /**
   * A shared SBC sized over the customers the subject may act for that use it (an SBC of their settings
   * with a gateway FQDN under the shared one): pooled Erlang B per wave, capacity, licences, trunk groups, cost shares.
   */
  sharedSbcSizing(mspTenantId: string, subject: GrantSubject, sbcId: string): Promise<SharedSbcReport>;
}

/** Customer read models read at once when the overview is computed (remote stores). */
const READ_CONCURRENCY = 16;

export function createPortfolioService(store: Store, now: () => Date): PortfolioService {
  // Per MSP tenant: the document and its index while its version holds.
  const mappings = new Map<string, { doc: Versioned<PortfolioDocument>; index: PortfolioIndex }>();
  // Per customer: the facts while its three read models' versions hold.
  const facts = new Map<string, { key: string; facts: CustomerFacts }>();

  async function loadMapping(mspTenantId: string): Promise<{ doc: Versioned<PortfolioDocument> | undefined; index: PortfolioIndex }> {
    const current = await store.getDocumentVersion(mspTenantId, PORTFOLIO_DOCUMENT);
    if (!current) {
      mappings.delete(mspTenantId);
      return { doc: undefined, index: new Map() };
    }
    const hit = mappings.get(mspTenantId);
    if (hit && hit.doc.version === current.version) return hit;
    const doc = await store.getDocument<PortfolioDocument>(mspTenantId, PORTFOLIO_DOCUMENT);
    if (!doc) return { doc: undefined, index: new Map() };
    const entry = { doc, index: indexPortfolio(doc.data) };
    mappings.set(mspTenantId, entry);
    return entry;
  }

  /** Reads, applies and commits one change with its audit entry, against the version the caller read. */
  async function change(
    mspTenantId: string,
    actor: string,
    expectedVersion: number | null,
    action: string,
    apply: (doc: PortfolioDocument) => { next: PortfolioDocument; before: unknown; after: unknown; customer?: PortfolioCustomer },
  ): Promise<PortfolioWriteResult> {
    const current = await store.getDocument<PortfolioDocument>(mspTenantId, PORTFOLIO_DOCUMENT);
    const currentVersion = current?.version ?? null;
    if (currentVersion !== expectedVersion) {
      throw new ConcurrencyConflictError('portfolio', expectedVersion, currentVersion, current?.updatedBy, current?.updatedAt);
    }
    const { next, before, after, customer } = apply(current?.data ?? EMPTY_PORTFOLIO);
    // An MSP tenant that has never been synced has no tenant record yet; its documents need one (named by its sync later).
    if (!current && !(await store.getTenant(mspTenantId))) await store.upsertTenant(mspTenantId, mspTenantId);
    await store.commit(mspTenantId, actor, [
      { type: 'put-document', kind: PORTFOLIO_DOCUMENT, data: next, expectedVersion },
      { type: 'audit', action, kind: PORTFOLIO_DOCUMENT, before, after },
    ]);
    return { version: (currentVersion ?? 0) + 1, ...(customer && { customer }) };
  }

  const stamp = (actor: string) => ({ at: now().toISOString(), by: actor });
  const find = (doc: PortfolioDocument, tenantId: string) => doc.customers.find((c) => c.tenantId === tenantId.toLowerCase());

  /**
   * The summaries stored under the MSP tenant (one small record per customer, keyed by the versions it
   * was computed from), read once per process: after a restart the overview reads these instead of
   * every customer's headers, and recomputes only the customers whose read models changed since.
   */
  const stored = new Map<string, Promise<Map<string, StoredFacts>>>();
  const writing = new Set<string>();
  const storedFor = (mspTenantId: string) => {
    let p = stored.get(mspTenantId);
    if (!p) {
      p = store
        .listCollection<StoredFacts & { tenantId: string }>(mspTenantId, PORTFOLIO_SUMMARIES)
        .then((items) => new Map(items.map(({ tenantId, ...f }) => [tenantId, f])))
        .catch(() => new Map<string, StoredFacts>());
      stored.set(mspTenantId, p);
    }
    return p;
  };

  async function customerFacts(tenantId: string, kept?: Map<string, StoredFacts>): Promise<{ facts: CustomerFacts; computed: boolean }> {
    const [snapV, statusV, planV, skipV] = await Promise.all([
      store.getDocumentVersion(tenantId, SNAPSHOT_DOCUMENT),
      store.getDocumentVersion(tenantId, MIGRATION_STATUS_DOCUMENT),
      store.getDocumentVersion(tenantId, PLAN_DOCUMENT),
      store.getDocumentVersion(tenantId, SYNC_SKIP_DOCUMENT),
    ]);
    // A scheduled-sync skip adds its version and time to the key (a deleted and re-written skip restarts at 1).
    // The facts' format leads it, so summaries stored before a fact was added are computed again once.
    const key = `${FACTS_FORMAT}:${snapV?.version ?? '-'}/${statusV?.version ?? '-'}/${planV?.version ?? '-'}${skipV ? `/${skipV.version}@${skipV.updatedAt}` : ''}`;
    const hit = facts.get(tenantId) ?? kept?.get(tenantId);
    if (hit && hit.key === key) {
      facts.set(tenantId, hit);
      return { facts: hit.facts, computed: false };
    }
    const [snapshot, status, plan] = await Promise.all([
      snapV ? store.getDocument<SnapshotHeader>(tenantId, SNAPSHOT_DOCUMENT) : undefined,
      statusV ? store.getDocument<MigrationStatusHeader>(tenantId, MIGRATION_STATUS_DOCUMENT) : undefined,
      planV ? store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT) : undefined,
    ]);
    const skip = skipV ? (await store.getDocument<SyncSkip>(tenantId, SYNC_SKIP_DOCUMENT))?.data : undefined;
    const computed = { ...factsOf(snapshot?.data, status?.data, plan?.data), ...(skip && { syncSkipped: { at: skip.at, reason: skip.reason } }) };
    const entry = { key, facts: computed };
    facts.set(tenantId, entry);
    kept?.set(tenantId, entry);
    return { facts: computed, computed: true };
  }

  /** Writes the MSP's summaries after some were recomputed: one collection, only changed records rewritten. */
  function keepSummaries(mspTenantId: string, kept: Map<string, StoredFacts>, customers: readonly PortfolioCustomer[]): void {
    if (writing.has(mspTenantId)) return;
    writing.add(mspTenantId);
    const items = customers.flatMap((c) => {
      const f = kept.get(c.tenantId);
      return f ? [{ id: c.tenantId, data: { tenantId: c.tenantId, ...f } }] : [];
    });
    store
      .commit(mspTenantId, 'portfolio', [{ type: 'replace-collection', collection: PORTFOLIO_SUMMARIES, items }])
      // A summary not written is recomputed next time: nothing is lost.
      .catch(() => undefined)
      .finally(() => writing.delete(mspTenantId));
  }

  async function rowsFor(mspTenantId: string, subject: GrantSubject): Promise<PortfolioRow[]> {
    const choices = await customersFor(mspTenantId, subject);
    const kept = await storedFor(mspTenantId);
    const today = now().toISOString().slice(0, 10);
    const at = now();
    const rows: PortfolioRow[] = new Array(choices.length);
    let next = 0;
    let recomputed = 0;
    const worker = async () => {
      while (next < choices.length) {
        const i = next++;
        const f = await customerFacts(choices[i].tenantId, kept);
        if (f.computed) recomputed++;
        rows[i] = portfolioRow(choices[i], f.facts, today, at);
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, choices.length) }, worker));
    if (recomputed > 0) keepSummaries(mspTenantId, kept, (await loadMapping(mspTenantId)).doc?.data.customers ?? []);
    return rows;
  }

  /** The customer's own admins allow another MSP, or none since they revoked: closed to this MSP whatever its link says. */
  async function consentWithdrawn(mspTenantId: string, customerTenantId: string): Promise<boolean> {
    return consentWithdrawnFrom(mspTenantId, (await store.getDocument<MspConsentDocument>(customerTenantId, MSP_CONSENT_DOCUMENT))?.data);
  }

  async function customersFor(mspTenantId: string, subject: GrantSubject): Promise<CustomerChoice[]> {
    const { doc, index } = await loadMapping(mspTenantId);
    if (!doc) return [];
    const granted: CustomerChoice[] = [];
    for (const c of doc.data.customers) {
      const role = roleFor(index, subject, c.tenantId);
      if (role) granted.push({ tenantId: c.tenantId, displayName: c.displayName, role });
    }
    // One small document read per customer (200 at most), side by side.
    const withdrawn = await Promise.all(granted.map((c) => consentWithdrawn(mspTenantId, c.tenantId)));
    const out = granted.filter((_c, i) => !withdrawn[i]);
    return out.sort((a, b) => a.displayName.localeCompare(b.displayName) || (a.tenantId < b.tenantId ? -1 : 1));
  }

  // Per customer and shared SBC: its gateway and Direct Routing people per wave, while its settings and plan versions hold.
  const onSbc = new Map<string, { key: string; value: Omit<SharedSbcCustomer, 'tenantId' | 'displayName'> | undefined }>();

  /**
   * The customer's use of a shared SBC: the SBCs of its settings under the shared FQDN (the first is
   * its gateway in the runbooks) and, per wave of its plan, the Direct Routing people routed to them.
   * Reads the plan's members a page at a time, once per plan version.
   */
  async function customerOnSbc(tenantId: string, sharedFqdn: string): Promise<Omit<SharedSbcCustomer, 'tenantId' | 'displayName'> | undefined> {
    const [settingsV, planV] = await Promise.all([store.getDocumentVersion(tenantId, SETTINGS_DOCUMENT), store.getDocumentVersion(tenantId, PLAN_DOCUMENT)]);
    if (!settingsV) return undefined;
    const cacheKey = `${tenantId}\n${sharedFqdn}`;
    const key = `${settingsV.version}/${planV?.version ?? '-'}`;
    const hit = onSbc.get(cacheKey);
    if (hit && hit.key === key) return hit.value;
    const settings = (await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data;
    const sbcs = (settings?.sbcs ?? []).filter((x) => isOnSharedSbc(sharedFqdn, x.fqdn));
    let value: Omit<SharedSbcCustomer, 'tenantId' | 'displayName'> | undefined;
    if (sbcs.length > 0) {
      const ids = new Set(sbcs.map((x) => x.id));
      const plan = planV ? (await store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT))?.data : undefined;
      const waves: SharedSbcCustomer['waves'] = [];
      for (const w of plan && 'waves' in plan ? plan.waves : []) {
        let n = 0;
        for (let offset = 0; ; offset += MAX_PAGE_LIMIT) {
          const page = await store.pageCollection<WaveMember>(tenantId, PLAN_MEMBERS, { key: `wave:${w.number}`, offset, limit: MAX_PAGE_LIMIT });
          for (const m of page.items) if (m.path === 'DR' && m.sbcId !== undefined && ids.has(m.sbcId)) n++;
          if (offset + page.items.length >= page.total || page.items.length === 0) break;
        }
        waves.push({ number: w.number, date: w.date, users: n });
      }
      value = { gatewayFqdn: sbcs[0].fqdn.toLowerCase(), ...(sbcs.length > 1 ? { trunkGroups: sbcs.length } : {}), waves };
    }
    onSbc.set(cacheKey, { key, value });
    return value;
  }

  /** Replaces the shared SBC declarations: validated as a whole (400 by JSON path), audited. */
  async function declareSharedSbcs(mspTenantId: string, actor: string, sbcs: unknown, expectedVersion: number | null): Promise<PortfolioWriteResult> {
    const parsed = SharedSbcListSchema.safeParse(sbcs);
    if (!parsed.success) {
      throw new PortfolioRuleError(
        `The shared SBCs are not valid: ${parsed.error.issues[0]?.message ?? 'see issues'}.`,
        parsed.error.issues.slice(0, 20).map((i) => ({ path: `$.sbcs${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`, message: i.message })),
      );
    }
    return change(mspTenantId, actor, expectedVersion, 'portfolio.sbcs', (doc) => ({
      next: { ...doc, sharedSbcs: parsed.data },
      before: doc.sharedSbcs ?? [],
      after: parsed.data,
    }));
  }

  return {
    async get(mspTenantId) {
      const { doc } = await loadMapping(mspTenantId);
      return { mspTenantId, version: doc?.version ?? null, customers: doc?.data.customers ?? [], sharedSbcs: doc?.data.sharedSbcs ?? [] };
    },

    async link(mspTenantId, actor, customer, expectedVersion) {
      const result = await change(mspTenantId, actor, expectedVersion, 'portfolio.link', (doc) => {
        const next = linkCustomer(doc, mspTenantId, customer.tenantId, customer.displayName, stamp(actor));
        const linked = find(next, customer.tenantId)!;
        return { next, before: null, after: { tenantId: linked.tenantId, displayName: linked.displayName }, customer: linked };
      });
      // The customer's own data lives under its tenant record: create it (named) so its pages answer before the first sync.
      const existing = await store.getTenant(result.customer!.tenantId);
      if (!existing) await store.upsertTenant(result.customer!.tenantId, result.customer!.displayName);
      return result;
    },

    unlink(mspTenantId, actor, customerTenantId, expectedVersion) {
      return change(mspTenantId, actor, expectedVersion, 'portfolio.unlink', (doc) => {
        const gone = find(doc, customerTenantId);
        const next = unlinkCustomer(doc, customerTenantId);
        return { next, before: gone ? { tenantId: gone.tenantId, displayName: gone.displayName, grants: gone.grants.length } : null, after: null };
      });
    },

    grant(mspTenantId, actor, customerTenantId, principal, role, expectedVersion) {
      return change(mspTenantId, actor, expectedVersion, 'portfolio.grant', (doc) => {
        const before = find(doc, customerTenantId)?.grants.find((g) => g.principal.kind === principal.kind && g.principal.id === principal.id);
        const next = grantAccess(doc, customerTenantId, principal, role, stamp(actor));
        const customer = find(next, customerTenantId)!;
        return {
          next,
          before: before ? { tenantId: customer.tenantId, displayName: customer.displayName, principal, role: before.role } : null,
          after: { tenantId: customer.tenantId, displayName: customer.displayName, principal, role },
          customer,
        };
      });
    },

    revoke(mspTenantId, actor, customerTenantId, principal, expectedVersion) {
      return change(mspTenantId, actor, expectedVersion, 'portfolio.revoke', (doc) => {
        const held = find(doc, customerTenantId);
        const grant = held?.grants.find((g) => g.principal.kind === principal.kind && g.principal.id === principal.id);
        if (!grant) throw new PortfolioNotFoundError(`${describePrincipal(principal)} holds no grant on tenant ${customerTenantId}.`);
        const next = revokeAccess(doc, customerTenantId, principal);
        return { next, before: { tenantId: customerTenantId.toLowerCase(), displayName: held?.displayName, principal, role: grant.role }, after: null, customer: find(next, customerTenantId) };
      });
    },

    setGraphAccess(mspTenantId, actor, customerTenantId, mode, expectedVersion) {
      return change(mspTenantId, actor, expectedVersion, 'portfolio.graph-access', (doc) => {
        const before = find(doc, customerTenantId);
        const next = setGraphAccess(doc, customerTenantId, mode);
        const customer = find(next, customerTenantId)!;
        const named = { tenantId: customer.tenantId, displayName: customer.displayName };
        return { next, before: { ...named, graphAccess: before?.graphAccess ?? 'app-only' }, after: { ...named, graphAccess: mode }, customer };
      });
    },

    async roleFor(mspTenantId, subject, customerTenantId) {
      const { index } = await loadMapping(mspTenantId);
      const role = roleFor(index, subject, customerTenantId);
      // Checked on every request: a revoke by the customer's admins applies to the MSP's next request.
      return role && !(await consentWithdrawn(mspTenantId, customerTenantId)) ? role : undefined;
    },

    customersFor,

    async overview(mspTenantId, subject, query) {
      const all = mspTenantId === undefined ? [] : await rowsFor(mspTenantId, subject);
      const filtered = sortRows(filterRows(all, query), query.sort ?? 'name', query.descending === true);
      const { offset, limit } = pageBounds({ offset: query.offset, limit: query.limit ?? 100 });
      return {
        today: now().toISOString().slice(0, 10),
        total: filtered.length,
        offset,
        limit,
        totals: {
          customers: all.length,
          behind: all.filter((r) => r.behind).length,
          blocked: all.reduce((n, r) => n + r.blocked, 0),
          licencesToBuy: all.reduce((n, r) => n + (r.licencesToBuy ?? 0), 0),
          drifted: all.reduce((n, r) => n + r.drifted, 0),
          neverSynced: all.filter((r) => r.lastSyncAt === null).length,
        },
        items: filtered.slice(offset, offset + limit),
      };
    },

    async cutoversBetween(mspTenantId, subject, from, to) {
      // rowsFor reads (or reuses) every granted customer's facts; their waves are then in `facts`.
      const rows = await rowsFor(mspTenantId, subject);
      const out: PortfolioCutover[] = [];
      for (const r of rows) {
        for (const wave of facts.get(r.tenantId)?.facts.waves ?? []) {
          if (wave.date >= from && wave.date <= to) out.push({ tenantId: r.tenantId, displayName: r.displayName, role: r.role, wave });
        }
      }
      return out.sort((a, b) => (a.wave.date < b.wave.date ? -1 : a.wave.date > b.wave.date ? 1 : a.displayName.localeCompare(b.displayName) || a.wave.number - b.wave.number));
    },

    async writeWorkbook(mspTenantId, subject, output) {
      const rows = mspTenantId === undefined ? [] : sortRows(await rowsFor(mspTenantId, subject), 'name', false);
      const waves = new Map<string, CustomerFacts['waves']>();
      for (const r of rows) waves.set(r.tenantId, (await customerFacts(r.tenantId)).facts.waves);
      // exceljs is loaded only when a workbook is asked for (the CLI's light commands never load it).
      // `require`, not `import()`: the build emits CommonJS (see cli/program.ts).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { writePortfolioWorkbook } = require('../export/portfolio-workbook') as typeof import('../export/portfolio-workbook');
      await writePortfolioWorkbook(output, { generatedAt: now().toISOString(), rows, waves });
    },

    declareSharedSbcs,

    async setSharedSbc(mspTenantId, actor, sbc, expectedVersion) {
      const { doc } = await loadMapping(mspTenantId);
      return declareSharedSbcs(mspTenantId, actor, withSharedSbc(doc?.data.sharedSbcs ?? [], sbc), expectedVersion);
    },

    async removeSharedSbc(mspTenantId, actor, sbcId, expectedVersion) {
      const { doc } = await loadMapping(mspTenantId);
      const next = withoutSharedSbc(doc?.data.sharedSbcs ?? [], sbcId);
      if (!next) throw new PortfolioNotFoundError(`No shared SBC "${sbcId}" is declared in this portfolio.`);
      return declareSharedSbcs(mspTenantId, actor, next, expectedVersion);
    },

    async sharedSbcSizing(mspTenantId, subject, sbcId) {
      const { doc } = await loadMapping(mspTenantId);
      const sbc = doc?.data.sharedSbcs?.find((x) => x.id === sbcId);
      if (!sbc) throw new PortfolioNotFoundError(`No shared SBC "${sbcId}" is declared in this portfolio.`);
      const traffic = { erlangPerUser: sbc.erlangPerUser ?? DEFAULT_TRAFFIC.erlangPerUser, gradeOfService: sbc.gradeOfService ?? DEFAULT_TRAFFIC.gradeOfService };
      const users: SharedSbcCustomer[] = [];
      for (const c of await customersFor(mspTenantId, subject)) {
        const on = await customerOnSbc(c.tenantId, sbc.fqdn);
        if (on) users.push({ tenantId: c.tenantId, displayName: c.displayName, ...on });
      }
      return sizeSharedSbc(sbc, users, traffic);
    },
  };
}

/** What the overview needs from a customer's three headers. */
export function factsOf(snapshot: SnapshotHeader | undefined, status: MigrationStatusHeader | undefined, plan: PlanHeader | undefined): CustomerFacts {
  const planHeader = plan && 'summary' in plan ? plan : undefined;
  const counts = new Map((status?.waves ?? []).map((w) => [w.number, w.counts]));
  const waves =
    planHeader?.waves.map((w) => ({
      number: w.number,
      name: w.name,
      date: w.date,
      time: w.time,
      members: w.members,
      sites: w.siteIds.length,
      done: counts.get(w.number)?.done ?? 0,
      total: counts.get(w.number)?.total ?? w.members,
      ...(counts.has(w.number) && { inTeams: numbersInTeams(counts.get(w.number)!) }),
    })) ?? [];
  const needs = planHeader ? planLicenceNeeds(planHeader, snapshot?.licenceSeats) : undefined;
  const buyBy = needs && earliestBuyBy(needs);
  return {
    users: snapshot?.counts?.users ?? null,
    lastSyncAt: snapshot?.takenAt ?? null,
    planned: planHeader !== undefined,
    planBuiltAt: planHeader?.builtAt ?? null,
    blocked: planHeader?.blockers.all.total ?? 0,
    unmet: planHeader?.summary.totals.unmet ?? 0,
    licencesToBuy: needs ? licencesToBuy(needs) : null,
    ...(buyBy && { licencesBuyBy: buyBy }),
    progress: status ? { done: status.tenant.done, total: status.tenant.total, percentDone: status.tenant.percentDone, drifted: status.tenant.drifted } : null,
    waves,
  };
}
