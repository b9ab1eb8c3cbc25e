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
import { ALL_ZIP, requestPlanFilesExport, storedPlanFiles, zipOfWave } from '../../shared/jobs/plan-files-export';
import { asciiFileStem } from '../../shared/services/export-service';
import { BadRequestError, NotFoundError, queryInt } from './request-input';

export const ROLLOUT_WORKBOOK_ROUTE = '/export/rollout.xlsx';

export function registerExportRoutes(router: Router, services: AppServices): void {
  registerExportFileRoutes(router, services);
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

/** Content types of the exported files by extension. */
const CONTENT_TYPES: Record<string, string> = {
  xlsx: XLSX_CONTENT_TYPE,
  ps1: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  zip: 'application/zip',
};

/**
 * The plan's files (per-wave workbooks, runbooks, CSVs, a zip of all or of one wave): GET /export/files
 * lists them once an export job has stored them for the current versions, otherwise queues that job
 * and answers 202 {job} like the workbook; GET /export/files/<path> sends one listed file;
 * GET /export/files.zip (?wave=N) the zip.
 */
export function registerExportFileRoutes(router: Router, services: AppServices): void {
  async function manifestOr202(req: Request, res: Response) {
    const c = req.caller!;
    const stored = await storedPlanFiles(services.store, c.tenantId);
    if (stored.manifest) return stored.manifest;
    const job = await requestPlanFilesExport(services.jobs, c.tenantId, stored.prefix, c.name ?? c.userId);
    if (wantsWait(req)) {
      const done = (await services.jobs.waitFor(c.tenantId, job.id, WAIT_MS)) ?? job;
      const again = done.state === 'succeeded' ? await storedPlanFiles(services.store, c.tenantId) : undefined;
      if (again?.manifest) return again.manifest;
      if (isFinished(done)) await answerEnqueued(req, res, services, done);
      else res.status(202).json({ job: done });
      return undefined;
    }
    await answerEnqueued(req, res, services, job);
    return undefined;
  }

  router.get('/export/files', async (req, res) => {
    const manifest = await manifestOr202(req, res);
    if (manifest) res.json({ files: manifest.files, zipBytes: manifest.zipBytes });
  });

  router.get('/export/files.zip', async (req, res) => {
    const wave = queryInt(req.query as Record<string, unknown>, 'wave');
    const manifest = await manifestOr202(req, res);
    if (!manifest) return;
    const tenantId = req.caller!.tenantId;
    const bytes = wave === undefined ? await services.store.artefacts.get(tenantId, `${manifest.prefix}${ALL_ZIP}`) : await zipOfWave(services.store, tenantId, manifest, wave);
    if (!bytes) throw new NotFoundError(wave === undefined ? 'The zip of the plan files is missing; download again to make it.' : `The plan has no files for wave ${wave}.`);
    const stem = asciiFileStem((await services.store.getTenant(tenantId))?.displayName ?? 'tenant');
    sendFile(res, bytes, `${stem}-plan-files${wave === undefined ? '' : `-wave-${String(wave).padStart(2, '0')}`}.zip`);
  });

  router.get(/^\/export\/files\/(.+)$/, async (req, res) => {
    const wanted = decodedPath((req.params as Record<string, string>)[0] ?? '');
    const manifest = await manifestOr202(req, res);
    if (!manifest) return;
    // Only a listed file: the path names an artefact under this export's prefix, nothing else.
    const file = manifest.files.find((f) => f.path === wanted);
    if (!file) throw new BadRequestError(`${wanted} is not one of the plan's files: list them with GET /api/export/files.`, [{ path: '$.path', message: 'not a listed file' }]);
    const bytes = await services.store.artefacts.get(req.caller!.tenantId, `${manifest.prefix}${file.path}`);
    if (!bytes) throw new NotFoundError(`${file.path} is missing from the stored export; download again to make it.`);
    sendFile(res, bytes, file.path.split('/').pop()!);
  });
}

/** The path decoded once more (as this route always has, after the router's own decoding); a malformed escape is the client's mistake (400), not a 500. */
function decodedPath(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new BadRequestError('The file path is not valid percent-encoding: list the files with GET /api/export/files.', [{ path: '$.path', message: 'malformed percent-encoding' }]);
  }
}

function sendFile(res: Response, bytes: Buffer, fileName: string): void {
  const safe = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  res.status(200);
  res.setHeader('Content-Type', CONTENT_TYPES[safe.split('.').pop() ?? ''] ?? 'application/octet-stream');
  res.setHeader('Content-Disposition', `attachment; filename="${safe}"`);
  res.setHeader('Content-Length', String(bytes.length));
  res.setHeader('Cache-Control', 'no-store');
  res.end(bytes);
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
