/**
 * Keeps the decisions read models (decisions-read-model.ts) in step with their inputs: the snapshot,
 * the settings and the PBX inventory. Whoever changes an input (a settings save, a sync, an import, a
 * rules apply; from the tab, the CLI or another instance) bumps its document version; a reader that
 * finds the stored view computed from other versions asks for a refresh. Refreshes of one tenant run
 * one at a time (requests arriving meanwhile join the next one), and with a database file they run on
 * a worker thread, so computing 100,000 people's paths never holds the server's event loop.
 */
import type { Worker } from 'node:worker_threads';
import type { StoreSpec } from '../store/store-spec';
import { ConcurrencyConflictError, type Store } from '../store/store';
import { createDocumentCache } from '../store/document-cache';
import { startWorker, siblingEntry } from '../workers/start-worker';
import { defaultSettings, SETTINGS_DOCUMENT } from './decision-service';
import { DECISIONS_DOCUMENT, decisionsReadModelChanges, sameInputs, type DecisionInputs, type DecisionsHeader, type PersonAnnotation } from './decisions-read-model';
import { loadInventory, PBX_INVENTORY_DOCUMENT } from './pbx-import-service';
import type { PbxInventory } from '../domain/pbx-inventory';
import type { PlanningSettings } from '../domain/planning-settings';
import type { TenantSnapshot } from '../domain/tenant-snapshot';
import { loadSnapshot, SNAPSHOT_DOCUMENT } from './snapshot-repository';

const REFRESH_ATTEMPTS = 3;
/**
 * The decisions worker's old-generation heap. A 100,000-person refresh keeps about 450 MB alive; left
 * unbounded, V8 let the worker grow by ~400 MB per refresh before collecting (1.3 GB after three), and
 * the worker's heap is the server process's memory. Bounded, it collects sooner and runs no slower.
 */
const WORKER_HEAP_MB = 768;

/** The versions of the documents decisions depend on, as they are now. */
export async function currentDecisionInputs(store: Store, tenantId: string): Promise<DecisionInputs> {
  const [snapshot, settings, inventory] = await Promise.all([
    store.getDocumentVersion(tenantId, SNAPSHOT_DOCUMENT),
    store.getDocumentVersion(tenantId, SETTINGS_DOCUMENT),
    store.getDocumentVersion(tenantId, PBX_INVENTORY_DOCUMENT),
  ]);
  return { snapshot: snapshot?.version ?? null, settings: settings?.version ?? null, inventory: inventory?.version ?? null };
}

export type RefreshOutcome = 'refreshed' | 'current' | 'no-snapshot';

/**
 * What the worker keeps from one refresh to the next, one tenant at a time (the memory it holds is one
 * tenant's). The next refresh, most often after a settings save when neither the snapshot nor the
 * inventory changed, reuses them instead of reading 200,000 records again, and with `written` it writes
 * only the people whose path or blockers changed.
 */
export interface LoadedInputs {
  snapshot?: { tenantId: string; version: number; value: TenantSnapshot };
  inventory?: { tenantId: string; version: number | null; value: PbxInventory | undefined };
  /** The view this refresh wrote: its inputs, the version of its header, each person's annotation. */
  written?: { tenantId: string; inputs: DecisionInputs; headerVersion: number; annotations: ReadonlyMap<string, PersonAnnotation> };
}

/**
 * The annotations the stored view holds, when a patch can be written over it: the view stored is the
 * one this refresher wrote last (its header still at that version), from the same snapshot and inventory.
 */
function patchable(loaded: LoadedInputs, tenantId: string, header: { version: number } | undefined, inputs: DecisionInputs) {
  const w = loaded.written;
  if (!w || !header || w.tenantId !== tenantId || w.headerVersion !== header.version) return undefined;
  return w.inputs.snapshot === inputs.snapshot && w.inputs.inventory === inputs.inventory ? w.annotations : undefined;
}

/**
 * Computes and stores the decisions read models unless they are current. The commit expects every
 * input, and the header, at the version read; when one changed meanwhile, it computes again (a few
 * times at most).
 */

export async function refreshDecisions(store: Store, tenantId: string, actor = 'decisions-refresh', loaded: LoadedInputs = {}): Promise<RefreshOutcome> {
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    const inputs = await currentDecisionInputs(store, tenantId);
    if (inputs.snapshot === null) return 'no-snapshot';
    const stored = await store.getDocument<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT);
    if (stored && sameInputs(stored.data.inputs, inputs)) return refreshed ? 'refreshed' : 'current';
    const kept = (e: { tenantId: string; version: number | null } | undefined, version: number | null) => e?.tenantId === tenantId && e.version === version;
    const [snapshot, inventory, settingsDoc] = await Promise.all([
      kept(loaded.snapshot, inputs.snapshot) ? loaded.snapshot!.value : loadSnapshot(store, tenantId),
      kept(loaded.inventory, inputs.inventory) ? loaded.inventory!.value : loadInventory(store, tenantId),
      store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT),
    ]);
    // What was read is kept only under the version read before reading: a change in between makes the
    // commit below fail on its version check, and the next attempt reads again.
    if (snapshot) loaded.snapshot = { tenantId, version: inputs.snapshot, value: snapshot };
    loaded.inventory = { tenantId, version: inputs.inventory, value: inventory };
    if (!snapshot) return 'no-snapshot';
    const settings = { settings: settingsDoc?.data ?? defaultSettings(), version: settingsDoc?.version ?? null };
    // The view claims the settings version it was computed from, read with the settings themselves. It
    // is stored even when a save landed meanwhile (its header says which version it follows, so readers
    // know it is behind): under a save every few seconds a refresh that had to wait for the inputs it
    // started from would never land. The snapshot and inventory are read from several records, so their
    // versions are expected unchanged at the commit instead.
    const computedFrom: DecisionInputs = { ...inputs, settings: settings.version };
    const { changes, annotations } = decisionsReadModelChanges(snapshot, inventory, settings, computedFrom, patchable(loaded, tenantId, stored, computedFrom));
    // A commit refused on a version writes nothing (it is atomic): what `written` says stays true, and
    // the next attempt is a patch too.
    try {
      await store.commit(tenantId, actor, [
        { type: 'expect-document', kind: SNAPSHOT_DOCUMENT, version: inputs.snapshot },
        { type: 'expect-document', kind: PBX_INVENTORY_DOCUMENT, version: inputs.inventory },
        // Another refresher (another instance) wrote the view meanwhile: compute again over what it wrote.
        { type: 'expect-document', kind: DECISIONS_DOCUMENT, version: stored?.version ?? null },
        ...changes,
      ]);
      loaded.written = { tenantId, inputs: computedFrom, headerVersion: (stored?.version ?? 0) + 1, annotations };
      refreshed = true;
    } catch (err) {
      if (!(err instanceof ConcurrencyConflictError) || attempt >= REFRESH_ATTEMPTS) throw err;
      continue;
    }
    // Settings saved while it computed: follow them now, as a patch over what was just written.
    if (attempt >= REFRESH_ATTEMPTS || sameInputs(computedFrom, await currentDecisionInputs(store, tenantId))) return 'refreshed';
  }
}

/** Runs one tenant's refresh somewhere: in this thread, or on a worker. */
export interface RefreshExecutor {
  run(tenantId: string): Promise<RefreshOutcome>;
  close(): Promise<void>;
}

export function inlineExecutor(store: Store): RefreshExecutor {
  return { run: (tenantId) => refreshDecisions(store, tenantId), close: async () => undefined };
}

/**
 * One worker thread with its own connection to the store (the same SQLite file, or its own Azure
 * clients), started on first use. Refreshes are sent to it one at a time; it is unref'd, so it never
 * keeps a process alive.
 */
export function workerExecutor(spec: StoreSpec): RefreshExecutor {
  let worker: Worker | undefined;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (o: RefreshOutcome) => void; reject: (e: Error) => void }>();
  const failAll = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
    worker = undefined;
  };
  const ensure = (): Worker => {
    if (worker) return worker;
    const w = startWorker(siblingEntry(__filename, 'decisions-worker'), {
      workerData: { spec },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    w.unref();
    w.on('message', (m: { id: number; outcome?: RefreshOutcome; error?: string; code?: string }) => {
      const entry = waiting.get(m.id);
      if (!entry) return;
      waiting.delete(m.id);
      if (m.error !== undefined) entry.reject(Object.assign(new Error(m.error), m.code ? { code: m.code } : {}));
      else entry.resolve(m.outcome!);
    });
    w.on('error', (err) => failAll(err));
    w.on('exit', (code) => failAll(new Error(`The decisions worker stopped (exit code ${code}).`)));
    worker = w;
    return w;
  };
  return {
    run(tenantId) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        ensure().postMessage({ id, tenantId });
      });
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}

export interface DecisionsRefresher {
  /** Starts a refresh (or joins the one waiting to start) and resolves when it is done. */
  refresh(tenantId: string): Promise<RefreshOutcome>;
  /**
   * The stored header and whether it matches the inputs now. With `wait`, a stale or missing view is
   * refreshed first (the caller waits, the event loop does not).
   */
  view(tenantId: string, options?: { wait?: boolean }): Promise<{ header?: DecisionsHeader; fresh: boolean; refreshing: boolean }>;
  /**
   * The stored header as it is, also when it is missing or behind, with a refresh started in the
   * background when it is: for a reader that shows what there is and never waits (the Overview, which a
   * first start would otherwise show without paths and costs until someone opened the Sites page).
   */
  stored(tenantId: string): Promise<DecisionsHeader | undefined>;
  /**
   * Starts computing the view of a tenant that has a snapshot but no view yet, whose first People request
   * would otherwise wait for all of it. A view that is only behind is left for its next reader, who is
   * served it meanwhile: refreshing it after every job would run it beside the next job, for nobody.
   */
  prepareFirstView(tenantId: string): Promise<void>;
  close(): Promise<void>;
}

export function createDecisionsRefresher(store: Store, executor: RefreshExecutor): DecisionsRefresher {
  // Every People page reads the header: parsed once per version.
  const documents = createDocumentCache(store);
  const loadHeader = async (tenantId: string) => (await documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT))?.data;

  /** The latest refresh scheduled per tenant (running or waiting), and the one not started yet. */
  const latest = new Map<string, Promise<RefreshOutcome>>();
  const notStarted = new Map<string, Promise<RefreshOutcome>>();

  function refresh(tenantId: string): Promise<RefreshOutcome> {
    const waiting = notStarted.get(tenantId);
    if (waiting) return waiting;
    const previous = latest.get(tenantId) ?? Promise.resolve<RefreshOutcome>('current');
    const run = previous
      .catch(() => undefined)
      .then(() => {
        notStarted.delete(tenantId);
        return executor.run(tenantId);
      });
    notStarted.set(tenantId, run);
    latest.set(tenantId, run);
    const settle = () => {
      if (latest.get(tenantId) === run) latest.delete(tenantId);
    };
    run.then(settle, settle);
    return run;
  }

  /** The stored header, whether it matches the inputs now, and whether it needs a refresh (never without a snapshot). */
  async function storedHeader(tenantId: string) {
    const [header, inputs] = await Promise.all([loadHeader(tenantId), currentDecisionInputs(store, tenantId)]);
    const fresh = header !== undefined && sameInputs(header.inputs, inputs);
    return { header, fresh, refreshDue: !fresh && inputs.snapshot !== null };
  }

  return {
    refresh,
    async view(tenantId, options = {}) {
      const { header, fresh, refreshDue } = await storedHeader(tenantId);
      if (!refreshDue) return { header, fresh, refreshing: false };
      const running = refresh(tenantId);
      if (!options.wait && header) {
        running.catch(() => undefined); // the next reader sees the outcome
        return { header, fresh: false, refreshing: true };
      }
      await running;
      const after = await loadHeader(tenantId);
      return { header: after, fresh: after !== undefined && sameInputs(after.inputs, await currentDecisionInputs(store, tenantId)), refreshing: false };
    },
    async stored(tenantId) {
      const { header, refreshDue } = await storedHeader(tenantId);
      if (refreshDue) refresh(tenantId).catch(() => undefined); // the next reader sees the outcome
      return header;
    },
    async prepareFirstView(tenantId) {
      const { header, refreshDue } = await storedHeader(tenantId);
      if (!header && refreshDue) refresh(tenantId).catch(() => undefined); // the first reader joins it
    },
    close: () => executor.close(),
  };
}
