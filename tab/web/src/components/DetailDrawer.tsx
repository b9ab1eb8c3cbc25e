/**
 * The panel that opens beside a list for one item (a person, a site, a history entry): a title with a
 * close button and a line under it, then the item's sections once it has loaded, an error with Retry
 * if it could not be, a spinner until then. One shell, so every panel closes, loads and fails alike.
 */
import type { ReactNode } from 'react';
import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, makeStyles, OverlayDrawer, Spinner, Text, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { ErrorBar } from './Feedback';

/** The layout the panels' contents share: sections, label/value facts, lists, small forms and tables. */
export const useDetailStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: '16px', paddingBottom: '24px' },
  section: { display: 'flex', flexDirection: 'column', gap: '6px' },
  facts: { display: 'grid', gridTemplateColumns: 'minmax(120px, auto) 1fr', columnGap: '12px', rowGap: '4px' },
  label: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: '20px' },
  form: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'flex', gap: '8px', alignItems: 'end', flexWrap: 'wrap' },
  // A title of one long word (a UPN, a person not found) wraps instead of pushing Close off a phone's screen.
  title: { overflowWrap: 'anywhere' },
  table: { borderCollapse: 'collapse', width: '100%', '& th, & td': { textAlign: 'left', padding: '2px 6px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` } },
});

export function DetailDrawer({
  testId,
  label,
  title,
  subtitle,
  loaded,
  loadingLabel,
  error,
  onRetry,
  onClose,
  dismissible = true,
  children,
}: {
  /** `person-panel`: the drawer's test id; its close button's is `person-panel-close`. */
  testId: string;
  /** The drawer's accessible name. */
  label: string;
  title: ReactNode;
  /** The line under the title (shown once loaded). */
  subtitle?: ReactNode;
  loaded: boolean;
  loadingLabel: string;
  error: unknown;
  onRetry: () => void;
  onClose: () => void;
  /** false while a dialog of the panel's own is open: Escape then closes the dialog, not the panel. */
  dismissible?: boolean;
  children: ReactNode;
}) {
  const styles = useDetailStyles();
  return (
    <OverlayDrawer open position="end" size="medium" onOpenChange={(_e, d) => !d.open && dismissible && onClose()} aria-label={label} data-testid={testId}>
      <DrawerHeader>
        <DrawerHeaderTitle className={styles.title} action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} data-testid={`${testId}-close`} />}>{title}</DrawerHeaderTitle>
        {loaded && subtitle !== undefined && <Text className={styles.label}>{subtitle}</Text>}
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        {error !== undefined && <ErrorBar error={error} onRetry={onRetry} />}
        {!loaded && error === undefined && <Spinner label={loadingLabel} />}
        {loaded && children}
      </DrawerBody>
    </OverlayDrawer>
  );
}

/** A titled part of a panel, named for screen readers by its title. */
export function DetailSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const styles = useDetailStyles();
  return (
    <section className={styles.section} aria-label={title} data-testid={testId}>
      <Text as="h3" weight="semibold" size={400}>
        {title}
      </Text>
      {children}
    </section>
  );
}
