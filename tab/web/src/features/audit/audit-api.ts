/** The history routes (GET /api/audit, /api/audit/:id) and a restore (PUT /api/settings marked as one). */
import type { ApiClient } from '../../api-client';
import type { HistoryDetail, HistoryItem, HistoryPage } from '../../../../../shared/services/history-service';

export type { HistoryDetail, HistoryItem, HistoryPage };

export function historyPage(api: ApiClient, q: { offset: number; limit: number; kind?: string }): Promise<HistoryPage> {
  const qs = new URLSearchParams({ offset: String(q.offset), limit: String(q.limit) });
  if (q.kind) qs.set('kind', q.kind);
  return api.call<HistoryPage>('GET', `/audit?${qs}`);
}

export function historyEntry(api: ApiClient, id: number): Promise<HistoryDetail> {
  return api.call<HistoryDetail>('GET', `/audit/${id}`);
}

/** Saves an earlier version's settings as the next version, against the version the admin read. */
export function restoreSettings(api: ApiClient, settings: unknown, restoredFromVersion: number, expectedVersion: number | null): Promise<{ version: number | null }> {
  return api.call<{ version: number | null }>('PUT', '/settings', { settings, expectedVersion, restoredFromVersion });
}
