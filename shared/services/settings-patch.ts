/**
 * Per-item changes to the planning settings. The settings are one versioned document, but admins edit
 * items of it: one site's decision, one person's override, one site's attributes, one call queue's
 * resource account, one section (the operators, the schedule...). A change carries the item as the admin read it; it conflicts only when
 * that item changed since, so two admins deciding two different sites never conflict, while two admins
 * deciding the same site do - and the conflict carries both versions so the tab can show them.
 */
import type { PlanningSettings } from '../domain/planning-settings';

/** Top-level sections edited whole (forms in the tab). `decisions` and `sites` are edited per item instead. */
export const SETTINGS_SECTIONS = ['tenant', 'operators', 'sbcs', 'callingPlan', 'traffic', 'costs', 'scheduling'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

export type SettingsItemTarget =
  | { kind: 'site-decision'; siteId: string }
  | { kind: 'user-override'; user: string }
  | { kind: 'site-attributes'; siteId: string }
  | { kind: 'call-queue-account'; groupId: string }
  | { kind: 'section'; section: SettingsSection };

export interface SettingsItemChange {
  target: SettingsItemTarget;
  /** The new item; `null` removes it (a section removed goes back to its defaults). */
  value: unknown;
  /** The item as the admin read it (`null` = it did not exist). */
  expected: unknown;
}

/** One item whose stored value is no longer the one the change was made from. */
export interface SettingsItemConflict {
  target: SettingsItemTarget;
  /** What is stored now (null = absent). */
  current: unknown;
  /** What the admin read. */
  expected: unknown;
  /** What the admin wanted to save. */
  submitted: unknown;
}

/** Some items changed since they were read: nothing was saved. Both versions travel with the error. */
export class SettingsItemConflictError extends Error {
  readonly code = 'conflict';
  constructor(
    readonly conflicts: SettingsItemConflict[],
    readonly lastUpdatedBy?: string,
    readonly lastUpdatedAt?: string,
  ) {
    super(
      `${conflicts.map((c) => describeTarget(c.target)).join(', ')} ${conflicts.length === 1 ? 'was' : 'were'} changed by ` +
        `${lastUpdatedBy ?? 'someone else'}${lastUpdatedAt ? ` at ${lastUpdatedAt}` : ''} since you read ${conflicts.length === 1 ? 'it' : 'them'}; ` +
        'nothing was saved. Compare both versions and apply yours again if it should win.',
    );
    this.name = 'SettingsItemConflictError';
  }
}

export function describeTarget(target: SettingsItemTarget): string {
  switch (target.kind) {
    case 'site-decision':
      return `the decision for site ${target.siteId}`;
    case 'user-override':
      return `the override for ${target.user}`;
    case 'site-attributes':
      return `the attributes of site ${target.siteId}`;
    case 'call-queue-account':
      return `the call queue account of ${target.groupId}`;
    case 'section':
      return `the ${target.section} settings`;
  }
}

/** Key order fixed recursively, so an item compares equal whatever order its keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Settings as stored may omit sections; read them loosely. */
type LooseSettings = Partial<PlanningSettings> & Record<string, unknown>;

function sameKey(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The item's stored value (null when absent). */
export function readSettingsItem(settings: LooseSettings, target: SettingsItemTarget): unknown {
  switch (target.kind) {
    case 'site-decision':
      return settings.decisions?.sites?.find((d) => d.siteId === target.siteId) ?? null;
    case 'user-override':
      return settings.decisions?.users?.find((u) => sameKey(u.user, target.user)) ?? null;
    case 'site-attributes':
      return settings.sites?.find((s) => s.siteId === target.siteId) ?? null;
    case 'call-queue-account':
      return settings.callQueueAccounts?.find((q) => q.groupId === target.groupId) ?? null;
    case 'section':
      return settings[target.section] ?? null;
  }
}

function replaceInList<T>(list: T[] | undefined, matches: (item: T) => boolean, value: T | null): T[] {
  const rest = (list ?? []).filter((item) => !matches(item));
  if (value === null) return rest;
  const at = (list ?? []).findIndex(matches);
  // Keep the item where it was (a stable document diffs well in the history); new items go last.
  if (at < 0) return [...rest, value];
  return [...rest.slice(0, at), value, ...rest.slice(at)];
}

/**
 * The item as it is stored under its target: a value naming another site, person or group than the
 * target's would land in the target's place under the other's key (two items for one key, or an item
 * its own target no longer finds), so the target's key wins.
 */
function keyedByTarget(target: SettingsItemTarget, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const item = value as Record<string, unknown>;
  switch (target.kind) {
    case 'site-decision':
    case 'site-attributes':
      return item.siteId === target.siteId ? value : { ...item, siteId: target.siteId };
    case 'user-override':
      return typeof item.user === 'string' && sameKey(item.user, target.user) ? value : { ...item, user: target.user };
    case 'call-queue-account':
      return item.groupId === target.groupId ? value : { ...item, groupId: target.groupId };
    case 'section':
      return value;
  }
}

/** A copy of the settings with one item replaced (or removed); the input is not changed. */
export function writeSettingsItem(settings: LooseSettings, target: SettingsItemTarget, submitted: unknown): LooseSettings {
  const next: LooseSettings = { ...settings };
  const value = keyedByTarget(target, submitted);
  switch (target.kind) {
    case 'site-decision':
    case 'user-override': {
      const decisions = { sites: settings.decisions?.sites ?? [], users: settings.decisions?.users ?? [] };
      if (target.kind === 'site-decision') {
        decisions.sites = replaceInList(decisions.sites, (d) => d.siteId === target.siteId, value as (typeof decisions.sites)[number] | null);
      } else {
        decisions.users = replaceInList(decisions.users, (u) => sameKey(u.user, target.user), value as (typeof decisions.users)[number] | null);
      }
      next.decisions = decisions;
      return next;
    }
    case 'site-attributes':
      next.sites = replaceInList(settings.sites, (s) => s.siteId === target.siteId, value as NonNullable<PlanningSettings['sites']>[number] | null);
      return next;
    case 'call-queue-account': {
      type QueueAccount = NonNullable<PlanningSettings['callQueueAccounts']>[number];
      const list = replaceInList(settings.callQueueAccounts, (q) => q.groupId === target.groupId, value as QueueAccount | null);
      // The list is optional: the last account removed leaves the settings as they were before the first.
      if (list.length) next.callQueueAccounts = list;
      else delete next.callQueueAccounts;
      return next;
    }
    case 'section':
      if (value === null) delete next[target.section];
      else (next as Record<string, unknown>)[target.section] = value;
      return next;
  }
}

/**
 * Applies every change to `settings`, or reports the items that changed since they were read (then
 * nothing applies). A change whose item already holds the submitted value is not a conflict: two admins
 * making the same decision agree.
 */
export function applySettingsChanges(
  settings: LooseSettings,
  changes: SettingsItemChange[],
): { settings: LooseSettings; conflicts: SettingsItemConflict[] } {
  const conflicts: SettingsItemConflict[] = [];
  let next = settings;
  for (const change of changes) {
    const current = readSettingsItem(next, change.target);
    const currentJson = canonicalJson(current);
    if (currentJson !== canonicalJson(change.expected) && currentJson !== canonicalJson(change.value)) {
      conflicts.push({ target: change.target, current, expected: change.expected ?? null, submitted: change.value });
      continue;
    }
    next = writeSettingsItem(next, change.target, change.value);
  }
  return { settings: conflicts.length ? settings : next, conflicts };
}
