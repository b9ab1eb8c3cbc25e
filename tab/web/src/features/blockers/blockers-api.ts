/** The Blockers grid's calls: one page of blocked people (GET /api/plan/blocked) and its workbook. */
import type { ApiClient } from '../../api-client';
import type { BlockedPersonRow } from '../../../../../shared/services/blocked-people';
import type { OrderedPage } from '../../../../../shared/services/list-order';
import { query } from '../coexistence/coexistence-api';

export type { BlockedPersonRow };

/** The grid's filters as they are in the URL (`#/blockers?gate=...&site=...&wave=2&dir=desc&source=readiness`). */
export interface BlockersFilter {
  /** Absent: the plan's blocked people; `readiness`: the blocker gates as they stand now. */
  source?: 'readiness';
  gate?: string;
  site?: string;
  wave?: string;
  dir?: 'desc';
}

export const blockersApi = {
  page: (api: ApiClient, f: BlockersFilter, offset: number, limit: number, signal?: AbortSignal) =>
    api.call<OrderedPage<BlockedPersonRow>>('GET', `/plan/blocked${query({ ...f, offset, limit })}`, undefined, signal),
  download: (api: ApiClient, f: BlockersFilter) => api.download(`/plan/blocked/export.xlsx${query({ ...f })}`, 'blocked-people.xlsx'),
  /** The script that turns Teams Phone on for everyone the plan blocks because it is turned off in their licence. */
  downloadTeamsPhoneOn: (api: ApiClient) => api.download('/plan/blocked/teams-phone-on.ps1', 'turn-teams-phone-on.ps1'),
};
