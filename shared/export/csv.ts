/**
 * CSV writing with formula-injection neutralising (OWASP "CSV Injection"): a text cell that starts
 * with `=`, `+`, `-`, `@`, tab, CR or LF (also after leading spaces, which some spreadsheet apps skip)
 * gets a leading single quote, so Excel, LibreOffice and Google Sheets show it as text and never run it.
 *
 * Number columns are the one exception, and only for a value that is strictly E.164 (`+` and 2-15
 * digits, optionally `;ext=` digits): it is written raw. Why raw, not `'+1425...` or tab-prefixed:
 * these CSVs are machine input - New-CsOnlineDirectRoutingTelephoneNumberUploadOrder -FileContent,
 * operator port-order portals that want a `PhoneNumber` column, SBC routing imports - and each of
 * them would reject or mis-store a number with a quote or tab in front. A strict E.164 value cannot
 * carry a payload: at worst a spreadsheet evaluates `+14255550100` to the number 14255550100, which
 * runs nothing. A value in a number column that is not strict E.164 is treated as ordinary text and
 * neutralised. People who read numbers in a spreadsheet use the workbooks, where numbers are text cells.
 */
import { E164 } from './powershell';

export type CsvColumnKind = 'text' | 'e164';

export interface CsvColumn {
  header: string;
  kind?: CsvColumnKind;
}

const FORMULA_TRIGGER = /^[ \u00A0]*[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Neutralises a text cell (see above); returns the cell's characters, not yet quoted. */
export function neutraliseCsvText(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting: only when needed, double quotes doubled. */
function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvCell(value: string | number | boolean | undefined | null, kind: CsvColumnKind = 'text'): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  if (kind === 'e164' && E164.test(text)) return text;
  return quote(neutraliseCsvText(text));
}

/** A whole CSV document: header row + rows, CRLF line ends (RFC 4180), no BOM (machine consumers). */
export function csvDocument(columns: CsvColumn[], rows: Iterable<(string | number | boolean | undefined | null)[]>): string {
  const out: string[] = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) out.push(columns.map((c, i) => csvCell(row[i], c.kind)).join(','));
  return `${out.join('\r\n')}\r\n`;
}
