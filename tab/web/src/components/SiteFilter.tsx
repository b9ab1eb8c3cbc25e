/**
 * The site filter of the People, Blockers and Coexistence grids: a combobox that narrows the tenant's
 * sites as the admin types (a tenant may have 2,000 sites - a list of every one is no way to find one),
 * with "All sites" first and any page-specific choices (the People grid's "No site") after it.
 */
import { useEffect, useMemo, useState } from 'react';
import { Combobox, Field, Option } from '@fluentui/react-components';

export interface SiteChoice {
  id: string;
  name: string;
  /** Shown after the name ("Berlin (4,260)") where the page counts people. */
  detail?: string;
}

/** Options drawn at once; typing narrows further. */
const SHOWN = 50;
const ALL = '';
const NO_EXTRA: readonly SiteChoice[] = [];

export function SiteFilter({
  sites,
  value,
  onChange,
  extra = NO_EXTRA,
  testId,
}: {
  sites: readonly SiteChoice[];
  /** The site id filtered on; undefined for every site. */
  value: string | undefined;
  onChange: (siteId: string | undefined) => void;
  /** Choices besides the sites ({ id: 'none', name: 'No site' }). */
  extra?: readonly SiteChoice[];
  testId?: string;
}) {
  const labelOf = useMemo(() => {
    const labels = new Map([...extra, ...sites].map((s) => [s.id, s.detail ? `${s.name} (${s.detail})` : s.name]));
    // A site the list does not have (yet, or any more) still shows what is filtered on.
    return (id: string | undefined) => (id ? (labels.get(id) ?? id) : 'All sites');
  }, [sites, extra]);
  // The same array while the filter stands: a new one each render made the combobox show the chosen
  // option's text again, undoing every key typed.
  const selected = useMemo(() => [value ?? ALL], [value]);
  const [text, setText] = useState(labelOf(value));
  // Follow the filter when it changes from outside (a link, Back) or the list arrives.
  useEffect(() => setText(labelOf(value)), [value, labelOf]);
  const typed = text.trim().toLowerCase();
  const filtering = typed !== '' && text !== labelOf(value);
  const matches = (filtering ? sites.filter((s) => s.name.toLowerCase().includes(typed) || s.id.toLowerCase().includes(typed)) : sites).slice(0, SHOWN);
  return (
    <Field label="Site">
      <Combobox
        value={text}
        selectedOptions={selected}
        onChange={(e) => setText((e.target as HTMLInputElement).value)}
        onOptionSelect={(_e, d) => {
          // Typing that no longer matches the chosen option clears the selection (no option value): the
          // filter stands until an option is picked.
          if (d.optionValue === undefined) return;
          const id = d.optionValue || undefined;
          setText(labelOf(id));
          if (id !== value) onChange(id);
        }}
        // Typed text that picked nothing goes back to the filter in force.
        onOpenChange={(_e, d) => !d.open && setText(labelOf(value))}
        data-testid={testId}
      >
        <Option value={ALL}>All sites</Option>
        {extra.map((s) => (
          <Option key={s.id} value={s.id}>
            {labelOf(s.id)}
          </Option>
        ))}
        {matches.map((s) => (
          <Option key={s.id} value={s.id} title={s.id}>
            {labelOf(s.id)}
          </Option>
        ))}
        {value && !extra.some((s) => s.id === value) && !matches.some((s) => s.id === value) && !filtering && (
          <Option key={value} value={value}>
            {labelOf(value)}
          </Option>
        )}
      </Combobox>
    </Field>
  );
}
