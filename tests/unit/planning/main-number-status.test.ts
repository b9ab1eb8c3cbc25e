/**
 * Tracking a site's main number once it moves (main-numbers.ts): it belongs on the resource account of
 * the site's Teams auto attendant. The status says where it stands as it does of a group's pilot number
 * (scheduled, ready, done, drifted), counts each wave's main numbers apart from its pilots, and gives a
 * user who holds one a fix-up, unless that user's own drift fix-up already takes the number away.
 */
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import {
  computeMigrationStatus,
  mainNumberProgressText,
  mainNumberTotals,
  markPilotOverdue,
  pilotProgressText,
  pilotTotals,
  voiceAppFact,
} from '../../../shared/domain/planning/migration-status';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import type { TenantNumber } from '../../../shared/domain/tenant-snapshot';
import { SMALL_MAIN as MAIN, smallTenantInputs, smallTenantWithMainNumber } from './support/small-tenant';

const number = (telephoneNumber: string, numberType: TenantNumber['numberType'], assignmentStatus: TenantNumber['assignmentStatus'], assignmentTargetId?: string): TenantNumber => ({
  telephoneNumber,
  numberType,
  assignmentStatus,
  ...(assignmentTargetId && { assignmentTargetId }),
  numberSource: 'online',
});

describe('main numbers against the tenant', () => {
  const input = smallTenantWithMainNumber();
  const plan = buildPlan(input);
  const wave = plan.waves.find((w) => w.mainNumbers?.length)!;
  const statusWith = (...numbers: TenantNumber[]) => computeMigrationStatus(plan, { ...input.snapshot, numbers }, '2026-12-06');
  const mainOf = (status: ReturnType<typeof statusWith>) => status.mainNumbers.find((m) => m.number === MAIN)!;

  it("moves in Seattle's last wave, on Operator Connect as Seattle's people do", () => {
    expect(wave.mainNumbers).toEqual([expect.objectContaining({ siteId: 'seattle', number: MAIN, numberType: 'operatorConnect' })]);
  });

  it('is scheduled until the number is in Teams, ready once it is, done on a resource account as planned', () => {
    const before = statusWith();
    expect(mainOf(before)).toEqual({ number: MAIN, state: 'scheduled', detail: 'not in Teams yet', siteId: 'seattle', wave: wave.number });
    expect(before.waves.find((w) => w.number === wave.number)!.mainNumbers).toEqual({ total: 1, done: 0 });
    expect(before.waves.filter((w) => w.number !== wave.number).every((w) => w.mainNumbers === undefined)).toBe(true);
    // Counted apart from group pilots: this plan moves none.
    expect(before.pilots).toEqual([]);
    expect(pilotTotals(before.waves)).toBeUndefined();

    expect(mainOf(statusWith(number(MAIN, 'operatorConnect', 'unassigned')))).toMatchObject({ state: 'ready', detail: "in Teams, not yet on the auto attendant's resource account" });
    const done = statusWith(number(MAIN, 'operatorConnect', 'voiceApplicationAssigned', 'ra-seattle-aa'));
    expect(mainOf(done)).toMatchObject({ state: 'done', detail: 'on a resource account' });
    expect(mainNumberTotals(done.waves)).toEqual({ total: 1, done: 1 });
    expect(mainNumberProgressText(mainNumberTotals(done.waves)!)).toBe('1 of 1 main number on auto attendants');
    expect(done.fixUps).toEqual([]);
  });

  it('reads apart from the pilot numbers in every count and fact', () => {
    const c = { total: 7, done: 2 };
    expect(mainNumberProgressText(c)).toBe('2 of 7 main numbers on auto attendants');
    expect(pilotProgressText(c)).toBe('2 of 7 group pilot numbers on call queues');
    expect(mainNumberProgressText({ total: 1234, done: 1000 })).toBe('1,000 of 1,234 main numbers on auto attendants');
    expect(voiceAppFact(c, 'auto-attendant')).toEqual(['Main numbers', '2 of 7 on auto attendants']);
    expect(voiceAppFact(c, 'call-queue')).toEqual(['Pilot numbers', '2 of 7 on call queues']);
    // Totals over waves add each kind alone.
    const waves = [{ pilots: { total: 2, done: 1 } }, { mainNumbers: { total: 3, done: 0 } }, { pilots: { total: 1, done: 1 }, mainNumbers: { total: 4, done: 2 } }, {}];
    expect(pilotTotals(waves)).toEqual({ total: 3, done: 2 });
    expect(mainNumberTotals(waves)).toEqual({ total: 7, done: 2 });
    // Waves stored before main numbers were tracked count none: the surfaces show no line for them.
    expect(mainNumberTotals([{ pilots: { total: 2, done: 1 } }, {}])).toBeUndefined();
  });

  it('is overdue once its wave date has passed and it is not on the auto attendant yet, on the day asked only', () => {
    const scheduled = mainOf(statusWith());
    expect(markPilotOverdue(scheduled, wave.date, wave.date)).toBe(scheduled);
    expect(markPilotOverdue(scheduled, wave.date, addDays(wave.date, 1))).toMatchObject({ overdue: true, siteId: 'seattle', detail: `not in Teams yet: overdue, wave date ${wave.date} has passed` });
    const ready = mainOf(statusWith(number(MAIN, 'operatorConnect', 'unassigned')));
    expect(markPilotOverdue(ready, wave.date, addDays(wave.date, 1)).overdue).toBe(true);
    const done = mainOf(statusWith(number(MAIN, 'operatorConnect', 'voiceApplicationAssigned', 'ra-seattle-aa')));
    expect(markPilotOverdue(done, wave.date, addDays(wave.date, 1))).toBe(done);
    // Stored without it, although the status was computed long after the wave: it is read on any later day.
    expect(scheduled.overdue).toBeUndefined();
  });

  it('has drifted on a resource account as another number type, with no fix-up a user could run', () => {
    const status = statusWith(number(MAIN, 'directRouting', 'voiceApplicationAssigned', 'ra-seattle-aa'));
    expect(mainOf(status)).toMatchObject({ state: 'drifted', detail: 'on a resource account as directRouting instead of operatorConnect' });
    expect(status.waves.find((w) => w.number === wave.number)!.mainNumbers).toEqual({ total: 1, done: 0 });
    expect(status.fixUps).toEqual([]);
  });

  it('has drifted when a user holds it: the user gets a fix-up that frees it for the auto attendant', () => {
    // alice is done (her own number, as planned) and holds the main number too.
    const status = statusWith(number('+14255550101', 'operatorConnect', 'userAssigned', 'alice'), number(MAIN, 'operatorConnect', 'userAssigned', 'alice'));
    expect(status.members.find((m) => m.personId === 'alice')!.state).toBe('done');
    expect(mainOf(status)).toMatchObject({ state: 'drifted', holderId: 'alice', detail: "assigned to alice@contoso.test instead of the auto attendant's resource account" });
    expect(status.fixUps).toEqual([
      {
        personId: 'alice',
        userPrincipalName: 'alice@contoso.test',
        problem: `holds ${MAIN}, the main number of Seattle, which the plan gives to the site's auto attendant in wave ${wave.number}`,
        action: `remove the assignment, then run wave ${wave.number}'s cutover runbook again: it gives the number to the auto attendant's resource account`,
        powershell: [`Remove-CsPhoneNumberAssignment -Identity 'alice@contoso.test' -PhoneNumber '${MAIN}' -PhoneNumberType 'OperatorConnect'`],
      },
    ]);
  });

  it("gives no second fix-up when the holder's own drift fix-up already removes the main number", () => {
    // bob holds the main number instead of his planned one: his fix-up removes it and assigns his own.
    const status = statusWith(number(MAIN, 'operatorConnect', 'userAssigned', 'bob'));
    expect(mainOf(status).state).toBe('drifted');
    const bob = status.fixUps.filter((f) => f.personId === 'bob');
    expect(bob).toHaveLength(1);
    expect(bob[0].powershell).toEqual([
      `Remove-CsPhoneNumberAssignment -Identity 'bob@contoso.test' -PhoneNumber '${MAIN}' -PhoneNumberType 'OperatorConnect'`,
      "Set-CsPhoneNumberAssignment -Identity 'bob@contoso.test' -PhoneNumber '+14255550102' -PhoneNumberType 'OperatorConnect'",
    ]);
  });

  it('is none for a plan that moves no main number', () => {
    const base = smallTenantInputs();
    const status = computeMigrationStatus(buildPlan(base), { ...base.snapshot, numbers: [] }, '2026-12-06');
    expect(status.mainNumbers).toEqual([]);
    expect(mainNumberTotals(status.waves)).toBeUndefined();
  });
});
