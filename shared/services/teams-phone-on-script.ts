/**
 * The fix for the `teams-phone-turned-off` gate as one PowerShell script (Microsoft Graph PowerShell):
 * for each person the plan blocks because Teams Phone is turned off in a licence they hold, turn it on
 * in that licence and keep every other plan turned off as it is. Which plans are off is read when the
 * script runs (Get-MgUserLicenseDetail), not when it was written, so a licence changed since is not
 * undone. Written a page of people at a time; data reaches the script only inside single-quoted
 * literals, and it supports -WhatIf.
 */
import { SERVICE_PLANS } from '../domain/microsoft-ids';
import type { CollectionPage } from '../store/store';
import { psQuote } from '../domain/powershell-quote';

const PEOPLE_PER_READ = 1000;

const LOGIC = [
  'foreach ($upn in $Users) {',
  '    try {',
  '        $off = @(Get-MgUserLicenseDetail -UserId $upn | Where-Object { @($_.ServicePlans | Where-Object { [string]$_.ServicePlanId -eq $TeamsPhonePlanId -and [string]$_.ProvisioningStatus -eq \'Disabled\' }).Count -gt 0 })',
  '        if ($off.Count -eq 0) { Write-Host (\'{0}: Teams Phone is not turned off in any licence (done already?)\' -f $upn); continue }',
  '        foreach ($licence in $off) {',
  '            # Every other plan turned off in this licence stays off.',
  '            $keep = @($licence.ServicePlans | Where-Object { [string]$_.ProvisioningStatus -eq \'Disabled\' -and [string]$_.ServicePlanId -ne $TeamsPhonePlanId } | ForEach-Object { [string]$_.ServicePlanId })',
  "            if ($PSCmdlet.ShouldProcess($upn, ('Turn Teams Phone on in {0}' -f $licence.SkuPartNumber))) {",
  '                Set-MgUserLicense -UserId $upn -AddLicenses @(@{ SkuId = $licence.SkuId; DisabledPlans = $keep }) -RemoveLicenses @() | Out-Null',
  "                Write-Host ('{0}: Teams Phone turned on in {1}' -f $upn, $licence.SkuPartNumber)",
  '            }',
  '        }',
  '    } catch {',
  "        Write-Warning ('{0}: {1}' -f $upn, $_.Exception.Message)",
  '    }',
  '}',
];

export async function* teamsPhoneOnScript(readPage: (offset: number, limit: number) => Promise<CollectionPage<{ userPrincipalName?: string }>>, writtenAt: string): AsyncGenerator<string> {
  yield [
    // Get-MgUserLicenseDetail is in Microsoft.Graph.Users, Set-MgUserLicense in Microsoft.Graph.Users.Actions.
    '#Requires -Modules Microsoft.Graph.Users, Microsoft.Graph.Users.Actions',
    `# Turns Teams Phone on for the people the rollout plan blocks because it is turned off in a licence they hold (Voice Migration Planner), written ${writtenAt}.`,
    '# Every other plan turned off in those licences stays off. Connect first with Connect-MgGraph -Scopes User.ReadWrite.All;',
    '# run with -WhatIf to see what it would change. Then sync the tenant and make the plan again.',
    '[CmdletBinding(SupportsShouldProcess = $true)]',
    'param()',
    `$TeamsPhonePlanId = ${psQuote(SERVICE_PLANS.teamsPhone)}`,
    '$Users = @(',
  ].join('\r\n');
  for (let offset = 0; ; offset += PEOPLE_PER_READ) {
    const page = await readPage(offset, PEOPLE_PER_READ);
    const upns = page.items.map((p) => p.userPrincipalName).filter((upn): upn is string => !!upn);
    if (upns.length) yield `\r\n${upns.map((upn) => `    ${psQuote(upn)}`).join('\r\n')}`;
    if (page.items.length === 0 || offset + PEOPLE_PER_READ >= page.total) break;
  }
  yield `\r\n)\r\n${LOGIC.join('\r\n')}\r\n`;
}
