/** Opens a streaming exceljs workbook on a writable, with the settings every export uses. */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export function openWorkbook(output: Writable, generatedAt: string): ExcelJS.stream.xlsx.WorkbookWriter {
  const at = new Date(generatedAt);
  const stamp = Number.isNaN(at.getTime()) ? new Date(0) : at;
  // Shared strings off: the table would hold every distinct string in memory until the end.
  // Document dates come from generatedAt, never the clock, so the same plan gives the same XML.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Voice Migration Planner';
  workbook.lastModifiedBy = 'Voice Migration Planner';
  workbook.created = stamp;
  workbook.modified = stamp;
  return workbook;
}

/**
 * Lets the event loop run between pages of rows. Reading a page from SQLite and adding its rows never
 * waits on I/O, so without this a 100,000-row export held every other request (1.2 s at 100k), and the
 * zip stream could not drain meanwhile: the whole sheet's XML waited in memory.
 */
export function letOthersRun(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
