/**
 * The settings as a file: download the saved document (JSON, the same file `vmp decide --settings`
 * reads), or upload one - checked against the schema and the tenant first, shown issue by issue, and
 * saved only when the admin confirms, against the version the page read (a 409 if someone saved since).
 */
import { useRef, useState } from 'react';
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, ArrowUploadRegular, SaveRegular } from '@fluentui/react-icons';
import type { ApiClient, ApiIssue } from '../../api-client';
import { ApiError, errorText } from '../../api-client';
import type { SettingsDocument } from '../../api-types';
import type { AsyncState } from '../../hooks/use-async';
import { ErrorBar } from '../../components/Feedback';
import { counted } from '../../format';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: '12px', maxWidth: '900px' },
  row: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  issues: { margin: 0, paddingLeft: '20px' },
  hidden: { display: 'none' },
  muted: { color: tokens.colorNeutralForeground3 },
});

type Upload =
  | { kind: 'invalid'; name: string; message: string; issues: ApiIssue[] }
  | { kind: 'ready'; name: string; settings: unknown; warnings: ApiIssue[] }
  | { kind: 'saved'; version: number | null }
  | { kind: 'error'; error: unknown };

export function SettingsFile({ api, doc }: { api: ApiClient; doc: AsyncState<SettingsDocument> }) {
  const styles = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [upload, setUpload] = useState<Upload>();
  const [busy, setBusy] = useState(false);

  function download() {
    if (!doc.data) return;
    const blob = new Blob([`${JSON.stringify(doc.data.settings, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `planning-settings-v${doc.data.version ?? 0}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function chosen(file: File | undefined) {
    if (!file) return;
    setBusy(true);
    try {
      let settings: unknown;
      try {
        settings = JSON.parse(await file.text());
      } catch (e) {
        setUpload({ kind: 'invalid', name: file.name, message: `Not valid JSON: ${errorText(e)}`, issues: [] });
        return;
      }
      const r = await api.validateSettings(settings);
      const errors = (r.issues ?? []).filter((i) => i.severity !== 'warning');
      if (r.valid === false || errors.length) setUpload({ kind: 'invalid', name: file.name, message: 'The file does not match the schema or the tenant; nothing was saved.', issues: errors });
      else setUpload({ kind: 'ready', name: file.name, settings, warnings: r.issues ?? [] });
    } catch (e) {
      setUpload({ kind: 'error', error: e });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  async function save() {
    if (upload?.kind !== 'ready' || !doc.data) return;
    setBusy(true);
    try {
      const saved = await api.saveSettings(upload.settings, doc.data.version);
      setUpload({ kind: 'saved', version: saved.version });
      doc.reload();
    } catch (e) {
      setUpload(e instanceof ApiError && e.status === 400 ? { kind: 'invalid', name: upload.name, message: e.message, issues: e.issues } : { kind: 'error', error: e });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className={styles.page} aria-label="Settings file">
      <Text>The whole planning settings as one JSON file: keep it in version control, or move it between tenants.</Text>
      <div className={styles.row}>
        <Button icon={<ArrowDownloadRegular />} onClick={download} disabled={!doc.data} data-testid="settings-export">
          Download the settings file
        </Button>
        <Button icon={<ArrowUploadRegular />} onClick={() => input.current?.click()} disabled={busy} data-testid="settings-import">
          Upload a settings file
        </Button>
        <input ref={input} className={styles.hidden} type="file" accept="application/json,.json" aria-label="Settings file to upload" onChange={(e) => void chosen(e.target.files?.[0])} data-testid="settings-import-file" />
      </div>
      {upload?.kind === 'invalid' && (
        <MessageBar intent="error" role="alert" layout="multiline" data-testid="settings-import-issues">
          <MessageBarBody>
            <MessageBarTitle>{upload.name}</MessageBarTitle>
            {upload.message}
            <ul className={styles.issues}>
              {upload.issues.slice(0, 50).map((i, n) => (
                <li key={n}>
                  <code>{i.path}</code>: {i.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {upload?.kind === 'ready' && (
        <MessageBar intent="info" layout="multiline" data-testid="settings-import-ready">
          <MessageBarBody>
            <MessageBarTitle>{upload.name} is valid</MessageBarTitle>
            Saving it replaces every section of the current settings (version {doc.data?.version ?? 'none'}).
            {upload.warnings.length > 0 && ` ${counted(upload.warnings.length, 'warning')}: ${upload.warnings.slice(0, 3).map((w) => w.message).join(' ')}`}
          </MessageBarBody>
        </MessageBar>
      )}
      {upload?.kind === 'ready' && (
        <div>
          <Button appearance="primary" icon={<SaveRegular />} onClick={save} disabled={busy} data-testid="settings-import-save">
            Save the uploaded settings
          </Button>
        </div>
      )}
      {upload?.kind === 'saved' && (
        <MessageBar intent="success" data-testid="settings-import-saved">
          <MessageBarBody>Saved as version {upload.version ?? '?'}.</MessageBarBody>
        </MessageBar>
      )}
      {upload?.kind === 'error' && <ErrorBar title="Not saved" error={upload.error} />}
      <Text className={styles.muted}>Every save is kept in the history, where an earlier version can be restored.</Text>
    </section>
  );
}
