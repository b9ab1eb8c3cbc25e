/**
 * Streams a delimited text export (CSV, semicolon CSV from European Excel, TSV, pipe-separated) row by
 * row: plainly written text through simple-csv.ts, anything else through csv-parse, with the same
 * result either way. The delimiter is sniffed from the first line; a UTF-8 BOM is dropped; quoted
 * fields may hold delimiters and line breaks. Only the first bytes are inspected up front, so a huge
 * file is never held in memory, and a binary or unterminated-quote file fails fast.
 *
 * Not every export is UTF-8: Windows PowerShell (the Skype for Business Server shell) writes UTF-16 with
 * a byte order mark when its output is redirected to a file or given "-Encoding Unicode", Excel's
 * "Unicode Text" is UTF-16 too, and Excel's plain "CSV (Comma delimited)" writes the Windows ANSI code
 * page. Such a file is decoded to UTF-8 as it streams, so names keep their accents.
 */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import { Readable, Transform, pipeline } from 'node:stream';
import { SimpleCsvScanner } from './simple-csv';
import type { TableRow, TableSource } from './table-source';
import { TableReadError } from './table-source';

// csv-parse ships CommonJS; its types come with the package.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('csv-parse') as typeof import('csv-parse');

const CANDIDATE_DELIMITERS = [',', ';', '\t', '|'] as const;
/** Longest record accepted: a real PBX row is a few hundred characters; garbage with a stray quote is not. */
const MAX_RECORD_CHARS = 64 * 1024;
const SNIFF_BYTES = 64 * 1024;
/** A line longer than this (UTF-8 takes at most 4 bytes per character) is past MAX_RECORD_CHARS: csv-parse refuses it. */
const MAX_LINE_BYTES = 4 * MAX_RECORD_CHARS;

/**
 * Picks the delimiter that splits the first line into the most fields (quotes respected). Lines starting
 * with "#" are passed over: PowerShell's Export-Csv writes "#TYPE ..." above the header, and examples
 * carry a "#" comment saying which document they follow.
 */
export function sniffDelimiter(head: string): string {
  const text = head.replace(/^\uFEFF/, '');
  let firstLine = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '\n' || ch === '\r')) {
      if (firstLine.trim() !== '' && !firstLine.trimStart().startsWith('#')) break;
      firstLine = '';
      continue;
    }
    firstLine += ch;
  }
  let best: string = ',';
  let bestCount = 0;
  for (const d of CANDIDATE_DELIMITERS) {
    let count = 0;
    let inQuotes = false;
    for (const ch of firstLine) {
      if (ch === '"') inQuotes = !inQuotes;
      else if (ch === d && !inQuotes) count++;
    }
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** The text encodings an export is read in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * The encoding of a text export from its first bytes: UTF-16 by its byte order mark; else UTF-8 when
 * those bytes are UTF-8 (a character cut at the end of the sample does not count against it); else the
 * Windows ANSI code page (Western European), which is what Excel writes for "CSV (Comma delimited)".
 */
export function detectEncoding(head: Buffer): TextEncoding {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Rejects what is plainly not a text export, from its first bytes. */
export function checkTextHead(file: string, head: Buffer): void {
  // UTF-16 holds a zero byte in every ASCII character: it is text, decoded as it streams.
  if (detectEncoding(head).startsWith('utf-16')) return;
  if (head.includes(0)) {
    throw new TableReadError(file, 0, `${file} is not a text export (it holds binary data): export the PBX data as CSV or .xlsx.`);
  }
}

/** A stream of `encoding` text as UTF-8 (a byte order mark is dropped; a character split across chunks is kept whole). */
function toUtf8(encoding: Exclude<TextEncoding, 'utf-8'>): Transform {
  const decoder = new TextDecoder(encoding);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}

/**
 * csv-parse's records in batches: one awaited record, then every record the parser already holds
 * (a 256 KB chunk parses into a few thousand at once), so the reader does not cost a promise per row.
 */
async function* recordBatches(parser: Readable): AsyncGenerator<string[][]> {
  for await (const first of parser as AsyncIterable<string[]>) {
    const batch = [first];
    for (let record = parser.read(); record !== null; record = parser.read()) batch.push(record as string[]);
    yield batch;
  }
}

/** Records as rows numbered from `firstRow`. */
function asRows(records: string[][], firstRow: number): TableRow[] {
  const rows: TableRow[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) rows[i] = { row: firstRow + i, cells: records[i] };
  return rows;
}

/**
 * The rows csv-parse reads, after the first `skip` records (which the plain reader delivered already).
 * csv-parse always reads from the start of the file, so its row numbers and messages are the file's.
 */
async function* parsedRows(file: string, input: () => Readable, delimiter: string, skip: number): AsyncGenerator<readonly TableRow[]> {
  const parser = input().pipe(
    parse({
      delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_CHARS,
      trim: true,
    }),
  );
  let row = 0;
  try {
    for await (const records of recordBatches(parser)) {
      const skipped = Math.min(Math.max(skip - row, 0), records.length);
      const rows = asRows(skipped > 0 ? records.slice(skipped) : records, row + skipped + 1);
      row += records.length;
      if (rows.length > 0) yield rows;
    }
  } catch (err) {
    // The file's own problem (not UTF-8 past its start) says its row already.
    if (err instanceof TableReadError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // csv-parse reads ahead of the consumer: its own record count says where the bad record starts.
    const records = (err as { records?: unknown }).records;
    const at = typeof records === 'number' ? records + 1 : row + 1;
    throw new TableReadError(
      file,
      at,
      `${file} row ${at}: the file cannot be read as delimited text (${message}). ` +
        'Check for an unclosed quote or a file that is not a CSV export.',
    );
  } finally {
    parser.destroy();
  }
}

const UTF8_BOM = '\uFEFF';

/**
 * The rows of a delimited text: read as plain text (simple-csv.ts) as long as it is, then by csv-parse
 * from the first record that is not. Either way the rows are the ones csv-parse gives. `input` opens
 * the text afresh on each call (csv-parse may need to read it from the start).
 */
export function delimitedRowBatches(file: string, input: () => Readable, delimiter: string): AsyncIterable<readonly TableRow[]> {
  return {
    async *[Symbol.asyncIterator]() {
      const scanner = new SimpleCsvScanner(delimiter);
      let delivered = 0;
      let plain = true;
      const stream = input();
      try {
        // Bytes after the last line feed, waiting for the rest of their line: kept as the chunks they came
        // in and joined once the line ends, so a long line fed in small chunks costs its length, not its
        // length times the chunks.
        const partial: Buffer[] = [];
        let partialBytes = 0;
        let atStart = true;
        const scan = (bytes: Buffer, last: boolean): TableRow[] => {
          let text = bytes.toString('utf8');
          // As csv-parse's bom option: a byte order mark opening the file is not text.
          if (atStart && text.startsWith(UTF8_BOM)) text = text.slice(1);
          atStart = false;
          const { records, readTo } = scanner.scan(text, last);
          plain = readTo === text.length;
          const rows = asRows(records, delivered + 1);
          delivered += records.length;
          return rows;
        };
        for await (const chunk of stream as AsyncIterable<Buffer | string>) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
          // Whole lines only: a line feed byte is never part of a multi-byte UTF-8 character.
          const lineEnd = bytes.lastIndexOf(0x0a) + 1;
          if (lineEnd === 0) {
            partial.push(bytes);
            partialBytes += bytes.length;
          }
          if (partialBytes > MAX_LINE_BYTES || (lineEnd > 0 && bytes.length - lineEnd > MAX_LINE_BYTES)) {
            // Not a line csv-parse accepts: let it say so, rather than hold the text waiting for a line break.
            plain = false;
            break;
          }
          if (lineEnd === 0) continue;
          const lines = partial.length ? Buffer.concat([...partial, bytes.subarray(0, lineEnd)]) : bytes.subarray(0, lineEnd);
          partial.length = 0;
          partial.push(bytes.subarray(lineEnd));
          partialBytes = bytes.length - lineEnd;
          const rows = scan(lines, false);
          if (rows.length > 0) yield rows;
          if (!plain) break;
        }
        if (plain && partialBytes > 0) {
          const rows = scan(Buffer.concat(partial), true);
          if (rows.length > 0) yield rows;
        }
      } finally {
        stream.destroy();
      }
      if (!plain) yield* parsedRows(file, input, delimiter, delivered);
    },
  };
}

/** How many bytes at the end of `bytes` start a UTF-8 character the next chunk completes (0-3). */
function cutCharacterBytes(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return 0;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * Passes a UTF-8 file through unchanged, and fails at the first bytes that are not UTF-8. The encoding is
 * judged from the file's first bytes; an ANSI file whose first accented name comes later would otherwise
 * import "M\uFFFDller" without a word. The row is the file's line (a quoted cell may span lines).
 */
function checkedUtf8(file: string): Transform {
  let held: Buffer | undefined;
  let lines = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const bytes = held ? Buffer.concat([held, chunk]) : chunk;
      const whole = bytes.subarray(0, bytes.length - cutCharacterBytes(bytes));
      if (!isUtf8(whole)) return done(notUtf8(file, lines, whole));
      for (let at = whole.indexOf(0x0a); at >= 0; at = whole.indexOf(0x0a, at + 1)) lines++;
      held = whole.length < bytes.length ? Buffer.from(bytes.subarray(whole.length)) : undefined;
      done(null, chunk);
    },
    flush(done) {
      done(held && !isUtf8(held) ? notUtf8(file, lines, held) : null);
    },
  });
}

function notUtf8(file: string, linesBefore: number, bytes: Buffer): TableReadError {
  const text = bytes.toString('utf8');
  const bad = text.indexOf('\uFFFD');
  let row = linesBefore + 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < bad; at = text.indexOf('\n', at + 1)) row++;
  return new TableReadError(
    file,
    row,
    `${file} row ${row}: this row holds text that is not UTF-8 (an ANSI or other code page export). Save the file as "CSV UTF-8" and import it again.`,
  );
}

export function csvFileSource(path: string, name: string): TableSource {
  const fd = fs.openSync(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    head = buffer.subarray(0, fs.readSync(fd, buffer, 0, SNIFF_BYTES, 0));
  } finally {
    fs.closeSync(fd);
  }
  checkTextHead(name, head);
  const encoding = detectEncoding(head);
  const open = () => fs.createReadStream(path, { highWaterMark: 256 * 1024 });
  // pipeline, not pipe: when the reader stops early and destroys the last stream, the file closes too.
  if (encoding === 'utf-8') {
    const delimiter = sniffDelimiter(head.toString('utf8'));
    return { name, rowBatches: () => delimitedRowBatches(name, () => pipeline(open(), checkedUtf8(name), () => undefined), delimiter) };
  }
  const delimiter = sniffDelimiter(new TextDecoder(encoding).decode(head));
  const decoded = () => pipeline(open(), toUtf8(encoding), () => undefined);
  return { name, rowBatches: () => delimitedRowBatches(name, decoded, delimiter) };
}

/** Rows whose first read fails with `error`. */
function failWith(error: TableReadError): AsyncIterable<readonly TableRow[]> {
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
}

/** A CSV held in memory (the tab API sends the file's text in JSON). */
export function csvTextSource(text: string, name: string): TableSource {
  checkTextHead(name, Buffer.from(text.slice(0, SNIFF_BYTES), 'utf8'));
  // A browser reads the file as UTF-8 and turns the bytes of an ANSI export into U+FFFD: say so, rather
  // than import names that can never match (when the rows are read, as for a file, so the report names the row).
  const replaced = text.indexOf('\uFFFD');
  if (replaced >= 0) {
    const error = notUtf8(name, 0, Buffer.from(text.slice(0, text.indexOf('\n', replaced) + 1 || text.length), 'utf8'));
    return { name, rowBatches: () => failWith(error) };
  }
  const delimiter = sniffDelimiter(text.slice(0, SNIFF_BYTES));
  return { name, rowBatches: () => delimitedRowBatches(name, () => Readable.from([text]), delimiter) };
}
