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

/**
 * A list edited as one line of text (business hours, subnets): the text as typed, the tab's own parse
 * error, and the text it started from, to tell whether it changed.
 */
function useLineField(initialText: string) {
  const [text, setText] = useState(initialText);
  const [error, setError] = useState<string>();
  return {
    text,
    error,
    setError,
    changed: text !== initialText,
    reset: () => {
      setText(initialText);
      setError(undefined);
    },
    edit: (value: string) => {
      setText(value);
      setError(undefined);
    },
  };
}

/** A one-line list's field: the tab's own parse error first, else the server's. */
function LineInput({ label, hint, placeholder, line, serverError, onEdit, testId }: { label: string; hint: string; placeholder: string; line: ReturnType<typeof useLineField>; serverError?: string; onEdit: () => void; testId: string }) {
  const message = line.error ?? serverError;
  return (
    <Field label={label} hint={hint} validationMessage={message} validationState={message ? 'error' : 'none'}>
      <Input
        value={line.text}
        placeholder={placeholder}
        onChange={(_e, d) => {
          line.edit(d.value);
          onEdit();
        }}
        data-testid={testId}
      />
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
  // Business hours ("Mon-Fri 08:00-18:00") and subnets ("10.20.0.0/16, 2001:db8:20::/48") are edited as
  // one line each, read back into lists on save.
  const hours = useLineField(useMemo(() => formatBusinessHours(initial.businessHours ?? []), [initial]));
  const subnets = useLineField(useMemo(() => (initial.subnets ?? []).join(', '), [initial]));
  const desk = useLineField(useMemo(() => (initial.securityDesk?.notify ?? []).join(', '), [initial]));
  const appliances = useLineField(useMemo(() => (initial.survivableBranchAppliances ?? []).join(', '), [initial]));
  const callbacks = useLineField(useMemo(() => (initial.sharedCalling?.emergencyCallbackNumbers ?? []).join(', '), [initial]));
  const park = useLineField(useMemo(() => formatCallPark(initial.callPark), [initial]));
  const { saving, error, saved, send, applyMine, clearError, clearSaved } = useItemSave(api, (v) => `Saved the attributes of ${detail.site.name}: settings version ${v ?? '?'}.`, onSaved);
  // A reload (after a save or a conflict) brings what is stored now: the form starts from it.
  useEffect(() => {
    setDraft(initial);
    hours.reset();
    subnets.reset();
    desk.reset();
    appliances.reset();
    callbacks.reset();
    park.reset();
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
  // A one-line list's errors name an entry (`sites.3.businessHours.0.to`, `sites.3.subnets.1`): all shown at its field.
  const listAt = (list: string) => (path: string) => new RegExp(`^sites\\.\\d+\\.${list}(\\.|$)`).test(path);
  const hoursAt = listAt('businessHours');
  const subnetsAt = listAt('subnets');
  const deskAt = listAt('securityDesk');
  const appliancesAt = listAt('survivableBranchAppliances');
  const callbacksAt = listAt('sharedCalling');
  const parkAt = listAt('callPark');
  const atField = (path: string) => hoursAt(path) || subnetsAt(path) || deskAt(path) || appliancesAt(path) || callbacksAt(path) || parkAt(path) || (/^sites\./.test(path) && shown.has(path.split('.').pop() ?? ''));
  const serverHoursError = issues.find((i) => hoursAt(fieldPath(i.path)))?.message;
  const serverSubnetsError = issues.find((i) => subnetsAt(fieldPath(i.path)))?.message;
  const serverAppliancesError = issues.find((i) => appliancesAt(fieldPath(i.path)))?.message;
  const serverCallbacksError = issues.find((i) => callbacksAt(fieldPath(i.path)))?.message;
  const serverParkError = issues.find((i) => parkAt(fieldPath(i.path)))?.message;
  // The security desk's errors show at its addresses, except the dial-out number's, at its own field.
  const dialOutAt = (path: string) => /\.securityDesk\.dialOutNumber$/.test(path);
  const serverDeskError = issues.find((i) => deskAt(fieldPath(i.path)) && !dialOutAt(fieldPath(i.path)))?.message;
  const serverDialOutError = issues.find((i) => dialOutAt(fieldPath(i.path)))?.message;
  const setDesk = (patch: Partial<SecurityDesk>) => set({ securityDesk: { notify: [], mode: 'NotificationOnly', ...draft.securityDesk, ...patch } });

  function save() {
    const ranges = parseBusinessHours(hours.text);
    const subnetList = parseSubnetList(subnets.text);
    const notify = parseEntries(desk.text, (e) => UPN_PATTERN.test(e), 'an email address');
    const fqdns = parseEntries(appliances.text, isFqdn, 'a host name (FQDN)');
    const numbers = parseEntries(callbacks.text, isE164Number, 'an E.164 number such as +14255550100');
    if ('error' in ranges) hours.setError(ranges.error);
    if (subnetList.error !== undefined) subnets.setError(subnetList.error);
    if (notify.error !== undefined) desk.setError(notify.error);
    if (fqdns.error !== undefined) appliances.setError(fqdns.error);
    const parked = parseCallPark(park.text);
    if (numbers.error !== undefined) callbacks.setError(numbers.error);
    if ('error' in parked) park.setError(parked.error);
    if ('error' in ranges || subnetList.error !== undefined || notify.error !== undefined || fqdns.error !== undefined || numbers.error !== undefined || 'error' in parked) return;
    const value: SiteAttributes = { ...draft, siteId };
    if (ranges.ranges.length) value.businessHours = ranges.ranges;
    else delete value.businessHours;
    if (subnetList.subnets.length) value.subnets = subnetList.subnets.map((n) => n.text);
    else delete value.subnets;
    // Without anyone to notify there is no security desk: its mode and dial-out number go with it.
    if (notify.entries.length) {
      const dialOut = value.securityDesk?.dialOutNumber?.trim();
      value.securityDesk = { notify: notify.entries, mode: value.securityDesk?.mode ?? 'NotificationOnly', ...(dialOut && { dialOutNumber: dialOut }) };
    } else delete value.securityDesk;
    if (fqdns.entries.length) value.survivableBranchAppliances = fqdns.entries;
    else delete value.survivableBranchAppliances;
    // Shared Calling is on while the site has callback numbers: an empty line turns it off.
    if (numbers.entries.length) value.sharedCalling = { emergencyCallbackNumbers: numbers.entries };
    else delete value.sharedCalling;
    if (parked.callPark) value.callPark = parked.callPark;
    else delete value.callPark;
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

  const dirty = JSON.stringify(draft) !== JSON.stringify(initial) || hours.changed || subnets.changed || desk.changed || appliances.changed || callbacks.changed || park.changed;
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
        <LineInput
          label="Business hours"
          hint="When its main number answers as open, in the site's time zone: Mon-Fri 08:00-18:00, Sat 09:00-12:00. Empty: at all hours"
          placeholder="Mon-Fri 08:00-18:00"
          line={hours}
          serverError={serverHoursError}
          onEdit={clearSaved}
          testId="site-attr-businessHours"
        />
        <LineInput
          label="Subnets"
          hint="The site's IP subnets: the tenant setup makes it a Teams network site with them, for Location-Based Routing and, with its emergency location, dynamic emergency calling"
          placeholder="10.20.0.0/16, 2001:db8:20::/48"
          line={subnets}
          serverError={serverSubnetsError}
          onEdit={clearSaved}
          testId="site-attr-subnets"
        />
        <LineInput
          label="Security desk"
          hint="Who is told of an emergency call from the site (Kari's Law in the US): email addresses of people or groups. Empty: no one"
          placeholder="security@contoso.com"
          line={desk}
          serverError={serverDeskError}
          onEdit={clearSaved}
          testId="site-attr-securityDesk"
        />
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
        <LineInput
          label="Survivable Branch Appliances"
          hint="Host names of the site's appliances: its Direct Routing users keep calling through them when the site loses Microsoft. The site needs its subnets"
          placeholder="sba1.contoso.com"
          line={appliances}
          serverError={serverAppliancesError}
          onEdit={clearSaved}
          testId="site-attr-survivableBranchAppliances"
        />
        <LineInput
          label="Shared Calling: emergency callback numbers"
          hint="People here without a number of their own call out as the site's main number; an emergency call shows one of these numbers. E.164, unassigned. Empty: Shared Calling off"
          placeholder="+14255550101, +14255550102"
          line={callbacks}
          serverError={serverCallbacksError}
          onEdit={clearSaved}
          testId="site-attr-sharedCalling"
        />
        <LineInput
          label="Call park"
          hint="Its people parked calls on the PBX: the cutover grants them a Teams call park policy. on: Teams' pickup codes (10-99) and ring-back (300 s); else the PBX's, as 700-799, 120 s. Empty: off"
          placeholder="700-799, 120 s"
          line={park}
          serverError={serverParkError}
          onEdit={clearSaved}
          testId="site-attr-callPark"
        />
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
        <Button type="submit" appearance="primary" disabled={saving || !dirty} data-testid="site-attributes-save">
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
