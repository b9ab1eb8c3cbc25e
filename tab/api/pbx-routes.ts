/**
 * PBX inventory routes (issue 4). The tab sends the export's text inside JSON (no multipart here), so the
 * router's body limit caps the size; larger exports go through `vmp import-pbx`, which streams files.
 */
import type { Router } from 'express';
import { parseColumnMapping } from '../../shared/pbx/column-mapping';
import { csvTextSource } from '../../shared/pbx/csv-table-reader';
import type { AppServices } from '../../shared/services/app-services';
import { BadRequestError, queryInt } from './request-input';

export function registerPbxRoutes(router: Router, services: AppServices): void {
  router.post('/pbx/import', async (req, res) => {
    const body = (req.body ?? {}) as { linesCsv?: unknown; blocksCsv?: unknown; mapping?: unknown; defaultCountry?: unknown };
    if (typeof body.linesCsv !== 'string' || body.linesCsv.trim() === '') {
      throw new BadRequestError('Send {"linesCsv": "<the lines export as CSV text>", "blocksCsv"?: "...", "mapping"?: {...}}.');
    }
    if (body.blocksCsv !== undefined && typeof body.blocksCsv !== 'string') throw new BadRequestError('blocksCsv must be CSV text.');
    if (body.defaultCountry !== undefined && typeof body.defaultCountry !== 'string') throw new BadRequestError('defaultCountry must be a two-letter ISO code.');
    const mapping = body.mapping === undefined || body.mapping === null ? undefined : parseColumnMapping(body.mapping);
    const report = await services.pbx.importInventory(
      req.caller!.tenantId,
      {
        lines: csvTextSource(body.linesCsv, 'lines.csv'),
        blocks: typeof body.blocksCsv === 'string' && body.blocksCsv.trim() !== '' ? csvTextSource(body.blocksCsv, 'blocks.csv') : undefined,
        mapping,
        defaultCountry: body.defaultCountry as string | undefined,
      },
      req.caller!.userId ?? 'tab',
    );
    res.json({ ok: true, ...report });
  });

  router.get('/pbx/summary', async (req, res) => {
    res.json(await services.pbx.summary(req.caller!.tenantId));
  });

  // Migration groups (hunt and pickup groups, boss-delegate pairs...), a page at a time.
  router.get('/pbx/groups', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.pbx.groups(req.caller!.tenantId, queryInt(q, 'offset', 0), queryInt(q, 'limit', 100)));
  });
}
