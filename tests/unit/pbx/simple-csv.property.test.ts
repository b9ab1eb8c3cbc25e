/**
 * The plain-text reader must give exactly what csv-parse gives: same records, same row numbers, and for
 * text csv-parse refuses, the same error. The reference is the reader as it was before the plain path:
 * csv-parse over the whole text.
 */
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { delimitedRowBatches } from '../../../shared/pbx/csv-table-reader';
import { TableReadError } from '../../../shared/pbx/table-source';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('csv-parse') as typeof import('csv-parse');

type Outcome = { rows: Array<{ row: number; cells: string[] }> } | { error: { row: number; message: string } };

/** csv-parse alone, as the reader used it before the plain path. */
async function reference(text: Buffer, delimiter: string): Promise<Outcome> {
  const parser = Readable.from([text]).pipe(
    parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 64 * 1024, trim: true }),
  );
  const rows: Array<{ row: number; cells: string[] }> = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) rows.push({ row: rows.length + 1, cells: record });
  } catch (err) {
    const records = (err as { records?: unknown }).records;
    const at = typeof records === 'number' ? records + 1 : rows.length + 1;
    return { error: { row: at, message: `f.csv row ${at}: the file cannot be read as delimited text (${(err as Error).message}). Check for an unclosed quote or a file that is not a CSV export.` } };
  }
  return { rows };
}

/** The reader under test, fed in chunks of the given sizes (cycled). */
async function read(text: Buffer, delimiter: string, chunkSizes: number[]): Promise<Outcome> {
  const chunks = () => {
    const out: Buffer[] = [];
    for (let at = 0, i = 0; at < text.length; i++) {
      const size = chunkSizes[i % chunkSizes.length];
      out.push(text.subarray(at, at + size));
      at += size;
    }
    return Readable.from(out);
  };
  const rows: Array<{ row: number; cells: string[] }> = [];
  try {
    for await (const batch of delimitedRowBatches('f.csv', chunks, delimiter)) rows.push(...batch);
  } catch (err) {
    if (!(err instanceof TableReadError)) throw err;
    return { error: { row: err.row, message: err.message } };
  }
  return { rows };
}

const DELIMITERS = [',', ';', '\t', '|'];
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'Bc', '1001', 'Jörg', 'Zoë', '中文', '😀', 'user.1@x.example', '+1 (425) 555-0100') },
  { weight: 4, arbitrary: fc.constantFrom(',', ';', '\t', '|') },
  { weight: 3, arbitrary: fc.constantFrom('"', '""', '"x"', '"a,b"', '" q "', '"a""b"') },
  { weight: 3, arbitrary: fc.constantFrom(' ', '  ', '\f', '\v', '\u00a0', '\u2003') },
  { weight: 3, arbitrary: fc.constantFrom('\n', '\r\n', '\r') },
  { weight: 1, arbitrary: fc.constantFrom('\uFEFF', '\uFFFD', '\u0000') },
);
const line = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

/** Mostly well-formed lines (so the plain path runs long), with awkward ones mixed in. */
const document = fc.record({
  delimiter: fc.constantFrom(...DELIMITERS),
  crlf: fc.boolean(),
  bom: fc.boolean(),
  lines: fc.array(fc.oneof({ weight: 3, arbitrary: fc.array(fc.constantFrom('a', ' b ', '"c"', '"d,e"', '', 'Müller', '"x""y"'), { maxLength: 5 }) }, { weight: 1, arbitrary: line.map((l) => [l]) }), { maxLength: 25 }),
  finalBreak: fc.boolean(),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }),
});

function render(d: { delimiter: string; crlf: boolean; bom: boolean; lines: string[][]; finalBreak: boolean }): Buffer {
  const eol = d.crlf ? '\r\n' : '\n';
  const body = d.lines.map((cells) => cells.join(d.delimiter)).join(eol) + (d.finalBreak && d.lines.length ? eol : '');
  return Buffer.from((d.bom ? '\uFEFF' : '') + body, 'utf8');
}

test('the reader gives what csv-parse gives, for any text in any chunking', async () => {
  await fc.assert(
    fc.asyncProperty(document, async (d) => {
      const text = render(d);
      expect(await read(text, d.delimiter, d.chunkSizes)).toEqual(await reference(text, d.delimiter));
    }),
    { numRuns: 3000 },
  );
});

test('records too long for the plain path, and invalid UTF-8, are read as csv-parse reads them', async () => {
  const long = 'x'.repeat(20_000);
  const cases: Buffer[] = [
    Buffer.from(`a,b\n${long},c\nd,e\n`),
    Buffer.from(`a,"${'é'.repeat(30_000)}"\nb\n`),
    Buffer.from(`a,${'€'.repeat(25_000)}\n`),
    Buffer.concat([Buffer.from('a,b\nc,'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(',d\ne\n')]),
    Buffer.concat([Buffer.from('a,b\n'), Buffer.from([0xe2, 0x82]), Buffer.from('\n')]),
    Buffer.from(`a,b\n${'y'.repeat(300_000)}`),
    Buffer.from(`a,b\n"${'z'.repeat(300_000)}\n`),
  ];
  for (const text of cases) {
    for (const sizes of [[1 << 20], [7], [3, 11], [256 * 1024]]) expect(await read(text, ',', sizes)).toEqual(await reference(text, ','));
  }
});

test('an export that is plain throughout is read without csv-parse and numbered like a spreadsheet', async () => {
  const text = Buffer.from('\uFEFFextension;name;did\r\n1001;"Vance; Adele";+1 425 555 0101\r\n\r\n 1002 ; Bowen ;\r\n');
  expect(await read(text, ';', [5, 9])).toEqual({
    rows: [
      { row: 1, cells: ['extension', 'name', 'did'] },
      { row: 2, cells: ['1001', 'Vance; Adele', '+1 425 555 0101'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['1002', 'Bowen', ''] },
    ],
  });
});
