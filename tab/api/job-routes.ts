/**
 * Background jobs of the caller's tenant: GET /jobs?type=&limit= (recent jobs, newest first) and
 * GET /jobs/:id (one job; another tenant's id is a 404 like any unknown id). A finished job's large
 * result - an import report with every error, a plan summary - comes with it, its lists a page at a
 * time (?offset=&limit=). `?wait=1` on the job and on the routes that enqueue answers when the job
 * ends, or after WAIT_MS with the job as it is then, so a script need not poll.
 */
import type { Request, Response, Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { isFinished, JOB_TYPES, type Job } from '../../shared/jobs/job-types';
import { NotFoundError, queryChoice, queryInt } from './request-input';

/** The longest a request waits for a job with ?wait=1. */
export const WAIT_MS = 30_000;
/** Items per list of a job's detail unless ?limit= says otherwise. */
const DETAIL_PAGE = 200;

export function registerJobRoutes(router: Router, services: AppServices): void {
  router.get('/jobs', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const jobs = await services.jobs.list(req.caller!.tenantId, { type: queryChoice(q, 'type', JOB_TYPES), limit: Math.min(50, Math.max(1, queryInt(q, 'limit', 20))) });
    res.json({ jobs });
  });

  router.get('/jobs/:id', async (req, res) => {
    const tenantId = req.caller!.tenantId;
    const q = req.query as Record<string, unknown>;
    const job = wantsWait(req) ? await services.jobs.waitFor(tenantId, req.params.id, WAIT_MS) : await services.jobs.get(tenantId, req.params.id);
    if (!job) throw new NotFoundError(`No job ${req.params.id} in your tenant.`);
    res.json(await jobAnswer(services, job, queryInt(q, 'offset', 0), Math.min(1000, Math.max(1, queryInt(q, 'limit', DETAIL_PAGE)))));
  });
}

function wantsWait(req: Request): boolean {
  const w = (req.query as Record<string, unknown>).wait;
  return w === '1' || w === 'true';
}

/**
 * The answer of a route that enqueued a job: 202 {job, ...extra}; with ?wait=1, the finished job
 * (200, with its detail) when it ends within WAIT_MS.
 */
export async function answerEnqueued(req: Request, res: Response, services: AppServices, job: Job, extra: Record<string, unknown> = {}): Promise<void> {
  if (wantsWait(req)) {
    const done = (await services.jobs.waitFor(job.tenantId, job.id, WAIT_MS)) ?? job;
    if (isFinished(done)) {
      res.status(200).json({ ...extra, ...(await jobAnswer(services, done, 0, DETAIL_PAGE)) });
      return;
    }
    job = done;
  }
  res.status(202).json({ ...extra, job });
}

/** The job, and for a finished one its stored detail with each list paged. */
async function jobAnswer(services: AppServices, job: Job, offset: number, limit: number): Promise<Record<string, unknown>> {
  const detail = isFinished(job) ? await services.jobs.resultDetail<Record<string, unknown>>(job) : undefined;
  if (!detail) return { job };
  const paged: Record<string, unknown> = {};
  const totals: Record<string, number> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (Array.isArray(value)) {
      paged[key] = value.slice(offset, offset + limit);
      totals[key] = value.length;
    } else paged[key] = value;
  }
  return { job, detail: paged, page: { offset, limit, totals } };
}
