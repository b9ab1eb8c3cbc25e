/**
 * The people list for the tab's virtualised grid: pages of the snapshot with each person's effective
 * path and blockers. The snapshot is cached per tenant by takenAt, and paths and blockers are recomputed
 * only when the settings or the PBX inventory change, so scrolling 100,000 people stays cheap.
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { SETTINGS_DOCUMENT } from '../../shared/services/decision-service';
import { PBX_INVENTORY_DOCUMENT } from '../../shared/services/pbx-import-service';
import { createPeopleQueryService, decisionsAnnotator, parsePeopleQuery } from '../../shared/services/people-query';

export function registerPeopleRoutes(router: Router, services: AppServices): void {
  const people = createPeopleQueryService(
    services.store,
    decisionsAnnotator(services.store, services.decisions, [SETTINGS_DOCUMENT, PBX_INVENTORY_DOCUMENT]),
  );
  router.get('/people', async (req, res) => {
    res.json(await people.page(req.caller!.tenantId, parsePeopleQuery(req.query as Record<string, unknown>)));
  });
}
