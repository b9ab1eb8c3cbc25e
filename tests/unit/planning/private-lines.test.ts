/**
 * A person's second PBX line with a number of its own becomes their Teams private line: it moves with
 * them, on their path, in their primary number's block (never its BTN), and the runbook assigns it with
 * -AssignmentCategory Private; a line it cannot be (another block, the BTN, a third number) stays.
 */
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { computeMigrationStatus, quotedFixUpCommand } from '../../../shared/domain/planning/migration-status';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { simulateRoute } from '../../../shared/domain/planning/routing-simulator';
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import type { TenantNumber } from '../../../shared/domain/tenant-snapshot';
import { smallTenantInputs } from './support/small-tenant';

const IDA_PRIVATE = '+493012345604';
const IDA_THIRD = '+493012345605';
const OUTSIDE_BLOCKS = '+493099990001';
const BERLIN_BTN = '+493012345600';

function secondLine(extension: string, did: string, personId: string): PbxLine {
  return {
    id: `berlin/${extension}`,
    extension,
    did,
    siteId: 'berlin',
    deviceType: 'ip-phone',
    huntGroups: [],
    callCentreAgent: false,
    voicemail: false,
    source: { file: 'lines.csv', row: 30 },
    match: { status: 'matched', personId, rule: 'upn', explanation: 'upn' },
  };
}

/** Ida has two more lines with numbers, Frank one outside every block, Gina one on Berlin's BTN. */
function withSecondLines(): BuildPlanInput {
  const input = smallTenantInputs();
  input.inventory!.lines.push(
    secondLine('5604', IDA_PRIVATE, 'ida'),
    secondLine('5605', IDA_THIRD, 'ida'),
    secondLine('5690', OUTSIDE_BLOCKS, 'frank'),
    secondLine('5699', BERLIN_BTN, 'gina'),
  );
  return input;
}

describe('private lines', () => {
  const plan = buildPlan(withSecondLines());
  const waveOf = (personId: string) => plan.waves.find((w) => w.members.some((m) => m.personId === personId))!;
  const member = (personId: string) => waveOf(personId).members.find((m) => m.personId === personId)!;

  it('give a second number of the same block to its owner as their private line, moving with them', () => {
    expect(member('ida')).toMatchObject({ numberToAssign: '+493012345603', privateNumber: IDA_PRIVATE });
    const wave = waveOf('ida');
    // Uploaded for the wave's Direct Routing with the primary number, and no longer kept on the PBX.
    expect(plan.uploadOrders.find((o) => o.waveNumber === wave.number)!.numbers).toEqual(expect.arrayContaining(['+493012345603', IDA_PRIVATE]));
    expect(plan.blockSplits.flatMap((b) => b.staying)).not.toContain(IDA_PRIVATE);
    // The number rings Ida in Teams from her wave; its extension, dialled on the PBX, goes to Teams too.
    const before = simulateRoute(plan, IDA_PRIVATE, wave.date, { defaultCountry: 'DE' });
    const after = simulateRoute(plan, IDA_PRIVATE, addDays(wave.date, 1), { defaultCountry: 'DE' });
    expect([before.target, after.target]).toEqual(['pbx', 'teams']);
    expect(after.explanation).toContain('ida@contoso.test');
    const fromPbx = plan.routing.find((r) => r.afterWave === wave.number)?.pbxToTeamsRoutes.find((r) => r.siteId === 'berlin');
    expect(new RegExp(fromPbx!.extensionPattern).test('5604')).toBe(true);
  });

  it('keep one a user: a third number, one outside the primary number\'s block and the block\'s BTN stay on the PBX', () => {
    expect(plan.blockSplits.flatMap((b) => b.staying)).toContain(IDA_THIRD);
    expect(member('frank').privateNumber).toBeUndefined();
    expect(member('gina').privateNumber).toBeUndefined();
    const moved = [...plan.uploadOrders.flatMap((o) => o.numbers), ...plan.portOrders.flatMap((o) => o.numbers)];
    expect(moved).not.toEqual(expect.arrayContaining([OUTSIDE_BLOCKS]));
    expect(moved).not.toContain(BERLIN_BTN);
  });

  it("count against the wave's numbers", () => {
    // Two numbers a wave: Ida's wave holds her two numbers and nobody else's.
    const wave = waveOf('ida');
    const numbers = wave.members.reduce((n, m) => n + (m.numberToAssign ? 1 : 0) + (m.privateNumber ? 1 : 0), 0);
    expect(numbers).toBeLessThanOrEqual(2);
    expect(wave.members.map((m) => m.personId)).toEqual(['ida']);
  });

  it('are no drift while the primary number is still to come, and done with it', () => {
    const input = withSecondLines();
    const number = (telephoneNumber: string, assignmentCategory: TenantNumber['assignmentCategory']): TenantNumber => ({
      telephoneNumber,
      numberType: 'directRouting',
      assignmentStatus: 'userAssigned',
      assignmentTargetId: 'ida',
      assignmentCategory,
      numberSource: 'online',
    });
    const statusWith = (numbers: TenantNumber[]) =>
      computeMigrationStatus(plan, { ...input.snapshot, numbers }, plan.inputs.today).members.find((m) => m.personId === 'ida')!;
    expect(statusWith([number(IDA_PRIVATE, 'private')]).state).not.toBe('drifted');
    expect(statusWith([number('+493012345603', 'primary'), number(IDA_PRIVATE, 'private')])).toMatchObject({
      state: 'done',
      detail: `+493012345603 assigned as directRouting, private line ${IDA_PRIVATE}`,
    });
  });

  it('is drift when the primary number is theirs and the private line is not, with the fix-up that assigns it', () => {
    const input = withSecondLines();
    const primary: TenantNumber = { telephoneNumber: '+493012345603', numberType: 'directRouting', assignmentStatus: 'userAssigned', assignmentTargetId: 'ida', numberSource: 'online' };
    // Held by Hans, who stays on the PBX (someone assigned it by hand): taken from him first.
    const taken: TenantNumber = { telephoneNumber: IDA_PRIVATE, numberType: 'directRouting', assignmentStatus: 'userAssigned', assignmentTargetId: 'hans', numberSource: 'online' };
    const status = computeMigrationStatus(plan, { ...input.snapshot, numbers: [primary, taken] }, plan.inputs.today);
    expect(status.members.find((m) => m.personId === 'ida')).toMatchObject({
      state: 'drifted',
      detail: `+493012345603 assigned as directRouting; their private line ${IDA_PRIVATE} is assigned to hans@contoso.test`,
    });
    const fix = status.fixUps.find((f) => f.personId === 'ida')!;
    expect(fix.powershell).toEqual([
      `Remove-CsPhoneNumberAssignment -Identity 'hans@contoso.test' -PhoneNumber '${IDA_PRIVATE}' -PhoneNumberType 'DirectRouting'`,
      `Set-CsPhoneNumberAssignment -Identity 'ida@contoso.test' -PhoneNumber '${IDA_PRIVATE}' -PhoneNumberType 'DirectRouting' -AssignmentCategory 'Private'`,
    ]);
    // The fix-up script passes the stored command on as it is.
    for (const line of fix.powershell) expect(quotedFixUpCommand(line)).toBe(line);
  });
});
