/**
 * The Blockers grid's current view (its wave, gate and site filters, in its order) as a workbook,
 * through the shared list writer: one row per blocked person, their gates with the fix for each.
 */
import type { ListWorkbook } from './list-export';
import type { BlockedPeopleQuery, BlockedPeopleService, BlockedPersonRow } from './blocked-people';

export async function blockersWorkbook(
  blocked: BlockedPeopleService,
  tenantId: string,
  query: Omit<BlockedPeopleQuery, 'offset' | 'limit'>,
): Promise<ListWorkbook<BlockedPersonRow>> {
  return {
    sheet: 'Blocked people',
    read: await blocked.reader(tenantId, query),
    columns: [
      { header: 'Name', width: 28, value: (r) => r.displayName },
      { header: 'User principal name', width: 36, value: (r) => r.userPrincipalName },
      { header: 'Site', width: 24, value: (r) => r.siteName ?? r.siteId ?? 'no site' },
      { header: 'Site id', width: 16, value: (r) => r.siteId },
      { header: 'Gates', width: 30, kind: 'wrap', value: (r) => r.gates.map((g) => g.code).join('\n') },
      { header: 'What is wrong', width: 50, kind: 'wrap', value: (r) => r.gates.map((g) => g.message).join('\n') },
      { header: 'Fix', width: 60, kind: 'wrap', value: (r) => r.gates.map((g) => g.fix).join('\n') },
      { header: 'Waves', width: 10, value: (r) => r.waves.join(', ') },
      { header: 'Object id', width: 38, value: (r) => r.personId },
    ],
  };
}
