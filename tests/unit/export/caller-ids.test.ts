/**
 * Outbound caller IDs (caller-id-set-ups.ts, caller-id-script.ts): what people's calls showed on the PBX,
 * granted in Teams as a caller ID policy by the cutover runbook (and taken back by the rollback), listed
 * on the wave workbook, with a step for a person where Teams cannot show that number.
 */
import ExcelJS from 'exceljs';
import type { OutboundCallerId } from '../../../shared/domain/caller-id';
import type { Plan, WaveMember } from '../../../shared/domain/plan';
import { callerIdPolicyName, waveCallerIdSetUps, WITHHELD_CALLER_ID_POLICY } from '../../../shared/export/caller-id-set-ups';
import { exportGroupSetUps } from '../../../shared/export/group-set-ups';
import { waveMainNumberSetUps } from '../../../shared/export/main-number-set-ups';
import { waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { loadPowerShellGrammar, powerShellSyntaxErrors } from './ps-grammar';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';
import { readWaveSheet } from './support/wave-sheet';

beforeAll(loadPowerShellGrammar);

type CallerIdFields = Pick<WaveMember, 'callerId' | 'callerIdAccount'>;

/** The fixture plan with caller IDs on the given members (by UPN). */
function inputWith(fields: Record<string, CallerIdFields>) {
  const plan: Plan = buildFixturePlan();
  for (const wave of plan.waves) wave.members = wave.members.map((m) => (fields[m.userPrincipalName] ? { ...m, ...fields[m.userPrincipalName] } : m));
  return buildFixtureInput(plan);
}

const shows = (number: string): { callerId: OutboundCallerId } => ({ callerId: { kind: 'number', number } });

// Wave 0 is Seattle (main number +14255551000 on an auto attendant made in wave 0); wave 1 holds user50,
// user51 (London) and user52 (Denver: its main number +13035550100 and a call queue's pilot +13035550199 move then).
const input = inputWith({
  'user2@contoso.com': shows('+14255551000'),
  'user3@contoso.com': { callerId: { kind: 'withheld' } },
  'user4@contoso.com': shows('+13035550100'),
  'user6@contoso.com': shows('+15555550123'),
  'user7@contoso.com': { ...shows('+14255559999'), callerIdAccount: 'aa-existing@contoso.com' },
  'user52@contoso.com': shows('+13035550199'),
});
const byUser = (wave: number) => new Map(waveCallerIdSetUps(input, input.plan.waves[wave]).map((s) => [s.upn, s]));

describe('each caller ID as the cutover grants it', () => {
  const wave0 = byUser(0);
  const wave1 = byUser(1);
  const seattleAttendant = waveMainNumberSetUps(input, 0).autoAttendants[0].resourceAccount;

  it("shows the number of the resource account answering it: the site's auto attendant, a call queue, one in Teams already", () => {
    expect(wave0.get('user2@contoso.com')!.policy).toEqual({ name: callerIdPolicyName(seattleAttendant), substitute: 'Resource', resourceAccount: seattleAttendant, number: '+14255551000' });
    const queue = exportGroupSetUps(input, 1).callQueues.find((q) => q.pilot?.number === '+13035550199')!.resourceAccount;
    expect(wave1.get('user52@contoso.com')!.policy).toMatchObject({ substitute: 'Resource', resourceAccount: queue });
    expect(wave0.get('user7@contoso.com')!.policy).toEqual({ name: 'VMP-CallerId-aa-existing-contoso.com', substitute: 'Resource', resourceAccount: 'aa-existing@contoso.com', number: '+14255559999' });
  });

  it('shows no number where the PBX withheld it', () => {
    expect(wave0.get('user3@contoso.com')).toMatchObject({ pbx: 'withheld (anonymous)', policy: { name: WITHHELD_CALLER_ID_POLICY, substitute: 'Anonymous' }, steps: [] });
  });

  it("grants a number a later wave moves in that wave, with a step in the person's own", () => {
    const early = wave0.get('user4@contoso.com')!;
    expect(early.policy).toBeUndefined();
    expect(early.steps).toEqual([expect.stringMatching(/^the PBX showed \+13035550100 for their calls, the number of the auto attendant aa-.*, which answers it in Teams from wave 1: their calls show their own number until that wave's cutover grants the caller ID policy$/)]);
    expect(wave1.get('user4@contoso.com')).toMatchObject({ movedIn: 0, steps: [], policy: { substitute: 'Resource', number: '+13035550100' } });
  });

  it('leaves a number no resource account answers to a person', () => {
    expect(wave0.get('user6@contoso.com')!.policy).toBeUndefined();
    expect(wave0.get('user6@contoso.com')!.steps).toEqual([expect.stringMatching(/^the PBX showed \+15555550123 for their calls, which no auto attendant or call queue answers in Teams in the plan/)]);
  });

  it('names policies within Teams\' limits, the same every run', () => {
    const long = `${'a'.repeat(70)}@contoso.com`;
    expect(callerIdPolicyName(long)).toHaveLength(64);
    expect(callerIdPolicyName(long)).toBe(callerIdPolicyName(long));
    expect(callerIdPolicyName(long)).not.toBe(callerIdPolicyName(`${'a'.repeat(70)}@fabrikam.com`));
  });
});

describe('the runbooks', () => {
  it('make and grant the policies after the queues and attendants, for users who passed the pre-checks or moved earlier', () => {
    const text = waveRunbook(input, input.plan.waves[0]).text;
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    expect(text).toContain("Upn = 'user3@contoso.com'; DisplayName = '@foo'; Policy = 'VMP-CallerId-Withheld'; Substitute = 'Anonymous'; ResourceAccount = $null; MovedIn = $null }");
    expect(text).toContain("Upn = 'user7@contoso.com'; DisplayName = '`whoami`'; Policy = 'VMP-CallerId-aa-existing-contoso.com'; Substitute = 'Resource'; ResourceAccount = 'aa-existing@contoso.com'");
    expect(text).toMatch(/\$CallerIdNotes = @\(\r\n {4}\[pscustomobject\]@\{ User = 'user4@contoso\.com'; Step = 'the PBX showed \+13035550100/);
    const callerIds = text.indexOf('# --- Outbound caller ID');
    expect(callerIds).toBeGreaterThan(text.indexOf('foreach ($q in $CallQueues)'));
    expect(callerIds).toBeGreaterThan(text.indexOf('foreach ($aa in $AutoAttendants)'));
    expect(text).toContain("New-CsCallingLineIdentity -Identity $c.Policy -CallingIDSubstitute 'Resource' -ResourceAccount $account.ObjectId -EnableUserOverride $false");
    expect(text).toContain("New-CsCallingLineIdentity -Identity $c.Policy -CallingIDSubstitute 'Anonymous' -EnableUserOverride $false");
    expect(text).toContain('Grant-CsCallingLineIdentity -Identity $c.Upn -PolicyName $c.Policy');
    const wave1 = waveRunbook(input, input.plan.waves[1]).text;
    expect(powerShellSyntaxErrors(wave1)).toEqual([]);
    expect(wave1).toMatch(/Upn = 'user4@contoso\.com'; DisplayName = '[^']*'; Policy = 'VMP-CallerId-aa-[^']+'; Substitute = 'Resource'; ResourceAccount = 'aa-[^']+'; MovedIn = 0 \}/);
    expect(wave1).toContain("if (-not $c.MovedIn -and -not $passed.ContainsKey([string]$c.Upn))");
  });

  it('take back in the rollback only the policies the cutover granted, earlier waves\' users included', () => {
    const text = waveRollback(input, input.plan.waves[1]).text;
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    expect(text).toContain("Upn = 'user4@contoso.com'");
    expect(text).toContain("if ($user -and [string]$user.CallingLineIdentity -eq $c.Policy -and $PSCmdlet.ShouldProcess($c.Upn, 'Grant-CsCallingLineIdentity (default)'))");
    expect(text).toContain('Grant-CsCallingLineIdentity -Identity $c.Upn -PolicyName $null');
    expect(text).not.toContain('$CallerIdNotes');
  });

  it('leave the caller ID part out of a plan where no call showed another number', () => {
    const plain = buildFixtureInput();
    for (const wave of plain.plan.waves) {
      expect(waveRunbook(plain, wave).text).not.toContain('CallerId');
      expect(waveRollback(plain, wave).text).not.toContain('CallerId');
    }
  });
});

describe('the wave workbook', () => {
  it('lists them on a Caller ID sheet, as text', async () => {
    const { sheet, rows } = await readWaveSheet(input, input.plan.waves[0], 'Caller ID');
    expect(rows[0]).toEqual(['User (UPN)', 'Display name', 'Shown on the PBX', 'Granted by the cutover script', 'For a person']);
    expect(rows.map((r) => r[0]).slice(1)).toEqual(['user2@contoso.com', 'user3@contoso.com', 'user4@contoso.com', 'user6@contoso.com', 'user7@contoso.com']);
    const row = (upn: string) => rows.find((r) => r[0] === upn)!;
    expect(row('user3@contoso.com').slice(2, 4)).toEqual(['withheld (anonymous)', `${WITHHELD_CALLER_ID_POLICY}: calls show no number`]);
    expect(row('user7@contoso.com')[3]).toBe('VMP-CallerId-aa-existing-contoso.com: calls show +14255559999 (aa-existing@contoso.com)');
    expect(row('user6@contoso.com')[3]).toBe('nothing: see For a person');
    sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
