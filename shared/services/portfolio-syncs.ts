/**
 * Syncs of an MSP's customer tenants: which Graph credential reaches a customer, and the schedule.
 *
 * Credentials (none is ever written to the store):
 * - app-only (the customer's default): the client-credentials grant in the customer tenant, after its
 *   admin consented, with the deployment's app registration or - MSP_GRAPH_CREDENTIALS=per-customer -
 *   the customer's own (secret or certificate from configuration; App Service resolves Key Vault
 *   references into it);
 * - delegated (the mapping says the MSP's users are guest admins there): the user who starts the sync
 *   is exchanged on-behalf-of at the customer tenant's authority, never the MSP's home tenant.
 *
 * Schedule: a customer whose last sync is older than the interval, and that has no sync queued or
 * running, gets a sync job; the job runs on a worker thread like any other and asks this thread for
 * each token. A customer the schedule cannot reach app-only is skipped, and why is kept under the
 * customer (SYNC_SKIP_DOCUMENT) for the portfolio to show next to the last sync's age.
 */
import type { AppConfig } from '../config/app-config';
import { graphAccessOf, type PortfolioCustomer } from '../domain/portfolio/portfolio-mapping';
import type { SyncSkip } from '../domain/portfolio/portfolio-overview';
import type { TokenProvider } from '../graph/graph-middleware';
import type { GraphAccess } from '../graph/token-providers';
import type { JobService } from '../jobs/job-service';
import { isFinished } from '../jobs/job-types';
import type { Store } from '../store/store';
import type { PortfolioService } from './portfolio-service';
import { SNAPSHOT_DOCUMENT } from './snapshot-repository';

/** Under the customer tenant: why the scheduled sync last passed it by (absent once one is queued). */
export const SYNC_SKIP_DOCUMENT = 'portfolio.sync-skip';

/** A customer's scheduled-sync credential, or why there is none. */
export type ScheduledCredential = TokenProvider | { skip: string };

type Access = Pick<GraphAccess, 'forUser' | 'forCustomer'>;

/** The credential a scheduled (userless) sync of the customer uses, or why it cannot run. */
export function scheduledCredential(graph: Pick<GraphAccess, 'forCustomer'>, customer: Pick<PortfolioCustomer, 'tenantId' | 'graphAccess'>): ScheduledCredential {
  if (graphAccessOf(customer) === 'delegated') {
    return { skip: 'Reached on behalf of a guest admin (delegated): a scheduled sync has no user to act for. A granted admin syncs it from the tab.' };
  }
  return graph.forCustomer(customer.tenantId) ?? { skip: CUSTOMER_CREDENTIAL_MISSING };
}

export const CUSTOMER_CREDENTIAL_MISSING =
  'No app credential for this customer: MSP_GRAPH_CREDENTIALS is per-customer and MSP_CUSTOMER_CREDENTIALS (or MSP_CUSTOMER_CREDENTIALS_DIR) has no entry for its tenant.';

/**
 * The credential of a sync an MSP user starts while acting for a customer (X-Tenant-Id): on behalf of
 * that user at the customer tenant's authority when the customer is reached delegated, else app-only.
 * Throws a bad-input error saying what to configure when the customer has no app credential.
 */
export async function actingCustomerCredential(
  portfolio: Pick<PortfolioService, 'get'>,
  graph: Access,
  mspTenantId: string,
  customerTenantId: string,
  ssoToken: string,
): Promise<TokenProvider> {
  const customer = (await portfolio.get(mspTenantId)).customers.find((c) => c.tenantId === customerTenantId.toLowerCase());
  if (customer && graphAccessOf(customer) === 'delegated') return graph.forUser(customer.tenantId, ssoToken);
  const appOnly = graph.forCustomer(customerTenantId);
  if (!appOnly) throw Object.assign(new Error(CUSTOMER_CREDENTIAL_MISSING), { code: 'bad-input' });
  return appOnly;
}

export interface PortfolioSyncOptions {
  store: Store;
  portfolio: PortfolioService;
  jobs: JobService;
  mspTenantIds: readonly string[];
  /** A customer synced longer ago than this is due. */
  intervalMinutes: number;
  now: () => Date;
  /** App-only access to one customer tenant, or why the schedule cannot reach it (see scheduledCredential). */
  credentialFor(tenantId: string, customer: PortfolioCustomer): ScheduledCredential;
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
        const credential = o.credentialFor(c.tenantId, c);
        if ('skip' in credential) {
          await recordSkip(o.store, c.tenantId, credential.skip, o.now());
          continue;
        }
        const job = await o.jobs.enqueue(c.tenantId, { type: 'sync', createdBy: SCHEDULED_SYNC_ACTOR, input: { mode: 'auto' }, credential });
        queued.push({ tenantId: c.tenantId, jobId: job.id });
        await clearSkip(o.store, c.tenantId);
      } catch (err) {
        // One customer's queue being full (or its store row busy) never stops the others.
        o.log?.(`Scheduled sync of customer ${c.tenantId} not queued: ${(err as Error).message}`);
      }
    }
  }
  return queued;
}

/** Keeps why the customer was skipped; written only when the reason changes, so a skip every tick costs a read. */
async function recordSkip(store: Store, tenantId: string, reason: string, at: Date): Promise<void> {
  const current = await store.getDocument<SyncSkip>(tenantId, SYNC_SKIP_DOCUMENT);
  if (current?.data.reason === reason) return;
  await store.commit(tenantId, SCHEDULED_SYNC_ACTOR, [{ type: 'put-document', kind: SYNC_SKIP_DOCUMENT, data: { at: at.toISOString(), reason }, expectedVersion: current?.version ?? null }]);
}

async function clearSkip(store: Store, tenantId: string): Promise<void> {
  if (await store.getDocumentVersion(tenantId, SYNC_SKIP_DOCUMENT)) await store.commit(tenantId, SCHEDULED_SYNC_ACTOR, [{ type: 'delete-document', kind: SYNC_SKIP_DOCUMENT }]);
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
 * every MSP tenant's customers are synced app-only once per interval (each with the credential
 * MSP_GRAPH_CREDENTIALS gives it). Otherwise nothing runs.
 */
export function startPortfolioSyncs(
  services: { store: Store; portfolio: PortfolioService; jobs: JobService; now: () => Date },
  config: Pick<AppConfig, 'mode' | 'portfolio' | 'auth'>,
  graph: Pick<GraphAccess, 'forCustomer'> | undefined,
): { stop(): void } {
  if (config.mode !== 'production' || config.portfolio.syncMinutes === 0 || !graph || config.auth.mspTenantIds.length === 0) return { stop() {} };
  return schedulePortfolioSyncs({
    ...services,
    mspTenantIds: config.auth.mspTenantIds,
    intervalMinutes: config.portfolio.syncMinutes,
    credentialFor: (_tenantId, customer) => scheduledCredential(graph, customer),
    log: (m) => console.warn(m),
  });
}
