/**
 * The schedule: start date, capacity per wave, cutover weekdays and time, minimum days between waves,
 * change freezes and the pilot. Pins and site blackouts are edited beside the waves (Plan page).
 */
import { Checkbox, Field, Link, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ItemList, NumberField, SelectField, TextField, type SiteOption } from './FormControls';
import { SectionForm } from './SectionForm';
import type { SectionEditor } from './use-section-editor';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: '8px 16px', alignItems: 'start' },
  group: { border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, padding: '12px', margin: 0, display: 'flex', flexDirection: 'column', gap: '8px' },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: '0 4px' },
  days: { display: 'flex', flexWrap: 'wrap', gap: '4px 12px' },
});

interface Freeze {
  from?: string;
  to?: string;
  reason?: string;
}
interface Pilot {
  users?: string[];
  department?: string;
  siteId?: string;
  size?: number | string;
}
type Scheduling = Record<string, unknown> & {
  waveCapacity?: Record<string, unknown>;
  cutoverWeekdays?: number[];
  changeFreezes?: Freeze[];
  pilot?: Pilot;
  pins?: unknown[];
  blackouts?: unknown[];
};

/** The schema's defaults, for a tenant whose settings have no schedule yet. */
export function defaultScheduling(today: string): Scheduling {
  return {
    startDate: today,
    pilot: { users: [], size: 0 },
    waveCapacity: { users: 500, sites: 10, numbers: 999 },
    minDaysBetweenWaves: 7,
    cutoverWeekdays: [2, 3, 4],
    cutoverTime: '19:00',
    changeFreezes: [],
    drUploadLeadDays: 3,
    maxWaves: 200,
  };
}

const SHOWN = /^scheduling\.(startDate|cutoverTime|minDaysBetweenWaves|drUploadLeadDays|maxWaves|cutoverWeekdays(\.\d+)?|waveCapacity\.(users|sites|numbers)|changeFreezes\.\d+\.(from|to|reason)|pilot\.(users(\.\d+)?|department|siteId|size))$/;

export function SchedulingForm({ editor, sites }: { editor: SectionEditor; sites: SiteOption[] }) {
  const styles = useStyles();
  const s = (editor.draft.scheduling ?? {}) as Scheduling;
  const set = (patch: Partial<Scheduling>) => editor.setSection('scheduling', { ...s, ...patch });
  const cap = s.waveCapacity ?? {};
  const pilot = s.pilot ?? {};
  const days = s.cutoverWeekdays ?? [];
  const err = (p: string) => editor.errorAt(`scheduling.${p}`);
  const blur = () => void editor.validate();
  const pins = (s.pins?.length ?? 0) + (s.blackouts?.length ?? 0);

  return (
    <SectionForm editor={editor} title="Schedule" testId="scheduling-form" shownPath={(p) => SHOWN.test(p)}>
      <div className={styles.grid}>
        <TextField label="Start date" type="date" value={s.startDate} onChange={(v) => set({ startDate: v })} error={err('startDate')} onBlur={blur} testId="scheduling-startDate" />
        <TextField
          label="Cutover time"
          value={s.cutoverTime}
          placeholder="hh:mm"
          hint="Site time, 00:00 to 23:59"
          onChange={(v) => set({ cutoverTime: v })}
          error={err('cutoverTime')}
          onBlur={blur}
          testId="scheduling-cutoverTime"
        />
        <NumberField label="Minimum days between waves" value={s.minDaysBetweenWaves} onChange={(v) => set({ minDaysBetweenWaves: v })} error={err('minDaysBetweenWaves')} onBlur={blur} />
        <NumberField label="Direct Routing upload lead days" value={s.drUploadLeadDays} onChange={(v) => set({ drUploadLeadDays: v })} error={err('drUploadLeadDays')} onBlur={blur} />
        <NumberField label="Most waves" value={s.maxWaves} onChange={(v) => set({ maxWaves: v })} error={err('maxWaves')} onBlur={blur} />
      </div>

      <fieldset className={styles.group}>
        <legend className={styles.legend}>Capacity per wave</legend>
        <div className={styles.grid}>
          <NumberField label="Users per wave" value={cap.users} onChange={(v) => set({ waveCapacity: { ...cap, users: v } })} error={err('waveCapacity.users')} onBlur={blur} testId="scheduling-capacity-users" />
          <NumberField label="Sites per wave" value={cap.sites} onChange={(v) => set({ waveCapacity: { ...cap, sites: v } })} error={err('waveCapacity.sites')} onBlur={blur} />
          <NumberField label="Numbers per wave" value={cap.numbers} onChange={(v) => set({ waveCapacity: { ...cap, numbers: v } })} error={err('waveCapacity.numbers')} onBlur={blur} />
        </div>
      </fieldset>

      <fieldset className={styles.group}>
        <legend className={styles.legend}>Cutover weekdays</legend>
        <div className={styles.days}>
          {WEEKDAYS.map((name, i) => (
            <Checkbox
              key={name}
              label={name}
              checked={days.includes(i + 1)}
              onChange={(_e, d) => set({ cutoverWeekdays: d.checked ? [...days, i + 1].sort((a, b) => a - b) : days.filter((x) => x !== i + 1) })}
            />
          ))}
        </div>
        {err('cutoverWeekdays') && (
          <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
            {err('cutoverWeekdays')}
          </Text>
        )}
      </fieldset>

      <fieldset className={styles.group}>
        <legend className={styles.legend}>Change freezes</legend>
        <ItemList<Freeze>
          items={s.changeFreezes ?? []}
          onChange={(changeFreezes) => set({ changeFreezes })}
          legend={(f, i) => `Freeze ${i + 1}${f.reason ? `: ${f.reason}` : ''}`}
          removeLabel={(_f, i) => `Remove freeze ${i + 1}`}
          addLabel="Add a freeze"
          newItem={() => ({ from: s.startDate as string | undefined, to: s.startDate as string | undefined })}
          testId="freezes"
          render={(f, i, setF) => (
            <>
              <TextField label="From" type="date" value={f.from} onChange={(v) => setF({ from: v })} error={err(`changeFreezes.${i}.from`)} onBlur={blur} />
              <TextField label="To" type="date" value={f.to} onChange={(v) => setF({ to: v })} error={err(`changeFreezes.${i}.to`)} onBlur={blur} />
              <TextField label="Reason" value={f.reason} onChange={(v) => setF({ reason: v })} error={err(`changeFreezes.${i}.reason`)} />
            </>
          )}
        />
      </fieldset>

      <fieldset className={styles.group}>
        <legend className={styles.legend}>Pilot (wave 0)</legend>
        <div className={styles.grid}>
          <Field label="Pilot users" hint="One UPN per line" validationMessage={err('pilot.users')} validationState={err('pilot.users') ? 'error' : 'none'}>
            <Textarea
              value={(pilot.users ?? []).join('\n')}
              onChange={(_e, d) => set({ pilot: { ...pilot, users: d.value.split('\n').map((u) => u.trim()).filter(Boolean) } })}
              onBlur={blur}
            />
          </Field>
          <TextField label="Pilot department" value={pilot.department} onChange={(v) => set({ pilot: { ...pilot, department: v } })} error={err('pilot.department')} />
          <SelectField
            label="Pilot site"
            value={pilot.siteId}
            empty="(none)"
            options={sites.map((x) => ({ value: x.id, label: x.name }))}
            onChange={(v) => set({ pilot: { ...pilot, siteId: v } })}
            error={err('pilot.siteId')}
          />
          <NumberField label="Pilot size (users of the pilot site)" value={pilot.size} onChange={(v) => set({ pilot: { ...pilot, size: v } })} error={err('pilot.size')} onBlur={blur} />
        </div>
        {[...Array(4)].map((_x, i) => err(`pilot.users.${i}`)).filter(Boolean).map((m, i) => (
          <Text key={i} role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
            {m}
          </Text>
        ))}
      </fieldset>
      <Text>
        {pins > 0 ? `${pins} pin(s) and blackout(s) are set. ` : ''}
        <Link href="#/plan?view=pins">Pin a site or a group to a wave, or keep a site out of dates, beside the waves</Link>
      </Text>
    </SectionForm>
  );
}
