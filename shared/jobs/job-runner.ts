/**
 * Runs queued jobs off the main event loop: each job in its own worker thread (node:worker_threads)
 * with its own store connection, so a 100,000-user sync or a 5 MB import never stalls another
 * tenant's requests or /healthz. An in-memory SQLite store is visible to its own thread only: then
 * jobs run inline.
 *
 * Limits: one running job per tenant (the others wait queued) and `workers` jobs at once in all, so
 * one tenant cannot starve another. The oldest waiting job across tenants goes first.
 *
 * Claiming is a commit of the tenant's jobs document against the version read (job-repository.ts), so
 * runners of several instances sharing a store never both run a job. A running job holds a lease
 * (owner + until) renewed with its progress; a job whose lease ran out (its instance died) or whose
 * owner is this instance's previous life is re-queued once - sync, import and plan commit all or
 * nothing, so a re-run is safe - and otherwise failed, saying it was interrupted by a restart.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runWithSyncCredential } from '../graph/token-providers';
import type { TokenProvider } from '../graph/graph-middleware';
import type { AppServices } from '../services/app-services';
import type { GraphConnection } from '../services/sync-service';
import { JobOutcome, jobErrorOf, runJobHandler } from './job-handlers';
import type { JobService, LocalRunner } from './job-service';
import { Job, JOBS_DOCUMENT, JobsDocument, jobResultArtefact, type JobProgress } from './job-types';
import type { StoreSpec } from './store-spec';
import type { MainMessage, WorkerInput, WorkerMessage } from './job-worker';

export interface JobRunnerOptions {
  services: AppServices;
  /** How a worker opens the store; undefined (an in-memory store) runs jobs inline. */
  storeSpec?: StoreSpec;
  /** Jobs running at once across all tenants (default 2). */
  workers?: number;
  /** A lease not renewed for this long belongs to a stopped instance (default 30 s). */
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
}

/** Runner settings from the environment: JOB_WORKERS, JOB_INSTANCE_NAME (default WEBSITE_INSTANCE_ID). */
export function jobRunnerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<JobRunnerOptions, 'workers' | 'instanceName'> {
  const raw = env.JOB_WORKERS?.trim();
  let workers: number | undefined;
  if (raw) {
    workers = Number(raw);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`JOB_WORKERS must be a whole number from 1 to 64; got "${raw}".`);
  }
  const instanceName = env.JOB_INSTANCE_NAME?.trim() || env.WEBSITE_INSTANCE_ID?.trim() || undefined;
  return { workers, instanceName };
}

interface ActiveJob {
  job: Job;
  worker?: Worker;
  progress?: JobProgress;
  dirty: boolean;
  lastRenew: number;
  /** Another runner took the job over (our lease had lapsed): our outcome is not written. */
  lost: boolean;
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
  private readonly active = new Map<string, ActiveJob>();
  private readonly running = new Set<Promise<void>>();
  private readonly credentials = new Map<string, { tenantId: string; provider: TokenProvider; lastRenew: number }>();
  private readonly woken = new Set<string>();
  private pollAll = true;
  private ticking = false;
  private again = false;
  private stopping = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: JobRunnerOptions) {
    this.jobs = options.services.jobs;
    this.workers = options.workers ?? 2;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.renewMs = options.renewMs ?? 10_000;
    this.pollMs = options.pollMs ?? 3_000;
    this.progressMs = options.progressMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 2;
    this.instanceName = options.instanceName;
    this.instanceId = `${options.instanceName ?? os.hostname()}/${randomUUID().slice(0, 8)}`;
  }

  start(): void {
    this.jobs.attachRunner(this);
    this.timers.push(
      setInterval(() => {
        this.pollAll = true;
        void this.tick();
      }, this.pollMs),
      setInterval(() => void this.heartbeat(), this.progressMs),
    );
    for (const t of this.timers) t.unref();
    void this.tick();
  }

  /** Stops claiming, stops the running workers and puts their jobs back in the queue for the next runner. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    this.jobs.attachRunner(undefined);
    for (const a of this.active.values()) void a.worker?.terminate();
    while (this.running.size > 0 || this.ticking) {
      await Promise.allSettled([...this.running]);
      if (this.ticking) await new Promise((r) => setTimeout(r, 10));
    }
  }

  holdCredential(jobId: string, tenantId: string, provider: TokenProvider): void {
    this.credentials.set(jobId, { tenantId, provider, lastRenew: Date.now() });
  }

  wake(tenantId: string): void {
    this.woken.add(tenantId);
    void this.tick();
  }

  /** Jobs running in this instance now. */
  get activeJobs(): number {
    return this.active.size;
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

  /** Recovers dead jobs of these tenants, then claims the oldest waiting jobs while there is room. */
  private async schedule(tenants: string[]): Promise<void> {
    const candidates: Job[] = [];
    for (const tenantId of tenants) {
      const jobs = (await this.options.services.store.getDocument<JobsDocument>(tenantId, JOBS_DOCUMENT))?.data.jobs ?? [];
      const now = new Date();
      if (jobs.some((j) => this.isDead(j, now))) await this.jobs.repository.update(tenantId, 'job-runner', (fresh, at) => this.recover(fresh, at));
      const next = this.nextFor(jobs);
      if (next) candidates.push(next);
    }
    candidates.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
    for (const candidate of candidates) {
      if (this.stopping || this.active.size >= this.workers) {
        // Looked at again when a slot frees up.
        this.woken.add(candidate.tenantId);
        continue;
      }
      const claimed = await this.claim(candidate.tenantId);
      if (claimed) this.launch(claimed);
    }
  }

  /** The job this runner would start for a tenant: none while one runs; pinned jobs only by their instance. */
  private nextFor(jobs: Job[]): Job | undefined {
    if (jobs.some((j) => j.state === 'running')) return undefined;
    const waiting = jobs.filter((j) => j.state === 'queued' && (!j.pinnedTo || (j.pinnedTo === this.instanceId && this.credentials.has(j.id))));
    return waiting[waiting.length - 1]; // newest first in the document: the last is the oldest
  }

  private async claim(tenantId: string): Promise<Job | undefined> {
    let claimed: Job | undefined;
    await this.jobs.repository.update(tenantId, 'job-runner', (jobs, now) => {
      const recovered = this.recover(jobs, now);
      claimed = undefined;
      const next = this.nextFor(jobs);
      if (!next) return recovered;
      Object.assign(next, {
        state: 'running',
        attempts: next.attempts + 1,
        startedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        lease: { owner: this.instanceId, until: new Date(now.getTime() + this.leaseMs).toISOString() },
        progress: { phase: 'starting' },
      } satisfies Partial<Job>);
      claimed = structuredClone(next);
      return true;
    });
    return claimed;
  }

  /** A running (or pinned, queued) job whose instance is gone. */
  private isDead(job: Job, now: Date): boolean {
    if (job.state !== 'running' && !(job.state === 'queued' && job.pinnedTo)) return false;
    const owner = job.lease?.owner;
    if (!owner) return job.state === 'running';
    if (owner === this.instanceId) return job.state === 'running' ? !this.active.has(job.id) : !this.credentials.has(job.id);
    if (this.instanceName && owner.startsWith(`${this.instanceName}/`)) return true; // this instance before a restart
    return new Date(job.lease!.until).getTime() < now.getTime();
  }

  /** Re-queues (once) or fails the jobs a stopped instance left behind; true when anything changed. */
  private recover(jobs: Job[], now: Date): boolean {
    let changed = false;
    const at = now.toISOString();
    for (const job of jobs) {
      if (!this.isDead(job, now)) continue;
      changed = true;
      const wasRunning = job.state === 'running';
      delete job.lease;
      job.updatedAt = at;
      if (!job.pinnedTo && job.attempts < this.maxAttempts) {
        job.state = 'queued';
        job.progress = { phase: 'queued', message: 'Re-queued: the server running it stopped before it finished (nothing of it was stored).' };
        continue;
      }
      job.state = 'failed';
      job.finishedAt = at;
      job.progress = { ...job.progress, phase: 'failed' };
      job.error = {
        code: 'interrupted',
        message: job.pinnedTo
          ? `Interrupted by a restart: the server ${wasRunning ? 'running this job' : 'holding your sign-in for this job'} stopped, and your sign-in is not kept anywhere else. Nothing of it was stored; start it again.`
          : `Interrupted by a restart: the server running this job stopped ${job.attempts} time(s) before it finished. Nothing of it was stored; start it again.`,
      };
    }
    return changed;
  }

  private launch(job: Job): void {
    const active: ActiveJob = { job, dirty: false, lastRenew: Date.now(), lost: false };
    this.active.set(job.id, active);
    const run = (this.options.storeSpec ? this.runInWorker(active, this.options.storeSpec) : this.runInline(active))
      .then(
        (outcome) => this.finish(active, { outcome }),
        (err: unknown) => this.finish(active, { error: err }),
      )
      .catch((err: unknown) => console.error(`The job runner could not record the end of job ${job.id}:`, err))
      .finally(() => {
        this.active.delete(job.id);
        this.credentials.delete(job.id);
        this.running.delete(run);
        this.pollAll = true; // a slot is free: the oldest waiting job of any tenant may start
        void this.tick();
      });
    this.running.add(run);
  }

  private runInline(active: ActiveJob): Promise<JobOutcome> {
    const { services } = this.options;
    const connection = services.sync.graphConnection();
    return runJobHandler({
      store: services.store,
      job: active.job,
      now: services.now,
      progress: (p) => this.onProgress(active, p),
      graph: connection && { ...connection, tokenProvider: { getAccessToken: () => this.accessToken(active.job) } },
    });
  }

  private runInWorker(active: ActiveJob, store: StoreSpec): Promise<JobOutcome> {
    const connection = this.options.services.sync.graphConnection();
    const input: WorkerInput = { job: active.job, store, graph: connection && serializableConnection(connection) };
    const worker = startWorker(input);
    active.worker = worker;
    return new Promise<JobOutcome>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
        void worker.terminate();
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') this.onProgress(active, m.progress);
        else if (m.type === 'token') {
          this.accessToken(active.job).then(
            (token) => worker.postMessage({ type: 'token', id: m.id, token } satisfies MainMessage),
            (err: unknown) => worker.postMessage({ type: 'token', id: m.id, error: err instanceof Error ? err.message : String(err) } satisfies MainMessage),
          );
        } else if (m.type === 'succeeded') settle(() => resolve({ result: m.result, resultArtefact: m.resultArtefact }));
        else if (m.type === 'failed') settle(() => reject(Object.assign(new Error(m.error.message), m.error)));
      });
      worker.on('error', (err) => settle(() => reject(err)));
      worker.on('exit', (code) =>
        settle(() =>
          reject(
            this.stopping
              ? new StoppedError()
              : Object.assign(new Error(`The job's worker thread stopped before the job finished (exit code ${code}).`), { code: 'internal' }),
          ),
        ),
      );
    });
  }

  /** A Graph token for a job's worker, from this thread: the job's own credential (OBO) or the configured connection's. */
  private accessToken(job: Job): Promise<string> {
    const connection = this.options.services.sync.graphConnection();
    if (!connection) return Promise.reject(new Error('Graph is not configured for this deployment.'));
    const held = this.credentials.get(job.id);
    return held ? runWithSyncCredential(held.provider, () => connection.tokenProvider.getAccessToken()) : connection.tokenProvider.getAccessToken();
  }

  private onProgress(active: ActiveJob, progress: JobProgress): void {
    active.progress = progress;
    active.dirty = true;
  }

  /** Writes new progress (at most every progressMs) and renews leases (every renewMs), one commit per tenant. */
  private async heartbeat(): Promise<void> {
    if (this.stopping) return;
    const now = Date.now();
    const tenants = new Set<string>();
    for (const a of this.active.values()) if (a.dirty || now - a.lastRenew >= this.renewMs) tenants.add(a.job.tenantId);
    for (const c of this.credentials.values()) if (now - c.lastRenew >= this.renewMs) tenants.add(c.tenantId);
    for (const tenantId of tenants) {
      try {
        await this.jobs.repository.update(tenantId, 'job-runner', (jobs, at) => {
          let changed = false;
          const until = new Date(at.getTime() + this.leaseMs).toISOString();
          for (const job of jobs) {
            const active = this.active.get(job.id);
            const held = this.credentials.get(job.id);
            if (active && job.state === 'running') {
              if (job.lease?.owner !== this.instanceId) {
                active.lost = true;
                void active.worker?.terminate();
                continue;
              }
              if (active.progress) job.progress = active.progress;
              job.lease = { owner: this.instanceId, until };
              job.updatedAt = at.toISOString();
              changed = true;
            } else if (held && job.state === 'queued' && job.pinnedTo === this.instanceId) {
              job.lease = { owner: this.instanceId, until };
              changed = true;
            }
          }
          return changed;
        });
        for (const a of this.active.values()) {
          if (a.job.tenantId !== tenantId) continue;
          a.dirty = false;
          a.lastRenew = now;
        }
        for (const c of this.credentials.values()) if (c.tenantId === tenantId) c.lastRenew = now;
      } catch (err) {
        console.error(`The job runner could not renew the jobs of tenant ${tenantId}:`, err);
      }
    }
  }

  private async finish(active: ActiveJob, end: { outcome?: JobOutcome; error?: unknown }): Promise<void> {
    if (active.lost) return;
    const { job } = active;
    const stopped = end.error instanceof StoppedError;
    const failure = end.error === undefined || stopped ? undefined : jobErrorOf(end.error);
    if (failure && !failure.resultArtefact && failure.issues?.length) {
      // Validation issues (settings) can be many: the job keeps the message, the artefact every issue.
      failure.resultArtefact = jobResultArtefact(job.id);
      await this.options.services.store.artefacts.put(job.tenantId, failure.resultArtefact, JSON.stringify({ issues: failure.issues }));
    }
    if (failure?.code === 'internal' && !(end.error as { resultArtefact?: string })?.resultArtefact) console.error(`Job ${job.id} (${job.type}) failed:`, end.error);
    await this.jobs.repository.update(job.tenantId, 'job-runner', (jobs, now) => {
      const current = jobs.find((j) => j.id === job.id);
      if (!current || current.state !== 'running' || current.lease?.owner !== this.instanceId) return false;
      const at = now.toISOString();
      delete current.lease;
      current.updatedAt = at;
      if (stopped && !current.pinnedTo) {
        // A deliberate stop is not the job's fault: it keeps its retry.
        current.state = 'queued';
        current.attempts = Math.max(0, current.attempts - 1);
        current.progress = { phase: 'queued', message: 'Re-queued: the server stopped before the job finished (nothing of it was stored).' };
        return true;
      }
      current.finishedAt = at;
      if (end.outcome) {
        current.state = 'succeeded';
        current.progress = { ...(active.progress ?? current.progress), phase: 'done' };
        if (end.outcome.result) current.result = end.outcome.result;
        if (end.outcome.resultArtefact) current.resultArtefact = end.outcome.resultArtefact;
      } else {
        current.state = 'failed';
        current.progress = { ...(active.progress ?? current.progress), phase: 'failed' };
        current.error = stopped
          ? { code: 'interrupted', message: 'Interrupted by a restart: the server stopped, and your sign-in is not kept anywhere else. Nothing of it was stored; start it again.' }
          : { code: failure!.code, message: failure!.message };
        if (failure?.resultArtefact) current.resultArtefact = failure.resultArtefact;
      }
      return true;
    });
  }
}

class StoppedError extends Error {
  constructor() {
    super('The job runner stopped.');
  }
}

/** The connection's plain data (functions cannot cross into a worker). */
function serializableConnection(connection: GraphConnection): WorkerInput['graph'] {
  const { tokenProvider: _tokenProvider, retry, ...rest } = connection;
  const plainRetry = retry && Object.fromEntries(Object.entries(retry).filter(([, v]) => typeof v !== 'function'));
  return { ...rest, ...(plainRetry && { retry: plainRetry }) };
}

/**
 * The worker entry next to this file: the compiled .js in a build; the .ts sources under tsx or
 * ts-jest, loaded through tsx's CommonJS hook (Node 20 does not apply `--import tsx` to a worker's
 * .ts entry, so the worker registers the hook itself before requiring the entry).
 */
function startWorker(workerData: WorkerInput): Worker {
  const ext = path.extname(__filename);
  const entry = path.join(__dirname, `job-worker${ext}`);
  if (ext === '.js') return new Worker(entry, { workerData });
  const tsx = require.resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}
