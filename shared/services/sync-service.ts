/**
 * Tenant discovery as a use case: read the tenant through Graph (full, or incremental from the
 * stored delta link), build the TenantSnapshot (people, sites, numbers, unmapped people, warnings)
 * and save it together with the new delta link in one atomic commit. A failed or cancelled sync
 * throws before anything is written, so the last good snapshot always stays in place.
 */
import { migrationStatusForSnapshot } from './migration-status-read-model';
import { PLAN_DOCUMENT } from './plan-read-model';
import { indexSkus, LicencesBySku, voiceSkuSeats, voiceSkuStates } from '../domain/licence-mapping';
import { deriveSites, PlaceForSites, SiteMappingRule } from '../domain/site-derivation';
import { countSnapshot, Person, SnapshotCounts, SnapshotWarning, TenantNumber, TenantSnapshot } from '../domain/tenant-snapshot';
import { BusinessPhoneParser } from '../graph/business-phone-parser';
import { GraphRequestError } from '../graph/graph-errors';
import { GraphHttp } from '../graph/graph-http';
import type { TokenProvider } from '../graph/graph-middleware';
import type { RetryOptions } from '../graph/retry-policy';
import { GraphUser, GraphUserConfiguration, USER_SELECT_WITH_LICENCES, USER_SELECT_WITH_PLANS } from '../graph/graph-types';
import { mergeDeltaUser, toPerson, toPlaces, toTenantNumber } from '../graph/snapshot-mapping';
import { TenantGraphReader } from '../graph/tenant-graph-reader';
import { ConcurrencyConflictError, Store, StoreChange } from '../store/store';
import { loadSnapshot, snapshotChanges } from './snapshot-repository';

export const DELTA_LINK_DOCUMENT = 'graph.delta-link';
export const SITE_RULES_DOCUMENT = 'site-mapping-rules';

/** Times a sync derives its sites again because the mapping rules changed while it ran. */
const RULE_CHANGE_ATTEMPTS = 3;

export interface StoredDeltaLink {
  deltaLink: string;
  graphBaseUrl: string;
  takenAt: string;
  /** The licence property the link's `$select` names, and so the one its changes carry (absent: assignedPlans). */
  licenceField?: 'assignedLicenses' | 'assignedPlans';
}

export interface GraphConnection {
  baseUrl: string;
  tokenProvider: TokenProvider;
  retry?: Partial<RetryOptions>;
  /** Parallel requests for sharded user reads. */
  concurrency?: number;
  /** false: plain paging only. */
  userShards?: readonly string[] | false;
}

export interface SyncProgress {
  phase: 'starting' | 'users' | 'places' | 'numbers' | 'saving' | 'done' | 'failed';
  pages: number;
  users: number;
  elapsedMs: number;
}

export interface SyncOptions {
  store: Store;
  graph: GraphConnection;
  /** When set, the Graph endpoint must belong to this tenant. */
  tenantId?: string;
  /** auto = incremental when a delta link for this Graph endpoint is stored, else full. */
  mode?: 'auto' | 'full' | 'delta';
  /**
   * Also read Teams user configurations (one more full pass over the tenant). Off by default: users'
   * licences already say who is a resource account; turn it on where the account type matters.
   */
  readUserConfigurations?: boolean;
  /** Overrides the rules stored in the tenant's `site-mapping-rules` document. */
  siteRules?: SiteMappingRule[];
  actor: string;
  now?: () => Date;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Hand back the snapshot as stored (`SyncResult.snapshot`): a caller that goes on with it (`vmp run`'s
   * import and plan) need not read 100,000 people back. Off by default, so it is garbage after the save.
   */
  keepSnapshot?: boolean;
}

export interface SyncResult {
  tenantId: string;
  tenantName: string;
  mode: 'full' | 'delta';
  /** True when an incremental sync found its delta link expired and read everything instead. */
  fellBackToFull: boolean;
  usersRead: 'sharded' | 'paged' | 'delta';
  counts: SnapshotCounts;
  warnings: SnapshotWarning[];
  pages: number;
  retries: number;
  elapsedMs: number;
  deltaChanges?: { upserted: number; removed: number };
  /** Where the time went: reading Graph, building the snapshot, saving it. */
  timings: { readMs: number; buildMs: number; saveMs: number };
  /** The snapshot stored, with `keepSnapshot`. */
  snapshot?: TenantSnapshot;
}

export async function syncTenant(options: SyncOptions): Promise<SyncResult> {
  const now = options.now ?? (() => new Date());
  const started = Date.now();
  const progress: SyncProgress = { phase: 'starting', pages: 0, users: 0, elapsedMs: 0 };
  const report = (phase?: SyncProgress['phase']) => {
    if (phase) progress.phase = phase;
    progress.elapsedMs = Date.now() - started;
    options.onProgress?.({ ...progress });
  };
  // One controller for every parallel read, so a failure in one stops the others.
  const controller = new AbortController();
  const onOuterAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  const http = new GraphHttp({ baseUrl: options.graph.baseUrl, tokenProvider: options.graph.tokenProvider, retry: options.graph.retry, signal: controller.signal });
  const reader = new TenantGraphReader(http, {
    concurrency: options.graph.concurrency,
    userShards: options.graph.userShards,
    onPage: (e) => {
      progress.pages++;
      if (e.collection === 'users' || e.collection === 'users-delta') progress.users += e.items;
      report(e.collection === 'users' || e.collection === 'users-delta' ? 'users' : e.collection === 'numbers' ? 'numbers' : e.collection === 'places' ? 'places' : undefined);
    },
  });
  const pending: Promise<unknown>[] = [];
  const phones = new BusinessPhoneParser();
  try {
    report('starting');
    const org = await reader.readOrganization();
    if (options.tenantId && org.id.toLowerCase() !== options.tenantId.toLowerCase()) {
      throw new GraphRequestError('tenant-mismatch', `The Graph endpoint belongs to tenant ${org.id}, not ${options.tenantId}`);
    }
    const tenantId = options.tenantId ?? org.id;
    const warnings: SnapshotWarning[] = [];
    const stored = (await options.store.getDocument<StoredDeltaLink>(tenantId, DELTA_LINK_DOCUMENT))?.data;
    const previous = options.mode === 'full' ? undefined : await loadSnapshot(options.store, tenantId);
    let canDelta = !!stored && !!previous && stored.graphBaseUrl === http.baseUrl;
    if (options.mode === 'delta' && !canDelta) {
      warnings.push({ code: 'delta-not-possible', message: 'No stored delta link for this Graph endpoint: read the whole tenant instead.' });
    }
    let fellBackToFull = false;

    const { skus, licenceSkuStates, licenceSeats, userSelect, licenceField } = await readLicenceSource(reader, warnings);
    const readAgain = (code: string, message: string) => {
      warnings.push({ code, message: `${message}; read the whole tenant instead.` });
      canDelta = false;
      fellBackToFull = true;
    };
    if (canDelta && licenceSkuStates && previous!.licenceSkuStates && JSON.stringify(licenceSkuStates) !== JSON.stringify(previous!.licenceSkuStates)) {
      // A SKU entering or leaving its grace period changes no user object, so no delta would report it.
      readAgain('licence-states-changed', 'A Teams Phone or Calling Plan subscription changed state since the last sync');
    } else if (canDelta && !skus && stored!.licenceField === 'assignedLicenses') {
      readAgain('licences-unreadable', "The stored delta link reports licence changes as SKU ids, but the tenant's SKUs can no longer be read");
    }

    let people: Person[] | undefined;
    let deltaLink: string | undefined;
    // A delta link keeps the `$select` it was made with.
    let deltaLicenceField = stored?.licenceField ?? 'assignedPlans';
    let usersRead: SyncResult['usersRead'] = 'delta';
    let deltaChanges: SyncResult['deltaChanges'];
    const configsPromise = options.readUserConfigurations !== true ? Promise.resolve(undefined) : reader.readUserConfigurations(warnings);
    const placesPromise = reader.readPlaces(warnings);
    const numbersPromise = reader.readNumbers(warnings);
    // Unhandled rejections while the user read runs would crash the process: attach handlers now.
    for (const p of [configsPromise, placesPromise, numbersPromise]) {
      p.catch(() => undefined);
      pending.push(p);
    }

    let fullPeople: Person[] | undefined;
    let deltaItems: GraphUser[] | undefined;
    if (canDelta) {
      try {
        const delta = await reader.readUserDelta(stored!.deltaLink);
        deltaItems = delta.changes;
        deltaLink = delta.deltaLink;
      } catch (err) {
        if (!(err instanceof GraphRequestError && err.code === 'sync-state-not-found')) throw err;
        warnings.push({ code: 'delta-expired', message: `${err.message}; read the whole tenant instead.`, request: err.request });
        fellBackToFull = true;
      }
    }
    if (!deltaItems) {
      // The delta link is taken before the read so that changes made during it show up next time.
      deltaLink = await reader.latestDeltaLink(warnings, userSelect);
      deltaLicenceField = licenceField;
      const read = await reader.readUsers((u, path) => toPerson(u, path, skus, phones), userSelect);
      await phones.settled();
      warnings.push(...read.warnings);
      fullPeople = read.users;
      usersRead = read.mode;
    }
    const [configs, places, numbersRaw] = await Promise.all([configsPromise, placesPromise, numbersPromise]);
    const readDone = Date.now();
    const configById = new Map<string, GraphUserConfiguration>();
    for (const c of configs ?? []) if (c?.id) configById.set(c.id, c);

    if (fullPeople) {
      people = fullPeople;
    } else {
      ({ people, deltaChanges } = applyDelta(previous!.people, deltaItems!, skus));
    }

    if (skus?.usersWithUnknownSkus) {
      warnings.push({
        code: 'licences-unknown-sku',
        message: `${skus.usersWithUnknownSkus} users hold a licence whose SKU the tenant's subscribedSkus does not list; those licences count for nothing.`,
      });
    }
    // The configuration API knows resource accounts whose licence is missing or still being assigned.
    for (const p of people) if (configById.get(p.id)?.accountType === 'resourceAccount') p.kind = 'resourceAccount';

    const numbers: TenantNumber[] = (numbersRaw ?? []).map((n, i) => toTenantNumber(n, `numberAssignments[${i}]`));
    people.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    numbers.sort((a, b) => (a.telephoneNumber < b.telephoneNumber ? -1 : a.telephoneNumber > b.telephoneNumber ? 1 : 0));
    const takenAt = now().toISOString();
    let buildDone = 0;
    const snapshot = await commitWithCurrentRules({
      store: options.store,
      actor: options.actor,
      draft: { tenantId, tenantName: org.displayName, takenAt, source: http.baseUrl, people, numbers, warnings, ...(licenceSkuStates && { licenceSkuStates }), ...(licenceSeats && { licenceSeats }) },
      places: toPlaces(places),
      siteRules: options.siteRules,
      beforeFirstCommit: async () => {
        if (controller.signal.aborted) throw new GraphRequestError('cancelled', 'The sync was cancelled');
        report('saving');
        buildDone = Date.now();
        await options.store.upsertTenant(tenantId, org.displayName);
      },
      alsoCommit: (built) => [
        deltaLink
          ? {
              type: 'put-document',
              kind: DELTA_LINK_DOCUMENT,
              data: { deltaLink, graphBaseUrl: http.baseUrl, takenAt, licenceField: deltaLicenceField } satisfies StoredDeltaLink,
            }
          : { type: 'delete-document', kind: DELTA_LINK_DOCUMENT },
        { type: 'audit', action: canDelta && !fellBackToFull ? 'sync-delta' : 'sync-full', kind: 'snapshot', after: countSnapshot(built) },
      ],
    });
    const saveDone = Date.now();
    report('done');
    return {
      tenantId,
      tenantName: org.displayName,
      mode: deltaItems ? 'delta' : 'full',
      fellBackToFull,
      usersRead,
      counts: countSnapshot(snapshot),
      warnings,
      pages: progress.pages,
      retries: http.retries,
      elapsedMs: Date.now() - started,
      deltaChanges,
      timings: { readMs: readDone - started, buildMs: buildDone - readDone, saveMs: saveDone - buildDone },
      ...(options.keepSnapshot && { snapshot }),
    };
  } catch (err) {
    controller.abort();
    // Let the parallel reads observe the abort before reporting, so no request outlives the sync.
    await Promise.allSettled(pending);
    report('failed');
    throw err;
  } finally {
    phones.close();
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * How this sync reads licences: a few SKU ids per user (`assignedLicenses`) read against the tenant's
 * SKUs where those can be read, otherwise every service plan of every user (`assignedPlans`).
 */
async function readLicenceSource(reader: TenantGraphReader, warnings: SnapshotWarning[]) {
  const subscribedSkus = await reader.readSubscribedSkus(warnings);
  const index = subscribedSkus && indexSkus(subscribedSkus);
  return index
    ? {
        skus: new LicencesBySku(index),
        licenceSkuStates: voiceSkuStates(index),
        licenceSeats: voiceSkuSeats(subscribedSkus),
        userSelect: USER_SELECT_WITH_LICENCES,
        licenceField: 'assignedLicenses' as const,
      }
    : { skus: undefined, licenceSkuStates: undefined, licenceSeats: undefined, userSelect: USER_SELECT_WITH_PLANS, licenceField: 'assignedPlans' as const };
}

/**
 * Derives the people's sites and commits the snapshot with the sync's other changes. Sites come from
 * the site mapping rules, which an admin may change while the sync runs (from the tab, the CLI or
 * another server instance): the commit expects the rules version the sites came from, and when the
 * rules changed, the sites are derived again from the new ones instead of storing sites of old rules.
 */
async function commitWithCurrentRules(input: {
  store: Store;
  actor: string;
  draft: Omit<TenantSnapshot, 'sites' | 'unmappedPeople'>;
  places: PlaceForSites[];
  /** Rules given by the caller instead of the stored ones (nothing to guard then). */
  siteRules?: SiteMappingRule[];
  beforeFirstCommit: () => Promise<void>;
  alsoCommit: (snapshot: TenantSnapshot) => StoreChange[];
}): Promise<TenantSnapshot> {
  const { store, draft } = input;
  for (let attempt = 1; ; attempt++) {
    const rulesDocument = input.siteRules ? undefined : await store.getDocument<{ rules: SiteMappingRule[] }>(draft.tenantId, SITE_RULES_DOCUMENT);
    const derivation = deriveSites({ places: input.places, people: draft.people, rules: input.siteRules ?? rulesDocument?.data.rules ?? [] });
    for (const p of draft.people) {
      const siteId = derivation.siteOf.get(p.id);
      if (siteId) p.siteId = siteId;
      else delete p.siteId;
    }
    const snapshot: TenantSnapshot = { ...draft, sites: derivation.sites, unmappedPeople: derivation.unmapped };
    if (attempt === 1) await input.beforeFirstCommit();
    const changes: StoreChange[] = snapshotChanges(snapshot);
    if (!input.siteRules) changes.unshift({ type: 'expect-document', kind: SITE_RULES_DOCUMENT, version: rulesDocument?.version ?? null });
    changes.push(...input.alsoCommit(snapshot));
    // Plan versus tenant moves with the tenant: the status read model is recomputed in the same commit.
    changes.push(...(await migrationStatusForSnapshot(store, draft.tenantId, snapshot)));
    try {
      await store.commit(draft.tenantId, input.actor, changes);
      return snapshot;
    } catch (err) {
      // The rules changed (derive the sites again) or a plan was built meanwhile (compare with it instead).
      const retry = err instanceof ConcurrencyConflictError && (err.kind === SITE_RULES_DOCUMENT || err.kind === PLAN_DOCUMENT);
      if (!(retry && attempt < RULE_CHANGE_ATTEMPTS)) throw err;
    }
  }
}

/** The previous snapshot's people with a delta read's additions, changes and removals applied. */
function applyDelta(previous: readonly Person[], items: readonly GraphUser[], skus: LicencesBySku | undefined): { people: Person[]; deltaChanges: { upserted: number; removed: number } } {
  const byId = new Map(previous.map((p) => [p.id, p]));
  let upserted = 0;
  let removed = 0;
  items.forEach((item, i) => {
    const id = item?.id;
    if (!id) throw new GraphRequestError('invalid-record', `delta value[${i}].id is missing`);
    if (item['@removed']) {
      if (byId.delete(id)) removed++;
      return;
    }
    byId.set(id, mergeDeltaUser(byId.get(id), item, `delta value[${i}]`, skus));
    upserted++;
  });
  return { people: [...byId.values()], deltaChanges: { upserted, removed } };
}

/**
 * Runs syncs for the tab and the bot: one at a time per tenant, in the background, with the latest
 * progress kept for polling. The Graph connection is set by the composition root (local demo
 * server today; per-tenant credentials in production).
 */
export interface SyncStatus extends SyncProgress {
  state: 'idle' | 'running' | 'succeeded' | 'failed';
  startedAt?: string;
  error?: string;
  result?: SyncResult;
}

export class SyncController {
  private connection?: GraphConnection;
  private readonly status = new Map<string, SyncStatus>();
  private readonly running = new Map<string, Promise<SyncResult>>();

  constructor(
    private readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  configure(connection: GraphConnection | undefined): void {
    this.connection = connection;
  }

  get configured(): boolean {
    return this.connection !== undefined;
  }

  /** The configured connection: background sync jobs read Graph through it (shared/jobs). */
  graphConnection(): GraphConnection | undefined {
    return this.connection;
  }

  latest(tenantId: string): SyncStatus {
    return this.status.get(tenantId) ?? { state: 'idle', phase: 'starting', pages: 0, users: 0, elapsedMs: 0 };
  }

  /** Starts a sync and returns at once; `wait()` on the result when the caller wants the outcome. */
  start(tenantId: string, actor: string, mode: SyncOptions['mode'] = 'auto'): { started: boolean; done: Promise<SyncResult> } {
    const existing = this.running.get(tenantId);
    if (existing) return { started: false, done: existing };
    if (!this.connection) {
      const err = Object.assign(new Error('Graph credentials are not configured for this deployment, so the tenant cannot be synced from here.'), { code: 'bad-input' });
      throw err;
    }
    const status: SyncStatus = { state: 'running', phase: 'starting', pages: 0, users: 0, elapsedMs: 0, startedAt: this.now().toISOString() };
    this.status.set(tenantId, status);
    const done = syncTenant({
      store: this.store,
      graph: this.connection,
      tenantId,
      mode,
      actor,
      now: this.now,
      onProgress: (p) => Object.assign(status, p),
    }).then(
      (result) => {
        Object.assign(status, { state: 'succeeded', result });
        return result;
      },
      (err: unknown) => {
        Object.assign(status, { state: 'failed', error: err instanceof Error ? err.message : String(err) });
        throw err;
      },
    );
    done.catch(() => undefined).finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, done);
    return { started: true, done };
  }
}
