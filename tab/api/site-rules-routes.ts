/**
 * Site mapping rules for the tab: read them (with the stored snapshot's unmapped count), preview
 * candidate rules against the stored snapshot without syncing, and save them from the version read
 * (409 on a stale version), optionally re-applying them to the stored snapshot in the same commit.
 */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
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
    res.json(await services.siteRules.preview(req.caller!.tenantId, rulesDocumentOf(body)));
  });

  router.put('/site-rules', async (req, res) => {
    const body = objectBody(req.body, '{ rules, expectedVersion, apply? }');
    const expectedVersion = expectedVersionOf(body);
    if (body.apply !== undefined && typeof body.apply !== 'boolean') {
      throw new BadRequestError('apply must be true or false.', [{ path: '$.apply', message: 'expected true or false' }]);
    }
    const c = req.caller!;
    // A sync that already read the rules would overwrite a re-derived snapshot with one made from the
    // old rules: while one runs, save only and let the next sync apply them.
    const syncRunning = services.sync.latest(c.tenantId).state === 'running';
    const apply = body.apply === true && !syncRunning;
    const saved = await services.siteRules.save(c.tenantId, `${c.name} (${c.userId})`, rulesDocumentOf(body), expectedVersion, { apply });
    res.json(
      body.apply === true && syncRunning
        ? { ...saved, notApplied: 'A sync of this tenant is running, so the rules were saved but not applied to the current snapshot: sync again once it has finished.' }
        : saved,
    );
  });
}
