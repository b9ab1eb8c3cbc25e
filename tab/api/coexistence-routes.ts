/**
 * The Coexistence view's reads: the plan's coexistence summary and routing stages, then one page at a
 * time of block splits, the SBC routing table after a stage, unassigned-number treatments and voice
 * routes, dial plans and extension collisions; and the routing question, which also accepts an
 * extension dialled at a site (`?number=2001&site=madrid&date=`).
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { COEXISTENCE_ROUTE_KINDS, createCoexistenceService } from '../../shared/services/coexistence-service';
import { BadRequestError, queryChoice, queryInt, queryText } from './request-input';

type Query = Record<string, unknown>;

/** A routing stage: a wave number, or -1 for today (before any wave). */
function queryStage(q: Query, name: string): number | undefined {
  const raw = queryText(q, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < -1) {
    throw new BadRequestError(`${name} must be a wave number, or -1 for today before any wave.`, [{ path: `$.${name}`, message: 'expected a whole number >= -1' }]);
  }
  return n;
}

function queryFlag(q: Query, name: string): boolean | undefined {
  const v = queryChoice(q, name, ['true', 'false'] as const);
  return v === undefined ? undefined : v === 'true';
}

function pageOf(q: Query) {
  return { offset: queryInt(q, 'offset', 0), limit: queryInt(q, 'limit', 100), q: queryText(q, 'q') };
}

export function registerCoexistenceRoutes(router: Router, services: AppServices): void {
  const coexistence = createCoexistenceService(services.store, services.plan);

  router.get('/coexistence', async (req, res) => {
    res.json(await coexistence.overview(req.caller!.tenantId));
  });

  router.get('/coexistence/blocks', async (req, res) => {
    const q = req.query as Query;
    res.json(
      await coexistence.blocks(req.caller!.tenantId, { ...pageOf(q), wave: queryInt(q, 'wave'), siteId: queryText(q, 'site'), flagged: queryFlag(q, 'flagged'), split: queryFlag(q, 'split') }),
    );
  });

  router.get('/coexistence/sbc-rules', async (req, res) => {
    const q = req.query as Query;
    const afterWave = queryStage(q, 'after');
    if (afterWave === undefined) throw new BadRequestError('after is required: the wave after which the table is in force (-1 for today).', [{ path: '$.after', message: 'required' }]);
    res.json(await coexistence.sbcRules(req.caller!.tenantId, { ...pageOf(q), afterWave, blockId: queryText(q, 'block'), sbcId: queryText(q, 'sbc') }));
  });

  router.get('/coexistence/routes', async (req, res) => {
    const q = req.query as Query;
    res.json(await coexistence.routes(req.caller!.tenantId, { ...pageOf(q), kind: queryChoice(q, 'kind', COEXISTENCE_ROUTE_KINDS), afterWave: queryStage(q, 'after') }));
  });

  router.get('/coexistence/dial-plans', async (req, res) => {
    const q = req.query as Query;
    res.json(await coexistence.dialPlans(req.caller!.tenantId, { ...pageOf(q), siteId: queryText(q, 'site') }));
  });

  router.get('/coexistence/collisions', async (req, res) => {
    const q = req.query as Query;
    res.json(await coexistence.collisions(req.caller!.tenantId, { ...pageOf(q), siteId: queryText(q, 'site') }));
  });

  // Where a number (or an extension dialled at ?site=) rings on ?date=.
  router.get('/coexistence/route', async (req, res) => {
    const q = req.query as Query;
    res.json(
      await coexistence.route(req.caller!.tenantId, {
        number: queryText(q, 'number', { required: true })!,
        date: queryText(q, 'date', { required: true })!,
        siteId: queryText(q, 'site'),
      }),
    );
  });
}
