/**
 * The rollout plan for the tab: build (POST /plan), summary, wave members (paged), the routing
 * question (GET /route?number=&date=) and plan-vs-tenant status (GET /migration-status, members paged).
 */
import type { Router } from 'express';
import { MEMBER_STATES, type MemberState } from '../../shared/domain/planning/migration-status';
import type { AppServices } from '../../shared/services/app-services';

class PlanRequestError extends Error {
  readonly code = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'PlanRequestError';
  }
}

function int(query: Record<string, unknown>, name: string, fallback: number): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 0) throw new PlanRequestError(`${name} must be a whole number >= 0.`);
  return n;
}

function text(query: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') {
    if (required) throw new PlanRequestError(`${name} is required.`);
    return undefined;
  }
  if (typeof raw !== 'string') throw new PlanRequestError(`${name} must be given once, as text.`);
  return raw;
}

export function registerPlanRoutes(router: Router, services: AppServices): void {
  router.post('/plan', async (req, res) => {
    const body = (req.body ?? {}) as { today?: unknown; settings?: unknown };
    if (body.today !== undefined && typeof body.today !== 'string') throw new PlanRequestError('today must be a date as yyyy-mm-dd.');
    const c = req.caller!;
    const result = await services.plan.build(c.tenantId, c.name ?? c.userId, { today: body.today as string | undefined, settings: body.settings });
    res.json({ version: result.version, settingsVersion: result.settingsVersion, summary: result.summary });
  });

  router.get('/plan/summary', async (req, res) => {
    res.json(await services.plan.summary(req.caller!.tenantId));
  });

  router.get('/plan/waves/:n/members', async (req, res) => {
    const n = Number(req.params.n);
    if (!Number.isInteger(n) || n < 0) throw new PlanRequestError('The wave number must be a whole number >= 0.');
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.waveMembers(req.caller!.tenantId, n, int(q, 'offset', 0), int(q, 'limit', 100)));
  });

  router.get('/route', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.route(req.caller!.tenantId, text(q, 'number', true)!, text(q, 'date', true)!));
  });

  router.get('/migration-status', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const state = text(q, 'state', false);
    if (state !== undefined && !MEMBER_STATES.includes(state as MemberState)) throw new PlanRequestError(`state must be one of ${MEMBER_STATES.join(', ')}.`);
    const offset = int(q, 'offset', 0);
    const limit = Math.min(1000, Math.max(1, int(q, 'limit', 100)));
    const status = await services.plan.migrationStatus(req.caller!.tenantId, text(q, 'today', false));
    const members = state ? status.members.filter((m) => m.state === state) : status.members;
    // 100,000 members do not belong in one answer: the tab pages them.
    res.json({ ...status, members: members.slice(offset, offset + limit), membersTotal: members.length, offset, limit });
  });
}
