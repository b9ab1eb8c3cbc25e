/** Operator Connect operators: countries offered and enabled, port lead time, price, emergency address model. */
import { CodesField, ItemList, NumberField, SelectField, TextField } from './FormControls';
import { SectionForm } from './SectionForm';
import type { SectionEditor } from './use-section-editor';

interface Operator {
  id?: string;
  name?: string;
  countries?: string[];
  enabledCountries?: string[];
  portLeadTimeDays?: number | string;
  pricePerUserPerMonth?: number | string;
  emergencyAddressModel?: string;
}

const SHOWN = /^operators\.\d+\.(id|name|countries|enabledCountries|portLeadTimeDays|pricePerUserPerMonth|emergencyAddressModel)(\.\d+)?$/;

export function OperatorsForm({ editor, currency }: { editor: SectionEditor; currency: string }) {
  const items = (editor.draft.operators ?? []) as Operator[];
  const err = (i: number, f: string) => editor.errorAt(`operators.${i}.${f}`) ?? editor.errorAt(`operators.${i}.${f}.0`);
  const blur = () => void editor.validate();
  return (
    <SectionForm editor={editor} title="Operators" testId="operators-form" shownPath={(p) => SHOWN.test(p)}>
      <ItemList<Operator>
        items={items}
        onChange={(v) => editor.setSection('operators', v)}
        legend={(o, i) => o.name || `Operator ${i + 1}`}
        removeLabel={(o, i) => `Remove ${o.name || `operator ${i + 1}`}`}
        addLabel="Add an operator"
        newItem={() => ({ id: '', name: '', countries: [], enabledCountries: [], portLeadTimeDays: 30, pricePerUserPerMonth: 0, emergencyAddressModel: 'tenant' })}
        testId="operators"
        render={(o, i, set) => (
          <>
            <TextField label="Name" value={o.name} onChange={(v) => set({ name: v })} error={err(i, 'name')} onBlur={blur} />
            <TextField label="Id" hint="Used in decisions; keep it stable" value={o.id} onChange={(v) => set({ id: v })} error={err(i, 'id')} onBlur={blur} />
            <CodesField label="Countries offered" value={o.countries} onChange={(v) => set({ countries: v })} error={err(i, 'countries')} onBlur={blur} />
            <CodesField label="Enabled in the Teams admin center for" value={o.enabledCountries} onChange={(v) => set({ enabledCountries: v })} error={err(i, 'enabledCountries')} onBlur={blur} />
            <NumberField label="Port lead time (days)" value={o.portLeadTimeDays} onChange={(v) => set({ portLeadTimeDays: v })} error={err(i, 'portLeadTimeDays')} onBlur={blur} />
            <NumberField label={`Price per user per month (${currency})`} step="0.01" value={o.pricePerUserPerMonth} onChange={(v) => set({ pricePerUserPerMonth: v })} error={err(i, 'pricePerUserPerMonth')} onBlur={blur} />
            <SelectField
              label="Emergency addresses managed by"
              value={o.emergencyAddressModel ?? 'tenant'}
              options={[
                { value: 'tenant', label: 'the admin (tenant)' },
                { value: 'operator', label: 'the operator' },
              ]}
              onChange={(v) => set({ emergencyAddressModel: v })}
            />
          </>
        )}
      />
    </SectionForm>
  );
}
