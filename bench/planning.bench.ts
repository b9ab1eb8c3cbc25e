/**
 * Planning at scale: schedule + number-block splits + coexistence routing (+ dial plans) for
 * synthetic tenants of 10k and 100k users (2,000 sites and 2,000 DID blocks at 100k). Inputs are
 * generated in setup; the floor is sorting the members by site and date once, the least any
 * scheduler must do. Compare the 10k and 100k cases for linearity. The floor and the 100k plan run
 * in three alternated rounds and report their median run (the notes list every round).
 */
import { defineBench } from './harness';
import { buildPlan, type BuildPlanInput } from '../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../shared/domain/planning/cutover-calendar';
import { serializePlan } from '../shared/domain/planning/serialize-plan';
import { syntheticPlanInputs } from './support/synthetic-plan-inputs';

function inputs(sites: number, usersPerSite: number): BuildPlanInput {
  const input = syntheticPlanInputs(sites, usersPerSite, { changeFreezes: [{ from: '2026-12-15', to: '2027-01-05', reason: 'year end' }] });
  // Warm the holiday cache outside the clock: it is per country/region/year and shared by every build.
  const holidays = createHolidayLookup();
  buildPlan({ ...input, holidays, snapshot: { ...input.snapshot, people: input.snapshot.people.slice(0, 50) } });
  return { ...input, holidays };
}

/** Every tenth site pinned to a wave (1-20), every twentieth kept out of a month: pins must not cost more than they place. */
function withPins(input: BuildPlanInput): BuildPlanInput {
  const sites = [...new Set(input.snapshot.people.map((p) => p.siteId ?? ''))].filter(Boolean).sort();
  const pins = sites.filter((_s, i) => i % 10 === 0).map((siteId, i) => ({ siteId, wave: 1 + (i % 20) }));
  const blackouts = sites.filter((_s, i) => i % 20 === 5).map((siteId) => ({ siteId, from: '2026-02-01', to: '2026-02-28', reason: 'bench' }));
  return { ...input, settings: { ...input.settings, scheduling: { ...input.settings.scheduling!, pins, blackouts } } };
}

/** CPU seconds next to wall time: on a shared, overloaded machine wall time mostly measures the queue. */
function planCase(input: BuildPlanInput): Record<string, number | string> {
  const cpu0 = process.cpuUsage();
  const plan = buildPlan(input);
  const cpu = process.cpuUsage(cpu0);
  const members = plan.waves.reduce((n, w) => n + w.members.length, 0);
  return {
    waves: plan.waves.length,
    members,
    blocked: plan.blocked.length,
    staying: plan.stayingOnPbx.length,
    portOrders: plan.portOrders.length,
    uploadOrders: plan.uploadOrders.length,
    sbcRules: plan.routing.reduce((n, r) => n + r.sbcRules.length, 0),
    dialPlans: plan.dialPlans.length,
    unmet: plan.unmet.length,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
  };
}

export default defineBench({
  name: 'planning',
  cases: [
    {
      id: 'floor-sort-100k',
      label: 'floor: sort 100k members by site and date',
      size: '100k users',
      rounds: 3,
      setup: () => inputs(2000, 50),
      run: (input: BuildPlanInput) => {
        const dates = ['2026-02-03', '2026-02-10', '2026-02-17'];
        const rows = input.snapshot.people.map((p, i) => ({ site: p.siteId ?? '', date: dates[i % 3], id: p.id }));
        rows.sort((a, b) => (a.site < b.site ? -1 : a.site > b.site ? 1 : a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
        return { rows: rows.length };
      },
    },
    {
      id: 'plan-10k',
      label: 'schedule + splits + routing, 10k users / 200 sites',
      size: '10k users',
      setup: () => inputs(200, 50),
      run: planCase,
      floor: 'floor-sort-100k',
    },
    {
      id: 'plan-100k',
      label: 'schedule + splits + routing, 100k users / 2,000 sites / 2,000 blocks',
      size: '100k users',
      setup: () => inputs(2000, 50),
      run: planCase,
      floor: 'floor-sort-100k',
      targets: { maxSeconds: 3, maxRssMb: 1024 },
      rounds: 3,
    },
    {
      id: 'plan-100k-pins',
      label: 'the same with 200 sites pinned to waves and 100 site blackouts',
      size: '100k users',
      setup: () => withPins(inputs(2000, 50)),
      run: planCase,
      floor: 'floor-sort-100k',
      targets: { maxSeconds: 3, maxRssMb: 1024 },
      rounds: 3,
    },
    {
      id: 'plan-100k-serialized',
      label: 'plan + canonical JSON, 100k users',
      size: '100k users',
      setup: () => inputs(2000, 50),
      run: (input: BuildPlanInput) => ({ bytes: serializePlan(buildPlan(input)).length }),
      floor: 'floor-sort-100k',
    },
  ],
});
