/**
 * LibreOffice as the tests' second reader of the workbooks exceljs writes, independent of it: a headless
 * conversion to CSV with a private profile, so it never meets a desktop instance or another run.
 *
 * Always a child process the test awaits, never a synchronous one: most of these tests fetch the
 * workbooks from a server in the same process. A conversion that held the event loop past the server's
 * keep-alive timeout (5 s then, 65 s now; LibreOffice took over 5 s on a busy machine) left the client's
 * pooled connection looking alive, so the next request went out on it just as the server's overdue
 * timer closed it: `fetch failed` (ECONNRESET). Awaited, the timers run on time and the pool drops the
 * connection first.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';

const run = promisify(execFile);

const MISSING = 'LibreOffice is needed for this test: install it (Debian/Ubuntu: apt-get install -y libreoffice-calc-nogui) so that `soffice` is on PATH.';

let found: Promise<string> | undefined;

/** The LibreOffice command on PATH (`soffice`, else `libreoffice`); fails saying how to install it. */
export function findSoffice(): Promise<string> {
  found ??= (async () => {
    for (const candidate of ['soffice', 'libreoffice']) {
      try {
        await run(candidate, ['--version'], { timeout: 60_000 });
        return candidate;
      } catch {
        // Not this one.
      }
    }
    throw new Error(MISSING);
  })();
  return found;
}

/**
 * Converts workbooks to CSV in `outDir`, all in one run: the first sheet of each (`<stem>.csv`), or with
 * `everySheet` each sheet to its own file (`<stem>-<sheet name>.csv`). `profileDir` holds the private profile.
 */
export async function convertToCsv(files: string[], outDir: string, options: { profileDir: string; everySheet?: boolean }): Promise<void> {
  const soffice = await findSoffice();
  // Comma, double quote, UTF-8, from line 1; with every sheet, the last token -1 writes one file per sheet.
  const filter = `csv:Text - txt - csv (StarCalc):44,34,76,1${options.everySheet ? ',,0,false,true,false,false,false,-1' : ''}`;
  const args = [`-env:UserInstallation=file://${options.profileDir}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', outDir, ...files];
  try {
    await run(soffice, args, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`LibreOffice could not convert ${files.map((f) => path.basename(f)).join(', ')}: ${e.stderr || e.message}`);
  }
}

/** The rows of a CSV file LibreOffice wrote. */
export function readCsv(file: string): string[][] {
  return parse(fs.readFileSync(file, 'utf8'), { relax_column_count: true }) as string[][];
}
