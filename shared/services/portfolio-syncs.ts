/**
 * Scheduled syncs of an MSP's customer tenants. Each customer is read app-only: the deployment's
 * multi-tenant app signs in to the customer tenant with the client-credentials grant (after that
 * customer's admin consented), with the secret or certificate from the configuration (an App Service
 * Key Vault reference resolves into it) - no credential is ever written to the store. A customer whose
 * last sync is older than the interval, and that has no sync queued or running, gets a sync job; the
 * job runs on a worker thread like any other and asks this thread for each token.
 */
import type { AppConfig } from '../config/app-config';
import type { TokenProvider } from '../graph/graph-middleware';
import type { GraphAccess } from '../graph/token-providers';
import type { JobService } from '../jobs/job-service';
import { isFinished } from '../jobs/job-types';
import type { Store } from '../store/store';
import type { PortfolioService } from './portfolio-service';
import { SNAPSHOT_DOCUMENT } from './snapshot-repository';

export interface PortfolioSyncOptions {
  store: Store;
  portfolio: PortfolioService;
  jobs: JobService;
  mspTenantIds: readonly string[];
  /** A customer synced longer ago than this is due. */
  intervalMinutes: number;
  now: () => Date;
  /** App-only access to one customer tenant. */
  credentialFor(tenantId: string): TokenProvider;
  log?: (message: string) => void;
}

export const SCHEDULED_SYNC_ACTOR = 'portfolio-schedule';

/** Queues a sync for every due customer of every MSP tenant; returns what was queued. */
export async function queueDueCustomerSyncs(o: PortfolioSyncOptions): Promise<{ tenantId: string; jobId: string }[]> {
  const queued: { tenantId: string; jobId: string }[] = [];
  const dueBefore = o.now().getTime() - o.intervalMinutes * 60_000;
  const seen = new Set<string>();
  for (const msp of o.mspTenantIds) {
    const { customers } = await o.portfolio.get(msp);
    for (const c of customers) {
      if (seen.has(c.tenantId)) continue;
      seen.add(c.tenantId);
      try {
        const synced = await o.store.getDocumentVersion(c.tenantId, SNAPSHOT_DOCUMENT);
        if (synced && Date.parse(synced.updatedAt) > dueBefore) continue;
        const latest = await o.jobs.latest(c.tenantId, 'sync');
        if (latest && !isFinished(latest)) continue;
        const job = await o.jobs.enqueue(c.tenantId, { type: 'sync', createdBy: SCHEDULED_SYNC_ACTOR, input: { mode: 'auto' }, credential: o.credentialFor(c.tenantId) });
        queued.push({ tenantId: c.tenantId, jobId: job.id });
      } catch (err) {
        // One customer's queue being full (or its store row busy) never stops the others.
        o.log?.(`Scheduled sync of customer ${c.tenantId} not queued: ${(err as Error).message}`);
      }
    }
  }
  return queued;
}

/** Checks for due customers every few minutes (at most the interval); stop() ends it. */
export function schedulePortfolioSyncs(o: PortfolioSyncOptions): { stop(): void } {
  const everyMs = Math.min(o.intervalMinutes, 5) * 60_000;
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    queueDueCustomerSyncs(o)
      .catch((err: unknown) => o.log?.(`Scheduled customer syncs failed: ${(err as Error).message}`))
      .finally(() => (running = false));
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * The server's schedule: in production, with Graph access configured and PORTFOLIO_SYNC_MINUTES set,
 * every MSP tenant's customers are synced app-only once per interval. Otherwise nothing runs.
 */
export function startPortfolioSyncs(
  services: { store: Store; portfolio: PortfolioService; jobs: JobService; now: () => Date },
  config: Pick<AppConfig, 'mode' | 'portfolio' | 'auth'>,
  graph: Pick<GraphAccess, 'forTenant'> | undefined,
): { stop(): void } {
  if (config.mode !== 'production' || config.portfolio.syncMinutes === 0 || !graph || config.auth.mspTenantIds.length === 0) return { stop() {} };
  return schedulePortfolioSyncs({
    ...services,
    mspTenantIds: config.auth.mspTenantIds,
    intervalMinutes: config.portfolio.syncMinutes,
    credentialFor: (tenantId) => graph.forTenant(tenantId),
    log: (m) => console.warn(m),
  });
}
