/**
 * Downloads of the plan: the rollout workbook, and per wave its workbook, cutover and rollback runbooks
 * and CSVs (port orders, number uploads, the SBC routing table), one wave's zip or a zip of everything.
 * The server writes the files in an export job; "Prepare the files" follows it, then lists them. Every
 * download is fetched with the host's auth header (inside Teams a plain link carries no token).
 */
import { useState } from 'react';
import { Button, Field, makeStyles, Select, Spinner, Text, Title3, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, DocumentArrowDownRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../../api-client';
import type { JobStartAnswer } from '../../api-types';
import type { ExportedFile } from '../../../../../shared/export/export-files';
import { ErrorBar } from '../../components/Feedback';
import { count } from '../../format';
import { wavesFrom, wavesToList } from '../../waves-shown';

const ROLLOUT_PATH = '/export/rollout.xlsx';
/** Rounds of "the files changed while being prepared" before giving up. */
const ROUNDS = 3;
/** Waves whose files are listed at once (from the next cutover on, or the wave picked): a 200-wave plan is not 200 cards. */
const WAVES_LISTED = 4;

const KIND_LABELS: Record<string, string> = {
  'wave-workbook': 'Number assignments (Excel)',
  'wave-runbook': 'Cutover runbook (PowerShell)',
  'wave-rollback': 'Rollback runbook (PowerShell)',
  'port-order': 'Port order numbers (CSV)',
  'dr-upload': 'Number upload (CSV)',
  'sbc-routing': 'SBC routing table after the wave (CSV)',
  'tenant-setup': 'Tenant setup runbook (PowerShell)',
  'rollout-workbook': 'Rollout workbook (Excel)',
};

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'flex', gap: '8px', flexWrap: 'wrap', alignItems: 'center' },
  waves: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: '12px' },
  wave: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '8px 12px' },
  list: { margin: 0, paddingLeft: '0', listStyle: 'none', display: 'flex', flexDirection: 'column', gap: '2px' },
  picker: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  // A file name that wraps reads from the left, like the list it is in.
  fileLink: { justifyContent: 'flex-start', textAlign: 'left', height: 'auto', minHeight: '24px' },
});

async function listFiles(api: ApiClient): Promise<{ files: ExportedFile[]; zipBytes: number }> {
  for (let round = 0; round < ROUNDS; round++) {
    const answer = await api.call<{ files: ExportedFile[]; zipBytes: number } | JobStartAnswer>('GET', '/export/files');
    if ('files' in answer) return answer;
    await api.finishJob(answer.job.id);
  }
  throw new Error('The plan changed while its files were being prepared; prepare them again.');
}

export function DownloadsPanel({ api, waves }: { api: ApiClient; waves: { number: number; name: string; date: string }[] }) {
  const styles = useStyles();
  const [files, setFiles] = useState<{ files: ExportedFile[]; zipBytes: number }>();
  const [preparing, setPreparing] = useState(false);
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  /** The first wave listed; by default the next cutover's (the last waves once every one is past). */
  const [firstListed, setFirstListed] = useState<number>();

  async function prepare() {
    setPreparing(true);
    setError(undefined);
    try {
      setFiles(await listFiles(api));
    } catch (e) {
      setError(e);
    } finally {
      setPreparing(false);
    }
  }

  async function download(path: string, name: string) {
    setBusy(path);
    setError(undefined);
    try {
      await api.download(path, name);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  }

  /** A file to download: small and quiet in the lists of files, a full button for the workbook most admins come for. */
  const link = (path: string, name: string, label: string, testId?: string, main = false) => (
    <Button
      appearance={main ? 'primary' : 'transparent'}
      size={main ? 'medium' : 'small'}
      className={main ? undefined : styles.fileLink}
      icon={busy === path ? <Spinner size="extra-tiny" /> : <DocumentArrowDownRegular />}
      disabled={busy !== undefined}
      onClick={() => download(path, name)}
      data-testid={testId}
    >
      {label}
    </Button>
  );
  const fileName = (p: string) => p.split('/').pop()!;
  const listed = firstListed === undefined ? wavesToList(waves, new Date().toISOString().slice(0, 10), WAVES_LISTED) : wavesFrom(waves, firstListed, WAVES_LISTED);
  const setup = files?.files.find((f) => f.kind === 'tenant-setup');
  return (
    <section className={styles.section} aria-labelledby="downloads-title" data-testid="downloads">
      <Title3 as="h2" id="downloads-title">
        Downloads
      </Title3>
      <div className={styles.row}>
        {link(ROLLOUT_PATH, 'rollout-plan.xlsx', 'Rollout workbook (Excel)', 'download-rollout', true)}
        {!files && (
          <Button icon={<ArrowDownloadRegular />} onClick={prepare} disabled={preparing} data-testid="prepare-files">
            {preparing ? 'Preparing the files…' : 'Prepare per-wave files'}
          </Button>
        )}
        {preparing && <Spinner size="tiny" label="Writing workbooks, runbooks and CSVs…" />}
        {files && link('/export/files.zip', 'plan-files.zip', `Everything as a zip (${count(Math.round(files.zipBytes / 1024))} KB)`, 'download-all-zip')}
        {setup && link(`/export/files/${setup.path}`, fileName(setup.path), KIND_LABELS['tenant-setup'], 'download-tenant-setup')}
      </div>
      {error !== undefined && <ErrorBar title="The download failed" error={error} />}
      {files && waves.length > WAVES_LISTED && (
        <div className={styles.picker}>
          <Field label="Files of the waves from">
            <Select value={String(listed[0]?.number ?? '')} onChange={(_e, d) => setFirstListed(Number(d.value))} data-testid="wave-files-from">
              {waves.map((w) => (
                <option key={w.number} value={w.number}>
                  {w.name} ({w.date})
                </option>
              ))}
            </Select>
          </Field>
          <Text>{`${listed.length} of ${count(waves.length)} waves listed; every file is in "Everything as a zip".`}</Text>
        </div>
      )}
      {files && (
        <div className={styles.waves} data-testid="wave-files">
          {listed.map((w) => {
            const own = files.files.filter((f) => f.wave === w.number);
            return (
              <div key={w.number} className={styles.wave} role="group" aria-label={`Files of ${w.name}`} data-testid={`wave-files-${w.number}`}>
                <Text weight="semibold" block>
                  {w.name} ({w.date})
                </Text>
                <ul className={styles.list}>
                  {own.map((f) => (
                    <li key={f.path}>{link(`/export/files/${f.path}`, fileName(f.path), `${KIND_LABELS[f.kind] ?? f.kind}${f.kind === 'port-order' || f.kind === 'dr-upload' ? `: ${fileName(f.path)}` : ''}`, `file-${f.kind}-${w.number}`)}</li>
                  ))}
                  <li>{link(`/export/files.zip?wave=${w.number}`, `wave-${w.number}.zip`, `All of ${w.name} as a zip`, `download-wave-zip-${w.number}`)}</li>
                </ul>
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
