/**
 * A button that downloads a file the server writes (a workbook, a script): busy while it runs, the
 * error said beside it. The grids' "Export to Excel" adds the row limit on top (ExportViewButton).
 */
import { useState } from 'react';
import { Button } from '@fluentui/react-components';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import { ErrorBar } from './Feedback';

export function DownloadButton(props: { label: string; busyLabel: string; errorTitle: string; disabled?: boolean; testId: string; onDownload: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function run() {
    setBusy(true);
    setError(undefined);
    try {
      await props.onDownload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button icon={<ArrowDownloadRegular />} appearance="subtle" disabled={busy || props.disabled} onClick={run} data-testid={props.testId}>
        {busy ? props.busyLabel : props.label}
      </Button>
      {error !== undefined && <ErrorBar title={props.errorTitle} error={error} />}
    </>
  );
}
