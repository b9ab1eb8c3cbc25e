/**
 * The resource account a PBX group's call queue answers on, in the wave panel's groups table: the
 * tenant's own account when the settings name one (`callQueueAccounts`), else a new one the cutover
 * runbook creates. An admin who already has the queue's account in Teams names it here; it is saved as
 * one item through PATCH /api/settings with the account as read (`call-queue-account`), so it never
 * conflicts with another group's or another site's change. The server's checks (a resource account in
 * the snapshot, serving no other voice app) show at the field.
 */
import { useState } from 'react';
import { Button, Field, Input, MessageBar, MessageBarBody, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import { fieldPath } from '../settings/use-section-editor';
import { ItemSaveError, refusedIssues } from '../sites/ItemConflict';
import { useItemSave } from '../sites/use-item-save';
import { groupIdLabel } from '../../../../../shared/domain/migration-group-labels';

const useStyles = makeStyles({
  line: { display: 'flex', gap: '6px', alignItems: 'center', flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: '6px', marginTop: '4px', maxWidth: '420px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function QueueAccount({
  api,
  groupId,
  groupName,
  entry,
  onChanged,
}: {
  api: ApiClient;
  groupId: string;
  groupName: string;
  /**
   * The settings' entry naming the tenant's account for this queue now (perhaps the entry of the other
   * queue kind of the same name: one queue); undefined: the runbook creates one.
   */
  entry: { groupId: string; account: string } | undefined;
  onChanged: () => void;
}) {
  const styles = useStyles();
  const account = entry?.account;
  // The entry is edited where it is: a twin's entry stays the twin's, so the queue keeps one account.
  const target = { kind: 'call-queue-account' as const, groupId: entry?.groupId ?? groupId };
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(account ?? '');
  const { saving, error, saved, send, applyMine, clearError, clearSaved } = useItemSave(
    api,
    (v) => `Saved (settings version ${v ?? '?'}): make the plan again for the runbooks to use it.`,
    () => {
      setEditing(false);
      onChanged();
    },
  );
  const save = (value: string | null) => void send([{ target, expected: entry ?? null, value: value ? { groupId: target.groupId, account: value } : null }]);

  // The server names `$.callQueueAccounts[<n>].account` (or `.groupId`, a queue named twice): this field.
  const atField = (path: string) => /^callQueueAccounts\.\d+\.(account|groupId)$/.test(path);
  const fieldError = refusedIssues(error).find((i) => atField(fieldPath(i.path)))?.message;

  return (
    <div data-testid="queue-account" data-account={account ?? ''}>
      <div className={styles.line}>
        <Text size={200} className={styles.muted} data-testid="queue-account-text">
          {account
            ? `on ${account} (the tenant's account${entry!.groupId !== groupId ? `, named for ${groupIdLabel(entry!.groupId)}, the same queue` : ''})`
            : 'on a new resource account'}
        </Text>
        {!editing && (
          <Button
            size="small"
            appearance="transparent"
            aria-label={`${account ? 'Change' : "Use the tenant's account"} for ${groupName}'s call queue`}
            onClick={() => {
              setDraft(account ?? '');
              clearError();
              clearSaved();
              setEditing(true);
            }}
            data-testid="queue-account-edit"
          >
            {account ? 'Change' : "Use the tenant's account"}
          </Button>
        )}
      </div>
      {editing && (
        <form
          className={styles.form}
          aria-label={`Resource account of ${groupName}'s call queue`}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save(draft.trim() || null);
          }}
        >
          <Field
            label="Resource account (UPN)"
            hint="The tenant's resource account for this queue: its number and the queue go to it. Empty: the runbook creates one"
            validationMessage={fieldError}
            validationState={fieldError ? 'error' : 'none'}
          >
            <Input value={draft} placeholder="cq-service-desk@contoso.com" onChange={(_e, d) => setDraft(d.value)} data-testid="queue-account-input" />
          </Field>
          <div className={styles.line}>
            <Button type="submit" appearance="primary" size="small" disabled={saving || draft.trim() === (account ?? '')} data-testid="queue-account-save">
              {saving ? 'Saving…' : 'Save'}
            </Button>
            {account && (
              <Button size="small" disabled={saving} onClick={() => save(null)} data-testid="queue-account-remove">
                Use a new account
              </Button>
            )}
            <Button size="small" appearance="subtle" disabled={saving} onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
          <ItemSaveError error={error} atField={atField} busy={saving} onApplyMine={applyMine} onReload={onChanged} />
        </form>
      )}
      {saved && !editing && (
        <MessageBar intent="success" data-testid="queue-account-saved">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
