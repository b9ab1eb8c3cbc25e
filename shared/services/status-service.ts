/** The migration status that the tab's first page, `vmp status` and the bot's `status` all show. */
import type { SnapshotCounts } from '../domain/tenant-snapshot';
import type { Store } from '../store/store';
import { loadSnapshotHeader } from './snapshot-repository';

export interface TenantStatus {
  tenant: { id: string; name: string };
  counts: SnapshotCounts | null;
  lastSync: { at: string; source?: string; warnings: number } | null;
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
    lastSync: header ? { at: header.takenAt, source: header.source, warnings: header.warnings.length } : null,
  };
}
