/**
 * The rules of a job's life, as pure functions over a tenant's jobs: which job a runner may start
 * next (none while one of the tenant's jobs runs: one running job per tenant), which running jobs
 * belong to a stopped instance, and what becomes of those (re-queued once, then failed with the reason).
 */
import type { Job } from './job-types';
import { counted } from '../domain/counted';

export interface RunnerIdentity {
  /** `<instance name>/<random per process life>`. */
  instanceId: string;
  /** Stable across restarts of one instance (see JobRunnerOptions.instanceName). */
  instanceName?: string;
  leaseMs: number;
  /** Runs per job, counting the first. */
  maxAttempts: number;
  /** Jobs this instance is running now. */
  activeIds: ReadonlySet<string>;
  /** Pinned jobs whose credential this instance holds. */
  heldIds: ReadonlySet<string>;
}

/** A running (or pinned, queued) job whose instance is gone. */
export function isDead(job: Job, now: Date, me: RunnerIdentity): boolean {
  if (job.state !== 'running' && !(job.state === 'queued' && job.pinnedTo)) return false;
  const owner = job.lease?.owner;
  if (!owner) return job.state === 'running';
  if (owner === me.instanceId) return job.state === 'running' ? !me.activeIds.has(job.id) : !me.heldIds.has(job.id);
  if (me.instanceName && owner.startsWith(`${me.instanceName}/`)) return true; // this instance before a restart
  return new Date(job.lease!.until).getTime() < now.getTime();
}

/** Re-queues (once) or fails the jobs a stopped instance left behind; true when anything changed. */
export function recover(jobs: Job[], now: Date, me: RunnerIdentity): boolean {
  let changed = false;
  const at = now.toISOString();
  for (const job of jobs) {
    if (!isDead(job, now, me)) continue;
    changed = true;
    const wasRunning = job.state === 'running';
    delete job.lease;
    job.updatedAt = at;
    if (!job.pinnedTo && job.attempts < me.maxAttempts) {
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
        : `Interrupted by a restart: the server running this job stopped ${counted(job.attempts, 'time')} before it finished. Nothing of it was stored; start it again.`,
    };
  }
  return changed;
}

/** The job this runner would start for a tenant: none while one runs; a pinned job only by its instance. */
export function nextFor(jobs: readonly Job[], me: RunnerIdentity): Job | undefined {
  if (jobs.some((j) => j.state === 'running')) return undefined;
  let oldest: Job | undefined;
  // Newest first in the document: the last match is the oldest.
  for (const j of jobs) if (j.state === 'queued' && (!j.pinnedTo || (j.pinnedTo === me.instanceId && me.heldIds.has(j.id)))) oldest = j;
  return oldest;
}

/** Recovers, then marks the next job running under this runner's lease; returns it (a copy), if any. */
export function claimNext(jobs: Job[], now: Date, me: RunnerIdentity): { changed: boolean; claimed?: Job } {
  const recovered = recover(jobs, now, me);
  const next = nextFor(jobs, me);
  if (!next) return { changed: recovered };
  Object.assign(next, {
    state: 'running',
    attempts: next.attempts + 1,
    startedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    lease: { owner: me.instanceId, until: new Date(now.getTime() + me.leaseMs).toISOString() },
    progress: { phase: 'starting' },
  } satisfies Partial<Job>);
  return { changed: true, claimed: structuredClone(next) };
}
