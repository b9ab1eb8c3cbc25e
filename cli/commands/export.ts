/**
 * `vmp export --out <dir> [--wave N]`: writes the rollout workbook, the per-wave workbooks, the
 * runbooks and the CSVs of the stored plan into a directory. `--json` lists the files written (path,
 * kind, wave, bytes) and anything a script had to leave out. A progress bar only on a terminal.
 */
import path from 'node:path';
import { ExportInputError, ExportResult } from '../../shared/export/export-files';
import { CliError, EXIT, GlobalOptions, printResult } from '../cli-context';
import { assertOutputFolder } from '../input-files';
import { withTenant } from '../services';
import { progressReporter } from './export-progress';

export function parseWaveOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,4}$/.test(value)) throw new CliError(`--wave expects a wave number (0 = pilot, 1, 2, ...); got "${value}".`, EXIT.badInput);
  return Number(value);
}

export function formatExportResult(result: ExportResult): string {
  const lines = [`Wrote ${result.files.length} files to ${result.outDir}:`];
  for (const f of result.files) lines.push(`  ${f.path.padEnd(48)} ${f.kind.padEnd(16)} ${String(f.bytes).padStart(10)} bytes`);
  if (result.skipped.length) {
    lines.push(`Left out of the scripts (${result.skipped.length}); handle these by hand:`);
    for (const s of result.skipped.slice(0, 20)) lines.push(`  ${s.file}: ${s.what}: ${s.reason}`);
    if (result.skipped.length > 20) lines.push(`  ... and ${result.skipped.length - 20} more (--json for all).`);
  }
  return lines.join('\n');
}

export interface ExportOptions {
  out: string;
  wave?: string;
}

export async function runExport(options: GlobalOptions, cmd: ExportOptions): Promise<void> {
  const wave = parseWaveOption(cmd.wave);
  assertOutputFolder(cmd.out);
  await withTenant(options, async (services, tenantId) => {
    const progress = progressReporter('export', options.json);
    let result: ExportResult;
    try {
      result = await services.exports.exportToDirectory(tenantId, path.resolve(cmd.out), { wave, onProgress: progress.update });
    } catch (err) {
      if (err instanceof ExportInputError) throw new CliError(err.message, EXIT.badInput);
      throw err;
    } finally {
      progress.stop();
    }
    printResult(options, result, () => formatExportResult(result));
  });
}
