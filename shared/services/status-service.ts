/** The migration status that the tab's first page, `vmp status` and the bot's `status` all show. */
import type { LicenceNeed } from '../domain/decisions/licence-seats';
import type { NumberTypeCount, SnapshotCounts, SnapshotWarning } from '../domain/tenant-snapshot';
import type { Store } from '../store/store';
import { loadMigrationStatusHeader, summaryOf, type MigrationStatusSummary } from './migration-status-read-model';
import { loadInventoryHeader } from './pbx-inventory-header';
import { isLegacyStoredPlan, nextWave, PLAN_DOCUMENT, planIsStale, planLicenceNeeds, type PlanHeader } from './plan-read-model';
import { settingsVersion } from './settings-document';
import { loadSnapshotHeader } from './snapshot-repository';

export interface TenantStatus {
  tenant: { id: string; name: string };
  counts: SnapshotCounts | null;
  /** The Teams numbers per type, free or held (absent when the last sync was stored before they were counted). */
  numbers?: NumberTypeCount[];
  /**
   * `warnings` counts what the sync recorded instead of failing (an API missing in a national cloud, a
   * permission not granted, a fallback taken); `warningDetails` says what each one was and what to do.
   */
  lastSync: { at: string; source?: string; warnings: number; warningDetails: Pick<SnapshotWarning, 'code' | 'message'>[] } | null;
}

export class TenantNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(readonly tenantId: string) {
    super(`No data for tenant ${tenantId} yet: run a sync first (\`vmp sync\`, or the Sync button in the tab).`);
    this.name = 'TenantNotFoundError';
  }
}

export async function getTenantStatus(store: Store, tenantId: string): Promise<TenantStatus> {
  const tenant = await store.getTenant(tenantId);
  if (!tenant) throw new TenantNotFoundError(tenantId);
  const header = await loadSnapshotHeader(store, tenantId);
  return {
    tenant: { id: tenant.tenantId, name: tenant.displayName },
    counts: header?.counts ?? null,
    ...(header?.numberCounts ? { numbers: header.numberCounts } : {}),
    lastSync: header
      ? {
          at: header.takenAt,
          source: header.source,
          warnings: header.warnings.length,
          warningDetails: header.warnings.map(({ code, message }) => ({ code, message })),
        }
      : null,
  };
}

/**
 * How far the migration is, for `vmp status`: the PBX import's counts, the plan's totals and whether
 * settings saved since make it stale, plan versus tenant (the Overview's and the bot's counts) and the
 * next cutover. Each part is a small stored document, whatever the tenant's size; a step not taken yet
 * is null.
 */
export interface TenantProgress {
  pbx: { importedAt: string; lines: number; matched: number; blocks: number } | null;
  plan: {
    builtAt: string;
    /** The day the plan was made for. */
    today: string;
    settingsVersion: number;
    stale: boolean;
    waves: number;
    firstCutover?: string;
    lastCutover?: string;
    totals: PlanHeader['summary']['totals'];
    /** The licences the plan's blocked people need against the tenant's free seats; empty when none. */
    licences: LicenceNeed[];
  } | null;
  /** A plan stored by an earlier version: its figures are read once the plan service upgrades it (any read of the plan). */
  planFromEarlierVersion?: true;
  /** Plan versus tenant on `today` (yyyy-mm-dd). */
  migration: MigrationStatusSummary | null;
  nextWave: { number: number; name: string; date: string; time: string; people: number; sites: number } | null;
}

export async function getTenantProgress(store: Store, tenantId: string, today: string): Promise<TenantProgress> {
  const [inventory, planDoc, settings, status, snapshot] = await Promise.all([
    loadInventoryHeader(store, tenantId),
    store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT),
    settingsVersion(store, tenantId),
    loadMigrationStatusHeader(store, tenantId),
    loadSnapshotHeader(store, tenantId),
  ]);
  const counts = inventory?.counts;
  const pbx = inventory ? { importedAt: inventory.importedAt, lines: counts?.lines ?? 0, matched: counts?.matched ?? 0, blocks: counts?.blocks ?? 0 } : null;
  // A plan stored by an earlier version is upgraded by the plan service when it is next read (the tab, the bot, `vmp plan`).
  if (planDoc && isLegacyStoredPlan(planDoc.data)) return { pbx, plan: null, planFromEarlierVersion: true, migration: null, nextWave: null };
  const header = planDoc?.data;
  if (!header) return { pbx, plan: null, migration: null, nextWave: null };
  const next = nextWave(header.waves, today);
  return {
    pbx,
    plan: {
      builtAt: header.builtAt,
      today: header.summary.today,
      settingsVersion: header.settingsVersion,
      stale: planIsStale(header, settings),
      waves: header.waves.length,
      ...(header.waves.length && { firstCutover: header.waves[0].date, lastCutover: header.waves[header.waves.length - 1].date }),
      totals: header.summary.totals,
      licences: planLicenceNeeds(header, snapshot?.licenceSeats),
    },
    migration: status ? summaryOf(status, today) : null,
    nextWave: next ? { number: next.number, name: next.name, date: next.date, time: next.time, people: next.members, sites: next.siteIds.length } : null,
  };
}
