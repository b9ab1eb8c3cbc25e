/**
 * Tenant sync from the tab: POST /sync queues a sync job of the caller's tenant and answers 202 {job}
 * (a sync already queued or running is reported instead of starting another); the job runs on a
 * worker thread (shared/jobs). GET /sync/progress returns the latest sync job as the tab's progress.
 * Production: the sync reads Graph on behalf of the calling admin (OBO from the request's SSO token),
 * in the caller's own tenant only; the token is exchanged before answering so that a missing consent
 * is reported here, not later in the progress. The credential stays in this process's main thread:
 * the job is pinned to this instance and its worker asks the main thread for each access token.
 */
import { actorName } from '../../shared/services/caller';
import type { Router } from 'express';
import type { AppConfig } from '../../shared/config/app-config';
import type { AppServices } from '../../shared/services/app-services';
import { GRAPH_ACCESS_MISSING, graphAccessFor, TokenAcquisitionError } from '../../shared/graph/token-providers';
import type { TokenProvider } from '../../shared/graph/graph-middleware';
import { isFinished, type Job } from '../../shared/jobs/job-types';
import type { SyncStatus } from '../../shared/services/sync-service';
import { answerEnqueued } from './job-routes';
import { actingCustomerCredential } from '../../shared/services/portfolio-syncs';

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
    // A sync already queued or running for the tenant is just reported; no token exchange needed for that.
    const current = await services.jobs.latest(caller.tenantId, 'sync');
    if (current && !isFinished(current)) {
      res.status(202).json({ started: false, job: current, progress: syncStatusOf(current) });
      return;
    }
    let credential: TokenProvider | undefined;
    if (config.mode === 'production') {
      const graph = graphAccessFor(config);
      if (!graph || !req.ssoToken) throw Object.assign(new Error(`This deployment cannot call Graph on your behalf. ${GRAPH_ACCESS_MISSING}`), { code: 'bad-input' });
      // An MSP user acting for a customer (X-Tenant-Id) is read app-only there, as its admin consented, or -
      // where the mapping says the user is a guest admin - on their behalf at the customer's authority
      // (shared/services/portfolio-syncs.ts); everyone else on their own behalf, in their own tenant.
      credential = caller.homeTenantId
        ? await actingCustomerCredential(services.portfolio, graph, caller.homeTenantId, caller.tenantId, req.ssoToken)
        : graph.forUser(caller.tenantId, req.ssoToken);
      await credential.getAccessToken().catch((err: unknown) => {
        throw oboFailure(err);
      });
    }
    const job = await services.jobs.enqueue(caller.tenantId, { type: 'sync', createdBy: actorName(caller), input: { mode: full ? 'full' : 'auto' }, credential });
    await answerEnqueued(req, res, services, job, { started: true, progress: syncStatusOf(job) });
  });

  router.get('/sync/progress', async (req, res) => {
    const job = await services.jobs.latest(req.caller!.tenantId, 'sync');
    res.json(syncStatusOf(job));
  });
}

/** The latest sync job as the progress the tab shows (`result` trimmed to what it shows). */
export function syncStatusOf(job: Job | undefined): Omit<SyncStatus, 'result' | 'phase'> & { phase: string; jobId?: string; result?: Record<string, unknown> } {
  if (!job) return { state: 'idle', phase: 'starting', pages: 0, users: 0, elapsedMs: 0 };
  const counters = job.progress.counters ?? {};
  const result = job.result as { mode?: string; counts?: unknown; warnings?: unknown; pages?: number; elapsedMs?: number } | undefined;
  return {
    jobId: job.id,
    state: job.state === 'queued' ? 'running' : job.state,
    phase: job.progress.phase,
    pages: result?.pages ?? counters.pages ?? 0,
    users: counters.users ?? 0,
    elapsedMs: result?.elapsedMs ?? counters.elapsedMs ?? 0,
    startedAt: job.startedAt ?? job.createdAt,
    ...(job.error && { error: job.error.message }),
    ...(result && { result: { mode: result.mode, counts: result.counts, warnings: result.warnings } }),
  };
}

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
    if (err.kind === 'no-account') {
      return Object.assign(new Error(`Your account is not a guest admin in this customer tenant, so Graph cannot be read on your behalf there. (${err.message})`), { code: 'forbidden' });
    }
  }
  // The token endpoint failed or did not answer: the sync can be asked again later.
  return Object.assign(new Error(`Could not get a Microsoft Graph token on your behalf; try again in a moment. (${(err as Error).message})`), { code: 'upstream' });
}
