/** Planning settings and path decisions for the tab: read/save the settings (409 on a stale version), the decision summary, readiness pages. */
import type { Router } from 'express';
import type { AppServices } from '../../shared/services/app-services';

class BadInputError extends Error {
  readonly code = 'bad-input';
  constructor(
    message: string,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'BadInputError';
  }
}

function optionalInt(query: Record<string, unknown>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 0) throw new BadInputError(`${name} must be a whole number >= 0.`, [{ path: `$.${name}`, message: 'expected a whole number >= 0' }]);
  return n;
}

function optionalString(query: Record<string, unknown>, name: string): string | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new BadInputError(`${name} must be given once, as text.`, [{ path: `$.${name}`, message: 'expected one value' }]);
  return raw;
}

export function registerDecisionRoutes(router: Router, services: AppServices): void {
  router.get('/settings', async (req, res) => {
    res.json(await services.decisions.getSettings(req.caller!.tenantId));
  });

  router.put('/settings', async (req, res) => {
    const body = req.body as { settings?: unknown; expectedVersion?: unknown } | undefined;
    if (!body || typeof body !== 'object' || body.settings === undefined) {
      throw new BadInputError('Send { settings, expectedVersion }.', [{ path: '$.settings', message: 'required' }]);
    }
    const v = body.expectedVersion;
    if (!(v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1))) {
      throw new BadInputError('expectedVersion must be the version you loaded (null when none was saved yet).', [
        { path: '$.expectedVersion', message: 'expected a whole number >= 1 or null' },
      ]);
    }
    const c = req.caller!;
    const saved = await services.decisions.saveSettings(c.tenantId, `${c.name} (${c.userId})`, body.settings, v);
    res.json(saved);
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
    const severity = optionalString(q, 'severity');
    if (severity !== undefined && severity !== 'blocker' && severity !== 'warning') {
      throw new BadInputError('severity must be blocker or warning.', [{ path: '$.severity', message: 'expected blocker or warning' }]);
    }
    res.json(
      await services.decisions.listReadiness(req.caller!.tenantId, {
        siteId: optionalString(q, 'siteId'),
        code: optionalString(q, 'code'),
        personId: optionalString(q, 'personId'),
        severity,
        offset: optionalInt(q, 'offset'),
        limit: optionalInt(q, 'limit'),
      }),
    );
  });
}
