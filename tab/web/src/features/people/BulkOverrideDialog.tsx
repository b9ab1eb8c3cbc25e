/**
 * Overrides the path of the selected people (BulkChangeDialog: per-item changes, each expecting that
 * person's override as it is stored), or removes their overrides. More people than one request holds
 * are saved in parts with a progress bar. A conflict lists the people someone else changed meanwhile,
 * with both versions, and can apply this change again.
 */
import { useEffect, useState } from 'react';
import { Field, Input, Select, Spinner, Text } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PstnPath, SettingsDocument } from '../../api-types';
import type { PersonRow } from '../../../../../shared/services/people-query';
import { BulkChangeDialog } from '../../components/BulkChangeDialog';
import { ErrorBar } from '../../components/Feedback';
import { ServingChoiceField, servingAll } from '../../components/ServingChoices';
import { count, PATH_LABELS } from '../../format';
import { overrideChange, overrideComplete, storedOverride } from './override-changes';

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
  const [path, setPath] = useState<PstnPath | 'clear'>('PBX');
  const [reason, setReason] = useState('');
  const [stayUntil, setStayUntil] = useState('');
  const [loadError, setLoadError] = useState<unknown>();
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
  const offered = servingAll(
    doc?.settings,
    sitesOf.map((id) => (id ? siteCountries.get(id) : undefined)),
    sitesOf,
  );
  const input = {
    path: path === 'clear' ? ('PBX' as PstnPath) : path,
    reason,
    stayUntil,
    operatorId: operatorId || offered.operators[0]?.id,
    sbcId: sbcId || offered.sbcs[0]?.id,
  };
  const reasonMissing = path !== 'clear' && reason.trim() === '';
  const incomplete = path !== 'clear' && !overrideComplete(input);

  function build() {
    const list = people
      .map((p) => ({ p, stored: storedOverride(overrides ?? [], p) }))
      // Clearing people without an override changes nothing: they are left out.
      .filter(({ stored }) => path !== 'clear' || stored !== null)
      .map(({ p, stored }) => overrideChange(stored, p, path === 'clear' ? null : input));
    return list.length ? list : { nothing: 'None of the selected people had an override.' };
  }

  return (
    <BulkChangeDialog
      api={api}
      title={`Override the path of ${count(people.length)} people`}
      build={build}
      canSave={overrides !== undefined && !incomplete}
      saveLabel="Save"
      saveTestId="bulk-save"
      onClose={onClose}
      onSaved={(saved, changed, nothing) =>
        onSaved(
          nothing ??
            (path === 'clear'
              ? `Removed the overrides of ${count(changed)} people: settings version ${saved?.version ?? '?'}.`
              : `${count(changed)} people overridden to ${PATH_LABELS[path]}: settings version ${saved?.version ?? '?'}.`),
        )
      }
    >
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
      <ServingChoiceField
        path={path}
        offered={offered}
        operatorId={input.operatorId ?? ''}
        sbcId={input.sbcId ?? ''}
        onOperator={setOperatorId}
        onSbc={setSbcId}
        noneHint={(what) => `No ${what} serves every selected person's site: override them in smaller groups.`}
      />
      {path === 'PBX' && (
        <Field label="Stay on the PBX until" hint="Leave empty for an open-ended stay.">
          <Input type="date" value={stayUntil} onChange={(_e, d) => setStayUntil(d.value)} />
        </Field>
      )}
    </BulkChangeDialog>
  );
}
