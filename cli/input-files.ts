/**
 * Reading the JSON files commands take (settings, column mappings) and turning a refused settings
 * document into exit code 2 with every issue on stderr, the same way in every command.
 */
import fs from 'node:fs';
import type { SettingsIssue } from '../shared/domain/decisions/settings-validation';
import { SettingsValidationError } from '../shared/services/decision-service';
import { CliError, EXIT } from './cli-context';

/** Reads and parses a JSON file (a UTF-8 BOM is fine); unreadable or invalid JSON is bad input. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`, EXIT.badInput);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const issue: SettingsIssue = { severity: 'error', path: '$', code: 'json', message: `not valid JSON: ${(err as Error).message}` };
    process.stderr.write(`${file}: error ${issue.path}: ${issue.message}\n`);
    throw new CliError(`The ${what} ${file} is not valid JSON; nothing was saved.`, EXIT.badInput, { issues: [issue] });
  }
}

/** Rethrows a settings validation failure as exit 2, printing each issue with its JSON path. */
export function rethrowSettingsRejection(err: unknown, file: string): never {
  if (err instanceof SettingsValidationError) {
    for (const i of err.issues) process.stderr.write(`${file}: ${i.severity} ${i.path}: ${i.message}\n`);
    const errors = err.issues.filter((i) => i.severity === 'error').length;
    throw new CliError(`${file}: ${errors} error(s) in the planning settings; nothing was saved.`, EXIT.badInput, { issues: err.issues });
  }
  throw err;
}
