/**
 * Saving one item of the settings from a panel form (a site's decision, a site's attributes): the PATCH
 * with the item as read, the message once saved, the error (a 409 keeps the changes sent, so "apply mine
 * again" re-sends them against what is stored now).
 */
import { useState } from 'react';
import type { ApiClient } from '../../api-client';
import type { SettingsItemChangeView } from '../../api-types';
import { conflictsOf, reapply } from './ItemConflict';

export function useItemSave(api: ApiClient, describe: (version: number | null) => string, onSaved: (message: string) => void) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<SettingsItemChangeView[]>();
  const [saved, setSaved] = useState<string>();

  async function send(changes: SettingsItemChangeView[]) {
    setSaving(true);
    setError(undefined);
    setSent(changes);
    try {
      const doc = await api.changeSettings(changes);
      const message = describe(doc.version);
      setSaved(message);
      onSaved(message);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return {
    saving,
    error,
    saved,
    send,
    applyMine: () => sent && void send(reapply(sent, conflictsOf(error))),
    clearError: () => setError(undefined),
    clearSaved: () => setSaved(undefined),
  };
}
