import { ChangeEvent, useState } from 'react';
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Textarea,
  Title2,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { ArrowUploadRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../api-client';
import { ApiError } from '../api-client';
import type { ImportIssue, PbxImportResult } from '../api-types';
import { ErrorBar } from '../components/Feedback';
import { count } from '../format';
import { useAsync } from '../hooks/use-async';
import { ColumnMappingForm } from '../features/pbx-import/ColumnMappingForm';

const COUNT_LABELS: [keyof PbxImportResult['counts'], string][] = [
  ['lines', 'Lines'],
  ['blocks', 'DID blocks'],
  ['numbersInBlocks', 'Numbers in blocks'],
  ['groups', 'Migration groups'],
  ['matched', 'Matched to users'],
  ['unmatched', 'Unmatched'],
  ['ambiguous', 'Ambiguous'],
  ['nonPerson', 'Non-person devices'],
  ['unassigned', 'Spare stations'],
  ['warnings', 'Warnings'],
];

/** The server's JSON body limit is 5 MB; larger exports go through `vmp import-pbx`, which streams. */
const MAX_CHARS = 4_500_000;

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  pair: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: '16px' },
  csv: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, minHeight: '200px' },
  muted: { color: tokens.colorNeutralForeground3 },
  tableWrap: { overflowX: 'auto', maxHeight: '420px', overflowY: 'auto' },
});

function readFile(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error(`Could not read ${file.name}`));
    reader.readAsText(file, 'utf-8');
  });
}

function CsvInput({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (text: string, fileName?: string) => void;
  testId: string;
}) {
  const styles = useStyles();
  const [error, setError] = useState<string>();
  async function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setError(undefined);
    if (/\.xlsx$/i.test(file.name)) {
      setError('Excel files: export the sheet as CSV, or use `vmp import-pbx`, which reads .xlsx.');
      return;
    }
    try {
      onChange(await readFile(file), file.name);
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'}>
      <input type="file" accept=".csv,.txt,text/csv" onChange={choose} aria-label={`Choose a CSV file for ${label}`} data-testid={`${testId}-file`} />
      <Textarea
        className={styles.csv}
        textarea={{ className: styles.csv, spellCheck: false }}
        value={value}
        onChange={(_e, d) => onChange(d.value)}
        placeholder="…or paste the CSV here (first row: column names)"
        resize="vertical"
        data-testid={testId}
      />
    </Field>
  );
}

function IssueTable({ issues, label }: { issues: ImportIssue[]; label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.tableWrap}>
      <Table size="extra-small" aria-label={label}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>File</TableHeaderCell>
            <TableHeaderCell>Row</TableHeaderCell>
            <TableHeaderCell>Column</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {issues.map((i, n) => (
            <TableRow key={n}>
              <TableCell>{i.file}</TableCell>
              <TableCell>{i.row || 'file'}</TableCell>
              <TableCell>{i.column ?? '–'}</TableCell>
              <TableCell>{i.reason}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function PbxImportPage({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const [lines, setLines] = useState('');
  const [blocks, setBlocks] = useState('');
  const [mapping, setMapping] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PbxImportResult>();
  const [errors, setErrors] = useState<ImportIssue[]>();
  const [error, setError] = useState<unknown>();
  // The inventory this import replaces: an import somebody else made after the page loaded is not
  // overwritten (409, and the page reads the new version).
  const stored = useAsync(() => api.pbxSummary(), [api]);

  async function submit() {
    setBusy(true);
    setResult(undefined);
    setErrors(undefined);
    setError(undefined);
    try {
      if (lines.length + blocks.length > MAX_CHARS) {
        throw new Error('The files are too large to send from the tab; use `vmp import-pbx --lines … --blocks …` instead.');
      }
      let map: Record<string, unknown> | undefined;
      if (mapping.trim()) {
        try {
          map = JSON.parse(mapping);
        } catch (e) {
          throw new Error(`The column mapping is not valid JSON: ${(e as Error).message}`);
        }
      }
      // The import runs as a job on the server: queue it, then follow it to its end.
      const current = stored.data ?? (await api.pbxSummary());
      const expectedVersion = current.imported ? (current.version ?? null) : null;
      const { job } = await api.pbxImport({ linesCsv: lines, ...(blocks.trim() ? { blocksCsv: blocks } : {}), ...(map ? { mapping: map } : {}), expectedVersion });
      const done = await api.finishJob<PbxImportResult>(job.id, { limit: 500 });
      setResult(done.detail);
      stored.reload();
    } catch (e) {
      // A rejected import (a bad request, or a job that failed on the files) lists every error by file, row and column.
      const list = e instanceof ApiError ? (e.issues as unknown as ImportIssue[]) : [];
      if (list.length) setErrors(list);
      setError(e);
      if (e instanceof ApiError && e.status === 409) stored.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className={styles.page}>
      <Title2 as="h1">PBX import</Title2>
      <Text className={styles.muted}>
        Lines (extensions, DIDs, devices, groups) and DID blocks (carrier, account, BTN) as CSV. The import is all or nothing: a file
        with errors imports nothing and lists every error with its file, row and column.
      </Text>
      {stored.data?.imported && (
        <Text className={styles.muted} data-testid="pbx-last-import">
          Last import: {stored.data.files?.lines ?? 'lines'} on {stored.data.importedAt?.slice(0, 10)} by {stored.data.importedBy}
          {stored.data.layout ? `, read as ${stored.data.layout.name}` : ''} ({count(stored.data.counts?.lines)} lines).
        </Text>
      )}
      <div className={styles.pair}>
        <CsvInput label="Lines (required)" value={lines} onChange={setLines} testId="pbx-lines" />
        <CsvInput label="DID blocks (optional)" value={blocks} onChange={setBlocks} testId="pbx-blocks" />
      </div>
      <Text className={styles.muted}>
        Exports of Cisco CUCM, Avaya, Skype for Business, Mitel, Unify, 3CX and FreePBX are recognised by their headers. For other
        headers, read the header and map its columns (or write the mapping below); the mapping can be saved for the next imports.
      </Text>
      <ColumnMappingForm api={api} linesCsv={lines} mapping={mapping} onMappingChange={setMapping} />
      <Field label="Column mapping (optional JSON, e.g. {&quot;lines&quot;: {&quot;extension&quot;: &quot;DN&quot;}})">
        <Textarea value={mapping} onChange={(_e, d) => setMapping(d.value)} resize="vertical" data-testid="pbx-mapping" />
      </Field>
      <div>
        <Button appearance="primary" icon={<ArrowUploadRegular />} onClick={submit} disabled={busy || !lines.trim()} data-testid="pbx-import">
          {busy ? 'Importing…' : 'Import'}
        </Button>
      </div>
      {error !== undefined && <ErrorBar title="The import was rejected" error={error} />}
      {errors && errors.length > 0 && (
        <section data-testid="pbx-errors">
          <Title3 as="h2">Errors ({count(errors.length)})</Title3>
          <IssueTable issues={errors} label="Import errors" />
        </section>
      )}
      {result && (
        <section data-testid="pbx-result">
          <MessageBar intent="success">
            <MessageBarBody>
              <MessageBarTitle>Imported</MessageBarTitle>
              {COUNT_LABELS.map(([k, label]) => `${label}: ${count(result.counts[k])}`).join(' · ')}
            </MessageBarBody>
          </MessageBar>
          {result.layout && (
            <>
              <Title3 as="h2">How the export was read</Title3>
              <Text data-testid="pbx-result-layout">
                {result.layout.name}
                {result.layout.source ? ` (columns as in ${result.layout.source})` : ''}
              </Text>
              <div className={styles.tableWrap}>
                <Table size="extra-small" aria-label="How each column was used">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Column</TableHeaderCell>
                      <TableHeaderCell>Used as</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {result.layout.columns.map((c) => (
                      <TableRow key={c.header}>
                        <TableCell>{c.header}</TableCell>
                        <TableCell>{c.fields.length ? c.fields.join(', ') : c.note}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
              {(result.mainNumbers ?? []).map((m) => (
                <Text key={m.number} block>
                  Main number {m.number}: {count(m.lines)} lines ring through it (no DID of their own).
                </Text>
              ))}
              {(result.derivedDids ?? []).map((d) => (
                <Text key={d.rule} block>
                  DIDs derived from extensions: {d.rule} ({count(d.lines)} lines).
                </Text>
              ))}
            </>
          )}
          {(result.unassigned ?? []).length > 0 && (
            <>
              <Title3 as="h2">Spare stations: numbers to port or release ({count(result.counts.unassigned)})</Title3>
              <div className={styles.tableWrap}>
                <Table size="extra-small" aria-label="Spare stations" data-testid="pbx-spare">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Row</TableHeaderCell>
                      <TableHeaderCell>Extension</TableHeaderCell>
                      <TableHeaderCell>Number</TableHeaderCell>
                      <TableHeaderCell>Site</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {(result.unassigned ?? []).slice(0, 500).map((l) => (
                      <TableRow key={l.lineId}>
                        <TableCell>{l.row}</TableCell>
                        <TableCell>{l.extension ?? '–'}</TableCell>
                        <TableCell>{l.did ?? '–'}</TableCell>
                        <TableCell>{l.siteName ?? '–'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            </>
          )}
          {[...(result.unmatched ?? []), ...(result.ambiguous ?? [])].length > 0 && (
            <>
              <Title3 as="h2">Lines that need a person ({count(result.counts.unmatched + result.counts.ambiguous)})</Title3>
              <div className={styles.tableWrap}>
                <Table size="extra-small" aria-label="Unmatched and ambiguous lines">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Row</TableHeaderCell>
                      <TableHeaderCell>Extension</TableHeaderCell>
                      <TableHeaderCell>DID</TableHeaderCell>
                      <TableHeaderCell>Owner</TableHeaderCell>
                      <TableHeaderCell>Site</TableHeaderCell>
                      <TableHeaderCell>Why</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {[...result.unmatched, ...result.ambiguous].slice(0, 500).map((l) => (
                      <TableRow key={l.lineId}>
                        <TableCell>{l.row}</TableCell>
                        <TableCell>{l.extension ?? '–'}</TableCell>
                        <TableCell>{l.did ?? '–'}</TableCell>
                        <TableCell>{l.owner ?? '–'}</TableCell>
                        <TableCell>{l.siteName ?? '–'}</TableCell>
                        <TableCell>{l.explanation}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </div>
            </>
          )}
          {result.warnings && result.warnings.length > 0 && (
            <>
              <Title3 as="h2">Warnings ({count(result.counts.warnings)})</Title3>
              <IssueTable issues={result.warnings} label="Import warnings" />
            </>
          )}
        </section>
      )}
    </main>
  );
}
