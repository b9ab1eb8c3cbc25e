/**
 * Site mapping rules for the tab: read them (with the stored snapshot's unmapped count), preview
 * candidate rules against the stored snapshot without syncing (checked here, then run as a
 * `site-rules-preview` job: 202 {job}; the preview is the finished job's detail), and save them from
 * the version read (409 on a stale version), optionally re-applying them to the stored snapshot in the
 * same commit (then as a `site-rules-apply` job, whose end the answer waits for).
 */
import { actorName } from '../../shared/services/caller';
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { validateSiteRules } from '../../shared/domain/site-rules-validation';
import { NoSnapshotError } from '../../shared/services/decision-service';
import { SiteRulesValidationError, type SiteRulesSaveResult } from '../../shared/services/site-rules-service';
import { SNAPSHOT_DOCUMENT } from '../../shared/services/snapshot-repository';
import { TenantNotFoundError } from '../../shared/services/status-service';
import { answerEnqueued, WAIT_MS } from './job-routes';
import type { SiteRulesApplyInput } from '../../shared/jobs/site-rules-apply-job';
import { BadRequestError, expectedVersionOf } from './request-input';

/** The rules document is the body without the request's own fields, so issue paths match the document ($.rules[0].siteName). */
function rulesDocumentOf(body: Record<string, unknown>): Record<string, unknown> {
  const { expectedVersion: _v, apply: _a, ...document } = body;
  return document;
}

function objectBody(body: unknown, expected: string): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError(`Send ${expected}.`, [{ path: '$', message: `expected ${expected}` }]);
  }
  return body as Record<string, unknown>;
}

export function registerSiteRulesRoutes(router: Router, services: AppServices): void {
  router.get('/site-rules', async (req, res) => {
    res.json(await services.siteRules.get(req.caller!.tenantId));
  });

  router.post('/site-rules/preview', async (req, res) => {
    const body = objectBody(req.body, '{ rules }');
    const c = req.caller!;
    // Checked here (400 by JSON path, 404 without a snapshot); the derivation over every person runs as a job.
    const document = rulesDocumentOf(body);
    const checked = validateSiteRules(document);
    if (!checked.ok) throw new SiteRulesValidationError(checked.issues);
    if (!(await services.store.getDocumentVersion(c.tenantId, SNAPSHOT_DOCUMENT))) {
      if (!(await services.store.getTenant(c.tenantId))) throw new TenantNotFoundError(c.tenantId);
      throw new NoSnapshotError(c.tenantId);
    }
    const job = await services.jobs.enqueue(c.tenantId, { type: 'site-rules-preview', createdBy: actorName(c), largeInput: checked.document });
    await answerEnqueued(req, res, services, job);
  });

  router.put('/site-rules', async (req, res) => {
    const body = objectBody(req.body, '{ rules, expectedVersion, apply? }');
    const expectedVersion = expectedVersionOf(body, req.get('if-match'));
    if (body.apply !== undefined && typeof body.apply !== 'boolean') {
      throw new BadRequestError('apply must be true or false.', [{ path: '$.apply', message: 'expected true or false' }]);
    }
    const c = req.caller!;
    const actor = actorName(c);
    if (body.apply !== true) {
      res.json(await services.siteRules.save(c.tenantId, actor, rulesDocumentOf(body), expectedVersion));
      return;
    }
    // Re-applying derives every person's site over the stored snapshot: a job, off the event loop.
    // Applying while a sync runs is safe: the sync's commit expects the rules version it derived its
    // sites from, and derives them again when this save changed it.
    const checked = validateSiteRules(rulesDocumentOf(body));
    if (!checked.ok) throw new SiteRulesValidationError(checked.issues);
    const input: SiteRulesApplyInput = { document: checked.document, expectedVersion, actor };
    const job = await services.jobs.enqueue(c.tenantId, { type: 'site-rules-apply', createdBy: actorName(c), largeInput: input });
    // The answer waits for it (as the save did in the request); a job still queued behind another
    // (a sync) is answered 202 with the job to follow.
    const done = (await services.jobs.waitFor(c.tenantId, job.id, WAIT_MS)) ?? job;
    if (done.state === 'succeeded') {
      // People moved between sites: the People view and decisions follow (on their worker) before the answer.
      if ((done.result as SiteRulesSaveResult | undefined)?.applied) await services.decisionsRefresher.refresh(c.tenantId).catch(() => undefined);
      res.json(done.result);
    } else if (done.state === 'queued' || done.state === 'running') res.status(202).json({ job: done });
    else {
      // The service's refusal (a stale version: 409 saying which rules differ), as the save in the request gave it.
      const detail = await services.jobs.resultDetail<{ issues?: unknown[] }>(done);
      throw Object.assign(new Error(done.error?.message ?? 'The rules were not saved.'), { code: done.error?.code ?? 'internal', ...(detail?.issues && { issues: detail.issues }) });
    }
  });
}
