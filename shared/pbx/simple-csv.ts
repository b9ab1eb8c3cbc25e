/**
 * Reads the records of plainly written delimited text without csv-parse, giving exactly what csv-parse
 * gives with the reader's options (see csv-table-reader.ts), and stops at the first record it cannot
 * vouch for. csv-parse walks its input byte by byte and makes a Buffer and a string per field, which
 * made it the largest single cost of a 100,000-line import; most exports are plain, and this reads
 * them with string searches instead.
 *
 * Plain means: records end at LF, or at CRLF when the file's first line break is CRLF, and no other CR
 * or LF appears; each field is either unquoted and free of quotes, or quoted ("" for a quote inside)
 * with nothing but blanks between its closing quote and the next delimiter. The reader hands anything
 * else (line breaks inside quotes, stray quotes, lone CRs, very long records, text that may not have
 * been valid UTF-8) to csv-parse, which stays the reference for every case.
 *
 * What csv-parse does with those options, and so does this: blanks (space, tab unless it is the
 * delimiter, form feed) before a field are skipped; after an unquoted field, all trailing white space
 * is (JavaScript's trimEnd); a quoted field is kept as quoted, and blanks after its closing quote are
 * skipped. An empty line is one empty field. A last line without a line break is a record unless it is
 * blank.
 */

const QUOTE = 0x22;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const FORM_FEED = 0x0c;

/**
 * Longer records are left to csv-parse, which enforces the reader's record size limit (64 KB): a
 * character takes at most three bytes of UTF-8, so plain records stay well inside it.
 */
const MAX_PLAIN_RECORD_CHARS = 16 * 1024;

export interface ScanResult {
  records: string[][];
  /** Where the first record not read starts: the text's length when every record was read. */
  readTo: number;
}

/** Position of the next occurrence of one character, searched again only once passed. */
class NextOccurrence {
  private at = -1;
  private searchedFrom = Number.POSITIVE_INFINITY;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  /** The first occurrence at or after `from` (Infinity when none); `from` never decreases between calls. */
  from(from: number): number {
    if (from > this.searchedFrom && (this.at < 0 || this.at >= from)) return this.at < 0 ? Number.POSITIVE_INFINITY : this.at;
    this.searchedFrom = from;
    this.at = this.text.indexOf(this.char, from);
    return this.at < 0 ? Number.POSITIVE_INFINITY : this.at;
  }
}

export class SimpleCsvScanner {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  /** The file's line break, from its first line. */
  private crlf: boolean | undefined;

  constructor(delimiter: string) {
    if (delimiter.length !== 1) throw new Error(`a one-character delimiter is expected, not ${JSON.stringify(delimiter)}`);
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  /**
   * The records of `text`, which holds whole lines: it ends with a line break, or is the input's last
   * line when `last` is set. Call in input order, and not again after a result that stops short.
   */
  scan(text: string, last: boolean): ScanResult {
    const records: string[][] = [];
    // The replacement character may stand for bytes that were not UTF-8, which csv-parse decodes field
    // by field: leave such text to it rather than reason about where the replacements fall.
    if (text.includes('\uFFFD')) return { records, readTo: 0 };
    const next = { cr: new NextOccurrence(text, '\r'), quote: new NextOccurrence(text, '"'), delimiter: new NextOccurrence(text, this.delimiter) };
    let start = 0;
    while (start < text.length) {
      const lf = text.indexOf('\n', start);
      if (lf < 0) {
        // The input's last line, without a line break: csv-parse drops it when it is blank.
        if (!last || text.slice(start).trim() === '') return { records, readTo: start };
        const record = this.record(text, start, text.length, next);
        if (!record) return { records, readTo: start };
        records.push(record);
        return { records, readTo: text.length };
      }
      const crBefore = lf > start && text.charCodeAt(lf - 1) === CR;
      this.crlf ??= crBefore;
      // In a CRLF file a lone LF is field text for csv-parse; in an LF file a CR is.
      if (this.crlf !== crBefore) return { records, readTo: start };
      const record = this.record(text, start, crBefore ? lf - 1 : lf, next);
      if (!record) return { records, readTo: start };
      records.push(record);
      start = lf + 1;
    }
    return { records, readTo: text.length };
  }

  /** The fields of text[start, end) (one line without its line break), or undefined when it is not plain. */
  private record(text: string, start: number, end: number, next: { cr: NextOccurrence; quote: NextOccurrence; delimiter: NextOccurrence }): string[] | undefined {
    if (end - start > MAX_PLAIN_RECORD_CHARS || next.cr.from(start) < end) return undefined;
    const fields: string[] = [];
    let p = start;
    for (;;) {
      p = this.skipBlanks(text, p, end);
      if (p < end && text.charCodeAt(p) === QUOTE) {
        const closed = quotedField(text, p + 1, end);
        if (!closed) return undefined;
        fields.push(closed.value);
        p = this.skipBlanks(text, closed.after, end);
        if (p === end) return fields;
        if (text.charCodeAt(p) !== this.delimiterCode) return undefined;
        p++;
        continue;
      }
      const fieldEnd = Math.min(next.delimiter.from(p), end);
      // A quote inside an unquoted field is literal text for csv-parse (relaxed quotes): leave it to it.
      if (next.quote.from(p) < fieldEnd) return undefined;
      fields.push(text.slice(p, fieldEnd).trimEnd());
      if (fieldEnd === end) return fields;
      p = fieldEnd + 1;
    }
  }

  /** Past the blanks csv-parse skips around fields (space, form feed, and tab unless it is the delimiter). */
  private skipBlanks(text: string, p: number, end: number): number {
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === this.delimiterCode || (c !== SPACE && c !== TAB && c !== FORM_FEED)) break;
      p++;
    }
    return p;
  }
}

/** A quoted field's text from just after its opening quote: its value and the position after its closing quote. */
function quotedField(text: string, from: number, end: number): { value: string; after: number } | undefined {
  let value = '';
  for (;;) {
    const q = text.indexOf('"', from);
    // No closing quote on this line: a line break inside quotes, or no closing quote at all.
    if (q < 0 || q >= end) return undefined;
    if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
      value += text.slice(from, q + 1);
      from = q + 2;
      continue;
    }
    return { value: value + text.slice(from, q), after: q + 1 };
  }
}
