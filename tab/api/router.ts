/** The JSON API the tab calls, under /api. Every route runs behind `authenticate`. */
import express, { Router } from 'express';
import type { AppConfig } from '../../shared/config/app-config';
import type { AppServices } from '../../shared/services/app-services';
import { authenticate } from './auth';
import { actingTenant } from './acting-tenant';
import { registerPortfolioRoutes } from './portfolio-routes';
import { apiErrorHandler } from './errors';
import { rateLimit, RateLimiter } from './rate-limit';
import { BodyBudget, limitBodiesInFlight } from './body-budget';
import { limitJsonDepth } from './request-input';
import { registerDecisionRoutes } from './decision-routes';
import { registerPbxRoutes } from './pbx-routes';
import { registerPlanRoutes } from './plan-routes';
import { registerSyncRoutes } from './sync-routes';
import { registerExportRoutes } from './export-routes';
import { registerPeopleRoutes } from './people-routes';
import { registerPersonRoutes } from './person-routes';
import { registerSiteRoutes } from './site-routes';
import { createPlanPersonIndex } from '../../shared/services/plan-person-index';
import { registerSiteRulesRoutes } from './site-rules-routes';
import { registerJobRoutes } from './job-routes';
import { registerCoexistenceRoutes } from './coexistence-routes';
import { registerAuditRoutes } from './audit-routes';
import { registerPlanCalendarRoutes } from './plan-calendar-routes';
import { registerMspConsentRoutes } from './msp-consent-routes';
import { registerReminderRoutes } from './reminder-routes';

/** The largest JSON body the API reads: a PBX export sent by the tab (larger ones go through `vmp import-pbx`). */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export function createApiRouter(services: AppServices, config: AppConfig, limiter = new RateLimiter(config.limits), bodyBudget = new BodyBudget()): Router {
  const router = Router();
  // Who is calling is settled before any body is read: an unauthenticated caller cannot make the
  // server parse (or decompress) up to 5 MB.
  router.use(authenticate(config));
  // The tenant the request acts for: the caller's own, or a customer their MSP portfolio grants them (X-Tenant-Id).
  router.use(actingTenant(services.portfolio, config.auth.mspTenantIds));
  // Per user and per tenant, once the caller (and the tenant it acts for) is known, before the body is read.
  router.use(rateLimit(limiter));
  // And the bytes of large bodies being received at once, per user, per tenant and in all.
  router.use(limitBodiesInFlight(bodyBudget, MAX_BODY_BYTES));
  router.use(express.json({ limit: MAX_BODY_BYTES }));
  router.use(limitJsonDepth());

  // Tenant data is never stored by a browser or a proxy.
  router.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // The deployment's health with its details, for a signed-in admin (GET /healthz says only "ok"). Nothing
  // about other tenants: how many organisations a deployment serves is not one tenant's admin's business.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', mode: config.mode, store: services.store.description.split(':')[0] });
  });

  router.get('/me', (req, res) => {
    const c = req.caller!;
    // Acting for a customer (X-Tenant-Id): also who the caller really is and the role their grant gives.
    const acting = c.homeTenantId ? { homeTenantId: c.homeTenantId, actingRole: c.actingRole } : {};
    res.json({ tenantId: c.tenantId, userId: c.userId, name: c.name, via: c.via, mode: config.mode, ...acting });
  });

  router.get('/status', async (req, res) => {
    res.json(await services.status(req.caller!.tenantId));
  });

  // Everything the Overview shows, in one small answer.
  router.get('/overview', async (req, res) => {
    res.json(await services.overview(req.caller!.tenantId));
  });

  // The people list for the tab (virtualised, paged).
  registerPeopleRoutes(router, services);
  // The person and site panels (records read by key) and the People grid's workbook.
  const planIndex = createPlanPersonIndex(services.store, services.plan);
  registerPersonRoutes(router, services, planIndex);
  registerSiteRoutes(router, services, planIndex);
  // Planning settings and path decisions.
  registerDecisionRoutes(router, services);
  // Site mapping rules: read, preview against the stored snapshot, save (and re-apply).
  registerSiteRulesRoutes(router, services);
  // Legacy PBX inventory import and summary.
  registerPbxRoutes(router, services);
  // Rollout plan, routing simulator and plan-vs-tenant status.
  registerPlanRoutes(router, services);
  // Coexistence: block splits, SBC routing per wave, dial plans, collisions, the routing question with extensions.
  registerCoexistenceRoutes(router, services);
  // Tenant discovery through Graph: start a sync, poll its progress.
  registerSyncRoutes(router, services, config);
  // The rollout workbook download, streamed through the export service.
  registerExportRoutes(router, services);
  // Background jobs (sync, PBX import, plan): the tenant's recent jobs and one job's state and result.
  registerJobRoutes(router, services);
  // The history: who changed what and when, settings diffs between versions.
  registerAuditRoutes(router, services);
  // Public holidays at the plan's sites between its waves (the wave timeline).
  registerPlanCalendarRoutes(router, services);
  // The MSP portfolio: customer mapping, tenant switcher, overview and its workbook.
  registerPortfolioRoutes(router, services, config);
  // A customer tenant's own admins allow (or stop allowing) an MSP to link it.
  registerMspConsentRoutes(router, services, config);
  // The chats and channels the bot reminds: listed, and stopped from the tab.
  registerReminderRoutes(router, services);

  router.use((_req, res) => {
    res.status(404).json({ error: { code: 'not-found', message: 'No such API route.' } });
  });
  router.use(apiErrorHandler);
  return router;
}
