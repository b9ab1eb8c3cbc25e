/**
 * What each wave's cutover runbook sets up in Teams for the PBX's groups (plan-groups.ts): delegation
 * for a boss and delegates, call groups for a pickup group, a call queue with its resource account for a
 * hunt group or a call-centre team. These link users to one another, and Teams takes them only between
 * Teams Phone users, so a group is set up by the wave its LAST members move in; an earlier wave that
 * moves some of them lists it as later. What no cmdlet can do from the plan alone (a shared line's
 * owner, the resource account's licence and the group's pilot number, groups larger than Teams allows)
 * is listed as a step for a person. Plain data: runbooks.ts writes it as PowerShell.
 */
import { teamsAgentAlertSeconds, type HuntMethod } from '../domain/hunt-methods';
import { GROUP_HUNTING_FIELDS, type GroupHuntingField, type GroupHuntingRecord } from '../domain/pbx-inventory';
import type { GroupNumber, Plan } from '../domain/plan';
import { becomesCallQueue, groupIdLabel, splitGroupId } from '../domain/migration-group-labels';
import { groupMembersByWave } from '../domain/planning/plan-groups';
import { isUpn } from './powershell';
import { ExtensionDirectory, queueOverflow, queueTimeout, type AnsweringAccount, type QueueOverflow, type QueueTimeout } from './queue-timeouts';
import { autoAttendantLocale } from './auto-attendant-locale';
import { queueVoicemailPrompt } from './auto-attendant-prompts';
import { waveMainNumberSetUps } from './main-number-set-ups';
import { ResourceAccountNames } from '../domain/planning/account-names';
import type { ExportInput } from './export-input';
import type { SkippedItem } from './runbooks';

/** Agents a call queue takes by name (`New-CsCallQueue -Users`); more go in a group or a Teams channel. */
export const MAX_CALL_QUEUE_USERS = 20;
/** Targets a user's call group holds (`Set-CsUserCallingSettings -CallGroupTargets`). */
export const MAX_CALL_GROUP_TARGETS = 25;

export interface Delegation {
  group: string;
  boss: string;
  delegate: string;
}

/** A pickup group: each member gets a call group of the others (group call pickup). */
export interface PickupGroup {
  group: string;
  members: string[];
}

export interface CallQueueSetUp {
  /** The PBX groups it answers for (`hunt-group:<name>`, and a call-centre team of the same name). */
  groupIds: string[];
  group: string;
  /** The queue's name in Teams: the PBX group's name. */
  name: string;
  /**
   * UPN of the queue's resource account: the tenant's own where the settings name one for the group
   * (`callQueueAccounts`), else one the runbook creates (unique across the plan).
   */
  resourceAccount: string;
  /** The account is the tenant's own, named in the settings. */
  existingAccount?: true;
  /** By UPN, or in the PBX group's hunting order where the export gave it (`agentsInHuntOrder`). */
  agents: string[];
  /** The agents are in the order the PBX hunted them (a Serial queue offers calls in this order). */
  agentsInHuntOrder?: true;
  /** How the PBX group hunted, where its export said (the queue's routing method; else all at once). */
  huntMethod?: HuntMethod;
  /** How long each agent rings (New-CsCallQueue -AgentAlertTime), where the export said how long the PBX rang each member. */
  agentAlertSeconds?: number;
  /** What a call nobody answers does, where the PBX export said where the group sent one (queue-timeouts.ts). */
  timeout?: QueueTimeout;
  /** What a call does while the queue is full, where the PBX export gave its queue limit or where it sent such a call. */
  overflow?: QueueOverflow;
  /** The language of its prompts and shared voicemail (-LanguageId): its site's (auto-attendant-locale.ts). */
  languageId: string;
  /** With a SharedVoicemail timeout or overflow: the Microsoft 365 group of its agents the runbook finds or makes, and its greeting. */
  voicemail?: { group: string; mailNickname: string; prompt: string };
  /** The group's pilot number, when the plan moves one (group-numbers.ts). */
  pilot?: GroupNumber;
}

/** A step the runbook does not take: LATER, another wave's runbook takes it; ACTION, a person does. */
export interface GroupNote {
  group: string;
  result: 'LATER' | 'ACTION';
  step: string;
}

export interface WaveGroupSetUps {
  delegations: Delegation[];
  pickupGroups: PickupGroup[];
  callQueues: CallQueueSetUp[];
  notes: GroupNote[];
  skipped: SkippedItem[];
  /** The pilot numbers of the queues left to a person, each with why (the Resource accounts sheet says it). */
  pilotsLeft: { number: string; why: string }[];
}

/** The groups a wave's runbook sets up, and the ones of them it leaves to a person, in words ('' for none). */
export function groupSetUpSummary(s: WaveGroupSetUps): string {
  const built = new Set(s.delegations.map((d) => d.group)).size + s.pickupGroups.length + s.callQueues.length;
  const byHand = s.notes.filter((n) => n.result === 'ACTION').length + s.skipped.length;
  const parts: string[] = [];
  if (built) parts.push(`set up ${built} PBX group${built === 1 ? '' : 's'} in Teams`);
  if (byHand) parts.push(`log ${byHand} PBX group${byHand === 1 ? '' : 's'} for a person to set up`);
  return parts.join(', and ');
}

interface GroupMember {
  upn: string;
  lineId?: string;
  siteId?: string;
  wave: number;
}

const EMPTY: WaveGroupSetUps = { delegations: [], pickupGroups: [], callQueues: [], notes: [], skipped: [], pilotsLeft: [] };

type Hunting = ExportInput['hunting'];

/**
 * The group set-ups of one wave of a plan alone. `namedAccounts`: the tenant's own resource accounts for
 * some groups' queues (group id -> UPN, the settings' `callQueueAccounts`). `hunting`: how the groups
 * hunted, where the PBX export said (their queues' agent order, ring time and timeout). Without an
 * export's sites and auto attendants, queues take the default language and forward to no attendant
 * (exportGroupSetUps has both).
 */
export function waveGroupSetUps(plan: Plan, waveNumber: number, namedAccounts: ReadonlyMap<string, string> = new Map(), hunting?: Hunting): WaveGroupSetUps {
  return groupSetUpsByWave(plan, namedAccounts, hunting, [], () => autoAttendantLocale(undefined).languageId).byWave.get(waveNumber) ?? EMPTY;
}

/** The language of a queue's prompts at a site (none known: the default of auto-attendant-locale.ts). */
type LanguageOf = (siteId: string | undefined) => string;

/** Worked out once per export: the runbooks and workbooks ask for every wave's. */
const byInput = new WeakMap<ExportInput, { plan: Plan; settings: ExportInput['settings']; hunting: Hunting } & GroupSetUpsByWave>();

function exportIndex(input: ExportInput) {
  let index = byInput.get(input);
  if (!index || index.plan !== input.plan || index.settings !== input.settings || index.hunting !== input.hunting) {
    const named = new Map((input.settings.callQueueAccounts ?? []).filter((q) => isUpn(q.account)).map((q) => [q.groupId, q.account]));
    const countries = new Map(input.sites.map((s) => [s.id, s.countryCode]));
    const regions = new Map(input.settings.sites.map((a) => [a.siteId, a.region]));
    const languageOf = (siteId: string | undefined) => autoAttendantLocale(siteId && countries.get(siteId), siteId && regions.get(siteId)).languageId;
    const built = groupSetUpsByWave(input.plan, named, input.hunting, attendantAccounts(input), languageOf);
    byInput.set(input, (index = { plan: input.plan, settings: input.settings, hunting: input.hunting, ...built }));
  }
  return index;
}

/**
 * The group set-ups of one wave of an export, with the call queue accounts its settings name, its
 * groups' hunting and its auto attendants (main-number-set-ups.ts).
 */
export function exportGroupSetUps(input: ExportInput, waveNumber: number): WaveGroupSetUps {
  return exportIndex(input).byWave.get(waveNumber) ?? EMPTY;
}

/**
 * Who answers each PBX extension once the export's plan has moved it: its people, the call queues its
 * runbooks build for groups with a pilot extension, and its sites' auto attendants.
 */
export function exportExtensionDirectory(input: ExportInput): ExtensionDirectory {
  return exportIndex(input).extensions();
}

/** The auto attendants the export's runbooks build for main numbers with a PBX extension. */
function attendantAccounts(input: ExportInput): AnsweringAccount[] {
  return input.plan.waves.flatMap((wave) =>
    waveMainNumberSetUps(input, wave.number).autoAttendants.flatMap(({ main, resourceAccount }) =>
      main.extension ? [{ extension: main.extension, target: { kind: 'auto attendant' as const, upn: resourceAccount, siteId: main.siteId, wave: wave.number, did: main.number } }] : [],
    ),
  );
}

/** A queue's resource account: the tenant's own (named in the settings), or one the runbook creates. */
interface QueueAccount {
  upn: string;
  existing: boolean;
}

interface GroupSetUpsByWave {
  byWave: Map<number, WaveGroupSetUps>;
  /** Built on first use (a plan without extension forwards never needs it). */
  extensions: () => ExtensionDirectory;
}

function groupSetUpsByWave(
  plan: Plan,
  namedAccounts: ReadonlyMap<string, string>,
  hunting: Hunting,
  attendants: readonly AnsweringAccount[],
  languageOf: LanguageOf,
): GroupSetUpsByWave {
  const membersOf = new Map<string, GroupMember[]>();
  for (const [id, byWave] of groupMembersByWave(plan.waves)) {
    const members: GroupMember[] = [];
    for (const [wave, list] of byWave) for (const m of list) members.push({ upn: m.userPrincipalName, lineId: m.lineId, siteId: m.siteId, wave });
    membersOf.set(id, members);
  }
  const byWave = new Map<number, WaveGroupSetUps>();
  const of = (wave: number) => {
    let s = byWave.get(wave);
    if (!s) byWave.set(wave, (s = { delegations: [], pickupGroups: [], callQueues: [], notes: [], skipped: [], pilotsLeft: [] }));
    return s;
  };
  const accounts = new ResourceAccountNames();
  for (const upn of namedAccounts.values()) accounts.reserve(upn);
  const pilots = new Map<string, GroupNumber>();
  for (const wave of plan.waves) for (const n of wave.groupNumbers ?? []) if (!pilots.has(n.groupId)) pilots.set(n.groupId, n);
  // First every queue's account, so that a queue's timeout can forward to another queue (by its pilot's extension).
  const answering = [...attendants];
  const units = setUpUnits(membersOf).map((unit) => {
    const last = unit.members.reduce((max, m) => (m.wave > max ? m.wave : max), -1);
    const pilot = unit.ids.map((id) => pilots.get(id)).find((n) => n !== undefined);
    let account: QueueAccount | undefined;
    // A unit that setUpGroup makes a queue of: every member a plain UPN, no more agents than Teams takes by name.
    const { kind, name } = splitGroupId(unit.id);
    if (becomesCallQueue(kind) && unit.members.every((m) => isUpn(m.upn)) && unit.members.length <= MAX_CALL_QUEUE_USERS) {
      const named = unit.ids.map((id) => namedAccounts.get(id)).find((upn) => upn !== undefined);
      account = { upn: named ?? accounts.next('cq', name, 'group', unit.members[0].upn), existing: named !== undefined };
      if (pilot?.extension) answering.push({ extension: pilot.extension, target: { kind: 'call queue', upn: account.upn, siteId: pilot.siteId, wave: last, did: pilot.number } });
    }
    return { unit, last, pilot, account };
  });
  let directory: ExtensionDirectory | undefined;
  const extensions = () => (directory ??= new ExtensionDirectory(plan, answering));
  for (const { unit, last, pilot, account } of units) {
    for (const wave of new Set(unit.members.map((m) => m.wave))) {
      if (wave !== last) of(wave).notes.push({ group: unit.label, result: 'LATER', step: `set up by the wave ${last} runbook, when its last members move` });
    }
    const hunted = unitHunting(unit.ids.map((id) => hunting?.get(id)));
    const siteIds = new Set(unit.members.flatMap((m) => (m.siteId ? [m.siteId] : [])));
    const queue = { hunting: hunted, agents: unit.members.length, siteIds, wave: last, account: account?.upn };
    const { timeout, step: timeoutStep } = account ? queueTimeout(queue, extensions) : {};
    const { overflow, step: overflowStep } = account ? queueOverflow(queue, extensions) : {};
    const steps = [timeoutStep, overflowStep].filter((s) => s !== undefined);
    setUpGroup(unit, of(last), account, pilot, { hunting: hunted, timeout, overflow, steps }, languageOf);
  }
  return { byWave, extensions };
}

/** What one set-up builds: a group, or the groups that become one call queue. */
interface SetUpUnit {
  /** The first group's id (sorted), which says the kind and the name. */
  id: string;
  /** Every group's id. */
  ids: string[];
  label: string;
  /** By UPN, without repeats. */
  members: GroupMember[];
}

/**
 * The groups in id order, each a unit of its own except the hunt groups and call-centre teams of one
 * name: an export names an agent's team after its hunt group, and one queue must answer both (two queues
 * of one name would also defeat the runbook's look-up by name).
 */
function setUpUnits(membersOf: Map<string, GroupMember[]>): SetUpUnit[] {
  const units = new Map<string, SetUpUnit>();
  for (const id of [...membersOf.keys()].sort()) {
    const { kind, name } = splitGroupId(id);
    const key = becomesCallQueue(kind) ? `queue:${name.toLowerCase()}` : id;
    const unit = units.get(key);
    if (unit) {
      unit.label += ` and ${groupIdLabel(id)}`;
      unit.ids.push(id);
      unit.members.push(...membersOf.get(id)!);
    } else {
      units.set(key, { id, ids: [id], label: groupIdLabel(id), members: [...membersOf.get(id)!] });
    }
  }
  for (const unit of units.values()) {
    const byUpn = new Map(unit.members.map((m) => [m.upn, m]));
    unit.members = [...byUpn.values()].sort((a, b) => (a.upn < b.upn ? -1 : a.upn > b.upn ? 1 : 0));
  }
  return [...units.values()];
}

/** The members in hunting order (the group's line ids in order); members without a place follow, by UPN. */
function inHuntOrder(members: readonly GroupMember[], huntOrder: readonly string[]): GroupMember[] {
  const place = new Map(huntOrder.map((lineId, i) => [lineId, i]));
  const placeOf = (m: GroupMember) => (m.lineId === undefined ? undefined : place.get(m.lineId)) ?? Number.MAX_SAFE_INTEGER;
  return [...members].sort((a, b) => placeOf(a) - placeOf(b));
}

/**
 * A unit's hunting (a hunt group and the call-centre team of its name are one queue): each field as the
 * first of its groups whose export said it.
 */
function unitHunting(records: readonly (GroupHuntingRecord | undefined)[]): GroupHuntingRecord {
  const hunting: GroupHuntingRecord = {};
  for (const field of GROUP_HUNTING_FIELDS) (hunting as Record<GroupHuntingField, unknown>)[field] = records.map((r) => r?.[field]).find((v) => v !== undefined);
  return hunting;
}

/** What a unit's queue takes from how its PBX group hunted, where the export said. */
interface QueueHunting {
  hunting: GroupHuntingRecord;
  /** What a call nobody answers does, and one while the queue is full; the steps a person takes where the queue cannot do them alone. */
  timeout?: QueueTimeout;
  overflow?: QueueOverflow;
  steps: string[];
}

/** `account`: the account of the unit's queue, for a unit that becomes one. */
function setUpGroup(
  { id, ids, label, members }: SetUpUnit,
  into: WaveGroupSetUps,
  account: QueueAccount | undefined,
  pilot: GroupNumber | undefined,
  { hunting, timeout, overflow, steps }: QueueHunting,
  languageOf: LanguageOf,
): void {
  const { kind, name } = splitGroupId(id);
  const bad = members.find((m) => !isUpn(m.upn));
  if (bad) {
    const reason = `a member's user principal name is not a plain UPN (${bad.upn}); set the group up by hand`;
    into.skipped.push({ what: label, reason });
    if (pilot) into.pilotsLeft.push({ number: pilot.number, why: reason });
    return;
  }
  const upns = members.map((m) => m.upn);
  const hand = (step: string) => {
    into.notes.push({ group: label, result: 'ACTION', step });
  };
  switch (kind) {
    case 'boss-delegate': {
      // The group is named after the boss's line (migration-groups.ts).
      const boss = members.find((m) => m.lineId === name);
      if (!boss) return hand("the boss's line is not in the plan: make the delegates the boss's delegates by hand (New-CsUserCallingDelegate)");
      for (const m of members) if (m.upn !== boss.upn) into.delegations.push({ group: label, boss: boss.upn, delegate: m.upn });
      return;
    }
    case 'pickup-group': {
      if (members.length < 2) return;
      if (members.length - 1 > MAX_CALL_GROUP_TARGETS) {
        return hand(`${members.length} members: a Teams call group holds ${MAX_CALL_GROUP_TARGETS}; answer the group's calls with a call queue instead`);
      }
      into.pickupGroups.push({ group: label, members: upns });
      return;
    }
    case 'hunt-group':
    case 'call-centre': {
      if (members.length > MAX_CALL_QUEUE_USERS) {
        const number = pilot ? `, and give its resource account the pilot number ${pilot.number}` : '';
        const step = `${members.length} agents: a call queue takes ${MAX_CALL_QUEUE_USERS} by name; make them a Microsoft 365 group or a Teams channel and give it to the queue (New-CsCallQueue -DistributionLists)${number}`;
        if (pilot) into.pilotsLeft.push({ number: pilot.number, why: step });
        return hand(step);
      }
      // Not reached: groupSetUpsByWave gives every unit that passes the checks above an account.
      if (!account) return;
      const languageId = languageOf(pilot?.siteId ?? mostCommonSite(members));
      const queue: CallQueueSetUp = { groupIds: ids, group: label, name, resourceAccount: account.upn, ...(account.existing && { existingAccount: true as const }), agents: upns, languageId };
      if (hunting.huntOrder) {
        queue.agents = inHuntOrder(members, hunting.huntOrder).map((m) => m.upn);
        queue.agentsInHuntOrder = true;
      }
      if (hunting.huntMethod) queue.huntMethod = hunting.huntMethod;
      if (hunting.huntRingSeconds !== undefined) queue.agentAlertSeconds = teamsAgentAlertSeconds(hunting.huntRingSeconds);
      if (timeout) queue.timeout = timeout;
      if (overflow) queue.overflow = overflow;
      if (timeout?.action === 'SharedVoicemail' || overflow?.action === 'SharedVoicemail') {
        queue.voicemail = { group: `${name} voicemail`, mailNickname: voicemailNickname(account.upn), prompt: queueVoicemailPrompt(languageId) };
      }
      for (const step of steps) hand(step);
      if (pilot) queue.pilot = pilot;
      into.callQueues.push(queue);
      return;
    }
    case 'shared-line':
      return hand("shared line appearance: the line's owner makes the other members delegates (New-CsUserCallingDelegate), or a call queue answers the shared number");
    default:
      return hand('a kind of group this version does not set up: set it up by hand');
  }
}

/** The site most of the members are at (the first by id of equals); undefined when none has one. */
function mostCommonSite(members: readonly GroupMember[]): string | undefined {
  const counts = new Map<string, number>();
  for (const m of members) if (m.siteId !== undefined) counts.set(m.siteId, (counts.get(m.siteId) ?? 0) + 1);
  let best: string | undefined;
  for (const [site, n] of counts) if (best === undefined || n > counts.get(best)! || (n === counts.get(best)! && site < best)) best = site;
  return best;
}

/**
 * The mail nickname of a queue's shared voicemail group: `vm-` and its resource account's name (unique
 * across the plan), in the letters, digits and hyphens a nickname takes, at most 64 characters.
 */
function voicemailNickname(resourceAccount: string): string {
  const local = resourceAccount.slice(0, resourceAccount.lastIndexOf('@')).toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  return `vm-${local}`.slice(0, 64).replace(/-+$/, '');
}
