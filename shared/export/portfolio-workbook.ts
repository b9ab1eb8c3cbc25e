/**
 * The portfolio workbook: one row per customer tenant (progress, next cutover, blockers, drift, last
 * sync) and one sheet of every customer's cutovers. Cells go through the table sheet writer, so no
 * customer name can become a formula.
 */
import type { Writable } from 'node:stream';
import type { CustomerWave, PortfolioRow } from '../domain/portfolio/portfolio-overview';
import { TableSheet } from './sheet-writer';
import { openWorkbook } from './workbook-writer';

export interface PortfolioWorkbookInput {
  generatedAt: string;
  rows: readonly PortfolioRow[];
  /** Each customer's waves by tenant id. */
  waves: ReadonlyMap<string, readonly CustomerWave[]>;
}

export async function writePortfolioWorkbook(output: Writable, input: PortfolioWorkbookInput): Promise<void> {
  const workbook = openWorkbook(output, input.generatedAt);
  const customers = new TableSheet(workbook, 'Customers', [
    { header: 'Customer', width: 32 },
    { header: 'Tenant id', width: 38 },
    { header: 'Role', width: 9 },
    { header: 'Users', width: 9, kind: 'integer' },
    { header: 'Last sync', width: 22 },
    { header: 'Hours since sync', width: 10, kind: 'integer' },
    { header: 'Planned', width: 9 },
    { header: '% done', width: 9, kind: 'integer' },
    { header: 'Done', width: 9, kind: 'integer' },
    { header: 'In plan', width: 9, kind: 'integer' },
    { header: 'Overdue', width: 9, kind: 'integer' },
    { header: 'Blocked', width: 9, kind: 'integer' },
    { header: 'Licences to buy', width: 10, kind: 'integer' },
    { header: 'Buy before', width: 12, kind: 'date' },
    { header: 'Drifted', width: 9, kind: 'integer' },
    { header: 'Unmet constraints', width: 10, kind: 'integer' },
    { header: 'Next cutover', width: 12, kind: 'date' },
    { header: 'Next wave', width: 28 },
    { header: 'Waves left', width: 9, kind: 'integer' },
  ]);
  for (const r of input.rows) {
    customers.addRow([
      r.displayName,
      r.tenantId,
      r.role,
      r.users,
      r.lastSyncAt ?? 'never',
      r.lastSyncAgeHours,
      r.planned ? 'yes' : 'no',
      r.percentDone,
      r.done,
      r.total,
      r.overdue,
      r.blocked,
      r.licencesToBuy,
      r.licencesBuyBy?.date,
      r.drifted,
      r.unmet,
      r.nextCutover?.date,
      r.nextCutover ? `${r.nextCutover.wave}. ${r.nextCutover.name}` : '',
      r.wavesLeft,
    ]);
  }
  customers.commit();

  const cutovers = new TableSheet(workbook, 'Cutovers', [
    { header: 'Date', width: 12, kind: 'date' },
    { header: 'Time', width: 8 },
    { header: 'Customer', width: 32 },
    { header: 'Tenant id', width: 38 },
    { header: 'Wave', width: 7, kind: 'integer' },
    { header: 'Wave name', width: 28 },
    { header: 'Sites', width: 7, kind: 'integer' },
    { header: 'People', width: 9, kind: 'integer' },
    { header: 'Done', width: 9, kind: 'integer' },
  ]);
  const all = input.rows.flatMap((r) => (input.waves.get(r.tenantId) ?? []).map((w) => ({ r, w })));
  all.sort((a, b) => (a.w.date < b.w.date ? -1 : a.w.date > b.w.date ? 1 : a.r.displayName.localeCompare(b.r.displayName) || a.w.number - b.w.number));
  for (const { r, w } of all) cutovers.addRow([w.date, w.time, r.displayName, r.tenantId, w.number, w.name, w.sites, w.total, w.done]);
  cutovers.commit();
  await workbook.commit();
}
