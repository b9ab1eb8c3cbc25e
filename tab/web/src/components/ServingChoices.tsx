/**
 * The operator (Operator Connect) or SBC (Direct Routing) field of a bulk change, offering only those
 * that serve every selected site's country (an SBC also when it names every selected site), so a change
 * for several sites or people never names an operator or SBC that does not serve one of them. Names are
 * shown, ids on hover.
 */
import { Field, Select } from '@fluentui/react-components';
import type { PstnPath, SettingsDocument } from '../api-types';

type Settings = SettingsDocument['settings'];

export function servingAll(settings: Settings | undefined, countries: readonly (string | undefined)[], siteIds: readonly (string | undefined)[]) {
  const servesAll = (list: readonly string[] | undefined) => countries.every((c) => c !== undefined && (list ?? []).includes(c));
  return {
    operators: (settings?.operators ?? []).filter((o) => servesAll(o.countries)),
    sbcs: (settings?.sbcs ?? []).filter((s) => servesAll(s.countries) || siteIds.every((id) => id !== undefined && (s.siteIds ?? []).includes(id))),
  };
}

export function ServingChoiceField({
  path,
  offered,
  operatorId,
  sbcId,
  onOperator,
  onSbc,
  noneHint,
}: {
  path: PstnPath | '' | 'clear';
  offered: ReturnType<typeof servingAll>;
  operatorId: string;
  sbcId: string;
  onOperator: (id: string) => void;
  onSbc: (id: string) => void;
  /** Why nothing is offered, e.g. "No operator serves every selected site: ...". */
  noneHint: (what: 'operator' | 'SBC') => string;
}) {
  if (path === 'OC') {
    return (
      <Field label="Operator" required hint={offered.operators.length ? undefined : noneHint('operator')}>
        <Select value={operatorId} onChange={(_e, d) => onOperator(d.value)}>
          {offered.operators.map((o) => (
            <option key={o.id} value={o.id} title={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
      </Field>
    );
  }
  if (path === 'DR') {
    return (
      <Field label="SBC" required hint={offered.sbcs.length ? undefined : noneHint('SBC')}>
        <Select value={sbcId} onChange={(_e, d) => onSbc(d.value)}>
          {offered.sbcs.map((s) => (
            <option key={s.id} value={s.id} title={s.id}>
              {s.fqdn}
            </option>
          ))}
        </Select>
      </Field>
    );
  }
  return null;
}
