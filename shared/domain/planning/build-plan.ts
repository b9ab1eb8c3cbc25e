/**
 * buildPlan: the whole rollout plan from the tenant snapshot, the PBX inventory, the settings, the
 * effective paths and the readiness gates. Pure and deterministic: `today` is an input, every list is
 * sorted by explicit keys, and nothing reads the clock, the disk or the network.
 */
import { emergencyNumbersOf } from '../emergency-numbers';
import { serviceNumbersOf } from '../service-numbers';
import type { EffectivePath, ReadinessGate } from '../decision-types';
import type { NumberBlock, PbxInventory, PbxLine } from '../pbx-inventory';
import { NON_PERSON_DEVICE_TYPES } from '../pbx-inventory';
import type { BlockedMember, Plan, PortOrder, UnmetConstraint, Wave, WaveMember } from '../plan';
import type { PlanningSettings, PstnPath, Scheduling } from '../planning-settings';
import type { Person, TeamsNumberType, TenantSnapshot } from '../tenant-snapshot';
import { buildCoexistenceRouting, type AtaNumber, type MovedExtension } from './coexistence-routing';
import { CutoverCalendar, type HolidayLookup } from './cutover-calendar';
import { buildDialPlans, dialPlanName, type ExtensionLine } from './dial-plans';
import { counted } from '../counted';
import { GROUP_MEMBER_BLOCKED } from '../decisions/gate-catalogue';
import { groupPilotNumbers } from './group-numbers';
import { siteCommonAreaPhones } from './common-area-phones';
import { mainNumberOfLine, siteMainNumbers } from './main-numbers';
import { e164ToNumber } from './number-ranges';
import { addDays } from './plan-dates';
import { scheduleWaves, type SchedulingUnit, type UnscheduledUnit } from './schedule-waves';
import { applyWavePins, blackoutLookup, pinUnmetConstraints } from './wave-pins';
import { accountKey, BlockIndex, splitNumberBlocks, type NumberMove, type StayingNumber } from './split-number-blocks';
import { CARRIER_FREEZE_LIFT_DAYS, DEFAULT_CALLING_PLAN_PORT_LEAD_DAYS } from '../port-lead-times';

export interface BuildPlanInput {
  tenantId: string;
  snapshot: TenantSnapshot;
  inventory?: PbxInventory;
  settings: PlanningSettings;
  effectivePaths: readonly EffectivePath[];
  readiness: readonly ReadinessGate[];
  /** yyyy-mm-dd: the day the plan is made (lead times count from here). */
  today: string;
  settingsVersion: number;
  /** Holiday source; injectable so tests and benchmarks can share one cache. */
  holidays?: HolidayLookup;
}

/** Defaults when the settings carry no scheduling section (same values as the settings schema). */
export const DEFAULT_SCHEDULING = (today: string): Scheduling => ({
  startDate: today,
  pilot: { users: [], size: 0 },
  waveCapacity: { users: 500, sites: 10, numbers: 999 },
  minDaysBetweenWaves: 7,
  cutoverWeekdays: [2, 3, 4],
  cutoverTime: '19:00',
  changeFreezes: [],
  sitePriority: ['pilot-site', 'decommission-date', 'readiness', 'size-asc', 'name'],
  drUploadLeadDays: 3,
  maxWaves: 200,
});

/** Dates are searched at most this far after the start: impossible calendars end, they never hang. */
export const PLANNING_HORIZON_DAYS = 3 * 366;

const NUMBER_TYPE: Record<PstnPath, TeamsNumberType | undefined> = {
  OC: 'operatorConnect',
  DR: 'directRouting',
  CP: 'callingPlan',
  PBX: undefined,
};

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Candidate {
  person: Person;
  path: EffectivePath;
  siteId: string;
  line?: PbxLine;
  number?: string;
  block?: NumberBlock;
  /** No number of their own, at a site with Shared Calling: moves with the site's main number. */
  sharedCalling?: true;
  /** A second line of the person's with a number of its own: their Teams private line, moving with them. */
  privateLine?: PbxLine & { did: string };
  /** Set when the candidate is placed in a wave. */
  scheduled: boolean;
}

/** A scheduling unit and the candidates it moves: one candidate, or several sorted by person id. */
interface PlanUnit extends SchedulingUnit {
  candidates: Candidate | Candidate[];
}

/**
 * The person's Teams private line (Set-CsPhoneNumberAssignment -AssignmentCategory Private): the first of
 * their other lines with a number of its own that nobody else claims. Teams gives a user one, of the same
 * number type as their primary number - so it takes their path - and this keeps it to the primary
 * number's block (whose port or upload order carries it) and never the block's BTN, so that the private
 * line changes no wave's ports. Any further line's number stays on the PBX, as before.
 */
function privateLineOf(
  lines: readonly PbxLine[],
  primary: PbxLine | undefined,
  candidate: Candidate,
  claimed: ReadonlyMap<string, Candidate>,
  blocks: BlockIndex,
): (PbxLine & { did: string }) | undefined {
  for (const l of lines) {
    if (l === primary || !l.did || l.did === candidate.number || claimed.has(l.did)) continue;
    if (blocks.find(l.did)?.id !== candidate.block?.id || candidate.block?.btn === l.did) continue;
    return l as PbxLine & { did: string };
  }
  return undefined;
}

const numbersIn = (orders: readonly PortOrder[]): number => orders.reduce((n, o) => n + o.numbers.length, 0);
const earliestSubmitBy = (orders: readonly PortOrder[]): string => orders.reduce((d, o) => (o.submitBy < d ? o.submitBy : d), orders[0].submitBy);

/**
 * The candidate's number ports from the PBX's carrier (to an Operator Connect operator, or to Microsoft
 * for a Calling Plan): it lies in one of the PBX's DID blocks. Direct Routing keeps the carrier.
 */
function portsNumber(c: Candidate): c is Candidate & { block: NumberBlock } {
  return (c.path.path === 'OC' || c.path.path === 'CP') && c.block !== undefined;
}

/** The numbers a candidate moves: their own, and their private line's. */
function numbersOf(c: Candidate): number {
  return (c.number ? 1 : 0) + (c.privateLine ? 1 : 0);
}

/** Union-find over indexes: migration groups, whole-block ports. */
class DisjointSets {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) {
      this.parent[i] = this.parent[this.parent[i]];
      i = this.parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export function buildPlan(input: BuildPlanInput): Plan {
  const { snapshot, settings, today } = input;
  const inventory = input.inventory;
  const scheduling = settings.scheduling ?? DEFAULT_SCHEDULING(today);
  const unmet: UnmetConstraint[] = [];
  const assumptions: string[] = [];

  const sitesById = new Map(snapshot.sites.map((s) => [s.id, s]));
  /** Built on first use: only a plan with outbound caller IDs or Shared Calling needs it. */
  let voiceAppAccounts: Map<string, Person> | undefined;
  const siteAttrs = new Map(settings.sites.map((s) => [s.siteId, s]));
  const operators = new Map(settings.operators.map((o) => [o.id, o]));
  const callingPlanLeads = new Map(settings.callingPlan.map((c) => [c.country, c.portLeadTimeDays]));
  const callingPlanPortLeadDays = (country: string): number => callingPlanLeads.get(country) ?? DEFAULT_CALLING_PLAN_PORT_LEAD_DAYS;
  const sbcs = new Map(settings.sbcs.map((s) => [s.id, s]));
  const paths = new Map<string, EffectivePath>();
  for (const p of input.effectivePaths) paths.set(p.personId, p);

  // PBX lines per person: the line with a DID first, then by id, is the one whose number moves.
  // Most people have one line: it is stored as itself, and only people with several get an array
  // (100,000 one-element arrays would all survive to the end of the build).
  const linesByPerson = new Map<string, PbxLine | PbxLine[]>();
  for (const line of inventory?.lines ?? []) {
    if (line.match.status !== 'matched' || !line.match.personId) continue;
    const l = linesByPerson.get(line.match.personId);
    if (l === undefined) linesByPerson.set(line.match.personId, line);
    else if (Array.isArray(l)) l.push(line);
    else linesByPerson.set(line.match.personId, [l, line]);
  }
  for (const l of linesByPerson.values()) if (Array.isArray(l)) l.sort((a, b) => Number(!a.did) - Number(!b.did) || cmp(a.id, b.id));
  const blockIndex = new BlockIndex(inventory?.blocks ?? []);

  // Readiness: blockers per person, and per site for gates without a person.
  const personGates = new Map<string, ReadinessGate[]>();
  const siteGates = new Map<string, ReadinessGate[]>();
  for (const g of input.readiness) {
    if (g.severity !== 'blocker') continue;
    const map = g.personId ? personGates : g.siteId ? siteGates : undefined;
    const key = g.personId ?? g.siteId;
    if (!map || !key) continue;
    let l = map.get(key);
    if (!l) map.set(key, (l = []));
    l.push(g);
  }

  const people = [...snapshot.people].sort((a, b) => cmp(a.id, b.id));
  const candidates: Candidate[] = [];
  const blocked = new Map<string, BlockedMember>();
  const staying = new Map<string, Plan['stayingOnPbx'][number]>();
  // Number -> the candidate that claimed it first.
  const claimedNumbers = new Map<string, Candidate>();
  const duplicateNumbers: string[] = [];
  for (const person of people) {
    // A common area phone's account: neither moving nor staying (its phone's PBX line is planned instead).
    if (person.sharedDevice) continue;
    const path = paths.get(person.id);
    const siteId = path?.siteId ?? person.siteId ?? '';
    if (!path) {
      staying.set(person.id, { personId: person.id, siteId: siteId || undefined, reason: 'no path decided or recommended for this person' });
      continue;
    }
    if (path.path === 'PBX') {
      staying.set(person.id, { personId: person.id, siteId: siteId || undefined, until: path.stayUntil, reason: path.reason ?? 'the decided path is: stay on the PBX for now' });
      continue;
    }
    // A site gate about one path (operator, SBC) holds only the people on that path.
    const siteList = siteId ? siteGates.get(siteId) : undefined;
    const siteHeld = siteList
      ? siteList.filter((g) => (!g.path || g.path === path.path) && (!g.operatorId || g.operatorId === path.operatorId) && (!g.sbcId || g.sbcId === path.sbcId))
      : [];
    const own = personGates.get(person.id);
    const gates = own ? (siteHeld.length ? [...own, ...siteHeld] : own) : siteHeld;
    if (gates.length) {
      blocked.set(person.id, {
        personId: person.id,
        userPrincipalName: person.userPrincipalName,
        siteId: siteId || undefined,
        gates: gates.map((g) => ({ code: g.code, message: g.message, fix: g.fix })).sort((a, b) => cmp(a.code, b.code) || cmp(a.message, b.message)),
      });
      continue;
    }
    // The decision step names the line and the number when it knows them; otherwise the best guess here.
    const personLines = linesByPerson.get(person.id);
    const line =
      personLines === undefined
        ? undefined
        : Array.isArray(personLines)
          ? (path.lineId ? personLines.find((l) => l.id === path.lineId) : undefined) ?? personLines[0]
          : personLines;
    let number = path.plannedNumber ?? line?.did ?? person.businessPhones.find((p) => p.valid && p.e164)?.e164;
    let claims = false;
    const ownNumber = number !== undefined;
    if (number) {
      const holder = claimedNumbers.get(number);
      if (holder && holder.person.id) {
        duplicateNumbers.push(person.id);
        number = undefined;
      } else claims = true;
    }
    const candidate: Candidate = { person, path, siteId, line, number, block: number ? blockIndex.find(number) : undefined, scheduled: false };
    // Without a number of their own (not one taken by someone else), a site with Shared Calling lends its main number.
    if (!ownNumber && person.kind !== 'resourceAccount' && siteAttrs.get(siteId)?.sharedCalling) candidate.sharedCalling = true;
    if (claims) {
      claimedNumbers.set(number!, candidate);
      const second = Array.isArray(personLines) && person.kind !== 'resourceAccount' ? privateLineOf(personLines, line, candidate, claimedNumbers, blockIndex) : undefined;
      if (second) {
        candidate.privateLine = second;
        claimedNumbers.set(second.did, candidate);
      }
    }
    candidates.push(candidate);
  }
  if (duplicateNumbers.length) {
    unmet.push({
      code: 'number-claimed-twice',
      message: `${counted(duplicateNumbers.length, 'person', 'people')} ${duplicateNumbers.length === 1 ? 'has' : 'have'} the same number as someone planned before them: they move without a number until the conflict is resolved`,
      personIds: duplicateNumbers,
    });
  }

  // Units: migration groups never split (transitively), whole-block OC ports move in one wave, and so do a
  // site's Shared Calling people.
  // Candidates follow the people, sorted by id: a binary search finds a group member without a
  // 100,000-entry map (a map is still used if the snapshot repeats an id).
  let idsAscending = true;
  for (let i = 1; i < candidates.length && idsAscending; i++) idsAscending = candidates[i - 1].person.id < candidates[i].person.id;
  const indexMap = idsAscending ? undefined : new Map(candidates.map((c, i) => [c.person.id, i]));
  const indexOf = {
    get(id: string): number | undefined {
      if (indexMap) return indexMap.get(id);
      let lo = 0;
      let hi = candidates.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const v = candidates[mid].person.id;
        if (v < id) lo = mid + 1;
        else if (v > id) hi = mid - 1;
        else return mid;
      }
      return undefined;
    },
  };
  const sets = new DisjointSets(candidates.length);
  const groupsByPerson = new Map<string, string[]>();
  const groups = [...(inventory?.groups ?? [])].sort((a, b) => cmp(a.id, b.id));
  for (const g of groups) {
    const members = [...new Set(g.personIds)];
    for (const p of members) {
      let l = groupsByPerson.get(p);
      if (!l) groupsByPerson.set(p, (l = []));
      l.push(g.id);
    }
    const inPlan = members.map((p) => indexOf.get(p)).filter((i): i is number => i !== undefined);
    for (let k = 1; k < inPlan.length; k++) sets.union(inPlan[0], inPlan[k]);
    const stayers = members.filter((p) => staying.has(p));
    if (stayers.length && inPlan.length) {
      unmet.push({
        code: 'group-partly-stays-on-pbx',
        message: `migration group ${g.id} has ${counted(stayers.length, 'member')} staying on the PBX while ${inPlan.length} move: the group's features (hunting, pickup, delegation) will span both systems`,
        personIds: [...stayers].sort(),
      });
    }
  }
  const wholeBlockFirst = new Map<string, number>();
  candidates.forEach((c, i) => {
    if (!portsNumber(c) || c.block.portConstraint !== 'whole-block') return;
    const first = wholeBlockFirst.get(c.block.id);
    if (first === undefined) wholeBlockFirst.set(c.block.id, i);
    else sets.union(first, i);
  });
  // A site's Shared Calling people move together, with the main number they share: spread over two waves
  // by the capacity, the first would move before it.
  const sharingFirst = new Map<string, number>();
  candidates.forEach((c, i) => {
    if (!c.sharedCalling) return;
    const first = sharingFirst.get(c.siteId);
    if (first === undefined) sharingFirst.set(c.siteId, i);
    else sets.union(first, i);
  });
  // Members held back by a blocked group member wait with the group.
  const rootBlocked = new Map<number, string[]>();
  for (const g of groups) {
    const blockedMembers = g.personIds.filter((p) => blocked.has(p));
    if (!blockedMembers.length) continue;
    for (const p of g.personIds) {
      const i = indexOf.get(p);
      if (i === undefined) continue;
      const r = sets.find(i);
      let l = rootBlocked.get(r);
      if (!l) rootBlocked.set(r, (l = []));
      l.push(`${g.id} (${blockedMembers.join(', ')})`);
    }
  }

  // Units by root (the lowest index of the set). Roots are kept in candidate order; one-person units
  // (nearly all of them) hold no array of their own until they are scheduled.
  const setSize = new Int32Array(candidates.length);
  for (let i = 0; i < candidates.length; i++) setSize[sets.find(i)]++;
  const unitMembers = new Map<number, Candidate[]>();
  const unitRoots: number[] = [];
  candidates.forEach((c, i) => {
    const r = sets.find(i);
    const why = rootBlocked.size ? rootBlocked.get(r) : undefined;
    if (why) {
      blocked.set(c.person.id, {
        personId: c.person.id,
        userPrincipalName: c.person.userPrincipalName,
        siteId: c.siteId || undefined,
        gates: [
          {
            code: GROUP_MEMBER_BLOCKED,
            message: `moves with migration group ${[...new Set(why)].sort().join('; ')}, and a member of it is blocked`,
            fix: 'Fix the blocked member (see their gates); the group then joins a later wave together.',
          },
        ],
      });
      return;
    }
    if (r === i) unitRoots.push(r);
    if (setSize[r] === 1) return;
    let l = unitMembers.get(r);
    if (!l) unitMembers.set(r, (l = []));
    l.push(c);
  });

  // Pilot: named users, a department, or N users of a site.
  const pilot = scheduling.pilot;
  const pilotUsers = new Set(pilot.users.map((u) => u.toLowerCase()));
  const pilotBySite = pilot.siteId && pilot.size > 0 ? pilot.siteId : undefined;
  const isPilotPerson = (c: Candidate) =>
    (pilotUsers.size > 0 && (pilotUsers.has(c.person.id.toLowerCase()) || pilotUsers.has(c.person.userPrincipalName.toLowerCase()))) ||
    (!!pilot.department && c.person.department === pilot.department);

  // Site order from the stated priority.
  const siteStats = new Map<string, { size: number; blocked: number; paths: Set<string> }>();
  const stat = (s: string) => {
    let e = siteStats.get(s);
    if (!e) siteStats.set(s, (e = { size: 0, blocked: 0, paths: new Set() }));
    return e;
  };
  for (const c of candidates) {
    const e = stat(c.siteId);
    e.size++;
    e.paths.add(c.path.path);
  }
  for (const b of blocked.values()) stat(b.siteId ?? '').blocked++;
  const siteOrder = [...siteStats.keys()].sort((a, b) => compareSites(a, b));
  function compareSites(a: string, b: string): number {
    const sa = siteStats.get(a)!;
    const sb = siteStats.get(b)!;
    for (const crit of scheduling.sitePriority) {
      let d = 0;
      switch (crit) {
        case 'pilot-site':
          d = Number(b === pilot.siteId) - Number(a === pilot.siteId);
          break;
        case 'decommission-date': {
          const da = siteAttrs.get(a)?.pbxDecommissionDate ?? '9999-99-99';
          const db = siteAttrs.get(b)?.pbxDecommissionDate ?? '9999-99-99';
          d = cmp(da, db);
          break;
        }
        case 'readiness':
          d = sa.blocked / Math.max(1, sa.size + sa.blocked) - sb.blocked / Math.max(1, sb.size + sb.blocked);
          break;
        case 'size-asc':
          d = sa.size - sb.size;
          break;
        case 'size-desc':
          d = sb.size - sa.size;
          break;
        case 'path':
          d = cmp([...sa.paths].sort().join(','), [...sb.paths].sort().join(','));
          break;
        case 'name':
          d = cmp(sitesById.get(a)?.name ?? a, sitesById.get(b)?.name ?? b);
          break;
      }
      if (d !== 0) return d;
    }
    return cmp(a, b);
  }
  const siteRank = new Map(siteOrder.map((s, i) => [s, i]));

  // Lead times per member (dates cached per lead: 100,000 members share a handful of lead times).
  const leadDates = new Map<number, string>();
  const afterDays = (days: number): string => {
    let d = leadDates.get(days);
    if (d === undefined) leadDates.set(days, (d = addDays(today, days)));
    return d;
  };
  type Earliest = { date: string; reason?: string; unknownOperator?: boolean };
  // The answer depends only on the path and its operator or SBC: computed once per pair and shared.
  const earliestCache = new Map<string, Map<string | undefined, Earliest>>();
  // Carrier accounts with a port freeze (any of their blocks says so): their ports wait for the lift too.
  const frozenAccounts = new Set((inventory?.blocks ?? []).filter((b) => b.portFreeze).map(accountKey));
  const earliestFor = (c: Candidate): Earliest => {
    const p = c.path;
    // Calling Plan: a number the person keeps ports to Microsoft, with the lead time of the site's country
    // (in an imported block or not); a new number, or one that is a Teams number already, does not wait.
    const cpCountry = p.path === 'CP' && c.number !== undefined && p.plannedNumberSource !== 'teams-number' ? (sitesById.get(c.siteId)?.countryCode ?? '') : undefined;
    const frozen = frozenAccounts.size > 0 && portsNumber(c) && frozenAccounts.has(accountKey(c.block));
    const id = p.path === 'OC' ? p.operatorId : p.path === 'DR' ? p.sbcId : cpCountry;
    const byId = frozen ? `${id ?? ''}|frozen` : id;
    let cache = earliestCache.get(p.path);
    if (!cache) earliestCache.set(p.path, (cache = new Map()));
    let e = cache.get(byId);
    if (!e) cache.set(byId, (e = computeEarliest(p, cpCountry, frozen)));
    return e;
  };
  /** A port's earliest date: its lead time, after the carrier lifts a freeze on the account first. */
  const afterPort = (days: number, reason: string, frozen: boolean): Earliest =>
    frozen
      ? { date: afterDays(days + CARRIER_FREEZE_LIFT_DAYS), reason: `${reason}, after the carrier lifts the account's port freeze (${CARRIER_FREEZE_LIFT_DAYS} days)` }
      : { date: afterDays(days), reason };
  const computeEarliest = (p: EffectivePath, cpPortCountry: string | undefined, frozen: boolean): Earliest => {
    if (cpPortCountry !== undefined) {
      const days = callingPlanPortLeadDays(cpPortCountry);
      return afterPort(days, `port to Microsoft (Calling Plan${cpPortCountry ? `, ${cpPortCountry}` : ''}) lead time ${days} days`, frozen);
    }
    if (p.path === 'OC') {
      const op = p.operatorId ? operators.get(p.operatorId) : undefined;
      if (!op) return { ...afterPort(0, `operator ${p.operatorId ?? '(none)'} not in the settings: no lead time known`, frozen), unknownOperator: true };
      return afterPort(op.portLeadTimeDays, `${op.name} port lead time ${op.portLeadTimeDays} days`, frozen);
    }
    if (p.path === 'DR') {
      const sbc = p.sbcId ? sbcs.get(p.sbcId) : undefined;
      let date = afterDays(scheduling.drUploadLeadDays);
      let reason = `number upload ${scheduling.drUploadLeadDays} days before the wave`;
      if (sbc?.readyDate && sbc.readyDate > date) {
        date = sbc.readyDate;
        reason = `SBC ${sbc.id} ready on ${sbc.readyDate}`;
      }
      return { date, reason };
    }
    return { date: today };
  };

  const accountKeys = new Map<string, string>();
  const accountOf = (b: NumberBlock): string => {
    let k = accountKeys.get(b.id);
    if (k === undefined) accountKeys.set(b.id, (k = accountKey(b)));
    return k;
  };
  const unknownOperator = new Map<string, string[]>();
  // A one-person unit maps to its candidate, a larger one to its members (sorted by person id).
  const membersOf = (u: SchedulingUnit): Candidate[] => {
    const m = (u as PlanUnit).candidates;
    return Array.isArray(m) ? m : [m];
  };
  // The scheduler only reads these lists: one-person units share them instead of allocating their own
  // (they would all survive until the plan is built).
  const NO_ACCOUNTS: string[] = [];
  const oneSite = new Map<string, string[]>();
  const oneAccount = new Map<string, string[]>();
  const shared = (cache: Map<string, string[]>, key: string): string[] => {
    let l = cache.get(key);
    if (!l) cache.set(key, (l = [key]));
    return l;
  };
  const units: SchedulingUnit[] = [];
  for (const r of unitRoots) {
    // Most units are one person: skip the sorting and de-duplication work for them (100,000 units).
    const single = setSize[r] === 1;
    const members = single ? [candidates[r]] : unitMembers.get(r)!;
    if (!single) members.sort((a, b) => cmp(a.person.id, b.person.id));
    const siteIds = single ? shared(oneSite, members[0].siteId) : [...new Set(members.map((m) => m.siteId))].sort();
    let earliest = today;
    let earliestReason: string | undefined;
    let portAccounts = NO_ACCOUNTS;
    let btnAccounts = NO_ACCOUNTS;
    let lastAtSites: string[] | undefined;
    for (const m of members) {
      if (m.sharedCalling && !lastAtSites?.includes(m.siteId)) (lastAtSites ??= []).push(m.siteId);
      const e = earliestFor(m);
      if (e.date > earliest || (e.date === earliest && !earliestReason)) {
        earliest = e.date;
        earliestReason = e.reason;
      }
      if (portsNumber(m)) {
        const key = accountOf(m.block);
        if (portAccounts === NO_ACCOUNTS) portAccounts = [key];
        else if (!portAccounts.includes(key)) portAccounts.push(key);
        if (m.block.btn && m.block.btn === m.number) {
          if (btnAccounts === NO_ACCOUNTS) btnAccounts = [key];
          else if (!btnAccounts.includes(key)) btnAccounts.push(key);
        }
      }
      if (e.unknownOperator && e.reason) {
        let l = unknownOperator.get(e.reason);
        if (!l) unknownOperator.set(e.reason, (l = []));
        l.push(m.person.id);
      }
    }
    const isPilot = members.some(isPilotPerson);
    const unit: PlanUnit = {
      id: members[0].person.id,
      siteIds,
      users: members.length,
      numbers: single ? numbersOf(members[0]) : members.reduce((n, m) => n + numbersOf(m), 0),
      earliest,
      earliestReason,
      pilot: isPilot,
      portAccounts: portAccounts.length > 1 ? portAccounts.sort() : portAccounts.length ? shared(oneAccount, portAccounts[0]) : NO_ACCOUNTS,
      btnAccounts: btnAccounts.length > 1 ? btnAccounts.sort() : btnAccounts.length ? shared(oneAccount, btnAccounts[0]) : NO_ACCOUNTS,
      candidates: single ? members[0] : members,
    };
    if (lastAtSites) unit.lastAtSites = lastAtSites.sort();
    units.push(unit);
  }
  for (const reason of [...unknownOperator.keys()].sort()) {
    unmet.push({ code: 'operator-unknown', message: reason, personIds: unknownOperator.get(reason)!.sort() });
  }
  // A unit's place: the best-ranked site among its members, then its id.
  const unitRank = (u: SchedulingUnit) => {
    let best = Number.MAX_SAFE_INTEGER;
    for (const s of u.siteIds) best = Math.min(best, siteRank.get(s) ?? Number.MAX_SAFE_INTEGER);
    return best;
  };
  const ranks = new Float64Array(units.length);
  for (let i = 0; i < units.length; i++) ranks[i] = unitRank(units[i]);
  const order = Array.from({ length: units.length }, (_, i) => i);
  order.sort((a, b) => ranks[a] - ranks[b] || cmp(units[a].id, units[b].id));
  const byRank = order.map((i) => units[i]);
  for (let i = 0; i < byRank.length; i++) units[i] = byRank[i];
  if (pilotBySite && pilot.size > 0) {
    // "N users of a site": take the first units of that site in priority order, not the first by id.
    let n = 0;
    for (const u of units) {
      if (!u.siteIds.includes(pilotBySite) || membersOf(u).some(isPilotPerson)) continue;
      u.pilot = n < pilot.size;
      if (u.pilot) n += u.users;
    }
  } else if (pilot.size > 0 && !pilot.department && pilotUsers.size === 0 && units.length) {
    // Only a size: the first N users of the top-priority site.
    const top = units[0].siteIds[0];
    let n = 0;
    for (const u of units) if (u.siteIds.includes(top) && n < pilot.size) {
      u.pilot = true;
      n += u.users;
    }
  }

  // Admin pins (a site or a migration group in a given wave) and site blackouts.
  const pinning = applyWavePins(units, scheduling.pins ?? [], {
    membersOf: (u) => membersOf(u).map((m) => m.person.id),
    groupsOf: (personId) => groupsByPerson.get(personId),
    siteName: (id) => sitesById.get(id)?.name ?? id,
  });

  const calendar = new CutoverCalendar({ weekdays: scheduling.cutoverWeekdays, freezes: scheduling.changeFreezes }, input.holidays);
  const schedule = scheduleWaves(units, {
    startDate: scheduling.startDate,
    today,
    capacity: scheduling.waveCapacity,
    minDaysBetweenWaves: scheduling.minDaysBetweenWaves,
    maxWaves: scheduling.maxWaves,
    calendar,
    siteLocation: (siteId) => ({ countryCode: sitesById.get(siteId)?.countryCode, region: siteAttrs.get(siteId)?.region }),
    horizonDays: PLANNING_HORIZON_DAYS,
    siteBlackout: blackoutLookup(scheduling.blackouts ?? []),
    siteName: (id) => sitesById.get(id)?.name ?? id,
  });
  unmet.push(...pinUnmetConstraints(pinning, schedule, (u) => membersOf(u).map((m) => ({ personId: m.person.id, siteId: m.siteId }))));

  // Not scheduled: they stay on the PBX for now, and `unmet` says which constraint and for whom.
  const unscheduledByCode = new Map<string, { code: UnscheduledUnit['code']; message: string; personIds: string[]; siteIds: Set<string> }>();
  for (const u of schedule.unscheduled) {
    const members = membersOf(u.unit);
    const k = `${u.code}|${u.message}`;
    let e = unscheduledByCode.get(k);
    if (!e) unscheduledByCode.set(k, (e = { code: u.code, message: u.message, personIds: [], siteIds: new Set() }));
    for (const m of members) {
      e.personIds.push(m.person.id);
      if (m.siteId) e.siteIds.add(m.siteId);
      staying.set(m.person.id, { personId: m.person.id, siteId: m.siteId || undefined, reason: `not scheduled: ${u.message}` });
    }
  }
  for (const k of [...unscheduledByCode.keys()].sort()) {
    const e = unscheduledByCode.get(k)!;
    unmet.push({ code: e.code, message: `${counted(e.personIds.length, 'person', 'people')} could not be scheduled: ${e.message}`, personIds: e.personIds.sort(), siteIds: [...e.siteIds].sort() });
  }

  // Waves and members.
  const dialPlanSites = new Set<string>();
  for (const l of inventory?.lines ?? []) if (l.extension && l.siteId) dialPlanSites.add(l.siteId);
  const waves: Wave[] = [];
  const moves: NumberMove[] = [];
  const dialPlanNames = new Map<string, string | undefined>();
  const dialPlanOf = (siteId: string): string | undefined => {
    if (!dialPlanNames.has(siteId)) dialPlanNames.set(siteId, siteId && dialPlanSites.has(siteId) ? dialPlanName(siteId) : undefined);
    return dialPlanNames.get(siteId);
  };
  const movedExtensions: MovedExtension[] = [];
  // Who moves: a flag on the candidate when person ids are unique, a set of ids otherwise.
  const movingIds = idsAscending ? undefined : new Set<string>();
  const lastWaveOfSite = new Map<string, { number: number; date: string }>();
  for (const sw of schedule.waves) {
    const members: WaveMember[] = [];
    for (const u of sw.units) {
      const unitCandidates = (u as PlanUnit).candidates;
      const count = Array.isArray(unitCandidates) ? unitCandidates.length : 1;
      for (let k = 0; k < count; k++) {
        const c = Array.isArray(unitCandidates) ? unitCandidates[k] : unitCandidates;
        const p = c.path;
        const sbc = p.sbcId ? sbcs.get(p.sbcId) : undefined;
        const m: WaveMember = {
          personId: c.person.id,
          userPrincipalName: c.person.userPrincipalName,
          displayName: c.person.displayName,
          siteId: c.siteId || undefined,
          department: c.person.department,
          lineId: c.line?.id,
          extension: c.line?.extension,
          currentDid: c.line?.did,
          numberToAssign: c.number,
          path: p.path,
          numberType: NUMBER_TYPE[p.path],
          operatorId: p.operatorId,
          sbcId: p.sbcId,
          voiceRoutingPolicy: p.voiceRoutingPolicy ?? sbc?.voiceRoutingPolicy,
          // Tenant dial plans normalise what people dial: a resource account dials nothing.
          dialPlan: c.person.kind === 'resourceAccount' ? undefined : dialPlanOf(c.siteId),
          groupIds: groupsByPerson.get(c.person.id) ?? [],
        };
        if (c.person.kind === 'resourceAccount') m.resourceAccount = true;
        if (c.sharedCalling) m.sharedCalling = true;
        if (c.line?.forwarding && c.person.kind !== 'resourceAccount') m.forwarding = c.line.forwarding;
        if (c.privateLine) m.privateNumber = c.privateLine.did;
        // Shared Calling people show the main number already; a caller ID of a number the person takes is their own.
        const callerId = c.person.kind !== 'resourceAccount' && !c.sharedCalling ? c.line?.callerId : undefined;
        if (callerId && (callerId.kind === 'withheld' || (callerId.number !== c.number && callerId.number !== c.privateLine?.did))) {
          m.callerId = callerId;
          const account = callerId.kind === 'number' ? (voiceAppAccounts ??= voiceAppAccountsByNumber(snapshot)).get(callerId.number) : undefined;
          if (account) m.callerIdAccount = account.userPrincipalName;
        }
        // Operator Connect and Calling Plan numbers take the site's emergency location as they are assigned;
        // a Direct Routing number has none (its emergency calls are routed by policy at the SBC).
        const location = p.path === 'OC' || p.path === 'CP' ? siteAttrs.get(c.siteId)?.emergencyLocationId : undefined;
        if (location) m.emergencyLocation = location;
        members.push(m);
        c.scheduled = true;
        movingIds?.add(c.person.id);
        if (c.number) {
          // One record serves the block split and the routing (a NumberMove is a RoutedNumber).
          const move: NumberMove = { number: c.number, waveNumber: sw.number, waveDate: sw.date, path: p.path, operatorId: p.operatorId, sbcId: p.sbcId, personId: c.person.id };
          if (p.plannedNumberSource === 'teams-number' && p.plannedNumber === c.number) move.inTeams = true;
          moves.push(move);
        }
        if (c.line?.extension && c.siteId) movedExtensions.push({ siteId: c.siteId, extension: c.line.extension, waveNumber: sw.number });
        if (c.privateLine) {
          moves.push({ number: c.privateLine.did, waveNumber: sw.number, waveDate: sw.date, path: p.path, operatorId: p.operatorId, sbcId: p.sbcId, personId: c.person.id });
          if (c.privateLine.extension && c.siteId) movedExtensions.push({ siteId: c.siteId, extension: c.privateLine.extension, waveNumber: sw.number });
        }
      }
    }
    members.sort((a, b) => cmp(a.siteId ?? '', b.siteId ?? '') || cmp(a.userPrincipalName, b.userPrincipalName) || cmp(a.personId, b.personId));
    const siteIds = [...new Set(members.map((m) => m.siteId ?? ''))].filter(Boolean).sort();
    for (const s of siteIds) lastWaveOfSite.set(s, { number: sw.number, date: sw.date });
    waves.push({
      number: sw.number,
      name: sw.number === 0 ? 'Pilot' : `Wave ${sw.number}`,
      date: sw.date,
      time: scheduling.cutoverTime,
      siteIds,
      members,
      prerequisites: [],
      portOrderIds: [],
      uploadOrderIds: [],
      counts: { users: members.length, sites: new Set(members.map((m) => m.siteId ?? '')).size, numbers: members.filter((m) => m.numberToAssign).length },
    });
    if (sw.oversizedUnitId) {
      const members = membersOf(sw.units[0]);
      unmet.push({
        code: 'group-exceeds-wave-capacity',
        message: `a migration group of ${members.length} people (${members.filter((m) => m.number).length} numbers, ${new Set(members.map((m) => m.siteId)).size} sites) is larger than the wave capacity and never splits: it moves alone in ${sw.number === 0 ? 'the pilot' : `wave ${sw.number}`}`,
        personIds: members.map((m) => m.person.id),
        waveNumber: sw.number,
      });
    }
  }
  // Pilot numbers of hunt groups and call centres move with their groups (group-numbers.ts).
  // Numbers that move to a Teams voice app rather than a person: groups' pilots, then sites' main numbers.
  const voiceAppNumbers = new Set<string>();
  if (inventory?.groups.length) {
    const linesById = new Map(inventory.lines.map((l) => [l.id, l]));
    const pilots = groupPilotNumbers({ groups: inventory.groups, linesById, waves, claimed: (did) => claimedNumbers.has(did) });
    for (const w of waves) {
      const numbers = pilots.get(w.number);
      if (!numbers) continue;
      w.groupNumbers = numbers;
      for (const n of numbers) {
        voiceAppNumbers.add(n.number);
        moves.push({ number: n.number, waveNumber: w.number, waveDate: w.date, path: n.path, operatorId: n.operatorId, sbcId: n.sbcId });
        // The pilot's extension is dialled from the PBX too: it follows the number to Teams.
        const extension = linesById.get(n.lineId)?.extension;
        if (extension && n.siteId) movedExtensions.push({ siteId: n.siteId, extension, waveNumber: w.number });
      }
    }
  }
  // Main numbers and common-area phones move with their site's last people unless some stay on the PBX by
  // decision (main-numbers.ts, common-area-phones.ts); the numbers that stay, with why.
  const siteNumbersStaying = new Map<string, string>();
  const commonAreaNumbers = new Set<string>();
  if (inventory?.lines.length) {
    const sitesWithPeopleLeft = new Set<string>();
    for (const s of staying.values()) if (s.siteId) sitesWithPeopleLeft.add(s.siteId);
    // Blocked people do not hold it back (main-numbers.ts), those blocked with their migration group neither.
    for (const c of candidates) if (!c.scheduled && c.siteId && !blocked.has(c.person.id)) sitesWithPeopleLeft.add(c.siteId);
    const main = siteMainNumbers({ lines: inventory.lines, waves, taken: (n) => claimedNumbers.has(n) || voiceAppNumbers.has(n), sitesWithPeopleLeft });
    const blockedAt = new Map<string, string[]>();
    for (const b of blocked.values()) {
      if (!b.siteId) continue;
      const list = blockedAt.get(b.siteId);
      if (list) list.push(b.personId);
      else blockedAt.set(b.siteId, [b.personId]);
    }
    for (const w of waves) {
      const numbers = main.byWave.get(w.number);
      if (!numbers) continue;
      w.mainNumbers = numbers;
      for (const n of numbers) {
        const left = blockedAt.get(n.siteId);
        if (left) {
          unmet.push({
            code: 'main-number-before-blocked-people',
            message: `main number ${n.number} of ${sitesById.get(n.siteId)?.name ?? n.siteId} moves to a Teams auto attendant in ${w.number === 0 ? 'the pilot' : `wave ${w.number}`} while ${counted(left.length, 'person', 'people')} there ${left.length === 1 ? 'is' : 'are'} blocked on the PBX`,
            siteIds: [n.siteId],
            personIds: [...left].sort(),
            waveNumber: w.number,
          });
        }
        voiceAppNumbers.add(n.number);
        moves.push({ number: n.number, waveNumber: w.number, waveDate: w.date, path: n.path, operatorId: n.operatorId, sbcId: n.sbcId, service: 'auto-attendant' });
        if (n.extension) movedExtensions.push({ siteId: n.siteId, extension: n.extension, waveNumber: w.number });
      }
    }
    for (const s of main.staying) siteNumbersStaying.set(s.number, s.reason);
    const phones = siteCommonAreaPhones({
      lines: inventory.lines,
      waves,
      taken: (n) => claimedNumbers.has(n) || voiceAppNumbers.has(n) || siteNumbersStaying.has(n),
      sitesWithPeopleLeft,
      siteName: (id) => sitesById.get(id)?.name,
    });
    for (const w of waves) {
      const list = phones.byWave.get(w.number);
      if (!list) continue;
      w.commonAreaPhones = list;
      for (const p of list) {
        if (p.number) {
          commonAreaNumbers.add(p.number);
          moves.push({ number: p.number, waveNumber: w.number, waveDate: w.date, path: p.path, operatorId: p.operatorId, sbcId: p.sbcId });
        }
        if (p.extension) movedExtensions.push({ siteId: p.siteId, extension: p.extension, waveNumber: w.number });
      }
    }
    for (const s of phones.staying) siteNumbersStaying.set(s.number, s.reason);
    if (candidates.some((c) => c.sharedCalling)) assignSharedNumbers({ waves, unmet, siteName: (id) => sitesById.get(id)?.name ?? id, lines: inventory.lines, settings, voiceAppAccounts: (voiceAppAccounts ??= voiceAppAccountsByNumber(snapshot)) });
  }
  for (const e of schedule.btnEarly) {
    unmet.push({ code: 'btn-holder-before-final-port', message: `the BTN holder of account ${e.account} could not wait for the account's last port (migration groups depend on each other)`, personIds: [e.unitId] });
  }

  // Decommission dates: the site must be fully moved before its PBX is switched off.
  for (const a of [...settings.sites].sort((x, y) => cmp(x.siteId, y.siteId))) {
    if (!a.pbxDecommissionDate) continue;
    const late: string[] = [];
    const reasons = new Set<string>();
    for (const w of waves) {
      if (w.date < a.pbxDecommissionDate) continue;
      for (const m of w.members) if (m.siteId === a.siteId) late.push(m.personId);
    }
    for (const u of units) {
      if (!u.siteIds.includes(a.siteId) || u.earliest < a.pbxDecommissionDate) continue;
      if (u.earliestReason) reasons.add(u.earliestReason);
    }
    const notMoving = [...staying.values(), ...blocked.values()].filter((s) => s.siteId === a.siteId).map((s) => s.personId);
    if (late.length) {
      unmet.push({
        code: 'decommission-date-missed',
        message: `${counted(late.length, 'person', 'people')} at ${sitesById.get(a.siteId)?.name ?? a.siteId} cut${late.length === 1 ? 's' : ''} over on or after its PBX decommission date ${a.pbxDecommissionDate}${reasons.size ? `: earliest possible dates come from ${[...reasons].sort().join('; ')}` : ': wave capacity, holidays or freezes push them later'}`,
        siteIds: [a.siteId],
        personIds: late.sort(),
      });
    }
    if (notMoving.length) {
      unmet.push({
        code: 'decommission-with-people-left',
        message: `${counted(notMoving.length, 'person', 'people')} at ${sitesById.get(a.siteId)?.name ?? a.siteId} ${notMoving.length === 1 ? 'is' : 'are'} blocked or not planned to move before its PBX decommission date ${a.pbxDecommissionDate}`,
        siteIds: [a.siteId],
        personIds: notMoving.sort(),
      });
    }
  }

  // Number blocks: which numbers stay (lines of people not moving, device lines).
  const stayingNumbers: StayingNumber[] = [];
  const ata: AtaNumber[] = [];
  for (const line of inventory?.lines ?? []) {
    if (!line.did || voiceAppNumbers.has(line.did) || commonAreaNumbers.has(line.did) || siteNumbersStaying.has(line.did)) continue;
    const pid = line.match.personId;
    // The line's number moves when the person who claimed it moves (whoever the line belongs to).
    const claimant = claimedNumbers.get(line.did);
    const claimantMoves = claimant !== undefined && (movingIds ? movingIds.has(claimant.person.id) : claimant.scheduled);
    const isMoving = pid !== undefined && claimantMoves && claimant!.person.id === pid;
    if (isMoving) continue;
    if (claimant?.person.id && claimantMoves) continue;
    stayingNumbers.push({ number: line.did, reason: NON_PERSON_DEVICE_TYPES.has(line.deviceType) ? line.deviceType : 'person not moving' });
    const decom = line.siteId ? siteAttrs.get(line.siteId)?.pbxDecommissionDate : undefined;
    const last = line.siteId ? lastWaveOfSite.get(line.siteId) : undefined;
    if (NON_PERSON_DEVICE_TYPES.has(line.deviceType) && decom && last) ata.push({ number: line.did, fromWave: last.number });
  }
  for (const [number, reason] of siteNumbersStaying) stayingNumbers.push({ number, reason });
  const split = splitNumberBlocks({
    blocks: inventory?.blocks ?? [],
    moves,
    staying: stayingNumbers,
    portLeadDays: (to) => {
      if (to.path === 'OC') return to.operatorId ? (operators.get(to.operatorId)?.portLeadTimeDays ?? 0) : 0;
      // Calling Plan: the longest lead of the countries of the people the numbers belong to (they wait for
      // their own), else of the block's site.
      const countries = new Set<string>();
      for (const n of to.numbers) {
        const site = claimedNumbers.get(n)?.siteId;
        const country = site ? sitesById.get(site)?.countryCode : undefined;
        if (country) countries.add(country);
      }
      if (countries.size === 0) countries.add(sitesById.get(to.siteId ?? '')?.countryCode ?? '');
      return Math.max(...[...countries].map(callingPlanPortLeadDays));
    },
    drUploadLeadDays: scheduling.drUploadLeadDays,
  });
  unmet.push(...split.unmet);
  const waveByNumber = new Map(waves.map((w) => [w.number, w]));
  for (const o of split.portOrders) waveByNumber.get(o.waveNumber)?.portOrderIds.push(o.id);
  for (const o of split.uploadOrders) waveByNumber.get(o.waveNumber)?.uploadOrderIds.push(o.id);

  // Routing per wave.
  const siteSbc = (siteId: string | undefined): string | undefined => {
    if (!siteId) return undefined;
    const country = sitesById.get(siteId)?.countryCode;
    const s = [...settings.sbcs].sort((a, b) => cmp(a.id, b.id)).find((x) => x.siteIds.includes(siteId)) ?? [...settings.sbcs].sort((a, b) => cmp(a.id, b.id)).find((x) => !!country && x.countries.includes(country));
    return s?.id;
  };
  const sbcBySite = new Map<string, string | undefined>();
  const cachedSiteSbc = (siteId: string | undefined) => {
    const k = siteId ?? '';
    if (!sbcBySite.has(k)) sbcBySite.set(k, siteSbc(siteId));
    return sbcBySite.get(k);
  };
  const routing = buildCoexistenceRouting({
    blocks: inventory?.blocks ?? [],
    waves: waves.map((w) => ({ number: w.number, date: w.date })),
    today,
    moves,
    ata,
    movedExtensions,
    siteSbc: cachedSiteSbc,
    operatorName: (id) => operators.get(id)?.name,
  });

  // Dial plans: every extension of the site, wherever it lives; the voice routes take PBX numbers to the SBC.
  const siteMain = new Map<string, string>();
  for (const b of [...(inventory?.blocks ?? [])].sort((x, y) => e164ToNumber(x.first) - e164ToNumber(y.first))) {
    if (b.siteId && !siteMain.has(b.siteId)) siteMain.set(b.siteId, b.btn ?? b.first);
  }
  const extLines: ExtensionLine[] = [];
  // The lines themselves carry siteId, extension and did: no copy per line (the dial plans only read them).
  for (const l of inventory?.lines ?? []) if (l.extension && l.siteId) extLines.push(l as PbxLine & ExtensionLine);
  const dial = buildDialPlans({
    lines: extLines,
    siteMainNumber: (s) => siteMain.get(s),
    siteEmergencyNumbers: (s) => emergencyNumbersOf(sitesById.get(s)?.countryCode).numbers,
    siteServiceNumbers: (s) => serviceNumbersOf(sitesById.get(s)?.countryCode),
  });
  unmet.push(...dial.unmet);

  // Prerequisites per wave, as sentences.
  const portsByWave = new Map<number, typeof split.portOrders>();
  for (const o of split.portOrders) {
    let l = portsByWave.get(o.waveNumber);
    if (!l) portsByWave.set(o.waveNumber, (l = []));
    l.push(o);
  }
  const uploadsByWave = new Map<number, typeof split.uploadOrders>();
  for (const o of split.uploadOrders) {
    let l = uploadsByWave.get(o.waveNumber);
    if (!l) uploadsByWave.set(o.waveNumber, (l = []));
    l.push(o);
  }
  for (const w of waves) {
    const ports = portsByWave.get(w.number) ?? [];
    // One line per frozen account, with the earliest of its orders' dates.
    const frozen = new Map<string, { carrier: string; account: string; by: string }>();
    for (const o of ports) {
      if (!o.liftFreezeBy) continue;
      const k = `${o.carrier}|${o.accountNumber ?? o.blockIds[0] ?? ''}`;
      const known = frozen.get(k);
      if (!known || o.liftFreezeBy < known.by) frozen.set(k, { carrier: o.carrier, account: o.accountNumber ?? o.blockIds.join(', '), by: o.liftFreezeBy });
    }
    for (const f of [...frozen.values()].sort((a, b) => cmp(a.by, b.by) || cmp(a.carrier, b.carrier) || cmp(a.account, b.account))) {
      w.prerequisites.push(`Ask ${f.carrier} to lift the port freeze on account ${f.account} by ${f.by}: a frozen account's port requests are rejected.`);
    }
    const toOperators = ports.filter((o) => o.path !== 'CP');
    const toMicrosoft = ports.filter((o) => o.path === 'CP');
    if (toOperators.length) {
      w.prerequisites.push(`Submit ${counted(toOperators.length, 'port order')} (${counted(numbersIn(toOperators), 'number')}) by ${earliestSubmitBy(toOperators)}; the operator uploads the numbers before ${w.date}.`);
    }
    if (toMicrosoft.length) {
      w.prerequisites.push(
        `Submit ${counted(toMicrosoft.length, 'port order')} to Microsoft (${counted(numbersIn(toMicrosoft), 'number')}, Teams admin center: Voice > Phone numbers > Port) by ${earliestSubmitBy(toMicrosoft)}; they become Calling Plan numbers in the tenant before ${w.date}.`,
      );
    }
    const uploads = uploadsByWave.get(w.number) ?? [];
    if (uploads.length) w.prerequisites.push(`Upload ${counted(uploads.reduce((n, o) => n + o.numbers.length, 0), 'Direct Routing number')} (${counted(uploads.length, 'order')}) by ${uploads[0].uploadBy}.`);
    const sbcIds = [...new Set(w.members.filter((m) => m.path === 'DR' && m.sbcId).map((m) => m.sbcId!))].sort();
    for (const id of sbcIds) {
      const sbc = sbcs.get(id);
      w.prerequisites.push(`SBC ${sbc?.fqdn ?? id} paired with the tenant${sbc?.readyDate ? ` (ready ${sbc.readyDate})` : ''}, with the wave's routing rules staged.`);
    }
    if (w.members.some((m) => m.dialPlan)) w.prerequisites.push('Tenant dial plans of the wave\'s sites created and granted.');
    w.prerequisites.push('Emergency addresses (OC/CP) or emergency call routing (DR) in place for every site of the wave.');
  }

  assumptions.push(
    `Cutover on weekdays ${scheduling.cutoverWeekdays.join(',')} at ${scheduling.cutoverTime} site time; public holidays of each site's country/region and the change freezes are avoided.`,
    `Waves at least ${scheduling.minDaysBetweenWaves} days apart, at most ${scheduling.waveCapacity.users} users, ${scheduling.waveCapacity.sites} sites and ${scheduling.waveCapacity.numbers} numbers each; at most ${scheduling.maxWaves} waves within ${PLANNING_HORIZON_DAYS} days.`,
    'Port orders are submitted no earlier than the plan date; OC waves are placed at least the operator\'s port lead time later.',
    'Calling Plan numbers come from Microsoft outside this plan\'s port orders.',
  );
  if (!settings.scheduling) assumptions.push('The settings have no scheduling section: default scheduling values were used, starting today.');
  if (!inventory) assumptions.push('No PBX inventory imported: numbers come from the directory; no blocks, port splits, SBC rules or dial plans.');

  const stayingList = [...staying.values()].sort((a, b) => cmp(a.siteId ?? '', b.siteId ?? '') || cmp(a.personId, b.personId));
  const blockedList = [...blocked.values()].sort((a, b) => cmp(a.siteId ?? '', b.siteId ?? '') || cmp(a.userPrincipalName, b.userPrincipalName) || cmp(a.personId, b.personId));
  return {
    tenantId: input.tenantId,
    inputs: {
      today,
      settingsVersion: input.settingsVersion,
      snapshotTakenAt: snapshot.takenAt,
      ...(inventory ? { inventoryImportedAt: inventory.importedAt } : {}),
    },
    waves,
    blockSplits: split.blockSplits,
    portOrders: split.portOrders,
    uploadOrders: split.uploadOrders,
    routing,
    dialPlans: dial.dialPlans,
    extensionCollisions: dial.collisions,
    blocked: blockedList,
    stayingOnPbx: stayingList,
    unmet,
    assumptions,
  };
}

/**
 * The number each Shared Calling member calls out as (`sharedNumber`): their site's main number, in
 * whichever form the plan finds it - answering on a resource account in Teams already (`sharedAccount`
 * names it), moved to a Teams auto attendant (main-numbers.ts), moved as the pilot of the reception
 * group behind it (group-numbers.ts), or moved with a resource account the plan moves as a member (the
 * auto attendant account the site's settings name, or one holding such a number). A site's main numbers
 * are the numbers its lines ring through and its auto attendant lines' DIDs. One moving before it
 * (released from waiting by a dependency cycle), or at a site whose main number stays on the PBX, would
 * have no number to call out as: an unmet constraint says so.
 */
function assignSharedNumbers(input: {
  waves: readonly Wave[];
  unmet: UnmetConstraint[];
  siteName: (id: string) => string;
  lines: readonly PbxLine[];
  settings: PlanningSettings;
  voiceAppAccounts: ReadonlyMap<string, Person>;
}): void {
  const { waves, unmet } = input;
  const mainNumbersOf = new Map<string, Set<string>>();
  const addMain = (siteId: string, number: string) => {
    const set = mainNumbersOf.get(siteId);
    if (set) set.add(number);
    else mainNumbersOf.set(siteId, new Set([number]));
  };
  for (const l of input.lines) {
    const number = l.siteId ? mainNumberOfLine(l) : undefined;
    if (number) addMain(l.siteId!, number);
  }
  const isMain = (siteId: string | undefined, number: string | undefined) => !!siteId && !!number && !!mainNumbersOf.get(siteId)?.has(number);
  const namedAccount = new Map(input.settings.sites.filter((a) => a.autoAttendantAccount).map((a) => [a.siteId, a.autoAttendantAccount!.toLowerCase()]));
  // Per site, its main numbers found in Teams or in the plan, the first found first: where and when each is on a resource account.
  const main = new Map<string, Map<string, { wave: number; account?: string }>>();
  const found = (siteId: string, number: string, at: { wave: number; account?: string }) => {
    const numbers = main.get(siteId) ?? main.set(siteId, new Map()).get(siteId)!;
    if (!numbers.has(number)) numbers.set(number, at);
  };
  // In Teams already: a resource account of the site answers on one of its main numbers (or is the one the settings name).
  for (const [number, account] of input.voiceAppAccounts) {
    const siteId = account.siteId;
    if (!siteId) continue;
    if (isMain(siteId, number) || namedAccount.get(siteId) === account.userPrincipalName.toLowerCase()) found(siteId, number, { wave: -1, account: account.userPrincipalName });
  }
  for (const w of waves) {
    for (const n of w.mainNumbers ?? []) found(n.siteId, n.number, { wave: w.number });
    for (const n of w.groupNumbers ?? []) if (n.siteId && isMain(n.siteId, n.number)) found(n.siteId, n.number, { wave: w.number });
    for (const m of w.members) {
      if (!m.resourceAccount || !m.siteId || !m.numberToAssign) continue;
      if (namedAccount.get(m.siteId) === m.userPrincipalName.toLowerCase() || isMain(m.siteId, m.numberToAssign)) found(m.siteId, m.numberToAssign, { wave: w.number });
    }
  }
  const ringsThrough = new Map(input.lines.filter((l) => l.mainNumber).map((l) => [l.id, l.mainNumber!]));
  const early = new Map<string, string[]>();
  for (const w of waves) {
    for (const m of w.members) {
      if (!m.sharedCalling || !m.siteId) continue;
      // The number their own line rang through on the PBX, else the site's first.
      const numbers = main.get(m.siteId);
      const own = m.lineId ? ringsThrough.get(m.lineId) : undefined;
      const number = own !== undefined && numbers?.has(own) ? own : numbers?.keys().next().value;
      const at = number === undefined ? undefined : numbers!.get(number)!;
      if (number !== undefined && at) {
        m.sharedNumber = number;
        if (at.account) m.sharedAccount = at.account;
        if (at.wave <= w.number) continue;
      }
      const list = early.get(m.siteId);
      if (list) list.push(m.personId);
      else early.set(m.siteId, [m.personId]);
    }
  }
  for (const [siteId, personIds] of [...early].sort(([a], [b]) => cmp(a, b))) {
    const first = main.get(siteId)?.values().next().value;
    unmet.push({
      code: 'shared-calling-without-main-number',
      message: `${counted(personIds.length, 'Shared Calling person', 'Shared Calling people')} at ${input.siteName(siteId)} ${personIds.length === 1 ? 'moves' : 'move'} ${first === undefined ? "while the site's main number stays on the PBX" : `before the site's main number (wave ${first.wave})`}: with no number of their own, they cannot call out`,
      siteIds: [siteId],
      personIds: personIds.sort(),
    });
  }
}

/** The resource account (an auto attendant's or a call queue's) answering each number in Teams already, in the snapshot's number order; the first holder of a listed-twice number. */
function voiceAppAccountsByNumber(snapshot: TenantSnapshot): Map<string, Person> {
  const accounts = new Map<string, Person>();
  for (const p of snapshot.people) if (p.kind === 'resourceAccount') accounts.set(p.id, p);
  const byNumber = new Map<string, Person>();
  for (const n of snapshot.numbers) {
    const account = n.assignmentStatus === 'voiceApplicationAssigned' && n.assignmentTargetId ? accounts.get(n.assignmentTargetId) : undefined;
    if (account && !byNumber.has(n.telephoneNumber)) byNumber.set(n.telephoneNumber, account);
  }
  return byNumber;
}
