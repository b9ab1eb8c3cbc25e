/**
 * The use cases that the tab API, the bot and the CLI all call. Delivery layers stay thin: they
 * authenticate, parse input, call one of these and format the answer. New use cases are added here.
 */
import type { Store } from '../store/store';
import { SqliteStore } from '../store/sqlite-store';
import { sqliteSpec, type StoreSpec } from '../store/store-spec';
import { createDecisionsRefresher, inlineExecutor, workerExecutor, type DecisionsRefresher } from './decisions-refresher';
import { createPeopleQueryService, type PeopleQueryService } from './people-query';
import { getTenantStatus, TenantStatus } from './status-service';
import { createDecisionService, DecisionService } from './decision-service';
import { createPbxService, loadInventory, PbxService } from './pbx-import-service';
import { createPlanService, PlanService } from './plan-service';
import { createExportService, ExportService } from './export-service';
import { SyncController } from './sync-service';
import { countReminders } from './reminders-admin';
import { tenantOverview, type TenantOverview } from './overview-service';
import { loadSiteNames } from './snapshot-repository';
import { createSiteRulesService, SiteRulesService } from './site-rules-service';
import { JobService } from '../jobs/job-service';
import { createNotificationService, type NotificationService } from './notification-service';
import { createDownloadLinks, type PublicLinkSettings } from './download-link';
import { createPortfolioService, type PortfolioService } from './portfolio-service';
import { createMspConsentService, type MspConsentService } from './msp-consent-service';

export interface AppServices {
  readonly store: Store;
  /** The clock, injected so that plans and tests are deterministic. */
  readonly now: () => Date;
  status(tenantId: string): Promise<TenantStatus>;
  /** The tab's Overview in one small answer (status, PBX counts, plan summary, progress). */
  overview(tenantId: string): Promise<TenantOverview>;
  /** Planning settings (versioned, audited) and the path decisions computed from them. */
  readonly decisions: DecisionService;
  /** Keeps the decisions read models (paths, readiness, cost, the People view) in step with their inputs. */
  readonly decisionsRefresher: DecisionsRefresher;
  /** The People grid: pages of the people view by site, path, blocked state, kind and search. */
  readonly people: PeopleQueryService;
  /** Legacy PBX inventory: import (all or nothing), summary, and the stored inventory for planning. */
  readonly pbx: PbxService;
  /** The rollout plan: build and store it, and answer routing, blocker and status questions from it. */
  readonly plan: PlanService;
  /** The outputs: rollout workbook, per-wave workbooks, runbooks and CSVs. */
  readonly exports: ExportService;
  /** Tenant discovery runs started from the tab or bot, with their latest progress. */
  readonly sync: SyncController;
  /** The admin's site mapping rules: read, preview against the stored snapshot, save (versioned) and re-apply. */
  readonly siteRules: SiteRulesService;
  /** Background jobs (sync, PBX import, plan): enqueue, read, wait; run by shared/jobs/job-runner. */
  readonly jobs: JobService;
  /** Reminders, deadline and drift notices the bot sends first (`vmp notify run`, the server's schedule), and signed download links. */
  readonly notifications: NotificationService;
  /** The MSP portfolio: customer tenants, who may act for them, and their overview. */
  readonly portfolio: PortfolioService;
  /** A customer tenant's consent to be linked by an MSP, and the check a link request passes first. */
  readonly mspConsent: MspConsentService;
  close(): Promise<void>;
}

export interface AppServicesOptions {
  /**
   * How a worker thread opens this store, to recompute decisions read models off the event loop (the
   * server passes its configuration's; a SQLite file is found by itself). `null`, or an in-memory
   * database: they are recomputed in this thread (a job's worker is off the event loop already).
   */
  workerStore?: StoreSpec | null;
  /**
   * Notifications: the zone of sites whose country has several (default UTC), the public address and
   * Teams app id for links, and the secret that signs download links (default: random per process).
   */
  notifications?: PublicLinkSettings & { defaultTimeZone?: string; downloadLinkSecret?: string };
}

export function createAppServices(store: Store, now: () => Date = () => new Date(), options: AppServicesOptions = {}): AppServices {
  const workerStore =
    options.workerStore !== undefined ? options.workerStore : store instanceof SqliteStore && store.file !== ':memory:' ? sqliteSpec(store.file) : null;
  const refresher = createDecisionsRefresher(store, workerStore ? workerExecutor(workerStore) : inlineExecutor(store));
  const decisions = createDecisionService(store, { loadInventory, refresher });
  const plan = createPlanService(store, decisions, now);
  const pbx = createPbxService(store, now);
  const portfolio = createPortfolioService(store, now);
  return {
    store,
    now,
    status: (tenantId) => getTenantStatus(store, tenantId),
    overview: (tenantId) =>
      tenantOverview(
        {
          status: (id) => getTenantStatus(store, id),
          pbxSummary: pbx.summary,
          plan,
          decisions: (id) => refresher.stored(id),
          siteNames: (id, siteIds) => loadSiteNames(store, id, siteIds),
          reminders: (id) => countReminders(store, id),
        },
        tenantId,
        now().toISOString().slice(0, 10),
      ),
    decisions,
    decisionsRefresher: refresher,
    people: createPeopleQueryService(store, refresher),
    plan,
    exports: createExportService(store, decisions, plan),
    pbx,
    sync: new SyncController(store, now),
    siteRules: createSiteRulesService(store, now),
    jobs: new JobService(store, now),
    notifications: createNotificationService({
      store,
      plan,
      defaultTimeZone: options.notifications?.defaultTimeZone ?? 'UTC',
      links: createDownloadLinks(options.notifications?.downloadLinkSecret, { publicUrl: options.notifications?.publicUrl, teamsAppId: options.notifications?.teamsAppId }),
    }),
    portfolio,
    mspConsent: createMspConsentService(store, portfolio, now),
    async close() {
      await refresher.close();
      await store.close();
    },
  };
}
