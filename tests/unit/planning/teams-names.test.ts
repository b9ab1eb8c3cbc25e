import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { fitName, MAX_DIAL_PLAN_NAME_LENGTH, MAX_TEAMS_NAME_LENGTH } from '../../../shared/domain/planning/teams-names';
import { isDialPlanName, isPolicyName } from '../../../shared/export/powershell';
import { smallTenantInputs } from './support/small-tenant';

describe('fitName', () => {
  it('keeps a name that fits', () => {
    expect(fitName('DP-seattle', MAX_DIAL_PLAN_NAME_LENGTH)).toBe('DP-seattle');
  });

  it('shortens a long name to the limit, the same way every time, and two names sharing a beginning stay apart', () => {
    const a = `DP-${'contoso-headquarters-building-25-redmond-campus-'.repeat(2)}west`;
    const b = `DP-${'contoso-headquarters-building-25-redmond-campus-'.repeat(2)}east`;
    const fa = fitName(a, MAX_DIAL_PLAN_NAME_LENGTH);
    expect(fa).toHaveLength(MAX_DIAL_PLAN_NAME_LENGTH);
    expect(fa.startsWith('DP-contoso-headquarters-building')).toBe(true);
    expect(fitName(a, MAX_DIAL_PLAN_NAME_LENGTH)).toBe(fa);
    expect(fitName(b, MAX_DIAL_PLAN_NAME_LENGTH)).not.toBe(fa);
    expect(isDialPlanName(fa)).toBe(true);
  });

  it('takes dial plan names Teams takes: letters, digits, hyphen and dot, at most 49', () => {
    expect(isDialPlanName('DP-seattle.hq')).toBe(true);
    expect(isDialPlanName(`DP-${'x'.repeat(46)}`)).toBe(true);
    for (const bad of [`DP-${'x'.repeat(47)}`, 'DP seattle', 'DP_seattle', '-DP', '']) expect(isDialPlanName(bad)).toBe(false);
  });

  it('never ends the kept part on a separator before the hash', () => {
    const name = fitName(`${'a'.repeat(56)}-----------`, MAX_TEAMS_NAME_LENGTH);
    expect(name).toMatch(/^a{56}-[0-9a-z]{7}$/);
  });
});

/** The small tenant with its two sites renamed to long slugs that share their first 60 characters. */
function longSiteNames() {
  const prefix = 'contoso-headquarters-building-25-redmond-campus-west-wing-';
  const rename: Record<string, string> = { seattle: `${prefix}seattle`, berlin: `${prefix}berlin` };
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const [head, ...rest] = v.split('/');
      return rename[head] ? [rename[head], ...rest].join('/') : v;
    }
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)]));
    return v;
  };
  return swap(smallTenantInputs()) as ReturnType<typeof smallTenantInputs>;
}

describe('plan names for long site ids', () => {
  const plan = buildPlan(longSiteNames());

  it('gives every dial plan a name Teams accepts, and people the dial plan that exists', () => {
    const names = plan.dialPlans.map((d) => d.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const name of names) expect(isDialPlanName(name)).toBe(true);
    const members = plan.waves.flatMap((w) => w.members).filter((m) => m.dialPlan);
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect(names).toContain(m.dialPlan);
  });

  it('keeps every rule and voice route name within what the runbooks accept, each distinct', () => {
    // The colliding extension 0101 gives site-code rules naming both long sites in one rule name.
    const rules = plan.dialPlans.flatMap((d) => d.rules.map((r) => r.name));
    expect(rules.length).toBeGreaterThan(2);
    expect(rules.every((r) => r.length === MAX_TEAMS_NAME_LENGTH)).toBe(true); // every one had to be shortened
    const routes = [...new Set(plan.routing.flatMap((r) => r.teamsToPbxRoutes.map((v) => v.name)))];
    expect(routes.length).toBeGreaterThan(0);
    for (const name of [...rules, ...routes]) {
      expect(name.length).toBeLessThanOrEqual(MAX_TEAMS_NAME_LENGTH);
      expect(isPolicyName(name)).toBe(true);
    }
    expect(new Set(rules).size).toBe(rules.length);
  });
});
