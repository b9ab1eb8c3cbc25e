/**
 * The form of one shared SBC (add or edit): id, FQDN, session capacity, licensed sessions and their
 * price, trunk group limit. It only edits a draft; SharedSbcs.tsx saves the whole list (PUT
 * /api/portfolio/sbcs with the version read), and the server's schema errors come back per field.
 */
import { useState } from 'react';
import { Button, Field, Input, makeStyles } from '@fluentui/react-components';
import type { SharedSbcDeclaration } from '../../../../../shared/domain/portfolio/portfolio-mapping';

const useStyles = makeStyles({
  form: { display: 'flex', gap: '8px', alignItems: 'flex-start', flexWrap: 'wrap' },
  actions: { display: 'flex', gap: '8px', alignSelf: 'flex-end' },
});

/** The fields the form edits, as typed (numbers are checked by the server's schema, not guessed here). */
const FIELDS = [
  { key: 'id', label: 'SBC id (name)', hint: 'letters, digits, ".", "-", "_"', numeric: false },
  { key: 'fqdn', label: 'FQDN', hint: "customers' gateways sit under it, e.g. contoso.sbc.msp.example", numeric: false },
  { key: 'sessionCapacity', label: 'Session capacity', hint: 'concurrent sessions', numeric: true },
  { key: 'licensedSessions', label: 'Licensed sessions', hint: '', numeric: true },
  { key: 'pricePerSessionPerYear', label: 'Licence price a session a year', hint: '', numeric: true },
  { key: 'trunkGroupLimit', label: 'Trunk group limit', hint: 'blank = 1,024', numeric: true },
] as const;
type FieldKey = (typeof FIELDS)[number]['key'];

export type SbcDraft = Record<FieldKey, string>;

export function draftOf(sbc?: SharedSbcDeclaration): SbcDraft {
  return {
    id: sbc?.id ?? '',
    fqdn: sbc?.fqdn ?? '',
    sessionCapacity: sbc ? String(sbc.sessionCapacity) : '',
    licensedSessions: sbc ? String(sbc.licensedSessions) : '',
    pricePerSessionPerYear: sbc ? String(sbc.pricePerSessionPerYear) : '',
    trunkGroupLimit: sbc?.trunkGroupLimit !== undefined ? String(sbc.trunkGroupLimit) : '',
  };
}

/**
 * The declaration to send: the fields the form does not show (traffic, add-on price) kept from the SBC
 * being edited; a number field that is not a number is sent as typed, so the server names it.
 */
export function declarationOf(draft: SbcDraft, editing?: SharedSbcDeclaration): SharedSbcDeclaration {
  const out: Record<string, unknown> = { ...(editing ?? {}) };
  for (const f of FIELDS) {
    const raw = draft[f.key].trim();
    if (f.key === 'trunkGroupLimit' && raw === '') {
      delete out.trunkGroupLimit;
      continue;
    }
    out[f.key] = f.numeric && raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out as unknown as SharedSbcDeclaration;
}

export function SharedSbcForm({
  initial,
  fieldErrors,
  busy,
  onSave,
  onCancel,
}: {
  initial: SbcDraft;
  /** Server messages by field key (from the 400's issue paths). */
  fieldErrors: Partial<Record<string, string>>;
  busy: boolean;
  onSave: (draft: SbcDraft) => void;
  onCancel: () => void;
}) {
  const styles = useStyles();
  const [draft, setDraft] = useState<SbcDraft>(initial);
  return (
    <form
      className={styles.form}
      aria-label="Shared SBC"
      data-testid="sbc-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(draft);
      }}
    >
      {FIELDS.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint || undefined} validationMessage={fieldErrors[f.key]} validationState={fieldErrors[f.key] ? 'error' : 'none'}>
          <Input
            value={draft[f.key]}
            inputMode={f.numeric ? 'decimal' : undefined}
            onChange={(_e, d) => setDraft({ ...draft, [f.key]: d.value })}
            data-testid={`sbc-${f.key}`}
          />
        </Field>
      ))}
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={busy} data-testid="sbc-save">
          Save SBC
        </Button>
        <Button onClick={onCancel} disabled={busy} data-testid="sbc-cancel">
          Cancel
        </Button>
      </div>
    </form>
  );
}
