/**
 * The People grid's current view (its filters, search and order) as a workbook, streamed a page of the
 * people view at a time: 100,000 rows never sit in memory at once. Cells go through the table sheet
 * writer, so no name or department can become a formula.
 */
import type { Writable } from 'node:stream';
import { TableSheet } from '../export/sheet-writer';
import { letOthersRun, openWorkbook } from '../export/workbook-writer';
import type { Store } from '../store/store';
import type { DecisionsRefresher } from './decisions-refresher';
import { pagePeopleView, peopleFilterKeys, searchTerms, type PeopleQuery } from './people-query';

/** Rows read per page while writing. */
const EXPORT_PAGE = 1000;

const PATH_NAMES: Record<string, string> = { OC: 'Operator Connect', DR: 'Direct Routing', CP: 'Calling Plan', PBX: 'Stays on the PBX' };

export async function writePeopleWorkbook(
  store: Store,
  refresher: DecisionsRefresher,
  tenantId: string,
  query: Omit<PeopleQuery, 'offset' | 'limit'>,
  output: Writable,
  generatedAt: string,
): Promise<{ rows: number }> {
  await refresher.view(tenantId, { wait: false });
  const workbook = openWorkbook(output, generatedAt);
  const sheet = new TableSheet(workbook, 'People', [
    { header: 'Name', width: 30 },
    { header: 'User principal name', width: 36 },
    { header: 'Site', width: 24 },
    { header: 'Department', width: 20 },
    { header: 'Phone', width: 18, kind: 'phone' },
    { header: 'Extensions', width: 12, kind: 'phone' },
    { header: 'Teams Phone licence', width: 12 },
    { header: 'Path', width: 8 },
    { header: 'Path name', width: 18 },
    { header: 'Path from', width: 14 },
    { header: 'Blockers', width: 40, kind: 'wrap' },
    { header: 'Object id', width: 38 },
  ]);
  const keys = peopleFilterKeys(query);
  const search = searchTerms(query.q);
  let rows = 0;
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await pagePeopleView(store, tenantId, { keys, search, sort: query.sort ?? 'name', desc: query.desc === true, offset, limit: EXPORT_PAGE });
    for (const r of page.items) {
      sheet.addRow([
        r.displayName,
        r.userPrincipalName,
        r.siteName ?? (r.unmappedReason ? `no site: ${r.unmappedReason}` : 'no site'),
        r.department,
        r.phone,
        r.extensions?.join(', '),
        r.teamsPhone,
        r.path,
        r.path ? PATH_NAMES[r.path] : '',
        r.pathSource,
        r.blockers.join(', '),
        r.id,
      ]);
    }
    rows += page.items.length;
    if (page.items.length < EXPORT_PAGE || offset + EXPORT_PAGE >= page.total) break;
    await letOthersRun();
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}
