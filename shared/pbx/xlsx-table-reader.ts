/**
 * Streams the first worksheet of an .xlsx export with exceljs' streaming WorkbookReader, so only what
 * exceljs itself needs (the shared strings) is held in memory. Cells become plain text: a formula cell
 * gives its cached result, never its evaluation; a hyperlink gives its text; nothing is written back.
 */
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
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

const READER_OPTIONS = { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' } as const;

/**
 * The parts of exceljs' streaming WorkbookReader this reader drives itself (exceljs 4.4.0, pinned).
 * Its own single pass over the zip (`for await (const sheet of reader)`) reads the parts in the order
 * they are stored, and now and then ends before the last one: a workbook written by exceljs stores
 * `xl/workbook.xml` last, and a few reads in a thousand then failed with a TypeError, so an admin's good
 * file was refused as damaged (exceljs issues 962 and 3064). Here the zip's central directory gives
 * each part when it is needed: the workbook and its relationships, the shared strings, then the
 * first worksheet, still row by row.
 */
interface WorkbookReaderParts {
  _parseRels(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
  model?: { sheets?: { rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
}

/** A workbook part's path in the zip from a relationship's target ("worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml"). */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Streams the rows of the workbook's first worksheet (its first tab). */
async function* firstWorksheetRows(path: string, name: string): AsyncGenerator<ExcelJS.Row> {
  const directory = await unzipper.Open.file(path);
  const part = (partName: string) => directory.files.find((f) => f.path === partName);
  const missing = (what: string) => new TableReadError(name, 0, `${name} cannot be read as an .xlsx workbook (a part every workbook has is missing or damaged: ${what}; is the file complete?).`);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, READER_OPTIONS) as unknown as WorkbookReaderParts;
  const rels = part('xl/_rels/workbook.xml.rels');
  const workbook = part('xl/workbook.xml');
  if (!rels || !workbook) throw missing(rels ? 'xl/workbook.xml' : 'xl/_rels/workbook.xml.rels');
  await reader._parseRels(rels.stream());
  await reader._parseWorkbook(workbook.stream());
  const strings = part('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(strings.stream()));
  const first = reader.model?.sheets?.[0];
  const target = first && reader.workbookRels?.find((r) => r.Id === first.rId)?.Target;
  const sheet = target ? part(partPath(target)) : undefined;
  if (!sheet) throw missing('its first worksheet');
  const sheetNo = /sheet(\d+)\.xml$/.exec(sheet.path)?.[1] ?? '1';
  for (const { eventType, value } of reader._parseWorksheet(sheet.stream(), sheetNo)) {
    if (eventType === 'worksheet') yield* value;
  }
}

export function xlsxFileSource(path: string, name: string): TableSource {
  return {
    name,
    rowBatches: () => ({
      async *[Symbol.asyncIterator](): AsyncGenerator<readonly TableRow[]> {
        try {
          let batch: TableRow[] = [];
          // Only the first worksheet holds the export; later sheets are notes or pivots.
          for await (const row of firstWorksheetRows(path, name)) {
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
