/**
 * The PBX import page: choose or paste the lines (and DID blocks) export, map its columns, preview what
 * the import would store and replace, then replace the stored inventory - or cancel, which changes
 * nothing. The confirmed import carries the inventory version the preview read, so an import somebody
 * else made meanwhile is not overwritten (409: preview again).
 */
import { useEffect, useRef, useState } from 'react';
import { Button, Field, makeStyles, Text, Textarea, Title2, Title3, tokens } from '@fluentui/react-components';
import { DocumentSearchRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../../api-client';
import { ApiError } from '../../api-client';
import type { ImportIssue, PbxImportPreviewView, PbxImportResult } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';
import { count } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { ColumnMappingForm } from './ColumnMappingForm';
import { CsvInput } from './CsvInput';
import { ImportPreview } from './ImportPreview';
import { ImportResult } from './ImportResult';
import { IssueTable } from './IssueTable';

/** The server's JSON body limit is 5 MB; larger exports go through `vmp import-pbx`, which streams. */
const MAX_CHARS = 4_500_000;

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: '16px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A file's text and, when it was chosen from disk, its name (the report and the errors use it). */
interface CsvText {
  text: string;
  name?: string;
}

/** The body both steps send: the files and the mapping as the admin left them. */
function importBody(
  { text: lines, name: linesName }: CsvText,
  { text: blocks, name: blocksName }: CsvText,
  mapping: string,
): { linesCsv: string; linesName?: string; blocksCsv?: string; blocksName?: string; mapping?: Record<string, unknown> } {
  if (lines.length + blocks.length > MAX_CHARS) {
    throw new Error('The files are too large to send from the tab; use the command vmp import-pbx --lines … --blocks … instead.');
  }
  let map: Record<string, unknown> | undefined;
  if (mapping.trim()) {
    try {
      map = JSON.parse(mapping);
    } catch (e) {
      throw new Error(`The column mapping is not valid JSON: ${(e as Error).message}`);
    }
  }
  return {
    linesCsv: lines,
    ...(linesName ? { linesName } : {}),
    ...(blocks.trim() ? { blocksCsv: blocks, ...(blocksName ? { blocksName } : {}) } : {}),
    ...(map ? { mapping: map } : {}),
  };
}

export function PbxImportPage({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const [lines, setLines] = useState<CsvText>({ text: '' });
  const [blocks, setBlocks] = useState<CsvText>({ text: '' });
  const [mapping, setMapping] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<PbxImportPreviewView>();
  const [result, setResult] = useState<PbxImportResult>();
  const [errors, setErrors] = useState<ImportIssue[]>();
  const [error, setError] = useState<unknown>();
  const stored = useAsync(() => api.pbxSummary(), [api]);
  const previewButton = useRef<HTMLButtonElement>(null);
  const previewHeading = useRef<HTMLElement>(null);
  const resultHeading = useRef<HTMLElement>(null);

  // Keyboard and screen-reader users land on what the step produced.
  useEffect(() => {
    if (preview) previewHeading.current?.focus();
  }, [preview]);
  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  /** A preview describes the files as they were: any edit makes it stale. */
  const edit = (set: (text: string) => void) => (text: string) => {
    set(text);
    setPreview(undefined);
  };
  /** A chosen file brings its name; text typed or pasted keeps the name of the file it edits, until emptied. */
  const editFile = (set: (update: (was: CsvText) => CsvText) => void) => (text: string, fileName?: string) => {
    set((was) => ({ text, name: fileName ?? (text ? was.name : undefined) }));
    setPreview(undefined);
  };

  function failed(e: unknown) {
    // A rejected file lists every error by file, row and column.
    const list = e instanceof ApiError ? (e.issues as unknown as ImportIssue[]) : [];
    if (list.length) setErrors(list);
    setError(e);
  }

  async function runPreview() {
    setBusy(true);
    setPreview(undefined);
    setResult(undefined);
    setErrors(undefined);
    setError(undefined);
    try {
      setPreview(await api.pbxPreview(importBody(lines, blocks, mapping)));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(false);
    }
  }

  function cancel() {
    setPreview(undefined);
    // Focus returns to the control that opened the preview.
    setTimeout(() => previewButton.current?.focus(), 0);
  }

  async function confirm() {
    if (!preview) return;
    setBusy(true);
    setErrors(undefined);
    setError(undefined);
    try {
      // The version the preview read: an import made since is refused (409) rather than overwritten.
      const expectedVersion = preview.replaces.imported ? preview.replaces.version : null;
      const { job } = await api.pbxImport({ ...importBody(lines, blocks, mapping), expectedVersion });
      const done = await api.finishJob<PbxImportResult>(job.id, { limit: 500 });
      setPreview(undefined);
      setResult(done.detail);
      stored.reload();
    } catch (e) {
      failed(e);
      if (e instanceof ApiError && e.status === 409) {
        // Somebody else imported meanwhile: the preview no longer says what would be replaced.
        setPreview(undefined);
        stored.reload();
        setTimeout(() => previewButton.current?.focus(), 0);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className={styles.page}>
      <Title2 as="h1">PBX import</Title2>
      <Text className={styles.muted}>
        Lines (extensions, DIDs, devices, groups) and DID blocks (carrier, account, BTN, port type) as CSV. Preview first: nothing is
        stored until you replace the inventory. A file with errors imports nothing and lists every error with its file, row and column.
      </Text>
      {stored.data?.imported && (
        <Text className={styles.muted} data-testid="pbx-last-import">
          Last import: {stored.data.files?.lines ?? 'lines'} on {stored.data.importedAt?.slice(0, 10)} by {stored.data.importedBy}
          {stored.data.layout ? `, read as ${stored.data.layout.name}` : ''} ({count(stored.data.counts?.lines)} lines).
        </Text>
      )}
      <div className={styles.pair}>
        <CsvInput label="Lines (required)" value={lines.text} onChange={editFile(setLines)} testId="pbx-lines" />
        <CsvInput label="DID blocks (optional)" value={blocks.text} onChange={editFile(setBlocks)} testId="pbx-blocks" />
      </div>
      <Text className={styles.muted}>
        Exports of Cisco CUCM, Avaya, Skype for Business, Mitel, Unify, 3CX and FreePBX are recognised by their headers. For other
        headers, read the header and map its columns (or write the mapping below); the mapping can be saved for the next imports.
      </Text>
      <ColumnMappingForm api={api} linesCsv={lines.text} mapping={mapping} onMappingChange={edit(setMapping)} />
      <Field label="Column mapping (optional JSON, e.g. {&quot;lines&quot;: {&quot;extension&quot;: &quot;DN&quot;}})">
        <Textarea value={mapping} onChange={(_e, d) => edit(setMapping)(d.value)} resize="vertical" data-testid="pbx-mapping" />
      </Field>
      <div>
        <Button ref={previewButton} appearance={preview ? 'secondary' : 'primary'} icon={<DocumentSearchRegular />} onClick={runPreview} disabledFocusable={busy || !lines.text.trim()} data-testid="pbx-import">
          {busy && !preview ? 'Reading the files…' : 'Preview import'}
        </Button>
      </div>
      {error !== undefined && <ErrorBar title={error instanceof ApiError && error.status === 409 ? 'Another import was stored meanwhile: preview again' : 'The import was rejected'} error={error} />}
      {errors && errors.length > 0 && (
        <section data-testid="pbx-errors">
          <Title3 as="h2">Errors ({count(errors.length)})</Title3>
          <IssueTable issues={errors} label="Import errors" />
        </section>
      )}
      {preview && <ImportPreview preview={preview} busy={busy} onConfirm={confirm} onCancel={cancel} headingRef={previewHeading} />}
      {result && <ImportResult result={result} headingRef={resultHeading} />}
    </main>
  );
}
