/**
 * Finds the header row of an export: the first non-empty row (within the first few) whose cells name the
 * required columns. Exports often carry a title line or two above the header; garbage carries none,
 * so a file that is not an export fails here, after reading a few rows only.
 */
import type { ColumnMapping, ResolvedColumns } from './column-mapping';
import type { TableRow, TableSource } from './table-source';
import { TableReadError } from './table-source';

export const HEADER_SEARCH_ROWS = 10;

export interface HeaderFound<F extends string> {
  columns: ResolvedColumns<F>;
  headerRow: number;
  /** The rows after the header, in batches, continuing the same read. */
  rest: AsyncIterator<readonly TableRow[]>;
}

/** The rows after the header: what is left of the header's batch, then the batches still to come. */
function restAfter(remainder: readonly TableRow[], it: AsyncIterator<readonly TableRow[]>): AsyncIterator<readonly TableRow[]> {
  let pending: readonly TableRow[] | undefined = remainder.length > 0 ? remainder : undefined;
  return {
    next: async () => {
      if (!pending) return it.next();
      const value = pending;
      pending = undefined;
      return { done: false, value };
    },
    return: async () => {
      pending = undefined;
      return (await it.return?.()) ?? { done: true, value: undefined };
    },
  };
}

export async function findHeader<F extends string>(
  source: TableSource,
  resolve: (cells: string[], mapping?: ColumnMapping) => ResolvedColumns<F>,
  isHeader: (columns: ResolvedColumns<F>) => boolean,
  mapping: ColumnMapping | undefined,
  expected: string,
): Promise<HeaderFound<F>> {
  const it = source.rowBatches()[Symbol.asyncIterator]();
  let seen = 0;
  search: for (;;) {
    const next = await it.next();
    if (next.done) break;
    const batch = next.value;
    for (let i = 0; i < batch.length; i++) {
      const { row, cells } = batch[i];
      if (cells.every((c) => c === '')) continue;
      // "#TYPE ..." (PowerShell Export-Csv) and "# comment" lines above the header are never the header.
      if (cells[0].startsWith('#')) {
        if (++seen >= HEADER_SEARCH_ROWS) break search;
        continue;
      }
      const columns = resolve(cells, mapping);
      const looksMapped = columns.missingMapped.length > 0 && Object.keys(columns.index).length >= 2;
      if (isHeader(columns) || looksMapped) {
        if (columns.missingMapped.length > 0) {
          await it.return?.();
          throw new TableReadError(
            source.name,
            row,
            `${source.name} row ${row}: the column mapping names ${columns.missingMapped.map((h) => `"${h}"`).join(', ')}, ` +
              `which the header does not hold (it has: ${cells.filter((c) => c).join(', ')}).`,
          );
        }
        return { columns, headerRow: row, rest: restAfter(batch.slice(i + 1), it) };
      }
      if (++seen >= HEADER_SEARCH_ROWS) break search;
    }
  }
  await it.return?.();
  throw new TableReadError(
    source.name,
    0,
    seen === 0
      ? `${source.name} is empty: it holds no header row and no data.`
      : `${source.name}: no header row found in its first ${seen} non-empty rows, so it does not look like a ${expected} export. ` +
        'Expected column names such as those in the README (or their vendor aliases); for other headers give a column-mapping file.',
  );
}
