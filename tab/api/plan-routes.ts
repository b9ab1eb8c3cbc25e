/**
 * The rollout plan for the tab: build (POST /plan), summary, wave members (paged), the routing
 * question (GET /route?number=&date=) and plan-vs-tenant status (GET /migration-status, members paged).
 */
import type { Router } from 'express';
import { MEMBER_STATES } from '../../shared/domain/planning/migration-status';
import type { AppServices } from '../../shared/services/app-services';
import { BadRequestError, NotFoundError, queryChoice, queryInt, queryText } from './request-input';

export function registerPlanRoutes(router: Router, services: AppServices): void {
  router.post('/plan', async (req, res) => {
    const body = (req.body ?? {}) as { today?: unknown; settings?: unknown };
    if (body.today !== undefined && typeof body.today !== 'string') throw new BadRequestError('today must be a date as yyyy-mm-dd.');
    const c = req.caller!;
    const result = await services.plan.build(c.tenantId, c.name ?? c.userId, { today: body.today as string | undefined, settings: body.settings });
    res.json({ version: result.version, settingsVersion: result.settingsVersion, summary: result.summary });
  });

  router.get('/plan/summary', async (req, res) => {
    res.json(await services.plan.summary(req.caller!.tenantId));
  });

  // Waves with their sites and order deadlines (the summary holds counts only), for the tab's Plan page.
  router.get('/plan/waves', async (req, res) => {
    const stored = await services.plan.get(req.caller!.tenantId);
    if (!stored) throw new NotFoundError('No plan yet: build one on the Plan page or with `vmp plan`.');
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

  // Who is blocked (optionally in one wave) and the fix.
  router.get('/plan/blockers', async (req, res) => {
    res.json(await services.plan.blockers(req.caller!.tenantId, queryInt(req.query as Record<string, unknown>, 'wave')));
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

  router.get('/migration-status', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const state = queryChoice(q, 'state', MEMBER_STATES);
    const offset = queryInt(q, 'offset', 0);
    const limit = Math.min(1000, Math.max(1, queryInt(q, 'limit', 100)));
    const status = await services.plan.migrationStatus(req.caller!.tenantId, queryText(q, 'today'));
    const members = state ? status.members.filter((m) => m.state === state) : status.members;
    // 100,000 members do not belong in one answer: the tab pages them.
    res.json({ ...status, members: members.slice(offset, offset + limit), membersTotal: members.length, offset, limit });
  });
}
