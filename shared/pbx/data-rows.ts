/**
 * The data rows of an export after its header, batch by batch, skipping empty rows: a file that keeps
 * failing (a run of invalid rows) is not an export with a few mistakes, and reading stops there.
 */
import type { IssueLog } from './issue-log';
import type { TableRow, TableSource } from './table-source';

/** After this many invalid rows in a row, the file is not a PBX export with a few mistakes: stop reading. */
export const MAX_CONSECUTIVE_BAD_ROWS = 500;

/** Every cell empty (a loop, not `every` with a callback: this runs once per row). */
function allEmpty(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '') return false;
  return true;
}

export async function eachDataRow(
  source: TableSource,
  rest: AsyncIterator<readonly TableRow[]>,
  issues: IssueLog,
  handle: (row: TableRow) => void,
): Promise<void> {
  let badRun = 0;
  try {
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      const batch = next.value;
      for (let i = 0; i < batch.length; i++) {
        const row = batch[i];
        if (allEmpty(row.cells)) continue;
        const before = issues.errorCount;
        handle(row);
        badRun = issues.errorCount > before ? badRun + 1 : 0;
        if (badRun >= MAX_CONSECUTIVE_BAD_ROWS) {
          issues.error(
            source.name,
            row.row,
            undefined,
            `stopped reading ${source.name} at row ${row.row}: the last ${MAX_CONSECUTIVE_BAD_ROWS} rows were all invalid, so the rest of the file is not checked`,
            true,
          );
          return;
        }
      }
    }
  } finally {
    await rest.return?.();
  }
}

