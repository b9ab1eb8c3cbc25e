/**
 * The rollout plan for the tab: build (POST /plan queues a job), then reads of its read models - summary, waves,
 * blockers, members, orders and plan-vs-tenant status, each a small document or one page - and the
 * routing question (GET /route?number=&date=).
 */
import type { Router } from 'express';
import { MEMBER_STATES } from '../../shared/domain/planning/migration-status';
import type { AppServices } from '../../shared/services/app-services';
import { isIsoDate } from '../../shared/domain/planning/plan-dates';
import { expectDocumentVersion } from '../../shared/store/store';
import { NoSnapshotError, SETTINGS_DOCUMENT } from '../../shared/services/decision-service';
import { loadSnapshotHeader } from '../../shared/services/snapshot-repository';
import { answerEnqueued } from './job-routes';
import { BadRequestError, expectedVersionOf, queryChoice, queryInt, queryText } from './request-input';

export function registerPlanRoutes(router: Router, services: AppServices): void {
  // Queues a plan build (202 {job}); with settings, the job saves them first against the version the caller read.
  router.post('/plan', async (req, res) => {
    const body = (req.body ?? {}) as { today?: unknown; settings?: unknown; expectedVersion?: unknown };
    if (body.today !== undefined && (typeof body.today !== 'string' || !isIsoDate(body.today))) throw new BadRequestError('today must be a date as yyyy-mm-dd.');
    const c = req.caller!;
    const withSettings = body.settings !== undefined;
    const expectedSettingsVersion = withSettings ? expectedVersionOf(body, req.get('if-match')) : undefined;
    // Nothing to plan from yet: said now, as before, rather than by a failed job.
    if (!(await loadSnapshotHeader(services.store, c.tenantId))) throw new NoSnapshotError(c.tenantId);
    if (withSettings) {
      // A stale editor hears it now; the job checks the version again when it saves.
      await expectDocumentVersion(services.store, c.tenantId, SETTINGS_DOCUMENT, expectedSettingsVersion!, 'planning settings');
    }
    const input = { today: body.today as string | undefined, ...(withSettings && { settings: body.settings, expectedSettingsVersion }) };
    const job = await services.jobs.enqueue(c.tenantId, { type: 'plan', createdBy: c.name ?? c.userId, ...(withSettings ? { largeInput: input } : { input }) });
    await answerEnqueued(req, res, services, job);
  });

  router.get('/plan/summary', async (req, res) => {
    res.json(await services.plan.summary(req.caller!.tenantId));
  });

  // Waves with their sites and order deadlines (the summary holds counts only), for the tab's Plan page.
  router.get('/plan/waves', async (req, res) => {
    res.json(await services.plan.waves(req.caller!.tenantId));
  });

  // Blocker counts by gate and the first blocked people (optionally of one wave).
  router.get('/plan/blockers', async (req, res) => {
    res.json(await services.plan.blockers(req.caller!.tenantId, queryInt(req.query as Record<string, unknown>, 'wave')));
  });

  // Every blocked person, a page at a time: of one wave (?wave=) or held by one gate (?code=).
  router.get('/plan/blocked', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.blocked(req.caller!.tenantId, { wave: queryInt(q, 'wave'), code: queryText(q, 'code'), ...pageOf(q) }));
  });

  router.get('/plan/port-orders', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.portOrders(req.caller!.tenantId, { wave: queryInt(q, 'wave'), ...pageOf(q) }));
  });

  router.get('/plan/upload-orders', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.uploadOrders(req.caller!.tenantId, { wave: queryInt(q, 'wave'), ...pageOf(q) }));
  });

  router.get('/plan/waves/:n/members', async (req, res) => {
    const n = Number(req.params.n);
    if (!Number.isInteger(n) || n < 0) throw new BadRequestError('The wave number must be a whole number >= 0.');
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.waveMembers(req.caller!.tenantId, n, queryInt(q, 'offset', 0), queryInt(q, 'limit', 100)));
  });

  router.get('/route', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.route(req.caller!.tenantId, queryText(q, 'number', { required: true })!, queryText(q, 'date', { required: true })!));
  });

  // Plan versus tenant: counts, and one page of people (?state= | ?wave= | ?site=).
  router.get('/migration-status', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(
      await services.plan.migrationStatus(req.caller!.tenantId, queryText(q, 'today'), {
        state: queryChoice(q, 'state', MEMBER_STATES),
        wave: queryInt(q, 'wave'),
        siteId: queryText(q, 'site'),
        ...pageOf(q),
      }),
    );
  });

  router.get('/migration-status/sites', async (req, res) => {
    res.json(await services.plan.migrationSites(req.caller!.tenantId, pageOf(req.query as Record<string, unknown>)));
  });

  // The drift fix-ups with their PowerShell, a page at a time.
  router.get('/migration-status/fixups', async (req, res) => {
    res.json(await services.plan.fixUps(req.caller!.tenantId, pageOf(req.query as Record<string, unknown>)));
  });
}

/** `offset` and `limit` from the query string; the store clamps the limit to one page. */
function pageOf(q: Record<string, unknown>): { offset: number; limit: number } {
  return { offset: queryInt(q, 'offset', 0), limit: queryInt(q, 'limit', 100) };
}
