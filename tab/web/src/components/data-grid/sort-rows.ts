/** In-memory ordering for short lists (sites, orders): one comparator per sortable column. */
import type { GridSort } from './DataGrid';

export type RowComparators<T> = Record<string, (a: T, b: T) => number>;

export function sortRows<T>(rows: readonly T[], sort: GridSort | undefined, comparators: RowComparators<T>): T[] {
  const compare = sort ? comparators[sort.column] : undefined;
  if (!compare) return [...rows];
  const sorted = [...rows].sort(compare);
  return sort!.desc ? sorted.reverse() : sorted;
}

/** Text compared as people read it (case and accents folded, numbers in order). */
export const byText = <T,>(get: (row: T) => string | undefined) => (a: T, b: T) =>
  (get(a) ?? '').localeCompare(get(b) ?? '', undefined, { numeric: true, sensitivity: 'base' });

export const byNumber = <T,>(get: (row: T) => number | undefined) => (a: T, b: T) => (get(a) ?? -Infinity) - (get(b) ?? -Infinity);
