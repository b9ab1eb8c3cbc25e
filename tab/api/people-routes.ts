/**
 * The people list for the tab's virtualised grid: pages of the People read model (effective path and
 * blockers per person), filtered by site, path, blocked state and kind and searched by text in the
 * store, so scrolling or searching 100,000 people costs a page.
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { parsePeopleQuery } from '../../shared/services/people-query';

export function registerPeopleRoutes(router: Router, services: AppServices): void {
  router.get('/people', async (req, res) => {
    res.json(await services.people.page(req.caller!.tenantId, parsePeopleQuery(req.query as Record<string, unknown>)));
  });
}
