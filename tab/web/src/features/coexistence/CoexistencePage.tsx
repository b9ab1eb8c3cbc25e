import { makeStyles, Title2 } from '@fluentui/react-components';
import type { PageProps } from '../../App';

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '20px' },
});

/** Coexistence while the PBX and Teams both carry numbers: blocks, orders, routing, dial plans. */
export function CoexistencePage(_props: PageProps) {
  const styles = useStyles();
  return (
    <main className={styles.page}>
      <Title2 as="h1">Coexistence</Title2>
    </main>
  );
}
