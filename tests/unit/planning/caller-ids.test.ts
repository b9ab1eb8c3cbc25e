/**
 * Outbound caller IDs in the plan: a member carries what their PBX line's calls showed when it was not
 * their own number (or was withheld), and the resource account answering that number in Teams already.
 */
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import type { WaveMember } from '../../../shared/domain/plan';
import type { Person } from '../../../shared/domain/tenant-snapshot';
import { smallTenantInputs } from './support/small-tenant';

const RECEPTION = '+493012345610';

function withCallerIds(): BuildPlanInput {
  const input = smallTenantInputs();
  const lines = input.inventory!.lines;
  const set = (lineId: string, callerId: NonNullable<(typeof lines)[number]['callerId']>) => (lines.find((l) => l.id === lineId)!.callerId = callerId);
  set('berlin/5601', { kind: 'number', number: RECEPTION });
  set('berlin/5602', { kind: 'withheld' });
  // Ida's line shows her own number: nothing to keep.
  set('berlin/5603', { kind: 'number', number: '+493012345603' });
  // Berlin's reception number answers on a resource account in Teams already.
  const account: Person = { ...input.snapshot.people.find((p) => p.id === 'frank')!, id: 'ra-reception', userPrincipalName: 'ra-reception@contoso.test', kind: 'resourceAccount' };
  input.snapshot.people.push(account);
  input.snapshot.numbers.push({ telephoneNumber: RECEPTION, numberType: 'directRouting', assignmentStatus: 'voiceApplicationAssigned', assignmentTargetId: 'ra-reception', assignmentCategory: 'primary' } as never);
  return input;
}

describe('caller IDs in the plan', () => {
  const plan = buildPlan(withCallerIds());
  const member = (personId: string): WaveMember => plan.waves.flatMap((w) => w.members).find((m) => m.personId === personId)!;

  it("carries another number the line's calls showed, with the resource account answering it in Teams already", () => {
    expect(member('frank')).toMatchObject({ callerId: { kind: 'number', number: RECEPTION }, callerIdAccount: 'ra-reception@contoso.test' });
  });

  it('carries a withheld caller ID, and leaves out the one that is the person\'s own number', () => {
    expect(member('gina').callerId).toEqual({ kind: 'withheld' });
    expect(member('gina').callerIdAccount).toBeUndefined();
    expect(member('ida').callerId).toBeUndefined();
  });

  it('is the same plan for the same inputs', () => {
    expect(JSON.stringify(buildPlan(withCallerIds()))).toBe(JSON.stringify(plan));
  });
});
