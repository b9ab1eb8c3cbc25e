/**
 * One job's whole run, on whichever thread runs it (a worker, or the main thread for an in-memory
 * store): claim the tenant's next job, run its handler, write its progress (at most every
 * `progressMs`) and lease renewals (every `renewMs`), then its end - all through this thread's own
 * store connection. On a worker, a SQLite writer that has to wait for another's transaction (a large
 * import committing) waits on the worker, never on the server's event loop.
 */
import type { TokenProvider } from '../graph/graph-middleware';
import type { GraphConnection } from '../services/sync-service';
import type { Store } from '../store/store';
import { claimNext, type RunnerIdentity } from './job-lifecycle';
import { jobErrorOf, runJobHandler } from './job-handlers';
import { JobRepository } from './job-repository';
import { jobResultArtefact, type Job, type JobProgress } from './job-types';

export interface ClaimParams {
  tenantId: string;
  instanceId: string;
  instanceName?: string;
  leaseMs: number;
  renewMs: number;
  progressMs: number;
  maxAttempts: number;
  /** Jobs of this instance running now, and pinned jobs whose credential it holds. */
  activeIds: string[];
  heldIds: string[];
  /** The Graph connection without its token provider (a sync's tokens come from `tokensFor`). */
  graph?: Omit<GraphConnection, 'tokenProvider'>;
}

export interface ExecutionHooks {
  now: () => Date;
  /** Graph access for the claimed job. */
  tokensFor(job: Job): TokenProvider;
  onClaimed?(job: Job): void;
}

/** Claims the tenant's next job and runs it to its end; undefined when there was nothing to claim. */
export async function claimAndRun(store: Store, params: ClaimParams, hooks: ExecutionHooks): Promise<Job | undefined> {
  const repository = new JobRepository(store, hooks.now);
  const me: RunnerIdentity = { ...params, activeIds: new Set(params.activeIds), heldIds: new Set(params.heldIds) };
  let claimed: Job | undefined;
  await repository.update(params.tenantId, 'job-runner', (jobs, now) => {
    const result = claimNext(jobs, now, me);
    claimed = result.claimed;
    return result.changed;
  });
  if (!claimed) return undefined;
  const job = claimed;
  hooks.onClaimed?.(job);

  let progress: JobProgress | undefined;
  let dirty = false;
  let lastRenew = Date.now();
  /** Another runner took the job over (our lease had lapsed): the end is not ours to write. */
  let lost = false;
  let writing: Promise<unknown> = Promise.resolve();
  const mine = (j: Job | undefined): j is Job => !!j && j.state === 'running' && j.lease?.owner === params.instanceId;
  const heartbeat = setInterval(() => {
    if (!(dirty || Date.now() - lastRenew >= params.renewMs)) return;
    dirty = false;
    lastRenew = Date.now();
    const latest = progress;
    writing = writing
      .then(() =>
        repository.update(job.tenantId, 'job-runner', (jobs, now) => {
          const current = jobs.find((j) => j.id === job.id);
          if (!mine(current)) {
            lost = true;
            return false;
          }
          if (latest) current.progress = latest;
          current.lease = { owner: params.instanceId, until: new Date(now.getTime() + params.leaseMs).toISOString() };
          current.updatedAt = now.toISOString();
          return true;
        }),
      )
      .catch((err: unknown) => console.error(`Could not record the progress of job ${job.id}:`, err));
  }, params.progressMs);

  let outcome: { result?: Record<string, unknown>; resultArtefact?: string } | undefined;
  let failure: ReturnType<typeof jobErrorOf> | undefined;
  try {
    outcome = await runJobHandler({
      store,
      job,
      now: hooks.now,
      progress: (p) => {
        progress = p;
        dirty = true;
      },
      graph: params.graph && { ...params.graph, tokenProvider: hooks.tokensFor(job) },
    });
  } catch (err) {
    failure = jobErrorOf(err);
    if (failure.code === 'internal' && !failure.resultArtefact) console.error(`Job ${job.id} (${job.type}) failed:`, err);
  } finally {
    clearInterval(heartbeat);
    await writing;
  }
  if (failure && !failure.resultArtefact && failure.issues?.length) {
    // Validation issues (settings) can be many: the job keeps the message, the artefact every issue.
    failure.resultArtefact = jobResultArtefact(job.id);
    await store.artefacts.put(job.tenantId, failure.resultArtefact, JSON.stringify({ issues: failure.issues }));
  }
  let ended: Job | undefined;
  if (!lost) {
    await repository.update(job.tenantId, 'job-runner', (jobs, now) => {
      const current = jobs.find((j) => j.id === job.id);
      if (!mine(current)) return false;
      const at = now.toISOString();
      delete current.lease;
      current.updatedAt = at;
      current.finishedAt = at;
      if (outcome) {
        current.state = 'succeeded';
        current.progress = { ...(progress ?? current.progress), phase: 'done' };
        if (outcome.result) current.result = outcome.result;
        if (outcome.resultArtefact) current.resultArtefact = outcome.resultArtefact;
      } else {
        current.state = 'failed';
        current.progress = { ...(progress ?? current.progress), phase: 'failed' };
        current.error = { code: failure!.code, message: failure!.message };
        if (failure!.resultArtefact) current.resultArtefact = failure!.resultArtefact;
      }
      ended = structuredClone(current);
      return true;
    });
  }
  return ended ?? job;
}
