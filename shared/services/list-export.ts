/**
 * Any paged list of the tab (blocked people, port and upload orders, block splits, SBC rules, dial
 * plans...) as a workbook: the rows the admin sees, in the order they see them, read a page at a time
 * from the same paged read the grid uses and streamed through the table sheet writer, so no cell can
 * become a formula and no list sits in memory whole. An export holds at most `maxRows` rows; past that
 * the workbook says so on a last sheet and the caller is told (to say it in the tab). A list whose rows
 * stand for more than a cell holds (an order's every number) adds a details sheet, a row per detail.
 */
import type { Writable } from 'node:stream';
import { TableSheet, type CellInput, type ColumnSpec } from '../export/sheet-writer';
import { letOthersRun, openWorkbook } from '../export/workbook-writer';
import type { PageReader } from './list-order';

/** Rows one export holds: enough for any filtered view, and a bounded time and size per request. */
export const LIST_EXPORT_MAX_ROWS = 10_000;
/** Rows read per page while writing. */
const EXPORT_PAGE = 500;

export interface ListColumn<T> extends ColumnSpec {
  value: (row: T) => CellInput;
}

export interface ListWorkbook<T> {
  /** Sheet name (Excel allows 31 characters). */
  sheet: string;
  columns: ListColumn<T>[];
  /** The list's pages in the order shown (filters and sort already applied). */
  read: PageReader<T>;
  details?: ListDetails<T>;
}

/**
 * A second sheet with each exported row's details, in the list's order: written after the list from the
 * same rows (kept, at most `maxRows` of them), so the two sheets always describe one view.
 */
export interface ListDetails<T> {
  sheet: string;
  columns: ColumnSpec[];
  rowsOf: (row: T) => AsyncIterable<CellInput[]>;
}

export interface ListExportOutcome {
  /** Rows written and rows the view holds. */
  rows: number;
  total: number;
  truncated: boolean;
}

/** The note a capped export carries (sheet "About this export", and the tab's message). */
export function truncationNote(rows: number, total: number): string {
  return `This workbook holds the first ${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows, in the order shown. Filter the list to export the rest.`;
}

/**
 * Reads the first page, calls `onStart` (the caller sets its response headers: nothing is written
 * before a bad filter has been refused), then streams the workbook.
 */
export async function writeListWorkbook<T>(
  list: ListWorkbook<T>,
  output: Writable,
  generatedAt: string,
  options: { maxRows?: number; onStart?: (outcome: ListExportOutcome) => void } = {},
): Promise<ListExportOutcome> {
  const maxRows = options.maxRows ?? LIST_EXPORT_MAX_ROWS;
  let page = await list.read(0, Math.min(EXPORT_PAGE, maxRows));
  const total = page.total;
  const expected = Math.min(total, maxRows);
  const outcome: ListExportOutcome = { rows: expected, total, truncated: total > maxRows };
  options.onStart?.(outcome);

  const workbook = openWorkbook(output, generatedAt);
  const sheet = new TableSheet(workbook, list.sheet, list.columns);
  const kept: T[] = [];
  let rows = 0;
  for (;;) {
    for (const item of page.items) {
      if (rows >= maxRows) break;
      sheet.addRow(list.columns.map((c) => c.value(item)));
      if (list.details) kept.push(item);
      rows++;
    }
    if (rows >= expected || page.items.length === 0) break;
    await letOthersRun();
    page = await list.read(rows, Math.min(EXPORT_PAGE, maxRows - rows));
  }
  sheet.commit();
  if (list.details) {
    // After the list's sheet is committed: the zip takes one sheet at a time, and a sheet written
    // alongside another would wait in memory whole.
    // Other requests run every EXPORT_PAGE rows, not once per listed row: one upload order holds up to
    // 10,000 numbers.
    const details = new TableSheet(workbook, list.details.sheet, list.details.columns);
    for (const item of kept) {
      for await (const cells of list.details.rowsOf(item)) {
        details.addRow(cells);
        if (details.rows % EXPORT_PAGE === 0) await letOthersRun();
      }
    }
    details.commit();
  }
  if (outcome.truncated) {
    const about = new TableSheet(workbook, 'About this export', [{ header: 'Note', width: 100, kind: 'wrap' }]);
    about.addRow([truncationNote(rows, total)]);
    about.commit();
  }
  await workbook.commit();
  return { ...outcome, rows };
}
