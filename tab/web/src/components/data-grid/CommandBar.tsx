/** The row of actions above a grid (bulk actions on the selection, export of the current view). */
import type { ReactNode } from 'react';
import { Toolbar, Text, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  bar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, paddingBottom: '4px' },
  count: { marginLeft: 'auto', color: tokens.colorNeutralForeground2 },
});

export function CommandBar({ label, children, status }: { label: string; children: ReactNode; status?: ReactNode }) {
  const styles = useStyles();
  return (
    <Toolbar aria-label={label} className={styles.bar}>
      {children}
      {status !== undefined && (
        <Text className={styles.count} aria-live="polite">
          {status}
        </Text>
      )}
    </Toolbar>
  );
}
