/**
 * A per-item settings conflict (409 from PATCH /api/settings): for each item someone else changed since
 * it was read, what is stored now next to what the admin wanted to save, and "Apply mine again" (send
 * the same values with `expected` = what is stored now) or "Use theirs" (reload). ItemSaveError puts
 * it, or a refused save's issues that no field shows, below a per-item form.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { ApiError, errorText } from '../../api-client';
import type { SettingsItemChangeView, SettingsItemConflict } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';
import { fieldPath } from '../settings/use-section-editor';

const useStyles = makeStyles({
  compare: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: '8px', rowGap: '2px', margin: '6px 0' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
});

/** The conflicts a 409 answer carries, or none. */
export function conflictsOf(error: unknown): SettingsItemConflict[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  const body = error.body as { error?: { conflicts?: SettingsItemConflict[] } } | undefined;
  return body?.error?.conflicts ?? [];
}

/** The changes again, each expecting what is stored now: the admin's values win this time. */
export function reapply(changes: SettingsItemChangeView[], conflicts: SettingsItemConflict[]): SettingsItemChangeView[] {
  const key = (t: unknown) => JSON.stringify(t);
  const current = new Map(conflicts.map((c) => [key(c.target), c.current]));
  return changes.map((c) => (current.has(key(c.target)) ? { ...c, expected: current.get(key(c.target)) ?? null } : c));
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .filter(([k]) => k !== 'siteId' && k !== 'user' && k !== 'groupId')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
}

export function ItemConflict({ error, onApplyMine, onReload, busy }: { error: unknown; onApplyMine: () => void; onReload: () => void; busy?: boolean }) {
  const styles = useStyles();
  const conflicts = conflictsOf(error);
  return (
    <MessageBar intent="error" role="alert" data-testid="conflict-message" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Someone else changed this since you opened it</MessageBarTitle>
        {errorText(error)}
        {conflicts.slice(0, 5).map((c, i) => (
          <div key={i} className={styles.compare} data-testid="conflict-versions">
            <strong>Theirs (saved)</strong>
            <span className={styles.code}>{describe(c.current)}</span>
            <strong>Yours</strong>
            <span className={styles.code}>{describe(c.submitted)}</span>
          </div>
        ))}
        {conflicts.length > 5 && <div>…and {conflicts.length - 5} more.</div>}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onApplyMine} disabled={busy} data-testid="conflict-apply-mine">
          Apply mine again
        </Button>
        <Button onClick={onReload} data-testid="conflict-reload">
          Reload
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

/**
 * The errors of a refused save (400), by JSON path. Warnings (another item's stale reference, kept from
 * before) do not stop a save: a per-item form shows errors only.
 */
export function refusedIssues(error: unknown): ApiError['issues'] {
  return error instanceof ApiError && error.status === 400 ? error.issues.filter((i) => i.severity !== 'warning') : [];
}

/**
 * A per-item save that failed, below its form: a conflict with both versions and "apply mine again";
 * else the refused save's issues that no field of the form shows (`atField`, by dotted path), or the
 * error itself when it names none. Nothing when every issue is shown at its field.
 */
export function ItemSaveError({
  error,
  atField,
  busy,
  onApplyMine,
  onReload,
}: {
  error: unknown;
  atField: (path: string) => boolean;
  busy?: boolean;
  onApplyMine: () => void;
  onReload: () => void;
}) {
  if (error === undefined) return null;
  if (conflictsOf(error).length > 0) return <ItemConflict error={error} busy={busy} onApplyMine={onApplyMine} onReload={onReload} />;
  const issues = refusedIssues(error);
  const other = issues.filter((i) => !atField(fieldPath(i.path)));
  if (issues.length === 0) return <ErrorBar title="Not saved" error={error} />;
  return other.length ? <ErrorBar title="Not saved" error={new Error(other.map((i) => `${i.path}: ${i.message}`).join('; '))} /> : null;
}
