/**
 * A site's attributes in the site panel: emergency address state, location id and routing, the resource
 * account of its auto attendant and its operator, its business hours, its subnets and Location-Based Routing, its security desk, its Survivable Branch Appliances,
 * its Shared Calling emergency callback numbers, its call park, holiday region, the PBX switch-off date, and the facts that steer the recommendation (compliance recording, lawful intercept,
 * data residency, contact centre, carrier contract, PBX staying). Saved as one item through PATCH
 * /api/settings with the attributes as read (`site-attributes`), so it never conflicts with another
 * site's change; the server's field errors show at the fields, and a real conflict shows both versions
 * with "apply mine again".
 */
import { useEffect, useMemo, useState } from 'react';
import { Button, Checkbox, Field, Input, MessageBar, MessageBarBody, Text, makeStyles } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { SiteDetailView } from '../../api-types';
import type { SecurityDesk, SiteAttributes } from '../../../../../shared/domain/planning-settings';
import { UPN_PATTERN } from '../../../../../shared/domain/upn';
import { isFqdn } from '../../../../../shared/domain/fqdn';
import { isE164Number } from '../../../../../shared/domain/e164';
import { EMERGENCY_ADDRESS_STATES, SECURITY_DESK_HEARS } from '../../../../../shared/domain/emergency-labels';
import { formatBusinessHours, parseBusinessHours } from '../../../../../shared/domain/business-hours';
import { parseSubnetList } from '../../../../../shared/domain/network-subnets';
import { formatCallPark, parseCallPark } from '../../../../../shared/domain/call-park';
import { fieldPath } from '../settings/use-section-editor';
import { SelectField } from '../settings/FormControls';
import { ItemSaveError, refusedIssues } from './ItemConflict';
import { useItemSave } from './use-item-save';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: '8px' },
  // Cells may shrink below their content's width (a select with a long option would overlap the next column).
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: '8px 16px', alignItems: 'start', '& > *': { minWidth: 0 } },
  checks: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: '0 16px', alignItems: 'start' },
  row: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
});

type Flag = 'emergencyRouting' | 'pbxStays' | 'keepCarrierContract' | 'complianceRecording' | 'lawfulIntercept' | 'dataResidency' | 'contactCentre';

const FLAGS: { key: Flag; label: string }[] = [
  { key: 'emergencyRouting', label: 'Emergency call routing in place (Direct Routing)' },
  { key: 'pbxStays', label: 'The PBX stays in service here' },
  { key: 'keepCarrierContract', label: 'Keep the carrier contract' },
  { key: 'complianceRecording', label: 'Compliance recording' },
  { key: 'lawfulIntercept', label: 'Lawful intercept' },
  { key: 'dataResidency', label: 'Data residency requirement' },
  { key: 'contactCentre', label: 'Contact centre' },
];

/** Identifiers the runbooks take as they are: kept as typed (trimmed), removed when emptied. */
const TEXT_FIELDS: { key: 'emergencyLocationId' | 'autoAttendantAccount' | 'operator'; label: string; hint: string; placeholder: string }[] = [
  {
    key: 'emergencyLocationId',
    label: 'Emergency location id',
    hint: "From Get-CsOnlineLisLocation; given to this site's Operator Connect and Calling Plan numbers",
    placeholder: '00000000-0000-0000-0000-000000000000',
  },
  {
    key: 'autoAttendantAccount',
    label: "Auto attendant's resource account",
    hint: "The UPN of the tenant's own account for this site's auto attendant: the main number goes to it. Empty: the runbook creates one",
    placeholder: 'aa-site@contoso.com',
  },
  {
    key: 'operator',
    label: 'Operator',
    hint: 'Who "0" reaches at its auto attendant: the UPN of a person (reception) or of a call queue\'s resource account. Empty: no operator',
    placeholder: 'reception@contoso.com',
  },
];

/** Location-Based Routing set for the site (the empty choice: as its country requires). */
const LOCATION_BASED_ROUTING = [
  { value: 'on', label: 'On' },
  { value: 'off', label: 'Off' },
];

/** A select's options from words by value (emergency-labels.ts), each as a label starts. */
function choices(words: Readonly<Record<string, string>>): { value: string; label: string }[] {
  return Object.entries(words).map(([value, label]) => ({ value, label: label.charAt(0).toUpperCase() + label.slice(1) }));
}

/** How the security desk hears of an emergency call (the policy's NotificationMode). */
const SECURITY_DESK_MODES = choices(SECURITY_DESK_HEARS);

/** Entries of one line ("security@contoso.com, soc@contoso.com"), or the first that is not `what`. */
function parseEntries(line: string, valid: (entry: string) => boolean, what: string): { entries: string[]; error?: undefined } | { entries?: undefined; error: string } {
  const entries = line.split(/[\s,;]+/).filter(Boolean);
  const bad = entries.findIndex((e) => !valid(e));
  if (bad >= 0) return { error: `${entries.length > 1 ? `entry ${bad + 1}: ` : ''}"${entries[bad]}" is not ${what}` };
  return { entries };
}

/** The attributes edited as one line of text each ("Mon-Fri 08:00-18:00", "10.20.0.0/16, 2001:db8:20::/48"). */
type LineKey = 'businessHours' | 'subnets' | 'securityDesk' | 'survivableBranchAppliances' | 'sharedCalling' | 'callPark';

interface LineField {
  label: string;
  hint: string;
  placeholder: string;
  /** The stored attribute as the line shows it. */
  format: (a: SiteAttributes) => string;
  /** Reads the line into `value` (removing the attribute when the line is empty), or says what is wrong. */
  read: (text: string, value: SiteAttributes) => string | undefined;
}

/** Copies a parsed list into the attribute, or removes the attribute for an empty list. */
function listRead<K extends LineKey>(key: K, parse: (text: string) => { entries: string[]; error?: undefined } | { error: string }, wrap: (entries: string[], value: SiteAttributes) => SiteAttributes[K]) {
  return (text: string, value: SiteAttributes): string | undefined => {
    const parsed = parse(text);
    if (parsed.error !== undefined) return parsed.error;
    if (parsed.entries.length) value[key] = wrap(parsed.entries, value);
    else delete value[key];
    return undefined;
  };
}

/** In the order of the form; the field's test id is `site-attr-<key>`. */
const LINE_FIELDS: Record<LineKey, LineField> = {
  businessHours: {
    label: 'Business hours',
    hint: "When its main number answers as open, in the site's time zone: Mon-Fri 08:00-18:00, Sat 09:00-12:00. Empty: at all hours",
    placeholder: 'Mon-Fri 08:00-18:00',
    format: (a) => formatBusinessHours(a.businessHours ?? []),
    read: (text, value) => {
      const parsed = parseBusinessHours(text);
      if ('error' in parsed) return parsed.error;
      if (parsed.ranges.length) value.businessHours = parsed.ranges;
      else delete value.businessHours;
      return undefined;
    },
  },
  subnets: {
    label: 'Subnets',
    hint: "The site's IP subnets: the tenant setup makes it a Teams network site with them, for Location-Based Routing and, with its emergency location, dynamic emergency calling",
    placeholder: '10.20.0.0/16, 2001:db8:20::/48',
    format: (a) => (a.subnets ?? []).join(', '),
    read: listRead(
      'subnets',
      (text) => {
        const parsed = parseSubnetList(text);
        return parsed.error !== undefined ? { error: parsed.error } : { entries: parsed.subnets.map((n) => n.text) };
      },
      (entries) => entries,
    ),
  },
  securityDesk: {
    label: 'Security desk',
    hint: "Who is told of an emergency call from the site (Kari's Law in the US): email addresses of people or groups. Empty: no one",
    placeholder: 'security@contoso.com',
    format: (a) => (a.securityDesk?.notify ?? []).join(', '),
    // Without anyone to notify there is no security desk: its mode and dial-out number go with it.
    read: listRead(
      'securityDesk',
      (text) => parseEntries(text, (e) => UPN_PATTERN.test(e), 'an email address'),
      (notify, value) => {
        const dialOut = value.securityDesk?.dialOutNumber?.trim();
        return { notify, mode: value.securityDesk?.mode ?? 'NotificationOnly', ...(dialOut && { dialOutNumber: dialOut }) };
      },
    ),
  },
  survivableBranchAppliances: {
    label: 'Survivable Branch Appliances',
    hint: "Host names of the site's appliances: its Direct Routing users keep calling through them when the site loses Microsoft. The site needs its subnets",
    placeholder: 'sba1.contoso.com',
    format: (a) => (a.survivableBranchAppliances ?? []).join(', '),
    read: listRead('survivableBranchAppliances', (text) => parseEntries(text, isFqdn, 'a host name (FQDN)'), (fqdns) => fqdns),
  },
  sharedCalling: {
    label: 'Shared Calling: emergency callback numbers',
    hint: 'People here without a number of their own call out as the site\'s main number; an emergency call shows one of these numbers. E.164, unassigned. Empty: Shared Calling off',
    placeholder: '+14255550101, +14255550102',
    format: (a) => (a.sharedCalling?.emergencyCallbackNumbers ?? []).join(', '),
    // Shared Calling is on while the site has callback numbers: an empty line turns it off.
    read: listRead('sharedCalling', (text) => parseEntries(text, isE164Number, 'an E.164 number such as +14255550100'), (numbers) => ({ emergencyCallbackNumbers: numbers })),
  },
  callPark: {
    label: 'Call park',
    hint: "Its people parked calls on the PBX: the cutover grants them a Teams call park policy. on: Teams' pickup codes (10-99) and ring-back (300 s); else the PBX's, as 700-799, 120 s. Empty: off",
    placeholder: '700-799, 120 s',
    format: (a) => formatCallPark(a.callPark),
    read: (text, value) => {
      const parsed = parseCallPark(text);
      if ('error' in parsed) return parsed.error;
      if (parsed.callPark) value.callPark = parsed.callPark;
      else delete value.callPark;
      return undefined;
    },
  },
};
const LINE_KEYS = Object.keys(LINE_FIELDS) as LineKey[];

/** The one-line fields' text as typed and the tab's own errors, from the attributes the form starts from. */
function useLineFields(initial: SiteAttributes) {
  const initialTexts = useMemo(() => Object.fromEntries(LINE_KEYS.map((k) => [k, LINE_FIELDS[k].format(initial)])) as Record<LineKey, string>, [initial]);
  const [texts, setTexts] = useState(initialTexts);
  const [errors, setErrors] = useState<Partial<Record<LineKey, string>>>({});
  return {
    texts,
    errors,
    changed: LINE_KEYS.some((k) => texts[k] !== initialTexts[k]),
    edit: (key: LineKey, text: string) => {
      setTexts((t) => ({ ...t, [key]: text }));
      setErrors((e) => ({ ...e, [key]: undefined }));
    },
    /** Reads every line into `value`; false (each error at its field) when one cannot be read. */
    readInto: (value: SiteAttributes): boolean => {
      const found: Partial<Record<LineKey, string>> = {};
      for (const k of LINE_KEYS) {
        const error = LINE_FIELDS[k].read(texts[k], value);
        if (error !== undefined) found[k] = error;
      }
      setErrors(found);
      return Object.keys(found).length === 0;
    },
    reset: () => {
      setTexts(initialTexts);
      setErrors({});
    },
  };
}

/** A one-line field: the tab's own parse error first, else the server's. */
function LineInput({ field, text, error, onEdit, testId }: { field: LineField; text: string; error?: string; onEdit: (text: string) => void; testId: string }) {
  return (
    <Field label={field.label} hint={field.hint} validationMessage={error} validationState={error ? 'error' : 'none'}>
      <Input value={text} placeholder={field.placeholder} onChange={(_e, d) => onEdit(d.value)} data-testid={testId} />
    </Field>
  );
}

const EMERGENCY_ADDRESS = choices(EMERGENCY_ADDRESS_STATES);

/** The schema's defaults: a site without stored attributes reads as these. */
function withDefaults(siteId: string, stored: SiteAttributes | null): SiteAttributes {
  return {
    siteId,
    complianceRecording: false,
    lawfulIntercept: false,
    dataResidency: false,
    contactCentre: false,
    keepCarrierContract: false,
    pbxStays: false,
    emergencyAddress: 'missing',
    emergencyRouting: false,
    ...(stored ?? {}),
  };
}

export function SiteAttributesForm({ api, detail, onSaved, onReload }: { api: ApiClient; detail: SiteDetailView; onSaved: (message: string) => void; onReload: () => void }) {
  const styles = useStyles();
  const siteId = detail.site.id;
  const stored = detail.attributes;
  const initial = useMemo(() => withDefaults(siteId, stored), [siteId, stored]);
  const [draft, setDraft] = useState<SiteAttributes>(initial);
  const lines = useLineFields(initial);
  const { saving, error, saved, send, applyMine, clearError, clearSaved } = useItemSave(api, (v) => `Saved the attributes of ${detail.site.name}: settings version ${v ?? '?'}.`, onSaved);
  // A reload (after a save or a conflict) brings what is stored now: the form starts from it.
  useEffect(() => {
    setDraft(initial);
    lines.reset();
    clearError();
  }, [initial]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (patch: Partial<SiteAttributes>) => {
    setDraft((d) => ({ ...d, ...patch }));
    clearSaved();
  };

  // A refused save names `$.sites[<n>].<field>`: before this change every other site's attributes were
  // valid (an invalid document is never saved), so an error there is this site's.
  // Warnings (another site's stale attributes) do not stop a save: only errors are this form's to show.
  const issues = refusedIssues(error);
  const errorAt = (field: string) => issues.find((i) => new RegExp(`^sites\\.\\d+\\.${field}$`).test(fieldPath(i.path)))?.message;
  const shown = new Set(['emergencyAddress', ...TEXT_FIELDS.map((f) => f.key), 'region', 'pbxDecommissionDate', 'locationBasedRouting', ...FLAGS.map((f) => f.key)]);
  // A one-line field's errors name an entry (`sites.3.businessHours.0.to`, `sites.3.subnets.1`): all shown at its field,
  // except the security desk's dial-out number's, at its own field.
  const dialOutAt = (path: string) => /\.securityDesk\.dialOutNumber$/.test(path);
  const lineAt = (key: LineKey) => (path: string) => new RegExp(`^sites\\.\\d+\\.${key}(\\.|$)`).test(path) && !dialOutAt(path);
  const atField = (path: string) => LINE_KEYS.some((k) => lineAt(k)(path)) || dialOutAt(path) || (/^sites\./.test(path) && shown.has(path.split('.').pop() ?? ''));
  const lineError = (key: LineKey) => lines.errors[key] ?? issues.find((i) => lineAt(key)(fieldPath(i.path)))?.message;
  const serverDialOutError = issues.find((i) => dialOutAt(fieldPath(i.path)))?.message;
  const setDesk = (patch: Partial<SecurityDesk>) => set({ securityDesk: { notify: [], mode: 'NotificationOnly', ...draft.securityDesk, ...patch } });

  function save() {
    const value: SiteAttributes = { ...draft, siteId };
    if (!lines.readInto(value)) return;
    if (!value.region?.trim()) delete value.region;
    else value.region = value.region.trim();
    if (!value.pbxDecommissionDate) delete value.pbxDecommissionDate;
    for (const { key } of TEXT_FIELDS) {
      const text = value[key]?.trim();
      if (text) value[key] = text;
      else delete value[key];
    }
    void send([{ target: { kind: 'site-attributes', siteId }, expected: stored, value }]);
  }

  const dirty = JSON.stringify(draft) !== JSON.stringify(initial) || lines.changed;
  const lineInput = (key: LineKey) => (
    <LineInput
      field={LINE_FIELDS[key]}
      text={lines.texts[key]}
      error={lineError(key)}
      onEdit={(text) => {
        lines.edit(key, text);
        clearSaved();
      }}
      testId={`site-attr-${key}`}
    />
  );
  return (
    <form
      className={styles.form}
      aria-label={`Attributes of ${detail.site.name}`}
      data-testid="site-attributes-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <Text as="h3" weight="semibold" size={400}>
        Site attributes
      </Text>
      <div className={styles.grid}>
        <SelectField
          label="Emergency address"
          value={draft.emergencyAddress}
          options={EMERGENCY_ADDRESS}
          onChange={(v) => set({ emergencyAddress: (v ?? 'missing') as SiteAttributes['emergencyAddress'] })}
          error={errorAt('emergencyAddress')}
          testId="site-attr-emergencyAddress"
        />
        {TEXT_FIELDS.map((f) => (
          <Field key={f.key} label={f.label} hint={f.hint} validationMessage={errorAt(f.key)} validationState={errorAt(f.key) ? 'error' : 'none'}>
            <Input value={draft[f.key] ?? ''} placeholder={f.placeholder} onChange={(_e, d) => set({ [f.key]: d.value || undefined })} data-testid={`site-attr-${f.key}`} />
          </Field>
        ))}
        {lineInput('businessHours')}
        {lineInput('subnets')}
        {lineInput('securityDesk')}
        <SelectField
          label="Security desk hears of a call"
          value={draft.securityDesk?.mode ?? 'NotificationOnly'}
          options={SECURITY_DESK_MODES}
          onChange={(v) => setDesk({ mode: (v ?? 'NotificationOnly') as SecurityDesk['mode'] })}
          testId="site-attr-securityDesk-mode"
        />
        <Field
          label="Security desk number"
          hint="A PSTN number also called into the emergency call (when the desk joins it), E.164"
          validationMessage={serverDialOutError}
          validationState={serverDialOutError ? 'error' : 'none'}
        >
          <Input value={draft.securityDesk?.dialOutNumber ?? ''} placeholder="+14255550100" onChange={(_e, d) => setDesk({ dialOutNumber: d.value || undefined })} data-testid="site-attr-securityDesk-dialOutNumber" />
        </Field>
        {lineInput('survivableBranchAppliances')}
        {lineInput('sharedCalling')}
        {lineInput('callPark')}
        <SelectField
          label="Location-Based Routing"
          hint="Direct Routing only: clients at the site reach the PSTN only through an SBC standing at it"
          value={draft.locationBasedRouting === undefined ? '' : draft.locationBasedRouting ? 'on' : 'off'}
          options={LOCATION_BASED_ROUTING}
          empty="By its country (on in India)"
          onChange={(v) => set({ locationBasedRouting: v === undefined ? undefined : v === 'on' })}
          error={errorAt('locationBasedRouting')}
          testId="site-attr-locationBasedRouting"
        />
        <Field
          label="Holiday region"
          hint="State or region code for holidays, e.g. WA in the US, BY in Germany"
          validationMessage={errorAt('region')}
          validationState={errorAt('region') ? 'error' : 'none'}
        >
          <Input value={draft.region ?? ''} onChange={(_e, d) => set({ region: d.value })} data-testid="site-attr-region" />
        </Field>
        <Field
          label="PBX switched off on"
          hint="Everyone here must move before this date"
          validationMessage={errorAt('pbxDecommissionDate')}
          validationState={errorAt('pbxDecommissionDate') ? 'error' : 'none'}
        >
          <Input type="date" value={draft.pbxDecommissionDate ?? ''} onChange={(_e, d) => set({ pbxDecommissionDate: d.value || undefined })} data-testid="site-attr-pbxDecommissionDate" />
        </Field>
      </div>
      <div className={styles.checks}>
        {FLAGS.map((f) => (
          <Checkbox key={f.key} label={f.label} checked={draft[f.key] === true} onChange={(_e, d) => set({ [f.key]: d.checked === true })} data-testid={`site-attr-${f.key}`} />
        ))}
      </div>
      <div className={styles.row}>
        {/* Focusable once saved (nothing left to save): a disabled button drops the focus out of the panel. */}
        <Button type="submit" appearance="primary" disabledFocusable={saving || !dirty} data-testid="site-attributes-save">
          {saving ? 'Saving…' : 'Save attributes'}
        </Button>
        {dirty && <Text>Unsaved changes</Text>}
      </div>
      {saved && (
        <MessageBar intent="success" data-testid="site-attributes-saved">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      <ItemSaveError error={error} atField={atField} busy={saving} onApplyMine={applyMine} onReload={onReload} />
    </form>
  );
}
