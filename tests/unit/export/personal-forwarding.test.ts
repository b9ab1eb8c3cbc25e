/**
 * People's own call forwarding (personal-forwarding.ts, forwarding-script.ts): as the PBX forwarded
 * their calls, set in Teams by the cutover runbook, listed on the wave workbook, with a step for a person
 * where Teams cannot do the same.
 */
import ExcelJS from 'exceljs';
import type { LineForwarding } from '../../../shared/domain/line-forwarding';
import { forwardingText, teamsDelayText, teamsUnansweredDelaySeconds } from '../../../shared/domain/line-forwarding';
import type { Plan } from '../../../shared/domain/plan';
import { exportGroupSetUps } from '../../../shared/export/group-set-ups';
import { waveMainNumberSetUps } from '../../../shared/export/main-number-set-ups';
import { waveForwardingSetUps } from '../../../shared/export/personal-forwarding';
import { waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { loadPowerShellGrammar, powerShellSyntaxErrors } from './ps-grammar';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';
import { readWaveSheet } from './support/wave-sheet';

beforeAll(loadPowerShellGrammar);

/** The fixture plan with forwarding on the given members of wave 0 (by UPN) and wave 1. */
function inputWith(forwards: Record<string, LineForwarding>) {
  const plan: Plan = buildFixturePlan();
  // user1 is the boss (the group is named after the boss's line) and user2 their delegate.
  const boss = (groupIds: string[]) => [...groupIds.filter((g) => !g.startsWith('boss-delegate:')), 'boss-delegate:seattle/1001'];
  plan.waves[0].members = plan.waves[0].members.map((m) => (m.groupIds.some((g) => g.startsWith('boss-delegate:')) ? { ...m, groupIds: boss(m.groupIds) } : m));
  for (const wave of plan.waves) wave.members = wave.members.map((m) => (forwards[m.userPrincipalName] ? { ...m, forwarding: forwards[m.userPrincipalName] } : m));
  return buildFixtureInput(plan);
}

const ext = (extension: string) => ({ kind: 'extension' as const, extension });

describe('the delay Teams keeps', () => {
  it('is the nearest of 5, 10, 15, 20, 30, 40, 50 and 60 s, a tie to the longer', () => {
    expect([1, 5, 7, 8, 12, 18, 25, 33, 45, 55, 90, 3600].map(teamsUnansweredDelaySeconds)).toEqual([5, 5, 5, 10, 10, 20, 30, 30, 50, 60, 60, 60]);
    expect([5, 20, 60].map(teamsDelayText)).toEqual(['00:00:05', '00:00:20', '00:01:00']);
  });

  it('says the PBX forwarding in words', () => {
    expect(forwardingText({ all: ext('2001'), noAnswer: { kind: 'voicemail' }, noAnswerSeconds: 12 })).toBe('all calls to extension 2001; unanswered after 12 s to voicemail');
  });
});

describe('each forward as the cutover sets it', () => {
  // Wave 0 is Seattle (user1..user12 on 1001..1012, the main number's attendant on 1000); wave 1 holds user50
  // (London, 0050, +442071234050), user51 and user52 (Denver).
  const input = inputWith({
    'user1@contoso.com': { noAnswer: ext('1002'), noAnswerSeconds: 12 },
    'user4@contoso.com': { noAnswer: ext('1000'), noAnswerSeconds: 25 },
    'user6@contoso.com': { all: { kind: 'number', number: '+442079460000' } },
    'user7@contoso.com': { noAnswer: { kind: 'disconnect' } },
    'user8@contoso.com': { noAnswer: ext('0050'), noAnswerSeconds: 40 },
    'user9@contoso.com': { noAnswer: ext('9999') },
    'user10@contoso.com': { noAnswer: { kind: 'voicemail' } },
    'user11@contoso.com': { all: { kind: 'voicemail' }, noAnswer: ext('1003') },
    'user12@contoso.com': { noAnswer: ext('1012'), noAnswerSeconds: 30 },
    'user52@contoso.com': { all: ext('1003') },
  });
  const byUser = (wave: number) => new Map(waveForwardingSetUps(input, input.plan.waves[wave]).map((s) => [s.upn, s]));
  const wave0 = byUser(0);

  it("leaves the boss's forward to their own delegate to the delegation, which rings the delegate with them", () => {
    expect(exportGroupSetUps(input, 0).delegations).toContainEqual(expect.objectContaining({ boss: 'user1@contoso.com', delegate: 'user2@contoso.com' }));
    expect(wave0.get('user1@contoso.com')!.teams).toBeUndefined();
    expect(wave0.get('user1@contoso.com')).toMatchObject({ steps: [], covered: expect.stringMatching(/^user2@contoso\.com rings with them as their Teams delegate/) });
  });

  it("forwards to the account that answers an extension in Teams by then: here the site's auto attendant", () => {
    const attendant = waveMainNumberSetUps(input, 0).autoAttendants[0].resourceAccount;
    expect(wave0.get('user4@contoso.com')!.teams).toEqual({ setting: 'Unanswered', delaySeconds: 30, type: 'SingleTarget', account: attendant });
  });

  it('forwards all calls to a number, and turns the unanswered forward off where the PBX dropped such calls', () => {
    expect(wave0.get('user6@contoso.com')!.teams).toEqual({ setting: 'Immediate', type: 'SingleTarget', number: '+442079460000' });
    expect(wave0.get('user7@contoso.com')!.teams).toEqual({ setting: 'UnansweredOff' });
  });

  it('forwards to the number the PBX still answers for someone moving later, and says to change it after their wave', () => {
    const later = wave0.get('user8@contoso.com')!;
    expect(later.teams).toEqual({ setting: 'Unanswered', delaySeconds: 40, type: 'SingleTarget', number: '+442071234050' });
    expect(later.steps).toEqual([
      'the PBX forwarded unanswered calls to extension 0050 (user50@contoso.com), in Teams from wave 1: the forward goes to +442071234050 until then; forward to user50@contoso.com after that wave',
    ]);
  });

  it('leaves an extension of no one in the plan to a person, and lists nothing where Teams does the same by default', () => {
    expect(wave0.get('user9@contoso.com')!.teams).toBeUndefined();
    expect(wave0.get('user9@contoso.com')).toMatchObject({ steps: [expect.stringMatching(/^the PBX forwarded unanswered calls to extension 9999: no one in the plan has that extension/)] });
    // No-answer to voicemail after the default ring time, and a forward to the line's own extension.
    expect(wave0.has('user10@contoso.com')).toBe(false);
    expect(wave0.has('user12@contoso.com')).toBe(false);
  });

  it('keeps one forward: all calls win, and the no-answer forward beside them is a step', () => {
    const both = wave0.get('user11@contoso.com')!;
    expect(both.teams).toEqual({ setting: 'Immediate', type: 'Voicemail' });
    expect(both.steps).toEqual(['the PBX also forwarded unanswered calls to extension 1003: Teams keeps one forward, so that one is not set while all calls forward']);
  });

  it('forwards to a person moved in an earlier wave by their account', () => {
    expect(byUser(1).get('user52@contoso.com')!.teams).toEqual({ setting: 'Immediate', type: 'SingleTarget', account: 'user3@contoso.com' });
  });

  it('writes the records and steps into the cutover runbook, after the queues and attendants, for users who passed the pre-checks', () => {
    const text = waveRunbook(input, input.plan.waves[0]).text;
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    expect(text).toContain("Upn = 'user4@contoso.com'; DisplayName = '-2+3'; Setting = 'Unanswered'; TargetType = 'SingleTarget'; Target = $null; TargetAccount = 'aa-");
    expect(text).toContain("Upn = 'user6@contoso.com'; DisplayName = '$(Remove-Item C:\\)'; Setting = 'Immediate'; TargetType = 'SingleTarget'; Target = '+442079460000'; TargetAccount = $null; Delay = $null");
    expect(text).toContain("Upn = 'user7@contoso.com'; DisplayName = '`whoami`'; Setting = 'UnansweredOff' }");
    expect(text).toContain("Delay = '00:00:40'");
    expect(text).toMatch(/\$ForwardingNotes = @\(\r\n {4}\[pscustomobject\]@\{ User = 'user8@contoso\.com'; Step = 'the PBX forwarded unanswered calls to extension 0050/);
    const forwarding = text.indexOf('# --- Call forwarding');
    expect(forwarding).toBeGreaterThan(text.indexOf('foreach ($q in $CallQueues)'));
    expect(forwarding).toBeGreaterThan(text.indexOf('foreach ($aa in $AutoAttendants)'));
    expect(text).toContain("if (-not $passed.ContainsKey([string]$f.Upn)) { Write-Action -Target $f.Upn -Step 'call forwarding' -Result 'SKIPPED'");
    // An account is forwarded to by its SIP address; the current settings are read first, so a second run changes nothing.
    expect(text).toContain('$target = [string]$account.SipAddress');
    // The user goes to the cmdlets by object id (they take an ObjectId or a SIP address, not a UPN); ShouldProcess and the log keep the UPN.
    expect(text).toContain('$id = Get-VmpUserId -Upn $f.Upn');
    expect(text).toContain('$current = Get-CsUserCallingSettings -Identity $id');
    expect(text).toContain("$params = @{ Identity = $id; IsUnansweredEnabled = $true; UnansweredTargetType = $f.TargetType; UnansweredDelay = $f.Delay }");
    expect(text).toContain("$params = @{ Identity = $id; IsForwardingEnabled = $true; ForwardingType = 'Immediate'; ForwardingTargetType = $f.TargetType }");
    expect(text).toContain('$params = @{ Identity = $id; IsUnansweredEnabled = $false }');
    expect(text).toContain("elseif ($PSCmdlet.ShouldProcess($f.Upn, ('Set-CsUserCallingSettings {0}' -f $after))) {");
    expect(text).not.toMatch(/CallingSettings -Identity \$f\.Upn|Identity = \$f\.Upn/);
    // Each change keeps what it replaced, for the rollback.
    expect(text).toContain("Write-Action -Target $f.Upn -Step 'call forwarding' -Result 'CHANGED' -Before $before -After $after -Saved (Get-VmpSaved -Group 'Forwarding' -Settings $current -Set $params)");
    expect(text).toContain("Write-Action -Target $f.Upn -Step 'unanswered calls' -Result 'CHANGED' -Before $before -After $after -Saved (Get-VmpSaved -Group 'Unanswered' -Settings $current -Set $params)");
    expect(text).toContain("Write-Action -Target $f.Upn -Step 'unanswered calls' -Result 'CHANGED' -Before $before -After 'off' -Saved (Get-VmpSaved -Group 'Unanswered' -Settings $current -Set $params)");
    expect(text).toContain("Write-Action -Target $n.User -Step 'call forwarding' -Result 'ACTION' -Before '' -After $n.Step");
  });

  it('puts back in the rollback what the forwards replaced, from the cutover\'s action logs, while the user still has them', () => {
    const text = waveRollback(input, input.plan.waves[0]).text;
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    // The users whose forwarding the cutover set (with the plan's object ids), and only they.
    expect(text).toContain("[pscustomobject]@{ Upn = 'user6@contoso.com'; ObjectId = '00000000-0000-4000-8000-000000000006' }");
    expect(text).toContain("[pscustomobject]@{ Upn = 'user7@contoso.com'; ObjectId = '00000000-0000-4000-8000-000000000007' }");
    expect(text).not.toContain("Upn = 'user9@contoso.com'; ObjectId");
    expect(text).toContain('[string[]] $CutoverActionLog');
    expect(text).toContain('if ($row.Saved) { $changes.Add($row) }');
    expect(text).toContain('Set-CsUserCallingSettings @params');
    // Before the numbers go: the reverse of the cutover, which set forwarding after them.
    expect(text.indexOf('# --- Calling settings the cutover changed')).toBeLessThan(text.indexOf('foreach ($a in $Assignments)'));
  });

  it('leaves the forwarding part out of a wave where nobody forwards', () => {
    const text = waveRunbook(buildFixtureInput(), buildFixtureInput().plan.waves[0]).text;
    expect(text).not.toContain('$Forwarding = ');
    expect(text).not.toContain('# --- Call forwarding');
  });

  it('lists them on the wave workbook, as text', async () => {
    const { sheet, rows } = await readWaveSheet(input, input.plan.waves[0], 'Call forwarding');
    expect(rows[0]).toEqual(['User (UPN)', 'Display name', 'On the PBX', 'Set in Teams by the cutover script', 'For a person']);
    expect(rows.map((r) => r[0]).slice(1)).toEqual(['user1@contoso.com', 'user4@contoso.com', 'user6@contoso.com', 'user7@contoso.com', 'user8@contoso.com', 'user9@contoso.com', 'user11@contoso.com']);
    const row = (upn: string) => rows.find((r) => r[0] === upn)!;
    expect(row('user1@contoso.com').slice(2, 4)).toEqual(['unanswered after 12 s to extension 1002', 'nothing: user2@contoso.com rings with them as their Teams delegate (set up with their PBX group)']);
    expect(row('user6@contoso.com')[1]).toBe('$(Remove-Item C:\\)');
    expect(row('user8@contoso.com')[3]).toBe('unanswered after 40 s to +442071234050');
    expect(row('user9@contoso.com')[3]).toBe('nothing: see For a person');
    // A display name like a formula stays text.
    sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
