/**
 * Calling Plan people who keep their PBX numbers: the numbers port to Microsoft, so the plan orders the
 * ports (per carrier account, like Operator Connect's) and holds the people back by the port's lead time.
 */
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import type { EffectivePath } from '../../../shared/domain/decision-types';
import { SMALL_TODAY, smallTenantInputs } from './support/small-tenant';

const holidays = createHolidayLookup();

/** The small tenant with Berlin's people on Calling Plan instead of Direct Routing. */
function berlinOnCallingPlan(portLeadTimeDays?: number): BuildPlanInput {
  const input = smallTenantInputs();
  input.holidays = holidays;
  input.settings = { ...input.settings, callingPlan: [{ country: 'DE', pricePerUserPerMonth: 12, ...(portLeadTimeDays === undefined ? {} : { portLeadTimeDays }) }] };
  input.effectivePaths = input.effectivePaths.map((p): EffectivePath => (p.path === 'DR' ? { personId: p.personId, siteId: p.siteId, path: 'CP', source: 'site-decision', decided: true } : p));
  return input;
}

const berlinPeople = ['frank', 'gina', 'ida'];

describe('Calling Plan numbers ported from the PBX', () => {
  it('wait for the lead time of their country, and are ordered from Microsoft per carrier account', () => {
    const plan = buildPlan(berlinOnCallingPlan(30));
    const earliest = addDays(SMALL_TODAY, 30);
    const berlinWaves = plan.waves.filter((w) => w.members.some((m) => berlinPeople.includes(m.personId)));
    expect(berlinWaves.flatMap((w) => w.members.filter((m) => berlinPeople.includes(m.personId)).map((m) => m.personId)).sort()).toEqual(berlinPeople);
    for (const w of berlinWaves) expect(w.date >= earliest).toBe(true);

    const cp = plan.portOrders.filter((o) => o.path === 'CP');
    // Berlin's numbers port (Telekom account B-1): its people's, and in the full port its BTN and spares.
    const ported = cp.flatMap((o) => o.numbers);
    expect(ported).toEqual(expect.arrayContaining(['+493012345601', '+493012345602', '+493012345603', '+493012345600']));
    expect(ported).toHaveLength(100);
    for (const o of cp) {
      const wave = plan.waves.find((w) => w.number === o.waveNumber)!;
      expect(o).toMatchObject({ carrier: 'Telekom', accountNumber: 'B-1', operatorId: '' });
      expect(o.submitBy).toBe(addDays(wave.date, -30));
      expect(wave.prerequisites.some((p) => /^Submit \d+ port orders? to Microsoft .* by \d{4}-\d{2}-\d{2}; they become Calling Plan numbers/.test(p))).toBe(true);
    }
    // Nobody stays behind on the account, so its last order is the full port with the BTN.
    const last = cp[cp.length - 1];
    expect(last.kind).toBe('full');
    expect(last.includesBtn).toBe(true);
    // No Operator Connect order carries a Berlin number.
    expect(plan.portOrders.filter((o) => o.path !== 'CP').flatMap((o) => o.numbers).some((n) => n.startsWith('+4930'))).toBe(false);
  });

  it('wait 14 days where the settings do not give the country a lead time', () => {
    const plan = buildPlan(berlinOnCallingPlan());
    const earliest = addDays(SMALL_TODAY, 14);
    const berlinWaves = plan.waves.filter((w) => w.members.some((m) => berlinPeople.includes(m.personId)));
    expect(berlinWaves.length).toBeGreaterThan(0);
    for (const w of berlinWaves) expect(w.date >= earliest).toBe(true);
    for (const o of plan.portOrders.filter((x) => x.path === 'CP')) {
      expect(o.submitBy).toBe(addDays(plan.waves.find((w) => w.number === o.waveNumber)!.date, -14));
    }
  });

  it('wait for the lead time of their own country, and are ordered, also when no imported block holds their numbers', () => {
    const input = berlinOnCallingPlan(30);
    input.inventory!.blocks = input.inventory!.blocks.filter((b) => b.siteId !== 'berlin');
    const plan = buildPlan(input);
    const earliest = addDays(SMALL_TODAY, 30);
    const berlinWaves = plan.waves.filter((w) => w.members.some((m) => berlinPeople.includes(m.personId)));
    expect(berlinWaves.length).toBeGreaterThan(0);
    for (const w of berlinWaves) expect(w.date >= earliest).toBe(true);
    const cp = plan.portOrders.filter((o) => o.path === 'CP');
    expect(cp.flatMap((o) => o.numbers).sort()).toEqual(['+493012345601', '+493012345602', '+493012345603']);
    for (const o of cp) {
      expect(o.id).toMatch(/^PO-W\d+-no-block-calling-plan-\d+$/);
      // The people's country's lead (DE, 30 days), though no block names a site.
      expect(o.submitBy).toBe(addDays(plan.waves.find((w) => w.number === o.waveNumber)!.date, -30));
    }
    expect(plan.unmet.find((u) => u.code === 'number-outside-known-blocks')?.message).toMatch(/^3 Calling Plan numbers lie in no imported DID block/);
  });

  it('a lead time past the decommission date names the port to Microsoft', () => {
    const plan = buildPlan(berlinOnCallingPlan(200));
    const missed = plan.unmet.find((u) => u.code === 'decommission-date-missed' || u.code === 'lead-time-beyond-horizon');
    expect(missed?.message).toMatch(/port to Microsoft \(Calling Plan, DE\) lead time 200 days/);
  });
});
