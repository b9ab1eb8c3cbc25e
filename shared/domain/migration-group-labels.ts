/**
 * What the tab and the workbooks call each kind of migration group, what each becomes in Teams, and a
 * group id in words: one list, so they always agree. Dependency-free (a type import only), so the tab
 * bundles it as it is.
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

/** The order groups are listed in: hunt groups and call centres first (they need resource accounts and numbers). */
export const GROUP_KIND_ORDER: readonly MigrationGroupKind[] = ['hunt-group', 'call-centre', 'pickup-group', 'boss-delegate', 'shared-line'];

/** The kinds that become call queues in Teams, each answered by a resource account (the settings' `callQueueAccounts`). */
export const CALL_QUEUE_GROUP_KINDS: readonly MigrationGroupKind[] = ['hunt-group', 'call-centre'];

/** Whether a group of this kind becomes a call queue in Teams. */
export function becomesCallQueue(kind: string): boolean {
  return (CALL_QUEUE_GROUP_KINDS as readonly string[]).includes(kind);
}

/**
 * The settings' entry naming the tenant's own resource account for a group's call queue: the group's own,
 * else that of the other queue kind of the same name (a hunt group and a call-centre team of one name
 * become one queue, group-set-ups.ts), so both rows show the one account and edit the one entry.
 */
export function namedQueueAccount<T extends { groupId: string; account: string }>(entries: readonly T[], groupId: string): T | undefined {
  const { kind, name } = splitGroupId(groupId);
  if (!becomesCallQueue(kind)) return undefined;
  const sameQueue = (id: string) => {
    const other = splitGroupId(id);
    return becomesCallQueue(other.kind) && other.name.toLowerCase() === name.toLowerCase();
  };
  return entries.find((e) => e.groupId === groupId) ?? entries.find((e) => sameQueue(e.groupId));
}

/** What each kind of PBX group becomes in Teams, in a few words (the tab's wave panel). */
export const GROUP_BECOMES: Record<MigrationGroupKind, string> = {
  'hunt-group': 'a call queue',
  'call-centre': 'a call queue',
  'pickup-group': 'call groups (group call pickup)',
  'boss-delegate': 'delegation',
  'shared-line': 'delegation (shared line appearance)',
};

/**
 * What each kind becomes in Teams with the cmdlets that build it (MicrosoftTeams module), for the
 * workbooks and the tab; keyed by kind, so a new kind cannot go without one.
 */
export const GROUP_TEAMS_SET_UP: Record<MigrationGroupKind, string> = {
  'hunt-group':
    "Call queue: a resource account (New-CsOnlineApplicationInstance, Teams Phone Resource Account licence) given the group's number, New-CsCallQueue with these members as agents (-Users), joined by New-CsOnlineApplicationInstanceAssociation. Agents need Teams Phone.",
  'call-centre':
    "Call queue for these agents (New-CsCallQueue with a resource account holding a Teams Phone Resource Account licence), or the contact centre's own Teams connector. Agents need Teams Phone.",
  'pickup-group':
    "Group call pickup: give each member a call group of the others (Set-CsUserCallingSettings -CallGroupTargets) and choose how members are told of the group's calls (-GroupNotificationOverride).",
  'boss-delegate':
    "Delegation: make the delegate the boss's delegate (New-CsUserCallingDelegate -ReceiveCalls $true -MakeCalls $true) and ring the boss's calls on the delegate too (Set-CsUserCallingSettings -ForwardingTargetType MyDelegates). Both need Teams Phone.",
  'shared-line':
    "Shared line appearance: the line's owner makes the others delegates (New-CsUserCallingDelegate), or a call queue answers the shared number. All need Teams Phone.",
};

/** A kind's entry in one of the tables above; a kind this version does not know has none. */
export function byGroupKind(table: Record<MigrationGroupKind, string>, kind: string): string {
  return (table as Record<string, string>)[kind] ?? '';
}

/**
 * A group's moving pilot numbers in words, each with where it stands in Teams when that is known:
 * "+12065550100 (on a resource account), +12065550101 (not in Teams yet)".
 */
export function pilotNumbersText(numbers: readonly string[], states: readonly { number: string; detail: string }[] = []): string {
  return numbers
    .map((n) => {
      const state = states.find((s) => s.number === n);
      return state ? `${n} (${state.detail})` : n;
    })
    .join(', ');
}

/**
 * A site's moving main number in words, with where it stands in Teams when that is known (the wave
 * panel, `vmp status --groups`): "Amsterdam main number +31201212024 (not in Teams yet)".
 */
export function mainNumberText(siteName: string, main: { number: string; detail?: string }): string {
  return `${siteName} main number ${main.number}${main.detail ? ` (${main.detail})` : ''}`;
}

/**
 * A moving common-area phone in one line (the wave panel): "Seattle Lobby phone +14255557001 on
 * cap-seattle-lobby-phone@contoso.com (in Teams, not yet on the phone's account)".
 */
export function commonAreaPhoneText(phone: { name: string; number?: string; account?: string; detail?: string }): string {
  const number = phone.number ? ` ${phone.number}` : ' (no number)';
  const account = phone.account ? ` on ${phone.account}` : ', no account named: set it up by hand';
  return `${phone.name}${number}${account}${phone.detail ? ` (${phone.detail})` : ''}`;
}

/** How a moving main number's new auto attendant will answer, from the site's settings now (main-number-answering.ts). */
export interface AttendantAnswering {
  /** The tenant's own resource account the site's settings name; absent: the runbook creates one. */
  account?: string;
  /** Who "0" reaches (the site's settings); absent: no operator. */
  operator?: string;
  languageId: string;
  timeZoneId: string;
  /** The site's business hours as one line; absent: open at all hours. */
  businessHours?: string;
  /** The public holidays it answers as holidays: their calendar ("DE-BY"), how many, and up to when. */
  holidays?: { calendar: string; count: number; to: string };
}

/**
 * How a main number's auto attendant will answer, in one line (the wave panel, `vmp status --groups`):
 * "on ra-aa-milan@contoso.com (the tenant's account) · it-IT, W. Europe Standard Time · open Mon-Fri
 * 09:00-18:00 · 13 public holidays of IT to 2028-12-31".
 */
export function answeringText(a: AttendantAnswering): string {
  return [
    a.account ? `on ${a.account} (the tenant's account)` : 'on a new resource account',
    `${a.languageId}, ${a.timeZoneId}`,
    ...(a.operator ? [`0 for ${a.operator}`] : []),
    a.businessHours ? `open ${a.businessHours}` : 'open at all hours',
    a.holidays ? `${a.holidays.count} public holidays of ${a.holidays.calendar} to ${a.holidays.to}` : 'no public holidays known',
  ].join(' · ');
}
