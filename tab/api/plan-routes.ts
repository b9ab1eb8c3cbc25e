/**
 * The rollout plan for the tab: build (POST /plan queues a job), then reads of its read models - summary, waves,
 * blockers, members, orders and plan-vs-tenant status, each a small document or one page - and the
 * routing question (GET /route?number=&date=).
 */
import { actorName } from '../../shared/services/caller';
import type { Response, Router } from 'express';
import { MEMBER_STATES } from '../../shared/domain/planning/migration-status';
import type { AppServices } from '../../shared/services/app-services';
import { isIsoDate } from '../../shared/domain/planning/plan-dates';
import { expectDocumentVersion } from '../../shared/store/store';
import { NoSnapshotError, SETTINGS_DOCUMENT } from '../../shared/services/decision-service';
import { loadSnapshotHeader } from '../../shared/services/snapshot-repository';
import { BLOCKED_SOURCES, createBlockedPeopleService } from '../../shared/services/blocked-people';
import { blockersWorkbook } from '../../shared/services/blockers-export';
import { pageInOrder } from '../../shared/services/list-order';
import { fixUpsScript } from '../../shared/services/fixups-script';
import { teamsPhoneOnScript } from '../../shared/services/teams-phone-on-script';
import { TURNED_OFF_GATE } from '../../shared/domain/decisions/licence-seats';
import { progressWorkbook } from '../../shared/services/progress-export';
import { orderTrackingSummary, parseTrackOrderInput, trackOrder } from '../../shared/services/order-tracking';
import { answerEnqueued } from './job-routes';
import { sendListWorkbook } from './list-download';
import { BadRequestError, expectedVersionOf, NotFoundError, queryChoice, queryInt, queryText } from './request-input';

export function registerPlanRoutes(router: Router, services: AppServices): void {
  const blockedPeople = createBlockedPeopleService(services.store, services.plan, services.decisions);

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
    const job = await services.jobs.enqueue(c.tenantId, { type: 'plan', createdBy: actorName(c), ...(withSettings ? { largeInput: input } : { input }) });
    await answerEnqueued(req, res, services, job);
  });

  router.get('/plan/summary', async (req, res) => {
    res.json(await services.plan.summary(req.caller!.tenantId));
  });

  // Unmet constraints a page at a time, of one kind (?code=) or all, in the plan's order: the summary
  // lists the first few of each kind with the count of every kind.
  router.get('/plan/unmet', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.unmet(req.caller!.tenantId, { code: queryText(q, 'code'), ...pageOf(q) }));
  });

  // Waves with their sites and order deadlines (the summary holds counts only), for the tab's Plan page.
  router.get('/plan/waves', async (req, res) => {
    res.json(await services.plan.waves(req.caller!.tenantId));
  });

  // Blocker counts by gate and the first blocked people (optionally of one wave).
  router.get('/plan/blockers', async (req, res) => {
    res.json(await services.plan.blockers(req.caller!.tenantId, queryInt(req.query as Record<string, unknown>, 'wave')));
  });

  // Every blocked person, a page at a time, with their name, site name and waves: of one wave (?wave=),
  // held by one gate (?gate= or ?code=), at one site (?site=), any of them together; ?dir=desc reverses
  // the plan's order (site, then UPN); ?source=readiness lists the blocker gates as they stand now
  // (before a re-plan), one row per gate. The export is the same view as a workbook.
  router.get('/plan/blocked', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await blockedPeople.page(req.caller!.tenantId, { ...blockedFilter(q), ...pageOf(q) }));
  });

  // The fix for the people blocked because Teams Phone is turned off in a licence they hold.
  router.get('/plan/blocked/teams-phone-on.ps1', async (req, res) => {
    const tenantId = req.caller!.tenantId;
    const page = (offset: number, limit: number) => services.plan.blocked(tenantId, { code: TURNED_OFF_GATE, offset, limit });
    // Before the headers: no plan is a 404, not an empty script.
    await page(0, 1);
    await sendScript(res, 'turn-teams-phone-on.ps1', teamsPhoneOnScript(page, new Date().toISOString()));
  });

  router.get('/plan/blocked/export.xlsx', async (req, res) => {
    const workbook = await blockersWorkbook(blockedPeople, req.caller!.tenantId, blockedFilter(req.query as Record<string, unknown>));
    await sendListWorkbook(res, services, workbook, 'blocked-people');
  });

  // Orders of one wave (?wave=), in the plan's order or its reverse (?dir=desc).
  // Each row carries where the order stands (`tracking`); `trackingVersion` is what an update is written against.
  router.get('/plan/port-orders', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const wave = queryInt(q, 'wave');
    const tenantId = req.caller!.tenantId;
    const [page, tracking] = await Promise.all([pageInOrder((offset, limit) => services.plan.portOrders(tenantId, { wave, offset, limit }), { ...pageOf(q), desc: descOf(q) }), orderTrackingSummary(services.store, tenantId)]);
    res.json({ ...page, trackingVersion: tracking.version });
  });

  router.get('/plan/upload-orders', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const wave = queryInt(q, 'wave');
    const tenantId = req.caller!.tenantId;
    const [page, tracking] = await Promise.all([pageInOrder((offset, limit) => services.plan.uploadOrders(tenantId, { wave, offset, limit }), { ...pageOf(q), desc: descOf(q) }), orderTrackingSummary(services.store, tenantId)]);
    res.json({ ...page, trackingVersion: tracking.version });
  });

  // Where an order stands: submitted to the carrier, its date confirmed, ported, rejected (or `open` again); If-Match or expectedVersion.
  router.put('/plan/orders/:id/tracking', async (req, res) => {
    const body = (req.body ?? {}) as { expectedVersion?: unknown };
    const expected = expectedVersionOf(body, req.get('if-match'));
    const input = parseTrackOrderInput(req.body);
    const c = req.caller!;
    const { version, tracking } = await trackOrder(services.store, c.tenantId, req.params.id, input, expected, actorName(c), services.now());
    res.json({ version, ...(tracking && { tracking }) });
  });

  // One order's numbers a page at a time (at most 1,000): the order rows above carry only the first few.
  router.get('/plan/orders/:id/numbers', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const page = await services.plan.orderNumbers(req.caller!.tenantId, req.params.id, { offset: queryInt(q, 'offset', 0), limit: queryInt(q, 'limit', 1000) });
    if (!page) throw new NotFoundError(`The plan has no port or upload order ${req.params.id}.`);
    res.json(page);
  });

  router.get('/plan/waves/:n/members', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.waveMembers(req.caller!.tenantId, waveNumberOf(req.params.n), queryInt(q, 'offset', 0), queryInt(q, 'limit', 100)));
  });

  // The PBX groups a wave moves and what each becomes in Teams (the Plan page's wave panel).
  router.get('/plan/waves/:n/groups', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.waveGroups(req.caller!.tenantId, waveNumberOf(req.params.n), queryInt(q, 'offset', 0), queryInt(q, 'limit', 50)));
  });

  // The main numbers a wave moves to auto attendants, each with where it stands in Teams (the wave panel).
  router.get('/plan/waves/:n/main-numbers', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.waveMainNumbers(req.caller!.tenantId, waveNumberOf(req.params.n), queryInt(q, 'offset', 0), queryInt(q, 'limit', 50)));
  });

  // The common-area phones a wave moves to Teams, each with where it stands in Teams (the wave panel).
  router.get('/plan/waves/:n/common-area-phones', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.waveCommonAreaPhones(req.caller!.tenantId, waveNumberOf(req.params.n), queryInt(q, 'offset', 0), queryInt(q, 'limit', 50)));
  });

  router.get('/route', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    // `date` may be a phrase ("today", "next Friday"), read against the server's clock or `?today=yyyy-mm-dd`.
    res.json(
      await services.plan.route(req.caller!.tenantId, queryText(q, 'number', { required: true })!, queryText(q, 'date', { required: true })!, queryText(q, 'today')),
    );
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

  // The Progress page's view as a workbook (its state, wave and site), a page at a time (404 before a plan).
  router.get('/migration-status/export.xlsx', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const filter = { state: queryChoice(q, 'state', MEMBER_STATES), wave: queryInt(q, 'wave'), siteId: queryText(q, 'site') };
    await sendListWorkbook(res, services, progressWorkbook(services.store, services.plan, req.caller!.tenantId, queryText(q, 'today'), filter), 'progress');
  });

  router.get('/migration-status/sites', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    res.json(await services.plan.migrationSites(req.caller!.tenantId, { ...pageOf(q), wave: queryInt(q, 'wave'), siteId: queryText(q, 'site') }));
  });

  // Every fix-up as one PowerShell script, streamed a page of fix-ups at a time (404 before a plan).
  router.get('/migration-status/fixups.ps1', async (req, res) => {
    const tenantId = req.caller!.tenantId;
    // Before the headers: no plan status is a 404, not an empty script.
    await services.plan.fixUps(tenantId, { offset: 0, limit: 1 });
    await sendScript(res, 'fix-ups.ps1', fixUpsScript((offset, limit) => services.plan.fixUps(tenantId, { offset, limit }), new Date().toISOString()));
  });

  // The drift fix-ups with their PowerShell, a page at a time.
  router.get('/migration-status/fixups', async (req, res) => {
    res.json(await services.plan.fixUps(req.caller!.tenantId, pageOf(req.query as Record<string, unknown>)));
  });
}

/** `?dir=asc|desc`: a list in its stored order or the reverse. */
export function descOf(q: Record<string, unknown>): boolean {
  return queryChoice(q, 'dir', ['asc', 'desc'] as const) === 'desc';
}

/** The Blockers grid's filters: wave, gate (`code` as before), site and order. */
function blockedFilter(q: Record<string, unknown>) {
  const gate = queryText(q, 'gate') ?? queryText(q, 'code');
  return { source: queryChoice(q, 'source', BLOCKED_SOURCES), wave: queryInt(q, 'wave'), gate, siteId: queryText(q, 'site'), desc: descOf(q) };
}

/** `offset` and `limit` from the query string; the store clamps the limit to one page. */
function pageOf(q: Record<string, unknown>): { offset: number; limit: number } {
  return { offset: queryInt(q, 'offset', 0), limit: queryInt(q, 'limit', 100) };
}

/** A wave number from the path (`/plan/waves/:n/...`). */
function waveNumberOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new BadRequestError('The wave number must be a whole number >= 0.');
  return n;
}

/** Streams a script a page of records at a time: a client gone stops the reads, a full socket is waited for, other requests run between pages. */
async function sendScript(res: Response, fileName: string, chunks: AsyncIterable<string>): Promise<void> {
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  for await (const chunk of chunks) {
    if (res.destroyed) return;
    if (!res.write(chunk)) await writable(res);
    await new Promise((resolve) => setImmediate(resolve));
  }
  res.end();
}

/**
 * Resolves once the socket takes more, or the client is gone, and leaves neither listener behind: a
 * long script waits many times on one response, and a `once` of the event that did not fire would stay.
 */
function writable(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done).on('close', done);
  });
}
