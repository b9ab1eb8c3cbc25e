/**
 * A hunt group's pilot number (a line no person owns, as a Skype for Business response group's LineUri
 * is imported) moves with the group's last members: it is in their wave's `groupNumbers`, the wave's
 * Direct Routing upload and the routing after the wave (its extension too), instead of staying on the PBX behind a group
 * whose agents are gone (the routing changes after the cutover day). A fax line in a hunt group, and the pilot of a group nobody moves, stay.
 */
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { computeMigrationStatus, markPilotOverdue, pilotProgressText, pilotTotals } from '../../../shared/domain/planning/migration-status';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import type { TenantNumber } from '../../../shared/domain/tenant-snapshot';
import { simulateRoute } from '../../../shared/domain/planning/routing-simulator';
import { SMALL_PILOT as PILOT, smallTenantInputs, smallTenantWithPilot as withPilot } from './support/small-tenant';

describe('pilot numbers of PBX groups', () => {
  it('move with the last members of their hunt group, the way those members go', () => {
    const plan = buildPlan(withPilot());
    const members = plan.waves.filter((w) => w.members.some((m) => m.groupIds.includes('hunt-group:berlin-sales')));
    const last = members[members.length - 1];
    expect(last.groupNumbers).toEqual([
      { groupId: 'hunt-group:berlin-sales', lineId: 'berlin/5650', number: PILOT, extension: '5650', path: 'DR', numberType: 'directRouting', sbcId: 'sbc-eu', siteId: 'berlin' },
    ]);
    expect(plan.waves.filter((w) => w !== last).every((w) => !w.groupNumbers)).toBe(true);
    // Uploaded to the tenant for that wave's Direct Routing, and ringing in Teams after it.
    const upload = plan.uploadOrders.find((o) => o.waveNumber === last.number)!;
    expect(upload.numbers).toContain(PILOT);
    expect(simulateRoute(plan, PILOT, last.date, { defaultCountry: 'DE' }).target).toBe('pbx');
    const answer = simulateRoute(plan, PILOT, addDays(last.date, 1), { defaultCountry: 'DE' });
    expect(answer.target).toBe('teams');
    expect(answer.voiceApp).toEqual({ kind: 'call-queue', label: expect.stringMatching(/^the pilot number of Hunt group /) });
    expect(answer.hops.at(-1)).toBe('call queue');
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

/**
 * Tracking: once moved, a pilot belongs on the resource account of the group's call queue. The status
 * says where it stands (as a person's move: scheduled, ready, done, drifted), counts each wave's pilots,
 * and gives a user who holds one a fix-up.
 */
describe('pilot numbers against the tenant', () => {
  const input = withPilot();
  const plan = buildPlan(input);
  const wave = plan.waves.find((w) => w.groupNumbers?.length)!;
  const number = (telephoneNumber: string, numberType: TenantNumber['numberType'], assignmentStatus: TenantNumber['assignmentStatus'], assignmentTargetId?: string): TenantNumber => ({
    telephoneNumber,
    numberType,
    assignmentStatus,
    ...(assignmentTargetId && { assignmentTargetId }),
    numberSource: 'online',
  });
  const statusWith = (...numbers: TenantNumber[]) => computeMigrationStatus(plan, { ...input.snapshot, numbers }, '2026-12-06');
  const pilotOf = (status: ReturnType<typeof statusWith>) => status.pilots.find((p) => p.number === PILOT)!;

  it('is scheduled until the number is in Teams, ready once it is, done on a resource account as planned', () => {
    const before = statusWith();
    expect(pilotOf(before)).toMatchObject({ state: 'scheduled', groupId: 'hunt-group:berlin-sales', wave: wave.number, detail: 'not in Teams yet' });
    expect(before.waves.find((w) => w.number === wave.number)!.pilots).toEqual({ total: 1, done: 0 });
    expect(before.waves.filter((w) => w.number !== wave.number).every((w) => w.pilots === undefined)).toBe(true);
    expect(pilotOf(statusWith(number(PILOT, 'directRouting', 'unassigned'))).state).toBe('ready');
    const done = statusWith(number(PILOT, 'directRouting', 'voiceApplicationAssigned', 'ra-sales'));
    expect(pilotOf(done)).toMatchObject({ state: 'done', detail: 'on a resource account' });
    expect(pilotTotals(done.waves)).toEqual({ total: 1, done: 1 });
    expect(pilotProgressText(pilotTotals(done.waves)!)).toBe('1 of 1 group pilot number on call queues');
    expect(done.fixUps).toEqual([]);
  });

  it('is overdue once its wave date has passed and it is not on the queue yet, on the day asked only', () => {
    const scheduled = pilotOf(statusWith());
    expect(markPilotOverdue(scheduled, wave.date, wave.date)).toBe(scheduled);
    expect(markPilotOverdue(scheduled, wave.date, addDays(wave.date, 1))).toMatchObject({ overdue: true, detail: `not in Teams yet: overdue, wave date ${wave.date} has passed` });
    const ready = pilotOf(statusWith(number(PILOT, 'directRouting', 'unassigned')));
    expect(markPilotOverdue(ready, wave.date, addDays(wave.date, 1)).overdue).toBe(true);
    const done = pilotOf(statusWith(number(PILOT, 'directRouting', 'voiceApplicationAssigned', 'ra-sales')));
    expect(markPilotOverdue(done, wave.date, addDays(wave.date, 1))).toBe(done);
    // Stored without it: the status is computed once and read on any later day.
    expect(scheduled.overdue).toBeUndefined();
  });

  it('has drifted on a resource account as another number type, with no fix-up a user could run', () => {
    const status = statusWith(number(PILOT, 'callingPlan', 'voiceApplicationAssigned', 'ra-sales'));
    expect(pilotOf(status)).toMatchObject({ state: 'drifted', detail: 'on a resource account as callingPlan instead of directRouting' });
    expect(status.waves.find((w) => w.number === wave.number)!.pilots).toEqual({ total: 1, done: 0 });
    expect(status.fixUps).toEqual([]);
  });

  it('has drifted when a user holds it: the user gets a fix-up that frees it for the call queue', () => {
    // alice is done (her own number, as planned) and holds the pilot too.
    const status = statusWith(number('+14255550101', 'operatorConnect', 'userAssigned', 'alice'), number(PILOT, 'directRouting', 'userAssigned', 'alice'));
    expect(status.members.find((m) => m.personId === 'alice')!.state).toBe('done');
    expect(pilotOf(status)).toMatchObject({ state: 'drifted', holderId: 'alice', detail: "assigned to alice@contoso.test instead of the call queue's resource account" });
    expect(status.fixUps).toEqual([
      {
        personId: 'alice',
        userPrincipalName: 'alice@contoso.test',
        problem: `holds ${PILOT}, the pilot number of Hunt group berlin-sales, which the plan gives to the group's call queue in wave ${wave.number}`,
        action: `remove the assignment, then run wave ${wave.number}'s cutover runbook again: it gives the number to the call queue's resource account`,
        powershell: [`Remove-CsPhoneNumberAssignment -Identity 'alice@contoso.test' -PhoneNumber '${PILOT}' -PhoneNumberType 'DirectRouting'`],
      },
    ]);
  });

  it("gives no second fix-up when the holder's own drift fix-up already removes the pilot", () => {
    // bob holds the pilot instead of his planned number: his fix-up removes it and assigns his own.
    const status = statusWith(number(PILOT, 'directRouting', 'userAssigned', 'bob'));
    expect(pilotOf(status).state).toBe('drifted');
    const bob = status.fixUps.filter((f) => f.personId === 'bob');
    expect(bob).toHaveLength(1);
    expect(bob[0].powershell[0]).toBe(`Remove-CsPhoneNumberAssignment -Identity 'bob@contoso.test' -PhoneNumber '${PILOT}' -PhoneNumberType 'DirectRouting'`);
  });
});
