/**
 * One page of server rows as a table with Previous/Next: the Coexistence view's lists are paged on the
 * server (a 2,000-site tenant has thousands of blocks and rules), so the DOM holds one page.
 */
import { ReactNode, useEffect, useState } from 'react';
import { Button, makeStyles, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, tokens } from '@fluentui/react-components';
import { ErrorBar } from '../../components/Feedback';
import { useAsync } from '../../hooks/use-async';
import { count } from '../../format';

export interface Column<T> {
  header: string;
  render: (row: T) => ReactNode;
  /** Keeps numbers and patterns on one line. */
  nowrap?: boolean;
}

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  pager: { display: 'flex', gap: '8px', alignItems: 'center', marginTop: '8px' },
  nowrap: { whiteSpace: 'nowrap' },
  cell: { verticalAlign: 'top', paddingTop: '6px', paddingBottom: '6px' },
});

export function PagedTable<T>({
  label,
  load,
  deps,
  columns,
  rowKey,
  pageSize = 25,
  empty,
  testId,
}: {
  label: string;
  load: (offset: number, limit: number) => Promise<{ total: number; offset: number; items: T[] }>;
  deps: unknown[];
  columns: Column<T>[];
  rowKey: (row: T, index: number) => string;
  pageSize?: number;
  empty: string;
  testId?: string;
}) {
  const styles = useStyles();
  const [offset, setOffset] = useState(0);
  const depsKey = JSON.stringify(deps);
  // A new filter starts at the first page.
  useEffect(() => setOffset(0), [depsKey]);
  const state = useAsync(() => load(offset, pageSize), [depsKey, offset, pageSize]);
  if (state.error !== undefined) return <ErrorBar error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Spinner size="small" label={`Loading ${label.toLowerCase()}…`} />;
  const { total, items } = state.data;
  if (total === 0) return <Text data-testid={testId && `${testId}-empty`}>{empty}</Text>;
  return (
    <div>
      <div className={styles.wrap}>
        <Table size="small" aria-label={label} data-testid={testId}>
          <TableHeader>
            <TableRow>
              {columns.map((c) => (
                <TableHeaderCell key={c.header}>{c.header}</TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((row, i) => (
              <TableRow key={rowKey(row, i)} data-testid={testId && `${testId}-row`}>
                {columns.map((c) => (
                  <TableCell key={c.header} className={c.nowrap ? `${styles.cell} ${styles.nowrap}` : styles.cell}>
                    {c.render(row)}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className={styles.pager}>
        <Button size="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
          Previous
        </Button>
        <Text aria-live="polite">
          {count(offset + 1)}–{count(Math.min(total, offset + items.length))} of {count(total)}
        </Text>
        <Button size="small" disabled={offset + pageSize >= total} onClick={() => setOffset(offset + pageSize)}>
          Next
        </Button>
      </div>
    </div>
  );
}
