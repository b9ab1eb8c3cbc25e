/** Planning settings and path decisions for the tab: read/save the settings (409 on a stale version), the decision summary, readiness pages. */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';
import { BadRequestError, expectedVersionOf, queryChoice, queryInt, queryText } from './request-input';

export function registerDecisionRoutes(router: Router, services: AppServices): void {
  router.get('/settings', async (req, res) => {
    res.json(await services.decisions.getSettings(req.caller!.tenantId));
  });

  router.put('/settings', async (req, res) => {
    const body = req.body as { settings?: unknown; expectedVersion?: unknown } | undefined;
    if (!body || typeof body !== 'object' || body.settings === undefined) {
      throw new BadRequestError('Send { settings, expectedVersion }.', [{ path: '$.settings', message: 'required' }]);
    }
    const v = expectedVersionOf(body, req.get('if-match'));
    const c = req.caller!;
    const saved = await services.decisions.saveSettings(c.tenantId, `${c.name} (${c.userId})`, body.settings, v);
    res.json(saved);
  });

  // Validation without saving, for the tab's settings editor (the same issues, by JSON path, as a refused save).
  router.post('/settings/validate', async (req, res) => {
    const issues = await services.decisions.checkSettings(req.caller!.tenantId, (req.body as { settings?: unknown })?.settings);
    res.json({ valid: !issues.some((i) => i.severity === 'error'), issues });
  });

  router.get('/decisions', async (req, res) => {
    const view = await services.decisions.getDecisions(req.caller!.tenantId);
    res.json({
      settingsVersion: view.settingsVersion,
      snapshotTakenAt: view.snapshotTakenAt,
      inventoryImportedAt: view.inventoryImportedAt,
      recommendations: view.recommendations,
      pathCounts: view.pathCounts,
      undecided: { count: view.undecided.length, first: view.undecided.slice(0, 100) },
      readiness: view.readiness.summary,
      costs: view.costs,
    });
  });

  router.get('/readiness', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const severity = queryChoice(q, 'severity', ['blocker', 'warning'] as const);
    res.json(
      await services.decisions.listReadiness(req.caller!.tenantId, {
        siteId: queryText(q, 'siteId'),
        code: queryText(q, 'code'),
        personId: queryText(q, 'personId'),
        severity,
        offset: queryInt(q, 'offset'),
        limit: queryInt(q, 'limit'),
      }),
    );
  });
}
