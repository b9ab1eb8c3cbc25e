/**
 * Plan versus tenant: for each person in the plan, is the move not started, scheduled, ready (the
 * number is in the tenant but not yet assigned), done (assigned with the planned type), drifted (a
 * different number or type, or a planned number assigned to someone else / outside the plan) or
 * blocked; progress per wave, site and tenant; and a fix-up list for the drift.
 */
import { groupIdLabel } from '../migration-group-labels';
import type { PstnPath } from '../planning-settings';
import { psQuote } from '../powershell-quote';
import type { CommonAreaPhone, GroupNumber, MainNumber, Plan, WaveMember } from '../plan';
import type { TeamsNumberType, TenantNumber, TenantSnapshot } from '../tenant-snapshot';

export const MEMBER_STATES = ['not-started', 'scheduled', 'ready', 'done', 'drifted', 'blocked'] as const;
export type MemberState = (typeof MEMBER_STATES)[number];

/** What the tab, the bot and `vmp status` call each state. */
export const MEMBER_STATE_LABELS: Readonly<Record<MemberState, string>> = {
  done: 'Done',
  ready: 'Ready',
  scheduled: 'Scheduled',
  'not-started': 'Not started',
  blocked: 'Blocked',
  drifted: 'Drifted from the plan',
};

/** The order the Overview's status card and `vmp status` list the states in: what is done first. */
export const MEMBER_STATES_SHOWN: readonly MemberState[] = ['done', 'ready', 'scheduled', 'not-started', 'blocked', 'drifted'];

export type StateCounts = Record<MemberState, number> & { total: number; percentDone: number };

/**
 * A site's progress as admins ask about it ("which sites are done?"): all its people moved, some,
 * none yet; or anyone blocked or drifted from the plan (those two cut across the first three).
 */
export type SiteProgress = 'done' | 'in-progress' | 'not-started' | 'blocked' | 'drifted';

/** How the tab, the bot and the CLI say each site progress after "sites". */
export const SITE_PROGRESS_LABELS: Readonly<Record<SiteProgress, string>> = {
  done: 'done',
  'in-progress': 'in progress',
  'not-started': 'not started',
  blocked: 'with blocked people',
  drifted: 'drifted from the plan',
};

/** Every site progress, in the order the tab's filter and the CLI's help list them. */
export const SITE_PROGRESSES = Object.keys(SITE_PROGRESS_LABELS) as SiteProgress[];

/** What a list of sites is of: one progress, or one path in force (decided, else recommended); neither is every site. */
export interface SitesFilter {
  progress?: SiteProgress;
  path?: PstnPath;
}

const siteNameOrder = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/**
 * Sites with their counts as the bot and `vmp status --sites` list them: those of one progress (all
 * without), the most blocked (or drifted) first, else by name. A site without counts is in no wave.
 */
export function sitesByProgress<S extends { id: string; name: string }>(
  sites: readonly S[],
  countsOf: (siteId: string) => StateCounts | undefined,
  progress?: SiteProgress,
): { site: S; counts?: StateCounts }[] {
  let rows = sites.map((site) => ({ site, counts: countsOf(site.id) }));
  if (progress) rows = rows.filter((r) => r.counts && siteHasProgress(r.counts, progress));
  const weight = (r: (typeof rows)[number]) => (progress === 'blocked' ? (r.counts?.blocked ?? 0) : progress === 'drifted' ? (r.counts?.drifted ?? 0) : 0);
  return rows.sort((a, b) => weight(b) - weight(a) || siteNameOrder.compare(a.site.name, b.site.name) || (a.site.id < b.site.id ? -1 : 1));
}

export function siteHasProgress(c: StateCounts, progress: SiteProgress): boolean {
  switch (progress) {
    case 'done':
      return c.total > 0 && c.done === c.total;
    case 'in-progress':
      return c.done > 0 && c.done < c.total;
    case 'not-started':
      return c.total > 0 && c.done === 0;
    case 'blocked':
      return c.blocked > 0;
    case 'drifted':
      return c.drifted > 0;
  }
}

export interface MemberStatus {
  personId: string;
  userPrincipalName?: string;
  siteId?: string;
  waveNumber?: number;
  state: MemberState;
  /** The wave date has passed and the move is not done. */
  overdue?: boolean;
  detail: string;
  expected?: { number?: string; numberType?: TeamsNumberType };
  actual?: { number: string; numberType: string }[];
}

export interface FixUp {
  personId: string;
  userPrincipalName?: string;
  problem: string;
  action: string;
  /** PowerShell (MicrosoftTeams module) that applies the action. */
  powershell: string[];
}

/** A site's counts (people with no site: siteId ''), and of its people in each wave it has people in. */
export interface SiteStatus {
  siteId: string;
  counts: StateCounts;
  /** In wave order; people not in a wave (blocked, staying on the PBX) count for the site only. */
  waves: { number: number; counts: StateCounts }[];
}

/** People whose number is in Teams already: ready (there, not yet assigned) or done (assigned as planned). */
export function numbersInTeams(c: StateCounts): number {
  return c.ready + c.done;
}

/** A site's counts of its people in one wave: undefined when it has none there, or was stored before per-wave counts were kept. */
export function siteCountsInWave(site: { waves?: SiteStatus['waves'] }, wave: number): StateCounts | undefined {
  return site.waves?.find((w) => w.number === wave)?.counts;
}

/**
 * Where a number that moves to a Teams voice app stands in Teams, in the words of a person's move: not in
 * Teams yet (scheduled), in Teams but not assigned (ready), on a resource account as planned (done: the
 * wave's cutover runbook gave it to the app's resource account), or held elsewhere (drifted: by a user,
 * by another kind of target, or as another number type). Two kinds move so: a PBX group's pilot number
 * (a hunt group's or call-centre team's own number) to the group's call queue, and a site's main number
 * (main-numbers.ts) to the site's auto attendant.
 */
export type PilotState = Extract<MemberState, 'scheduled' | 'ready' | 'done' | 'drifted'>;

/** The Teams voice app a moving number goes to: a group's pilot to a call queue, a site's main number to an auto attendant. */
export type VoiceAppKind = 'call-queue' | 'auto-attendant';

/** How each kind is said: one table, so the counts of the two never read alike. */
const VOICE_APP_WORDS: Readonly<Record<VoiceAppKind, { number: readonly [string, string]; label: string; apps: string; app: string }>> = {
  'call-queue': { number: ['group pilot number', 'group pilot numbers'], label: 'Pilot numbers', apps: 'call queues', app: 'call queue' },
  'auto-attendant': { number: ['main number', 'main numbers'], label: 'Main numbers', apps: 'auto attendants', app: 'auto attendant' },
};

export interface PilotStatus {
  number: string;
  state: PilotState;
  detail: string;
  /** The user who holds the number, when a user does (drifted). */
  holderId?: string;
  /** Its wave's date has passed and it is not on its voice app's resource account yet (see markPilotOverdue). */
  overdue?: true;
}

/**
 * A moving number (a pilot, a main number) that is not on its voice app once its wave's date has passed is
 * overdue; as with people (markOverdue), applied to what is read on the day asked, never stored.
 */
export function markPilotOverdue<P extends Pick<PilotStatus, 'state' | 'detail' | 'overdue'>>(pilot: P, waveDate: string, today: string): P {
  if (!(waveDate < today) || (pilot.state !== 'ready' && pilot.state !== 'scheduled')) return pilot;
  return { ...pilot, overdue: true, detail: `${pilot.detail}: overdue, wave date ${waveDate} has passed` };
}

/** A moving pilot number's state, with its group and the wave that moves it. */
export interface WavePilotStatus extends PilotStatus {
  groupId: string;
  wave: number;
}

/** A moving main number's state, with its site and the wave that moves it. */
export interface WaveMainNumberStatus extends PilotStatus {
  siteId: string;
  wave: number;
}

/**
 * A moving common-area phone's state: its number on the phone's account (done), in Teams and not yet on
 * it (ready), not in Teams yet (scheduled) or held elsewhere (drifted); a phone without a number is done
 * once its account is in the directory.
 */
export interface WaveCommonAreaPhoneStatus extends Omit<PilotStatus, 'number'> {
  lineId: string;
  siteId: string;
  wave: number;
  /** The account's display name. */
  name: string;
  account?: string;
  number?: string;
}

/**
 * A common-area phone's state from the tenant's record of its number (undefined: not in the Teams
 * inventory) and its directory: `upnOf` names the user holding a number, `inDirectory` tells whether an
 * account is there.
 */
export function commonAreaPhoneStatus(
  phone: Pick<CommonAreaPhone, 'number' | 'numberType' | 'account'>,
  held: TenantNumber | undefined,
  upnOf: (id: string) => string | undefined,
  inDirectory: (upn: string) => boolean,
): Pick<PilotStatus, 'state' | 'detail' | 'holderId'> {
  const account = phone.account?.toLowerCase();
  if (!phone.number) {
    return account && inDirectory(account) ? { state: 'done', detail: 'its account is in the directory (no number: it calls inside Teams)' } : { state: 'scheduled', detail: 'its account is not in the directory yet' };
  }
  const on = { name: "the phone's account", detail: "on the phone's account", holds: (h: TenantNumber) => h.assignmentStatus === 'userAssigned' && !!h.assignmentTargetId && upnOf(h.assignmentTargetId)?.toLowerCase() === account };
  return movingNumberStatus(phone.numberType, held, upnOf, on);
}

/**
 * Where a moving number stands against the account it goes to (`to`: its name in a detail, what the
 * detail says once it is there, and whether a record says it is there): not in Teams yet, in Teams and
 * free (ready), there (done), or anywhere else or of another type than planned (drifted).
 */
function movingNumberStatus(
  numberType: TeamsNumberType | undefined,
  held: TenantNumber | undefined,
  nameOf: (id: string) => string | undefined,
  to: { name: string; detail: string; holds: (held: TenantNumber) => boolean },
): Pick<PilotStatus, 'state' | 'detail' | 'holderId'> {
  if (!held) return { state: 'scheduled', detail: 'not in Teams yet' };
  const wrongType = numberType !== undefined && held.numberType !== numberType ? ` as ${held.numberType} instead of ${numberType}` : '';
  if (to.holds(held)) return wrongType ? { state: 'drifted', detail: `${to.detail}${wrongType}` } : { state: 'done', detail: to.detail };
  switch (held.assignmentStatus) {
    case 'unassigned':
      return wrongType ? { state: 'drifted', detail: `in Teams${wrongType}` } : { state: 'ready', detail: `in Teams, not yet on ${to.name}` };
    case 'userAssigned': {
      const holder = held.assignmentTargetId;
      const who = holder ? (nameOf(holder) ?? holder) : 'a user';
      return { state: 'drifted', detail: `assigned to ${who} instead of ${to.name}`, ...(holder && { holderId: holder }) };
    }
    default:
      return { state: 'drifted', detail: `assigned (${held.assignmentStatus}) instead of to ${to.name}` };
  }
}

/** A wave's moving numbers of one kind, and how many of them are on resource accounts as planned. */
export interface PilotCounts {
  total: number;
  done: number;
}

/**
 * A wave's counts of its moving numbers: `pilots` to call queues, `mainNumbers` to auto attendants, and
 * its common-area phones; each absent when the wave moves none.
 */
export interface WaveVoiceAppCounts {
  pilots?: PilotCounts;
  mainNumbers?: PilotCounts;
  commonAreaPhones?: PilotCounts;
}

const COUNTS_OF: Readonly<Record<VoiceAppKind, keyof WaveVoiceAppCounts>> = { 'call-queue': 'pilots', 'auto-attendant': 'mainNumbers' };

/** The counts of one kind over all the waves given (the tenant's, a page's), or undefined when none moves one. */
function voiceAppTotals(waves: readonly WaveVoiceAppCounts[], kind: VoiceAppKind): PilotCounts | undefined {
  let totals: PilotCounts | undefined;
  for (const w of waves) {
    const c = w[COUNTS_OF[kind]];
    if (!c) continue;
    totals ??= { total: 0, done: 0 };
    totals.total += c.total;
    totals.done += c.done;
  }
  return totals;
}

/** The pilot numbers of all the waves given, or undefined when none moves a pilot. */
export function pilotTotals(waves: readonly WaveVoiceAppCounts[]): PilotCounts | undefined {
  return voiceAppTotals(waves, 'call-queue');
}

/** The main numbers of all the waves given, or undefined when none moves one (or the status was stored before they were tracked). */
export function mainNumberTotals(waves: readonly WaveVoiceAppCounts[]): PilotCounts | undefined {
  return voiceAppTotals(waves, 'auto-attendant');
}

const en = (n: number) => n.toLocaleString('en-US');

/** The common-area phones of all the waves given, or undefined when none moves one (or the status was stored before they were tracked). */
export function commonAreaPhoneTotals(waves: readonly WaveVoiceAppCounts[]): PilotCounts | undefined {
  let totals: PilotCounts | undefined;
  for (const w of waves) {
    if (!w.commonAreaPhones) continue;
    totals ??= { total: 0, done: 0 };
    totals.total += w.commonAreaPhones.total;
    totals.done += w.commonAreaPhones.done;
  }
  return totals;
}

/** "2 of 5 common-area phones on their own accounts" (the Overview, the bot and `vmp status`). */
export function commonAreaPhoneProgressText(c: PilotCounts): string {
  return `${en(c.done)} of ${en(c.total)} common-area phone${c.total === 1 ? '' : 's'} on ${c.total === 1 ? 'its own account' : 'their own accounts'}`;
}

/** A wave's common-area phones as a labelled fact (the bot's wave card): ["Common-area phones", "2 of 3 on their own accounts"]. */
export function commonAreaPhoneFact(c: PilotCounts): [string, string] {
  return ['Common-area phones', `${en(c.done)} of ${en(c.total)} on ${c.total === 1 ? 'its own account' : 'their own accounts'}`];
}

/** How the Overview, the bot and `vmp status` say one kind's progress: "3 of 19 group pilot numbers on call queues". */
export function voiceAppProgressText(c: PilotCounts, kind: VoiceAppKind): string {
  const w = VOICE_APP_WORDS[kind];
  return `${en(c.done)} of ${en(c.total)} ${w.number[c.total === 1 ? 0 : 1]} on ${w.apps}`;
}

/** "3 of 19 group pilot numbers on call queues". */
export function pilotProgressText(c: PilotCounts): string {
  return voiceAppProgressText(c, 'call-queue');
}

/** "2 of 7 main numbers on auto attendants". */
export function mainNumberProgressText(c: PilotCounts): string {
  return voiceAppProgressText(c, 'auto-attendant');
}

/** A wave's counts of one kind as a labelled fact (the bot's wave card): ["Main numbers", "2 of 3 on auto attendants"]. */
export function voiceAppFact(c: PilotCounts, kind: VoiceAppKind): [string, string] {
  const w = VOICE_APP_WORDS[kind];
  return [w.label, `${en(c.done)} of ${en(c.total)} on ${w.apps}`];
}

/**
 * A moving number's state from the tenant's record of it (undefined: not in the Teams inventory), `kind`
 * naming the voice app it goes to. `nameOf` names the user holding it (their UPN) where it is known.
 */
export function pilotNumberStatus(
  pilot: Pick<GroupNumber | MainNumber, 'number' | 'numberType'>,
  held: TenantNumber | undefined,
  nameOf: (id: string) => string | undefined = () => undefined,
  kind: VoiceAppKind = 'call-queue',
): PilotStatus {
  const on = { name: `the ${VOICE_APP_WORDS[kind].app}'s resource account`, detail: 'on a resource account', holds: (h: TenantNumber) => h.assignmentStatus === 'voiceApplicationAssigned' };
  return { number: pilot.number, ...movingNumberStatus(pilot.numberType, held, nameOf, on) };
}

export interface MigrationStatus {
  today: string;
  snapshotTakenAt: string;
  planBuiltOn: string;
  tenant: StateCounts;
  /** `pilots` only for a wave that moves pilot numbers, `mainNumbers` only for one that moves main numbers. */
  waves: ({ number: number; name: string; date: string; counts: StateCounts } & WaveVoiceAppCounts)[];
  sites: SiteStatus[];
  members: MemberStatus[];
  fixUps: FixUp[];
  /** Every moving pilot number, in wave order. */
  pilots: WavePilotStatus[];
  /** Every moving main number, in wave order (then site, then number, as the plan lists them). */
  mainNumbers: WaveMainNumberStatus[];
  /** Every moving common-area phone, in wave order (then site, then line, as the plan lists them). */
  commonAreaPhones: WaveCommonAreaPhoneStatus[];
}

const PS_TYPE: Record<string, string> = { operatorConnect: 'OperatorConnect', directRouting: 'DirectRouting', callingPlan: 'CallingPlan' };

/**
 * A fix-up command: identity and number from the directory and Teams reach PowerShell only as quoted
 * literals (an apostrophe is legal in a UPN: o'brien@contoso.com), the type as its -PhoneNumberType word.
 */
function assignmentCommand(verb: 'Set' | 'Remove', identity: string, number: string, numberType: string, category?: 'Private'): string {
  const command = `${verb}-CsPhoneNumberAssignment -Identity ${psQuote(identity)} -PhoneNumber ${psQuote(number)} -PhoneNumberType ${psQuote(PS_TYPE[numberType] ?? numberType)}`;
  return category ? `${command} -AssignmentCategory ${psQuote(category)}` : command;
}

/** A fix-up that moves an assigned number to its site's emergency location (the LIS LocationId, a GUID). */
function locationCommand(number: string, locationId: string): string {
  return `Set-CsPhoneNumberAssignment -PhoneNumber ${psQuote(number)} -LocationId ${psQuote(locationId)}`;
}

const QUOTED_COMMAND =
  /^(?:(?:Set|Remove)-CsPhoneNumberAssignment -Identity '(?:[^'\u2018\u2019\u201A\u201B]|'')*' -PhoneNumber '(?:[^'\u2018\u2019\u201A\u201B]|'')*' -PhoneNumberType '[A-Za-z]+'(?: -AssignmentCategory 'Private')?|Set-CsPhoneNumberAssignment -PhoneNumber '\+?[0-9]+' -LocationId '[0-9A-Fa-f-]+')$/;
const UNQUOTED_COMMAND = /^(Set|Remove)-CsPhoneNumberAssignment -Identity ([A-Za-z0-9._@+-]+) -PhoneNumber (\+?[0-9]+) -PhoneNumberType ([A-Za-z]+)$/;

/**
 * A fix-up command as stored, quoted: a status stored before its values were quoted has them bare.
 * Such a line is rebuilt when its values are plain (a UPN, digits, a type word); any other line is not
 * passed on as it stands but replaced by a message asking for a sync, which stores it again.
 */
export function quotedFixUpCommand(line: string): string {
  if (QUOTED_COMMAND.test(line)) return line;
  const m = UNQUOTED_COMMAND.exec(line);
  if (m) return `${m[1]}-CsPhoneNumberAssignment -Identity ${psQuote(m[2])} -PhoneNumber ${psQuote(m[3])} -PhoneNumberType ${psQuote(m[4])}`;
  return "Write-Host 'This fix-up was stored by an earlier version: sync the tenant again to rebuild its command.'";
}

function emptyCounts(): StateCounts {
  return { 'not-started': 0, scheduled: 0, ready: 0, done: 0, drifted: 0, blocked: 0, total: 0, percentDone: 0 };
}

function add(c: StateCounts, s: MemberState): void {
  c[s]++;
  c.total++;
  c.percentDone = Math.round((c.done / c.total) * 1000) / 10;
}

/**
 * A move that is not done once its wave date has passed is overdue. Kept apart from the rest of the
 * status so a status computed once (at a sync or a plan build) can be shown on any later day.
 */
export function markOverdue(status: MemberStatus, waveDate: string, today: string): MemberStatus {
  if (!(waveDate < today) || (status.state !== 'ready' && status.state !== 'scheduled')) return status;
  const detail =
    status.state === 'ready' ? `${status.detail} (wave date ${waveDate} has passed)` : `${status.detail}: overdue, the number is not in the tenant yet`;
  return { ...status, overdue: true, detail };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function computeMigrationStatus(plan: Plan, snapshot: TenantSnapshot, today: string): MigrationStatus {
  const assignedTo = new Map<string, TenantNumber[]>();
  const byNumber = new Map<string, TenantNumber>();
  for (const n of snapshot.numbers) {
    byNumber.set(n.telephoneNumber, n);
    // A resource account the plan moves holds its number as a voice application's, a person as a user's.
    if (n.assignmentTargetId && (n.assignmentStatus === 'userAssigned' || n.assignmentStatus === 'voiceApplicationAssigned')) {
      let l = assignedTo.get(n.assignmentTargetId);
      if (!l) assignedTo.set(n.assignmentTargetId, (l = []));
      l.push(n);
    }
  }
  const upnById = new Map(snapshot.people.map((p) => [p.id, p.userPrincipalName]));
  const plannedOwner = new Map<string, string>();
  for (const w of plan.waves) for (const m of w.members) if (m.numberToAssign) plannedOwner.set(m.numberToAssign, m.personId);
  // Numbers a fix-up already takes from the person holding them: a pilot held there needs no second one.
  const removed = new Set<string>();

  const members: MemberStatus[] = [];
  const fixUps: FixUp[] = [];
  const seen = new Set<string>();
  const actualOf = (personId: string) => (assignedTo.get(personId) ?? []).map((n) => ({ number: n.telephoneNumber, numberType: n.numberType })).sort((a, b) => cmp(a.number, b.number));

  /**
   * A Shared Calling member holds no number of their own: done once the site's main number answers on a
   * resource account (Graph does not show the policy grant itself); a number they hold is drift.
   */
  const sharedCallingStatus = (m: WaveMember, waveNumber: number, waveDate: string, base: Omit<MemberStatus, 'state' | 'detail'>, actual: ReturnType<typeof actualOf>): MemberStatus => {
    const main = m.sharedNumber;
    if (actual.length) {
      const wrong = actual.map((a) => `${a.number} (${a.numberType})`).join(', ');
      for (const a of actual) removed.add(a.number);
      fixUps.push({
        personId: m.personId,
        userPrincipalName: m.userPrincipalName,
        problem: `holds ${wrong}; the plan moves them by Shared Calling, with no number of their own`,
        action: "remove the number (they call out as the site's main number), or change the plan",
        powershell: actual.map((a) => assignmentCommand('Remove', m.userPrincipalName, a.number, a.numberType)),
      });
      return { ...base, state: 'drifted', detail: `holds ${wrong}; planned for Shared Calling without a number` };
    }
    if (main && byNumber.get(main)?.assignmentStatus === 'voiceApplicationAssigned') return { ...base, state: 'done', detail: `Shared Calling: calls out as ${main}, on its auto attendant` };
    const detail = main ? `Shared Calling, wave ${waveNumber} on ${waveDate}: calls out as ${main} once it answers on its auto attendant` : `Shared Calling, wave ${waveNumber} on ${waveDate}: the plan moves no main number of the site`;
    return markOverdue({ ...base, state: 'scheduled', detail }, waveDate, today);
  };

  /** The primary number is theirs but their private line is not: the fix-up assigns it (taking it from a user holding it). */
  const privateLineDrift = (m: WaveMember): string => {
    const number = m.privateNumber!;
    const held = byNumber.get(number);
    const holder = held?.assignmentTargetId;
    const holderUpn = holder ? upnById.get(holder) : undefined;
    const ps: string[] = [];
    // Taken from a user first; a resource account's number is its voice app's, which a person decides on.
    if (holder && held.assignmentStatus === 'userAssigned' && !removed.has(number)) {
      ps.push(assignmentCommand('Remove', holderUpn ?? holder, number, held.numberType));
      removed.add(number);
    }
    ps.push(assignmentCommand('Set', m.userPrincipalName, number, m.numberType!, 'Private'));
    const where = holder ? `assigned to ${holderUpn ?? holder}` : held ? 'in the tenant, not assigned to them' : 'not in the tenant yet';
    fixUps.push({
      personId: m.personId,
      userPrincipalName: m.userPrincipalName,
      problem: `their private line ${number} is ${where}`,
      action: held ? 'assign it to them as their private line (or change the plan)' : 'port or upload the number, then assign it to them as their private line',
      powershell: ps,
    });
    return `${m.numberToAssign ?? 'a number'} assigned as ${m.numberType}; their private line ${number} is ${where}`;
  };

  const memberStatus = (m: WaveMember, waveNumber: number, waveDate: string): MemberStatus => {
    const actual = actualOf(m.personId);
    const expected = { number: m.numberToAssign, numberType: m.numberType };
    const base = { personId: m.personId, userPrincipalName: m.userPrincipalName, siteId: m.siteId, waveNumber, expected, ...(actual.length ? { actual } : {}) };
    if (m.sharedCalling) return sharedCallingStatus(m, waveNumber, waveDate, base, actual);
    const matches = actual.some((a) => (!m.numberToAssign || a.number === m.numberToAssign) && a.numberType === m.numberType);
    if (matches) {
      // The planned number carries the site's emergency location, or the person has drifted from the plan.
      const held = m.numberToAssign && m.emergencyLocation ? byNumber.get(m.numberToAssign) : undefined;
      if (held && (held.locationId ?? '').toLowerCase() !== m.emergencyLocation!.toLowerCase()) {
        const now = held.locationId ? `emergency location ${held.locationId}` : 'no emergency location';
        fixUps.push({
          personId: m.personId,
          userPrincipalName: m.userPrincipalName,
          problem: `${m.numberToAssign} is assigned with ${now}; the plan gives it the site's, ${m.emergencyLocation}`,
          action: "move the number to the site's emergency location (where the operator manages locations, ask the operator)",
          powershell: [locationCommand(m.numberToAssign!, m.emergencyLocation!)],
        });
        return { ...base, state: 'drifted', detail: `${m.numberToAssign} assigned as ${m.numberType} with ${now} instead of the site's ${m.emergencyLocation}` };
      }
      const privateLine = m.privateNumber && !actual.some((a) => a.number === m.privateNumber) ? privateLineDrift(m) : undefined;
      if (privateLine) return { ...base, state: 'drifted', detail: privateLine };
      return { ...base, state: 'done', detail: `${m.numberToAssign ?? 'a number'} assigned as ${m.numberType}${m.privateNumber ? `, private line ${m.privateNumber}` : ''}` };
    }
    // Their private line, assigned before their primary number, is not a wrong number: it stays.
    const others = m.privateNumber ? actual.filter((a) => a.number !== m.privateNumber) : actual;
    if (others.length) {
      const wrong = others.map((a) => `${a.number} (${a.numberType})`).join(', ');
      const ps: string[] = others.map((a) => assignmentCommand('Remove', m.userPrincipalName, a.number, a.numberType));
      for (const a of others) removed.add(a.number);
      if (m.numberToAssign && m.numberType) ps.push(assignmentCommand('Set', m.userPrincipalName, m.numberToAssign, m.numberType));
      fixUps.push({
        personId: m.personId,
        userPrincipalName: m.userPrincipalName,
        problem: `holds ${wrong}; the plan assigns ${m.numberToAssign ?? 'a number'} as ${m.numberType ?? 'unknown'}`,
        action: 'replace the assignment with the planned number and type (or change the plan)',
        powershell: ps,
      });
      return { ...base, state: 'drifted', detail: `holds ${wrong} instead of ${m.numberToAssign ?? 'the planned number'} as ${m.numberType}` };
    }
    const inTenant = m.numberToAssign ? byNumber.get(m.numberToAssign) : undefined;
    if (inTenant && inTenant.numberType === m.numberType && inTenant.assignmentStatus === 'unassigned') {
      return markOverdue({ ...base, state: 'ready', detail: `${m.numberToAssign} is in the tenant, not yet assigned` }, waveDate, today);
    }
    return markOverdue({ ...base, state: 'scheduled', detail: `wave ${waveNumber} on ${waveDate}` }, waveDate, today);
  };

  // A moving pilot or main number held by a user is the one such drift a fix-up mends: the user gives it
  // up, and the wave's cutover runbook (run again, its steps are safe to repeat) gives it to the voice
  // app's resource account.
  const pilots: WavePilotStatus[] = [];
  const mainNumbers: WaveMainNumberStatus[] = [];
  const voiceAppCounts = <N extends GroupNumber | MainNumber>(numbers: readonly N[], kind: VoiceAppKind, keep: (s: PilotStatus, n: N) => void): PilotCounts => {
    const c: PilotCounts = { total: 0, done: 0 };
    for (const n of numbers) {
      const s = pilotNumberStatus(n, byNumber.get(n.number), (id) => upnById.get(id), kind);
      keep(s, n);
      c.total++;
      if (s.state === 'done') c.done++;
    }
    return c;
  };
  const commonAreaPhones: WaveCommonAreaPhoneStatus[] = [];
  let directory: Set<string> | undefined;
  const inDirectory = (upn: string) => (directory ??= new Set(snapshot.people.map((p) => p.userPrincipalName.toLowerCase()))).has(upn);
  const phoneCounts = (phones: readonly CommonAreaPhone[], wave: number): PilotCounts => {
    const c: PilotCounts = { total: 0, done: 0 };
    for (const p of phones) {
      const s = commonAreaPhoneStatus(p, p.number ? byNumber.get(p.number) : undefined, (id) => upnById.get(id), inDirectory);
      const status: WaveCommonAreaPhoneStatus = { lineId: p.lineId, siteId: p.siteId, wave, name: p.displayName, ...s };
      if (p.account) status.account = p.account;
      if (p.number) status.number = p.number;
      commonAreaPhones.push(status);
      c.total++;
      if (s.state === 'done') c.done++;
    }
    return c;
  };
  const waveVoiceAppCounts = (w: Plan['waves'][number]): WaveVoiceAppCounts => ({
    ...(w.groupNumbers?.length && { pilots: voiceAppCounts(w.groupNumbers, 'call-queue', (s, n) => pilots.push({ ...s, groupId: n.groupId, wave: w.number })) }),
    ...(w.mainNumbers?.length && { mainNumbers: voiceAppCounts(w.mainNumbers, 'auto-attendant', (s, n) => mainNumbers.push({ ...s, siteId: n.siteId, wave: w.number })) }),
    ...(w.commonAreaPhones?.length && { commonAreaPhones: phoneCounts(w.commonAreaPhones, w.number) }),
  });
  const waves: MigrationStatus['waves'] = [];
  const siteCounts = new Map<string, { counts: StateCounts; waves: Map<number, StateCounts> }>();
  const tenant = emptyCounts();
  const count = (s: MemberStatus) => {
    add(tenant, s.state);
    const k = s.siteId ?? '';
    let site = siteCounts.get(k);
    if (!site) siteCounts.set(k, (site = { counts: emptyCounts(), waves: new Map() }));
    add(site.counts, s.state);
    if (s.waveNumber === undefined) return;
    let wave = site.waves.get(s.waveNumber);
    if (!wave) site.waves.set(s.waveNumber, (wave = emptyCounts()));
    add(wave, s.state);
  };
  for (const w of plan.waves) {
    const c = emptyCounts();
    for (const m of w.members) {
      const s = memberStatus(m, w.number, w.date);
      seen.add(m.personId);
      members.push(s);
      add(c, s.state);
      count(s);
    }
    waves.push({ number: w.number, name: w.name, date: w.date, counts: c, ...waveVoiceAppCounts(w) });
  }
  for (const b of plan.blocked) {
    seen.add(b.personId);
    const s: MemberStatus = { personId: b.personId, userPrincipalName: b.userPrincipalName, siteId: b.siteId, state: 'blocked', detail: b.gates.map((g) => `${g.message} (fix: ${g.fix})`).join('; ') };
    const actual = actualOf(b.personId);
    if (actual.length) s.actual = actual;
    members.push(s);
    count(s);
  }
  for (const st of plan.stayingOnPbx) {
    seen.add(st.personId);
    const actual = actualOf(st.personId);
    const upn = upnById.get(st.personId);
    if (actual.length) {
      const s: MemberStatus = { personId: st.personId, userPrincipalName: upn, siteId: st.siteId, state: 'drifted', actual, detail: `planned to stay on the PBX${st.reason ? ` (${st.reason})` : ''} but holds ${actual.map((a) => a.number).join(', ')} in Teams` };
      members.push(s);
      count(s);
      for (const a of actual) removed.add(a.number);
      fixUps.push({
        personId: st.personId,
        userPrincipalName: upn,
        problem: 'assigned a Teams number outside the plan',
        action: 'add the person to a wave (change their path) or remove the assignment',
        powershell: actual.map((a) => assignmentCommand('Remove', upn ?? st.personId, a.number, a.numberType)),
      });
      continue;
    }
    const s: MemberStatus = { personId: st.personId, userPrincipalName: upn, siteId: st.siteId, state: 'not-started', detail: st.reason ?? 'stays on the PBX for now' };
    members.push(s);
    count(s);
  }
  // Planned numbers held by someone the plan does not move with that number.
  for (const [number, ownerId] of [...plannedOwner].sort((a, b) => cmp(a[0], b[0]))) {
    const n = byNumber.get(number);
    if (!n?.assignmentTargetId || n.assignmentTargetId === ownerId || n.assignmentStatus !== 'userAssigned') continue;
    if (seen.has(n.assignmentTargetId)) continue;
    const upn = upnById.get(n.assignmentTargetId);
    fixUps.push({
      personId: n.assignmentTargetId,
      userPrincipalName: upn,
      problem: `holds ${number}, which the plan assigns to ${upnById.get(ownerId) ?? ownerId}`,
      action: 'remove the assignment (it is outside the plan)',
      powershell: [assignmentCommand('Remove', upn ?? n.assignmentTargetId, number, n.numberType)],
    });
  }
  const siteNames = new Map(snapshot.sites.map((s) => [s.id, s.name]));
  const voiceAppFixUp = (n: PilotStatus & { wave: number }, kind: VoiceAppKind, whose: string, goesTo: string) => {
    const held = byNumber.get(n.number);
    if (!n.holderId || !held || removed.has(n.number)) return;
    const upn = upnById.get(n.holderId);
    fixUps.push({
      personId: n.holderId,
      userPrincipalName: upn,
      problem: `holds ${n.number}, ${whose}, which the plan gives to ${goesTo} in wave ${n.wave}`,
      action: `remove the assignment, then run wave ${n.wave}'s cutover runbook again: it gives the number to the ${VOICE_APP_WORDS[kind].app}'s resource account`,
      powershell: [assignmentCommand('Remove', upn ?? n.holderId, n.number, held.numberType)],
    });
  };
  for (const p of pilots) voiceAppFixUp(p, 'call-queue', `the pilot number of ${groupIdLabel(p.groupId)}`, "the group's call queue");
  for (const m of mainNumbers) voiceAppFixUp(m, 'auto-attendant', `the main number of ${siteNames.get(m.siteId) ?? m.siteId}`, "the site's auto attendant");
  for (const p of commonAreaPhones) {
    const held = p.number ? byNumber.get(p.number) : undefined;
    if (!p.holderId || !p.number || !held || removed.has(p.number)) continue;
    const upn = upnById.get(p.holderId);
    fixUps.push({
      personId: p.holderId,
      userPrincipalName: upn,
      problem: `holds ${p.number}, the number of the common-area phone ${p.name}, which the plan gives to its account${p.account ? ` ${p.account}` : ''} in wave ${p.wave}`,
      action: `remove the assignment, then run wave ${p.wave}'s cutover runbook again: it gives the number to the phone's account`,
      powershell: [assignmentCommand('Remove', upn ?? p.holderId, p.number, held.numberType)],
    });
  }
  // By site, the people at no site last: a list read from the top starts with the sites being migrated;
  // within a site by user name, as admins look people up (the id only settles a tie).
  members.sort(
    (a, b) =>
      Number(a.siteId === undefined) - Number(b.siteId === undefined) ||
      cmp(a.siteId ?? '', b.siteId ?? '') ||
      cmp(a.userPrincipalName ?? '', b.userPrincipalName ?? '') ||
      cmp(a.personId, b.personId),
  );
  fixUps.sort((a, b) => cmp(a.userPrincipalName ?? '', b.userPrincipalName ?? '') || cmp(a.personId, b.personId) || cmp(a.problem, b.problem));
  return {
    today,
    snapshotTakenAt: snapshot.takenAt,
    planBuiltOn: plan.inputs.today,
    tenant,
    waves,
    sites: [...siteCounts.keys()].sort().map((siteId) => {
      const site = siteCounts.get(siteId)!;
      return { siteId, counts: site.counts, waves: [...site.waves].sort(([a], [b]) => a - b).map(([number, counts]) => ({ number, counts })) };
    }),
    members,
    fixUps,
    pilots,
    mainNumbers,
    commonAreaPhones,
  };
}
