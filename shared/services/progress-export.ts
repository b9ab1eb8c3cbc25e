/**
 * The Progress page's current view (a state, a wave and a site, together) as a workbook, through the
 * shared list writer: one row per person with their state against the plan as the last sync found
 * them, why, and the planned and actual numbers. Sites are named by key, a page at a time.
 */
import { MEMBER_STATE_LABELS, type MemberState, type MemberStatus } from '../domain/planning/migration-status';
import type { Store } from '../store/store';
import type { ListWorkbook } from './list-export';
import type { PlanService } from './plan-service';
import { siteNamesByKey } from './snapshot-repository';

export interface ProgressRow extends MemberStatus {
  siteName?: string;
}

export function progressWorkbook(
  store: Store,
  plan: Pick<PlanService, 'migrationStatus'>,
  tenantId: string,
  today: string | undefined,
  query: { state?: MemberState; wave?: number; siteId?: string },
): ListWorkbook<ProgressRow> {
  const sites = siteNamesByKey(store, tenantId);
  return {
    sheet: 'Progress',
    read: async (offset, limit) => {
      const page = await plan.migrationStatus(tenantId, today, { ...query, offset, limit });
      await sites.load(page.members.map((m) => m.siteId));
      return { total: page.membersTotal, items: page.members.map((m) => ({ ...m, siteName: sites.nameOf(m.siteId) })) };
    },
    columns: [
      { header: 'User principal name', width: 36, value: (r) => r.userPrincipalName ?? '' },
      { header: 'Site', width: 24, value: (r) => r.siteName ?? r.siteId ?? 'no site' },
      { header: 'Site id', width: 16, value: (r) => r.siteId },
      { header: 'Wave', width: 7, kind: 'integer', value: (r) => r.waveNumber },
      { header: 'State', width: 22, value: (r) => MEMBER_STATE_LABELS[r.state] },
      { header: 'Overdue', width: 9, value: (r) => (r.overdue ? 'yes' : '') },
      { header: 'Detail', width: 60, kind: 'wrap', value: (r) => r.detail },
      { header: 'Planned number', width: 17, kind: 'phone', value: (r) => r.expected?.number },
      { header: 'Planned type', width: 16, value: (r) => r.expected?.numberType },
      { header: 'In Teams', width: 34, kind: 'wrap', value: (r) => (r.actual ?? []).map((a) => `${a.number} (${a.numberType})`).join('\n') },
      { header: 'Object id', width: 38, value: (r) => r.personId },
    ],
  };
}
