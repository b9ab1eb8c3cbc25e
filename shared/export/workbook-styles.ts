/**
 * The few cell styles the workbooks use, each ONE frozen object reused for every cell. exceljs caches
 * a style by object identity (a WeakMap); a fresh object per cell makes it re-serialise the style and
 * costs seconds on a 100,000-row sheet. Frozen, so nothing can mutate a shared style by accident.
 */
import type { Style } from 'exceljs';

function freeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) freeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

export const STYLES = freeze({
  /** Every cell without another style gets this one object: a fresh `{}` per cell would miss the cache. */
  plain: {} as Partial<Style>,
  /** Header row: bold white on dark blue. */
  header: {
    font: { bold: true, color: { argb: 'FFFFFFFF' } },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } },
    alignment: { vertical: 'middle', wrapText: true },
  } as Partial<Style>,
  /** Sheet titles on the Summary sheet. */
  title: { font: { bold: true, size: 14 } } as Partial<Style>,
  label: { font: { bold: true } } as Partial<Style>,
  /** Text format (@): numbers stay text when an admin edits the cell, so `+` and leading zeros survive. */
  text: { numFmt: '@' } as Partial<Style>,
  date: { numFmt: 'yyyy-mm-dd' } as Partial<Style>,
  integer: { numFmt: '0' } as Partial<Style>,
  money: { numFmt: '#,##0.00' } as Partial<Style>,
  wrap: { alignment: { wrapText: true, vertical: 'top' } } as Partial<Style>,
});

export type StyleName = keyof typeof STYLES;
