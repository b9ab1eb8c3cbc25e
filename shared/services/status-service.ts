/** The migration status that the tab's first page, `vmp status` and the bot's `status` all show. */
import type { SnapshotCounts, SnapshotWarning } from '../domain/tenant-snapshot';
import type { Store } from '../store/store';
import { loadSnapshotHeader } from './snapshot-repository';

export interface TenantStatus {
  tenant: { id: string; name: string };
  counts: SnapshotCounts | null;
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
