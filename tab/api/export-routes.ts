/**
 * GET /api/export/rollout.xlsx: the rollout workbook of the caller's tenant. Writing it reads the whole
 * plan, snapshot and decisions, so an `export` job does that off the request path and stores the
 * workbook as an artefact named after the versions it was made from (shared/jobs/rollout-export.ts).
 * This route reads four document versions: when the artefact for them exists it is sent (cheap);
 * otherwise it queues the export (or finds the one already queued) and answers 202 {job} - the caller
 * follows the job and asks again. `?wait=1` waits for the job (at most 30 s) and then sends the file.
 * A missing plan is a JSON 404 before anything is queued. The file name is ASCII-only (built from the
 * tenant's name), so the header cannot be bent.
 */
import type { Request, Response, Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { XLSX_CONTENT_TYPE } from '../../shared/services/export-service';
import { requestRolloutExport, storedRolloutExport } from '../../shared/jobs/rollout-export';
import { isFinished } from '../../shared/jobs/job-types';
import { answerEnqueued, WAIT_MS } from './job-routes';

export const ROLLOUT_WORKBOOK_ROUTE = '/export/rollout.xlsx';

export function registerExportRoutes(router: Router, services: AppServices): void {
  router.get(ROLLOUT_WORKBOOK_ROUTE, async (req, res) => {
    const c = req.caller!;
    const stored = await storedRolloutExport(services.store, c.tenantId);
    if (stored.bytes) return sendWorkbook(res, services, c.tenantId, stored.bytes);
    const job = await requestRolloutExport(services.jobs, c.tenantId, stored.key, c.name ?? c.userId);
    if (!wantsWait(req)) return answerEnqueued(req, res, services, job);
    const done = (await services.jobs.waitFor(c.tenantId, job.id, WAIT_MS)) ?? job;
    if (done.state === 'succeeded') {
      // Made from the versions current when the job started; a newer plan since then queues again.
      const now = await storedRolloutExport(services.store, c.tenantId);
      if (now.bytes) return sendWorkbook(res, services, c.tenantId, now.bytes);
    }
    // Failed (the job says why), or still running: answered as every route that queues a job.
    if (isFinished(done)) return answerEnqueued(req, res, services, done);
    res.status(202).json({ job: done });
  });
}

function wantsWait(req: Request): boolean {
  const w = (req.query as Record<string, unknown>).wait;
  return w === '1' || w === 'true';
}

async function sendWorkbook(res: Response, services: AppServices, tenantId: string, bytes: Buffer): Promise<void> {
  const fileName = await services.exports.rolloutFileName(tenantId);
  res.status(200);
  res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Content-Length', String(bytes.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(bytes);
}
