/**
 * Jobs persisted through the Store port: one versioned `jobs` document per tenant listing its recent
 * jobs. Every change is a read-modify-write committed against the version read, so two runners that
 * share a store (two server instances, or a server and its restarted self) never both claim a job:
 * the second commit fails with a conflict and re-reads.
 */
import { randomUUID } from 'node:crypto';
import { ConcurrencyConflictError, type Store } from '../store/store';
import { isFinished, Job, JOBS_DOCUMENT, JobsDocument, JobType, KEEP_FINISHED_JOBS } from './job-types';

/** Writers of one tenant's jobs document rarely collide; when they do, the loser re-reads and re-applies. */
const UPDATE_ATTEMPTS = 20;

export interface NewJob {
  type: JobType;
  createdBy: string;
  input?: Record<string, unknown>;
  inputArtefact?: string;
  pinnedTo?: string;
  /** With pinnedTo: how long the pinning instance's claim lasts unless renewed. */
  leaseMs?: number;
  /** Refuse (TooManyJobsError) when the tenant already has this many jobs queued or running. */
  maxUnfinished?: number;
}

/** A tenant's queue is full: one tenant's backlog must not hold every worker (answered 429). */
export class TooManyJobsError extends Error {
  readonly code = 'rate-limited';
  constructor(readonly limit: number) {
    super(`Your organisation already has ${limit} background jobs queued or running; wait for one to finish and try again.`);
    this.name = 'TooManyJobsError';
  }
}

export class JobRepository {
  constructor(
    readonly store: Store,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The tenant's jobs, newest first; optionally of one type. */
  async list(tenantId: string, options: { type?: JobType; limit?: number } = {}): Promise<Job[]> {
    const jobs = (await this.store.getDocument<JobsDocument>(tenantId, JOBS_DOCUMENT))?.data.jobs ?? [];
    const ofType = options.type ? jobs.filter((j) => j.type === options.type) : jobs;
    return ofType.slice(0, options.limit ?? KEEP_FINISHED_JOBS);
  }

  async get(tenantId: string, id: string): Promise<Job | undefined> {
    return (await this.list(tenantId)).find((j) => j.id === id);
  }

  newId(): string {
    return randomUUID();
  }

  /** Adds a queued job (its id may be chosen beforehand, so that an input artefact can be written first). */
  async add(tenantId: string, spec: NewJob, id = this.newId()): Promise<Job> {
    // Documents belong to a tenant record: a tenant's first job (its first sync) creates it.
    if (!(await this.store.getTenant(tenantId))) await this.store.upsertTenant(tenantId, tenantId);
    const at = this.now().toISOString();
    const job: Job = {
      id,
      tenantId,
      type: spec.type,
      state: 'queued',
      createdBy: spec.createdBy,
      createdAt: at,
      updatedAt: at,
      progress: { phase: 'queued' },
      attempts: 0,
      ...(spec.input && { input: spec.input }),
      ...(spec.inputArtefact && { inputArtefact: spec.inputArtefact }),
      ...(spec.pinnedTo && {
        pinnedTo: spec.pinnedTo,
        lease: { owner: spec.pinnedTo, until: new Date(this.now().getTime() + (spec.leaseMs ?? 60_000)).toISOString() },
      }),
    };
    await this.update(tenantId, 'job-enqueued', (jobs) => {
      // Counted in the same read-modify-write as the add: two requests racing cannot both take the last place.
      if (spec.maxUnfinished !== undefined && unfinishedCount(jobs) >= spec.maxUnfinished) throw new TooManyJobsError(spec.maxUnfinished);
      jobs.unshift(job);
      return true;
    });
    return job;
  }

  /**
   * Applies `change` to the tenant's current jobs and commits against the version read, re-reading
   * and re-applying on a conflict. `change` returns false to write nothing. Returns the jobs written.
   */
  async update(tenantId: string, actor: string, change: (jobs: Job[], now: Date) => boolean): Promise<Job[] | undefined> {
    for (let attempt = 1; ; attempt++) {
      const doc = await this.store.getDocument<JobsDocument>(tenantId, JOBS_DOCUMENT);
      const jobs = structuredClone(doc?.data.jobs ?? []);
      if (!change(jobs, this.now())) return undefined;
      const { kept, dropped } = prune(jobs);
      try {
        await this.store.commit(tenantId, actor, [{ type: 'put-document', kind: JOBS_DOCUMENT, data: { jobs: kept } satisfies JobsDocument, expectedVersion: doc?.version ?? null }]);
      } catch (err) {
        if (err instanceof ConcurrencyConflictError && attempt < UPDATE_ATTEMPTS) continue;
        throw err;
      }
      // The dropped jobs' artefacts go after the commit: a reader never follows a pointer to a deleted one.
      for (const job of dropped) await this.deleteArtefacts(tenantId, job.id).catch(() => undefined);
      return kept;
    }
  }

  private async deleteArtefacts(tenantId: string, id: string): Promise<void> {
    for (const name of await this.store.artefacts.list(tenantId, `jobs/${id}/`)) await this.store.artefacts.delete(tenantId, name);
  }
}

export function unfinishedCount(jobs: readonly Job[]): number {
  let n = 0;
  for (const job of jobs) if (!isFinished(job)) n++;
  return n;
}

/** Keeps queued and running jobs and the newest finished ones. */
function prune(jobs: Job[]): { kept: Job[]; dropped: Job[] } {
  const kept: Job[] = [];
  const dropped: Job[] = [];
  let finished = 0;
  for (const job of jobs) {
    if (isFinished(job) && ++finished > KEEP_FINISHED_JOBS) dropped.push(job);
    else kept.push(job);
  }
  return { kept, dropped };
}
