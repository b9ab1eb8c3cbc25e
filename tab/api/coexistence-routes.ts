/**
 * The Coexistence view's reads: the plan's coexistence summary and routing stages, then one page at a
 * time of block splits, the SBC routing table after a stage, the voice routes between the systems, dial plans and extension collisions; and the routing question, which also accepts an
 * extension dialled at a site (`?number=2001&site=madrid&date=`). Every list reads `?dir=desc` (its stored
 * order reversed) and exports its current view (`/coexistence/export.xlsx?list=`).
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { COEXISTENCE_ROUTE_KINDS, createCoexistenceService } from '../../shared/services/coexistence-service';
import { COEXISTENCE_LISTS, coexistenceListReader, coexistenceListWorkbook, type CoexistenceList, type CoexistenceListFilter } from '../../shared/services/coexistence-export';
import { sendListWorkbook } from './list-download';
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
  return { offset: queryInt(q, 'offset', 0), limit: queryInt(q, 'limit', 100) };
}

/** The filters a list takes, checked as its route always has (the SBC table needs its stage). */
function listFilter(list: CoexistenceList, q: Query): CoexistenceListFilter {
  const common = { q: queryText(q, 'q'), desc: queryChoice(q, 'dir', ['asc', 'desc'] as const) === 'desc' };
  switch (list) {
    case 'blocks':
      return { ...common, wave: queryInt(q, 'wave'), siteId: queryText(q, 'site'), flagged: queryFlag(q, 'flagged'), split: queryFlag(q, 'split') };
    case 'port-orders':
    case 'upload-orders':
      return { ...common, wave: queryInt(q, 'wave') };
    case 'sbc-rules': {
      const afterWave = queryStage(q, 'after');
      if (afterWave === undefined) throw new BadRequestError('after is required: the wave after which the table is in force (-1 for today).', [{ path: '$.after', message: 'required' }]);
      return { ...common, afterWave, blockId: queryText(q, 'block'), sbcId: queryText(q, 'sbc') };
    }
    case 'routes':
      return { ...common, kind: queryChoice(q, 'kind', COEXISTENCE_ROUTE_KINDS), afterWave: queryStage(q, 'after') };
    case 'dial-plans':
    case 'collisions':
      return { ...common, siteId: queryText(q, 'site') };
  }
}

export function registerCoexistenceRoutes(router: Router, services: AppServices): void {
  const coexistence = createCoexistenceService(services.store, services.plan);

  router.get('/coexistence', async (req, res) => {
    res.json(await coexistence.overview(req.caller!.tenantId));
  });

  // Each list one page at a time, in its stored order or the reverse (?dir=desc): the same reader the
  // export uses, so a grid and its workbook hold the same rows in the same order.
  const LIST_PATHS: [string, CoexistenceList][] = [
    ['/coexistence/blocks', 'blocks'],
    ['/coexistence/sbc-rules', 'sbc-rules'],
    ['/coexistence/routes', 'routes'],
    ['/coexistence/dial-plans', 'dial-plans'],
    ['/coexistence/collisions', 'collisions'],
  ];
  for (const [path, list] of LIST_PATHS) {
    router.get(path, async (req, res) => {
      const q = req.query as Query;
      const { offset, limit } = pageOf(q);
      const read = coexistenceListReader(coexistence, services.plan, req.caller!.tenantId, list, listFilter(list, q));
      res.json({ ...(await read(offset, limit)), offset });
    });
  }

  // Any Coexistence list's current view as a workbook (?list=blocks|port-orders|...&<its filters>&dir=),
  // streamed a page at a time, at most LIST_EXPORT_MAX_ROWS rows (X-Export-Total says how many the view holds).
  router.get('/coexistence/export.xlsx', async (req, res) => {
    const q = req.query as Query;
    const list = queryChoice(q, 'list', COEXISTENCE_LISTS);
    if (!list) throw new BadRequestError(`list is required: one of ${COEXISTENCE_LISTS.join(', ')}.`, [{ path: '$.list', message: 'required' }]);
    const workbook = await coexistenceListWorkbook(services.store, coexistence, services.plan, req.caller!.tenantId, list, listFilter(list, q));
    await sendListWorkbook(res, services, workbook, list);
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
