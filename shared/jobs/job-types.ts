/**
 * Background jobs: heavy use cases (sync, PBX import, plan build, rollout workbook export, site-rules preview and apply)
 * run off the request path. A job is a small record in the tenant's `jobs` document; large inputs and
 * results live in artefacts (`jobs/<id>/...`), so the document stays small enough to rewrite often.
 */

/** Every kind of job; the runner knows how to run each one (shared/jobs/job-handlers.ts). */
export const JOB_TYPES = ['sync', 'pbx-import', 'plan', 'export', 'site-rules-preview', 'site-rules-apply'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobProgress {
  /** What the job is doing now, in a word the tab can show ("queued", "users", "saving", "done"). */
  phase: string;
  done?: number;
  total?: number;
  message?: string;
  /** Type-specific counters (a sync's pages and users read). */
  counters?: Record<string, number>;
}

export interface JobError {
  /** bad-input (the input was wrong: nothing stored), conflict, interrupted, internal... */
  code: string;
  /** What went wrong, in words an admin can act on. */
  message: string;
}

export interface JobLease {
  /** The runner instance running the job (or holding its in-memory credential). */
  owner: string;
  /** ISO time; a lease not renewed by then belongs to a stopped instance. */
  until: string;
}

export interface Job {
  id: string;
  tenantId: string;
  type: JobType;
  state: JobState;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  progress: JobProgress;
  /** Runs started so far (a job interrupted by a restart is retried once). */
  attempts: number;
  lease?: JobLease;
  error?: JobError;
  /** Small input (options); a large one (a PBX export) is in the artefact `jobs/<id>/input.json`. */
  input?: Record<string, unknown>;
  inputArtefact?: string;
  /** Small result; a large one (an import report with every error) is in `resultArtefact`. */
  result?: Record<string, unknown>;
  resultArtefact?: string;
  /**
   * Only this instance may start the job: it holds something that cannot be stored, such as the
   * admin's on-behalf-of Graph credential. Its lease says whether that instance is still alive.
   */
  pinnedTo?: string;
}

/** The per-tenant document holding the tenant's recent jobs, newest first. */
export const JOBS_DOCUMENT = 'jobs';
export interface JobsDocument {
  jobs: Job[];
}

/** Finished jobs kept per tenant (queued and running ones are never dropped). */
export const KEEP_FINISHED_JOBS = 50;

export function isFinished(job: Job): boolean {
  return job.state === 'succeeded' || job.state === 'failed';
}

/** Artefact names of a job's large input and result. */
export const jobInputArtefact = (id: string) => `jobs/${id}/input.json`;
export const jobResultArtefact = (id: string) => `jobs/${id}/result.json`;
