/**
 * Writes one table sheet through exceljs's streaming writer: header row (frozen, with an autofilter),
 * column widths, typed cells. Every cell value is a primitive made here - never an object from input
 * (exceljs turns `{formula}` / `{text, hyperlink}` objects into formulas and links) - so no cell can
 * become a formula, whatever the plan's strings contain.
 */
import type { stream, Style, Worksheet } from 'exceljs';
import { STYLES } from './workbook-styles';

/** exceljs's own XML escaping and date serials, so rows written here are byte-identical to its own. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const excelUtils: { xmlEncode(text: string): string; dateToExcel(d: Date, date1904?: boolean): number } = require('exceljs/lib/utils/utils');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const VALUE_TYPE: { Number: number; String: number; Date: number } = require('exceljs/lib/doc/enums').ValueType;

/** The parts of exceljs's streaming worksheet and style registry the row writer uses. */
interface StreamingInternals {
  stream: { write(chunk: string): unknown };
  startedData: boolean;
  _rows: unknown[] | null;
  _workbook: { styles: { addStyleModel(style: Partial<Style>, cellType?: number): number } };
}

/**
 * The style exceljs gives a cell nobody styled (a fresh `{}` per cell): one object here, used only
 * for text cells, whose style id depends only on being empty and holding text.
 */
const UNSTYLED: Partial<Style> = Object.freeze({});

/** Rows are written to the sheet in chunks of about this many characters rather than one by one. */
const FLUSH_CHARS = 64 * 1024;

/**
 * text: plain text; phone: a number kept as text (Text format, so `+` and leading zeros survive edits);
 * date: a yyyy-mm-dd string written as a real Excel date; integer / money: numbers; wrap: long text.
 */
export type ColumnKind = 'text' | 'phone' | 'date' | 'integer' | 'money' | 'wrap';

export interface ColumnSpec {
  header: string;
  width: number;
  kind?: ColumnKind;
}

export type CellInput = string | number | undefined | null;

/** Excel refuses a cell longer than this. */
const MAX_CELL_CHARS = 32767;
/** Characters XML 1.0 cannot carry: one of them would make the whole workbook unreadable. */
const XML_INVALID_SOURCE = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const HAS_XML_INVALID = new RegExp(XML_INVALID_SOURCE);
const XML_INVALID = new RegExp(XML_INVALID_SOURCE, 'g');
/** Cheap first look: most cells hold no control character, CR or surrogate, and skip the checks below. */
const MAYBE_SPECIAL = /[\u0000-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** A string safe to put in a workbook cell (text only: never interpreted as a formula by exceljs). */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (!MAYBE_SPECIAL.test(text)) return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}\u2026` : text;
  if (HAS_XML_INVALID.test(text)) text = text.replace(XML_INVALID, '\uFFFD');
  // XML readers turn a raw CR into LF anyway; say so up front, so what is written is what is read.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}\u2026` : text;
}

/**
 * Text whose first or last character is XML whitespace (space, tab, CR, LF: what readers trim; cellText
 * has replaced the other control characters). Two character codes looked at: 1.5 million cells cost ~30 ms.
 */
const hasEdgeWhitespace = (text: string): boolean => text.length > 0 && (text.charCodeAt(0) <= 0x20 || text.charCodeAt(text.length - 1) <= 0x20);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parsed dates by text: a plan has few distinct dates and 100,000 rows repeat them. */
const DATE_CACHE = new Map<string, Date | undefined>();

/** yyyy-mm-dd -> a Date at UTC midnight (exceljs converts Dates to Excel serials in UTC). */
export function excelDate(value: string | undefined | null): Date | undefined {
  if (!value) return undefined;
  if (DATE_CACHE.has(value)) return DATE_CACHE.get(value);
  const date = parseDate(value);
  if (DATE_CACHE.size > 10000) DATE_CACHE.clear();
  DATE_CACHE.set(value, date);
  return date;
}

function parseDate(value: string): Date | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

/** Column letters for an autofilter range (1 -> A, 27 -> AA). */
export function columnLetter(index: number): string {
  let n = index;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export class TableSheet {
  private readonly sheet: Worksheet;
  private readonly kinds: ColumnKind[];
  /** Column letters by column number (index 0 unused). */
  private readonly letters: string[];
  private readonly rowAttributes: string;
  private readonly styleIds = new Map<Partial<Style>, number>();
  /** Rows built but not yet written: at most about FLUSH_CHARS characters. */
  private pending = '';
  rows = 0;

  constructor(workbook: stream.xlsx.WorkbookWriter, name: string, readonly columns: ColumnSpec[]) {
    // Printed (a cutover sheet is ticked off on paper): landscape, every column on one page's width
    // (as many pages down as it takes), the header row repeated on each page. Without this a wide
    // sheet printed portrait, its columns spread over pages that carried no header and no user.
    this.sheet = workbook.addWorksheet(name, {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
      pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' },
    });
    this.sheet.columns = columns.map((c) => ({ width: c.width }));
    this.sheet.autoFilter = `A1:${columnLetter(columns.length)}1`;
    this.kinds = columns.map((c) => c.kind ?? 'text');
    const header = this.sheet.addRow(columns.map((c) => c.header));
    for (let i = 1; i <= columns.length; i++) header.getCell(i).style = STYLES.header;
    header.commit();
    this.letters = ['', ...columns.map((_, i) => columnLetter(i + 1))];
    // Rows are written straight to the sheet's stream from here on: the header row above went
    // through exceljs, so the sheet data is open and no row is pending.
    const internals = this.internals;
    if (!internals.startedData || (internals._rows && internals._rows.length)) throw new Error('table sheet: header row not committed');
    // A row's own style is a fresh `{}` in exceljs (id 0 unless the registry says otherwise).
    const rowStyle = internals._workbook.styles.addStyleModel({});
    this.rowAttributes = `${rowStyle ? ` s="${rowStyle}" customFormat="1"` : ''} x14ac:dyDescent="0.25"`;
  }

  /**
   * `kinds` overrides the column kinds for this row (the Summary sheet mixes kinds in one column).
   *
   * The row's XML is built here as one string and handed to the sheet's stream: exactly what exceljs
   * writes for a row of these cells (same attributes, order, escaping and style ids), without a Row, a
   * Cell, a value object, a style object and a model per cell (1.5 million cells in a 100,000-user
   * export). Style ids still come from the workbook's style registry, in the order exceljs would ask.
   */
  addRow(values: CellInput[], kindsOverride?: ColumnKind[]): void {
    const rowNumber = this.rows + 2;
    this.rows++;
    const kinds = kindsOverride ?? this.kinds;
    let cells = '';
    let min = 0;
    let max = 0;
    for (let i = 0; i < kinds.length; i++) {
      const raw = values[i];
      if (raw === undefined || raw === null || raw === '') continue;
      const col = i + 1;
      if (!min) min = col;
      max = col;
      switch (kinds[i]) {
        case 'date': {
          const date = typeof raw === 'string' ? excelDate(raw) : undefined;
          cells += date
            ? this.valueCell(col, rowNumber, STYLES.date, VALUE_TYPE.Date, excelUtils.dateToExcel(date))
            : this.textCell(col, rowNumber, UNSTYLED, cellText(raw));
          break;
        }
        case 'integer':
        case 'money':
          cells +=
            typeof raw === 'number' && Number.isFinite(raw)
              ? this.valueCell(col, rowNumber, kinds[i] === 'money' ? STYLES.money : STYLES.integer, VALUE_TYPE.Number, raw)
              : this.textCell(col, rowNumber, UNSTYLED, cellText(raw));
          break;
        case 'phone':
          cells += this.textCell(col, rowNumber, STYLES.text, cellText(raw));
          break;
        case 'wrap':
          cells += this.textCell(col, rowNumber, STYLES.wrap, cellText(raw));
          break;
        default:
          cells += this.textCell(col, rowNumber, STYLES.plain, cellText(raw));
      }
    }
    // exceljs writes nothing for a row without a value (the row number is still used up).
    if (!max) return;
    this.pending += `<row r="${rowNumber}" spans="${min}:${max}"${this.rowAttributes}>${cells}</row>`;
    if (this.pending.length >= FLUSH_CHARS) this.flush();
  }

  /** Hands the buffered rows to the sheet's stream (one write, one buffer, one zlib chunk for many rows). */
  private flush(): void {
    if (!this.pending) return;
    this.internals.stream.write(this.pending);
    this.pending = '';
  }

  private get internals(): StreamingInternals {
    return this.sheet as unknown as StreamingInternals;
  }

  /** The style id exceljs would give a cell with this style object and value type (cached per object). */
  private styleId(style: Partial<Style>, cellType: number): number {
    let id = this.styleIds.get(style);
    if (id === undefined) {
      id = this.internals._workbook.styles.addStyleModel(style, cellType);
      this.styleIds.set(style, id);
    }
    return id;
  }

  private textCell(col: number, row: number, style: Partial<Style>, text: string): string {
    const s = this.styleId(style, VALUE_TYPE.String);
    // Readers trim a <v>'s edge whitespace (LibreOffice showed "\t=1+1" as "=1+1"): text that starts or
    // ends with whitespace goes in an inline string that keeps it, as exceljs's own writer does.
    if (hasEdgeWhitespace(text)) return `<c r="${this.letters[col]}${row}"${s ? ` s="${s}"` : ''} t="inlineStr"><is><t xml:space="preserve">${excelUtils.xmlEncode(text)}</t></is></c>`;
    return `<c r="${this.letters[col]}${row}"${s ? ` s="${s}"` : ''} t="str"><v>${excelUtils.xmlEncode(text)}</v></c>`;
  }

  private valueCell(col: number, row: number, style: Partial<Style>, cellType: number, value: number): string {
    const s = this.styleId(style, cellType);
    return `<c r="${this.letters[col]}${row}"${s ? ` s="${s}"` : ''}><v>${excelUtils.xmlEncode(String(value))}</v></c>`;
  }

  commit(): void {
    this.flush();
    this.sheet.commit();
  }
}

