/**
 * Tenant sync from the tab: POST /api/sync starts a sync of the caller's tenant in the background
 * (409-free: a second request while one runs just reports the running one), GET /api/sync/progress
 * returns the latest progress for the tab's progress indicator.
 */
import type { Router } from 'express';
import type { AppConfig } from '../../shared/config/app-config';
import type { AppServices } from '../../shared/services/app-services';

export function registerSyncRoutes(router: Router, services: AppServices, config: AppConfig): void {
  router.post('/sync', async (req, res) => {
    const caller = req.caller!;
    if (!services.sync.configured) {
      throw Object.assign(
        new Error(
          config.mode === 'production'
            ? 'Graph credentials are not configured for this deployment, so the tenant cannot be synced from the tab yet. Run `vmp sync` with app credentials instead.'
            : 'The demo Graph server is not running, so there is nothing to sync from.',
        ),
        { code: 'bad-input' },
      );
    }
    const full = (req.body as { full?: unknown } | undefined)?.full === true;
    const { started, done } = services.sync.start(caller.tenantId, caller.userId, full ? 'full' : 'auto');
    done.catch(() => undefined); // the outcome is reported through /sync/progress
    res.status(202).json({ started, progress: services.sync.latest(caller.tenantId) });
  });

  router.get('/sync/progress', (req, res) => {
    const { result, ...progress } = services.sync.latest(req.caller!.tenantId);
    res.json(result ? { ...progress, result: { mode: result.mode, counts: result.counts, warnings: result.warnings } } : progress);
  });
}
