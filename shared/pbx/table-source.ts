/**
 * A spreadsheet-like source of rows, whatever the file format: the readers (CSV, XLSX) turn their
 * input into this shape so that validation never cares where a row came from.
 */

export interface TableRow {
  /** 1-based row as a spreadsheet shows it (the first line of the file is row 1). */
  row: number;
  /** Cell texts, trimmed; formulas are never evaluated (a formula cell gives its cached value). */
  cells: string[];
}

export interface TableSource {
  /** The file name used in every message about this table (no directory). */
  readonly name: string;
  /**
   * The rows in file order, in batches of whatever the reader has at hand (a CSV chunk's records): an
   * import then awaits once per batch, not once per row, which a 100,000-row file notices.
   */
  rowBatches(): AsyncIterable<readonly TableRow[]>;
}

/** A whole-file problem found while reading (not a row problem): the import stops at once. */
export class TableReadError extends Error {
  readonly code = 'bad-input';
  constructor(
    readonly file: string,
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = 'TableReadError';
  }
}
