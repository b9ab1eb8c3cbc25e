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
  /** The rest of the rows, continuing the same iteration. */
  rest: AsyncIterator<TableRow>;
}

export async function findHeader<F extends string>(
  source: TableSource,
  resolve: (cells: string[], mapping?: ColumnMapping) => ResolvedColumns<F>,
  isHeader: (columns: ResolvedColumns<F>) => boolean,
  mapping: ColumnMapping | undefined,
  expected: string,
): Promise<HeaderFound<F>> {
  const it = source.rows()[Symbol.asyncIterator]();
  let seen = 0;
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    const { row, cells } = next.value;
    if (cells.every((c) => c === '')) continue;
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
      return { columns, headerRow: row, rest: it };
    }
    if (++seen >= HEADER_SEARCH_ROWS) break;
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
