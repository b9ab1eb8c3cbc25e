/** The data grid's window of rows: which same-height rows a scroll position shows, by arithmetic alone. */
import { rowRange } from '../../../tab/web/src/components/data-grid/use-row-window';

describe('rowRange', () => {
  it('shows the rows from the top edge to the bottom edge, widened by the overscan and kept inside the list', () => {
    // 44 px rows in a 600 px view at the top: rows 0..13 (row 13 is cut by the bottom edge).
    expect(rowRange(0, 600, 100_000, 44, 0)).toEqual({ first: 0, last: 13 });
    expect(rowRange(0, 600, 100_000, 44, 10)).toEqual({ first: 0, last: 23 });
    // Scrolled into the middle: the row under the top edge first.
    expect(rowRange(44 * 500 + 10, 600, 100_000, 44, 10)).toEqual({ first: 490, last: 523 });
    // At the bottom of 100,000 rows: never past the last row.
    expect(rowRange(44 * 100_000 - 600, 600, 100_000, 44, 10)).toEqual({ first: 99_976, last: 99_999 });
  });

  it('costs the same for any number of rows: one row, a short list, a scroll position past the end', () => {
    expect(rowRange(0, 600, 1, 44, 10)).toEqual({ first: 0, last: 0 });
    expect(rowRange(0, 600, 5, 44, 10)).toEqual({ first: 0, last: 4 });
    expect(rowRange(1_000_000, 600, 5, 44, 10)).toEqual({ first: 0, last: 4 });
  });

  it('shows no rows before the list has a height, or when it has no rows', () => {
    expect(rowRange(0, 0, 100, 44, 10)).toEqual({ first: 0, last: -1 });
    expect(rowRange(0, 600, 0, 44, 10)).toEqual({ first: 0, last: -1 });
  });
});
