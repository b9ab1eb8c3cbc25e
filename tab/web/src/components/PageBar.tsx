/** Previous / "1–50 of 312" / Next under a list the server pages, for lists kept in a component's own state. */
import { Button, Text } from '@fluentui/react-components';
import { count } from '../format';

export function PageBar({ offset, shown, total, pageSize, empty, onOffset }: { offset: number; shown: number; total: number; pageSize: number; empty: string; onOffset: (offset: number) => void }) {
  return (
    <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
      <Button size="small" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        Previous
      </Button>
      <Text>{total ? `${count(offset + 1)}–${count(Math.min(total, offset + shown))} of ${count(total)}` : empty}</Text>
      <Button size="small" disabled={offset + pageSize >= total} onClick={() => onOffset(offset + pageSize)}>
        Next
      </Button>
    </div>
  );
}
