/**
 * A site's common-area phones (lines of device type common-area that nobody owns) move to Teams common
 * area phones with the site's last people, the way they go, keeping their numbers; while anybody at the
 * site stays on the PBX, they stay too.
 */
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { commonAreaPhoneFact, commonAreaPhoneProgressText, commonAreaPhoneTotals, computeMigrationStatus } from '../../../shared/domain/planning/migration-status';
import { countSnapshot, type Person, type TenantNumber } from '../../../shared/domain/tenant-snapshot';
import type { BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { simulateRoute } from '../../../shared/domain/planning/routing-simulator';
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { smallTenantInputs } from './support/small-tenant';

const LOBBY = '+493012345650';

/** The small tenant with Berlin's lobby phone (a number of its own) and a kitchen phone (an extension only). */
function withPhones(options: { hansMoves: boolean }): BuildPlanInput {
  const input = smallTenantInputs();
  const line = (id: string, extension: string, did: string | undefined, notes: string): PbxLine => ({
    id,
    extension,
    did,
    siteId: 'berlin',
    deviceType: 'common-area',
    notes,
    huntGroups: [],
    callCentreAgent: false,
    voicemail: false,
    source: { file: 'lines.csv', row: 40 },
    match: { status: 'non-person', explanation: 'common-area phone' },
  });
  input.inventory!.lines.push(line('berlin/5650', '5650', LOBBY, 'Lobby phone'), line('berlin/5651', '5651', undefined, 'Kitchen phone'));
  if (!options.hansMoves) return input;
  const effectivePaths = input.effectivePaths.map((p) => (p.personId === 'hans' ? { personId: 'hans', siteId: 'berlin', path: 'DR' as const, sbcId: 'sbc-eu', source: 'site-decision' as const, decided: true } : p));
  return { ...input, effectivePaths };
}

describe('common-area phones', () => {
  it("move with their site's last people, the way they go, keeping their numbers", () => {
    const plan = buildPlan(withPhones({ hansMoves: true }));
    const berlin = plan.waves.filter((w) => w.members.some((m) => m.siteId === 'berlin'));
    const last = berlin[berlin.length - 1];
    const like = last.members.filter((m) => m.siteId === 'berlin').sort((a, b) => (a.userPrincipalName < b.userPrincipalName ? -1 : 1))[0];
    // Accounts in the domain of the site's people, named after the site and the phone.
    const domain = like.userPrincipalName.split('@')[1];
    expect(last.commonAreaPhones).toEqual([
      { siteId: 'berlin', lineId: 'berlin/5650', name: 'Lobby phone', displayName: 'Berlin Lobby phone', account: `cap-berlin-lobby-phone@${domain}`, number: LOBBY, extension: '5650', path: 'DR', numberType: 'directRouting', sbcId: 'sbc-eu', voiceRoutingPolicy: like.voiceRoutingPolicy, dialPlan: like.dialPlan },
      { siteId: 'berlin', lineId: 'berlin/5651', name: 'Kitchen phone', displayName: 'Berlin Kitchen phone', account: `cap-berlin-kitchen-phone@${domain}`, extension: '5651', path: 'DR', numberType: 'directRouting', sbcId: 'sbc-eu', voiceRoutingPolicy: like.voiceRoutingPolicy, dialPlan: like.dialPlan },
    ]);
    expect(plan.waves.filter((w) => w !== last).every((w) => !w.commonAreaPhones)).toBe(true);
    // Its number is uploaded for that wave's Direct Routing, not kept on the PBX nor left for an ATA.
    expect(plan.uploadOrders.find((o) => o.waveNumber === last.number)!.numbers).toContain(LOBBY);
    expect(plan.blockSplits.flatMap((b) => b.staying)).not.toContain(LOBBY);
    const before = simulateRoute(plan, LOBBY, last.date, { defaultCountry: 'DE' });
    const after = simulateRoute(plan, LOBBY, addDays(last.date, 1), { defaultCountry: 'DE' });
    expect([before.target, after.target]).toEqual(['pbx', 'teams']);
    expect(after.explanation).toContain(`(the common-area phone Lobby phone at berlin, on its common area phone since wave ${last.number})`);
    expect(after.hops.at(-1)).toBe('common area phone');
    // Its extension, dialled on the PBX, goes to Teams from that wave on.
    const fromPbx = plan.routing.find((r) => r.afterWave === last.number)?.pbxToTeamsRoutes.find((r) => r.siteId === 'berlin');
    expect(new RegExp(fromPbx!.extensionPattern).test('5650')).toBe(true);
  });

  it('stay on the PBX while anybody at the site stays, and keep their numbers there', () => {
    const plan = buildPlan(withPhones({ hansMoves: false }));
    expect(plan.waves.flatMap((w) => w.commonAreaPhones ?? [])).toEqual([]);
    const moved = [...plan.uploadOrders.flatMap((o) => o.numbers), ...plan.portOrders.flatMap((o) => o.numbers)];
    expect(moved).not.toContain(LOBBY);
    expect(plan.blockSplits.find((b) => b.siteId === 'berlin')!.staying).toContain(LOBBY);
    expect(simulateRoute(plan, LOBBY, '2026-12-01', { defaultCountry: 'DE' }).target).toBe('pbx');
  });

  it("leave the phone's account out of the people once the sync reads it back (Microsoft Teams Shared Devices), and keep the phone's number", () => {
    const input = withPhones({ hansMoves: true });
    const first = buildPlan(input);
    const lobby = first.waves.flatMap((w) => w.commonAreaPhones ?? []).find((p) => p.number === LOBBY)!;
    // After the cutover: the account the runbook made, licensed as a shared device, holds the number.
    const hans = input.snapshot.people.find((p) => p.id === 'hans')!;
    const account = { ...hans, id: 'cap-1', userPrincipalName: lobby.account!, displayName: lobby.displayName, sharedDevice: true as const, businessPhones: [] };
    const later = buildPlan({
      ...input,
      snapshot: {
        ...input.snapshot,
        people: [...input.snapshot.people, account],
        numbers: [...input.snapshot.numbers, { telephoneNumber: LOBBY, numberType: 'directRouting', assignmentStatus: 'userAssigned', assignmentTargetId: 'cap-1', numberSource: 'online' }],
      },
      effectivePaths: [...input.effectivePaths, { personId: 'cap-1', siteId: 'berlin', path: 'DR', sbcId: 'sbc-eu', source: 'site-decision', decided: true }],
    });
    expect(later.waves.flatMap((w) => w.members).map((m) => m.personId)).not.toContain('cap-1');
    expect(later.stayingOnPbx.map((s) => s.personId)).not.toContain('cap-1');
    expect(later.blocked.map((b) => b.personId)).not.toContain('cap-1');
    expect(later.waves.flatMap((w) => w.commonAreaPhones ?? [])).toEqual(first.waves.flatMap((w) => w.commonAreaPhones ?? []));
    // Counted apart from the users and the resource accounts (the Overview, `vmp status`, the sync's summary).
    const before = countSnapshot(input.snapshot);
    expect(before.sharedDevices).toBeUndefined();
    expect(countSnapshot({ ...input.snapshot, people: [...input.snapshot.people, account] })).toEqual({ ...before, people: before.people + 1, sharedDevices: 1 });
  });

  it('give the same plan for the same inputs', () => {
    expect(JSON.stringify(buildPlan(withPhones({ hansMoves: true })))).toBe(JSON.stringify(buildPlan(withPhones({ hansMoves: true }))));
  });
});

describe('common-area phones against the tenant', () => {
  const input = withPhones({ hansMoves: true });
  const plan = buildPlan(input);
  const wave = plan.waves.find((w) => w.commonAreaPhones?.length)!;
  const [lobby, kitchen] = wave.commonAreaPhones!;
  const held = (assignmentStatus: TenantNumber['assignmentStatus'], assignmentTargetId?: string, numberType: TenantNumber['numberType'] = 'directRouting'): TenantNumber => ({
    telephoneNumber: LOBBY,
    numberType,
    assignmentStatus,
    ...(assignmentTargetId && { assignmentTargetId }),
    numberSource: 'online',
  });
  /** The phones' accounts once the runbook has made them, as the next sync reads them. */
  const accounts: Person[] = [lobby, kitchen].map((p, i) => ({ ...input.snapshot.people[0], id: `cap-${i}`, userPrincipalName: p.account!, displayName: p.displayName }));
  const statusWith = (numbers: TenantNumber[], people = input.snapshot.people) => computeMigrationStatus(plan, { ...input.snapshot, people, numbers }, '2026-12-06');
  const phone = (status: ReturnType<typeof statusWith>, lineId: string) => status.commonAreaPhones.find((p) => p.lineId === lineId)!;

  it('is scheduled until its number is in Teams, ready once it is, done on its own account', () => {
    const before = statusWith([]);
    expect(phone(before, 'berlin/5650')).toEqual({
      lineId: 'berlin/5650',
      siteId: 'berlin',
      wave: wave.number,
      name: 'Berlin Lobby phone',
      account: lobby.account,
      number: LOBBY,
      state: 'scheduled',
      detail: 'not in Teams yet',
    });
    expect(before.waves.find((w) => w.number === wave.number)!.commonAreaPhones).toEqual({ total: 2, done: 0 });
    expect(phone(statusWith([held('unassigned')]), 'berlin/5650')).toMatchObject({ state: 'ready', detail: "in Teams, not yet on the phone's account" });
    const done = statusWith([held('userAssigned', 'cap-0')], [...input.snapshot.people, ...accounts]);
    expect(phone(done, 'berlin/5650')).toMatchObject({ state: 'done', detail: "on the phone's account" });
    // The kitchen phone has no number: done once its account is in the directory.
    expect(phone(before, 'berlin/5651')).toMatchObject({ state: 'scheduled', detail: 'its account is not in the directory yet' });
    expect(phone(done, 'berlin/5651').state).toBe('done');
    expect(done.waves.find((w) => w.number === wave.number)!.commonAreaPhones).toEqual({ total: 2, done: 2 });
    // Counted apart from pilots and main numbers: the Overview, the bot and `vmp status` say so.
    expect(commonAreaPhoneProgressText(commonAreaPhoneTotals(done.waves)!)).toBe('2 of 2 common-area phones on their own accounts');
    expect(commonAreaPhoneProgressText(commonAreaPhoneTotals(before.waves.map((w) => (w.commonAreaPhones ? { commonAreaPhones: { total: 1, done: 0 } } : {})))!)).toBe(
      '0 of 1 common-area phone on its own account',
    );
    expect(commonAreaPhoneFact({ total: 3, done: 2 })).toEqual(['Common-area phones', '2 of 3 on their own accounts']);
    expect(commonAreaPhoneTotals([{}, { mainNumbers: { total: 1, done: 0 } }])).toBeUndefined();
    expect(done.fixUps).toEqual([]);
  });

  it('is drifted when someone else holds its number, or of another type, and that user gets a fix-up', () => {
    const someone = input.snapshot.people.find((p) => p.id === 'hans')!;
    const drifted = statusWith([held('userAssigned', someone.id)]);
    expect(phone(drifted, 'berlin/5650')).toMatchObject({ state: 'drifted', detail: `assigned to ${someone.userPrincipalName} instead of the phone's account`, holderId: someone.id });
    expect(drifted.fixUps).toContainEqual(
      expect.objectContaining({
        personId: someone.id,
        problem: `holds ${LOBBY}, the number of the common-area phone Berlin Lobby phone, which the plan gives to its account ${lobby.account} in wave ${wave.number}`,
        powershell: [`Remove-CsPhoneNumberAssignment -Identity '${someone.userPrincipalName}' -PhoneNumber '${LOBBY}' -PhoneNumberType 'DirectRouting'`],
      }),
    );
    expect(phone(statusWith([held('unassigned', undefined, 'operatorConnect')]), 'berlin/5650')).toMatchObject({ state: 'drifted', detail: 'in Teams as operatorConnect instead of directRouting' });
    expect(phone(statusWith([held('voiceApplicationAssigned', 'ra-1')]), 'berlin/5650').state).toBe('drifted');
  });
});
