/** The Progress page's calls: people by their state against the plan (GET /api/migration-status) and the drift fix-ups (GET /api/migration-status/fixups). */
import type { ApiClient } from '../../api-client';
import { siteCountsInWave, type FixUp, type MemberState, type MemberStatus, type StateCounts } from '../../../../../shared/domain/planning/migration-status';
import type { MigrationStatusPage, StoredSiteStatus } from '../../../../../shared/services/migration-status-read-model';
import type { CollectionPage } from '../../../../../shared/store/store';
import { query } from '../coexistence/coexistence-api';

export type { FixUp, MemberStatus };

/**
 * The page's filter as the URL has it (`#/progress?state=drifted`, `?wave=3&site=berlin`,
 * `?show=fixups`): people with every one of state, wave and site given; the fix-ups alone.
 */
export interface ProgressFilter {
  show?: 'fixups';
  state?: MemberState;
  wave?: string;
  site?: string;
}

export type MembersAnswer = { total: number; items: MemberStatus[]; summary: Omit<MigrationStatusPage, 'members' | 'membersTotal' | 'offset' | 'limit'> };

export const progressApi = {
  members: async (api: ApiClient, f: ProgressFilter, offset: number, limit: number, signal?: AbortSignal): Promise<MembersAnswer> => {
    const { members, membersTotal, offset: _offset, limit: _limit, ...summary } = await api.call<MigrationStatusPage>(
      'GET',
      `/migration-status${query({ state: f.state, wave: f.wave, site: f.site, offset, limit })}`,
      undefined,
      signal,
    );
    return { total: membersTotal, items: members, summary };
  },
  /**
   * One site's counts per state, or of its people in one wave: undefined when the status has none for it
   * (a status stored before the site's per-wave counts were kept has none for a wave).
   */
  siteCounts: async (api: ApiClient, site: string, wave?: string): Promise<StateCounts | undefined> => {
    const record = (await api.call<CollectionPage<StoredSiteStatus>>('GET', `/migration-status/sites${query({ site, limit: 1 })}`)).items[0];
    return wave === undefined ? record?.counts : record && siteCountsInWave(record, Number(wave));
  },
  /**
   * Each site's counts of its people in one wave, by site id: the sites the status keys by the wave, one
   * page (a wave holds a few dozen sites). Empty for a status stored before sites kept per-wave counts.
   */
  waveSites: async (api: ApiClient, wave: number): Promise<Map<string, StateCounts>> => {
    const page = await api.call<CollectionPage<StoredSiteStatus>>('GET', `/migration-status/sites${query({ wave, limit: 1000 })}`);
    const counts = new Map<string, StateCounts>();
    for (const site of page.items) {
      const inWave = siteCountsInWave(site, wave);
      if (inWave) counts.set(site.siteId, inWave);
    }
    return counts;
  },
  /** The people of the filter as a workbook (the server's list export). */
  download: (api: ApiClient, f: ProgressFilter) => api.download(`/migration-status/export.xlsx${query({ state: f.state, wave: f.wave, site: f.site })}`, 'progress.xlsx'),
  /** Every fix-up as one PowerShell script. */
  downloadScript: (api: ApiClient) => api.download('/migration-status/fixups.ps1', 'fix-ups.ps1'),
  fixUps: (api: ApiClient, offset: number, limit: number, signal?: AbortSignal) =>
    api.call<CollectionPage<FixUp>>('GET', `/migration-status/fixups${query({ offset, limit })}`, undefined, signal),
};
