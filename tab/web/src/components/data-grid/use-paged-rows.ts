/**
 * Rows of a server-paged list for DataGrid: fetches the pages the visible range falls into, drops
 * everything and aborts requests in flight when the query key changes (a keystroke in the search),
 * and answers rows by index. Answers for an old key are ignored, so a slow page never overwrites a
 * newer search.
 *
 * A first page already in hand (prefetched while the page's code loaded) is given as `initial`: the very
 * first render has its rows, rather than a render without them, an effect, and a second render.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface PageAnswer<T> {
  total: number;
  items: T[];
}

export interface PagedRows<T, A> {
  /** Rows matching the query; undefined until the first page answered. */
  total?: number;
  rowAt: (index: number) => T | undefined;
  onRangeChange: (first: number, last: number) => void;
  /** Grows whenever a page arrives (pass to DataGrid's `version`). */
  version: number;
  /** The latest page's whole answer (totals, facets...). */
  last?: A;
  error?: unknown;
  reload: () => void;
  /** Every row loaded so far (for selection of what is shown). */
  loaded: () => T[];
}

export function usePagedRows<T, A extends PageAnswer<T>>(
  key: string,
  fetchPage: (offset: number, limit: number, signal: AbortSignal) => Promise<A>,
  pageSize = 200,
  /** The first page's answer for `key` when the hook mounts, if it is already there; read on mount only. */
  initial?: A,
): PagedRows<T, A> {
  const pages = useRef(new Map<number, T[]>(initial ? [[0, initial.items]] : []));
  const requested = useRef(new Set<number>(initial ? [0] : []));
  const currentKey = useRef(`${key}\n0`);
  /** Mounted with the first page: the mount has nothing to reset or fetch. */
  const seeded = useRef(initial !== undefined);
  const abort = useRef<AbortController>(new AbortController());
  const [total, setTotal] = useState<number | undefined>(initial?.total);
  const [version, setVersion] = useState(0);
  const [last, setLast] = useState<A | undefined>(initial);
  const [error, setError] = useState<unknown>();
  const [reloads, setReloads] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(
    (index: number) => {
      if (requested.current.has(index)) return;
      requested.current.add(index);
      const forKey = currentKey.current;
      fetchRef
        .current(index * pageSize, pageSize, abort.current.signal)
        .then((answer) => {
          if (currentKey.current !== forKey) return;
          pages.current.set(index, answer.items);
          setTotal(answer.total);
          setLast(answer);
          setError(undefined);
          setVersion((v) => v + 1);
        })
        .catch((e: unknown) => {
          if (currentKey.current !== forKey || (e instanceof DOMException && e.name === 'AbortError')) return;
          requested.current.delete(index);
          setError(e);
        });
    },
    [pageSize],
  );

  // A new query: cancel what is in flight, forget the rows, start from the top.
  useEffect(() => {
    if (seeded.current) {
      seeded.current = false;
      return;
    }
    abort.current.abort();
    abort.current = new AbortController();
    currentKey.current = `${key}\n${reloads}`;
    pages.current = new Map();
    requested.current = new Set();
    setTotal(undefined);
    load(0);
  }, [key, reloads, load]);

  const onRangeChange = useCallback(
    (first: number, lastIndex: number) => {
      for (let p = Math.floor(first / pageSize); p <= Math.floor(lastIndex / pageSize); p++) if (!pages.current.has(p)) load(p);
    },
    [load, pageSize],
  );

  const rowAt = useCallback((index: number) => pages.current.get(Math.floor(index / pageSize))?.[index % pageSize], [pageSize]);
  const loaded = useCallback(() => [...pages.current.entries()].sort(([a], [b]) => a - b).flatMap(([, rows]) => rows), []);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  return { total, rowAt, onRangeChange, version, last, error, reload, loaded };
}

/** What a DataGrid needs of a server-paged list, to spread into it: `<DataGrid {...gridRows(rows, key)} ... />`. */
export function gridRows<T>(rows: PagedRows<T, unknown>, resetKey: string, total = rows.total) {
  return { rowCount: total ?? 0, rowAt: rows.rowAt, onRangeChange: rows.onRangeChange, version: rows.version, resetKey };
}
