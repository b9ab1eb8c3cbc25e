import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { computeMigrationStatus, quotedFixUpCommand } from '../../../shared/domain/planning/migration-status';
import type { TenantNumber, TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { smallTenantInputs } from './support/small-tenant';

const input = smallTenantInputs();
const plan = buildPlan(input);

function later(numbers: TenantNumber[]): TenantSnapshot {
  return { ...input.snapshot, takenAt: '2026-02-25T08:00:00.000Z', numbers };
}

const n = (telephoneNumber: string, numberType: TenantNumber['numberType'], assignmentTargetId?: string): TenantNumber => ({
  telephoneNumber,
  numberType,
  assignmentStatus: assignmentTargetId ? 'userAssigned' : 'unassigned',
  assignmentTargetId,
  numberSource: 'online',
});

describe('migration status and drift', () => {
  const status = computeMigrationStatus(
    plan,
    later([
      n('+14255550101', 'operatorConnect', 'alice'), // done
      n('+14255550102', 'directRouting', 'bob'), // wrong type: drifted
      n('+14255550201', 'operatorConnect'), // ported, not assigned: ready
      n('+493012345699', 'directRouting', 'hans'), // staying on the PBX but holds a Teams number: drifted
    ]),
    '2026-02-25',
  );
  const state = (id: string) => status.members.find((m) => m.personId === id)!;

  it('classifies every person', () => {
    expect(state('alice').state).toBe('done');
    expect(state('bob').state).toBe('drifted');
    expect(state('erin').state).toBe('ready');
    expect(state('dave')).toMatchObject({ state: 'scheduled', overdue: true });
    expect(state('frank')).toMatchObject({ state: 'scheduled' });
    expect(state('frank').overdue).toBeUndefined();
    expect(state('carol').state).toBe('blocked');
    expect(state('hans').state).toBe('drifted');
    expect(status.members).toHaveLength(input.snapshot.people.length);
  });

  it("counts a resource account's number, which Teams holds as a voice application's, as its own", () => {
    const onAccount = { ...n('+14255550101', 'operatorConnect', 'alice'), assignmentStatus: 'voiceApplicationAssigned' as const };
    const alice = computeMigrationStatus(plan, later([onAccount]), '2026-02-25').members.find((m) => m.personId === 'alice')!;
    expect(alice).toMatchObject({ state: 'done', actual: [{ number: '+14255550101', numberType: 'operatorConnect' }] });
  });

  it('lists people by site, the people at no site last, and by user name within a site', () => {
    const key = (m: { siteId?: string; userPrincipalName?: string }) => `${m.siteId === undefined ? '1' : '0'}|${m.siteId ?? ''}|${m.userPrincipalName ?? ''}`;
    const keys = status.members.map(key);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(status.members.map((m) => m.siteId)).size).toBeGreaterThan(1);
    const fixUpNames = status.fixUps.map((f) => f.userPrincipalName ?? '');
    expect(fixUpNames).toEqual([...fixUpNames].sort());
    // Named out of their ids' order: the name decides.
    const renamed = { ...input, snapshot: { ...input.snapshot, people: input.snapshot.people.map((p) => (p.id === 'alice' ? { ...p, userPrincipalName: 'zoe@contoso.test' } : p)) } };
    const seattle = computeMigrationStatus(buildPlan(renamed), later([]), '2026-02-25').members.filter((m) => m.siteId === 'seattle');
    expect(seattle.map((m) => m.personId).at(-1)).toBe('alice');
    expect(seattle.map((m) => m.personId)[0]).toBe('bob');
  });

  it('counts progress per wave, site and tenant', () => {
    expect(status.waves[0].counts).toMatchObject({ done: 1, drifted: 1, total: 2, percentDone: 50 });
    expect(status.tenant.total).toBe(9);
    expect(status.sites.map((s) => s.siteId)).toEqual(['berlin', 'seattle']);
  });

  it("counts each site's people per wave, as its members in that wave are, in wave order", () => {
    for (const site of status.sites) {
      const inWaves = status.members.filter((m) => (m.siteId ?? '') === site.siteId && m.waveNumber !== undefined);
      expect(site.waves.map((w) => w.number)).toEqual([...new Set(inWaves.map((m) => m.waveNumber!))].sort((a, b) => a - b));
      for (const wave of site.waves) {
        const members = inWaves.filter((m) => m.waveNumber === wave.number);
        expect(wave.counts.total).toBe(members.length);
        for (const state of ['done', 'ready', 'scheduled', 'drifted', 'blocked', 'not-started'] as const) expect(wave.counts[state]).toBe(members.filter((m) => m.state === state).length);
      }
    }
    // People in no wave (blocked, staying on the PBX) count for their site only.
    const waveless = status.members.filter((m) => m.waveNumber === undefined).length;
    expect(waveless).toBeGreaterThan(0);
    expect(status.sites.reduce((n, s) => n + s.counts.total - s.waves.reduce((w, x) => w + x.counts.total, 0), 0)).toBe(waveless);
  });

  it('lists fix-ups with the PowerShell that repairs them', () => {
    const bob = status.fixUps.find((f) => f.personId === 'bob')!;
    expect(bob.powershell).toEqual([
      "Remove-CsPhoneNumberAssignment -Identity 'bob@contoso.test' -PhoneNumber '+14255550102' -PhoneNumberType 'DirectRouting'",
      "Set-CsPhoneNumberAssignment -Identity 'bob@contoso.test' -PhoneNumber '+14255550102' -PhoneNumberType 'OperatorConnect'",
    ]);
    expect(status.fixUps.find((f) => f.personId === 'hans')?.problem).toMatch(/outside the plan/);
  });

  it("holds a done number to the site's emergency location: another (or none) is drift, with the command that moves it", () => {
    const location = '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f';
    const located = smallTenantInputs();
    located.settings = { ...located.settings, sites: located.settings.sites.map((x) => (x.siteId === 'seattle' ? { ...x, emergencyLocationId: location } : x)) };
    const withLocations = buildPlan(located);
    const at = (locationId?: string) =>
      computeMigrationStatus(withLocations, later([{ ...n('+14255550101', 'operatorConnect', 'alice'), ...(locationId && { locationId }) }]), '2026-02-25');
    // The same location (GUIDs compare without case): done.
    expect(at(location.toUpperCase()).members.find((m) => m.personId === 'alice')!.state).toBe('done');
    for (const held of ['0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', undefined]) {
      const s = at(held);
      expect(s.members.find((m) => m.personId === 'alice')).toMatchObject({ state: 'drifted', detail: expect.stringContaining(held ? `emergency location ${held}` : 'no emergency location') });
      const fix = s.fixUps.find((f) => f.personId === 'alice')!;
      expect(fix.powershell).toEqual([`Set-CsPhoneNumberAssignment -PhoneNumber '+14255550101' -LocationId '${location}'`]);
      // Read back as stored: the command passes as it is.
      expect(quotedFixUpCommand(fix.powershell[0])).toBe(fix.powershell[0]);
    }
    // A location that is not a plain GUID never passes as a stored command.
    expect(quotedFixUpCommand("Set-CsPhoneNumberAssignment -PhoneNumber '+1' -LocationId 'x'; Stop-Computer; '1'")).toMatch(/^Write-Host '/);
  });

  it('quotes what the directory and Teams hold in a fix-up: an apostrophe in a UPN cannot end the literal', () => {
    const obrien = "o'brien@contoso.test";
    const renamed = {
      ...later([n('+14255550102', 'directRouting', 'bob'), n("+1425555'; Remove-Item C:\\ -Recurse; '", 'directRouting', 'hans')]),
      people: input.snapshot.people.map((p) => (p.id === 'bob' || p.id === 'hans' ? { ...p, userPrincipalName: obrien } : p)),
    };
    const renamedPlan = { ...plan, waves: plan.waves.map((w) => ({ ...w, members: w.members.map((m) => (m.personId === 'bob' ? { ...m, userPrincipalName: obrien } : m)) })) };
    const s = computeMigrationStatus(renamedPlan, renamed, '2026-02-25');
    const lines = s.fixUps.flatMap((f) => f.powershell);
    expect(lines).toContain("Remove-CsPhoneNumberAssignment -Identity 'o''brien@contoso.test' -PhoneNumber '+14255550102' -PhoneNumberType 'DirectRouting'");
    expect(lines).toContain("Remove-CsPhoneNumberAssignment -Identity 'o''brien@contoso.test' -PhoneNumber '+1425555''; Remove-Item C:\\ -Recurse; ''' -PhoneNumberType 'DirectRouting'");
    // Every line is the command word and three quoted values, nothing else.
    for (const l of lines) expect(l).toMatch(/^(?:Set|Remove)-CsPhoneNumberAssignment -Identity '(?:[^']|'')*' -PhoneNumber '(?:[^']|'')*' -PhoneNumberType '(?:[^']|'')*'$/);
  });

  it('serves a command stored before quoting quoted, and never passes an unparsable one on', () => {
    const quoted = "Remove-CsPhoneNumberAssignment -Identity 'bob@contoso.test' -PhoneNumber '+14255550102' -PhoneNumberType 'DirectRouting'";
    expect(quotedFixUpCommand(quoted)).toBe(quoted);
    expect(quotedFixUpCommand('Remove-CsPhoneNumberAssignment -Identity bob@contoso.test -PhoneNumber +14255550102 -PhoneNumberType DirectRouting')).toBe(quoted);
    expect(quotedFixUpCommand("Set-CsPhoneNumberAssignment -Identity o'brien@contoso.test -PhoneNumber +1 -PhoneNumberType DirectRouting")).toMatch(/^Write-Host 'This fix-up was stored by an earlier version/);
    expect(quotedFixUpCommand('Remove-CsPhoneNumberAssignment -Identity x; Remove-Item C:\\ -PhoneNumber +1 -PhoneNumberType DirectRouting')).toMatch(/^Write-Host '/);
  });

  it('flags a planned number assigned to someone outside the plan', () => {
    const s = computeMigrationStatus(plan, { ...later([n('+14255550101', 'operatorConnect', 'stranger')]), people: [...input.snapshot.people] }, '2026-02-25');
    expect(s.fixUps.find((f) => f.personId === 'stranger')?.problem).toMatch(/plan assigns to alice/);
  });
});
