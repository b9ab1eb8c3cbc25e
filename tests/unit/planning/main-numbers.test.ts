/**
 * A site's main number (the PBX's auto attendant: a line of its own, or the number other lines ring
 * through with an extension) moves with the site's last people, once nobody there is left on the PBX,
 * the way they go; while anybody stays, it stays too and keeps its block from moving whole.
 */
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { computeMigrationStatus } from '../../../shared/domain/planning/migration-status';
import type { TenantNumber } from '../../../shared/domain/tenant-snapshot';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { simulateRoute } from '../../../shared/domain/planning/routing-simulator';
import type { BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { parseDeviceType } from '../../../shared/pbx/device-type';
import { matchLine, PersonIndex } from '../../../shared/pbx/line-matcher';
import { smallTenantInputs } from './support/small-tenant';

const MAIN = '+493012345600';
const RUNG_THROUGH = '+493012345698';

/** The small tenant with Berlin's auto attendant line, and hans's extension reached through a main number. */
function withMainNumbers(options: { hansMoves: boolean; ringThrough?: string }): BuildPlanInput {
  const input = smallTenantInputs();
  const inventory = input.inventory!;
  const aa: PbxLine = {
    id: 'berlin/5600',
    extension: '5600',
    did: MAIN,
    siteId: 'berlin',
    deviceType: 'auto-attendant',
    huntGroups: [],
    callCentreAgent: false,
    voicemail: false,
    source: { file: 'lines.csv', row: 30 },
    match: { status: 'non-person', explanation: 'auto attendant line' },
  };
  inventory.lines.push(aa);
  const hans = inventory.lines.find((l) => l.id === 'berlin/0101')!;
  hans.mainNumber = options.ringThrough ?? RUNG_THROUGH;
  if (!options.hansMoves) return input;
  const effectivePaths = input.effectivePaths.map((p) => (p.personId === 'hans' ? { personId: 'hans', siteId: 'berlin', path: 'DR' as const, sbcId: 'sbc-eu', source: 'site-decision' as const, decided: true } : p));
  return { ...input, effectivePaths };
}

describe('main numbers', () => {
  it('move with the last people of their site, the way they go, to the auto attendant', () => {
    const plan = buildPlan(withMainNumbers({ hansMoves: true }));
    const berlin = plan.waves.filter((w) => w.members.some((m) => m.siteId === 'berlin'));
    const last = berlin[berlin.length - 1];
    expect(last.mainNumbers).toEqual([
      { siteId: 'berlin', number: MAIN, lineId: 'berlin/5600', extension: '5600', path: 'DR', numberType: 'directRouting', sbcId: 'sbc-eu' },
      { siteId: 'berlin', number: RUNG_THROUGH, linesRingingThrough: 1, path: 'DR', numberType: 'directRouting', sbcId: 'sbc-eu' },
    ]);
    expect(plan.waves.filter((w) => w !== last).every((w) => !w.mainNumbers)).toBe(true);
    // Uploaded for that wave's Direct Routing, answered in Teams after the cutover day.
    const upload = plan.uploadOrders.find((o) => o.waveNumber === last.number)!;
    expect(upload.numbers).toEqual(expect.arrayContaining([MAIN, RUNG_THROUGH]));
    const before = simulateRoute(plan, MAIN, last.date, { defaultCountry: 'DE' });
    const after = simulateRoute(plan, MAIN, addDays(last.date, 1), { defaultCountry: 'DE' });
    expect(before.target).toBe('pbx');
    expect(after.target).toBe('teams');
    // The answer says whose number it is and which wave moves it, though no person takes it.
    expect(before).toMatchObject({ voiceApp: { kind: 'auto-attendant', label: 'the main number of berlin' }, wave: { number: last.number, moved: false } });
    expect(before.explanation).toContain(`(the main number of berlin, moving to its auto attendant in wave ${last.number})`);
    expect(after.explanation).toContain(`(the main number of berlin, on its auto attendant since wave ${last.number})`);
    expect(after.hops.at(-1)).toBe('auto attendant');
    // The auto attendant's extension, dialled on the PBX, goes to Teams from that wave on.
    const fromPbx = plan.routing.find((r) => r.afterWave === last.number)?.pbxToTeamsRoutes.find((r) => r.siteId === 'berlin');
    expect(new RegExp(fromPbx!.extensionPattern).test('5600')).toBe(true);
    // Seattle has no main number here.
    expect(plan.waves.flatMap((w) => w.mainNumbers ?? []).every((n) => n.siteId === 'berlin')).toBe(true);
  });

  it('stay on the PBX while anybody at the site stays, and keep their block from moving whole', () => {
    const plan = buildPlan(withMainNumbers({ hansMoves: false }));
    expect(plan.waves.flatMap((w) => w.mainNumbers ?? [])).toEqual([]);
    const numbers = [...plan.uploadOrders.flatMap((o) => o.numbers), ...plan.portOrders.flatMap((o) => o.numbers)];
    expect(numbers).not.toContain(MAIN);
    expect(numbers).not.toContain(RUNG_THROUGH);
    const split = plan.blockSplits.find((b) => b.siteId === 'berlin')!;
    expect(split.staying).toEqual(expect.arrayContaining([MAIN, RUNG_THROUGH]));
    expect(simulateRoute(plan, MAIN, '2026-12-01', { defaultCountry: 'DE' }).target).toBe('pbx');
  });

  it('move ahead of blocked people, and the plan says so', () => {
    // Seattle's auto attendant: carol is blocked there, everyone else moves.
    const input = withMainNumbers({ hansMoves: true });
    input.inventory!.lines.push({ ...input.inventory!.lines.find((l) => l.id === 'berlin/5600')!, id: 'seattle/0199', extension: '0199', did: '+14255550199', siteId: 'seattle' });
    const plan = buildPlan(input);
    const seattle = plan.waves.filter((w) => w.members.some((m) => m.siteId === 'seattle'));
    const last = seattle[seattle.length - 1];
    expect(last.mainNumbers?.map((n) => [n.siteId, n.number, n.path, n.operatorId])).toEqual([['seattle', '+14255550199', 'OC', 'contoso-oc']]);
    expect(plan.unmet.filter((u) => u.code === 'main-number-before-blocked-people')).toEqual([
      {
        code: 'main-number-before-blocked-people',
        message: `main number +14255550199 of Seattle moves to a Teams auto attendant in wave ${last.number} while 1 person there is blocked on the PBX`,
        siteIds: ['seattle'],
        personIds: ['carol'],
        waveNumber: last.number,
      },
    ]);
  });

  it('move ahead of people blocked with their migration group too', () => {
    // gina is blocked; frank, in her hunt group, waits with the group: neither holds Berlin's main number back.
    const input = withMainNumbers({ hansMoves: true });
    const gate = { code: 'no-usage-location', severity: 'blocker' as const, message: 'gina has no usage location', fix: 'Set it.', personId: 'gina', siteId: 'berlin' };
    const plan = buildPlan({ ...input, readiness: [...input.readiness, gate] });
    expect(plan.blocked.find((b) => b.personId === 'frank')?.gates.map((g) => g.code)).toEqual(['group-member-blocked']);
    expect(plan.waves.flatMap((w) => w.mainNumbers ?? []).map((n) => n.number)).toContain(MAIN);
    expect(plan.unmet.find((u) => u.code === 'main-number-before-blocked-people')?.personIds).toEqual(['frank', 'gina']);
  });

  it('are never a number a person moves with', () => {
    // hans's extension rings through ida's own DID: it moves with ida, not to an auto attendant.
    const plan = buildPlan(withMainNumbers({ hansMoves: true, ringThrough: '+493012345603' }));
    expect(plan.waves.flatMap((w) => w.mainNumbers ?? []).map((n) => n.number)).toEqual([MAIN]);
    expect(plan.waves.flatMap((w) => w.members).find((m) => m.personId === 'ida')?.numberToAssign).toBe('+493012345603');
  });

  it('give the same plan for the same inputs', () => {
    expect(JSON.stringify(buildPlan(withMainNumbers({ hansMoves: true })))).toBe(JSON.stringify(buildPlan(withMainNumbers({ hansMoves: true }))));
  });
});

describe('Shared Calling', () => {
  /** hans (an extension-only line) moves with no number of his own; Berlin lends him its main number. */
  function sharedCalling(options: { ringThrough?: string } = {}): BuildPlanInput {
    const input = withMainNumbers({ hansMoves: true, ...options });
    const sites = input.settings.sites.map((s) => (s.siteId === 'berlin' ? { ...s, sharedCalling: { emergencyCallbackNumbers: ['+493012345690'] } } : s));
    return { ...input, settings: { ...input.settings, sites } };
  }

  it('moves the people with no number of their own in the wave of the main number, after the rest of the site', () => {
    const plan = buildPlan(sharedCalling());
    const berlin = plan.waves.filter((w) => w.members.some((m) => m.siteId === 'berlin'));
    expect(berlin.length).toBeGreaterThan(1);
    const last = berlin[berlin.length - 1];
    const hans = plan.waves.flatMap((w) => w.members.map((m) => ({ ...m, wave: w.number }))).find((m) => m.personId === 'hans')!;
    // The number his own line rang through on the PBX.
    expect(hans).toMatchObject({ sharedCalling: true, sharedNumber: RUNG_THROUGH, wave: last.number });
    expect(hans.numberToAssign).toBeUndefined();
    expect(last.mainNumbers?.map((n) => n.number)).toContain(MAIN);
    // Only hans: the others have numbers of their own.
    expect(plan.waves.flatMap((w) => w.members).filter((m) => m.sharedCalling).map((m) => m.personId)).toEqual(['hans']);
    expect(plan.unmet.map((u) => u.code)).not.toContain('shared-calling-without-main-number');
  });

  it('tracks them done once the main number answers on its resource account, and a number of their own as drift', () => {
    const input = sharedCalling();
    const plan = buildPlan(input);
    const wave = plan.waves.find((w) => w.members.some((m) => m.personId === 'hans'))!;
    const statusOf = (numbers: TenantNumber[], today = '2026-01-01') =>
      computeMigrationStatus(plan, { ...input.snapshot, numbers }, today).members.find((m) => m.personId === 'hans')!;
    const main = (assignmentStatus: TenantNumber['assignmentStatus']): TenantNumber => ({ telephoneNumber: RUNG_THROUGH, numberType: 'directRouting', assignmentStatus, numberSource: 'online', ...(assignmentStatus !== 'unassigned' && { assignmentTargetId: 'ra-berlin' }) });
    expect(statusOf([main('unassigned')])).toMatchObject({ state: 'scheduled', detail: expect.stringMatching(`Shared Calling, wave ${wave.number} on ${wave.date}: calls out as \\${RUNG_THROUGH} once it answers on its auto attendant`) });
    expect(statusOf([main('unassigned')], '2099-01-01')).toMatchObject({ state: 'scheduled', overdue: true });
    expect(statusOf([main('voiceApplicationAssigned')])).toMatchObject({ state: 'done', detail: `Shared Calling: calls out as ${RUNG_THROUGH}, on its auto attendant` });
    const own: TenantNumber = { telephoneNumber: '+493012345677', numberType: 'directRouting', assignmentStatus: 'userAssigned', assignmentTargetId: 'hans', numberSource: 'online' };
    const status = computeMigrationStatus(plan, { ...input.snapshot, numbers: [main('voiceApplicationAssigned'), own] }, '2026-01-01');
    expect(status.members.find((m) => m.personId === 'hans')).toMatchObject({ state: 'drifted' });
    expect(status.fixUps.find((f) => f.personId === 'hans')).toMatchObject({
      problem: 'holds +493012345677 (directRouting); the plan moves them by Shared Calling, with no number of their own',
      powershell: ["Remove-CsPhoneNumberAssignment -Identity 'hans@contoso.test' -PhoneNumber '+493012345677' -PhoneNumberType 'DirectRouting'"],
    });
  });

  it('without it, the same person moves wherever the schedule puts him, without a number', () => {
    const plan = buildPlan(withMainNumbers({ hansMoves: true }));
    expect(plan.waves.flatMap((w) => w.members).some((m) => m.sharedCalling)).toBe(false);
  });

  it('says so when the main number stays on the PBX', () => {
    const input = sharedCalling();
    // gina stays on the PBX by decision, so Berlin's main number stays too.
    const effectivePaths = input.effectivePaths.map((p) => (p.personId === 'gina' ? { personId: 'gina', siteId: 'berlin', path: 'PBX' as const, source: 'override' as const, decided: true } : p));
    const plan = buildPlan({ ...input, effectivePaths });
    expect(plan.waves.flatMap((w) => w.mainNumbers ?? [])).toEqual([]);
    const unmet = plan.unmet.find((u) => u.code === 'shared-calling-without-main-number')!;
    expect(unmet).toMatchObject({ siteIds: ['berlin'], personIds: ['hans'] });
    expect(unmet.message).toMatch(/1 Shared Calling person at Berlin moves while the site's main number stays on the PBX/);
  });
});

describe('auto attendant lines in an export', () => {
  it.each([
    ['Auto Attendant', 'auto-attendant'],
    ['IVR', 'auto-attendant'],
    ['VDN', 'auto-attendant'],
    ['Vector Directory Number', 'auto-attendant'],
    ['Digital Receptionist', 'auto-attendant'],
    ['Call Handler', 'auto-attendant'],
    ['CTI Route Point', 'other'],
    ['Reception desk', 'common-area'],
  ])('reads "%s" as %s', (text, type) => {
    expect(parseDeviceType(text)).toBe(type);
  });

  it('never match an unowned auto attendant line to a person', () => {
    const match = matchLine(new PersonIndex({ people: [] }), { deviceType: 'auto-attendant', did: MAIN, siteId: 'berlin' }, true);
    expect(match.status).toBe('non-person');
    expect(match.explanation).toMatch(/auto attendant/);
  });
});
