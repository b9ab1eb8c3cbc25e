/**
 * One Coexistence list on the shared data grid: pages from the server as the admin scrolls (a
 * 2,000-site tenant has thousands of blocks and rules), the one column the read model is ordered by
 * sortable both ways (`dir=desc` in the URL), a command bar with the count and "Export to Excel" of
 * the current view (`/coexistence/export.xlsx?list=...` with the same filters and order).
 */
import { useEffect, useMemo, useRef } from 'react';
import { Text } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import { ErrorBar } from '../../components/Feedback';
import { CommandBar, DataGrid, gridRows, usePagedRows, type GridColumn } from '../../components/data-grid';
import { count } from '../../format';
import { query, type CollectionPage, type Params } from './coexistence-api';
import { ExportViewButton } from '../../components/ExportViewButton';

const PAGE_SIZE = 100;
const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 38;
/** The grid grows with its rows up to this height, then scrolls (and only the rows in view are in the DOM). */
const MAX_HEIGHT = 440;

export function GridList<T>({
  api,
  label,
  counts,
  testId,
  list,
  filter,
  load,
  columns,
  rowId,
  empty,
  sortColumn,
  desc,
  onDescChange,
}: {
  api: ApiClient;
  /** The grid's accessible name, and the noun of its count unless `counts` names what a row is. */
  label: string;
  /** What the count counts when a row is not one of `label` ("blocks" for a grid of SBC rules per block). */
  counts?: string;
  testId: string;
  /** The list's name for the export route. */
  list: string;
  /** The filters the list is read with (also sent to the export). */
  filter: Params;
  load: (params: Params, signal: AbortSignal) => Promise<CollectionPage<T>>;
  columns: GridColumn<T>[];
  rowId: (row: T) => string;
  empty: string;
  /** The column the stored order follows (none: the list is shown in the plan's order only). */
  sortColumn?: string;
  desc?: boolean;
  onDescChange?: (desc: boolean) => void;
}) {
  const withOrder = useMemo(() => ({ ...filter, dir: desc ? 'desc' : undefined }), [filter, desc]);
  const key = JSON.stringify(withOrder);
  const rows = usePagedRows<T, CollectionPage<T>>(key, (offset, limit, signal) => load({ ...withOrder, offset, limit }, signal), PAGE_SIZE);
  const total = rows.total;
  const height = Math.min(MAX_HEIGHT, HEADER_HEIGHT + Math.max(1, total ?? 1) * ROW_HEIGHT + 4);
  const sortable = columns.map((c) => ({ ...c, sortable: c.id === sortColumn }));
  // Lists whose rows hold no link or button (collisions, routes) must still scroll from the keyboard:
  // the grid's scrolling element takes focus (the shared grid has no prop for it).
  const frame = useRef<HTMLDivElement>(null);
  const hasRows = (total ?? 0) > 0;
  useEffect(() => {
    const grid = frame.current?.querySelector<HTMLElement>('[role="grid"]');
    if (grid && !grid.hasAttribute('tabindex')) grid.tabIndex = 0;
  }, [hasRows]);

  return (
    <div>
      <CommandBar label={`${label}: actions`} status={<span data-testid={`${testId}-total`}>{total === undefined ? 'Loading…' : `${count(total)} ${counts ?? label.toLowerCase()}`}</span>}>
        <ExportViewButton total={total} onExport={() => api.download(`/coexistence/export.xlsx${query({ ...withOrder, list })}`, `${list}.xlsx`)} testId={`${testId}-export`} />
      </CommandBar>
      {rows.error !== undefined && <ErrorBar error={rows.error} onRetry={rows.reload} />}
      {total === 0 ? (
        <Text data-testid={`${testId}-empty`}>{empty}</Text>
      ) : (
        <div ref={frame} style={{ height, display: 'flex', flexDirection: 'column', marginTop: '8px' }}>
          <DataGrid<T>
            label={label}
            columns={sortable}
            {...gridRows(rows, key, total)}
            rowId={rowId}
            rowHeight={ROW_HEIGHT}
            sort={sortColumn ? { column: sortColumn, desc: desc === true } : undefined}
            onSortChange={onDescChange && ((s) => onDescChange(s.desc))}
            testId={testId}
            rowTestId={`${testId}-row`}
          />
        </div>
      )}
    </div>
  );
}
