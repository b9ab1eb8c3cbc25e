/**
 * Writes examples/pbx-lines.xlsx from examples/pbx-lines.csv (same rows), the way admins usually
 * receive a PBX export: an Excel sheet whose extension column holds numbers and whose other cells hold
 * text. Every value is written as a plain value, never as a formula.
 *
 * Run: npx tsx scripts/make-example-xlsx.ts   (the output is committed; re-run after editing the CSV)
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('csv-parse/sync') as typeof import('csv-parse/sync');

export async function makeExampleXlsx(csvFile: string, xlsxFile: string): Promise<void> {
  const rows = parse(fs.readFileSync(csvFile, 'utf8'), { bom: true, relax_column_count: true }) as string[][];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Voice Migration Planner examples';
  // Fixed dates keep the file's metadata stable between runs.
  workbook.created = new Date('2026-01-01T00:00:00Z');
  workbook.modified = new Date('2026-01-01T00:00:00Z');
  const sheet = workbook.addWorksheet('PBX lines');
  const [header, ...data] = rows;
  sheet.addRow(header).font = { bold: true };
  const extensionColumn = header.indexOf('extension');
  for (const row of data) {
    sheet.addRow(row.map((cell, i) => (i === extensionColumn && /^[1-9]\d*$/.test(cell) ? Number(cell) : cell)));
  }
  sheet.columns.forEach((c) => (c.width = 18));
  // writeBuffer, not writeFile, which can resolve before the zip's last entry reaches the file.
  fs.writeFileSync(xlsxFile, Buffer.from(await workbook.xlsx.writeBuffer()));
}

if (require.main === module) {
  const dir = path.join(__dirname, '..', 'examples');
  makeExampleXlsx(path.join(dir, 'pbx-lines.csv'), path.join(dir, 'pbx-lines.xlsx')).then(
    () => console.log('wrote examples/pbx-lines.xlsx'),
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
