/**
 * Overrides the path of the selected people in one change (one PATCH, one settings version), each
 * expecting that person's override as it is stored, or removes their overrides. A conflict lists the
 * people someone else changed meanwhile, with both versions, and can apply this change again.
 */
import { useEffect, useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Select,
  Spinner,
  Text,
} from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PstnPath, SettingsDocument, SettingsItemChangeView } from '../../api-types';
import type { PersonRow } from '../../../../../shared/services/people-query';
import { ErrorBar } from '../../components/Feedback';
import { count, PATH_LABELS } from '../../format';
import { conflictsOf, ItemConflict, reapply } from '../sites/ItemConflict';
import { overrideChange, overrideComplete, storedOverride } from './override-changes';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: '12px' } });

/** PATCH /api/settings takes at most this many items in one change. */
const MAX_CHANGES = 2000;

export function BulkOverrideDialog({
  api,
  people,
  siteCountries,
  onClose,
  onSaved,
}: {
  api: ApiClient;
  people: PersonRow[];
  /** Site id -> country: operators and SBCs are offered when they serve every selected person's site. */
  siteCountries: ReadonlyMap<string, string | undefined>;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const styles = useStyles();
  const [path, setPath] = useState<PstnPath | 'clear'>('PBX');
  const [reason, setReason] = useState('');
  const [stayUntil, setStayUntil] = useState('');
  const [changes, setChanges] = useState<SettingsItemChangeView[]>();
  const [loadError, setLoadError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [overrides, setOverrides] = useState<Parameters<typeof storedOverride>[0]>();
  const [doc, setDoc] = useState<SettingsDocument>();
  const [operatorId, setOperatorId] = useState('');
  const [sbcId, setSbcId] = useState('');

  useEffect(() => {
    api
      .settings()
      .then((d) => {
        setDoc(d);
        setOverrides((d.settings.decisions?.users ?? []) as Parameters<typeof storedOverride>[0]);
      })
      .catch(setLoadError);
  }, [api]);

  const sitesOf = [...new Set(people.map((p) => p.siteId))];
  const countries = sitesOf.map((id) => (id ? siteCountries.get(id) : undefined));
  const servesAll = (list: readonly string[] | undefined) => countries.every((c) => c !== undefined && (list ?? []).includes(c));
  const operators = (doc?.settings.operators ?? []).filter((o) => servesAll(o.countries));
  const sbcs = (doc?.settings.sbcs ?? []).filter((s) => servesAll(s.countries) || sitesOf.every((id) => id !== undefined && (s.siteIds ?? []).includes(id)));
  const input = { path: path === 'clear' ? ('PBX' as PstnPath) : path, reason, stayUntil, operatorId: operatorId || operators[0]?.id, sbcId: sbcId || sbcs[0]?.id };
  const reasonMissing = path !== 'clear' && reason.trim() === '';
  const incomplete = path !== 'clear' && !overrideComplete(input);

  async function send(list: SettingsItemChangeView[]) {
    setSaving(true);
    setError(undefined);
    setChanges(list);
    try {
      const saved = await api.changeSettings(list);
      onSaved(
        path === 'clear'
          ? `Removed the overrides of ${count(list.length)} people: settings version ${saved.version ?? '?'}.`
          : `${count(list.length)} people overridden to ${PATH_LABELS[path]}: settings version ${saved.version ?? '?'}.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  function save() {
    if (!overrides) return;
    if (people.length > MAX_CHANGES) {
      setError(new Error(`One change holds at most ${count(MAX_CHANGES)} people; ${count(people.length)} are selected. Narrow the filter and override them in parts.`));
      return;
    }
    const list = people
      .map((p) => ({ p, stored: storedOverride(overrides, p) }))
      // Clearing people without an override changes nothing: they are left out.
      .filter(({ stored }) => path !== 'clear' || stored !== null)
      .map(({ p, stored }) => overrideChange(stored, p, path === 'clear' ? null : input));
    if (!list.length) {
      onSaved('None of the selected people had an override.');
      return;
    }
    void send(list);
  }

  const conflicted = conflictsOf(error).length > 0;
  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Override the path of {count(people.length)} people</DialogTitle>
          <DialogContent className={styles.form}>
            {loadError !== undefined && <ErrorBar error={loadError} />}
            {!overrides && loadError === undefined && <Spinner size="small" label="Reading their overrides…" />}
            <Text>An override wins over the site's decision for these people. It needs a reason; the history keeps it.</Text>
            <Field label="Path">
              <Select value={path} onChange={(_e, d) => setPath(d.value as PstnPath | 'clear')} data-testid="bulk-path">
                {Object.entries(PATH_LABELS).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v} ({k})
                  </option>
                ))}
                <option value="clear">Remove their overrides (use the site's path)</option>
              </Select>
            </Field>
            {path !== 'clear' && (
              <Field label="Reason" required validationMessage={reasonMissing ? 'An override needs a reason.' : undefined}>
                <Input value={reason} onChange={(_e, d) => setReason(d.value)} data-testid="bulk-reason" />
              </Field>
            )}
            {path === 'OC' && (
              <Field label="Operator" required hint={operators.length ? undefined : 'No operator serves every selected person\'s site: override them in smaller groups.'}>
                <Select value={input.operatorId ?? ''} onChange={(_e, d) => setOperatorId(d.value)}>
                  {operators.map((o) => (
                    <option key={o.id} value={o.id} title={o.id}>
                      {o.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {path === 'DR' && (
              <Field label="SBC" required hint={sbcs.length ? undefined : 'No SBC serves every selected person\'s site: override them in smaller groups.'}>
                <Select value={input.sbcId ?? ''} onChange={(_e, d) => setSbcId(d.value)}>
                  {sbcs.map((o) => (
                    <option key={o.id} value={o.id} title={o.id}>
                      {o.fqdn}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {path === 'PBX' && (
              <Field label="Stay on the PBX until" hint="Leave empty for an open-ended stay.">
                <Input type="date" value={stayUntil} onChange={(_e, d) => setStayUntil(d.value)} />
              </Field>
            )}
            {conflicted ? (
              <ItemConflict error={error} busy={saving} onApplyMine={() => changes && void send(reapply(changes, conflictsOf(error)))} onReload={onClose} />
            ) : error !== undefined ? (
              <ErrorBar error={error} />
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={save} disabled={saving || !overrides || incomplete} data-testid="bulk-save">
              {saving ? 'Saving…' : 'Save'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
