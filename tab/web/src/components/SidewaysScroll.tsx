/**
 * Holds a table that scrolls sideways on a narrow screen (the Teams mobile client is about 390 px wide)
 * instead of squeezing each column to a few letters. A table of width 100% never outgrows a scrolling
 * wrapper, so the wrapper also gives the table it holds a minimum width.
 */
import type { CSSProperties, ReactNode } from 'react';
import { makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto', '& > table': { minWidth: 'var(--sideways-table-min-width)' } },
});

export function SidewaysScroll({ minWidth, children }: { minWidth: number; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.wrap} style={{ '--sideways-table-min-width': `${minWidth}px` } as CSSProperties}>
      {children}
    </div>
  );
}
