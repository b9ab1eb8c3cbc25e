/**
 * Runs queued jobs off the main event loop: each job in its own worker thread (node:worker_threads)
 * with its own store connection, so a 100,000-user sync or a 5 MB import never stalls another
 * tenant's requests or /healthz. An in-memory SQLite store is visible to its own thread only: then
 * jobs run inline.
 *
 * Limits: one running job per tenant (the others wait queued) and `workers` jobs at once in all, so
 * one tenant cannot starve another. The oldest waiting job across tenants goes first.
 *
 * The main thread only reads the store to find work; the worker claims the job, writes its progress,
 * lease and end through its own connection (job-execution.ts). So when a SQLite writer has to wait for
 * another's transaction (a 100,000-line import committing), the worker waits, not the event loop.
 *
 * Claiming is a commit of the tenant's jobs document against the version read (job-repository.ts), so
 * runners of several instances sharing a store never both run a job. A running job holds a lease
 * (owner + until) renewed with its progress; a job whose lease ran out (its instance died) or whose
 * owner is this instance's previous life is re-queued once - sync, import and plan commit all or
 * nothing, so a re-run is safe - and otherwise failed, saying it was interrupted by a restart.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { siblingEntry, startWorker } from '../workers/start-worker';
import { runWithSyncCredential } from '../graph/token-providers';
import type { TokenProvider } from '../graph/graph-middleware';
import type { AppServices } from '../services/app-services';
import type { GraphConnection } from '../services/sync-service';
import { claimAndRun, type ClaimParams } from './job-execution';
import { isDead, nextFor, type RunnerIdentity } from './job-lifecycle';
import type { JobService, LocalRunner } from './job-service';
import { JOBS_DOCUMENT, type Job, type JobsDocument } from './job-types';
import type { StoreSpec } from '../store/store-spec';
import type { MainMessage, WorkerInput, WorkerMessage } from './job-worker';

export interface JobRunnerOptions {
  services: AppServices;
  /** How a worker opens the store; undefined (an in-memory store) runs jobs inline. */
  storeSpec?: StoreSpec;
  /** Jobs running at once across all tenants (default 2). */
  workers?: number;
  /**
   * A lease not renewed for this long belongs to a stopped instance (default 60 s). The job's worker
   * renews it between steps, so a step computing longer than this without yielding could lose it.
   */
  leaseMs?: number;
  /** Lease renewal interval (default 10 s). */
  renewMs?: number;
  /** How often queued jobs of other instances and expired leases are looked for (default 3 s). */
  pollMs?: number;
  /** Progress is written to the job record at most this often (default 1 s). */
  progressMs?: number;
  /**
   * A name that stays the same across restarts of this instance and differs from every other running
   * instance (App Service's WEBSITE_INSTANCE_ID): a restarted instance then recognises the jobs its
   * previous life left running without waiting for their leases to expire.
   */
  instanceName?: string;
  /** Runs per job, counting the first (default 2: one retry after an interruption). */
  maxAttempts?: number;
  /** Old-generation heap of each job's worker thread in MB (default DEFAULT_WORKER_HEAP_MB). */
  workerHeapMb?: number;
}

/** Runner settings from the environment: JOB_WORKERS, JOB_INSTANCE_NAME (default WEBSITE_INSTANCE_ID). */
export function jobRunnerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<JobRunnerOptions, 'workers' | 'instanceName' | 'workerHeapMb'> {
  const raw = env.JOB_WORKERS?.trim();
  let workers: number | undefined;
  if (raw) {
    workers = Number(raw);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`JOB_WORKERS must be a whole number from 1 to 64; got "${raw}".`);
  }
  const instanceName = env.JOB_INSTANCE_NAME?.trim() || env.WEBSITE_INSTANCE_ID?.trim() || undefined;
  const heap = env.JOB_WORKER_HEAP_MB?.trim();
  const workerHeapMb = heap ? Number(heap) : undefined;
  if (workerHeapMb !== undefined && !(Number.isInteger(workerHeapMb) && workerHeapMb >= 128)) {
    throw new Error(`JOB_WORKER_HEAP_MB must be a whole number of megabytes, at least 128; got "${heap}".`);
  }
  return { workers, instanceName, workerHeapMb };
}

/** A tenant this instance is working on: its claimer/runner (a worker, or inline) and, once claimed, the job. */
interface Slot {
  tenantId: string;
  worker?: Worker;
  job?: Job;
  /** The job's end was written by whoever ran it. */
  ended: boolean;
}

export class JobRunner implements LocalRunner {
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly jobs: JobService;
  private readonly workers: number;
  private readonly renewMs: number;
  private readonly pollMs: number;
  private readonly progressMs: number;
  private readonly maxAttempts: number;
  private readonly instanceName?: string;
  private readonly slots = new Map<string, Slot>();
  private readonly running = new Set<Promise<void>>();
  private readonly credentials = new Map<string, { tenantId: string; provider: TokenProvider }>();
  private readonly woken = new Set<string>();
  private pollAll = true;
  private ticking = false;
  private again = false;
  private stopping = false;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: JobRunnerOptions) {
    this.jobs = options.services.jobs;
    this.workers = options.workers ?? 2;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.renewMs = options.renewMs ?? 10_000;
    this.pollMs = options.pollMs ?? 3_000;
    this.progressMs = options.progressMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 2;
    this.instanceName = options.instanceName;
    this.instanceId = `${options.instanceName ?? os.hostname()}/${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    this.jobs.attachRunner(this);
    this.timer = setInterval(() => {
      this.pollAll = true;
      void this.tick();
    }, this.pollMs);
    this.timer.unref();
    void this.tick();
  }

  /** Stops claiming, stops the running workers and puts their jobs back in the queue for the next runner. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.jobs.attachRunner(undefined);
    for (const slot of this.slots.values()) void slot.worker?.terminate();
    while (this.running.size > 0 || this.ticking) {
      await Promise.allSettled([...this.running]);
      if (this.ticking) await new Promise((r) => setTimeout(r, 10));
    }
  }

  holdCredential(jobId: string, tenantId: string, provider: TokenProvider): void {
    this.credentials.set(jobId, { tenantId, provider });
  }

  wake(tenantId: string): void {
    this.woken.add(tenantId);
    void this.tick();
  }

  private identity(): RunnerIdentity {
    const activeIds = new Set<string>();
    for (const slot of this.slots.values()) if (slot.job) activeIds.add(slot.job.id);
    return { instanceId: this.instanceId, instanceName: this.instanceName, leaseMs: this.leaseMs, maxAttempts: this.maxAttempts, activeIds, heldIds: new Set(this.credentials.keys()) };
  }

  private async tick(): Promise<void> {
    if (this.stopping) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = true;
    try {
      do {
        this.again = false;
        let tenants: string[];
        if (this.pollAll) {
          this.pollAll = false;
          tenants = (await this.options.services.store.listTenants()).map((t) => t.tenantId);
        } else {
          tenants = [...this.woken];
        }
        this.woken.clear();
        await this.schedule(tenants);
      } while (this.again && !this.stopping);
    } catch (err) {
      if (!this.stopping) console.error('The job runner could not look for work:', err);
    } finally {
      this.ticking = false;
    }
  }

  /**
   * Reads only (a read never waits for a writer): finds the tenants with a job to start or a stopped
   * instance's job to recover, oldest waiting job first, and starts a claimer for each while there is room.
   */
  private async schedule(tenants: string[]): Promise<void> {
    const me = this.identity();
    const now = new Date();
    const candidates: Array<{ tenantId: string; since: string }> = [];
    for (const tenantId of tenants) {
      if (this.slots.has(tenantId)) continue;
      const jobs = (await this.options.services.store.getDocument<JobsDocument>(tenantId, JOBS_DOCUMENT))?.data.jobs ?? [];
      const next = nextFor(jobs, me);
      const dead = jobs.find((j) => isDead(j, now, me));
      if (next || dead) candidates.push({ tenantId, since: (next ?? dead)!.createdAt });
    }
    candidates.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
    for (const { tenantId } of candidates) {
      if (this.stopping || this.slots.size >= this.workers) {
        // Looked at again when a slot frees up.
        this.woken.add(tenantId);
        continue;
      }
      this.launch(tenantId);
    }
  }

  private launch(tenantId: string): void {
    const slot: Slot = { tenantId, ended: false };
    this.slots.set(tenantId, slot);
    const connection = this.options.services.sync.graphConnection();
    const params: ClaimParams = {
      tenantId,
      instanceId: this.instanceId,
      instanceName: this.instanceName,
      leaseMs: this.leaseMs,
      renewMs: this.renewMs,
      progressMs: this.progressMs,
      maxAttempts: this.maxAttempts,
      activeIds: [...this.identity().activeIds],
      heldIds: [...this.credentials.keys()],
      graph: connection && serializableConnection(connection),
    };
    const run = (this.options.storeSpec ? this.runInWorker(slot, params, this.options.storeSpec) : this.runInline(slot, params))
      .catch((err: unknown) => this.afterCrash(slot, err))
      .catch((err: unknown) => console.error(`The job runner could not record the end of a job of tenant ${tenantId}:`, err))
      .finally(() => {
        this.slots.delete(tenantId);
        if (slot.job) this.credentials.delete(slot.job.id);
        this.running.delete(run);
        this.pollAll = true; // a slot is free: the oldest waiting job of any tenant may start
        void this.tick();
        // A tenant's first snapshot: its People view is computed now, off the event loop, rather than
        // while the first admin to open People waits for it.
        if (!this.stopping) this.options.services.decisionsRefresher.prepareFirstView(tenantId).catch(() => undefined);
      });
    this.running.add(run);
  }

  private async runInline(slot: Slot, params: ClaimParams): Promise<void> {
    const { services } = this.options;
    await claimAndRun(services.store, params, {
      now: services.now,
      tokensFor: (job) => ({ getAccessToken: () => this.accessToken(job.id) }),
      onClaimed: (job) => (slot.job = job),
    });
    slot.ended = true;
  }

  private runInWorker(slot: Slot, params: ClaimParams, store: StoreSpec): Promise<void> {
    const worker = startJobWorker({ params, store }, this.options.workerHeapMb ?? DEFAULT_WORKER_HEAP_MB);
    slot.worker = worker;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err?: Error) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        if (err) reject(err);
        else resolve();
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'claimed') slot.job = m.job;
        else if (m.type === 'token') {
          this.accessToken(slot.job?.id).then(
            (token) => worker.postMessage({ type: 'token', id: m.id, token } satisfies MainMessage),
            (err: unknown) => worker.postMessage({ type: 'token', id: m.id, error: err instanceof Error ? err.message : String(err) } satisfies MainMessage),
          );
        } else if (m.type === 'ended') {
          slot.ended = true;
          settle();
        } else if (m.type === 'crashed') settle(Object.assign(new Error(m.error.message), m.error));
      });
      worker.on('error', (err) => settle(err));
      worker.on('exit', (code) => settle(this.stopping ? new StoppedError() : new Error(`The job's worker thread stopped before the job finished (exit code ${code}).`)));
    });
  }

  /**
   * A worker that stopped without writing its job's end: on a deliberate stop the job goes back in the
   * queue (keeping its retry); otherwise it fails with what happened. Rare, so written from this thread.
   */
  private async afterCrash(slot: Slot, err: unknown): Promise<void> {
    if (slot.ended || !slot.job) {
      if (!(err instanceof StoppedError)) console.error(`A job worker of tenant ${slot.tenantId} failed before it claimed a job:`, err);
      return;
    }
    const id = slot.job.id;
    const stopped = err instanceof StoppedError;
    if (!stopped) console.error(`The worker running job ${id} stopped:`, err);
    await this.jobs.repository.update(slot.tenantId, 'job-runner', (jobs, now) => {
      const current = jobs.find((j) => j.id === id);
      if (!current || current.state !== 'running' || current.lease?.owner !== this.instanceId) return false;
      const at = now.toISOString();
      delete current.lease;
      current.updatedAt = at;
      if (stopped && !current.pinnedTo) {
        current.state = 'queued';
        current.attempts = Math.max(0, current.attempts - 1);
        current.progress = { phase: 'queued', message: 'Re-queued: the server stopped before the job finished (nothing of it was stored).' };
        return true;
      }
      current.state = 'failed';
      current.finishedAt = at;
      current.progress = { ...current.progress, phase: 'failed' };
      current.error = stopped
        ? { code: 'interrupted', message: 'Interrupted by a restart: the server stopped, and your sign-in is not kept anywhere else. Nothing of it was stored; start it again.' }
        : { code: 'internal', message: err instanceof Error ? err.message : String(err) };
      return true;
    });
  }

  /** A Graph token for a job, from this thread: the job's own credential (OBO) or the configured connection's. */
  private accessToken(jobId: string | undefined): Promise<string> {
    const connection = this.options.services.sync.graphConnection();
    if (!connection) return Promise.reject(new Error('Graph is not configured for this deployment.'));
    const held = jobId ? this.credentials.get(jobId) : undefined;
    return held ? runWithSyncCredential(held.provider, () => connection.tokenProvider.getAccessToken()) : connection.tokenProvider.getAccessToken();
  }
}

class StoppedError extends Error {
  constructor() {
    super('The job runner stopped.');
  }
}

/** The connection's plain data (functions cannot cross into a worker). */
function serializableConnection(connection: GraphConnection): ClaimParams['graph'] {
  const { tokenProvider: _tokenProvider, retry, ...rest } = connection;
  const plainRetry = retry && Object.fromEntries(Object.entries(retry).filter(([, v]) => typeof v !== 'function'));
  return { ...rest, ...(plainRetry && { retry: plainRetry }) };
}

/**
 * A job worker's old-generation heap. A worker's heap is the server process's memory: left unbounded,
 * V8 let a 100,000-user plan build reach 1.0 GB before collecting; bounded at 768 MB it peaked at
 * 0.7 GB (a third slower, from collecting more often). JOB_WORKER_HEAP_MB (read with the runner's other settings) raises it for larger tenants.
 */
const DEFAULT_WORKER_HEAP_MB = 768;

/** The worker entry next to this file: the compiled .js in a build, the .ts sources (through tsx) otherwise. */
function startJobWorker(workerData: WorkerInput, heapMb: number): Worker {
  return startWorker(siblingEntry(__filename, 'job-worker'), { workerData, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
}
