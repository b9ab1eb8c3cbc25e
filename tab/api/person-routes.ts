/**
 * The person panel and the People grid's download: one person by object id or UPN, read by key
 * (GET /api/people/:id), and the grid's current view as a workbook (GET /api/people/export.xlsx with
 * the grid's own query string), streamed a page at a time.
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { XLSX_CONTENT_TYPE } from '../../shared/services/export-service';
import { writePeopleWorkbook } from '../../shared/services/people-export';
import { parsePeopleQuery } from '../../shared/services/people-query';
import { createPersonDetailService } from '../../shared/services/person-detail';
import type { PlanPersonIndex } from '../../shared/services/plan-person-index';
import { BadRequestError } from './request-input';

export const PEOPLE_EXPORT_ROUTE = '/people/export.xlsx';

export function registerPersonRoutes(router: Router, services: AppServices, index: PlanPersonIndex): void {
  const people = createPersonDetailService(services.store, index);

  router.get(PEOPLE_EXPORT_ROUTE, async (req, res) => {
    const { offset: _o, limit: _l, ...query } = parsePeopleQuery(req.query as Record<string, unknown>);
    const day = services.now().toISOString().slice(0, 10);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="people-${day}.xlsx"`);
    await writePeopleWorkbook(services.store, services.decisionsRefresher, req.caller!.tenantId, query, res, services.now().toISOString());
  });

  router.get('/people/:id', async (req, res) => {
    const id = req.params.id;
    if (!id || id.length > 320) throw new BadRequestError('id must be an object id or a user principal name (at most 320 characters).', [{ path: 'id', message: 'invalid' }]);
    res.json(await people.detail(req.caller!.tenantId, id));
  });
}
