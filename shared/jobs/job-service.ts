/**
 * The jobs use case the routes call: enqueue (the runner of this instance is woken at once; another
 * instance's runner finds the job when it polls), read a tenant's jobs, wait a bounded time for one,
 * and read a finished job's large result. Running jobs is the runner's business (job-runner.ts).
 */
import type { TokenProvider } from '../graph/graph-middleware';
import type { Store } from '../store/store';
import { JobRepository, TooManyJobsError, unfinishedCount } from './job-repository';
import { isFinished, Job, jobInputArtefact, type JobType } from './job-types';

export interface EnqueueRequest {
  type: JobType;
  createdBy: string;
  /** Small options kept in the job record. */
  input?: Record<string, unknown>;
  /** A large input (a PBX export, planning settings), written to the job's input artefact first. */
  largeInput?: unknown;
  /**
   * A credential that cannot be stored (the admin's on-behalf-of Graph access): only this instance's
   * runner can use it, so the job is pinned to it.
   */
  credential?: TokenProvider;
}

/**
 * How long a pinned job may wait in the queue: its instance does not renew the claim while it waits,
 * so after this another instance takes the instance for stopped and fails the job.
 */
export const PINNED_WAIT_MS = 15 * 60_000;

/** What the service needs from the runner of this instance. */
export interface LocalRunner {
  readonly instanceId: string;
  holdCredential(jobId: string, tenantId: string, credential: TokenProvider): void;
  wake(tenantId: string): void;
}

/** Jobs a tenant may have queued or running at once unless the deployment says otherwise (HEAVY_JOBS_PER_TENANT). */
export const DEFAULT_HEAVY_JOBS_PER_TENANT = 4;

export class JobService {
  readonly repository: JobRepository;
  private runner?: LocalRunner;
  private maxUnfinishedPerTenant = DEFAULT_HEAVY_JOBS_PER_TENANT;

  constructor(
    private readonly store: Store,
    now: () => Date = () => new Date(),
  ) {
    this.repository = new JobRepository(store, now);
  }

  attachRunner(runner: LocalRunner | undefined): void {
    this.runner = runner;
  }

  /** Every job is heavy (a sync, an import, a plan, a workbook): a tenant gets at most `n` queued or running. */
  limitPerTenant(n: number): void {
    this.maxUnfinishedPerTenant = n;
  }

  async enqueue(tenantId: string, request: EnqueueRequest): Promise<Job> {
    // Refused before a large input is written when the queue is already full (checked again when adding).
    if (unfinishedCount(await this.repository.list(tenantId)) >= this.maxUnfinishedPerTenant) throw new TooManyJobsError(this.maxUnfinishedPerTenant);
    const id = this.repository.newId();
    let inputArtefact: string | undefined;
    if (request.largeInput !== undefined) {
      // Written before the job exists: whoever claims the job always finds its input.
      inputArtefact = jobInputArtefact(id);
      if (!(await this.store.getTenant(tenantId))) await this.store.upsertTenant(tenantId, tenantId);
      await this.store.artefacts.put(tenantId, inputArtefact, JSON.stringify(request.largeInput));
    }
    let pinnedTo: string | undefined;
    if (request.credential) {
      if (!this.runner) throw new Error('This server runs no jobs, so it cannot run one that needs your sign-in.');
      pinnedTo = this.runner.instanceId;
      this.runner.holdCredential(id, tenantId, request.credential);
    }
    let job: Job;
    try {
      job = await this.repository.add(
        tenantId,
        { type: request.type, createdBy: request.createdBy, input: request.input, inputArtefact, pinnedTo, leaseMs: PINNED_WAIT_MS, maxUnfinished: this.maxUnfinishedPerTenant },
        id,
      );
    } catch (err) {
      // A job that never existed leaves no input behind.
      if (inputArtefact) await this.store.artefacts.delete(tenantId, inputArtefact).catch(() => undefined);
      throw err;
    }
    this.runner?.wake(tenantId);
    return job;
  }

  get(tenantId: string, id: string): Promise<Job | undefined> {
    return this.repository.get(tenantId, id);
  }

  list(tenantId: string, options: { type?: JobType; limit?: number } = {}): Promise<Job[]> {
    return this.repository.list(tenantId, options);
  }

  /** The tenant's newest job of a type, if any. */
  async latest(tenantId: string, type: JobType): Promise<Job | undefined> {
    return (await this.repository.list(tenantId, { type, limit: 1 }))[0];
  }

  /** The job once it has finished, or as it is when `timeoutMs` runs out. */
  async waitFor(tenantId: string, id: string, timeoutMs: number, pollMs = 200): Promise<Job | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.get(tenantId, id);
      if (!job || isFinished(job) || Date.now() >= deadline) return job;
      await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(1, deadline - Date.now()))));
    }
  }

  /** A finished job's large result (an import report with every issue), parsed. */
  async resultDetail<T = unknown>(job: Job): Promise<T | undefined> {
    if (!job.resultArtefact) return undefined;
    const raw = await this.store.artefacts.get(job.tenantId, job.resultArtefact);
    return raw ? (JSON.parse(raw.toString('utf8')) as T) : undefined;
  }
}
