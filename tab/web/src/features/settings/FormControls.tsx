/**
 * Form controls for the settings forms: each a Fluent Field whose label is the control's accessible
 * name and whose validation message comes from the server's schema (by JSON path). Values are the
 * settings' own JSON values; text the admin is still typing (a list of countries, a number being
 * cleared) is kept as typed, so the schema - not the form - says what is wrong with it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Checkbox, Combobox, Field, Input, Option, Select, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';

export interface SiteOption {
  id: string;
  name: string;
}

const useStyles = makeStyles({
  item: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '12px',
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))',
    gap: '8px 16px',
    alignItems: 'start',
    margin: 0,
    // A grid item is as wide as its content's minimum by default: Fluent's Combobox asks for 250px, and
    // its column (200px at the least) then spilled into the next field and its hint.
    '& > *': { minWidth: 0 },
  },
  /**
   * A control filling its column, however narrow (Fluent's Combobox has a 250px minimum of its own);
   * also on the Combobox's text box, which shrinks with it so its chevron stays inside the border.
   */
  control: { minWidth: 0, width: '100%' },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: '0 4px' },
  // Level with the inputs (below their labels) while fields carry hints or errors underneath.
  remove: { marginTop: '26px', justifySelf: 'start' },
  list: { display: 'flex', flexDirection: 'column', gap: '12px' },
  chosen: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

interface Common {
  label: string;
  error?: string;
  hint?: string;
  /** Validation runs when the admin leaves a field. */
  onBlur?: () => void;
  testId?: string;
}

export function TextField({ label, value, onChange, error, hint, onBlur, testId, placeholder, type = 'text' }: Common & { value: unknown; onChange: (v: string | undefined) => void; placeholder?: string; type?: 'text' | 'date' }) {
  return (
    <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'} hint={hint}>
      <Input
        type={type}
        value={typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value)}
        placeholder={placeholder}
        onChange={(_e, d) => onChange(d.value === '' ? undefined : d.value)}
        onBlur={onBlur}
        data-testid={testId}
      />
    </Field>
  );
}

export function NumberField({ label, value, onChange, error, hint, onBlur, testId, step }: Common & { value: unknown; onChange: (v: number | string) => void; step?: string }) {
  return (
    <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'} hint={hint}>
      <Input
        type="number"
        step={step}
        value={value === undefined || value === null ? '' : String(value)}
        // A cleared or half-typed number stays as typed: the schema names the problem at the field.
        onChange={(_e, d) => onChange(d.value.trim() === '' || Number.isNaN(Number(d.value)) ? d.value : Number(d.value))}
        onBlur={onBlur}
        data-testid={testId}
      />
    </Field>
  );
}

/** A country's name from its ISO code, in the browser's language (no table in the bundle). */
export function countryName(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code)) return undefined;
  try {
    const name = new Intl.DisplayNames(undefined, { type: 'region' }).of(code);
    return name && name !== code ? name : undefined;
  } catch {
    return undefined;
  }
}

/** A list of codes (ISO countries) typed as "US, CA"; upper-cased, empty entries dropped; their names shown below. */
/** Country codes, as the admin types them ("US, ca gb"), with the countries named under the field. */
export function CodesField({ hint, ...rest }: Common & { value: unknown; onChange: (v: string[]) => void }) {
  return <ListField {...rest} hint={hint ?? 'two-letter codes, e.g. US, CA'} normalise={(c) => c.toUpperCase()} describe={(list) => list.map((c) => countryName(c)).filter(Boolean).join(', ')} />;
}

/**
 * A list typed as one line, split at commas, semicolons and spaces (each entry `normalise`d); what the
 * list means can be said under it (`describe`). The server checks the entries and names the wrong one.
 */
export function ListField({
  label,
  value,
  onChange,
  error,
  hint,
  onBlur,
  testId,
  placeholder,
  normalise = (e) => e,
  describe,
}: Common & { value: unknown; onChange: (v: string[]) => void; placeholder?: string; normalise?: (entry: string) => string; describe?: (list: string[]) => string }) {
  const list = Array.isArray(value) ? (value as string[]) : [];
  const [text, setText] = useState(list.join(', '));
  const parse = (t: string) => t.split(/[\s,;]+/).map((c) => normalise(c.trim())).filter(Boolean);
  // Follow the value when it changes from outside (a reload), not while it is being typed.
  useEffect(() => {
    if (parse(text).join(',') !== list.join(',')) setText(list.join(', '));
  }, [list.join(',')]); // eslint-disable-line react-hooks/exhaustive-deps
  const styles = useStyles();
  const described = describe?.(list);
  return (
    <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'} hint={hint}>
      <Input
        value={text}
        placeholder={placeholder}
        onChange={(_e, d) => {
          setText(d.value);
          onChange(parse(d.value));
        }}
        onBlur={onBlur}
        data-testid={testId}
      />
      {described && <span className={styles.chosen}>{described}</span>}
    </Field>
  );
}

export function CheckField({ label, value, onChange, testId }: { label: string; value: unknown; onChange: (v: boolean) => void; testId?: string }) {
  return <Checkbox label={label} checked={value === true} onChange={(_e, d) => onChange(d.checked === true)} data-testid={testId} />;
}

export function SelectField({ label, value, onChange, options, error, hint, testId, empty }: Common & { value: unknown; onChange: (v: string | undefined) => void; options: { value: string; label: string }[]; empty?: string }) {
  const styles = useStyles();
  return (
    <Field label={label} hint={hint} validationMessage={error} validationState={error ? 'error' : 'none'}>
      <Select className={styles.control} value={typeof value === 'string' ? value : ''} onChange={(_e, d) => onChange(d.value === '' ? undefined : d.value)} data-testid={testId}>
        {empty !== undefined && <option value="">{empty}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** Sites by name (the ids stay in the settings): typed text narrows 2,000 sites to the first matches. */
export function SitesField({ label, value, onChange, sites, error, hint, testId }: Common & { value: unknown; onChange: (v: string[]) => void; sites: SiteOption[] }) {
  return <SiteCombobox label={label} selected={Array.isArray(value) ? (value as string[]) : []} onSelect={onChange} sites={sites} error={error} hint={hint} testId={testId} multiple />;
}

/** One site by name, or none (its first option). */
export function SiteField({ label, value, onChange, sites, error, hint, testId }: Common & { value: unknown; onChange: (v: string | undefined) => void; sites: SiteOption[] }) {
  return (
    <SiteCombobox
      label={label}
      selected={typeof value === 'string' && value ? [value] : []}
      onSelect={(ids) => onChange(ids[0])}
      sites={sites}
      error={error}
      hint={hint}
      testId={testId}
      multiple={false}
    />
  );
}

function SiteCombobox({ label, selected, onSelect, sites, error, hint, testId, multiple }: Common & { selected: string[]; onSelect: (ids: string[]) => void; sites: SiteOption[]; multiple: boolean }) {
  const styles = useStyles();
  const [query, setQuery] = useState('');
  const nameOf = useMemo(() => new Map(sites.map((s) => [s.id, s.name])), [sites]);
  const q = query.trim().toLowerCase();
  const shown = sites.filter((s) => !q || s.name.toLowerCase().includes(q)).slice(0, 50);
  return (
    <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'} hint={hint}>
      <Combobox
        className={styles.control}
        input={{ className: styles.control }}
        multiselect={multiple}
        freeform
        placeholder={selected.length ? (multiple ? `${selected.length} site(s)` : (nameOf.get(selected[0]) ?? selected[0])) : 'Type a site name'}
        value={query}
        selectedOptions={selected}
        onChange={(e) => setQuery((e.target as HTMLInputElement).value)}
        onOptionSelect={(_e, d) => {
          onSelect(d.selectedOptions.filter(Boolean));
          setQuery('');
        }}
        data-testid={testId}
      >
        {!multiple && <Option value="">(none)</Option>}
        {shown.map((s) => (
          <Option key={s.id} value={s.id} title={s.id}>
            {s.name}
          </Option>
        ))}
      </Combobox>
      {selected.length > 0 && <span className={styles.chosen}>{selected.map((id) => nameOf.get(id) ?? id).join(', ')}</span>}
    </Field>
  );
}

export function ItemList<T>({
  items,
  onChange,
  legend,
  render,
  newItem,
  addLabel,
  removeLabel,
  testId,
}: {
  items: T[];
  onChange: (items: T[]) => void;
  legend: (item: T, index: number) => string;
  render: (item: T, index: number, set: (patch: Partial<T>) => void) => React.ReactNode;
  newItem: () => T;
  addLabel: string;
  removeLabel: (item: T, index: number) => string;
  testId?: string;
}) {
  const styles = useStyles();
  const add = useRef<HTMLButtonElement>(null);
  function remove(i: number) {
    onChange(items.filter((_x, j) => j !== i));
    // The last item's Remove goes with it: the focus moves to Add rather than to the page. (Another item's
    // Remove stays, naming the item that took its place.)
    if (i === items.length - 1) setTimeout(() => add.current?.focus(), 0);
  }
  return (
    <div className={styles.list} data-testid={testId}>
      {items.map((item, i) => (
        <fieldset key={i} className={styles.item} data-testid={testId ? `${testId}-item` : undefined}>
          <legend className={styles.legend}>{legend(item, i)}</legend>
          {render(item, i, (patch) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x))))}
          {/* The legend names the item: the button says "Remove", and its accessible name says what. */}
          <Button className={styles.remove} icon={<DeleteRegular />} aria-label={removeLabel(item, i)} onClick={() => remove(i)}>
            Remove
          </Button>
        </fieldset>
      ))}
      <div>
        <Button ref={add} icon={<AddRegular />} onClick={() => onChange([...items, newItem()])} data-testid={testId ? `${testId}-add` : undefined}>
          {addLabel}
        </Button>
      </div>
    </div>
  );
}
