/**
 * Tenant sync from the tab: POST /api/sync starts a sync of the caller's tenant in the background
 * (409-free: a second request while one runs just reports the running one), GET /api/sync/progress
 * returns the latest progress for the tab's progress indicator.
 * Production: the sync reads Graph on behalf of the calling admin (OBO from the request's SSO token),
 * in the caller's own tenant only; the token is exchanged before answering so that a missing consent
 * is reported here, not later in the progress.
 */
import type { Router } from 'express';
import type { AppConfig } from '../../shared/config/app-config';
import type { AppServices } from '../../shared/services/app-services';
import { GRAPH_ACCESS_MISSING, graphAccessFor, runWithSyncCredential, TokenAcquisitionError } from '../../shared/graph/token-providers';
import type { TokenProvider } from '../../shared/graph/graph-middleware';

export function registerSyncRoutes(router: Router, services: AppServices, config: AppConfig): void {
  router.post('/sync', async (req, res) => {
    const caller = req.caller!;
    if (!services.sync.configured) {
      throw Object.assign(
        new Error(
          config.mode === 'production'
            ? `Graph credentials are not configured for this deployment, so the tenant cannot be synced from the tab yet. ${GRAPH_ACCESS_MISSING} Or run \`vmp sync\` with app credentials.`
            : 'The demo Graph server is not running, so there is nothing to sync from.',
        ),
        { code: 'bad-input' },
      );
    }
    const full = (req.body as { full?: unknown } | undefined)?.full === true;
    const mode = full ? 'full' : 'auto';
    let started: boolean;
    let done: Promise<unknown>;
    if (config.mode === 'production') {
      const graph = graphAccessFor(config);
      if (!graph || !req.ssoToken) throw Object.assign(new Error(`This deployment cannot call Graph on your behalf. ${GRAPH_ACCESS_MISSING}`), { code: 'bad-input' });
      let credential: TokenProvider | undefined;
      // A sync already running for the tenant is just reported; no token exchange needed for that.
      if (services.sync.latest(caller.tenantId).state !== 'running') {
        credential = graph.forUser(caller.tenantId, req.ssoToken);
        await credential.getAccessToken().catch((err: unknown) => {
          throw oboFailure(err);
        });
      }
      ({ started, done } = runWithSyncCredential(credential ?? noCredential, () => services.sync.start(caller.tenantId, caller.userId, mode)));
    } else {
      ({ started, done } = services.sync.start(caller.tenantId, caller.userId, mode));
    }
    done.catch(() => undefined); // the outcome is reported through /sync/progress
    res.status(202).json({ started, progress: services.sync.latest(caller.tenantId) });
  });

  router.get('/sync/progress', (req, res) => {
    const { result, ...progress } = services.sync.latest(req.caller!.tenantId);
    res.json(result ? { ...progress, result: { mode: result.mode, counts: result.counts, warnings: result.warnings } } : progress);
  });
}

/** Used only when joining a running sync, which already has its credential. */
const noCredential: TokenProvider = {
  getAccessToken: () => Promise.reject(new Error('no Graph credential')),
};

/** Turns a failed on-behalf-of exchange into an answer the admin can act on. */
function oboFailure(err: unknown): Error {
  if (err instanceof TokenAcquisitionError) {
    if (err.kind === 'consent-required') {
      return Object.assign(
        new Error(`Microsoft Graph access has not been consented for your organisation: a Global Administrator must grant admin consent to this app (User.Read.All, Place.Read.All, TeamsTelephoneNumber.Read.All, LicenseAssignment.Read.All). (${err.message})`),
        { code: 'forbidden' },
      );
    }
    if (err.kind === 'expired') return Object.assign(new Error(`Your sign-in has expired; reload the tab and try again. (${err.message})`), { code: 'unauthenticated' });
  }
  return new Error(`Could not get a Microsoft Graph token on your behalf: ${(err as Error).message}`);
}
