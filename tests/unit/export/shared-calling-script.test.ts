/**
 * Shared Calling in the runbooks: a member with no number of their own is enabled for voice without one,
 * gets a voice routing policy without PSTN usages, and is granted the site's shared calling routing
 * policy, which the wave that moves the site's main number makes on that number's resource account.
 */
import { PlanningSettingsSchema } from '../../../shared/domain/planning-settings';
import type { Plan, WaveMember } from '../../../shared/domain/plan';
import type { ExportInput } from '../../../shared/export/export-input';
import { assignmentRows, buildLookups } from '../../../shared/export/export-model';
import { tenantSetupScript, waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { SHARED_CALLING_VOICE_ROUTING_POLICY, sharedCallingPolicyOf, waveSharedCallingSetUps } from '../../../shared/export/shared-calling-script';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';
import { exportGroupSetUps } from '../../../shared/export/group-set-ups';

/** `member` moved without a number, by Shared Calling. */
function sharing(member: WaveMember, over: Partial<WaveMember> = {}): WaveMember {
  const { numberToAssign: _n, currentDid: _d, ...rest } = member;
  return { ...rest, userPrincipalName: `shared.${member.userPrincipalName}`, personId: `${member.personId}-s`, sharedCalling: true, ...over };
}

/** The fixture with Shared Calling at Seattle (main number in the pilot) and Denver (Calling Plan main number in wave 1). */
function withSharedCalling(edit: (plan: Plan) => void = () => undefined): ExportInput {
  const plan = buildFixturePlan();
  plan.waves[0].members.push(sharing(plan.waves[0].members[5], { sharedNumber: '+14255551000' }));
  plan.waves[1].members.push(sharing(plan.waves[1].members[2], { userPrincipalName: 'shared.denver@contoso.com', sharedNumber: '+13035550100' }));
  edit(plan);
  const input = buildFixtureInput(plan);
  const sites = input.settings.sites.map((s) =>
    s.siteId === 'seattle' ? { ...s, sharedCalling: { emergencyCallbackNumbers: ['+14255551090', '+14255551091'] } } : { ...s, sharedCalling: { emergencyCallbackNumbers: ['+13035550190'] } },
  );
  return { ...input, settings: PlanningSettingsSchema.parse({ ...input.settings, sites }) };
}

describe('Shared Calling in the runbooks', () => {
  it('enables the member for voice without a number and grants the site policy once the main number is set up', () => {
    const input = withSharedCalling();
    const wave = input.plan.waves[0];
    const shared = wave.members.find((m) => m.sharedCalling)!;
    expect(sharedCallingPolicyOf(input, shared)).toBe('VMP-SC-seattle');
    expect(waveSharedCallingSetUps(input, wave)).toEqual({
      setUps: [{ siteId: 'seattle', policy: 'VMP-SC-seattle', resourceAccount: 'aa-seattle@contoso.com', emergencyCallbackNumbers: ['+14255551090', '+14255551091'], extensions: 1 }],
      skipped: [],
    });
    const text = waveRunbook(input, wave).text;
    const record = text.split('\n').find((l) => l.includes(`Upn = '${shared.userPrincipalName}'`))!;
    expect(record).toContain("SharedCallingPolicy = 'VMP-SC-seattle'");
    expect(record).toContain(`VoiceRoutingPolicy = '${SHARED_CALLING_VOICE_ROUTING_POLICY}'`);
    expect(record).not.toContain('PhoneNumber');
    expect(text).toContain("[pscustomobject]@{ Site = 'seattle'; Policy = 'VMP-SC-seattle'; ResourceAccount = 'aa-seattle@contoso.com'; CallbackNumbers = '+14255551090,+14255551091'; Check = $null; Extensions = 1 }");
    expect(text).toContain('Set-CsPhoneNumberAssignment -Identity $a.Upn -EnterpriseVoiceEnabled $true');
    expect(text).toContain('-EmergencyNumbers @{ add = $numbers }');
    // A second run finds the callback numbers assigned to the policy itself, and leaves them.
    const callbacks = text.slice(text.indexOf('$numbers = @($p.CallbackNumbers'));
    expect(callbacks).toContain("Get-CsPhoneNumberAssignment -AssignedPstnTargetId ('TeamsSharedCallingRoutingPolicy|Tag:{0}' -f $p.Policy)");
    expect(callbacks.indexOf('if ($inPolicy -contains $n)')).toBeLessThan(callbacks.indexOf('a callback number must be free'));
    // Callers dialed them by extension through the main number: the directory must know it.
    expect(text).toContain("Step 'dial by extension' -Result 'ACTION'");
    // The policy comes after the auto attendant that gives its resource account the number.
    expect(text.indexOf('foreach ($p in $SharedCallingPolicies)')).toBeGreaterThan(text.indexOf('foreach ($aa in $AutoAttendants)'));
    expect(waveRunbook(input, wave).skipped.map((s) => s.what)).not.toContain(shared.userPrincipalName);
    const rollback = waveRollback(input, wave).text;
    expect(rollback).toContain('Grant-CsTeamsSharedCallingRoutingPolicy -Identity $a.Upn -PolicyName $null');
    // Voice without a number goes off again, only where the cutover's action log says the cutover turned it on, and
    // only for a user with no number (removing one turns voice off by itself).
    expect(rollback).toContain(
      "if ($a.SharedCallingPolicy -and $user.EnterpriseVoiceEnabled -and -not $currentLine -and $before[('{0}|voice' -f $a.Upn)] -eq 'disabled') {\r\n" +
        "                if ($PSCmdlet.ShouldProcess($a.Upn, 'Set-CsPhoneNumberAssignment -EnterpriseVoiceEnabled off')) {\r\n" +
        '                    Set-CsPhoneNumberAssignment -Identity $a.Upn -EnterpriseVoiceEnabled $false | ForEach-Object',
    );
    expect(rollback).toContain("Shared Calling users' voice without a number goes off again where the cutover turned it on.");
    expect(waveRollback(buildFixtureInput(), buildFixtureInput().plan.waves[0]).text).not.toContain("Shared Calling users' voice");
    expect(tenantSetupScript(input).text).toContain(`$SharedCallingVoiceRoutingPolicy = '${SHARED_CALLING_VOICE_ROUTING_POLICY}'`);
  });

  it('says Shared Calling in the number assignments, with the voice routing policy the runbook grants', () => {
    const input = withSharedCalling();
    const row = [...assignmentRows(input, buildLookups(input))].find((r) => r[0] === 'shared.user6@contoso.com')!;
    expect([row[6], row[8], row[10]]).toEqual(['', 'Shared Calling', SHARED_CALLING_VOICE_ROUTING_POLICY]);
  });

  it("asks a person to fund a Calling Plan main number's outbound calls", () => {
    const input = withSharedCalling();
    expect(waveSharedCallingSetUps(input, input.plan.waves[1]).setUps).toEqual([expect.objectContaining({ siteId: 'denver', policy: 'VMP-SC-denver', check: expect.stringMatching(/Pay-As-You-Go Calling Plan/) })]);
  });

  it('skips the policy, saying why, in a wave that does not move the main number', () => {
    const input = withSharedCalling((plan) => delete plan.waves[0].mainNumbers);
    const wave = input.plan.waves[0];
    expect(waveSharedCallingSetUps(input, wave)).toEqual({ setUps: [], skipped: [{ what: 'Shared Calling policy VMP-SC-seattle', reason: expect.stringMatching(/main number of site seattle is not on a resource account by this wave/) }] });
    expect(waveRunbook(input, wave).text).not.toContain('foreach ($p in $SharedCallingPolicies)');
  });

  it("lends a call queue's pilot, a resource account moving as a member, or one in Teams already", () => {
    // Denver's reception group moves its pilot to a call queue in wave 1: its people share that number.
    const queue = withSharedCalling((plan) => {
      delete plan.waves[1].mainNumbers;
      plan.waves[1].members = plan.waves[1].members.map((m) => (m.sharedCalling ? { ...m, sharedNumber: '+13035550199' } : m));
    });
    const queueAccount = exportGroupSetUps(queue, 1).callQueues.find((q) => q.pilot?.number === '+13035550199')!.resourceAccount;
    expect(waveSharedCallingSetUps(queue, queue.plan.waves[1]).setUps).toEqual([expect.objectContaining({ siteId: 'denver', resourceAccount: queueAccount })]);
    const member = withSharedCalling((plan) => {
      delete plan.waves[0].mainNumbers;
      plan.waves[0].members.push({ ...plan.waves[0].members[6], userPrincipalName: 'ra-aa-seattle@contoso.com', personId: 'ra', resourceAccount: true, numberToAssign: '+14255551000' });
    });
    expect(waveSharedCallingSetUps(member, member.plan.waves[0]).setUps).toEqual([expect.objectContaining({ resourceAccount: 'ra-aa-seattle@contoso.com' })]);
    const inTeams = withSharedCalling((plan) => {
      delete plan.waves[0].mainNumbers;
      plan.waves[0].members = plan.waves[0].members.map((m) => (m.sharedCalling ? { ...m, sharedAccount: 'main-line@contoso.com' } : m));
    });
    expect(waveSharedCallingSetUps(inTeams, inTeams.plan.waves[0]).setUps).toEqual([expect.objectContaining({ resourceAccount: 'main-line@contoso.com' })]);
  });

  it('writes nothing of it without Shared Calling members', () => {
    const input = buildFixtureInput();
    expect(input.plan.waves.every((w) => waveSharedCallingSetUps(input, w).setUps.length === 0)).toBe(true);
    expect(tenantSetupScript(input).text).not.toContain('SharedCalling');
  });
});
