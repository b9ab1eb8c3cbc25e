/**
 * The script that turns Teams Phone on for the people blocked because it is turned off in a licence they
 * hold: every person once, across pages, each UPN a single-quoted literal; which plans stay off is read
 * when it runs; it parses under the PowerShell grammar and supports -WhatIf.
 */
import { teamsPhoneOnScript } from '../../../shared/services/teams-phone-on-script';
import { SERVICE_PLANS } from '../../../shared/domain/microsoft-ids';
import { loadPowerShellGrammar, powerShellSyntaxErrors } from './ps-grammar';

async function script(upns: string[]): Promise<{ text: string; reads: number }> {
  let reads = 0;
  let text = '';
  for await (const chunk of teamsPhoneOnScript(async (offset, limit) => {
    reads++;
    return { total: upns.length, offset, items: upns.slice(offset, offset + limit).map((userPrincipalName) => ({ userPrincipalName })) };
  }, '2026-12-06T10:00:00.000Z')) text += chunk;
  return { text, reads };
}

beforeAll(() => loadPowerShellGrammar());

describe('the script that turns Teams Phone on', () => {
  it('lists everyone once, a page of 1,000 at a time, and keeps the other turned-off plans off', async () => {
    const upns = Array.from({ length: 2300 }, (_, i) => `user${i}@contoso.test`);
    const { text, reads } = await script(upns);
    expect(reads).toBe(3);
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('#Requires -Modules Microsoft.Graph.Users, Microsoft.Graph.Users.Actions');
    expect(lines).toContain('[CmdletBinding(SupportsShouldProcess = $true)]');
    expect(lines).toContain(`$TeamsPhonePlanId = '${SERVICE_PLANS.teamsPhone}'`);
    expect(lines.filter((l) => /^ {4}'user\d+@contoso\.test'$/.test(l))).toEqual(upns.map((u) => `    '${u}'`));
    expect(text).toContain("[string]$_.ProvisioningStatus -eq 'Disabled' -and [string]$_.ServicePlanId -ne $TeamsPhonePlanId");
    expect(text).toContain('Set-MgUserLicense -UserId $upn -AddLicenses @(@{ SkuId = $licence.SkuId; DisabledPlans = $keep }) -RemoveLicenses @()');
    expect(text).toContain("$PSCmdlet.ShouldProcess($upn, ('Turn Teams Phone on in {0}' -f $licence.SkuPartNumber))");
  });

  it('keeps a hostile name inside its literal; an empty list still parses', async () => {
    const { text } = await script(["o'brien@contoso.test", "x'); Remove-Item C:\\ -Recurse; ('@contoso.test"]);
    expect(powerShellSyntaxErrors(text)).toEqual([]);
    expect(text).toContain("    'o''brien@contoso.test'\r\n");
    expect(text).toContain("    'x''); Remove-Item C:\\ -Recurse; (''@contoso.test'\r\n");
    expect(powerShellSyntaxErrors((await script([])).text)).toEqual([]);
  });
});
