/**
 * Which rows of a list of same-height rows are in its scroll container's view, plus `overscan` rows
 * beyond each edge. Rows of one height make this arithmetic on the scroll position: nothing is kept
 * per row, so 100,000 rows cost what 20 do (a general virtualiser lays out every row's offset whenever
 * the count changes - a new search, the first page - which on a large tenant took longer than drawing
 * the rows in view).
 *
 * The scroll position is read when the list mounts (before the first paint), on every scroll and when
 * the container is resized; the grid renders again only when the range of rows changes, and at once
 * (flushSync) during a scroll, so the frame that scrolled shows its rows.
 */
import { useLayoutEffect, useReducer, useRef, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowSlot {
  index: number;
  /** Offset from the top of the rows, in pixels. */
  start: number;
}

export interface RowWindow {
  rows: RowSlot[];
  /** The height of all rows together. */
  totalSize: number;
}

interface Range {
  first: number;
  /** Inclusive; below `first` when no row is in view. */
  last: number;
}

/** The rows from the one at the top edge to the one at the bottom edge, widened by `overscan` (tanstack's rule). */
export function rowRange(scrollTop: number, viewHeight: number, rowCount: number, rowHeight: number, overscan: number): Range {
  if (rowCount <= 0 || viewHeight <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const top = Math.min(Math.floor(Math.max(0, scrollTop) / rowHeight), rowCount - 1);
  const bottom = Math.min(Math.max(top, Math.ceil((Math.max(0, scrollTop) + viewHeight) / rowHeight) - 1), rowCount - 1);
  return { first: Math.max(0, top - overscan), last: Math.min(rowCount - 1, bottom + overscan) };
}

export function useRowWindow(listRef: RefObject<HTMLElement | null>, rowCount: number, rowHeight: number, overscan: number): RowWindow {
  const view = useRef({ top: 0, height: 0 });
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const shown = useRef<Range>({ first: 0, last: -1 });
  const latest = useRef({ rowCount, rowHeight, overscan });
  latest.current = { rowCount, rowHeight, overscan };

  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const changed = () => {
      const { rowCount: count, rowHeight: height, overscan: extra } = latest.current;
      const next = rowRange(view.current.top, view.current.height, count, height, extra);
      return next.first !== shown.current.first || next.last !== shown.current.last;
    };
    const measure = () => {
      view.current = { top: el.scrollTop, height: el.clientHeight };
    };
    measure();
    if (changed()) redraw();
    const onScroll = () => {
      measure();
      if (changed()) flushSync(redraw);
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    const onResize = () => {
      measure();
      if (changed()) redraw();
    };
    const resized = typeof ResizeObserver === 'function' ? new ResizeObserver(onResize) : undefined;
    resized?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resized?.disconnect();
    };
  }, [listRef]);

  const range = rowRange(view.current.top, view.current.height, rowCount, rowHeight, overscan);
  shown.current = range;
  const rows: RowSlot[] = [];
  for (let i = range.first; i <= range.last; i++) rows.push({ index: i, start: i * rowHeight });
  return { rows, totalSize: Math.max(0, rowCount) * rowHeight };
}
