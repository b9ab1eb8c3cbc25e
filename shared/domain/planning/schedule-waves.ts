/**
 * Wave scheduling: a greedy pass over units (a person, or a migration group that never splits) in
 * site-priority order. Each wave takes the next allowed date and fills up to the capacity with the
 * units that are ready by then (lead times) and have no public holiday at their sites on that day.
 * Every loop is bounded (maxWaves and a date horizon), so impossible settings end in `unscheduled`
 * entries with a reason, never in a hang.
 */
import type { CutoverCalendar } from './cutover-calendar';
import { addDays, maxDate } from './plan-dates';

export interface SchedulingUnit {
  id: string;
  /** Distinct site ids of the members, sorted ('' for people without a site). */
  siteIds: string[];
  users: number;
  numbers: number;
  /** Earliest allowed cutover date (lead times, SBC readiness); and why, for messages. */
  earliest: string;
  earliestReason?: string;
  pilot: boolean;
  /** OC carrier accounts (keys) this unit ports numbers from. */
  portAccounts: string[];
  /** Accounts whose BTN a member of this unit holds: best cut over with the account's last port. */
  btnAccounts: string[];
}

export interface WaveCapacity {
  users: number;
  sites: number;
  numbers: number;
}

export interface ScheduleOptions {
  startDate: string;
  today: string;
  capacity: WaveCapacity;
  minDaysBetweenWaves: number;
  maxWaves: number;
  calendar: CutoverCalendar;
  /** Holiday location of a site. */
  siteLocation: (siteId: string) => { countryCode?: string; region?: string };
  /** Days after the start searched for dates before giving up. */
  horizonDays: number;
}

export interface ScheduledWave {
  number: number;
  date: string;
  units: SchedulingUnit[];
  /** Set when a unit larger than the capacity had to move alone. */
  oversizedUnitId?: string;
}

export interface UnscheduledUnit {
  unit: SchedulingUnit;
  code: 'wave-capacity-zero' | 'no-cutover-date' | 'lead-time-beyond-horizon' | 'max-waves-reached';
  message: string;
}

export interface ScheduleResult {
  waves: ScheduledWave[];
  unscheduled: UnscheduledUnit[];
  /** BTN holders that had to go before their account's last port (a dependency cycle). */
  btnEarly: { unitId: string; account: string }[];
  horizon: string;
}

type Fit = 'fits' | 'full' | 'never' | 'oversized';

function capacityFit(cap: WaveCapacity, users: number, sites: Set<string>, numbers: number, u: SchedulingUnit, empty: boolean): Fit {
  const newSites = u.siteIds.reduce((n, s) => n + (sites.has(s) ? 0 : 1), 0);
  const fits = users + u.users <= cap.users && sites.size + newSites <= cap.sites && numbers + u.numbers <= cap.numbers;
  if (fits) return 'fits';
  if (!empty) return 'full';
  // Alone in an empty wave and still too big: a zero capacity can never be met, anything else moves alone.
  if ((u.users > 0 && cap.users === 0) || (u.siteIds.length > 0 && cap.sites === 0) || (u.numbers > 0 && cap.numbers === 0)) return 'never';
  return 'oversized';
}

export function scheduleWaves(units: readonly SchedulingUnit[], options: ScheduleOptions): ScheduleResult {
  const { capacity, calendar } = options;
  const floor = maxDate(options.startDate, options.today);
  const horizon = addDays(floor, options.horizonDays);
  const waves: ScheduledWave[] = [];
  const unscheduled: UnscheduledUnit[] = [];
  const btnEarly: { unitId: string; account: string }[] = [];

  // Units that port numbers of an account, per account, excluding the units holding that account's BTN.
  const pendingPorts = new Map<string, number>();
  for (const u of units) {
    for (const acct of u.portAccounts) {
      if (!u.btnAccounts.includes(acct)) pendingPorts.set(acct, (pendingPorts.get(acct) ?? 0) + 1);
    }
  }

  let pilotQueue = units.filter((u) => u.pilot);
  let queue = units.filter((u) => !u.pilot);
  // Scheduled or dropped units stay in the arrays (no per-wave rebuild); `head` skips the done prefix.
  const gone = new Set<SchedulingUnit>();
  let head = 0;
  let pilotHead = 0;
  let nextFrom = floor;
  let waveNumber = pilotQueue.length > 0 ? 0 : 1;

  const remaining = (list: SchedulingUnit[], from: number) => list.slice(from).filter((u) => !gone.has(u));
  for (;;) {
    while (pilotHead < pilotQueue.length && gone.has(pilotQueue[pilotHead])) pilotHead++;
    while (head < queue.length && gone.has(queue[head])) head++;
    if ((pilotHead >= pilotQueue.length && head >= queue.length) || waves.length >= options.maxWaves) break;
    const isPilot = pilotHead < pilotQueue.length;
    if (!isPilot && waveNumber === 0) waveNumber = 1;
    const candidates = isPilot ? pilotQueue : queue;
    const start = isPilot ? pilotHead : head;
    const from = nextFrom;
    const date = from > horizon ? undefined : calendar.nextGlobalDate(from, horizon);
    if (!date) {
      for (const u of [...remaining(pilotQueue, pilotHead), ...remaining(queue, head)]) {
        if (u.earliest > horizon) {
          unscheduled.push({
            unit: u,
            code: 'lead-time-beyond-horizon',
            message: `earliest possible cutover ${u.earliest}${u.earliestReason ? ` (${u.earliestReason})` : ''} is after the planning horizon ${horizon}`,
          });
        } else {
          unscheduled.push({ unit: u, code: 'no-cutover-date', message: calendar.explainNoDate(nextFrom, horizon) });
        }
      }
      for (const u of [...pilotQueue, ...queue]) gone.add(u);
      break;
    }

    const holidayAt = new Map<string, boolean>();
    const siteBlocked = (siteId: string): boolean => {
      let b = holidayAt.get(siteId);
      if (b === undefined) {
        const loc = options.siteLocation(siteId);
        b = calendar.siteReason(date, loc.countryCode, loc.region) !== undefined;
        holidayAt.set(siteId, b);
      }
      return b;
    };

    const chosen = new Set<SchedulingUnit>();
    const chosenInOrder: SchedulingUnit[] = [];
    const sites = new Set<string>();
    let users = 0;
    let numbers = 0;
    let oversized: string | undefined;
    const waitingForPorts: SchedulingUnit[] = [];
    const dropped = new Set<SchedulingUnit>();
    const portsInWave = new Map<string, number>();

    const add = (u: SchedulingUnit): void => {
      chosen.add(u);
      chosenInOrder.push(u);
      users += u.users;
      numbers += u.numbers;
      for (const s of u.siteIds) sites.add(s);
      for (const a of u.portAccounts) if (!u.btnAccounts.includes(a)) portsInWave.set(a, (portsInWave.get(a) ?? 0) + 1);
    };
    const waitsForPorts = (u: SchedulingUnit): boolean =>
      u.btnAccounts.some((a) => (pendingPorts.get(a) ?? 0) - (portsInWave.get(a) ?? 0) > 0);

    const tryAdd = (u: SchedulingUnit, ignorePorts: boolean): 'added' | 'skip' | 'stop' => {
      if (u.earliest > date) return 'skip';
      if (u.siteIds.some(siteBlocked)) return 'skip';
      if (!ignorePorts && u.btnAccounts.length > 0 && waitsForPorts(u)) {
        waitingForPorts.push(u);
        return 'skip';
      }
      const fit = capacityFit(capacity, users, sites, numbers, u, chosen.size === 0);
      if (fit === 'never') {
        dropped.add(u);
        for (const a of u.portAccounts) if (!u.btnAccounts.includes(a)) pendingPorts.set(a, (pendingPorts.get(a) ?? 0) - 1);
        unscheduled.push({ unit: u, code: 'wave-capacity-zero', message: capacityZeroMessage(capacity) });
        return 'skip';
      }
      if (fit === 'oversized') {
        add(u);
        oversized = u.id;
        return 'stop';
      }
      if (fit === 'full') return users >= capacity.users ? 'stop' : 'skip';
      add(u);
      return 'added';
    };

    for (let i = start; i < candidates.length; i++) {
      const u = candidates[i];
      if (gone.has(u)) continue;
      if (tryAdd(u, false) === 'stop') break;
    }
    // Units that waited for their account's other ports: those ports may have joined this wave meanwhile.
    if (!oversized) for (const u of waitingForPorts.splice(0)) if (!chosen.has(u) && tryAdd(u, false) === 'stop') break;
    // Nothing else can move and BTN holders still wait: a dependency cycle; release them.
    if (
      chosen.size === 0 &&
      waitingForPorts.length > 0 &&
      !candidates.some((u, i) => i >= start && !gone.has(u) && !dropped.has(u) && !u.btnAccounts.length && u.earliest <= date && !u.siteIds.some(siteBlocked))
    ) {
      for (const u of waitingForPorts.splice(0)) {
        if (tryAdd(u, true) === 'stop') break;
        if (chosen.has(u)) for (const a of u.btnAccounts) btnEarly.push({ unitId: u.id, account: a });
      }
    }

    for (const u of dropped) gone.add(u);
    for (const u of chosenInOrder) gone.add(u);
    if (isPilot && chosen.size > 0) {
      // Pilot units that did not fit the pilot wave join the regular queue first.
      queue = [...remaining(pilotQueue, pilotHead), ...remaining(queue, head)];
      pilotQueue = [];
      pilotHead = 0;
      head = 0;
    }

    if (chosen.size === 0) {
      // Nothing could go on this date (lead times, holidays, waits): next day, or straight to the
      // earliest date any remaining unit is ready.
      let minEarliest: string | undefined;
      for (let i = start; i < candidates.length; i++) {
        const u = candidates[i];
        if (!gone.has(u) && (minEarliest === undefined || u.earliest < minEarliest)) minEarliest = u.earliest;
      }
      nextFrom = maxDate(addDays(date, 1), minEarliest ?? date);
      continue;
    }
    for (const u of chosen) for (const a of u.portAccounts) if (!u.btnAccounts.includes(a)) pendingPorts.set(a, (pendingPorts.get(a) ?? 0) - 1);
    waves.push({ number: waveNumber, date, units: chosenInOrder, oversizedUnitId: oversized });
    waveNumber++;
    nextFrom = addDays(date, Math.max(1, options.minDaysBetweenWaves));
  }

  for (const u of [...remaining(pilotQueue, pilotHead), ...remaining(queue, head)]) {
    unscheduled.push({ unit: u, code: 'max-waves-reached', message: `all ${options.maxWaves} waves (scheduling.maxWaves) are used` });
  }
  return { waves, unscheduled, btnEarly, horizon };
}

function capacityZeroMessage(cap: WaveCapacity): string {
  const zero = (['users', 'sites', 'numbers'] as const).filter((k) => cap[k] === 0);
  return `wave capacity for ${zero.join(' and ')} is 0 (scheduling.waveCapacity): nobody can be scheduled`;
}
