/**
 * Streams the first worksheet of an .xlsx export with exceljs' streaming WorkbookReader, so only what
 * exceljs itself needs (the shared strings) is held in memory. Cells become plain text: a formula cell
 * gives its cached result, never its evaluation; a hyperlink gives its text; nothing is written back.
 */
import ExcelJS from 'exceljs';
import type { TableRow, TableSource } from './table-source';
import { TableReadError } from './table-source';

/** The text an admin sees in the cell. Formulas are data: cached result, or the formula text itself. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') {
    // Phone numbers typed into Excel become numbers: print integers without exponent or ".0".
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('result' in v && v.result !== undefined) return cellText(v.result);
    if ('formula' in v || 'sharedFormula' in v) return `=${String(v.formula ?? v.sharedFormula ?? '')}`;
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('').trim();
    if ('text' in v) return cellText(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value).trim();
}

/** Rows per batch handed to the import (exceljs itself reads row by row). */
const ROWS_PER_BATCH = 1000;

export function xlsxFileSource(path: string, name: string): TableSource {
  return {
    name,
    rowBatches: () => ({
      async *[Symbol.asyncIterator](): AsyncGenerator<readonly TableRow[]> {
        const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
          entries: 'emit',
          sharedStrings: 'cache',
          hyperlinks: 'ignore',
          styles: 'ignore',
          worksheets: 'emit',
        });
        try {
          for await (const sheet of reader) {
            let batch: TableRow[] = [];
            for await (const row of sheet) {
              const values = row.values as unknown[];
              const cells: string[] = [];
              for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
              batch.push({ row: row.number, cells });
              if (batch.length === ROWS_PER_BATCH) {
                yield batch;
                batch = [];
              }
            }
            if (batch.length > 0) yield batch;
            // Only the first worksheet holds the export; later sheets are notes or pivots.
            break;
          }
        } catch (err) {
          if (err instanceof TableReadError) throw err;
          // exceljs meets a zip without the parts a workbook needs (cut short, or not a workbook) as a
          // TypeError of its own code: say what it means rather than what broke inside the library.
          const message =
            err instanceof TypeError
              ? 'a part every workbook has is missing or damaged; is the file complete?'
              : err instanceof Error
                ? err.message
                : String(err);
          throw new TableReadError(name, 0, `${name} cannot be read as an .xlsx workbook (${message}).`);
        }
      },
    }),
  };
}
