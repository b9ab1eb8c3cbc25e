/** Who changed wave between two plans: everyone whose wave differs, joined or left the waves; the first few listed. */
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import type { Plan, WaveMember } from '../../../shared/domain/plan';
import type { Scheduling } from '../../../shared/domain/planning-settings';
import { planMoves } from '../../../shared/services/plan-moves';
import { smallTenantInputs } from './support/small-tenant';

const holidays = createHolidayLookup();
function plan(patch: Partial<Scheduling>): Plan {
  const input = smallTenantInputs();
  input.settings = { ...input.settings, scheduling: { ...input.settings.scheduling!, ...patch } };
  input.holidays = holidays;
  return buildPlan(input);
}
/** What storedMembers reads from the store: each member with their wave. */
const stored = (p: Plan) => new Map<string, { wave: number; member: WaveMember }>(p.waves.flatMap((w) => w.members.map((m) => [m.personId, { wave: w.number, member: m }] as const)));

describe('planMoves', () => {
  it('nothing moves between two identical plans', () => {
    expect(planMoves(stored(plan({})), plan({}))).toEqual({ count: 0, first: [] });
  });

  it('a pinned site: its people and those it displaced are listed with their waves', () => {
    const before = plan({});
    const after = plan({ pins: [{ siteId: 'seattle', wave: 3 }] });
    const moves = planMoves(stored(before), after);
    const waveOf = (p: Plan, id: string) => p.waves.find((w) => w.members.some((m) => m.personId === id))?.number;
    const expected = [...new Set([...before.waves, ...after.waves].flatMap((w) => w.members.map((m) => m.personId)))].filter((id) => waveOf(before, id) !== waveOf(after, id));
    expect(moves.count).toBe(expected.length);
    expect(moves.first.map((m) => m.personId).sort()).toEqual(expected.sort());
    expect(moves.first.find((m) => m.personId === 'alice')).toMatchObject({ from: 0, to: 3, siteId: 'seattle', userPrincipalName: 'alice@contoso.test' });
  });

  it('lists at most the first few, counting everyone', () => {
    const moves = planMoves(new Map(), plan({}), 2);
    expect(moves.first).toHaveLength(2);
    expect(moves.count).toBe(plan({}).waves.reduce((n, w) => n + w.members.length, 0));
  });
});
