/** Calling Plan countries and prices; traffic assumptions and cost assumptions (three sections, one form each). */
import { makeStyles } from '@fluentui/react-components';
import { ItemList, NumberField, TextField, countryName } from './FormControls';
import { SectionForm } from './SectionForm';
import type { SectionEditor } from './use-section-editor';
import { DEFAULT_CALLING_PLAN_PORT_LEAD_DAYS } from '../../../../../shared/domain/port-lead-times';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: '8px 16px', alignItems: 'start' },
});

interface CallingPlanCountry {
  country?: string;
  pricePerUserPerMonth?: number | string;
  portLeadTimeDays?: number | string;
}

export function CallingPlanForm({ editor, currency }: { editor: SectionEditor; currency: string }) {
  const items = (editor.draft.callingPlan ?? []) as CallingPlanCountry[];
  const err = (i: number, f: string) => editor.errorAt(`callingPlan.${i}.${f}`);
  const blur = () => void editor.validate();
  return (
    <SectionForm editor={editor} title="Calling Plan countries" testId="calling-plan-form" shownPath={(p) => /^callingPlan\.\d+\.(country|pricePerUserPerMonth|portLeadTimeDays)$/.test(p)}>
      <ItemList<CallingPlanCountry>
        items={items}
        onChange={(v) => editor.setSection('callingPlan', v)}
        legend={(c, i) => (c.country ? `${countryName(c.country) ?? c.country} (${c.country})` : `Country ${i + 1}`)}
        removeLabel={(c, i) => `Remove ${c.country || `country ${i + 1}`}`}
        addLabel="Add a country"
        newItem={() => ({ country: '', pricePerUserPerMonth: 0 })}
        testId="calling-plan"
        render={(c, i, set) => (
          <>
            <TextField label="Country (two-letter code)" value={c.country} onChange={(v) => set({ country: v?.toUpperCase() })} error={err(i, 'country')} onBlur={blur} />
            <NumberField label={`Price per user per month (${currency})`} step="0.01" value={c.pricePerUserPerMonth} onChange={(v) => set({ pricePerUserPerMonth: v })} error={err(i, 'pricePerUserPerMonth')} onBlur={blur} />
            <NumberField
              label="Port lead time to Microsoft (days)"
              hint={`For PBX numbers ported as Calling Plan numbers; empty: ${DEFAULT_CALLING_PLAN_PORT_LEAD_DAYS}`}
              value={c.portLeadTimeDays}
              // Empty is "not said" (the default applies), not an invalid number.
              onChange={(v) => set({ portLeadTimeDays: v === '' ? undefined : v })}
              error={err(i, 'portLeadTimeDays')}
              onBlur={blur}
            />
          </>
        )}
      />
    </SectionForm>
  );
}

export function TrafficCostsForm({ editor }: { editor: SectionEditor }) {
  const styles = useStyles();
  const traffic = (editor.draft.traffic ?? {}) as Record<string, unknown>;
  const costs = (editor.draft.costs ?? {}) as Record<string, unknown>;
  const blur = () => void editor.validate();
  return (
    <SectionForm editor={editor} title="Traffic and costs" testId="traffic-form" shownPath={(p) => /^(traffic\.(erlangPerUser|gradeOfService)|costs\.(currency|pbxPerUserPerMonth))$/.test(p)}>
      <div className={styles.grid}>
        <NumberField
          label="Busy-hour traffic per user (Erlang)"
          hint="0 to 1, e.g. 0.05"
          step="0.01"
          value={traffic.erlangPerUser}
          onChange={(v) => editor.setSection('traffic', { ...traffic, erlangPerUser: v })}
          error={editor.errorAt('traffic.erlangPerUser')}
          onBlur={blur}
        />
        <NumberField
          label="Grade of service (blocking probability)"
          hint="Between 0 and 1, e.g. 0.01"
          step="0.001"
          value={traffic.gradeOfService}
          onChange={(v) => editor.setSection('traffic', { ...traffic, gradeOfService: v })}
          error={editor.errorAt('traffic.gradeOfService')}
          onBlur={blur}
        />
        <TextField
          label="Currency"
          hint="Three-letter code, display only"
          value={costs.currency}
          onChange={(v) => editor.setSection('costs', { ...costs, currency: v?.toUpperCase() })}
          error={editor.errorAt('costs.currency')}
          onBlur={blur}
        />
        <NumberField
          label="PBX cost per user per month"
          step="0.01"
          value={costs.pbxPerUserPerMonth}
          onChange={(v) => editor.setSection('costs', { ...costs, pbxPerUserPerMonth: v })}
          error={editor.errorAt('costs.pbxPerUserPerMonth')}
          onBlur={blur}
        />
      </div>
    </SectionForm>
  );
}
