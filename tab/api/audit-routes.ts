/**
 * The history (audit trail) for the tab: `GET /api/audit?offset&limit&kind` a page of entries, newest
 * first; `GET /api/audit/:id` one entry with the settings diff between its versions and, for a settings
 * save, the settings to restore (through `PUT /api/settings` with `restoredFromVersion`).
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { createHistoryService, HISTORY_KIND, HISTORY_PAGE_MAX } from '../../shared/services/history-service';
import { BadRequestError, NotFoundError, queryInt, queryText } from './request-input';

export function registerAuditRoutes(router: Router, services: AppServices): void {
  const history = createHistoryService(services.store);

  router.get('/audit', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const limit = queryInt(q, 'limit', 50);
    if (limit < 1 || limit > HISTORY_PAGE_MAX) {
      throw new BadRequestError(`limit must be between 1 and ${HISTORY_PAGE_MAX}.`, [{ path: '$.limit', message: `expected 1 to ${HISTORY_PAGE_MAX}` }]);
    }
    const kind = queryText(q, 'kind');
    if (kind !== undefined && !HISTORY_KIND.test(kind)) {
      throw new BadRequestError('kind must be the name of a document or collection, e.g. planning-settings.', [{ path: '$.kind', message: 'expected a name' }]);
    }
    res.json(await history.list(req.caller!.tenantId, { offset: queryInt(q, 'offset', 0), limit, kind }));
  });

  router.get('/audit/:id', async (req, res) => {
    const id = Number(req.params.id);
    if (!/^\d{1,15}$/.test(req.params.id) || !Number.isSafeInteger(id) || id < 1) {
      throw new BadRequestError('The history entry id must be a whole number >= 1.', [{ path: '$.id', message: 'expected a whole number >= 1' }]);
    }
    const entry = await history.get(req.caller!.tenantId, id);
    if (!entry) throw new NotFoundError(`No history entry ${id} in this tenant.`);
    res.json(entry);
  });
}
