/** Writes a wave's workbook and reads one of its sheets back with exceljs: its rows as text, first columns only. */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Wave } from '../../../../shared/domain/plan';
import type { ExportInput } from '../../../../shared/export/export-input';
import { writeWaveWorkbook } from '../../../../shared/export/wave-workbook';

export async function readWaveSheet(input: ExportInput, wave: Wave, name: string, columns = 5): Promise<{ sheet: ExcelJS.Worksheet; rows: string[][] }> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeWaveWorkbook(input, wave, out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const sheet = wb.getWorksheet(name)!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push(Array.from({ length: columns }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
  return { sheet, rows };
}
