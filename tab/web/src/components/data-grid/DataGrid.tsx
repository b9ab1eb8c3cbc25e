/**
 * A virtualised grid for long lists (100,000 people, 2,000 sites, thousands of orders): sortable column
 * headers (aria-sort, the order itself is the caller's - server-side for pages, in memory for short
 * lists), row selection with checkboxes, names shown with ids on hover (title), and rows that open
 * an item. Only the rows in view are in the DOM; the caller supplies rows by index and is told which
 * range is visible so it can fetch the pages they fall into.
 *
 * Columns are CSS grid tracks with a minimum width: at 1,024 px the grid scrolls sideways instead of
 * letting cells overlap.
 */
import { memo, useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { Checkbox, makeStyles, mergeClasses, Skeleton, SkeletonItem, tokens } from '@fluentui/react-components';
import { ArrowSortDownRegular, ArrowSortUpRegular, ArrowSortRegular } from '@fluentui/react-icons';
import { useRowWindow } from './use-row-window';

export interface GridColumn<T> {
  id: string;
  /** Header text (also the accessible name of the sort button). */
  label: string;
  /** CSS grid track, e.g. `minmax(160px, 2fr)` or `90px`. */
  width: string;
  sortable?: boolean;
  render: (row: T) => ReactNode;
  /** Plain text for the cell's title (ids on hover); default none. */
  title?: (row: T) => string | undefined;
}

export interface GridSort {
  column: string;
  desc: boolean;
}

export interface DataGridProps<T> {
  /** The grid's accessible name. */
  label: string;
  columns: GridColumn<T>[];
  /** Rows matching the current filter (not just the loaded ones). */
  rowCount: number;
  /** The row at an index, or undefined while its page is loading (a skeleton shows). */
  rowAt: (index: number) => T | undefined;
  rowId: (row: T) => string;
  /** The visible index range changed: fetch what it needs. */
  onRangeChange?: (first: number, last: number) => void;
  sort?: GridSort;
  onSortChange?: (sort: GridSort) => void;
  /** With selection: a checkbox per row and one in the header (selects the loaded rows). */
  selected?: ReadonlySet<string>;
  onSelectedChange?: (next: Set<string>, rows: T[]) => void;
  /** Accessible name of a row's checkbox ("Select Alice Smith"). */
  rowLabel?: (row: T) => string;
  rowHeight?: number;
  /** Bumped by the caller when loaded rows changed, so visible rows re-render. */
  version?: number;
  testId?: string;
  rowTestId?: string;
  /** Scroll to the top when this changes (a new filter). */
  resetKey?: string;
  /** Extra attributes per row (data-* for tests). */
  rowProps?: (row: T) => Record<string, string>;
}

const CHECK_COLUMN = '44px';
/** Rows drawn beyond each edge of the visible ones, so a scroll shows rows at once. */
const OVERSCAN = 10;

const useStyles = makeStyles({
  list: {
    flex: 1,
    minHeight: '240px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    position: 'relative',
  },
  // border-box: the header and the rows share one minWidth, padding included (the header was 24 px
  // wider than its rows once the grid scrolled sideways, and every column after the first fr one shifted).
  grid: { display: 'grid', alignItems: 'center', columnGap: '12px', padding: '0 12px', boxSizing: 'border-box' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    minHeight: '36px',
    backgroundColor: tokens.colorNeutralBackground3,
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  sortButton: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '4px',
    border: 'none',
    background: 'none',
    padding: '4px 0',
    font: 'inherit',
    color: 'inherit',
    cursor: 'pointer',
    textAlign: 'left',
    minWidth: 0,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  headerText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    boxSizing: 'border-box',
  },
  selectedRow: { backgroundColor: tokens.colorSubtleBackgroundSelected },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 },
});

/** The smallest width the columns need: the grid never squeezes below it (cells would overlap). */
function minWidthOf(tracks: string[]): number {
  let sum = 24;
  for (const t of tracks) {
    const m = /(\d+)px/.exec(t);
    sum += (m ? Number(m[1]) : 80) + 12;
  }
  return sum;
}

export function DataGrid<T>(props: DataGridProps<T>) {
  const styles = useStyles();
  const { columns, rowCount, rowAt, rowId, selected, onSelectedChange } = props;
  const selectable = selected !== undefined && onSelectedChange !== undefined;
  const rowHeight = props.rowHeight ?? 44;
  const tracks = [...(selectable ? [CHECK_COLUMN] : []), ...columns.map((c) => c.width)];
  const template = tracks.join(' ');
  const minWidth = `${minWidthOf(tracks)}px`;

  const listRef = useRef<HTMLDivElement>(null);
  // The first rows drawn are the visible ones only; the rows beyond the edges (smooth scrolling) follow
  // after that frame has been painted.
  const [overscan, setOverscan] = useState(0);
  const hasRows = rowCount > 0;
  useEffect(() => {
    if (!hasRows || overscan === OVERSCAN) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setOverscan(OVERSCAN), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [hasRows, overscan]);
  const rowWindow = useRowWindow(listRef, rowCount, rowHeight, overscan);
  const items = rowWindow.rows;
  const first = items[0]?.index;
  const last = items[items.length - 1]?.index;
  const { onRangeChange } = props;
  useEffect(() => {
    if (first !== undefined && last !== undefined) onRangeChange?.(first, last);
  }, [first, last, onRangeChange, props.resetKey]);
  useEffect(() => {
    listRef.current?.scrollTo({ top: 0 });
  }, [props.resetKey]);

  // The header checkbox covers the rows loaded so far (a page of 100,000 is never all in the browser).
  const loaded: T[] = [];
  if (selectable) for (let i = 0; i < rowCount && loaded.length < 5000; i++) {
    const r = rowAt(i);
    if (r === undefined) break;
    loaded.push(r);
  }
  const allSelected = selectable && loaded.length > 0 && loaded.every((r) => selected!.has(rowId(r)));
  const someSelected = selectable && selected!.size > 0 && !allSelected;

  // One callback for every row (rows are memoised, see GridRow), reading the selection of the last render.
  const selection = useRef({ selected, onSelectedChange, rowId });
  selection.current = { selected, onSelectedChange, rowId };
  const toggle = useCallback((row: T, on: boolean) => {
    const { selected: current, onSelectedChange: change, rowId: idOf } = selection.current;
    const next = new Set(current);
    if (on) next.add(idOf(row));
    else next.delete(idOf(row));
    change!(next, on ? [row] : []);
  }, []);
  const rowClass = mergeClasses(styles.grid, styles.row);
  const selectedRowClass = mergeClasses(styles.grid, styles.row, styles.selectedRow);

  return (
    <div
      ref={listRef}
      className={styles.list}
      role="grid"
      aria-label={props.label}
      aria-rowcount={rowCount + 1}
      aria-multiselectable={selectable || undefined}
      data-testid={props.testId}
    >
      <div className={mergeClasses(styles.grid, styles.header)} style={{ gridTemplateColumns: template, minWidth }} role="row" aria-rowindex={1}>
        {selectable && (
          <span role="columnheader">
            <Checkbox
              aria-label="Select all loaded rows"
              checked={allSelected ? true : someSelected ? 'mixed' : false}
              onChange={(_e, d) => onSelectedChange!(d.checked === true ? new Set([...selected!, ...loaded.map(rowId)]) : new Set(), d.checked === true ? loaded : [])}
              data-testid={props.testId ? `${props.testId}-select-all` : undefined}
            />
          </span>
        )}
        {columns.map((c) => {
          const active = props.sort?.column === c.id;
          const ariaSort = active ? (props.sort!.desc ? 'descending' : 'ascending') : c.sortable ? 'none' : undefined;
          return (
            <span key={c.id} role="columnheader" aria-sort={ariaSort} className={styles.headerText}>
              {c.sortable && props.onSortChange ? (
                <button
                  type="button"
                  className={styles.sortButton}
                  onClick={() => props.onSortChange!({ column: c.id, desc: active ? !props.sort!.desc : false })}
                  data-testid={`sort-${c.id}`}
                >
                  <span className={styles.headerText}>{c.label}</span>
                  {active ? props.sort!.desc ? <ArrowSortDownRegular aria-hidden /> : <ArrowSortUpRegular aria-hidden /> : <ArrowSortRegular aria-hidden />}
                </button>
              ) : (
                c.label
              )}
            </span>
          );
        })}
      </div>
      <div role="rowgroup" style={{ height: rowWindow.totalSize, position: 'relative', minWidth }}>
        {items.map((v) => {
          const r = rowAt(v.index);
          const isSelected = r !== undefined && selectable && selected!.has(rowId(r));
          return (
            <GridRow<T>
              key={v.index}
              row={r}
              index={v.index}
              start={v.start}
              height={rowHeight}
              template={template}
              minWidth={minWidth}
              columns={columns}
              selectable={selectable}
              isSelected={isSelected}
              onToggle={toggle}
              className={isSelected ? selectedRowClass : rowClass}
              cellClass={styles.cell}
              rowLabel={props.rowLabel}
              rowTestId={props.rowTestId}
              rowProps={props.rowProps}
            />
          );
        })}
      </div>
    </div>
  );
}

interface GridRowProps<T> {
  /** undefined while its page is loading: a skeleton shows. */
  row: T | undefined;
  index: number;
  /** Offset from the top of the rows, in pixels. */
  start: number;
  height: number;
  template: string;
  minWidth: string;
  columns: GridColumn<T>[];
  selectable: boolean;
  isSelected: boolean;
  onToggle: (row: T, on: boolean) => void;
  className: string;
  cellClass: string;
  rowLabel?: (row: T) => string;
  rowTestId?: string;
  rowProps?: (row: T) => Record<string, string>;
}

/**
 * One row, memoised: when the grid renders again for its own reasons (the list measured at mount, a
 * scroll moving the visible range) only the rows that came into view are rendered, not every row with
 * its checkbox, links and badges again.
 */
const GridRow = memo(function GridRow<T>(p: GridRowProps<T>) {
  const r = p.row;
  return (
    <div
      role="row"
      aria-rowindex={p.index + 2}
      aria-selected={p.selectable && r ? p.isSelected : undefined}
      className={p.className}
      style={{ gridTemplateColumns: p.template, transform: `translateY(${p.start}px)`, height: p.height, minWidth: p.minWidth }}
      data-testid={p.rowTestId}
      data-index={p.index}
      {...(r && p.rowProps?.(r))}
    >
      {r ? (
        <>
          {p.selectable && (
            <span role="gridcell">
              <Checkbox aria-label={p.rowLabel?.(r) ?? 'Select row'} checked={p.isSelected} onChange={(_e, d) => p.onToggle(r, d.checked === true)} />
            </span>
          )}
          {p.columns.map((c) => (
            <span key={c.id} role="gridcell" className={p.cellClass} title={c.title?.(r)}>
              {c.render(r)}
            </span>
          ))}
        </>
      ) : (
        <span role="gridcell" style={{ gridColumn: '1 / -1' }} aria-busy="true">
          <Skeleton>
            <SkeletonItem />
          </Skeleton>
        </span>
      )}
    </div>
  );
}) as <T>(props: GridRowProps<T>) => ReactElement;
