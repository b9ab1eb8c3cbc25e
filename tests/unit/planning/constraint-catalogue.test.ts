/**
 * The unmet constraints' catalogue: every code has its own label and fix, an unknown code (an older
 * plan's) still reads, and grouping puts the largest kind first. The planner's codes are typed by the
 * catalogue (`UnmetConstraint.code`), so a new code without an entry does not compile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { constraintFix, constraintKinds, constraintLabel, groupConstraints, PLAN_CONSTRAINTS } from '../../../shared/domain/planning/constraint-catalogue';
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import { smallTenantInputs } from './support/small-tenant';

describe('the unmet constraints catalogue', () => {
  it('gives every code a label and a fix of its own', () => {
    const codes = PLAN_CONSTRAINTS.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(PLAN_CONSTRAINTS.map((c) => c.label)).size).toBe(codes.length);
    expect(new Set(PLAN_CONSTRAINTS.map((c) => c.fix)).size).toBe(codes.length);
    for (const c of PLAN_CONSTRAINTS) {
      expect(constraintLabel(c.code)).toBe(c.label);
      expect(constraintFix(c.code)).toBe(c.fix);
      expect(c.label).not.toContain(c.code);
    }
  });

  it('lists every code the planner writes (read from its sources)', () => {
    const dir = path.join(__dirname, '../../../shared/domain/planning');
    const written = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'constraint-catalogue.ts')) {
      for (const m of fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/code: '([a-z-]+)'/g)) written.add(m[1]);
    }
    const catalogued = new Set<string>(PLAN_CONSTRAINTS.map((c) => c.code));
    // The scan also sees the readiness gates' codes the planner copies into blocked people; those are not constraints.
    const constraints = [...written].filter((c) => catalogued.has(c));
    expect(constraints.length).toBeGreaterThanOrEqual(15);
    expect([...catalogued].filter((c) => !written.has(c))).toEqual([]);
  });

  it('reads a code it does not know as the code, with the general advice', () => {
    expect(constraintLabel('retired-constraint')).toBe('retired-constraint');
    expect(constraintFix('retired-constraint')).toMatch(/plan again/);
  });

  it('groups a plan’s constraints by kind, the largest first, each in the plan’s order', () => {
    const input = smallTenantInputs();
    input.holidays = createHolidayLookup();
    input.settings = { ...input.settings, scheduling: { ...input.settings.scheduling!, waveCapacity: { users: 0, sites: 10, numbers: 10 } } };
    const plan = buildPlan(input);
    const groups = groupConstraints(plan.unmet);
    expect(groups.reduce((n, g) => n + g.items.length, 0)).toBe(plan.unmet.length);
    expect(groups.find((g) => g.code === 'wave-capacity-zero')?.label).toBe('A wave capacity of zero');

    const synthetic = groupConstraints([
      { code: 'pin-not-honoured', message: 'a' },
      { code: 'group-partly-stays-on-pbx', message: 'b' },
      { code: 'pin-not-honoured', message: 'c' },
      { code: 'btn-in-partial-port', message: 'd' },
    ]);
    expect(synthetic.map((g) => [g.code, g.items.map((i) => i.message)])).toEqual([
      ['pin-not-honoured', ['a', 'c']],
      // Equal sizes: by label.
      ['btn-in-partial-port', ['d']],
      ['group-partly-stays-on-pbx', ['b']],
    ]);
  });

  it('orders kinds by their counts, not by how many are listed, and keeps the listed ones of each', () => {
    // A stored plan's summary lists the first few of each kind and counts them all.
    const kinds = constraintKinds(
      [
        { code: 'btn-in-partial-port', count: 4 },
        { code: 'group-partly-stays-on-pbx', count: 451 },
      ],
      [
        { code: 'btn-in-partial-port', message: 'a' },
        { code: 'btn-in-partial-port', message: 'b' },
        { code: 'group-partly-stays-on-pbx', message: 'c' },
      ],
    );
    expect(kinds.map((k) => [k.code, k.count, k.items.map((i) => i.message)])).toEqual([
      ['group-partly-stays-on-pbx', 451, ['c']],
      ['btn-in-partial-port', 4, ['a', 'b']],
    ]);
    expect(kinds[0].label).toBe(constraintLabel('group-partly-stays-on-pbx'));
    expect(groupConstraints([{ code: 'pin-not-honoured', message: 'x' }])[0].count).toBe(1);
  });
});
