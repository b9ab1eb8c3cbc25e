/**
 * Pins and blackouts: the scheduler's rules, table-driven over synthetic units (a calendar without
 * holidays, every weekday allowed), then through buildPlan on the small tenant, with the plan's
 * invariants (everyone at most once, capacity, dates ascending) still holding.
 */
import { scheduleWaves, type ScheduleOptions, type SchedulingUnit } from '../../../shared/domain/planning/schedule-waves';
import { CutoverCalendar, createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import { blackoutLookup } from '../../../shared/domain/planning/wave-pins';
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { PlanningSettingsSchema, type Scheduling, type SiteBlackout } from '../../../shared/domain/planning-settings';
import type { Plan } from '../../../shared/domain/plan';
import { smallTenantInputs } from './support/small-tenant';

const TODAY = '2026-03-02'; // a Monday
const noHolidays = { holidayName: () => undefined };

function unit(id: string, site: string, extra: Partial<SchedulingUnit> = {}): SchedulingUnit {
  return { id, siteIds: [site], users: 1, numbers: 1, earliest: TODAY, pilot: false, portAccounts: [], btnAccounts: [], ...extra };
}

function options(extra: Partial<ScheduleOptions> & { blackouts?: SiteBlackout[] } = {}): ScheduleOptions {
  const { blackouts, ...rest } = extra;
  return {
    startDate: TODAY,
    today: TODAY,
    capacity: { users: 2, sites: 5, numbers: 5 },
    minDaysBetweenWaves: 7,
    maxWaves: 50,
    calendar: new CutoverCalendar({ weekdays: [1, 2, 3, 4, 5, 6, 7], freezes: [] }, noHolidays),
    siteLocation: () => ({}),
    horizonDays: 400,
    siteBlackout: blackoutLookup(blackouts ?? []),
    ...rest,
  };
}

/** unit id -> wave number */
function placement(units: SchedulingUnit[], o: ScheduleOptions): Record<string, number> {
  const r = scheduleWaves(units, o);
  return Object.fromEntries(r.waves.flatMap((w) => w.units.map((u) => [u.id, w.number])));
}

describe('scheduleWaves: pins and blackouts', () => {
  const cases: {
    name: string;
    units: SchedulingUnit[];
    opts?: Partial<ScheduleOptions> & { blackouts?: SiteBlackout[] };
    expected: Record<string, number>;
    missed?: { id: string; pinnedWave: number; reason: RegExp }[];
  }[] = [
    {
      name: 'no pins: priority order, two a wave',
      units: [unit('a', 's1'), unit('b', 's1'), unit('c', 's2'), unit('d', 's2')],
      expected: { a: 1, b: 1, c: 2, d: 2 },
    },
    {
      name: 'a unit pinned to a later wave waits for it, the others move up',
      units: [unit('a', 's1', { pinnedWave: 2 }), unit('b', 's1'), unit('c', 's2'), unit('d', 's2')],
      expected: { b: 1, c: 1, a: 2, d: 2 },
    },
    {
      name: 'a unit pinned to wave 1 goes before units ranked ahead of it',
      units: [unit('a', 's1'), unit('b', 's1'), unit('c', 's2', { pinnedWave: 1 })],
      expected: { c: 1, a: 1, b: 2 },
    },
    {
      name: 'more pinned units than capacity: the rest miss the wave, reported, and go first in the next',
      units: [unit('a', 's1', { pinnedWave: 1 }), unit('b', 's1', { pinnedWave: 1 }), unit('c', 's1', { pinnedWave: 1 }), unit('d', 's2')],
      expected: { a: 1, b: 1, c: 2, d: 2 },
      missed: [{ id: 'c', pinnedWave: 1, reason: /the wave is full \(at most 2 users/ }],
    },
    {
      name: 'a pinned unit whose lead time is after the wave date misses it, with the lead time named',
      units: [unit('a', 's1'), unit('b', 's2', { pinnedWave: 1, earliest: '2026-03-20', earliestReason: 'port lead time 18 days' })],
      expected: { a: 1, b: 2 },
      missed: [{ id: 'b', pinnedWave: 1, reason: /earliest possible cutover 2026-03-20 \(port lead time 18 days\) is after the wave's date 2026-03-02/ }],
    },
    {
      name: 'a pin to a wave nobody else needs: it moves in the next wave there is, reported',
      units: [unit('a', 's1'), unit('b', 's1', { pinnedWave: 9 })],
      expected: { a: 1, b: 2 },
      missed: [{ id: 'b', pinnedWave: 9, reason: /needs only 1 wave for everyone else, so it moves in wave 2/ }],
    },
    {
      name: 'a blackout keeps a site out of the range: its units wait, others go',
      units: [unit('a', 's1'), unit('b', 's2'), unit('c', 's2')],
      opts: { blackouts: [{ siteId: 's1', from: '2026-03-01', to: '2026-03-10', reason: 'merger' }] },
      // 2026-03-02 wave 1 (b, c); s1 is out until the 10th: wave 2 on 2026-03-11 at the earliest
      expected: { b: 1, c: 1, a: 2 },
    },
    {
      name: 'a pin into a blackout: not honoured, the blackout named',
      units: [unit('a', 's1', { pinnedWave: 1 }), unit('b', 's2')],
      opts: { blackouts: [{ siteId: 's1', from: '2026-03-01', to: '2026-03-05', reason: 'trading peak' }] },
      expected: { b: 1, a: 2 },
      missed: [{ id: 'a', pinnedWave: 1, reason: /s1: kept out of 2026-03-01 to 2026-03-05 \(trading peak\) on the wave's date 2026-03-02/ }],
    },
    {
      name: 'a pilot unit and a pin to wave 1 with a pilot wave 0',
      units: [unit('p', 's1', { pilot: true }), unit('a', 's1'), unit('b', 's2', { pinnedWave: 1 })],
      expected: { p: 0, b: 1, a: 1 },
    },
  ];

  it.each(cases)('$name', ({ units, opts, expected, missed }) => {
    const o = options(opts);
    const r = scheduleWaves(units, o);
    expect(placement(units, o)).toEqual(expected);
    expect(r.unscheduled).toEqual([]);
    expect(r.pinsMissed.map((m) => ({ id: m.unit.id, pinnedWave: m.pinnedWave }))).toEqual((missed ?? []).map(({ id, pinnedWave }) => ({ id, pinnedWave })));
    for (const [i, m] of (missed ?? []).entries()) expect(r.pinsMissed[i].reason).toMatch(m.reason);
    // Invariants: each unit once, waves numbered without gaps, dates ascending and min days apart.
    const ids = r.waves.flatMap((w) => w.units.map((u) => u.id));
    expect(new Set(ids).size).toBe(ids.length);
    r.waves.forEach((w, i) => {
      if (i > 0) {
        expect(w.number).toBe(r.waves[i - 1].number + 1);
        expect(w.date > r.waves[i - 1].date).toBe(true);
      }
    });
  });

  it('blackout dates are never used for the site', () => {
    const units = [unit('a', 's1'), unit('b', 's1'), unit('c', 's1')];
    const o = options({ capacity: { users: 1, sites: 5, numbers: 5 }, minDaysBetweenWaves: 1, blackouts: [{ siteId: 's1', from: '2026-03-03', to: '2026-03-08' }] });
    const r = scheduleWaves(units, o);
    expect(r.waves.map((w) => w.date)).toEqual(['2026-03-02', '2026-03-09', '2026-03-10']);
  });

  it('only pinned units left, pinned beyond the end: bounded, never a hang', () => {
    const units = Array.from({ length: 30 }, (_, i) => unit(`u${i}`, 's1', { pinnedWave: 100 + i }));
    const r = scheduleWaves(units, options({ capacity: { users: 50, sites: 5, numbers: 50 } }));
    expect(r.waves.flatMap((w) => w.units)).toHaveLength(30);
    expect(r.pinsMissed).toHaveLength(30);
  });
});

describe('settings schema: scheduling', () => {
  const base = { scheduling: { startDate: '2026-03-02' } };
  it.each([
    ['19:00', true],
    ['00:00', true],
    ['23:59', true],
    ['24:00', false],
    ['25:99', false],
    ['7:00', false],
    ['19:60', false],
  ])('cutoverTime %s valid: %s', (cutoverTime, ok) => {
    const r = PlanningSettingsSchema.safeParse({ scheduling: { ...base.scheduling, cutoverTime } });
    expect(r.success).toBe(ok);
    if (!r.success) expect(r.error.issues[0].path).toEqual(['scheduling', 'cutoverTime']);
  });

  it('a pin names exactly one of site and group; a blackout ends after it starts', () => {
    const bad = PlanningSettingsSchema.safeParse({
      scheduling: { ...base.scheduling, pins: [{ wave: 1 }, { siteId: 'a', groupId: 'g', wave: 1 }], blackouts: [{ siteId: 'a', from: '2026-05-02', to: '2026-05-01' }] },
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['scheduling.pins.0.siteId', 'scheduling.pins.1.siteId', 'scheduling.blackouts.0.to']);
    const good = PlanningSettingsSchema.parse({ scheduling: { ...base.scheduling, pins: [{ siteId: 'a', wave: 2 }, { groupId: 'g', wave: 0 }] } });
    expect(good.scheduling!.pins).toHaveLength(2);
    // Settings without pins stay without them: stored documents and plans are unchanged.
    expect(PlanningSettingsSchema.parse(base).scheduling).not.toHaveProperty('pins');
  });
});

describe('buildPlan with pins (small tenant)', () => {
  const holidays = createHolidayLookup();
  function planWith(patch: Partial<Scheduling>): Plan {
    const input: BuildPlanInput = smallTenantInputs();
    input.settings = { ...input.settings, scheduling: { ...input.settings.scheduling!, ...patch } };
    input.holidays = holidays;
    return buildPlan(input);
  }
  const waveOf = (plan: Plan, personId: string) => plan.waves.find((w) => w.members.some((m) => m.personId === personId))?.number;

  function invariants(plan: Plan, capacity = 2) {
    const ids = plan.waves.flatMap((w) => w.members.map((m) => m.personId));
    expect(new Set(ids).size).toBe(ids.length);
    for (const w of plan.waves) if (!plan.unmet.some((u) => u.code === 'group-exceeds-wave-capacity' && u.waveNumber === w.number)) expect(w.members.length).toBeLessThanOrEqual(capacity);
    for (let i = 1; i < plan.waves.length; i++) expect(plan.waves[i].date > plan.waves[i - 1].date).toBe(true);
  }

  it('a site pinned to a later wave moves there; what does not fit is reported with where it went', () => {
    const before = planWith({});
    expect(waveOf(before, 'alice')).toBe(0);
    expect(waveOf(before, 'dave')).toBe(1);
    const plan = planWith({ pins: [{ siteId: 'seattle', wave: 3, reason: 'after the works council' }] });
    invariants(plan);
    // The pin outranks the pilot list: alice and bob (one group) fill wave 3, dave and erin do not fit.
    expect(waveOf(plan, 'alice')).toBe(3);
    expect(waveOf(plan, 'bob')).toBe(3);
    expect(waveOf(plan, 'dave')).toBe(4);
    const missed = plan.unmet.filter((u) => u.code === 'pin-not-honoured');
    expect(missed).toHaveLength(1);
    expect(missed[0].personIds).toEqual(['dave', 'erin']);
    expect(missed[0].waveNumber).toBe(3);
    expect(missed[0].message).toMatch(/^site Seattle pinned to wave 3 \(after the works council\): 2 people not in that wave because the wave is full .*; they move in wave 4$/);
  });

  it('a group pinned to a wave moves whole with nothing to report; a pin on an unknown site is reported', () => {
    const plan = planWith({ pins: [{ groupId: 'hunt-group:berlin-sales', wave: 3 }, { siteId: 'atlantis', wave: 2 }] });
    invariants(plan);
    expect(waveOf(plan, 'frank')).toBe(3);
    expect(waveOf(plan, 'gina')).toBe(3);
    const reported = plan.unmet.filter((u) => u.code === 'pin-not-honoured');
    expect(reported).toHaveLength(1);
    expect(reported[0].siteIds).toEqual(['atlantis']);
    expect(reported[0].message).toMatch(/site atlantis pinned to wave 2: nobody to move/);
  });

  it('a pin that cannot be honoured (lead time) says why and where they went', () => {
    const plan = planWith({ pins: [{ groupId: 'hunt-group:berlin-sales', wave: 1 }] });
    invariants(plan);
    const missed = plan.unmet.filter((u) => u.code === 'pin-not-honoured');
    expect(missed).toHaveLength(1);
    expect(missed[0].personIds).toEqual(['frank', 'gina']);
    expect(missed[0].message).toMatch(/because its earliest possible cutover 2026-02-20 \(SBC sbc-eu ready on 2026-02-20\) is after the wave's date 2026-02-19; they move in wave 2/);
  });

  it('a blackout over the wave dates keeps a site out', () => {
    const plan = planWith({ blackouts: [{ siteId: 'berlin', from: '2026-01-01', to: '2026-05-31', reason: 'office move' }] });
    invariants(plan);
    for (const w of plan.waves) if (w.siteIds.includes('berlin')) expect(w.date > '2026-05-31').toBe(true);
  });
});

describe('scheduleWaves: Shared Calling waits for the rest of its site', () => {
  it('goes with the site last unit, after units ahead of it in priority order', () => {
    const units = [unit('shared', 's1', { numbers: 0, lastAtSites: ['s1'] }), unit('a', 's1'), unit('b', 's1'), unit('c', 's2')];
    expect(placement(units, options())).toEqual({ a: 1, b: 1, c: 2, shared: 2 });
  });

  it('a pin does not take it ahead of the rest of its site: both go once the rest is ready', () => {
    const units = [unit('shared', 's1', { numbers: 0, lastAtSites: ['s1'], pinnedWave: 1 }), unit('a', 's1', { earliest: '2026-03-20' })];
    const o = options();
    const r = scheduleWaves(units, o);
    expect(Object.fromEntries(r.waves.flatMap((w) => w.units.map((u) => [u.id, w.number])))).toEqual({ a: 1, shared: 1 });
    expect(r.waves[0].date >= '2026-03-20').toBe(true);
  });

  it('waits as long as anybody of its site is left, without holding other sites', () => {
    const units = [unit('shared', 's1', { numbers: 0, lastAtSites: ['s1'] }), unit('late', 's1', { earliest: '2099-01-01' }), unit('c', 's2')];
    const r = scheduleWaves(units, options());
    expect(r.waves.flatMap((w) => w.units.map((u) => u.id))).toContain('c');
    expect(r.unscheduled.map((u) => u.unit.id).sort()).toEqual(['late', 'shared']);
  });

  it("goes with its site's BTN holder when each waits for the other (it ports from the BTN's account), not a wave apart", () => {
    const units = [
      unit('btn', 's1', { portAccounts: ['A'], btnAccounts: ['A'] }),
      unit('shared', 's1', { users: 1, numbers: 1, portAccounts: ['A'], lastAtSites: ['s1'] }),
      unit('c', 's2'),
      unit('d', 's2'),
      unit('e', 's3'),
    ];
    expect(placement(units, options({ capacity: { users: 3, sites: 5, numbers: 5 } }))).toEqual({ btn: 1, shared: 1, c: 1, d: 2, e: 2 });
  });

  it('goes when the units it waited for were dropped (a zero capacity never holds it)', () => {
    const units = [unit('shared', 's1', { numbers: 0, lastAtSites: ['s1'] }), unit('numbered', 's1')];
    const r = scheduleWaves(units, options({ capacity: { users: 2, sites: 5, numbers: 0 } }));
    expect(r.waves.flatMap((w) => w.units.map((u) => u.id))).toEqual(['shared']);
    expect(r.unscheduled.map((u) => [u.unit.id, u.code])).toEqual([['numbered', 'wave-capacity-zero']]);
  });
});
