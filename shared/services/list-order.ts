/**
 * A list read in its stored order or in the reverse of it. Record collections page in id order only;
 * a list whose id order is one of its columns (blocks by first number, orders by wave, blocked people
 * by site) can still be shown newest/last first by reading the mirrored page and reversing it: two
 * small reads (the total, then the page), never the whole list.
 */
import { MAX_PAGE_LIMIT } from '../store/store';

/** One page of a list in its stored order (the store's `pageCollection`, or a service over it). */
export type PageReader<T> = (offset: number, limit: number) => Promise<{ total: number; items: T[] }>;

export interface OrderedPage<T> {
  total: number;
  offset: number;
  items: T[];
}

export async function pageInOrder<T>(read: PageReader<T>, query: { offset?: number; limit?: number; desc?: boolean }): Promise<OrderedPage<T>> {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  // The store answers at most MAX_PAGE_LIMIT rows: a mirrored page must not ask for more.
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(query.limit ?? 100)));
  if (!query.desc) {
    const page = await read(offset, limit);
    return { total: page.total, offset, items: page.items };
  }
  const { total } = await read(0, 1);
  const end = Math.max(0, total - offset);
  const start = Math.max(0, end - limit);
  if (end === start) return { total, offset, items: [] };
  const page = await read(start, end - start);
  return { total: page.total, offset, items: [...page.items].reverse() };
}
