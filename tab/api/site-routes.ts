/**
 * The site list with people counts (GET /api/sites); the site panel: one site's recommendation,
 * decision, options, costs, gates, blocks and waves (GET /api/sites/:id), read by key; and the Sites
 * grid's current view as a workbook.
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import type { PlanPersonIndex } from '../../shared/services/plan-person-index';
import { createSiteDetailService } from '../../shared/services/site-detail';
import { XLSX_CONTENT_TYPE } from '../../shared/services/export-service';
import { parseSiteIds, writeSitesWorkbook } from '../../shared/services/sites-export';
import { BadRequestError, queryInt } from './request-input';
import { SITES_PAGE_MAX } from '../../shared/services/people-query';

export function registerSiteRoutes(router: Router, services: AppServices, index: PlanPersonIndex): void {
  const sites = createSiteDetailService(services.store, index);

  // The sites with their people counts, for the pages that filter or pick by site (a page holds a
  // 2,000-site tenant's whole list; the People grid gets it with its first page instead).
  router.get('/sites', async (req, res) => {
    res.json(await services.people.sites(req.caller!.tenantId, queryInt(req.query, 'offset', 0), queryInt(req.query, 'limit', SITES_PAGE_MAX)));
  });

  // The Sites grid's current view (its rows, in its order) as a workbook. Before /sites/:id.
  router.post('/sites/export.xlsx', async (req, res) => {
    const ids = parseSiteIds(req.body);
    const day = services.now().toISOString().slice(0, 10);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="sites-${day}.xlsx"`);
    await writeSitesWorkbook(services.store, req.caller!.tenantId, ids, res, services.now().toISOString());
  });
  router.get('/sites/:id', async (req, res) => {
    const id = req.params.id;
    if (!id || id.length > 200) throw new BadRequestError('id must be a site id (at most 200 characters).', [{ path: 'id', message: 'invalid' }]);
    res.json(await sites.detail(req.caller!.tenantId, id));
  });
}
