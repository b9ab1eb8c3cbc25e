/**
 * Running the real `vmp` binary for the CLI end-to-end tests, the way a script would: one child process
 * per call from the repository root, with its exit code and both output streams. Also the temp folder
 * and SQLite file each of those tests points `--db` at, and the input files it hands the commands.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.join(__dirname, '..', '..');

export interface VmpResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `bin/vmp.js` with these arguments and waits for it to exit (killed after timeoutMs). */
export function runVmp(args: string[], timeoutMs = 60_000): VmpResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'vmp.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `vmp(...args)`: runVmp with the default timeout. */
export function vmp(...args: string[]): VmpResult {
  return runVmp(args);
}

/** A fresh temp folder (named after prefix) and the path of the SQLite file in it; nothing is created there yet. */
export function makeTempDb(prefix: string): { dir: string; db: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, db: path.join(dir, 'vmp.sqlite') };
}

/** Writes an input file into dir - a string as it is, anything else as indented JSON - and returns its path. */
export function writeInputFile(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}
