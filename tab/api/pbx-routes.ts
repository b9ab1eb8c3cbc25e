/**
 * PBX inventory routes (issue 4). The tab sends the export's text inside JSON (no multipart here), so the
 * router's body limit caps the size; larger exports go through `vmp import-pbx`, which streams files.
 */
import { actorName } from '../../shared/services/caller';
import type { Router } from 'express';
import { parseColumnMapping } from '../../shared/pbx/column-mapping';
import { csvTextSource } from '../../shared/pbx/csv-table-reader';
import { previewLineColumns } from '../../shared/pbx/column-preview';
import type { AppServices } from '../../shared/services/app-services';
import type { PbxImportInput } from '../../shared/jobs/job-handlers';
import { answerEnqueued } from './job-routes';
import { isFinished } from '../../shared/jobs/job-types';
import type { PbxImportPreview } from '../../shared/services/pbx-import-preview';
import { BadRequestError, expectedVersionOf, queryInt, queryText } from './request-input';
import { PBX_INVENTORY_DOCUMENT } from '../../shared/services/pbx-import-service';
import { expectDocumentVersion } from '../../shared/store/store';

/**
 * How long the preview request waits for its job before answering 202 {job}: well under what clients
 * and proxies allow a request (a 100,000-line preview on a busy server can take longer; the tab follows it).
 */
const PREVIEW_WAIT_MS = 10_000;

/** Errors and warnings a preview answer carries; `counts` says how many there are. */
const PREVIEW_ISSUES = 500;

/**
 * The name of the file the admin chose, as the import report and its errors will say it: the name alone
 * (a browser may send a path), at most 200 characters, no control characters.
 */
function fileNameOf(raw: unknown, field: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const name = typeof raw === 'string' ? raw.split(/[\\/]/).pop()!.trim() : '';
  if (!name || name.length > 200 || /[\u0000-\u001F\u007F]/.test(name)) {
    throw new BadRequestError(`${field} must be the file's name (1 to 200 characters, no control characters).`, [{ path: field, message: 'expected a file name' }]);
  }
  return name;
}

/** The import's body as the job reads it (the files, the mapping, the default country), checked: a wrong shape is a 400 naming the field. */
function importInputOf(raw: unknown): Omit<PbxImportInput, 'expectedVersion'> {
  const body = (raw ?? {}) as { linesCsv?: unknown; linesName?: unknown; blocksCsv?: unknown; blocksName?: unknown; mapping?: unknown; defaultCountry?: unknown };
  if (typeof body.linesCsv !== 'string' || body.linesCsv.trim() === '') {
    throw new BadRequestError(
      'Send {"linesCsv": "<the lines export as CSV text>", "linesName"?: "<its file name>", "blocksCsv"?: "...", "blocksName"?: "...", "mapping"?: {...}, "expectedVersion": <the inventory version you read, null when none>}.',
      [{ path: 'linesCsv', message: 'expected CSV text' }],
    );
  }
  if (body.blocksCsv !== undefined && typeof body.blocksCsv !== 'string') throw new BadRequestError('blocksCsv must be CSV text.', [{ path: 'blocksCsv', message: 'expected CSV text' }]);
  if (body.defaultCountry !== undefined && typeof body.defaultCountry !== 'string') {
    throw new BadRequestError('defaultCountry must be a two-letter ISO code.', [{ path: 'defaultCountry', message: 'expected a two-letter ISO code' }]);
  }
  if (body.mapping !== undefined && body.mapping !== null) parseColumnMapping(body.mapping);
  const linesName = fileNameOf(body.linesName, 'linesName');
  const blocksName = fileNameOf(body.blocksName, 'blocksName');
  // Not CSV text at all (a binary file): refused here, from the first bytes.
  csvTextSource(body.linesCsv, linesName ?? 'lines.csv');
  if (typeof body.blocksCsv === 'string' && body.blocksCsv.trim() !== '') csvTextSource(body.blocksCsv, blocksName ?? 'blocks.csv');
  return {
    linesCsv: body.linesCsv,
    ...(linesName && { linesName }),
    ...(typeof body.blocksCsv === 'string' && { blocksCsv: body.blocksCsv, ...(blocksName && { blocksName }) }),
    ...(body.mapping !== undefined && body.mapping !== null && { mapping: body.mapping }),
    ...(typeof body.defaultCountry === 'string' && { defaultCountry: body.defaultCountry }),
  };
}

export function registerPbxRoutes(router: Router, services: AppServices): void {
  // Checks the request's shape, then queues the import (202 {job}); the report comes with the finished job.
  router.post('/pbx/import', async (req, res) => {
    const input = importInputOf(req.body);
    // The import replaces the stored inventory: only the one the admin read (null = none yet), which the preview names.
    const expectedVersion = expectedVersionOf(req.body ?? {}, req.get('if-match'));
    await expectDocumentVersion(services.store, req.caller!.tenantId, PBX_INVENTORY_DOCUMENT, expectedVersion, 'PBX inventory');
    const job = await services.jobs.enqueue(req.caller!.tenantId, { type: 'pbx-import', createdBy: actorName(req.caller!), largeInput: { ...input, expectedVersion } });
    await answerEnqueued(req, res, services, job);
  });

  // What importing these files would store and replace, storing nothing: a pbx-import job in preview mode
  // (reading 100,000 lines stays off the request path), waited for. 200 {job, preview} with the first
  // PREVIEW_ISSUES errors and warnings (all of them page from GET /jobs/:id); files with errors are a 400
  // listing them by file, row and column; a preview still running after PREVIEW_WAIT_MS is a 202 {job} to follow.
  router.post('/pbx/import/preview', async (req, res) => {
    const input = importInputOf(req.body);
    const tenantId = req.caller!.tenantId;
    const job = await services.jobs.enqueue(tenantId, { type: 'pbx-import', createdBy: actorName(req.caller!), input: { preview: true }, largeInput: input });
    const done = (await services.jobs.waitFor(tenantId, job.id, PREVIEW_WAIT_MS)) ?? job;
    if (!isFinished(done)) {
      res.status(202).json({ job: done });
      return;
    }
    const preview = await services.jobs.resultDetail<PbxImportPreview>(done);
    if (done.state === 'failed' || !preview) {
      const refusal = new Error(done.error?.message ?? 'The preview failed.') as Error & { code: string; issues?: unknown[] };
      refusal.code = done.error?.code ?? 'internal';
      if (preview) refusal.issues = preview.errors.slice(0, PREVIEW_ISSUES);
      throw refusal;
    }
    res.json({ job: done, preview: { ...preview, errors: preview.errors.slice(0, PREVIEW_ISSUES), warnings: preview.warnings.slice(0, PREVIEW_ISSUES) } });
  });

  router.get('/pbx/summary', async (req, res) => {
    res.json(await services.pbx.summary(req.caller!.tenantId));
  });

  // The column mapping saved for the next import (the tab's mapping form), versioned like other documents.
  router.get('/pbx/mapping', async (req, res) => {
    res.json(await services.pbx.mapping(req.caller!.tenantId));
  });
  router.put('/pbx/mapping', async (req, res) => {
    const body = (req.body ?? {}) as { mapping?: unknown; expectedVersion?: unknown };
    if (body.mapping === undefined || body.mapping === null || typeof body.mapping !== 'object') {
      throw new BadRequestError('Send {"mapping": {"lines": {...}, "blocks": {...}}, "expectedVersion": <the mapping version you read, null when none>}.', [
        { path: 'mapping', message: 'expected an object' },
      ]);
    }
    const expectedVersion = expectedVersionOf(body, req.get('if-match'));
    const c = req.caller!;
    res.json(await services.pbx.saveMapping(c.tenantId, c.userId ?? 'tab', body.mapping, expectedVersion));
  });
  // The header of a lines export as the import would read it: layout, and the field each column feeds.
  router.post('/pbx/columns', async (req, res) => {
    const body = (req.body ?? {}) as { linesCsv?: unknown; mapping?: unknown };
    if (typeof body.linesCsv !== 'string' || body.linesCsv.trim() === '') {
      throw new BadRequestError('Send {"linesCsv": "<the start of the lines export as CSV text>", "mapping"?: {...}}.', [{ path: 'linesCsv', message: 'expected CSV text' }]);
    }
    const mapping = body.mapping === undefined || body.mapping === null ? undefined : parseColumnMapping(body.mapping);
    res.json(await previewLineColumns(csvTextSource(body.linesCsv, 'lines.csv'), mapping));
  });

  // Migration groups (hunt and pickup groups, boss-delegate pairs...), a page at a time; `q` searches names.
  router.get('/pbx/groups', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.pbx.groups(req.caller!.tenantId, queryInt(q, 'offset', 0), queryInt(q, 'limit', 100), queryText(q, 'q')));
  });
}
