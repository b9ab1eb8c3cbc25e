/**
 * One dialog for every bulk settings change (decide many sites, override many people): a title, the
 * caller's form fields as children, and the save - per-item changes through PATCH /api/settings, each
 * carrying the item as read (`expected`), so only the items someone else changed meanwhile conflict.
 * A selection larger than one request holds is sent in parts, one after the other, with a progress bar;
 * a conflict stops there, lists both versions and offers "apply mine again" (the rest of the parts
 * follow), and what was saved before it stays saved.
 */
import { useRef, useState, type ReactNode } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  ProgressBar,
  makeStyles,
} from '@fluentui/react-components';
import type { ApiClient } from '../api-client';
import type { SettingsDocument, SettingsItemChangeView } from '../api-types';
import { count } from '../format';
import { conflictsOf, ItemConflict, reapply } from '../features/sites/ItemConflict';
import { ErrorBar } from './Feedback';
import { sendInParts } from './send-in-parts';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: '12px' } });

/** PATCH /api/settings takes at most this many items in one request. */
export const MAX_CHANGES_PER_REQUEST = 2000;

/** What the caller's fields produce: the changes to send, or a sentence when there is nothing to send. */
export type BulkChanges = SettingsItemChangeView[] | { nothing: string };

export function BulkChangeDialog({
  api,
  title,
  children,
  build,
  canSave,
  saveLabel,
  saveTestId,
  onClose,
  onSaved,
  partSize = MAX_CHANGES_PER_REQUEST,
}: {
  api: ApiClient;
  title: string;
  /** The form fields (and anything to read before them). */
  children: ReactNode;
  /** Called on Save: the per-item changes from the fields as they are now. */
  build: () => BulkChanges;
  /** False while the fields are incomplete or what they need is still loading. */
  canSave: boolean;
  saveLabel: string;
  saveTestId?: string;
  onClose: () => void;
  /** Everything was saved: the last settings version and how many items changed (0 with `nothing`). */
  onSaved: (saved: SettingsDocument | undefined, changed: number, nothing?: string) => void;
  /** Items per request (tests make it small). */
  partSize?: number;
}) {
  const styles = useStyles();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [progress, setProgress] = useState<{ done: number; total: number }>();
  // The changes not saved yet (from the part that failed on), for "apply mine again".
  const pending = useRef<SettingsItemChangeView[]>([]);
  const total = useRef(0);

  async function send(changes: SettingsItemChangeView[]) {
    setSaving(true);
    setError(undefined);
    pending.current = changes;
    // What was saved before (parts before a conflict) counts towards the progress.
    const before = total.current - changes.length;
    setProgress({ done: before, total: total.current });
    const outcome = await sendInParts(changes, partSize, (part) => api.changeSettings(part), (n) => setProgress({ done: before + n, total: total.current }));
    pending.current = outcome.rest;
    setSaving(false);
    if (outcome.error !== undefined) setError(outcome.error);
    else onSaved(outcome.last, total.current);
  }

  function save() {
    const built = build();
    if (!Array.isArray(built)) {
      onSaved(undefined, 0, built.nothing);
      return;
    }
    total.current = built.length;
    void send(built);
  }

  const conflicts = conflictsOf(error);
  const done = progress?.done ?? 0;
  const parts = Math.ceil((progress?.total ?? 0) / partSize);
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={styles.form}>
            {children}
            {progress && (saving || error !== undefined) && (
              <Field
                validationState="none"
                validationMessage={
                  parts > 1
                    ? `${count(done)} of ${count(progress.total)} saved, in parts of ${count(partSize)}${error !== undefined ? '; stopped at a conflict' : ''}.`
                    : saving
                      ? `Saving ${count(progress.total)} change${progress.total === 1 ? '' : 's'}…`
                      : undefined
                }
                data-testid="bulk-progress"
              >
                <ProgressBar value={parts > 1 || !saving ? done / Math.max(1, progress.total) : undefined} aria-label={`${count(done)} of ${count(progress.total)} saved`} />
              </Field>
            )}
            {conflicts.length > 0 ? (
              <ItemConflict error={error} busy={saving} onApplyMine={() => void send(reapply(pending.current, conflicts))} onReload={onClose} />
            ) : error !== undefined ? (
              <ErrorBar error={error} />
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={save} disabled={saving || !canSave} data-testid={saveTestId}>
              {saving ? 'Saving…' : saveLabel}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
