/** Short views of a plan for the tab's header, `vmp plan --summary` and the bot. Pure functions. */
import { gateNeedingSeat, type LicenceGateCounts, type LicenceNeed } from '../decisions/licence-seats';
import type { BlockedMember, Plan, UnmetConstraint, Wave, WaveMember } from '../plan';

/** The numbers a member takes in Teams: their own, and their private line. */
export function memberNumbers(m: Pick<WaveMember, 'numberToAssign' | 'privateNumber'>): number {
  return (m.numberToAssign ? 1 : 0) + (m.privateNumber ? 1 : 0);
}

/** The numbers a wave's members take in Teams (the wave's resource accounts' numbers apart). */
export function waveMemberNumbers(wave: Pick<Wave, 'members'>): number {
  let n = 0;
  for (const m of wave.members) n += memberNumbers(m);
  return n;
}

export interface PlanSummary {
  tenantId: string;
  today: string;
  settingsVersion: number;
  waves: { number: number; name: string; date: string; time: string; users: number; sites: number; numbers: number; portOrders: number; uploadOrders: number }[];
  totals: {
    inWaves: number;
    blocked: number;
    stayingOnPbx: number;
    portOrders: number;
    uploadOrders: number;
    dialPlans: number;
    extensionCollisions: number;
    unmet: number;
  };
  /** Constraints that could not be met: code, message and how many people/sites/blocks (a stored plan's header lists the first of each kind). */
  unmet: UnmetSummaryRow[];
  lastCutover?: string;
}

/** An unmet constraint as lists show it: code, message and how many people, sites and blocks it concerns. */
export interface UnmetSummaryRow {
  code: string;
  message: string;
  people: number;
  sites: number;
  blocks: number;
  waveNumber?: number;
}

/** `peopleTotal`: how many people, where `personIds` keeps only the first ones (a stored read model). */
export function unmetSummaryRow(u: UnmetConstraint & { peopleTotal?: number }): UnmetSummaryRow {
  return {
    code: u.code,
    message: u.message,
    people: u.peopleTotal ?? u.personIds?.length ?? 0,
    sites: u.siteIds?.length ?? 0,
    blocks: u.blockIds?.length ?? 0,
    ...(u.waveNumber !== undefined ? { waveNumber: u.waveNumber } : {}),
  };
}

export function summarizePlan(plan: Plan): PlanSummary {
  return {
    tenantId: plan.tenantId,
    today: plan.inputs.today,
    settingsVersion: plan.inputs.settingsVersion,
    waves: plan.waves.map((w) => ({
      number: w.number,
      name: w.name,
      date: w.date,
      time: w.time,
      users: w.members.length,
      sites: w.siteIds.length,
      numbers: waveMemberNumbers(w),
      portOrders: w.portOrderIds.length,
      uploadOrders: w.uploadOrderIds.length,
    })),
    totals: {
      inWaves: plan.waves.reduce((n, w) => n + w.members.length, 0),
      blocked: plan.blocked.length,
      stayingOnPbx: plan.stayingOnPbx.length,
      portOrders: plan.portOrders.length,
      uploadOrders: plan.uploadOrders.length,
      dialPlans: plan.dialPlans.length,
      extensionCollisions: plan.extensionCollisions.length,
      unmet: plan.unmet.length,
    },
    unmet: plan.unmet.map(unmetSummaryRow),
    ...(plan.waves.length ? { lastCutover: plan.waves[plan.waves.length - 1].date } : {}),
  };
}

export interface BlockersView {
  waveNumber?: number;
  total: number;
  /** Per gate code: how many people, and the fix. */
  byCode: { code: string; count: number; fix: string }[];
  /** The first people (by site, then UPN) with their gates. */
  top: BlockedMember[];
  /** The licences the blocked people need against the tenant's free seats (licence-seats.ts), where the service reads them. */
  licences?: LicenceNeed[];
  /** Constraints of the wave that could not be met (wave given) or all of them; a service may list the first ones only. */
  unmet: UnmetConstraint[];
  /** How many constraints are unmet when `unmet` lists only the first ones. */
  unmetTotal?: number;
  /** All of them by kind (code), most frequent first, where the service keeps those counts. */
  unmetByCode?: { code: string; count: number }[];
}

/** Blocked people counted, in all and per gate code with its fix: most frequent first. */
/** Also what licenceNeeds reads: with `teamsPhoneAndCallingPlan`, those held by both voice licence gates. */
export interface BlockerCounts extends LicenceGateCounts {
  total: number;
  /** Per gate code: how many people, and the fix. Most frequent first. */
  byCode: { code: string; count: number; fix: string }[];
}

const TEAMS_PHONE_GATE = gateNeedingSeat('teamsPhone');
const CALLING_PLAN_GATE = gateNeedingSeat('callingPlan');

/** Counts blocked people by the gates that hold them (a person held by two gates counts for each). */
export function countBlockers(blocked: Iterable<BlockedMember>): BlockerCounts {
  const byCode = new Map<string, { code: string; count: number; fix: string }>();
  let total = 0;
  let teamsPhoneAndCallingPlan = 0;
  for (const b of blocked) {
    total++;
    let lacksTeamsPhone = false;
    let lacksCallingPlan = false;
    for (const g of b.gates) {
      const e = byCode.get(g.code) ?? { code: g.code, count: 0, fix: g.fix };
      e.count++;
      byCode.set(g.code, e);
      lacksTeamsPhone ||= g.code === TEAMS_PHONE_GATE;
      lacksCallingPlan ||= g.code === CALLING_PLAN_GATE;
    }
    if (lacksTeamsPhone && lacksCallingPlan) teamsPhoneAndCallingPlan++;
  }
  return {
    total,
    byCode: [...byCode.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1)),
    ...(teamsPhoneAndCallingPlan > 0 && { teamsPhoneAndCallingPlan }),
  };
}

/** The waves each site has people in, in plan order. */
export function wavesBySite(plan: Pick<Plan, 'waves'>): Map<string, number[]> {
  const wavesOfSite = new Map<string, number[]>();
  for (const w of plan.waves) for (const s of w.siteIds) (wavesOfSite.get(s) ?? wavesOfSite.set(s, []).get(s)!).push(w.number);
  return wavesOfSite;
}

/**
 * Blocked people counted under the first wave at their site (each once; people at no wave's site are
 * left out), for the waves that have any: when licence seats run out (licence-seats.ts).
 */
export function blockersByFirstWave(plan: Pick<Plan, 'waves' | 'blocked'>, wavesOfSite = wavesBySite(plan)): Record<string, BlockerCounts> {
  const byWave = new Map<number, BlockedMember[]>();
  for (const b of plan.blocked) {
    const first = b.siteId === undefined ? undefined : wavesOfSite.get(b.siteId)?.[0];
    if (first !== undefined) (byWave.get(first) ?? byWave.set(first, []).get(first)!).push(b);
  }
  return Object.fromEntries([...byWave].map(([n, people]) => [String(n), countBlockers(people)]));
}
