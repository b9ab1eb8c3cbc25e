/**
 * A port freeze on a carrier account (a local service freeze, port-out protection): the carrier rejects
 * port requests until the customer has it lifted, so the account's people wait for the lift as well as
 * the port, and the account's first port orders say by when to ask for it.
 */
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { CARRIER_FREEZE_LIFT_DAYS } from '../../../shared/domain/port-lead-times';
import { SMALL_TODAY, smallTenantInputs } from './support/small-tenant';

const holidays = createHolidayLookup();

/** The small tenant with Seattle's main carrier account (A-100, Operator Connect, 10-day lead) frozen. */
function seattleFrozen(): BuildPlanInput {
  const input = smallTenantInputs();
  input.holidays = holidays;
  input.inventory!.blocks = input.inventory!.blocks.map((b) => (b.accountNumber === 'A-100' ? { ...b, portFreeze: true } : b));
  return input;
}

const onA100 = ['alice', 'bob', 'dave'];

describe('a port freeze on a carrier account', () => {
  it('holds the account\'s people back by the lift as well as the port lead time', () => {
    const plan = buildPlan(seattleFrozen());
    const earliest = addDays(SMALL_TODAY, 10 + CARRIER_FREEZE_LIFT_DAYS);
    const waves = plan.waves.filter((w) => w.members.some((m) => onA100.includes(m.personId)));
    expect(waves.length).toBeGreaterThan(0);
    for (const w of waves) expect(w.date >= earliest).toBe(true);
    // Before the freeze the pilot (alice) went in the first wave after the 10-day lead.
    const unfrozen = buildPlan({ ...smallTenantInputs(), holidays });
    expect(unfrozen.waves.find((w) => w.members.some((m) => m.personId === 'alice'))!.date < earliest).toBe(true);
  });

  it('gives the account\'s first orders the date to ask for the lift, and the wave a prerequisite saying so', () => {
    const plan = buildPlan(seattleFrozen());
    const orders = plan.portOrders.filter((o) => o.accountNumber === 'A-100');
    expect(orders.length).toBeGreaterThan(0);
    const firstWave = Math.min(...orders.map((o) => o.waveNumber));
    for (const o of orders) {
      if (o.waveNumber === firstWave) expect(o.liftFreezeBy).toBe(addDays(o.submitBy, -CARRIER_FREEZE_LIFT_DAYS));
      else expect(o.liftFreezeBy).toBeUndefined();
    }
    const wave = plan.waves.find((w) => w.number === firstWave)!;
    const first = orders.find((o) => o.waveNumber === firstWave)!;
    expect(wave.prerequisites).toContain(`Ask Lumen to lift the port freeze on account A-100 by ${first.liftFreezeBy}: a frozen account's port requests are rejected.`);
    // The other account of the site is not frozen.
    expect(plan.portOrders.filter((o) => o.accountNumber === 'A-200').every((o) => o.liftFreezeBy === undefined)).toBe(true);
  });
});
