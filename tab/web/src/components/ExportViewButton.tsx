/**
 * "Export to Excel" for a grid's current view: the server writes the rows the grid shows (its filters,
 * its order), at most EXPORT_MAX_ROWS of them; a larger view is said in words beside the button, as
 * the workbook says it on its own sheet.
 */
import { useState } from 'react';
import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { ErrorBar } from './Feedback';
import { count } from '../format';

/** Rows one export holds (the server's LIST_EXPORT_MAX_ROWS). */
export const EXPORT_MAX_ROWS = 10_000;

const useStyles = makeStyles({
  note: { color: tokens.colorNeutralForeground2 },
});

export function ExportViewButton({ total, onExport, testId }: { total: number | undefined; onExport: () => Promise<void>; testId: string }) {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState<string>();

  async function run() {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      await onExport();
      if (total !== undefined && total > EXPORT_MAX_ROWS) {
        setNote(`The workbook holds the first ${count(EXPORT_MAX_ROWS)} of ${count(total)} rows, in the order shown: filter the list to export the rest.`);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button icon={<ArrowDownloadRegular />} appearance="subtle" onClick={run} disabled={busy || total === 0} data-testid={testId}>
        {busy ? 'Exporting…' : 'Export to Excel'}
      </Button>
      {note && (
        <Text role="status" className={styles.note} data-testid={`${testId}-note`}>
          {note}
        </Text>
      )}
      {error !== undefined && <ErrorBar title="The export failed" error={error} />}
    </>
  );
}
