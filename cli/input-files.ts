/**
 * Reading the JSON files commands take (settings, site rules, column mappings) and turning a refused
 * settings or site rules document into exit code 2 with every issue on stderr, the same way in every command.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SettingsIssue } from '../shared/domain/decisions/settings-validation';
import { SettingsValidationError } from '../shared/services/decision-service';
import { SiteRulesValidationError } from '../shared/services/site-rules-service';
import { CliError, EXIT, forTerminal } from './cli-context';
import { counted } from '../shared/domain/counted';

/** Why a file cannot be read, in words: `no such file` rather than ENOENT. */
export function unreadableReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? String(err);
}

/** Reads and parses a JSON file (a UTF-8 BOM is fine); unreadable or invalid JSON is bad input. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the ${what} ${file}: ${unreadableReason(err)}.`, EXIT.badInput);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const issue: SettingsIssue = { severity: 'error', path: '$', code: 'json', message: `not valid JSON: ${(err as Error).message}` };
    process.stderr.write(forTerminal(`${file}: error ${issue.path}: ${issue.message}\n`));
    throw new CliError(`The ${what} ${file} is not valid JSON; nothing was saved.`, EXIT.badInput, { issues: [issue] });
  }
}

/** A refused document as exit 2: each issue with its JSON path on stderr, and all of them in --json. */
export function refuseInput(file: string, issues: SettingsIssue[], what: string): never {
  for (const i of issues) process.stderr.write(forTerminal(`${file}: ${i.severity} ${i.path}: ${i.message}\n`));
  const errors = issues.filter((i) => i.severity === 'error').length;
  throw new CliError(`${file}: ${counted(errors, 'error')} in the ${what}; nothing was saved.`, EXIT.badInput, { issues });
}

/** Rethrows a settings validation failure as exit 2, printing each issue with its JSON path. */
export function rethrowSettingsRejection(err: unknown, file: string): never {
  if (err instanceof SettingsValidationError) refuseInput(file, err.issues, 'planning settings');
  throw err;
}

/** Rethrows refused site mapping rules as exit 2, printing each issue with its JSON path. */
export function rethrowSiteRulesRejection(err: unknown, file: string): never {
  if (err instanceof SiteRulesValidationError) refuseInput(file, err.issues, 'site mapping rules');
  throw err;
}

/**
 * An output folder option (`--out`): a file of that name (or a file where a parent folder should be) is
 * bad input naming the option, not a mkdir error; a folder that does not exist yet is created later.
 */
export function assertOutputFolder(dir: string, option = '--out'): void {
  let at = path.resolve(dir);
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(at);
    } catch {
      stat = undefined;
    }
    if (stat) {
      if (stat.isDirectory()) return;
      const what = at === path.resolve(dir) ? 'is a file, not a folder' : `cannot be made: ${at} is a file, not a folder`;
      throw new CliError(`${option} ${dir} ${what}.`, EXIT.badInput);
    }
    const parent = path.dirname(at);
    if (parent === at) return;
    at = parent;
  }
}
