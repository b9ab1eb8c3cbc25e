/**
 * What the tab and the workbooks call each kind of migration group, and a group id in words: one list,
 * so they always agree. Dependency-free (a type import only), so the tab bundles it as it is.
 */
import type { MigrationGroupKind } from './pbx-inventory';

export const GROUP_KIND_LABELS: Record<MigrationGroupKind, string> = {
  'hunt-group': 'Hunt group',
  'pickup-group': 'Pickup group',
  'boss-delegate': 'Boss and delegate',
  'shared-line': 'Shared line',
  'call-centre': 'Call centre',
};

/** The kind's label; a kind this version does not know (a newer store) is shown as it is. */
export function groupKindLabel(kind: string): string {
  return (GROUP_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

/** A group id (`<kind>:<name>`, see migration-groups.ts) split into its kind and name; the name may hold colons. */
export function splitGroupId(id: string): { kind: string; name: string } {
  const at = id.indexOf(':');
  return at > 0 ? { kind: id.slice(0, at), name: id.slice(at + 1) } : { kind: '', name: id };
}

/** A group id in words, without reading the group: "Hunt group Sales Berlin". */
export function groupIdLabel(id: string): string {
  const { kind, name } = splitGroupId(id);
  return kind ? `${groupKindLabel(kind)} ${name}` : name;
}
