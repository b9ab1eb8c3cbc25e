/** The JSON API the tab calls, under /api. Every route runs behind `authenticate`. */
import express, { Router } from 'express';
import type { AppConfig } from '../../shared/config/app-config';
import type { AppServices } from '../../shared/services/app-services';
import { authenticate } from './auth';
import { apiErrorHandler } from './errors';
import { registerDecisionRoutes } from './decision-routes';
import { registerPbxRoutes } from './pbx-routes';
import { registerPlanRoutes } from './plan-routes';
import { registerSyncRoutes } from './sync-routes';
import { registerExportRoutes } from './export-routes';
import { createPeopleQueryService, decisionsAnnotator, parsePeopleQuery } from '../../shared/services/people-query';
import { SETTINGS_DOCUMENT } from '../../shared/services/decision-service';
import { PBX_INVENTORY_DOCUMENT } from '../../shared/services/pbx-import-service';

export function createApiRouter(services: AppServices, config: AppConfig): Router {
  const router = Router();
  router.use(express.json({ limit: '5mb' }));
  router.use(authenticate(config));

  router.get('/me', (req, res) => {
    const c = req.caller!;
    res.json({ tenantId: c.tenantId, userId: c.userId, name: c.name, via: c.via, mode: config.mode });
  });

  router.get('/status', async (req, res) => {
    res.json(await services.status(req.caller!.tenantId));
  });

  // People list for the tab (virtualised, paged): the snapshot is cached per tenant by takenAt.
  // Paths and blockers come from the decision service, recomputed only when settings or the PBX inventory change.
  const people = createPeopleQueryService(
    services.store,
    decisionsAnnotator(services.store, services.decisions, [SETTINGS_DOCUMENT, PBX_INVENTORY_DOCUMENT]),
  );
  router.get('/people', async (req, res) => {
    res.json(await people.page(req.caller!.tenantId, parsePeopleQuery(req.query as Record<string, unknown>)));
  });
  // Validation without saving, for the tab's settings editor (same issues, by JSON path, as a refused save).
  router.post('/settings/validate', async (req, res) => {
    const issues = await services.decisions.checkSettings(req.caller!.tenantId, (req.body as { settings?: unknown })?.settings);
    res.json({ valid: !issues.some((i) => i.severity === 'error'), issues });
  });
  // The tab's Plan page: waves with their sites and deadlines (the summary has counts only), and the
  // blocked list with fixes (plan service `blockers`).
  router.get('/plan/waves', async (req, res) => {
    const stored = await services.plan.get(req.caller!.tenantId);
    if (!stored) throw Object.assign(new Error('No plan yet: build one on the Plan page or with `vmp plan`.'), { code: 'not-found' });
    const earliest = (xs: string[]) => (xs.length ? [...xs].sort()[0] : undefined);
    const { plan } = stored;
    res.json({
      builtAt: stored.builtAt,
      settingsVersion: stored.settingsVersion,
      waves: plan.waves.map((w) => ({
        number: w.number,
        name: w.name,
        date: w.date,
        time: w.time,
        siteIds: w.siteIds,
        members: w.members.length,
        prerequisites: w.prerequisites,
        portOrders: w.portOrderIds.length,
        uploadOrders: w.uploadOrderIds.length,
        portSubmitBy: earliest(plan.portOrders.filter((o) => o.waveNumber === w.number).map((o) => o.submitBy)),
        uploadBy: earliest(plan.uploadOrders.filter((o) => o.waveNumber === w.number).map((o) => o.uploadBy)),
      })),
    });
  });
  router.get('/plan/blockers', async (req, res) => {
    const raw = req.query.wave;
    const wave = raw === undefined || raw === '' ? undefined : Number(raw);
    if (wave !== undefined && (!Number.isInteger(wave) || wave < 0)) {
      throw Object.assign(new Error('wave must be a whole number >= 0.'), { code: 'bad-input' });
    }
    res.json(await services.plan.blockers(req.caller!.tenantId, wave));
  });

  // Planning settings and path decisions (issue 5).
  registerDecisionRoutes(router, services);
  // Legacy PBX inventory import and summary (issue 4).
  registerPbxRoutes(router, services);
  // Rollout plan, routing simulator and plan-vs-tenant status (issue 6).
  registerPlanRoutes(router, services);
  // Tenant discovery through Graph: start a sync, poll its progress (issue 3).
  registerSyncRoutes(router, services, config);
  // The rollout workbook download (issue 7), streamed through the export service.
  registerExportRoutes(router, services);

  router.use((_req, res) => {
    res.status(404).json({ error: { code: 'not-found', message: 'No such API route.' } });
  });
  router.use(apiErrorHandler);
  return router;
}
