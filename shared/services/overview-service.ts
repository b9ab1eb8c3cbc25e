/**
 * The tab's Overview in one small answer: tenant counts and the last sync, the PBX inventory's counts,
 * the plan's summary and plan-versus-tenant progress. Each part is a read model (a few kilobytes
 * whatever the tenant's size); a step not taken yet is null.
 */
import type { PlanSummary } from '../domain/planning/plan-summary';
import type { MigrationStatusSummary } from './migration-status-read-model';
import type { PbxSummary } from './pbx-import-service';
import type { PlanService } from './plan-service';
import type { TenantStatus } from './status-service';

export interface TenantOverview {
  status: TenantStatus;
  pbx: PbxSummary;
  plan: (PlanSummary & { stale: boolean }) | null;
  migration: MigrationStatusSummary | null;
}

/** A missing step (no snapshot, no plan yet) is null here, not an error. */
const orNull = <T>(p: Promise<T>): Promise<T | null> =>
  p.catch((err: { code?: string }) => {
    if (err?.code === 'not-found') return null;
    throw err;
  });

export async function tenantOverview(
  parts: { status(tenantId: string): Promise<TenantStatus>; pbxSummary(tenantId: string): Promise<PbxSummary>; plan: PlanService },
  tenantId: string,
  today?: string,
): Promise<TenantOverview> {
  const [status, pbx, plan, migration] = await Promise.all([
    parts.status(tenantId),
    parts.pbxSummary(tenantId),
    orNull(parts.plan.summary(tenantId)),
    orNull(parts.plan.migrationSummary(tenantId, today)),
  ]);
  // The Overview shows counts: lists it does not show stay with their own routes (the Plan page's
  // constraints, the PBX page's warnings), so a large tenant's Overview stays a few kilobytes.
  const { warnings: _warnings, ...pbxCounts } = pbx;
  return { status, pbx: pbxCounts, plan: plan && { ...plan, unmet: plan.unmet.slice(0, OVERVIEW_UNMET_SHOWN) }, migration };
}

/** Unmet constraints listed in the Overview's plan summary; `totals.unmet` counts them all. */
const OVERVIEW_UNMET_SHOWN = 5;
