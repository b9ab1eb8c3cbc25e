/** The site panel: one site's recommendation, decision, options, costs, gates, blocks and waves (GET /api/sites/:id), read by key. */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import type { PlanPersonIndex } from '../../shared/services/plan-person-index';
import { createSiteDetailService } from '../../shared/services/site-detail';
import { BadRequestError } from './request-input';

export function registerSiteRoutes(router: Router, services: AppServices, index: PlanPersonIndex): void {
  const sites = createSiteDetailService(services.store, index);
  router.get('/sites/:id', async (req, res) => {
    const id = req.params.id;
    if (!id || id.length > 200) throw new BadRequestError('id must be a site id (at most 200 characters).', [{ path: 'id', message: 'invalid' }]);
    res.json(await sites.detail(req.caller!.tenantId, id));
  });
}
