/**
 * Wave scheduling: a greedy pass over units (a person, or a migration group that never splits) in
 * site-priority order. Each wave takes the next allowed date and fills up to the capacity with the
 * units that are ready by then (lead times) and have no public holiday at their sites on that day.
 * Every loop is bounded (maxWaves and a date horizon), so impossible settings end in `unscheduled`
 * entries with a reason, never in a hang.
 *
 * Pins: a unit the admin pinned to wave N waits for wave N and is offered that wave first, before
 * the units in priority order. A pin that cannot be honoured on that wave's date (lead time, a holiday
 * or blackout at its site, capacity, the BTN ordering) is reported with the reason and the unit then
 * goes first in the following waves. Pins to waves the plan does not need (everyone else moved earlier)
 * move in the next wave there is, reported too. Blackouts keep a site out of date ranges like holidays.
 *
 * Two kinds of unit wait for others: the holder of a carrier account's BTN waits for the account's other
 * ports, and Shared Calling people wait for the rest of their site (its main number moves last). When
 * nothing else can move, the waiting units go anyway, and the plan reports it.
 */
import type { CutoverCalendar } from './cutover-calendar';
import { addDays, maxDate } from './plan-dates';
import { counted } from '../counted';

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
  /** The wave the admin pinned this unit to (0 = the pilot: such units come with `pilot` set). */
  pinnedWave?: number;
  /**
   * Sites whose main number this unit's Shared Calling people call out as: the number moves with the
   * site's last people, so the unit waits until the site's other units move (or move in the same wave).
   */
  lastAtSites?: string[];
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
  /** A site's name for messages (ids otherwise). */
  siteName?: (siteId: string) => string;
  /** Why a site must not cut over on a date (an admin's blackout range), or undefined. */
  siteBlackout?: (siteId: string, date: string) => string | undefined;
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
  /** Pinned units that did not cut over in their wave: the wave they moved in (if any) and why. */
  pinsMissed: PinMiss[];
}

export interface PinMiss {
  unit: SchedulingUnit;
  pinnedWave: number;
  reason: string;
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
  const beyondHorizon = (u: SchedulingUnit): UnscheduledUnit => ({
    unit: u,
    code: 'lead-time-beyond-horizon',
    message: `earliest possible cutover ${u.earliest}${u.earliestReason ? ` (${u.earliestReason})` : ''} is after the planning horizon ${horizon}`,
  });
  const waves: ScheduledWave[] = [];
  const unscheduled: UnscheduledUnit[] = [];
  const btnEarly: { unitId: string; account: string }[] = [];
  const pinsMissed: PinMiss[] = [];

  // Units that port numbers of an account, per account, excluding the units holding that account's BTN.
  const pendingPorts = new Map<string, number>();
  for (const u of units) {
    for (const acct of u.portAccounts) {
      if (!u.btnAccounts.includes(acct)) pendingPorts.set(acct, (pendingPorts.get(acct) ?? 0) + 1);
    }
  }

  // Units at a site that do not wait for it, per site: Shared Calling units wait until none is left.
  const pendingAtSite = new Map<string, number>();
  for (const u of units) for (const s of u.siteIds) if (!u.lastAtSites?.includes(s)) pendingAtSite.set(s, (pendingAtSite.get(s) ?? 0) + 1);
  const leaveSites = (u: SchedulingUnit) => {
    for (const s of u.siteIds) if (!u.lastAtSites?.includes(s)) pendingAtSite.set(s, (pendingAtSite.get(s) ?? 0) - 1);
  };

  // Shared Calling units, and the BTN holders of each site: a pair waiting on each other is offered a wave
  // before the queue fills it (each would otherwise wait until nothing else is left).
  const sharing = units.filter((u) => u.lastAtSites && !u.pilot && u.pinnedWave === undefined);
  const btnHoldersAt = new Map<string, SchedulingUnit[]>();
  for (const u of units) if (u.btnAccounts.length) for (const s of u.siteIds) (btnHoldersAt.get(s) ?? btnHoldersAt.set(s, []).get(s)!).push(u);

  let pilotQueue = units.filter((u) => u.pilot);
  // Units pinned to a regular wave wait for it outside the queue; `overdue` ones missed theirs.
  const pinnedByWave = new Map<number, SchedulingUnit[]>();
  for (const u of units) {
    if (u.pilot || u.pinnedWave === undefined) continue;
    let l = pinnedByWave.get(u.pinnedWave);
    if (!l) pinnedByWave.set(u.pinnedWave, (l = []));
    l.push(u);
  }
  let overdue: SchedulingUnit[] = [];
  let queue = units.filter((u) => !u.pilot && u.pinnedWave === undefined);
  // Scheduled or dropped units stay in the arrays (no per-wave rebuild); `head` skips the done prefix.
  const gone = new Set<SchedulingUnit>();
  let head = 0;
  let pilotHead = 0;
  let nextFrom = floor;
  let waveNumber = pilotQueue.length > 0 ? 0 : 1;

  const remaining = (list: SchedulingUnit[], from: number) => list.slice(from).filter((u) => !gone.has(u));
  const waitingPinned = (): SchedulingUnit[] => [...overdue, ...[...pinnedByWave.keys()].sort((a, b) => a - b).flatMap((k) => pinnedByWave.get(k)!)].filter((u) => !gone.has(u));
  for (;;) {
    while (pilotHead < pilotQueue.length && gone.has(pilotQueue[pilotHead])) pilotHead++;
    while (head < queue.length && gone.has(queue[head])) head++;
    if (waves.length >= options.maxWaves) break;
    if (pilotHead >= pilotQueue.length && head >= queue.length) {
      if (overdue.length === 0 && pinnedByWave.size === 0) break;
      // Only pinned units are left, pinned to waves after this one: nobody else needs those waves.
      const current = Math.max(waveNumber, 1);
      if (overdue.length === 0 && !pinnedByWave.has(current)) {
        const later = Math.min(...pinnedByWave.keys());
        for (const u of pinnedByWave.get(later)!) {
          pinsMissed.push({ unit: u, pinnedWave: later, reason: `the plan needs only ${counted(current - 1, 'wave')} for everyone else, so it moves in wave ${current}` });
          overdue.push(u);
        }
        pinnedByWave.delete(later);
      }
    }
    const isPilot = pilotHead < pilotQueue.length;
    if (!isPilot && waveNumber === 0) waveNumber = 1;
    const candidates = isPilot ? pilotQueue : queue;
    const start = isPilot ? pilotHead : head;
    const from = nextFrom;
    const date = from > horizon ? undefined : calendar.nextGlobalDate(from, horizon);
    if (!date) {
      for (const u of [...remaining(pilotQueue, pilotHead), ...waitingPinned(), ...remaining(queue, head)]) {
        if (u.earliest > horizon) {
          unscheduled.push(beyondHorizon(u));
        } else {
          unscheduled.push({ unit: u, code: 'no-cutover-date', message: calendar.explainNoDate(nextFrom, horizon) });
        }
      }
      for (const u of [...pilotQueue, ...queue, ...waitingPinned()]) gone.add(u);
      overdue = [];
      pinnedByWave.clear();
      break;
    }

    // Why a site cannot cut over on this date (a public holiday, a blackout), '' when it can.
    const holidayAt = new Map<string, string>();
    const siteBlockReason = (siteId: string): string => {
      let b = holidayAt.get(siteId);
      if (b === undefined) {
        const loc = options.siteLocation(siteId);
        b = calendar.siteReason(date, loc.countryCode, loc.region) ?? options.siteBlackout?.(siteId, date) ?? '';
        holidayAt.set(siteId, b);
      }
      return b;
    };
    const siteBlocked = (siteId: string): boolean => siteBlockReason(siteId) !== '';

    const chosen = new Set<SchedulingUnit>();
    const chosenInOrder: SchedulingUnit[] = [];
    const sites = new Set<string>();
    let users = 0;
    let numbers = 0;
    let oversized: string | undefined;
    const waitingForPorts: SchedulingUnit[] = [];
    // Units waiting for the rest of their site: not ready on any date until those go.
    const waitingForSite = new Set<SchedulingUnit>();
    const dropped = new Set<SchedulingUnit>();
    const portsInWave = new Map<string, number>();
    const siteUnitsInWave = new Map<string, number>();

    const add = (u: SchedulingUnit): void => {
      chosen.add(u);
      chosenInOrder.push(u);
      users += u.users;
      numbers += u.numbers;
      for (const s of u.siteIds) sites.add(s);
      for (const a of u.portAccounts) if (!u.btnAccounts.includes(a)) portsInWave.set(a, (portsInWave.get(a) ?? 0) + 1);
      for (const s of u.siteIds) if (!u.lastAtSites?.includes(s)) siteUnitsInWave.set(s, (siteUnitsInWave.get(s) ?? 0) + 1);
    };
    const waitsForPorts = (u: SchedulingUnit): boolean =>
      u.btnAccounts.some((a) => (pendingPorts.get(a) ?? 0) - (portsInWave.get(a) ?? 0) > 0);
    const waitsForSites = (u: SchedulingUnit): boolean =>
      !!u.lastAtSites?.some((s) => (pendingAtSite.get(s) ?? 0) - (siteUnitsInWave.get(s) ?? 0) > 0);
    /**
     * The largest set of `waiting` units that wait only on each other: were they all to join this wave,
     * none would still wait. Units that would are left out, round by round, until none is.
     */
    const waitingOnEachOther = (waiting: readonly SchedulingUnit[]): SchedulingUnit[] => {
      let group = [...new Set(waiting)];
      for (let before = -1; group.length !== before; ) {
        before = group.length;
        const ports = new Map(portsInWave);
        const atSite = new Map(siteUnitsInWave);
        for (const u of group) {
          for (const a of u.portAccounts) if (!u.btnAccounts.includes(a)) ports.set(a, (ports.get(a) ?? 0) + 1);
          for (const s of u.siteIds) if (!u.lastAtSites?.includes(s)) atSite.set(s, (atSite.get(s) ?? 0) + 1);
        }
        group = group.filter(
          (u) => !u.btnAccounts.some((a) => (pendingPorts.get(a) ?? 0) - (ports.get(a) ?? 0) > 0) && !u.lastAtSites?.some((s) => (pendingAtSite.get(s) ?? 0) - (atSite.get(s) ?? 0) > 0),
        );
      }
      return group;
    };

    // Why the last unit tried was skipped: only turned into words for pinned units.
    let skipped: 'lead' | 'site' | 'ports' | 'last' | 'full' | 'never' | undefined;
    const tryAdd = (u: SchedulingUnit, ignorePorts: boolean): 'added' | 'skip' | 'stop' => {
      skipped = undefined;
      if (u.earliest > date) {
        skipped = 'lead';
        return 'skip';
      }
      if (u.siteIds.some(siteBlocked)) {
        skipped = 'site';
        return 'skip';
      }
      if (!ignorePorts && u.btnAccounts.length > 0 && waitsForPorts(u)) {
        waitingForPorts.push(u);
        skipped = 'ports';
        return 'skip';
      }
      if (!ignorePorts && u.lastAtSites && waitsForSites(u)) {
        waitingForPorts.push(u);
        waitingForSite.add(u);
        skipped = 'last';
        return 'skip';
      }
      const fit = capacityFit(capacity, users, sites, numbers, u, chosen.size === 0);
      if (fit === 'never') {
        dropped.add(u);
        for (const a of u.portAccounts) if (!u.btnAccounts.includes(a)) pendingPorts.set(a, (pendingPorts.get(a) ?? 0) - 1);
        leaveSites(u);
        unscheduled.push({ unit: u, code: 'wave-capacity-zero', message: capacityZeroMessage(capacity) });
        skipped = 'never';
        return 'skip';
      }
      if (fit === 'oversized') {
        add(u);
        oversized = u.id;
        return 'stop';
      }
      if (fit === 'full') {
        skipped = 'full';
        return users >= capacity.users ? 'stop' : 'skip';
      }
      add(u);
      return 'added';
    };
    const missReason = (u: SchedulingUnit): string => {
      switch (skipped) {
        case 'lead':
          return `its earliest possible cutover ${u.earliest}${u.earliestReason ? ` (${u.earliestReason})` : ''} is after the wave's date ${date}`;
        case 'site':
          return `${u.siteIds.filter(siteBlocked).map((s) => `${s ? (options.siteName?.(s) ?? s) : '(no site)'}: ${siteBlockReason(s)}`).join('; ')} on the wave's date ${date}`;
        case 'ports':
          return `it holds the BTN of carrier account ${u.btnAccounts.join(', ')}, whose other numbers port in a later wave`;
        case 'last':
          return `its Shared Calling people call out as the main number of ${(u.lastAtSites ?? []).map((s) => options.siteName?.(s) ?? s).join(', ')}, which moves with the site's last people, in a later wave`;
        case 'never':
          return capacityZeroMessage(capacity);
        default:
          return `the wave is full (at most ${capacity.users} users, ${capacity.sites} sites and ${capacity.numbers} numbers a wave; pinned units go first)`;
      }
    };

    // Units pinned to this wave go first, then those that missed their wave, then the queue.
    const pinnedHere = isPilot ? [] : (pinnedByWave.get(waveNumber) ?? []).filter((u) => !gone.has(u));
    const whyMissed = new Map<SchedulingUnit, string>();
    let stopped = false;
    const pinnedHereSet = new Set(pinnedHere);
    for (const u of [...pinnedHere, ...overdue]) {
      if (gone.has(u)) continue;
      const r = tryAdd(u, false);
      if (!chosen.has(u) && pinnedHereSet.has(u) && !dropped.has(u)) whyMissed.set(u, missReason(u));
      if (r === 'stop') {
        stopped = true;
        break;
      }
    }
    if (stopped) {
      // The wave filled up before the rest of its pinned units were tried.
      skipped = 'full';
      for (const u of pinnedHere) if (!chosen.has(u) && !whyMissed.has(u) && !dropped.has(u)) whyMissed.set(u, missReason(u));
    }
    if (!isPilot && !stopped) {
      for (const u of sharing) {
        if (gone.has(u) || chosen.has(u) || dropped.has(u) || u.earliest > date || u.siteIds.some(siteBlocked) || !waitsForSites(u)) continue;
        const holders = u.lastAtSites!.flatMap((s) => btnHoldersAt.get(s) ?? []).filter((h) => !gone.has(h) && !chosen.has(h) && h.earliest <= date && !h.siteIds.some(siteBlocked));
        const together = waitingOnEachOther([u, ...holders]);
        if (!together.includes(u)) continue;
        for (const g of together) {
          if (tryAdd(g, true) === 'stop') {
            stopped = true;
            break;
          }
        }
        if (stopped) break;
      }
    }
    for (let i = start; i < candidates.length && !stopped; i++) {
      const u = candidates[i];
      if (gone.has(u) || chosen.has(u)) continue;
      if (tryAdd(u, false) === 'stop') break;
    }
    // Units that waited for their account's other ports or their site's other people: those may have joined
    // this wave meanwhile, or one waiting unit joining may free another; tried again until none joins.
    for (let joined = true, full = false; joined && !full && !oversized; ) {
      joined = false;
      for (const u of waitingForPorts.splice(0)) {
        if (chosen.has(u) || full) continue;
        if (tryAdd(u, false) === 'stop') full = true;
        if (chosen.has(u)) joined = true;
      }
    }
    // Units left waiting only for each other (a BTN holder, and the Shared Calling people of its site who
    // port from its account) go together; the others go on waiting.
    if (!oversized && waitingForPorts.length > 1) {
      const together = new Set(waitingOnEachOther(waitingForPorts));
      if (together.size) {
        const still = waitingForPorts.splice(0).filter((u) => !together.has(u));
        for (const u of together) if (!chosen.has(u) && tryAdd(u, true) === 'stop') break;
        for (const u of together) if (!chosen.has(u)) still.push(u);
        waitingForPorts.push(...still);
      }
    }
    // Nothing else can move and units still wait: a dependency cycle; release them. A BTN holder goes when
    // nothing else can go on this date; a Shared Calling unit only once nobody is left to wait for.
    if (
      chosen.size === 0 &&
      waitingForPorts.length > 0 &&
      !candidates.some((u, i) => i >= start && !gone.has(u) && !dropped.has(u) && !u.btnAccounts.length && !u.lastAtSites && u.earliest <= date && !u.siteIds.some(siteBlocked))
    ) {
      const othersLeft = candidates.some((u, i) => i >= start && !gone.has(u) && !dropped.has(u) && !u.lastAtSites) || waitingPinned().some((u) => !dropped.has(u) && !u.lastAtSites);
      for (const u of waitingForPorts.splice(0)) {
        if (othersLeft && !u.btnAccounts.length && waitsForSites(u)) continue;
        if (tryAdd(u, true) === 'stop') break;
        if (chosen.has(u)) for (const a of u.btnAccounts) btnEarly.push({ unitId: u.id, account: a });
      }
    }

    for (const u of dropped) gone.add(u);
    for (const u of chosenInOrder) gone.add(u);
    if (isPilot && chosen.size > 0) {
      for (const u of remaining(pilotQueue, pilotHead)) {
        if (u.pinnedWave === 0) pinsMissed.push({ unit: u, pinnedWave: 0, reason: 'the pilot wave is full or the unit could not go on its date: it moves with the regular waves' });
      }
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
        if (!gone.has(u) && !waitingForSite.has(u) && (minEarliest === undefined || u.earliest < minEarliest)) minEarliest = u.earliest;
      }
      for (const u of [...pinnedHere, ...overdue]) if (!gone.has(u) && !waitingForSite.has(u) && (minEarliest === undefined || u.earliest < minEarliest)) minEarliest = u.earliest;
      if (isPilot && minEarliest !== undefined && minEarliest > horizon) {
        // No pilot unit can go within the horizon: waiting for them would leave everyone else unscheduled.
        // They are reported, any others of the pilot join the regular queue, and wave 1 is searched from
        // the same date.
        for (const u of remaining(pilotQueue, pilotHead)) {
          if (u.earliest <= horizon) continue;
          unscheduled.push(beyondHorizon(u));
          gone.add(u);
        }
        queue = [...remaining(pilotQueue, pilotHead), ...remaining(queue, head)];
        pilotQueue = [];
        pilotHead = 0;
        head = 0;
        continue;
      }
      nextFrom = maxDate(addDays(date, 1), minEarliest ?? date);
      continue;
    }
    for (const u of chosen) {
      for (const a of u.portAccounts) if (!u.btnAccounts.includes(a)) pendingPorts.set(a, (pendingPorts.get(a) ?? 0) - 1);
      leaveSites(u);
    }
    waves.push({ number: waveNumber, date, units: chosenInOrder, oversizedUnitId: oversized });
    // Pins of this wave that did not make it: reported, and first in line from the next wave on.
    overdue = overdue.filter((u) => !gone.has(u));
    for (const u of pinnedHere) {
      if (gone.has(u)) continue;
      pinsMissed.push({ unit: u, pinnedWave: waveNumber, reason: whyMissed.get(u) ?? 'it could not go on the wave\'s date' });
      overdue.push(u);
    }
    pinnedByWave.delete(waveNumber);
    waveNumber++;
    nextFrom = addDays(date, Math.max(1, options.minDaysBetweenWaves));
  }

  for (const u of [...remaining(pilotQueue, pilotHead), ...waitingPinned(), ...remaining(queue, head)]) {
    unscheduled.push({ unit: u, code: 'max-waves-reached', message: `all ${options.maxWaves} waves (scheduling.maxWaves) are used` });
  }
  return { waves, unscheduled, btnEarly, horizon, pinsMissed };
}

function capacityZeroMessage(cap: WaveCapacity): string {
  const zero = (['users', 'sites', 'numbers'] as const).filter((k) => cap[k] === 0);
  return `wave capacity for ${zero.join(' and ')} is 0 (scheduling.waveCapacity): nobody can be scheduled`;
}
