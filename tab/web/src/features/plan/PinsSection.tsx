/**
 * Pins and blackouts beside the waves: put a site or a PBX migration group (both picked by name, see
 * PinTargetPickers) in a wave, or keep a site out of a date range, with a reason. Stored in the schedule settings (`scheduling.pins`,
 * `scheduling.blackouts`) through PATCH /api/settings (the schedule as read: a 409 shows both versions
 * and offers "apply mine again"); the planner honours them at the next re-plan, and a pin it cannot
 * honour is listed here with the planner's reason.
 */
import { FormEvent, useState } from 'react';
import { Button, Field, Input, Radio, RadioGroup, Select, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../../api-client';
import type { SettingsDocument, SettingsItemChangeView } from '../../api-types';
import { ItemSaveError, conflictsOf, reapply, refusedIssues } from '../sites/ItemConflict';
import { defaultScheduling } from '../settings/SchedulingForm';
import { fieldPath } from '../settings/use-section-editor';
import type { SiteOption } from '../settings/FormControls';
import { count, today } from '../../format';
import { GroupPicker, SitePicker } from './PinTargetPickers';
import { groupIdLabel } from '../../../../../shared/domain/migration-group-labels';

interface Pin {
  siteId?: string;
  groupId?: string;
  wave: number;
  reason?: string;
}
interface Blackout {
  siteId: string;
  from: string;
  to: string;
  reason?: string;
}
type Scheduling = Record<string, unknown> & { pins?: Pin[]; blackouts?: Blackout[] };

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '10px' },
  form: { display: 'flex', gap: '12px', alignItems: 'end', flexWrap: 'wrap' },
  list: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '4px' },
  missed: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function PinsSection({
  api,
  doc,
  sites,
  waveNumbers,
  notHonoured,
  notHonouredCount,
  onSaved,
}: {
  api: ApiClient;
  doc: SettingsDocument;
  sites: SiteOption[];
  waveNumbers: number[];
  /** The plan's first `pin-not-honoured` constraints (messages), as its summary lists them. */
  notHonoured: string[];
  /** How many there are (the Constraints not met list below has them all). */
  notHonouredCount: number;
  onSaved: () => void;
}) {
  const styles = useStyles();
  const stored = (doc.settings as { scheduling?: Scheduling }).scheduling;
  const scheduling: Scheduling = stored ?? (defaultScheduling(today()) as Scheduling);
  const pins = scheduling.pins ?? [];
  const blackouts = scheduling.blackouts ?? [];
  const nameOf = (id: string) => sites.find((s) => s.id === id)?.name ?? id;
  const [what, setWhat] = useState<'site' | 'group'>('site');
  const [siteId, setSiteId] = useState('');
  const [groupId, setGroupId] = useState('');
  const [wave, setWave] = useState('');
  const [reason, setReason] = useState('');
  const [bSite, setBSite] = useState('');
  const [bFrom, setBFrom] = useState('');
  const [bTo, setBTo] = useState('');
  const [bReason, setBReason] = useState('');
  const [busy, setBusy] = useState(false);
  // Remounts the pickers after a save, so their typed text clears with the choice.
  const [formKey, setFormKey] = useState(0);
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState<SettingsItemChangeView[]>();

  async function send(changes: SettingsItemChangeView[]) {
    setBusy(true);
    setError(undefined);
    try {
      await api.changeSettings(changes);
      setPending(undefined);
      onSaved();
      return true;
    } catch (e) {
      setError(e);
      setPending(changes);
      return false;
    } finally {
      setBusy(false);
    }
  }
  const saveScheduling = (next: Scheduling) => send([{ target: { kind: 'section', section: 'scheduling' }, value: next, expected: stored ?? null }]);

  async function addPin(e: FormEvent) {
    e.preventDefault();
    const pin: Pin = what === 'site' ? { siteId, wave: Number(wave) } : { groupId, wave: Number(wave) };
    if (reason.trim()) pin.reason = reason.trim();
    if (await saveScheduling({ ...scheduling, pins: [...pins, pin] })) {
      setReason('');
      setGroupId('');
      setSiteId('');
      setFormKey((k) => k + 1);
    }
  }
  async function addBlackout(e: FormEvent) {
    e.preventDefault();
    const b: Blackout = { siteId: bSite, from: bFrom, to: bTo };
    if (bReason.trim()) b.reason = bReason.trim();
    if (await saveScheduling({ ...scheduling, blackouts: [...blackouts, b] })) {
      setBReason('');
      setFormKey((k) => k + 1);
    }
  }

  // Warnings (a stale pin kept from before) do not stop a save: a picker shows errors only.
  const issues = refusedIssues(error);
  const waveChoices = [...new Set([...waveNumbers, (waveNumbers.length ? Math.max(...waveNumbers) : 0) + 1])].sort((a, b) => a - b);
  const pinLabel = (p: Pin) => (p.siteId !== undefined ? nameOf(p.siteId) : groupIdLabel(p.groupId ?? ''));
  // The server names the offending field (`$.scheduling.pins[3].groupId`): shown at the matching picker.
  const issueAtField = (prefix: string, field: string) =>
    issues.find((i) => fieldPath(i.path).startsWith(prefix) && fieldPath(i.path).endsWith(`.${field}`))?.message;
  const pinSiteError = issueAtField('scheduling.pins', 'siteId');
  const pinGroupError = issueAtField('scheduling.pins', 'groupId');

  return (
    <section className={styles.section} aria-labelledby="pins-title" data-testid="pins-section">
      <Title3 as="h2" id="pins-title">
        Pins and blackouts
      </Title3>
      <Text className={styles.muted}>The planner puts pinned sites and groups in their wave and keeps sites out of their blackout dates. Re-plan to apply a change.</Text>
      {pins.length + blackouts.length > 0 && (
        <ul className={styles.list} data-testid="pins-list">
          {pins.map((p, i) => (
            <li key={`p${i}`} data-testid="pin">
              {pinLabel(p)} pinned to {p.wave === 0 ? 'the pilot (wave 0)' : `wave ${p.wave}`}
              {p.reason ? ` (${p.reason})` : ''}{' '}
              <Button size="small" appearance="subtle" icon={<DeleteRegular />} disabled={busy} onClick={() => void saveScheduling({ ...scheduling, pins: pins.filter((_x, j) => j !== i) })}>
                Remove pin of {pinLabel(p)}
              </Button>
            </li>
          ))}
          {blackouts.map((b, i) => (
            <li key={`b${i}`} data-testid="blackout">
              {nameOf(b.siteId)} kept out from {b.from} to {b.to}
              {b.reason ? ` (${b.reason})` : ''}{' '}
              <Button size="small" appearance="subtle" icon={<DeleteRegular />} disabled={busy} onClick={() => void saveScheduling({ ...scheduling, blackouts: blackouts.filter((_x, j) => j !== i) })}>
                Remove blackout of {nameOf(b.siteId)}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {notHonoured.length > 0 && (
        <div role="status">
          <Text weight="semibold">Pins the last plan could not honour</Text>
          <ul className={styles.list} data-testid="pins-not-honoured">
            {notHonoured.map((m, i) => (
              <li key={i} className={styles.missed}>
                {m}
              </li>
            ))}
          </ul>
          {notHonouredCount > notHonoured.length && (
            <Text size={200} data-testid="pins-not-honoured-more">
              …and {count(notHonouredCount - notHonoured.length)} more, listed under Constraints not met below.
            </Text>
          )}
        </div>
      )}
      <form className={styles.form} onSubmit={addPin} aria-label="Pin to a wave" data-testid="pin-form">
        <Field label="Pin">
          <RadioGroup layout="horizontal" value={what} onChange={(_e, d) => setWhat(d.value as 'site' | 'group')}>
            <Radio value="site" label="A site" />
            <Radio value="group" label="A migration group" />
          </RadioGroup>
        </Field>
        {what === 'site' ? (
          <SitePicker key={`s${formKey}`} label="Site" sites={sites} value={siteId} onChange={setSiteId} error={pinSiteError} testId="pin-site" />
        ) : (
          <GroupPicker key={`g${formKey}`} api={api} value={groupId} onChange={setGroupId} error={pinGroupError} testId="pin-group" />
        )}
        <Field label="Wave">
          <Select value={wave} onChange={(_e, d) => setWave(d.value)} required data-testid="pin-wave">
            <option value="">Choose a wave</option>
            {waveChoices.map((n) => (
              <option key={n} value={String(n)}>
                {n === 0 ? 'Pilot (wave 0)' : `Wave ${n}`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Reason">
          <Input value={reason} onChange={(_e, d) => setReason(d.value)} data-testid="pin-reason" />
        </Field>
        <Button type="submit" icon={<AddRegular />} disabled={busy || wave === '' || (what === 'site' ? !siteId : !groupId.trim())} data-testid="pin-add">
          Add pin
        </Button>
      </form>
      <form className={styles.form} onSubmit={addBlackout} aria-label="Keep a site out of dates" data-testid="blackout-form">
        <SitePicker key={`b${formKey}`} label="Site to keep out" sites={sites} value={bSite} onChange={setBSite} error={issueAtField('scheduling.blackouts', 'siteId')} testId="blackout-site" />
        <Field label="From">
          <Input type="date" value={bFrom} onChange={(_e, d) => setBFrom(d.value)} required />
        </Field>
        <Field label="To" validationMessage={issueAtField('scheduling.blackouts', 'to')} validationState={issueAtField('scheduling.blackouts', 'to') ? 'error' : 'none'}>
          <Input type="date" value={bTo} onChange={(_e, d) => setBTo(d.value)} required />
        </Field>
        <Field label="Why">
          <Input value={bReason} onChange={(_e, d) => setBReason(d.value)} />
        </Field>
        <Button type="submit" icon={<AddRegular />} disabled={busy || !bSite || !bFrom || !bTo}>
          Keep out
        </Button>
      </form>
      {/* The pickers show their field's error; the bar lists every refused issue with its path. */}
      <ItemSaveError
        error={error}
        atField={() => false}
        busy={busy}
        onApplyMine={() => pending && void send(reapply(pending, conflictsOf(error)))}
        onReload={() => (setError(undefined), onSaved())}
      />
    </section>
  );
}
