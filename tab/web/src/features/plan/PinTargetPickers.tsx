/**
 * What a pin or a blackout names, picked by name: a site from the tenant's sites (typed text narrows
 * 2,000 sites to the first matches), or a PBX migration group found by the server's group search
 * (`GET /api/pbx/groups?q=`, a page of 20: a 100,000-line PBX has thousands of groups), each shown with
 * its type and member count. The settings keep the ids; the admin never types one.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Combobox, Field, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PbxGroupsPage } from '../../api-types';
import { count, people } from '../../format';
import type { SiteOption } from '../settings/FormControls';
import { groupKindLabel } from '../../../../../shared/domain/migration-group-labels';

const useStyles = makeStyles({
  meta: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  option: { display: 'flex', flexDirection: 'column' },
});


/** Options shown at once; typing narrows further. */
const SHOWN = 20;
/** Typing pauses this long before the group search goes out. */
const SEARCH_DELAY_MS = 150;

/** A combobox whose text is a name being typed and whose value is the id chosen; typing again drops the choice. */
function NameCombobox({
  placeholder,
  text,
  setText,
  value,
  onChange,
  testId,
  children,
}: {
  placeholder: string;
  text: string;
  setText: (text: string) => void;
  value: string;
  onChange: (id: string) => void;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Combobox
      freeform
      placeholder={placeholder}
      value={text}
      selectedOptions={value ? [value] : []}
      onChange={(e) => {
        setText((e.target as HTMLInputElement).value);
        if (value) onChange('');
      }}
      onOptionSelect={(_e, d) => {
        onChange(d.optionValue ?? '');
        setText(d.optionText ?? '');
      }}
      data-testid={testId}
    >
      {children}
    </Combobox>
  );
}

export function SitePicker({
  label,
  sites,
  value,
  onChange,
  error,
  testId,
}: {
  label: string;
  sites: SiteOption[];
  value: string;
  onChange: (siteId: string) => void;
  error?: string;
  testId?: string;
}) {
  const nameOf = useMemo(() => new Map(sites.map((s) => [s.id, s.name])), [sites]);
  const [text, setText] = useState(nameOf.get(value) ?? '');
  // Follow a value set from outside (cleared after a save), not the text being typed.
  useEffect(() => setText(nameOf.get(value) ?? ''), [value, nameOf]);
  const q = text.trim().toLowerCase();
  const chosenName = nameOf.get(value);
  const shown = (q && q !== chosenName?.toLowerCase() ? sites.filter((s) => s.name.toLowerCase().includes(q)) : sites).slice(0, 50);
  return (
    <Field label={label} validationMessage={error} validationState={error ? 'error' : 'none'}>
      <NameCombobox placeholder="Type a site name" text={text} setText={setText} value={value} onChange={onChange} testId={testId}>
        {shown.map((s) => (
          <Option key={s.id} value={s.id} title={s.id}>
            {s.name}
          </Option>
        ))}
        {shown.length === 0 && (
          <Option key="none" value="" disabled text="">
            No site matches
          </Option>
        )}
      </NameCombobox>
    </Field>
  );
}

export function GroupPicker({
  api,
  value,
  onChange,
  error,
  testId,
}: {
  api: ApiClient;
  /** The chosen group's id, '' for none. */
  value: string;
  onChange: (groupId: string) => void;
  error?: string;
  testId?: string;
}) {
  const styles = useStyles();
  const [text, setText] = useState('');
  const [page, setPage] = useState<PbxGroupsPage>();
  const [failed, setFailed] = useState<string>();
  // The search follows the typed text (after a short pause), a page of matches at a time.
  useEffect(() => {
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api
        .pbxGroups({ q: text.trim() || undefined, limit: SHOWN }, abort.signal)
        .then((p) => {
          setPage(p);
          setFailed(undefined);
        })
        .catch((e: unknown) => {
          if (!(e instanceof DOMException && e.name === 'AbortError')) setFailed(e instanceof Error ? e.message : String(e));
        });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [api, text]);

  const items = page?.items ?? [];
  const chosen = items.find((g) => g.id === value);
  const hint = failed
    ? `The groups could not be read: ${failed}`
    : page === undefined
      ? 'Reading the PBX groups…'
      : page.total === 0
        ? text.trim()
          ? 'No group matches: try part of its name.'
          : 'No PBX inventory with groups is imported.'
        : page.total > items.length
          ? `${count(page.total)} groups match; the first ${items.length} are listed, type to narrow.`
          : `${count(page.total)} group${page.total === 1 ? '' : 's'} match.`;
  return (
    <Field label="Migration group" validationMessage={error} validationState={error ? 'error' : 'none'} hint={hint}>
      <NameCombobox placeholder="Type a group name" text={text} setText={setText} value={value} onChange={onChange} testId={testId}>
        {items.map((g) => (
          <Option key={g.id} value={g.id} text={g.name} title={g.id}>
            <span className={styles.option}>
              <span>{g.name}</span>
              <Text className={styles.meta}>
                {groupKindLabel(g.kind)} · {people(g.people)}
              </Text>
            </span>
          </Option>
        ))}
      </NameCombobox>
      {chosen && (
        <Text className={styles.meta} data-testid={testId ? `${testId}-chosen` : undefined}>
          {groupKindLabel(chosen.kind)} with {people(chosen.people)} and {count(chosen.lines)} line{chosen.lines === 1 ? '' : 's'}
        </Text>
      )}
    </Field>
  );
}
