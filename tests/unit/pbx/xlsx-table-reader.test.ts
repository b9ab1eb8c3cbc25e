/**
 * The .xlsx reader finds a workbook's parts through the zip's central directory, so the order a writer
 * stored them in does not matter. exceljs stores `xl/workbook.xml` last, and its own single streaming
 * pass now and then ended before that part: a few reads in a thousand of a good file were refused as damaged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { xlsxFileSource } from '../../../shared/pbx/xlsx-table-reader';

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-xlsx-reader-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A workbook of two tabs, 'lines' first, as exceljs writes it (the workbook part stored last). */
async function twoTabWorkbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const lines = wb.addWorksheet('lines');
  lines.addRow(['extension', 'owner_name']);
  lines.addRow([2001, 'Ana Łukasiewicz']);
  wb.addWorksheet('notes').addRow(['not the export']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same parts stored in another order (a zip's entries may come in any order). */
async function reordered(buffer: Buffer, first: (name: string) => number): Promise<Buffer> {
  const source = await JSZip.loadAsync(buffer);
  const names = Object.keys(source.files).filter((n) => !source.files[n].dir);
  const out = new JSZip();
  for (const name of [...names].sort((a, b) => first(a) - first(b))) out.file(name, await source.files[name].async('nodebuffer'));
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function readAll(file: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const batch of xlsxFileSource(file, path.basename(file)).rowBatches()) for (const row of batch) rows.push(row.cells);
  return rows;
}

function write(name: string, buffer: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, buffer);
  return file;
}

const EXPECTED = [
  ['extension', 'owner_name'],
  ['2001', 'Ana Łukasiewicz'],
];

test('a workbook written by exceljs reads the same every time', async () => {
  const file = write('exceljs.xlsx', await twoTabWorkbook());
  for (let i = 0; i < 300; i++) expect(await readAll(file)).toEqual(EXPECTED);
});

test('the first tab is read whatever order the parts are stored in', async () => {
  const buffer = await twoTabWorkbook();
  // The second tab's sheet and the shared strings before everything else; the workbook part in the middle.
  const sheetsFirst = await reordered(buffer, (n) => (n.endsWith('sheet2.xml') ? 0 : n.includes('sharedStrings') ? 1 : n.endsWith('sheet1.xml') ? 3 : 2));
  expect(await readAll(write('sheets-first.xlsx', sheetsFirst))).toEqual(EXPECTED);
  // The worksheets stored last, after the shared strings and the workbook.
  const sheetsLast = await reordered(buffer, (n) => (n.includes('worksheets/sheet') ? 2 : 1));
  expect(await readAll(write('sheets-last.xlsx', sheetsLast))).toEqual(EXPECTED);
});

test('a relationship target written as an absolute path finds its worksheet', async () => {
  const zip = await JSZip.loadAsync(await twoTabWorkbook());
  const rels = await zip.file('xl/_rels/workbook.xml.rels')!.async('string');
  zip.file('xl/_rels/workbook.xml.rels', rels.replace(/Target="worksheets\//g, 'Target="/xl/worksheets/'));
  expect(await readAll(write('absolute.xlsx', await zip.generateAsync({ type: 'nodebuffer' })))).toEqual(EXPECTED);
});

test('a workbook whose first tab has no worksheet part is refused with the file name and what is missing', async () => {
  const zip = await JSZip.loadAsync(await twoTabWorkbook());
  zip.remove('xl/worksheets/sheet1.xml');
  const file = write('no-sheet.xlsx', await zip.generateAsync({ type: 'nodebuffer' }));
  await expect(readAll(file)).rejects.toThrow(/no-sheet\.xlsx cannot be read as an \.xlsx workbook \(a part every workbook has is missing or damaged: its first worksheet/);
});
