/**
 * A readable structural diff between two versions of the planning settings, for the history:
 * "operators[EuroLink].pricePerUserPerMonth: 3 -> 4". Lists of items are matched by their key (an
 * operator's id, a site's siteId, an override's user...), not by position, so removing the first
 * operator reads as one removal, not as every operator changing. Items are labelled by name where one
 * is known (operator names, site names), the id otherwise.
 */

export interface SettingsChange {
  /** Where, with items by label: `decisions.sites[Madrid].path`. */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface DiffNames {
  /** A site's name from its id (the snapshot's sites), when known. */
  siteName?: (siteId: string) => string | undefined;
}

/** The field that identifies an item of each list, in the order tried. */
const ITEM_KEYS = ['id', 'siteId', 'user', 'country', 'groupId'] as const;
/** Lists whose items are identified by several fields together. */
const COMPOSITE_KEYS: Record<string, (item: Record<string, unknown>) => string> = {
  changeFreezes: (f) => `${f.from}..${f.to}`,
  blackouts: (b) => `${b.siteId}|${b.from}..${b.to}`,
  pins: (p) => (p.siteId !== undefined ? `site:${p.siteId}` : `group:${p.groupId}`),
};

/**
 * Top-level keys that are no setting: `$schema` points an editor at the JSON schema (the example file
 * has it, the tab's forms do not), so a file saved from an editor and one saved from the tab differ
 * in it alone. It is not listed as a change.
 */
const EDITOR_HINTS = new Set(['$schema']);

/** The settings without their editor hints: what a save compares, and the diff lists, to say what changed. */
export function settingsContent<T>(settings: T): T {
  if (typeof settings !== 'object' || settings === null || !Object.keys(settings).some((k) => EDITOR_HINTS.has(k))) return settings;
  return Object.fromEntries(Object.entries(settings).filter(([k]) => !EDITOR_HINTS.has(k))) as T;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** At most `limit` changes (a bulk decision over 2,000 sites is summarised by its count elsewhere). */
export function diffSettings(before: unknown, after: unknown, names: DiffNames = {}, limit = 500): { changes: SettingsChange[]; total: number } {
  const changes: SettingsChange[] = [];
  let total = 0;
  const push = (c: SettingsChange) => {
    total++;
    if (changes.length < limit) changes.push(c);
  };

  const label = (listName: string, item: Record<string, unknown>, key: string): string => {
    if (listName === 'operators' && typeof item.name === 'string') return item.name;
    if (listName === 'sbcs' && typeof item.fqdn === 'string') return item.fqdn;
    if (listName === 'pins' || listName === 'blackouts' || typeof item.siteId === 'string') {
      const site = typeof item.siteId === 'string' ? (names.siteName?.(item.siteId) ?? item.siteId) : undefined;
      if (listName === 'pins') return site !== undefined ? `site ${site}` : `group ${String(item.groupId)}`;
      if (listName === 'blackouts') return `${site} ${String(item.from)}..${String(item.to)}`;
      return site!;
    }
    return key;
  };

  const keyOf = (listName: string, items: unknown[]): ((item: Record<string, unknown>) => string) | undefined => {
    if (!items.every(isObject)) return undefined;
    const composite = COMPOSITE_KEYS[listName];
    if (composite) return composite;
    const field = ITEM_KEYS.find((k) => items.every((i) => typeof (i as Record<string, unknown>)[k] === 'string'));
    return field ? (i) => i[field] as string : undefined;
  };

  const walk = (b: unknown, a: unknown, path: string, listName: string): void => {
    if (canonical(b) === canonical(a)) return;
    if (b === undefined) return push({ path, kind: 'added', after: a });
    if (a === undefined) return push({ path, kind: 'removed', before: b });
    if (isObject(b) && isObject(a)) {
      for (const k of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) walk(b[k], a[k], path ? `${path}.${k}` : k, k);
      return;
    }
    if (Array.isArray(b) && Array.isArray(a)) {
      const key = b.length + a.length > 0 ? keyOf(listName, [...b, ...a]) : undefined;
      if (key) {
        const before = new Map(b.map((i) => [key(i as Record<string, unknown>), i as Record<string, unknown>]));
        const after = new Map(a.map((i) => [key(i as Record<string, unknown>), i as Record<string, unknown>]));
        // Only when keys are unique does matching by key say the truth; otherwise compare whole.
        if (before.size === b.length && after.size === a.length) {
          for (const [k, item] of before) {
            const next = after.get(k);
            const at = `${path}[${label(listName, next ?? item, k)}]`;
            if (next === undefined) push({ path: at, kind: 'removed', before: item });
            else walk(item, next, at, listName);
          }
          for (const [k, item] of after) if (!before.has(k)) push({ path: `${path}[${label(listName, item, k)}]`, kind: 'added', after: item });
          return;
        }
      }
    }
    push({ path, kind: 'changed', before: b, after: a });
  };
  walk(settingsContent(before), settingsContent(after), '', '');
  return { changes, total };
}

/** A value as one short line: strings as they are, everything else as compact JSON. */
export function shortValue(value: unknown, max = 120): string {
  if (value === undefined) return '(none)';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** "operators[EuroLink].pricePerUserPerMonth: 3 -> 4", "sbcs[sbc.example.com]: removed". */
export function describeChange(c: SettingsChange): string {
  if (c.kind === 'added') return `${c.path}: added ${shortValue(c.after)}`;
  if (c.kind === 'removed') return `${c.path}: removed (was ${shortValue(c.before)})`;
  return `${c.path}: ${shortValue(c.before)} -> ${shortValue(c.after)}`;
}
