/**
 * The tab's view of the API's answers. Shapes are imported as types from shared/ (never server
 * code, so nothing of the server lands in the bundle); envelopes that a route adds are written here.
 */
import type { PlanningSettingsInput, PstnPath } from '../../../shared/domain/planning-settings';
import type { CostReport, ReadinessGate, ReadinessSummary, SiteRecommendation } from '../../../shared/domain/decision-types';
import type { BlockedMember, WaveMember } from '../../../shared/domain/plan';
import type { ImportIssue } from '../../../shared/domain/pbx-inventory';
import type { MigrationGroupRow, PbxSummary, SavedColumnMapping } from '../../../shared/services/pbx-import-service';
import type { CollectionPage } from '../../../shared/store/store';
import type { ColumnPreview } from '../../../shared/pbx/column-preview';
import type { PbxImportReport } from '../../../shared/pbx/import-report';
import type { PbxImportPreview } from '../../../shared/services/pbx-import-preview';
import type { PlanSummary, BlockersView, UnmetSummaryRow } from '../../../shared/domain/planning/plan-summary';
import type { UnmetCounts } from '../../../shared/services/plan-read-model';
import type { RouteAnswer } from '../../../shared/domain/planning/routing-simulator';
import type { MigrationStatusSummary } from '../../../shared/services/migration-status-read-model';
import type { TenantOverview } from '../../../shared/services/overview-service';
import type { MainNumberAnswering, PlanWaves, WaveCommonAreaPhonesPage, WaveGroupsPage, WaveMainNumbersPage, WaveMembersPage } from '../../../shared/services/plan-service';
import type { SyncStatus } from '../../../shared/services/sync-service';
import type { ReadinessPage } from '../../../shared/services/decision-service';
import type { SnapshotCounts, SnapshotWarning } from '../../../shared/domain/tenant-snapshot';
import type { SiteMappingRule } from '../../../shared/domain/site-derivation';
import type { SiteRulesPreview, SiteRulesSaveResult, SiteRulesView } from '../../../shared/services/site-rules-service';
import type { Job } from '../../../shared/jobs/job-types';

export type { PstnPath, SiteRecommendation, CostReport, ReadinessSummary, ReadinessGate, WaveMember, BlockedMember, ImportIssue };
export type { MainNumberAnswering, RouteAnswer, WaveCommonAreaPhonesPage, WaveGroupsPage, WaveMainNumbersPage, WaveMembersPage, BlockersView };
export type { SiteMappingRule, SiteRulesPreview, SiteRulesSaveResult, SiteRulesView };
export type { Job };

/** GET /api/sync/progress: the latest sync job as progress; `result` is trimmed to what the tab shows. */
export type SyncProgressView = Partial<Omit<SyncStatus, 'result' | 'phase'>> & {
  phase?: string;
  /** The sync job this progress is of. */
  jobId?: string;
  result?: { mode: string; counts: SnapshotCounts; warnings: SnapshotWarning[] };
};

/** POST /api/sync, /api/plan, /api/pbx/import: the queued job (202). */
export interface JobStartAnswer {
  job: Job;
}

export interface SyncStartAnswer extends JobStartAnswer {
  /** False when a sync of this tenant was already queued or running: the answer reports that one. */
  started: boolean;
  progress: SyncProgressView;
}

/** GET /api/jobs/:id: the job and, once it has finished, its stored detail with each list paged. */
export interface JobAnswer<Detail = Record<string, unknown>> {
  job: Job;
  detail?: Detail;
  page?: { offset: number; limit: number; totals: Record<string, number> };
}

export interface SettingsDocument {
  settings: PlanningSettingsInput;
  /** null when no settings were saved yet (the first save expects no document). */
  version: number | null;
  updatedAt?: string;
  updatedBy?: string;
}

/** GET /api/decisions: the decision view without the per-person lists (100k people do not fit one answer). */
export interface DecisionsView {
  settingsVersion?: number | null;
  snapshotTakenAt?: string;
  inventoryImportedAt?: string;
  recommendations?: SiteRecommendation[];
  pathCounts?: { path: PstnPath; decided: number; recommended: number }[];
  undecided?: { count: number; first: { personId: string; reason: string }[] };
  readiness?: ReadinessSummary;
  costs?: CostReport;
}

export type ReadinessView = ReadinessPage;

export type PbxSummaryView = PbxSummary;
/** GET /api/pbx/groups: a page of migration groups (hunt, pickup, shared-line, boss-delegate...). */
export type PbxGroupsPage = CollectionPage<MigrationGroupRow>;

export type PbxImportResult = PbxImportReport & { ok?: boolean };

/** GET/PUT /api/pbx/mapping: the column mapping saved for the next import. */
export type PbxColumnMappingView = SavedColumnMapping;
/** POST /api/pbx/columns: how the import would read a lines export's header. */
export type PbxColumnPreviewView = ColumnPreview;

export interface PbxImportRequest {
  linesCsv: string;
  blocksCsv?: string;
  mapping?: Record<string, unknown>;
  /** The stored inventory's version when the page loaded (null: none imported yet). */
  expectedVersion: number | null;
}

/** POST /api/pbx/import/preview: what importing the files would store and replace (nothing is stored). */
export type PbxImportPreviewView = PbxImportPreview;

export type PlanSummaryView = PlanSummary & { stale?: boolean; unmetByCode: UnmetCounts };
/** GET /api/plan/unmet: unmet constraints a page at a time (?code= one kind). */
export type UnmetPage = CollectionPage<UnmetSummaryRow>;

/** GET /api/plan/waves: each wave with its sites and the deadlines before it. */
export type PlanWavesView = PlanWaves;

export type MigrationStatusView = MigrationStatusSummary;
/** GET /api/overview: everything the Overview shows, in one answer. */
export type OverviewView = TenantOverview;

/** GET /api/people/:id: the person panel. */
export type { PersonDetail as PersonDetailView } from '../../../shared/services/person-detail';
/** GET /api/sites/:id: the site panel. */
export type { SiteDetail as SiteDetailView } from '../../../shared/services/site-detail';
/** PATCH /api/settings: one item's change and, on a 409, each conflict with both versions. */
export type { SettingsItemChange as SettingsItemChangeView, SettingsItemConflict } from '../../../shared/services/settings-patch';
