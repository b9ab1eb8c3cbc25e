/**
 * Collects import errors and warnings with their location. Every error counts; only the first
 * MAX_LISTED of each severity are kept verbatim, so a file with a million bad rows still answers fast.
 */
import type { ImportIssue } from '../domain/pbx-inventory';

export const MAX_LISTED = 1000;

const NO_ROWS: ReadonlySet<number> = new Set();

export class IssueLog {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  errorCount = 0;
  warningCount = 0;
  /** Rows with at least one error, per file: lets the report tell which DIDs were rejected. */
  private readonly badRows = new Map<string, Set<number>>();

  /** `always`: listed even past the cap (the message that explains why reading stopped). */
  error(file: string, row: number, column: string | undefined, reason: string, always = false): void {
    this.errorCount++;
    let rows = this.badRows.get(file);
    if (!rows) this.badRows.set(file, (rows = new Set()));
    rows.add(row);
    if (always || this.errors.length < MAX_LISTED) this.errors.push(issue('error', file, row, column, reason));
  }

  warning(file: string, row: number, column: string | undefined, reason: string): void {
    this.warningCount++;
    if (this.warnings.length < MAX_LISTED) this.warnings.push(issue('warning', file, row, column, reason));
  }

  /** The rows of the file with at least one error. */
  rowsWithErrors(file: string): ReadonlySet<number> {
    return this.badRows.get(file) ?? NO_ROWS;
  }

  /** Stable order (file, row, column) plus a closing note when some were not listed. */
  sorted(severity: 'error' | 'warning'): ImportIssue[] {
    const list = [...(severity === 'error' ? this.errors : this.warnings)].sort(compareIssues);
    const total = Math.max(list.length, severity === 'error' ? this.errorCount : this.warningCount);
    if (total > list.length) {
      list.push(issue(severity, list[0]?.file ?? '', 0, undefined, `${total - list.length} more ${severity}s not listed (${total} in all).`));
    }
    return list;
  }
}

function issue(severity: 'error' | 'warning', file: string, row: number, column: string | undefined, reason: string): ImportIssue {
  return column === undefined ? { severity, file, row, reason } : { severity, file, row, column, reason };
}

export function compareIssues(a: ImportIssue, b: ImportIssue): number {
  return a.file.localeCompare(b.file) || a.row - b.row || (a.column ?? '').localeCompare(b.column ?? '') || a.reason.localeCompare(b.reason);
}
