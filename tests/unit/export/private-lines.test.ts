/**
 * A member's private line (their second PBX line's number) in the cutover runbook, its rollback and the
 * Number assignments sheet.
 */
import { ASSIGNMENT_HEADERS, assignmentRows, buildLookups } from '../../../shared/export/export-model';
import { waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { loadPowerShellGrammar, powerShellSyntaxErrors } from './ps-grammar';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';

beforeAll(loadPowerShellGrammar);

const PRIVATE = '+14255551093';

function withPrivateLine() {
  const plan = buildFixturePlan();
  plan.waves[0].members = plan.waves[0].members.map((m) => (m.userPrincipalName === 'user3@contoso.com' ? { ...m, privateNumber: PRIVATE } : m));
  return buildFixtureInput(plan);
}

describe('a private line', () => {
  const input = withPrivateLine();
  const wave = input.plan.waves[0];

  it("is assigned after the user's number, with the same number type, as Private; once", () => {
    const text = waveRunbook(input, wave).text;
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    const records = text.split('\r\n').filter((l) => l.includes("Upn = 'user"));
    expect(records.filter((l) => l.includes('PrivateNumber'))).toEqual([expect.stringContaining(`Upn = 'user3@contoso.com'`)]);
    expect(records.find((l) => l.includes("Upn = 'user3@contoso.com'"))).toContain(`PhoneNumberType = 'DirectRouting'; PrivateNumber = '${PRIVATE}'`);
    expect(text).toContain("$params = @{ Identity = $a.Upn; PhoneNumber = $a.PrivateNumber; PhoneNumberType = $a.PhoneNumberType; AssignmentCategory = 'Private' }");
    // Read first: held by the user already is OK, held by someone else a failure, never taken from them.
    expect(text).toContain("Write-Action -Target $a.Upn -Step 'private line' -Result 'OK' -Before $a.PrivateNumber -After 'already assigned'");
    expect(text).toContain("Write-Action -Target $a.Upn -Step 'private line' -Result 'FAILED' -Before '' -After ('{0} is assigned to another account ({1})' -f $a.PrivateNumber, $privateHolder.AssignedPstnTargetId)");
    expect(text.indexOf("-Step 'private line' -Result 'CHANGED'")).toBeGreaterThan(text.indexOf("-Step 'number' -Result 'CHANGED'"));
  });

  it('is removed by the rollback, only from the user who holds it', () => {
    const text = waveRollback(input, wave).text;
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    expect(text).toContain('Remove-CsPhoneNumberAssignment -Identity $a.Upn -PhoneNumber $a.PrivateNumber -PhoneNumberType $a.PhoneNumberType');
    expect(text).toContain('if ($privateHolder -and [string]$privateHolder.AssignedPstnTargetId -eq [string]$user.Identity) {');
  });

  it('has a column of its own on the Number assignments sheet', () => {
    const column = ASSIGNMENT_HEADERS.indexOf('Private line');
    expect(column).toBe(ASSIGNMENT_HEADERS.indexOf('Number to assign') + 1);
    const rows = [...assignmentRows(input, buildLookups(input))];
    expect(rows.find((r) => r[0] === 'user3@contoso.com')![column]).toBe(PRIVATE);
    expect(rows.find((r) => r[0] === 'user4@contoso.com')![column]).toBe('');
  });
});
