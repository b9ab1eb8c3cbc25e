/** Opens an export file as a TableSource, choosing the reader by content (zip = xlsx) rather than trusting the extension. */
import fs from 'node:fs';
import path from 'node:path';
import { csvFileSource } from './csv-table-reader';
import type { TableSource } from './table-source';
import { TableReadError } from './table-source';
import { xlsxFileSource } from './xlsx-table-reader';

export function openTableFile(file: string): TableSource {
  const name = path.basename(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new TableReadError(name, 0, `Cannot open ${file}: no such file.`);
  }
  if (!stat.isFile()) throw new TableReadError(name, 0, `${file} is not a file.`);
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(4);
  try {
    fs.readSync(fd, magic, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  const isZip = magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04;
  if (isZip) return xlsxFileSource(file, name);
  if (/\.xls$/i.test(file) && magic[0] === 0xd0 && magic[1] === 0xcf) {
    throw new TableReadError(name, 0, `${name} is an old binary .xls workbook: save it as .xlsx or CSV UTF-8.`);
  }
  return csvFileSource(file, name);
}
