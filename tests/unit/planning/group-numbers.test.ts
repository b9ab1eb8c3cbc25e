/**
 * A hunt group's pilot number (a line no person owns, as a Skype for Business response group's LineUri
 * is imported) moves with the group's last members: it is in their wave's `groupNumbers`, the wave's
 * Direct Routing upload and the routing after the wave (its extension too), instead of staying on the PBX behind a group
 * whose agents are gone (the routing changes after the cutover day). A fax line in a hunt group, and the pilot of a group nobody moves, stay.
 */
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { simulateRoute } from '../../../shared/domain/planning/routing-simulator';
import { smallTenantInputs } from './support/small-tenant';

const PILOT = '+493012345650';

function unownedLine(id: string, did: string, deviceType: PbxLine['deviceType']): PbxLine {
  return {
    id: `berlin/${id}`,
    extension: id,
    did,
    siteId: 'berlin',
    deviceType,
    huntGroups: ['berlin-sales'],
    callCentreAgent: false,
    voicemail: false,
    source: { file: 'lines.csv', row: 20 },
    match: { status: 'unmatched', explanation: 'the line has no owner' },
  };
}

/** The small tenant with a pilot line (and, when asked, a fax line) in its Berlin hunt group. */
function withPilot(options: { fax?: boolean; groupMembers?: string[] } = {}): BuildPlanInput {
  const input = smallTenantInputs();
  const inventory = input.inventory!;
  const pilot = unownedLine('5650', PILOT, 'other');
  const fax = { ...unownedLine('5651', '+493012345651', 'fax'), match: { status: 'non-person' as const, explanation: 'fax' } };
  inventory.lines.push(pilot, ...(options.fax ? [fax] : []));
  const hunt = inventory.groups.find((g) => g.id === 'hunt-group:berlin-sales')!;
  hunt.lineIds = [...hunt.lineIds, pilot.id, ...(options.fax ? [fax.id] : [])].sort();
  if (options.groupMembers) {
    hunt.lineIds = [...options.groupMembers, pilot.id].sort();
    hunt.personIds = [];
  }
  return input;
}

describe('pilot numbers of PBX groups', () => {
  it('move with the last members of their hunt group, the way those members go', () => {
    const plan = buildPlan(withPilot());
    const members = plan.waves.filter((w) => w.members.some((m) => m.groupIds.includes('hunt-group:berlin-sales')));
    const last = members[members.length - 1];
    expect(last.groupNumbers).toEqual([
      { groupId: 'hunt-group:berlin-sales', lineId: 'berlin/5650', number: PILOT, path: 'DR', numberType: 'directRouting', sbcId: 'sbc-eu', siteId: 'berlin' },
    ]);
    expect(plan.waves.filter((w) => w !== last).every((w) => !w.groupNumbers)).toBe(true);
    // Uploaded to the tenant for that wave's Direct Routing, and ringing in Teams after it.
    const upload = plan.uploadOrders.find((o) => o.waveNumber === last.number)!;
    expect(upload.numbers).toContain(PILOT);
    expect(simulateRoute(plan, PILOT, last.date, { defaultCountry: 'DE' }).target).toBe('pbx');
    expect(simulateRoute(plan, PILOT, addDays(last.date, 1), { defaultCountry: 'DE' }).target).toBe('teams');
    // Its extension, dialled on the PBX, is sent to Teams from that wave on.
    const fromPbx = (wave: number) => plan.routing.find((r) => r.afterWave === wave)?.pbxToTeamsRoutes.find((r) => r.siteId === 'berlin');
    expect(new RegExp(fromPbx(last.number)!.extensionPattern).test('5650')).toBe(true);
    expect(plan.routing.filter((r) => r.afterWave < last.number).some((r) => r.pbxToTeamsRoutes.some((x) => x.siteId === 'berlin' && new RegExp(x.extensionPattern).test('5650')))).toBe(false);
  });

  it('stays on the PBX without the change, a fax line of the group stays with it', () => {
    const before = buildPlan(smallTenantInputs());
    expect(before.uploadOrders.flatMap((o) => o.numbers)).not.toContain(PILOT);
    const plan = buildPlan(withPilot({ fax: true }));
    expect(plan.uploadOrders.flatMap((o) => o.numbers)).not.toContain('+493012345651');
    expect(plan.waves.flatMap((w) => w.groupNumbers ?? []).map((n) => n.number)).toEqual([PILOT]);
  });

  it('stays on the PBX when none of its group moves', () => {
    // A group of hans alone, who stays on the PBX until December.
    const plan = buildPlan(withPilot({ groupMembers: ['berlin/0101'] }));
    expect(plan.waves.flatMap((w) => w.groupNumbers ?? [])).toEqual([]);
    expect(plan.uploadOrders.flatMap((o) => o.numbers)).not.toContain(PILOT);
    expect(simulateRoute(plan, PILOT, '2026-12-01', { defaultCountry: 'DE' }).target).toBe('pbx');
  });
});
