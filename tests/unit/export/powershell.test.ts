import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { SiteAttributesSchema } from '../../../shared/domain/planning-settings';
import { isE164, isUpn, psDisplayText, psQuote, psQuoteText, psRecord } from '../../../shared/export/powershell';
import { tenantSetupScript, waveRollback, waveRunbook } from '../../../shared/export/runbooks';
import { buildLookups } from '../../../shared/export/export-model';
import { resourceAccountRows } from '../../../shared/export/resource-account-rows';
import { buildFixtureInput, HOSTILE_GROUP, HOSTILE_NAMES } from './support/fixture-plan';
import { loadPowerShellGrammar, powerShellSyntaxErrors } from './ps-grammar';
import { scanPowerShell } from './ps-scan';

const GOLDEN_DIR = path.join(__dirname, '..', '..', 'golden', 'export');
const lf = (text: string) => text.replace(/\r\n/g, '\n');

function allScripts() {
  const input = buildFixtureInput();
  return [
    tenantSetupScript(input),
    ...input.plan.waves.flatMap((w) => [waveRunbook(input, w), waveRollback(input, w)]),
  ];
}

/** Fragments of the hostile names that would be dangerous as code. */
const DANGEROUS = ['Stop-Computer', 'Remove-Item', 'calc', 'whoami', 'SUM(', 'HYPERLINK', '=Tenant', 'Evil UPN'];

describe('psQuote', () => {
  it.each([
    ["O'Brien", "'O''Brien'"],
    ['a\u2019b', "'a\u2019\u2019b'"],
    ['\u2018\u201A\u201B', "'\u2018\u2018\u201A\u201A\u201B\u201B'"],
    ['$(Remove-Item C:\\)', "'$(Remove-Item C:\\)'"],
    ['', "''"],
  ])('quotes %j', (value, expected) => {
    expect(psQuote(value)).toBe(expected);
  });

  it('round-trips any string through the PowerShell tokenizer as exactly one literal', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("'", '\u2018', '\u2019', '\u201A', '\u201B', '"', '`', '$', '(', ')', ';', '\n', 'a', ' ', '#', '<', '>') }), (value) => {
        const scan = scanPowerShell(`$x = ${psQuote(value)}; Write-Host $x`);
        expect(scan.errors).toEqual([]);
        expect(scan.literals).toEqual([value]);
        expect(scan.code).toBe(`$x =  \u0001 ; Write-Host $x`);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses keys that are not plain names', () => {
    expect(() => psRecord({ 'a; b': 'x' })).toThrow();
  });
});

describe('psDisplayText', () => {
  it('turns control, line-break and bidirectional control characters into spaces and keeps the rest', () => {
    expect(psDisplayText('a\tb\r\nc\u2028d\u202Ee\u2067f\u200Eg\u061Ch')).toBe('a b  c d e f g h');
    expect(psDisplayText("O'Brien \u2018x\u2019 Zoë \u05E9\u05DC\u05D5\u05DD")).toBe("O'Brien \u2018x\u2019 Zoë \u05E9\u05DC\u05D5\u05DD");
    expect(psQuoteText('\u202Efdp.exe')).toBe("' fdp.exe'");
  });
});

describe('identifier validation', () => {
  it.each(['+14255550100', '+14255550100;ext=123', '+442071234050'])('%s is E.164', (v) => expect(isE164(v)).toBe(true));
  it.each(['14255550100', '+1 425 555 0100', "+1425'", '=1+1', '+0123'])('%s is not E.164', (v) => expect(isE164(v)).toBe(false));
  it.each(["o'brien@contoso.com", 'a.b_c-d@sub.contoso.com', 'x_ext#EXT#@t.onmicrosoft.com'])('%s is a UPN', (v) => expect(isUpn(v)).toBe(true));
  it.each(["x'; Stop-Computer; '@contoso.com", 'a b@c.com', '$(x)@c.com', 'nobody'])('%s is not a UPN', (v) => expect(isUpn(v)).toBe(false));
});

describe('generated runbooks', () => {
  const scripts = allScripts();
  beforeAll(loadPowerShellGrammar);

  it.each(scripts.map((s) => [s.file, s] as const))('%s tokenizes cleanly with every value inside a literal', (_file, script) => {
    const scan = scanPowerShell(script.text);
    expect(scan.errors).toEqual([]);
    // No expandable strings at all: nothing from the plan can be expanded or evaluated.
    expect(scan.doubleQuoted).toEqual([]);
    for (const fragment of DANGEROUS) expect(scan.code).not.toContain(fragment);
  });

  it('carries the hostile display names unchanged (control characters as spaces) inside literals', () => {
    const scan = scanPowerShell(scripts.find((s) => s.file.endsWith('wave-00-cutover.ps1'))!.text);
    for (const name of HOSTILE_NAMES) {
      expect(scan.literals).toContain(name.replace(/[\u0000-\u001F]/g, ' '));
    }
    expect(scan.literals).toContain("o'brien@contoso.com");
  });

  it('writes no bidirectional control character: a display name cannot reorder how the script reads in an editor', () => {
    const input = buildFixtureInput();
    const wave = input.plan.waves[0];
    wave.members[0].displayName = 'Jo \u202E}{ metI-evomeR \u2066x\u2069 \u200F';
    input.tenant.name = 'Contoso \u202Eevil';
    const texts = [waveRunbook(input, wave).text, waveRollback(input, wave).text, tenantSetupScript(input).text];
    for (const text of texts) expect(text).not.toMatch(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
    expect(scanPowerShell(texts[0]).literals).toContain('Jo  }{ metI-evomeR  x   ');
  });

  it('skips a member whose UPN is not a UPN, and says so inside the script', () => {
    const cutover = scripts.find((s) => s.file.endsWith('wave-00-cutover.ps1'))!;
    expect(cutover.skipped.map((s) => s.what)).toEqual(["x'; Stop-Computer; '@contoso.com"]);
    const scan = scanPowerShell(cutover.text);
    const assignmentBlock = cutover.text.slice(cutover.text.indexOf('$Assignments = @('), cutover.text.indexOf('$UnassignedTreatments'));
    expect(assignmentBlock).not.toContain('Evil UPN');
    expect(scan.literals).toContain("x'; Stop-Computer; '@contoso.com");
  });

  it('has -WhatIf support, pre-checks, idempotent steps, a log and the rollback', () => {
    const cutover = scripts.find((s) => s.file.endsWith('wave-00-cutover.ps1'))!.text;
    expect(cutover).toContain('[CmdletBinding(SupportsShouldProcess = $true');
    expect(cutover).toContain("Get-Module -ListAvailable -Name 'MicrosoftTeams'");
    expect(cutover).toContain('Get-CsTenant');
    expect(cutover).toContain("-notcontains 'PhoneSystem'");
    expect(cutover).toContain('UsageLocation');
    expect(cutover).toContain('Get-CsPhoneNumberAssignment -TelephoneNumber $a.PhoneNumber');
    expect(cutover).toContain('Set-CsPhoneNumberAssignment @params');
    expect(cutover).toContain('Grant-CsOnlineVoiceRoutingPolicy -Identity $a.Upn -PolicyName $a.VoiceRoutingPolicy');
    expect(cutover).toContain('Grant-CsTenantDialPlan -Identity $a.Upn -PolicyName $a.DialPlan');
    expect(cutover).toContain('Start-Transcript');
    // Every number type needs TeamsOnly mode, not Operator Connect alone.
    expect(cutover).toContain("if (-not $a.IsResourceAccount -and [string]$user.TeamsUpgradeEffectiveMode -ne 'TeamsOnly') {");
    expect(cutover).toContain('Export-Csv');
    expect((cutover.match(/\$PSCmdlet\.ShouldProcess/g) ?? []).length).toBeGreaterThanOrEqual(4);
    const wave1 = scripts.find((s) => s.file.endsWith('wave-01-cutover.ps1'))!.text;
    expect(wave1).toContain("PhoneNumberType = 'OperatorConnect'");
    expect(wave1).toContain("LocationId = '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f'");
    // A number assigned already moves to the location, unless its operator manages locations; a second run changes nothing.
    expect(wave1).toContain('if ($a.LocationId -and [string]$holder.LocationId -ne $a.LocationId) {');
    expect(wave1).toContain('if ($holder.LocationUpdateSupported -eq $false) {');
    expect(wave1).toContain('Set-CsPhoneNumberAssignment -PhoneNumber $a.PhoneNumber -LocationId $a.LocationId');
    expect(scanPowerShell(wave1).errors).toEqual([]);
    expect(wave1).toContain("PhoneNumberType = 'CallingPlan'");
    // The hunt group's queue takes the pilot: its resource account is licensed where Microsoft Graph is connected, in the site's country.
    expect(wave1).toContain("PhoneNumber = '+13035550199'; PhoneNumberType = 'CallingPlan'; UsageLocation = 'US' }");
    expect(wave1).toContain("$ResourceAccountSkuId = '440eaaa8-b3e0-484b-a8be-62870b9ba70a'");
    expect(wave1).toContain('if (-not ($Account -and $PhoneNumber -and $GraphConnected)) { return }');
    expect(wave1).toContain('Set-MgUserLicense -UserId $Account.ObjectId -AddLicenses @(@{ SkuId = $ResourceAccountSkuId }) -RemoveLicenses @()');
    // The licence step comes before the number it makes possible, in the steps queues and auto attendants share.
    const queueLoop = wave1.slice(wave1.indexOf('foreach ($q in $CallQueues) {'));
    expect(queueLoop.indexOf('Add-VmpResourceAccountLicence -Account $account')).toBeLessThan(queueLoop.indexOf('Set-VmpResourceAccountNumber -Account $account'));
    expect(wave1).toContain('Set-CsPhoneNumberAssignment -Identity $Upn -PhoneNumber $PhoneNumber -PhoneNumberType $PhoneNumberType');
    const rollback = scripts.find((s) => s.file.endsWith('wave-00-rollback.ps1'))!.text;
    expect(rollback).toContain('Remove-CsPhoneNumberAssignment -Identity $a.Upn -PhoneNumber $a.PhoneNumber -PhoneNumberType $a.PhoneNumberType');
    expect(rollback).toContain("$PreviousRoutingTable = 'csv/sbc-routing-after-wave-none.csv'");
  });

  it("logs in every row the script that wrote it, and each rollback reads only its own wave's cutover's rows", () => {
    const input = buildFixtureInput();
    for (const { file, text } of scripts) {
      // The name the log file is named after is the one in each row: set before the logging, as a literal.
      const name = text.match(/^\$ScriptName = '([^']+)'\r$/m)?.[1];
      expect(`${file}: ${name}`).toMatch(/: vmp-(tenant-setup|wave-\d{2}-(cutover|rollback))$/);
      expect(text.indexOf('$ScriptName = ')).toBeLessThan(text.indexOf('function Write-Action {'));
      expect(text).toContain("$actionLogPath = Join-Path $LogDirectory ('{0}-{1}.csv' -f $ScriptName, $stamp)");
      expect(text).toContain('; Saved = $Saved; Script = $ScriptName })');
      if (!file.includes('rollback')) {
        expect(text).not.toContain('$CutoverScriptName');
        continue;
      }
      const wave = input.plan.waves.find((w) => file.endsWith(`wave-${String(w.number).padStart(2, '0')}-rollback.ps1`))!;
      const cutoverName = waveRunbook(input, wave).text.match(/^\$ScriptName = '([^']+)'\r$/m)![1];
      expect(text).toContain(`\r\n$CutoverScriptName = '${cutoverName}'\r\n`);
      // The Before values the policies go back to and the calling settings changes come only from the rows left after
      // the guard: a row of another script, or a log named as another script's, is left with an ACTION naming the file.
      const reading = text.slice(text.indexOf('    foreach ($log in @($CutoverActionLog | Where-Object { $_ })) {'), text.indexOf('    foreach ($a in $Assignments) {'));
      const guard = reading.indexOf('$rows = @($rows | Where-Object { [string]$_.Script -eq $CutoverScriptName })');
      const named = reading.indexOf("if ($name -match '^(vmp-.+)-[0-9]{8}-[0-9]{6}\\.csv$' -and $Matches[1] -ne $CutoverScriptName) {");
      const use = reading.indexOf('        foreach ($row in $rows) {');
      expect(guard).toBeGreaterThan(0);
      expect(named).toBeGreaterThan(guard);
      expect(use).toBeGreaterThan(named);
      expect((reading.match(/Write-Action -Target \$log -Step 'action log' -Result 'ACTION'/g) ?? []).length).toBe(3);
      expect(reading.slice(use)).toContain('if (-not $before.ContainsKey($key)) { $before[$key] = $row.Before }');
      expect(text.indexOf('$before[$key] =')).toBeGreaterThan(text.indexOf('$CutoverScriptName = '));
      expect(text.indexOf("$before[('{0}|voice routing policy' -f $a.Upn)]")).toBeGreaterThan(text.indexOf('$before[$key] ='));
      expect(powerShellSyntaxErrors(text)).toEqual([]);
    }
  });

  it('turns the error object older MicrosoftTeams modules return from the number cmdlets into an error the step logs', () => {
    for (const { file, text } of scripts) {
      const calls = text.split('\r\n').filter((l) => /^\s+(Set|Remove)-CsPhoneNumberAssignment /.test(l));
      for (const call of calls) expect(`${file}: ${call}`).toMatch(/ \| ForEach-Object \{ if \(\$_\.Code\) \{ throw \('\{0\}: \{1\}' -f \$_\.Code, \$_\.Message\) \} \}$/);
      if (file.includes('cutover')) expect(calls.length).toBeGreaterThan(0);
    }
  });

  it('shows a pickup group member the others\' calls as a banner through its call group membership, not the override', () => {
    const cutover = scripts.find((s) => s.file.endsWith('wave-01-cutover.ps1'))!.text;
    // -GroupNotificationOverride Ring or Banner leaves each call group's own setting in force.
    expect(cutover).not.toMatch(/Set-CsUserCallingSettings [^\r\n]*-GroupNotificationOverride/);
    const part = cutover.slice(cutover.indexOf('foreach ($p in $PickupGroups) {'), cutover.indexOf('function Resolve-VmpVoicemailGroup'));
    // After every member's call group holds the others, each member's membership of those call groups is set to Banner.
    expect(part.indexOf('-CallGroupTargets @($current + $missing)')).toBeLessThan(part.indexOf('.GroupMembershipDetails'));
    expect(part).toContain('$present = @($details | Where-Object { $owners -contains [string]$_.CallGroupOwnerId })');
    expect(part).toContain("foreach ($d in $ringing) { $d.NotificationSetting = 'Banner' }");
    expect(part).toContain('Set-CsUserCallingSettings -Identity (Get-VmpUserId -Upn $m) -GroupMembershipDetails $details');
  });

  it('removes the unassigned-number treatments earlier runbooks made for numbers still on the PBX, and no other', () => {
    // Teams checks its users' calls against those ranges too: they took calls to colleagues not yet moved.
    for (const text of [scripts[0].text, waveRunbook(buildFixtureInput(), buildFixtureInput().plan.waves[0]).text]) {
      expect(text).not.toContain('New-CsTeamsUnassignedNumberTreatment');
      expect(text).not.toContain('UnassignedNumberTarget');
      expect(text).toContain("Get-CsTeamsUnassignedNumberTreatment -ErrorAction SilentlyContinue | Where-Object { ([string]$_.Identity) -like 'VMP-Unassigned-*' }");
      expect(text).toContain('Remove-CsTeamsUnassignedNumberTreatment -Identity $t.Identity');
    }
  });

  it('tenant setup sizes the gateway and creates usages, routes, policies and dial plans', () => {
    const setup = scripts[0].text;
    expect(setup).toContain("[pscustomobject]@{ Fqdn = 'sbc1.contoso.com'; SipSignalingPort = 5061; MaxConcurrentSessions = 4 }");
    for (const cmdlet of ['New-CsOnlinePSTNGateway', 'Set-CsOnlinePstnUsage', 'New-CsOnlineVoiceRoute', 'New-CsOnlineVoiceRoutingPolicy', 'New-CsVoiceNormalizationRule', 'New-CsTenantDialPlan']) {
      expect(setup).toContain(cmdlet);
    }
    expect(setup).toContain("Translation = '+1425555$1'");
    expect(setup).toContain("Description = '4-digit extensions (''Seattle'')'");
  });

  it('is deterministic and matches the golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
    const again = allScripts();
    for (const [i, script] of scripts.entries()) {
      expect(again[i].text).toBe(script.text);
      const golden = path.join(GOLDEN_DIR, script.file);
      if (process.env.UPDATE_GOLDEN === '1') {
        fs.mkdirSync(path.dirname(golden), { recursive: true });
        fs.writeFileSync(golden, script.text, 'utf8');
      }
      // Line ends compared loosely (a checkout may convert them); CRLF and the BOM are asserted below.
      expect(lf(fs.readFileSync(golden, 'utf8'))).toBe(lf(script.text));
    }
  });

  it("takes a resource account of the tenant's like a person's number, with its own licence, no upgrade and no dial plan", () => {
    const input = buildFixtureInput();
    const wave = input.plan.waves[0];
    const template = wave.members.find((m) => m.path === 'DR' && m.dialPlan)!;
    const account = { ...template, personId: 'ra-1', userPrincipalName: 'ra-aa-seattle@contoso.com', displayName: 'Seattle reception', numberToAssign: '+14255551099', dialPlan: undefined, resourceAccount: true as const };
    const text = waveRunbook(input, { ...wave, members: [...wave.members, account] }).text;
    expect(text).toContain("Upn = 'ra-aa-seattle@contoso.com'; DisplayName = 'Seattle reception'; PhoneNumber = '+14255551099'");
    expect(text).toMatch(/Upn = 'ra-aa-seattle@contoso\.com'[^\n]*DialPlan = \$null;[^\n]*IsResourceAccount = \$true \}/);
    expect(text).toMatch(new RegExp(`Upn = '${template.userPrincipalName.replace('.', '\\.')}'[^\\n]*IsResourceAccount = \\$false \\}`));
    // Pre-checked for the Teams Phone Resource Account licence, a person for Teams Phone; only a person is upgraded.
    expect(text).toContain("if ($a.IsResourceAccount -and $features -notcontains 'PhoneSystemVirtualUser') {");
    expect(text).toContain("if (-not $a.IsResourceAccount -and $features -notcontains 'PhoneSystem') {");
    expect(text).toContain("if (-not $a.IsResourceAccount -and [string]$user.TeamsUpgradeEffectiveMode -ne 'TeamsOnly') {");
    expect(scanPowerShell(text).errors).toEqual([]);
  });

  it('writes CRLF line ends and a UTF-8 BOM (Windows PowerShell 5.1 reads UTF-8 only with a BOM)', () => {
    for (const script of scripts) {
      expect(script.text.startsWith('\uFEFF#Requires -Version 5.1\r\n')).toBe(true);
      expect(script.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    }
  });
});

describe("the cutover runbook answers a site's main number with an auto attendant", () => {
  const input = buildFixtureInput();
  const [wave0, wave1] = input.plan.waves.map((w) => waveRunbook(input, w).text);
  /** The script's section for main numbers, from its header to the next section. */
  const section = (text: string) => text.slice(text.indexOf('    # --- Main numbers:'), text.indexOf('    # --- Unassigned-number treatment'));

  it("sets it up in the wave of the site's last people, with its resource account, language, time zone and number", () => {
    expect(wave0).toContain("$AutoAttendantApplicationId = 'ce933385-9390-45d1-9512-c8d228074e07'");
    expect(wave0).toContain(
      "[pscustomobject]@{ Name = 'Seattle main number'; ResourceAccount = 'aa-seattle@contoso.com'; PhoneNumber = '+14255551000'; PhoneNumberType = 'DirectRouting'; UsageLocation = 'US'; LanguageId = 'en-US'; TimeZoneId = 'Eastern Standard Time'; ByExtension = $true; " +
        "MenuPrompt = 'Please enter the name or the extension of the person you are calling.'; MenuPromptWithoutOperator = $null; Operator = $null; ClosedPrompt = 'Thank you for calling. Our office is closed now.'; " +
        "HolidayPrompt = 'Thank you for calling. Our office is closed today for a public holiday.' }",
    );
    expect(wave1).toContain(
      "[pscustomobject]@{ Name = '+Denver main number'; ResourceAccount = 'aa-denver@contoso.com'; PhoneNumber = '+13035550100'; PhoneNumberType = 'CallingPlan'; UsageLocation = 'US'; LanguageId = 'en-US'; TimeZoneId = 'Eastern Standard Time'; ByExtension = $false; " +
        "MenuPrompt = 'Please enter the name of the person you are calling.'; MenuPromptWithoutOperator = $null; Operator = $null; ClosedPrompt = 'Thank you for calling. Our office is closed now.'; " +
        "HolidayPrompt = 'Thank you for calling. Our office is closed today for a public holiday.' }",
    );
    // Each wave has its own site's, and says so in its header.
    expect(wave0).not.toContain('+13035550100');
    expect(wave1).not.toContain("'Seattle main number'");
    expect(wave0).toContain("Then each site's main number moving in this wave: an auto attendant on a resource account.");
  });

  it('the rollback leaves the attendant in place and takes its number back, from the account the plan named only', () => {
    const rollback = waveRollback(input, input.plan.waves[0]).text;
    expect(rollback).not.toContain('New-CsAutoAttendant');
    expect(rollback).toContain(
      "[pscustomobject]@{ Name = 'Seattle main number'; ResourceAccount = 'aa-seattle@contoso.com'; PhoneNumber = '+14255551000'; PhoneNumberType = 'DirectRouting'; Step = 'main number' }",
    );
    const part = rollback.slice(rollback.indexOf('    # --- Resource accounts: the call queues and auto attendants stay'));
    expect(part).toContain('if ($account -and $holder -and [string]$holder.AssignedPstnTargetId -eq [string]$account.ObjectId) {');
    expect(part.indexOf('$PSCmdlet.ShouldProcess($r.ResourceAccount')).toBeLessThan(part.indexOf('Remove-CsPhoneNumberAssignment -Identity $r.ResourceAccount -PhoneNumber $r.PhoneNumber -PhoneNumberType $r.PhoneNumberType'));
    expect(part).toContain('not assigned by this wave: left');
    // Each wave takes back only its own: Denver's main number moves in wave 1.
    expect(rollback).not.toContain('+13035550100');
    expect(waveRollback(input, input.plan.waves[1]).text).toContain("ResourceAccount = 'aa-denver@contoso.com'; PhoneNumber = '+13035550100'; PhoneNumberType = 'CallingPlan'; Step = 'main number'");
  });

  it('creates the account, the auto attendant with a call flow that answers by name (and extension), links them, licenses the account and gives it the number', () => {
    const aa = section(wave0);
    expect(aa).toContain("Resolve-VmpResourceAccount -Upn $aa.ResourceAccount -DisplayName $aa.Name -ApplicationId $AutoAttendantApplicationId -PhoneNumber $aa.PhoneNumber -Kind 'auto attendant'");
    expect(wave0).toContain('New-CsOnlineApplicationInstance -UserPrincipalName $Upn -ApplicationId $ApplicationId -DisplayName $DisplayName');
    expect(aa).toContain("$search = if ($aa.ByExtension) { 'ByExtension' } else { 'ByName' }");
    expect(aa).toContain("New-CsAutoAttendantMenu -Name 'Main number menu' -Prompts @($prompt) -EnableDialByName -DirectorySearchMethod $search");
    expect(aa).toContain("New-CsAutoAttendantCallFlow -Name 'Main number' -Menu $menu");
    expect(aa).toContain('New-CsAutoAttendant -Name $aa.Name -LanguageId $aa.LanguageId -TimeZoneId $aa.TimeZoneId -DefaultCallFlow $callFlow');
    expect(aa).toContain("-ConfigurationType 'AutoAttendant'");
    expect(wave0).toContain('New-CsOnlineApplicationInstanceAssociation -Identities @($Account.ObjectId) -ConfigurationId $ConfigurationId -ConfigurationType $ConfigurationType');
    // Licensed and numbered by the very steps the call queues use, the licence first.
    const licence = aa.indexOf('Add-VmpResourceAccountLicence -Account $account -Upn $aa.ResourceAccount -PhoneNumber $aa.PhoneNumber -UsageLocation $aa.UsageLocation');
    const number = aa.indexOf("Set-VmpResourceAccountNumber -Account $account -Upn $aa.ResourceAccount -PhoneNumber $aa.PhoneNumber -PhoneNumberType $aa.PhoneNumberType -Step 'main number'");
    expect(licence).toBeGreaterThan(0);
    expect(number).toBeGreaterThan(licence);
    expect(wave0.match(/function Set-VmpResourceAccountNumber/g)).toHaveLength(1);
    expect(section(wave1)).toBe(aa);
  });

  it('reads before it changes: a second run finds the account, the attendant, the link, the licence and the number, and changes nothing', () => {
    const aa = section(wave0);
    // The attendant: the one the account is linked to, else the one of its name; created only under ShouldProcess.
    expect(aa).toContain("$linkedId = Get-VmpLinkedConfigurationId -Account $account -ConfigurationType 'AutoAttendant'");
    expect(aa).toContain('Get-CsAutoAttendant -NameFilter $aa.Name -ErrorAction SilentlyContinue) | Where-Object { [string]$_.Name -eq $aa.Name }');
    expect(aa.indexOf("Write-Action -Target $aa.Name -Step 'auto attendant' -Result 'OK'")).toBeLessThan(aa.indexOf('New-CsAutoAttendant -Name'));
    expect(aa).toMatch(/\} elseif \(\$PSCmdlet\.ShouldProcess\(\$aa\.Name, \('New-CsAutoAttendant[^\n]*\r\n(\s+#[^\n]*\r\n)*\s+\$search =/);
    // Every change in the shared steps asks ShouldProcess after reading the current state.
    const shared = wave0.slice(wave0.indexOf('function Resolve-VmpResourceAccount'), wave0.indexOf('    # --- PBX groups'));
    for (const change of ['New-CsOnlineApplicationInstance -UserPrincipalName', 'New-CsOnlineApplicationInstanceAssociation -Identities', 'Set-MgUserLicense -UserId', 'Set-CsPhoneNumberAssignment -Identity']) {
      const at = shared.indexOf(change);
      expect(at).toBeGreaterThan(0);
      expect(shared.lastIndexOf('$PSCmdlet.ShouldProcess(', at)).toBeGreaterThan(shared.lastIndexOf('function ', at));
    }
    for (const ok of ["'resource account' -Result 'OK'", "-Step $Step -Result 'OK' -Before '' -After 'linked already'", "'licence' -Result 'OK'", "-Result 'OK' -Before '' -After ('{0} assigned already'"]) expect(shared).toContain(ok);
  });

  it("uses the tenant's own account where the site's settings name one, and refuses an account of another kind of application", () => {
    const own = buildFixtureInput();
    own.settings.sites.push(SiteAttributesSchema.parse({ siteId: 'seattle', autoAttendantAccount: "reception.o'neil@contoso.com" }));
    const text = waveRunbook(own, own.plan.waves[0]).text;
    expect(text).toContain("[pscustomobject]@{ Name = 'Seattle main number'; ResourceAccount = 'reception.o''neil@contoso.com'; PhoneNumber = '+14255551000';");
    expect(waveRollback(own, own.plan.waves[0]).text).toContain("ResourceAccount = 'reception.o''neil@contoso.com'; PhoneNumber = '+14255551000'");
    expect(scanPowerShell(text).code).not.toContain('neil');
    // An account found by UPN or by the number it holds is checked before anything is linked to it: a
    // call queue's account cannot answer for an auto attendant (New-CsOnlineApplicationInstanceAssociation would fail half way).
    const resolve = text.slice(text.indexOf('function Resolve-VmpResourceAccount'), text.indexOf('function Get-VmpLinkedConfigurationId'));
    const check = resolve.indexOf('[string]$account.ApplicationId -ne $ApplicationId');
    expect(check).toBeGreaterThan(resolve.indexOf('$held.AssignedPstnTargetId'));
    expect(check).toBeLessThan(resolve.indexOf("'resource account' -Result 'OK'"));
    expect(resolve.slice(check)).toMatch(/^[^\n]*\) \{\r\n\s+throw \(/);
  });

  it('gives no resource account a Direct Routing number with an extension (Teams assigns those to users only)', () => {
    const ext = buildFixtureInput();
    ext.plan.waves[0].mainNumbers = [{ ...ext.plan.waves[0].mainNumbers![0], number: '+14255551000;ext=1000' }];
    const text = waveRunbook(ext, ext.plan.waves[0]).text;
    expect(text).toContain("[pscustomobject]@{ Name = 'Seattle main number'; ResourceAccount = 'aa-seattle@contoso.com'; PhoneNumber = $null; PhoneNumberType = $null; UsageLocation = $null;");
    expect(waveRollback(ext, ext.plan.waves[0]).text).not.toContain(';ext=1000');
  });

  it("sets a PBX group's queue up on the tenant's own account where the settings name one", () => {
    const own = buildFixtureInput();
    own.settings.callQueueAccounts = [{ groupId: HOSTILE_GROUP, account: 'ra-cq-sales@contoso.com' }];
    const wave1 = own.plan.waves[1];
    const text = waveRunbook(own, wave1).text;
    expect(text).toMatch(/Name = '=SUM\(1,2\) Sales: desk'; ResourceAccount = 'ra-cq-sales@contoso\.com'; Agents = /);
    expect(text).not.toContain('cq-sum-1-2-sales-desk@contoso.com');
    expect(waveRollback(own, wave1).text).toContain("ResourceAccount = 'ra-cq-sales@contoso.com'; PhoneNumber = '+13035550199'");
    const rows = resourceAccountRows(own, buildLookups(own), wave1);
    expect(rows.find((r) => r[0] === 'ra-cq-sales@contoso.com')?.[8]).toBe("The cutover script, on the tenant's own account (the settings' call queue accounts)");
  });

  it("logs what a person does before the cutover: the PBX's greetings, hours, holidays and menu, the time zone, people still on the PBX", () => {
    const literals = scanPowerShell(wave1).literals;
    expect(literals).toContain('+Denver main number');
    expect(literals.filter((l) => l.startsWith('before the cutover, make it answer as the PBX'))).toHaveLength(1);
    expect(literals.some((l) => l.startsWith('1 person at the site is blocked and stays on the PBX'))).toBe(true);
    expect(scanPowerShell(wave0).literals.some((l) => l.includes('blocked'))).toBe(false);
    expect(section(wave1)).toContain("foreach ($n in $AutoAttendantNotes) { Write-Action -Target $n.Attendant -Step 'main number' -Result $n.Result -Before '' -After $n.Step }");
    // A site name like a formula stays data: in literals, never in the code.
    expect(scanPowerShell(wave1).code).not.toContain('Denver');
  });

  it('adds neither the attendant nor the shared resource-account steps to a wave without main numbers or PBX groups', () => {
    const plan = buildFixtureInput().plan;
    delete plan.waves[0].mainNumbers;
    plan.waves[0].members = plan.waves[0].members.map((m) => ({ ...m, groupIds: [] }));
    const text = waveRunbook(buildFixtureInput(plan), plan.waves[0]).text;
    expect(text).not.toContain('AutoAttendant');
    expect(text).not.toContain('Resolve-VmpResourceAccount');
    expect(text).not.toContain('$ResourceAccountSkuId');
  });
});

describe('runbooks under arbitrary plan strings (property)', () => {
  beforeAll(loadPowerShellGrammar);

  const hostileChar = fc.constantFrom("'", '\u2018', '\u2019', '\u201A', '\u201B', '"', '\u201C', '`', '$', '(', ')', ';', '\n', '\r', '#', '<', '>', '|', '&', '@', 'a', 'Z', '0', ' ', '-', '.', '\u00e9');
  const text = fc.string({ unit: hostileChar, maxLength: 24 });

  it('every member lands in a literal (assigned or skipped) and the script always tokenizes and parses', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: text, upnLocal: text, policy: text, dialPlan: text, waveName: text, group: text }), { minLength: 1, maxLength: 6 }), (rows) => {
        const input = buildFixtureInput();
        const wave = { ...input.plan.waves[0], name: rows[0].waveName };
        wave.members = rows.map((r, i) => ({
          ...input.plan.waves[0].members[0],
          personId: `p${i}`,
          displayName: r.name,
          userPrincipalName: `${r.upnLocal}${i}@contoso.com`,
          voiceRoutingPolicy: r.policy || 'VRP',
          dialPlan: r.dialPlan || undefined,
          numberToAssign: `+1425555${String(2000 + i)}`,
          // PBX groups named by the same strings: a queue each, one pickup group, the first member as boss.
          lineId: `line-${i}`,
          groupIds: [`hunt-group:${r.group}`, `pickup-group:${rows[0].group}`, 'boss-delegate:line-0'],
        }));
        // The group set-ups are read from the plan (a group's last wave decides where it is set up).
        input.plan.waves[0] = wave;
        // The site's main numbers: an auto attendant each, named after the site.
        input.sites[0] = { ...input.sites[0], name: rows[0].name };
        wave.mainNumbers = rows.slice(0, 2).map((_, i) => ({ siteId: 'seattle', number: `+1425555300${i}`, extension: `300${i}`, path: 'DR' as const, numberType: 'directRouting' as const, sbcId: 'sbc1' }));
        for (const script of [waveRunbook(input, wave), waveRollback(input, wave)]) {
          const scan = scanPowerShell(script.text);
          expect(scan.errors).toEqual([]);
          expect(scan.doubleQuoted).toEqual([]);
          expect(powerShellSyntaxErrors(script.text)).toEqual([]);
          const literals = new Set(scan.literals);
          for (const m of wave.members) expect(literals.has(m.userPrincipalName.replace(/[\u0000-\u001F]/g, ' ')) || literals.has(m.userPrincipalName)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});
