/**
 * Writes one table sheet through exceljs's streaming writer: header row (frozen, with an autofilter),
 * column widths, typed cells. Every cell value is a primitive made here - never an object from input
 * (exceljs turns `{formula}` / `{text, hyperlink}` objects into formulas and links) - so no cell can
 * become a formula, whatever the plan's strings contain.
 */
import type { stream, Worksheet } from 'exceljs';
import { STYLES } from './workbook-styles';

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

/** A string safe to put in a workbook cell (text only: never interpreted as a formula by exceljs). */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (HAS_XML_INVALID.test(text)) text = text.replace(XML_INVALID, '\uFFFD');
  // XML readers turn a raw CR into LF anyway; say so up front, so what is written is what is read.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}\u2026` : text;
}

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
  rows = 0;

  constructor(workbook: stream.xlsx.WorkbookWriter, name: string, readonly columns: ColumnSpec[]) {
    this.sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
    this.sheet.columns = columns.map((c) => ({ width: c.width }));
    this.sheet.autoFilter = `A1:${columnLetter(columns.length)}1`;
    this.kinds = columns.map((c) => c.kind ?? 'text');
    const header = this.sheet.addRow(columns.map((c) => c.header));
    for (let i = 1; i <= columns.length; i++) header.getCell(i).style = STYLES.header;
    header.commit();
  }

  /** `kinds` overrides the column kinds for this row (the Summary sheet mixes kinds in one column). */
  addRow(values: CellInput[], kindsOverride?: ColumnKind[]): void {
    const row = this.sheet.getRow(this.rows + 2);
    const kinds = kindsOverride ?? this.kinds;
    for (let i = 0; i < kinds.length; i++) {
      const raw = values[i];
      if (raw === undefined || raw === null || raw === '') continue;
      const cell = row.getCell(i + 1);
      switch (kinds[i]) {
        case 'date': {
          const date = typeof raw === 'string' ? excelDate(raw) : undefined;
          if (date) {
            cell.value = date;
            cell.style = STYLES.date;
          } else cell.value = cellText(raw);
          break;
        }
        case 'integer':
        case 'money':
          if (typeof raw === 'number' && Number.isFinite(raw)) {
            cell.value = raw;
            cell.style = kinds[i] === 'money' ? STYLES.money : STYLES.integer;
          } else cell.value = cellText(raw);
          break;
        case 'phone':
          cell.value = cellText(raw);
          cell.style = STYLES.text;
          break;
        case 'wrap':
          cell.value = cellText(raw);
          cell.style = STYLES.wrap;
          break;
        default:
          cell.value = cellText(raw);
          cell.style = STYLES.plain;
      }
    }
    row.commit();
    this.rows++;
  }

  commit(): void {
    this.sheet.commit();
  }
}

