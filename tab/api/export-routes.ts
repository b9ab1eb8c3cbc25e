/**
 * GET /api/export/rollout.xlsx: the rollout workbook of the caller's tenant, streamed. Everything is
 * loaded before the first header goes out, so a missing plan is a normal JSON error, not a broken
 * download. The file name is ASCII-only (built from the tenant's name), so the header cannot be bent.
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';

export const ROLLOUT_WORKBOOK_ROUTE = '/export/rollout.xlsx';

export function registerExportRoutes(router: Router, services: AppServices): void {
  router.get(ROLLOUT_WORKBOOK_ROUTE, async (req, res) => {
    const prepared = await services.exports.prepareRolloutWorkbook(req.caller!.tenantId);
    res.status(200);
    res.setHeader('Content-Type', prepared.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${prepared.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    try {
      await prepared.write(res);
    } catch (err) {
      // Headers are gone: the only honest signal left is a cut connection.
      console.error('Rollout workbook download failed:', err);
      res.destroy(err as Error);
    }
  });
}
