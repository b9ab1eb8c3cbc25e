/** Impossible settings end in a plan that names the constraint and the people, quickly: never a hang. */
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import type { Scheduling } from '../../../shared/domain/planning-settings';
import { smallTenantInputs } from './support/small-tenant';

const holidays = createHolidayLookup();

function withScheduling(patch: Partial<Scheduling>, more: (i: BuildPlanInput) => void = () => undefined): BuildPlanInput {
  const input = smallTenantInputs();
  input.settings = { ...input.settings, scheduling: { ...input.settings.scheduling!, ...patch } };
  input.holidays = holidays;
  more(input);
  return input;
}

const movers = ['alice', 'bob', 'dave', 'erin', 'frank', 'gina', 'ida'];

describe('impossible constraints', () => {
  it('capacity zero: no waves, and every mover is named under wave-capacity-zero', () => {
    const plan = buildPlan(withScheduling({ waveCapacity: { users: 0, sites: 10, numbers: 10 } }));
    expect(plan.waves).toEqual([]);
    const u = plan.unmet.filter((x) => x.code === 'wave-capacity-zero');
    expect(u).toHaveLength(1);
    expect(u[0].message).toMatch(/capacity for users is 0/);
    expect(u[0].personIds).toEqual([...movers].sort());
    for (const p of movers) expect(plan.stayingOnPbx.find((s) => s.personId === p)?.reason).toMatch(/not scheduled/);
  });

  it('a freeze covering every date: the freeze is named', () => {
    const started = Date.now();
    const plan = buildPlan(withScheduling({ changeFreezes: [{ from: '2026-01-01', to: '2035-12-31', reason: 'merger' }] }));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(plan.waves).toEqual([]);
    const u = plan.unmet.find((x) => x.code === 'no-cutover-date')!;
    expect(u.message).toMatch(/change freeze 2026-01-01\.\.2035-12-31 \(merger\)/);
    expect(u.personIds).toEqual([...movers].sort());
  });

  it('a port lead time past the decommission date: the site, the people and the lead time are named', () => {
    const plan = buildPlan(
      withScheduling({}, (i) => {
        i.settings.operators = [{ ...i.settings.operators[0], portLeadTimeDays: 120 }];
        i.settings.sites = i.settings.sites.map((s) => (s.siteId === 'seattle' ? { ...s, pbxDecommissionDate: '2026-04-01' } : s));
      }),
    );
    const u = plan.unmet.find((x) => x.code === 'decommission-date-missed')!;
    expect(u.siteIds).toEqual(['seattle']);
    expect(u.personIds).toEqual(['alice', 'bob', 'dave', 'erin']);
    expect(u.message).toMatch(/Contoso Telecom port lead time 120 days/);
    for (const w of plan.waves.filter((x) => x.siteIds.includes('seattle'))) expect(w.date >= '2026-06-02').toBe(true);
  });

  it('a group larger than the capacity moves alone, unsplit, with a note', () => {
    const plan = buildPlan(withScheduling({ waveCapacity: { users: 1, sites: 5, numbers: 5 }, pilot: { users: [], size: 0 } }));
    const waveOfAlice = plan.waves.find((w) => w.members.some((m) => m.personId === 'alice'))!;
    expect(waveOfAlice.members.map((m) => m.personId)).toEqual(['alice', 'bob']);
    expect(plan.unmet.find((u) => u.code === 'group-exceeds-wave-capacity' && u.waveNumber === waveOfAlice.number)?.personIds).toEqual(['alice', 'bob']);
  });

  it('no allowed weekday but Sunday, and maxWaves 1: one wave on a Sunday, the rest named under max-waves-reached', () => {
    const plan = buildPlan(withScheduling({ cutoverWeekdays: [7], maxWaves: 1 }));
    expect(plan.waves).toHaveLength(1);
    expect(plan.unmet.find((u) => u.code === 'max-waves-reached')?.personIds?.length).toBe(movers.length - plan.waves[0].members.length);
  });

  it('a pilot whose lead time ends after the horizon: the pilot is named, and the other sites still move', () => {
    // alice (Seattle, Operator Connect) is the pilot: a port lead time past the horizon holds Seattle only.
    const plan = buildPlan(withScheduling({}, (i) => (i.settings.operators = [{ ...i.settings.operators[0], portLeadTimeDays: 2000 }])));
    expect(plan.waves.map((w) => w.number)).toEqual([1, 2]);
    expect(plan.waves.flatMap((w) => w.members.map((m) => m.personId)).sort()).toEqual(['frank', 'gina', 'ida']);
    const u = plan.unmet.find((x) => x.code === 'lead-time-beyond-horizon')!;
    expect(u.personIds).toEqual(['alice', 'bob', 'dave', 'erin']);
    expect(u.message).toMatch(/Contoso Telecom port lead time 2000 days/);
    expect(plan.unmet.some((x) => x.code === 'no-cutover-date')).toBe(false);
  });

  it('an SBC ready date beyond the horizon: the lead time is named', () => {
    const plan = buildPlan(withScheduling({}, (i) => (i.settings.sbcs = [{ ...i.settings.sbcs[0], readyDate: '2035-01-01' }])));
    const u = plan.unmet.find((x) => x.code === 'lead-time-beyond-horizon')!;
    expect(u.personIds).toEqual(['frank', 'gina', 'ida']);
    expect(u.message).toMatch(/SBC sbc-eu ready on 2035-01-01/);
  });
});
