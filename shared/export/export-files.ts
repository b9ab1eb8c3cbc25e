/**
 * Writes a whole export into one directory: the rollout workbook, one workbook per wave, the runbooks
 * (tenant setup, per wave cutover and rollback) and the CSVs. Returns what it wrote (relative path,
 * kind, size) and what the scripts had to leave out. Workbooks are streamed to disk one at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { ExportInput, FILE_NAMES } from './export-input';
import { plannedCsvs, GeneratedCsv } from './csv-exports';
import { writeRolloutWorkbook } from './rollout-workbook';
import { SkippedItem, tenantSetupScript, waveScripts } from './runbooks';
import { writeWaveWorkbook } from './wave-workbook';

export type ExportFileKind =
  | 'rollout-workbook'
  | 'wave-workbook'
  | 'tenant-setup'
  | 'wave-runbook'
  | 'wave-rollback'
  | GeneratedCsv['kind'];

export interface ExportedFile {
  /** Relative to the output directory, with forward slashes. */
  path: string;
  kind: ExportFileKind;
  wave?: number;
  bytes: number;
}

export interface ExportResult {
  outDir: string;
  files: ExportedFile[];
  /** Plan items a script could not carry (invalid UPN, number, name), with the reason. */
  skipped: (SkippedItem & { file: string })[];
}

export interface ExportOptions {
  /** Only this wave: its workbook, scripts, order CSVs and routing table (no rollout workbook, no setup). */
  wave?: number;
  /** Progress callback: files written so far and the total expected. */
  onProgress?: (done: number, total: number, file: string) => void;
}

export class ExportInputError extends Error {
  readonly code = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'ExportInputError';
  }
}

/** Files written at the same time: enough to keep both the main thread and zlib busy. */
const CONCURRENCY = 3;

export async function exportFiles(input: ExportInput, outDir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const waves = options.wave === undefined ? input.plan.waves : input.plan.waves.filter((w) => w.number === options.wave);
  if (options.wave !== undefined && waves.length === 0) {
    const known = input.plan.waves.map((w) => w.number).join(', ') || 'none';
    throw new ExportInputError(`The plan has no wave ${options.wave} (waves: ${known}).`);
  }
  const skipped: ExportResult['skipped'] = [];
  const skippedByWave = new Map<number, ExportResult['skipped']>();
  const csvs = plannedCsvs(input, { wave: options.wave });
  // Each task writes one file. They run a few at a time: zlib compresses workbooks on the libuv
  // thread pool, so while one workbook compresses the next one's rows are built. The result lists
  // files in task order whatever order they finish in, so the listing is deterministic.
  const tasks: (() => Promise<ExportedFile>)[] = [];
  const writeText = (rel: string, kind: ExportFileKind, wave: number | undefined, text: () => string) =>
    tasks.push(async () => {
      const full = path.join(outDir, rel);
      await fs.promises.mkdir(path.dirname(full), { recursive: true });
      await fs.promises.writeFile(full, text(), 'utf8');
      return stat(rel, kind, wave);
    });
  const writeStream = (rel: string, kind: ExportFileKind, wave: number | undefined, write: (out: Writable) => Promise<void>) =>
    tasks.push(async () => {
      const full = path.join(outDir, rel);
      await fs.promises.mkdir(path.dirname(full), { recursive: true });
      const out = fs.createWriteStream(full);
      const closed = new Promise<void>((resolve, reject) => {
        out.on('close', resolve);
        out.on('error', reject);
      });
      try {
        await write(out);
      } catch (err) {
        out.destroy();
        throw err;
      }
      await closed;
      return stat(rel, kind, wave);
    });
  const stat = async (rel: string, kind: ExportFileKind, wave: number | undefined): Promise<ExportedFile> => {
    const { size } = await fs.promises.stat(path.join(outDir, rel));
    return wave === undefined ? { path: rel, kind, bytes: size } : { path: rel, kind, wave, bytes: size };
  };

  if (options.wave === undefined) {
    writeStream(FILE_NAMES.rolloutWorkbook, 'rollout-workbook', undefined, (out) => writeRolloutWorkbook(input, out));
    const setup = tenantSetupScript(input);
    skipped.push(...setup.skipped.map((s) => ({ ...s, file: setup.file })));
    writeText(setup.file, 'tenant-setup', undefined, () => setup.text);
  }
  for (const wave of waves) {
    writeStream(FILE_NAMES.waveWorkbook(wave.number), 'wave-workbook', wave.number, (out) => writeWaveWorkbook(input, wave, out));
    // Scripts are generated inside their tasks, so only a few are in memory at once. The cutover
    // script and its rollback share their records: made once by whichever task runs first, dropped
    // when the second has taken its text.
    let memo: ReturnType<typeof waveScripts> | undefined;
    let uses = 0;
    const scripts = () => {
      memo ??= waveScripts(input, wave);
      const current = memo;
      if (++uses === 2) memo = undefined;
      return current;
    };
    writeText(FILE_NAMES.waveRunbook(wave.number), 'wave-runbook', wave.number, () => {
      const { runbook } = scripts();
      skippedByWave.set(wave.number, runbook.skipped.map((s) => ({ ...s, file: runbook.file })));
      return runbook.text;
    });
    writeText(FILE_NAMES.waveRollback(wave.number), 'wave-rollback', wave.number, () => scripts().rollback.text);
  }
  for (const csv of csvs) writeText(csv.file, csv.kind, csv.wave, csv.text);

  await fs.promises.mkdir(outDir, { recursive: true });
  const files = new Array<ExportedFile>(tasks.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      files[index] = await tasks[index]();
      options.onProgress?.(++done, tasks.length, files[index].path);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, tasks.length) }, worker));
  for (const wave of waves) skipped.push(...(skippedByWave.get(wave.number) ?? []));
  return { outDir, files, skipped };
}
