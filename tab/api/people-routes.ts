/**
 * The people list for the tab's virtualised grid: pages of the People read model (effective path and
 * blockers per person), filtered by site, path, blocked state and kind and searched by text in the
 * store, so scrolling or searching 100,000 people costs a page.
 *
 * `GET /api/people/matching` (the grid's filters, `limit` up to 2,000): everyone the filters match, with
 * their stored overrides, for "select all matching" and a bulk override of them (one PATCH holds at most
 * 2,000 items). Over the limit it answers the count only, so the admin narrows the filter.
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { parsePeopleQuery } from '../../shared/services/people-query';

export function registerPeopleRoutes(router: Router, services: AppServices): void {
  router.get('/people', async (req, res) => {
    res.type('json').send(await services.people.pageJson(req.caller!.tenantId, parsePeopleQuery(req.query as Record<string, unknown>)));
  });
  // Before /people/:id (person-routes.ts), which would take "matching" for a person.
  router.get('/people/matching', async (req, res) => {
    const { offset: _o, limit, sort: _s, desc: _d, ...filter } = parsePeopleQuery(req.query as Record<string, unknown>);
    res.json(await services.people.matching(req.caller!.tenantId, filter, limit));
  });
}
