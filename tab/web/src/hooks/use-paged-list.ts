/**
 * A list read from the server a page at a time, for the pages that show one page with Previous/Next
 * (the portfolio, whose offset is in the URL) or grow with "Show more" (the history). One place for
 * what each page used to repeat: the offset, starting over when the query changes, answers that
 * arrive late for an old query ignored, the total or "more to come", and retry. (Virtualised grids
 * page by their visible range instead: components/data-grid/use-paged-rows.ts.)
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface PagedListOptions<T, A> {
  /** The query's identity (filters, sort): a new key starts again at the first page. */
  key: string;
  pageSize: number;
  load: (offset: number, limit: number) => Promise<A>;
  /** The rows of an answer. */
  items: (answer: A) => T[];
  /** How many rows match, when the answer says so. */
  total?: (answer: A) => number;
  /** Whether rows follow this page, when the answer says so instead of a total. */
  hasMore?: (answer: A) => boolean;
  /** `pages`: one page shown, Previous/Next; `more`: pages accumulate ("Show more"). */
  mode: 'pages' | 'more';
  /** A page's offset kept by the caller (the URL): Previous/Next then call `onOffsetChange`. */
  offset?: number;
  onOffsetChange?: (offset: number) => void;
  /** `more`: how a further page joins the rows shown (default: appended). */
  merge?: (shown: T[], page: T[]) => T[];
}

export interface PagedList<T, A> {
  /** The rows shown: the current page, or every page so far. */
  items: T[];
  /** The latest answer whole (totals, facets). */
  answer?: A;
  total?: number;
  /** Offset of the page shown (of the latest page, with `more`). */
  offset: number;
  loading: boolean;
  error?: unknown;
  hasNext: boolean;
  hasPrevious: boolean;
  next: () => void;
  previous: () => void;
  /** `more`: fetch the next page and add it. */
  loadMore: () => void;
  /** Read the current page again (after an error). */
  reload: () => void;
  /** Back to the first page, read again (after a change that shifts the list). */
  reset: () => void;
}

export function usePagedList<T, A>(options: PagedListOptions<T, A>): PagedList<T, A> {
  const { key, pageSize, mode } = options;
  // The offset belongs to the key it was set for: a new query is at 0 at once, never fetched at an old offset.
  const [position, setPosition] = useState({ key, offset: 0 });
  const own = position.key === key ? position.offset : 0;
  const offset = mode === 'pages' && options.offset !== undefined ? options.offset : own;
  const [items, setItems] = useState<T[]>([]);
  const [answer, setAnswer] = useState<A>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  const current = useRef(options);
  current.current = options;

  useEffect(() => {
    const id = ++latest.current;
    const o = current.current;
    setLoading(true);
    o.load(offset, pageSize)
      .then((a) => {
        if (id !== latest.current) return;
        const page = o.items(a);
        setAnswer(a);
        setError(undefined);
        setItems((shown) => (mode === 'more' && offset > 0 ? (o.merge ?? ((s: T[], p: T[]) => [...s, ...p]))(shown, page) : page));
      })
      .catch((e: unknown) => {
        if (id === latest.current) setError(e);
      })
      .finally(() => {
        if (id === latest.current) setLoading(false);
      });
  }, [key, offset, pageSize, mode, tick]);

  const moveTo = useCallback(
    (to: number) => {
      const o = current.current;
      if (o.mode === 'pages' && o.onOffsetChange) o.onOffsetChange(to);
      else setPosition({ key: o.key, offset: to });
    },
    [],
  );

  const shownRows = answer ? options.items(answer).length : 0;
  const total = answer && options.total ? options.total(answer) : undefined;
  const hasNext = answer === undefined ? false : options.hasMore ? options.hasMore(answer) : total !== undefined && offset + shownRows < total;
  return {
    items,
    answer,
    total,
    offset,
    loading,
    error,
    hasNext,
    hasPrevious: offset > 0,
    next: () => moveTo(offset + pageSize),
    previous: () => moveTo(Math.max(0, offset - pageSize)),
    loadMore: () => moveTo(offset + pageSize),
    reload: () => setTick((t) => t + 1),
    reset: () => {
      moveTo(0);
      setTick((t) => t + 1);
    },
  };
}
