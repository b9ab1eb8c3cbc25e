/**
 * Users' calling settings in the runbooks (calling-settings-script.ts): the calling settings and delegate cmdlets
 * get each user by object id (Microsoft documents their -Identity and -Delegate as "the ObjectId or the SIP
 * address", not the UPN); the cutover keeps, with each change, what it replaced; the rollback puts that back,
 * newest change first, only while the user still has what the cutover set. The TeamsOnly upgrade stays.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plan } from '../../../shared/domain/plan';
import { callingUsersData, waveCallingSettingsUpns } from '../../../shared/export/calling-settings-script';
import { runbookIndex } from '../../../shared/export/export-model';
import { tenantSetupScript, waveRollback, waveRunbook, waveScriptName } from '../../../shared/export/runbooks';
import { loadPowerShellGrammar, powerShellSyntaxErrors } from './ps-grammar';
import { scanPowerShell } from './ps-scan';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';

beforeAll(loadPowerShellGrammar);

const DEMO_RUNBOOKS = path.join(__dirname, '..', '..', 'golden', 'export', 'demo', 'runbooks');

/**
 * The fixture with, in the pilot: user1 the boss of user2 (the group named after the boss's line), a pickup group
 * of o'brien (an apostrophe in the UPN) and user6, whose id is no object id, and user7's own forward.
 */
function callingInput() {
  const plan: Plan = buildFixturePlan();
  const w0 = plan.waves[0].members;
  const boss = (groupIds: string[]) => [...groupIds.filter((g) => !g.startsWith('boss-delegate:')), 'boss-delegate:seattle/1001'];
  w0[0] = { ...w0[0], groupIds: boss(w0[0].groupIds) };
  w0[1] = { ...w0[1], groupIds: boss(w0[1].groupIds) };
  w0[4] = { ...w0[4], groupIds: ['pickup-group:Reception'] };
  w0[5] = { ...w0[5], personId: 'pbx-line-1006', groupIds: ['pickup-group:Reception'] };
  w0[6] = { ...w0[6], forwarding: { all: { kind: 'number', number: '+442079460000' } } };
  return buildFixtureInput(plan);
}

const input = callingInput();
const wave0 = input.plan.waves[0];
const cutover = waveRunbook(input, wave0).text;
const rollback = waveRollback(input, wave0).text;

/** The code of a script (literals and comments out) as lines. */
const codeLines = (text: string) => scanPowerShell(text).code.split('\n');

const CALLING_CMDLETS = /\b(Get-CsUserCallingSettings|Set-CsUserCallingSettings|New-CsUserCallingDelegate|Remove-CsUserCallingDelegate)\b/;
/** What the calling settings cmdlets may be given as a user: an object id, never a UPN. */
const BY_OBJECT_ID = /^(\$id|\$bossId|\(Get-VmpUserId -Upn \$[A-Za-z.]+\))$/;

/** Each user argument (-Identity, -Delegate, a splat's Identity) the calling settings cmdlets get in a script. */
function callingUserArguments(text: string): string[] {
  const lines = codeLines(text);
  const args: string[] = [];
  lines.forEach((line, i) => {
    if (!CALLING_CMDLETS.test(line)) return;
    for (const m of line.matchAll(/-(?:Identity|Delegate) (\([^)]*\)|[^\s)]+)/g)) args.push(m[1]);
    if (/Set-CsUserCallingSettings @params/.test(line)) {
      // The splat's Identity: the nearest $params made or given one before it.
      for (let j = i - 1; j >= 0; j--) {
        const made = lines[j].match(/\$params = @\{ Identity = (\S+?);/) ?? lines[j].match(/\$params\.Identity = (\S+)$/);
        if (made) {
          args.push(made[1]);
          break;
        }
      }
    }
  });
  return args;
}

describe('the calling settings and delegate cmdlets get each user by object id', () => {
  const fixture = buildFixtureInput();
  const scripts = [
    cutover,
    rollback,
    ...fixture.plan.waves.flatMap((w) => [waveRunbook(fixture, w).text, waveRollback(fixture, w).text]),
    ...fs.readdirSync(DEMO_RUNBOOKS).filter((f) => f.endsWith('.ps1')).map((f) => fs.readFileSync(path.join(DEMO_RUNBOOKS, f), 'utf8')),
  ];

  it.each(scripts.map((text, i) => [i, text] as const))('script %i passes object ids, never a UPN', (_i, text) => {
    for (const arg of callingUserArguments(text)) expect(arg).toMatch(BY_OBJECT_ID);
    expect(text).not.toMatch(/CallingSettings -Identity \$(f\.Upn|d\.Boss|m)\b|CallingDelegate -Identity \$d\.Boss|-Delegate \$d\.Delegate/);
  });

  it('reaches every kind of call in the cutover and the rollback: the check above is not empty', () => {
    expect(callingUserArguments(cutover).length).toBeGreaterThanOrEqual(12);
    expect(callingUserArguments(rollback).length).toBeGreaterThanOrEqual(6);
    expect(cutover).toContain('New-CsUserCallingDelegate -Identity $bossId -Delegate (Get-VmpUserId -Upn $d.Delegate) -MakeCalls $true');
    expect(rollback).toContain('Remove-CsUserCallingDelegate -Identity $id -Delegate (Get-VmpUserId -Upn $delegate)');
  });

  it('keeps the UPN for people: in ShouldProcess and in the action log', () => {
    expect(cutover).toContain("} elseif ($PSCmdlet.ShouldProcess($d.Boss, ('New-CsUserCallingDelegate {0}' -f $d.Delegate))) {");
    expect(cutover).toContain("if ($PSCmdlet.ShouldProcess($d.Boss, 'Set-CsUserCallingSettings: also ring delegates')) {");
    expect(cutover).toContain("} elseif ($PSCmdlet.ShouldProcess($m, ('Set-CsUserCallingSettings -CallGroupTargets (+{0})' -f $missing.Count))) {");
    expect(cutover).toContain("elseif ($PSCmdlet.ShouldProcess($f.Upn, ('Set-CsUserCallingSettings {0}' -f $after))) {");
    expect(rollback).toContain("} elseif ($PSCmdlet.ShouldProcess($upn, ('Remove-CsUserCallingDelegate {0}' -f $delegate))) {");
    expect(cutover).toContain("Write-Action -Target $d.Boss -Step 'delegate' -Result 'CHANGED' -Before '' -After $d.Delegate");
  });

  it("lists the users with the plan's object ids, once each and quoted; $null where the plan has none, and Teams is asked", () => {
    expect(waveCallingSettingsUpns(input, wave0)).toEqual(['user7@contoso.com', 'user1@contoso.com', 'user2@contoso.com', "o'brien@contoso.com", 'user6@contoso.com']);
    for (const text of [cutover, rollback]) {
      expect(text).toContain(
        [
          '$CallingUsers = @(',
          "    [pscustomobject]@{ Upn = 'user7@contoso.com'; ObjectId = '00000000-0000-4000-8000-000000000007' }",
          "    [pscustomobject]@{ Upn = 'user1@contoso.com'; ObjectId = '00000000-0000-4000-8000-000000000001' }",
          "    [pscustomobject]@{ Upn = 'user2@contoso.com'; ObjectId = '00000000-0000-4000-8000-000000000002' }",
          "    [pscustomobject]@{ Upn = 'o''brien@contoso.com'; ObjectId = '00000000-0000-4000-8000-000000000005' }",
          "    [pscustomobject]@{ Upn = 'user6@contoso.com'; ObjectId = $null }",
          ')',
        ].join('\r\n'),
      );
      const scan = scanPowerShell(text);
      expect(scan.errors).toEqual([]);
      expect(scan.doubleQuoted).toEqual([]);
      expect(scan.literals).toContain("o'brien@contoso.com");
      expect(scan.code).not.toContain('brien');
      expect(powerShellSyntaxErrors(text)).toEqual([]);
      // Without the plan's id, the one Teams has for the UPN (Get-CsOnlineUser takes a UPN; its Identity is the object id).
      expect(text).toContain('$id = [string](Get-CsOnlineUser -Identity $Upn -ErrorAction Stop).Identity');
    }
    // Once a user, whatever the case of the UPN (PowerShell's hashtables ignore it too).
    expect(callingUsersData(input, ['User1@contoso.com', 'user1@contoso.com'])).toBe(
      "$CallingUsers = @(\r\n    [pscustomobject]@{ Upn = 'User1@contoso.com'; ObjectId = '00000000-0000-4000-8000-000000000001' }\r\n)",
    );
  });

  it("defines the lookup wherever the PBX groups' logic is, with an empty list where nobody's settings change", () => {
    const text = waveRunbook(buildFixtureInput(), buildFixtureInput().plan.waves[0]).text;
    expect(text).toContain('$CallingUsers = @()\r\n');
    expect(text.indexOf('function Get-VmpUserId(')).toBeGreaterThan(0);
    expect(text.indexOf('function Get-VmpUserId(')).toBeLessThan(text.indexOf('foreach ($d in $Delegations)'));
    expect(waveRollback(buildFixtureInput(), buildFixtureInput().plan.waves[0]).text).not.toContain('CallingUsers');
  });
});

describe('the cutover keeps what each change to calling settings replaced', () => {
  const STEPS = ['call forwarding', 'unanswered calls', 'delegate', 'ring delegates', 'call group', 'ring call group', 'group notification'];

  it("logs, with every such change, the settings group it found and what it set (the action log's Saved column)", () => {
    const changed = cutover.split('\r\n').filter((l) => /Write-Action -Target \$(f\.Upn|d\.Boss|m) -Step '([^']+)' -Result 'CHANGED'/.test(l));
    const steps = new Set(changed.map((l) => l.match(/-Step '([^']+)'/)![1]));
    expect([...steps].sort()).toEqual([...STEPS].sort());
    for (const line of changed) expect(line).toMatch(/ -Saved (\(Get-VmpSaved -Group '(Forwarding|Unanswered|CallGroup|Delegate)' -Settings \$(current|settings|null) -Set (\$params|@\{ Delegate = \$d\.Delegate \})\)|\$saved)$/);
    // The log has the column in every script, and the name of the script that wrote each row (Script).
    for (const text of [cutover, rollback, tenantSetupScript(input).text]) {
      expect(text).toContain('param([string] $Target, [string] $Step, [string] $Result, [string] $Before, [string] $After, [string] $Saved)');
      expect(text).toContain('Before = $Before; After = $After; Saved = $Saved; Script = $ScriptName })');
    }
  });

  it('saves the whole settings group as found, and what was set without the user', () => {
    expect(cutover).toContain("Forwarding = @('IsForwardingEnabled', 'ForwardingType', 'ForwardingTargetType', 'ForwardingTarget')");
    expect(cutover).toContain("Unanswered = @('IsUnansweredEnabled', 'UnansweredTargetType', 'UnansweredTarget', 'UnansweredDelay')");
    expect(cutover).toContain("CallGroup = @('CallGroupOrder', 'CallGroupTargets')");
    expect(cutover).toContain("foreach ($k in @($Set.Keys | Sort-Object)) { if ($k -ne 'Identity') { $made[$k] = $Set[$k] } }");
    expect(cutover).toContain('return (ConvertTo-Json -InputObject ([ordered]@{ Group = $Group; Before = $found; After = $made }) -Compress -Depth 5)');
    // A member's notifications are kept before they change to Banner.
    expect(cutover.indexOf('$was = @($ringing | ForEach-Object {')).toBeGreaterThan(0);
    expect(cutover.indexOf('$was = @($ringing | ForEach-Object {')).toBeLessThan(cutover.indexOf("foreach ($d in $ringing) { $d.NotificationSetting = 'Banner' }"));
    // The helpers come before the PBX groups and the forwards that use them.
    expect(cutover.indexOf('function Get-VmpSaved(')).toBeLessThan(cutover.indexOf('foreach ($d in $Delegations)'));
    expect(cutover.indexOf('function Get-VmpSaved(')).toBeLessThan(cutover.indexOf('# --- Call forwarding'));
  });
});

describe('the rollback puts the calling settings back', () => {
  /** The rollback's part for calling settings. */
  const part = rollback.slice(rollback.indexOf('    # --- Calling settings the cutover changed'), rollback.indexOf('    foreach ($a in $Assignments)'));

  it('reads every action log it is given, the first run keeping what users had, and the changes with Saved in the order made', () => {
    expect(rollback).toContain('[string[]] $CutoverActionLog');
    expect(rollback).toContain('foreach ($log in @($CutoverActionLog | Where-Object { $_ })) {');
    expect(rollback).toContain('if (-not $before.ContainsKey($key)) { $before[$key] = $row.Before }');
    expect(rollback).toContain('if ($row.Saved) { $changes.Add($row) }');
  });

  it("uses only the rows this wave's cutover wrote, for the calling settings and the policies' Before alike", () => {
    // A wave's calling users include earlier waves' delegates and pickup group members: a log of another wave's
    // cutover (or of a rollback, whose Before is the cutover's value) must not be undone here.
    const reading = rollback.slice(rollback.indexOf("    # The cutover's changes, from its action logs"), rollback.indexOf('    # --- Users by object id'));
    expect(reading.length).toBeGreaterThan(0);
    expect(rollback).toContain("$ScriptName = 'vmp-wave-00-rollback'\r\n");
    expect(rollback).toContain("$CutoverScriptName = 'vmp-wave-00-cutover'\r\n");
    expect(cutover).toContain("$ScriptName = 'vmp-wave-00-cutover'\r\n");
    // Rows that name another script (or none) are left out, with one ACTION naming the file; the rest are read.
    const guard = [
      "        if ($rows[0].PSObject.Properties['Script']) {",
      '            $others = @($rows | Where-Object { [string]$_.Script -ne $CutoverScriptName })',
      '            if ($others.Count -gt 0) {',
    ].join('\r\n');
    expect(reading).toContain(guard);
    expect(reading).toMatch(/\r\n\s+Write-Action -Target \$log -Step 'action log' -Result 'ACTION' -Before \$writers -After \([^\r\n]*: left out' -f \$others\.Count, \$rows\.Count, \$writers, \$CutoverScriptName\)\r\n\s+\$rows = @\(\$rows \| Where-Object \{ \[string\]\$_\.Script -eq \$CutoverScriptName \}\)\r\n/);
    // A log of the scripts before the column: one named as another script's log is left whole, any other read with an
    // ACTION saying it cannot be attributed.
    expect(reading).toContain("if ($name -match '^(vmp-.+)-[0-9]{8}-[0-9]{6}\\.csv$' -and $Matches[1] -ne $CutoverScriptName) {");
    expect(reading).toMatch(/Write-Action -Target \$log -Step 'action log' -Result 'ACTION' -Before \$Matches\[1\] -After \('the log of \{0\}, not \{1\}: left out' -f \$Matches\[1\], \$CutoverScriptName\)\r\n\s+continue\r\n/);
    expect(reading).toMatch(/Write-Action -Target \$log -Step 'action log' -Result 'ACTION' -Before '' -After \('[^\r\n]*cannot be attributed to \{0\}[^\r\n]*' -f \$CutoverScriptName\)/);
    // Every use of the rows ($before for the policies, $changes for the calling settings) comes after the guard,
    // and the ACTIONs come before it (no row of another script is read on the way).
    const use = reading.indexOf('        foreach ($row in $rows) {');
    expect(use).toBeGreaterThan(reading.indexOf('$rows = @($rows | Where-Object { [string]$_.Script -eq $CutoverScriptName })'));
    expect(use).toBeGreaterThan(reading.indexOf("$unsaved += $log"));
    expect(reading.slice(0, use)).not.toMatch(/\$before\[|\$changes\.Add/);
    expect(reading.slice(use).match(/\$before\[\$key\] = \$row\.Before|\$changes\.Add\(\$row\)/g)).toHaveLength(2);
    expect(rollback.match(/\$before\[\$key\] =|\$changes\.Add\(/g)).toHaveLength(2);
    // A log without Saved (an earlier version still) is one of those without Script: named for a check by hand.
    expect(reading.indexOf("if (-not $rows[0].PSObject.Properties['Saved']) { $unsaved += $log }")).toBeGreaterThan(reading.indexOf('        } else {'));
    // Reading changes nothing in Teams, and the script name is a literal like every other value.
    expect(scanPowerShell(reading).code).not.toMatch(/\b(Set|Grant|Remove|New)-Cs/);
    expect(scanPowerShell(rollback).literals).toContain('vmp-wave-00-cutover');
    expect(scanPowerShell(rollback).code).not.toContain('vmp-wave-00-cutover');
    expect(powerShellSyntaxErrors(rollback)).toEqual([]);
  });

  it("names, in each wave's rollback, the script name its own cutover writes in every row, and no other wave's", () => {
    const fixture = buildFixtureInput();
    const names = fixture.plan.waves.map((w) => {
      const own = waveRunbook(fixture, w).text.match(/^\$ScriptName = '([^']+)'\r$/m)![1];
      const wanted = waveRollback(fixture, w).text.match(/^\$CutoverScriptName = '([^']+)'\r$/m)![1];
      expect(wanted).toBe(own);
      expect(own).toBe(waveScriptName(w.number, 'cutover'));
      return own;
    });
    expect(new Set(names).size).toBe(fixture.plan.waves.length);
    expect(waveScriptName(7, 'cutover')).toBe('vmp-wave-07-cutover');
    expect(waveScriptName(12, 'rollback')).toBe('vmp-wave-12-rollback');
    // The demo's too, as generated.
    const demo = fs.readdirSync(DEMO_RUNBOOKS).filter((f) => /^wave-\d+-rollback\.ps1$/.test(f));
    expect(demo.length).toBeGreaterThan(0);
    for (const f of demo) {
      const text = fs.readFileSync(path.join(DEMO_RUNBOOKS, f), 'utf8');
      const own = fs.readFileSync(path.join(DEMO_RUNBOOKS, f.replace('-rollback', '-cutover')), 'utf8').match(/^\$ScriptName = '([^']+)'\r?$/m)![1];
      expect(text).toMatch(new RegExp(`^\\$CutoverScriptName = '${own}'\\r?$`, 'm'));
      expect(text).toContain("$others = @($rows | Where-Object { [string]$_.Script -ne $CutoverScriptName })");
    }
  });

  it('undoes newest first, before the numbers go, only for the users of this wave, and says what to pass without the logs', () => {
    expect(part.length).toBeGreaterThan(0);
    expect(part).toContain('$undo = $changes.ToArray()\r\n    [array]::Reverse($undo)');
    expect(part).toContain("if (-not $VmpUserIds.ContainsKey($upn)) {\r\n            Write-Action -Target $upn -Step $step -Result 'SKIPPED'");
    expect(part).toMatch(/if \(-not \$CutoverActionLog\) \{\r\n\s+Write-Action -Target \$WaveName -Step 'calling settings' -Result 'ACTION' [^\r\n]*run again with -CutoverActionLog/);
    // A log of the earlier cutover script (no Saved column) is named, so its users' settings are checked by hand.
    expect(rollback).toContain("if (-not $rows[0].PSObject.Properties['Saved']) { $unsaved += $log }");
    expect(part).toMatch(/foreach \(\$log in \$unsaved\) \{\r\n\s+Write-Action -Target \$log -Step 'calling settings' -Result 'ACTION' [^\r\n]*an earlier version of the cutover script/);
  });

  it('asks ShouldProcess before every change, after reading what the user has now', () => {
    const lines = part.split('\r\n');
    const changes = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s+(Set-CsUserCallingSettings|Remove-CsUserCallingDelegate) /.test(l));
    expect(changes.length).toBe(4);
    for (const [, i] of changes) expect(lines.slice(Math.max(0, i - 3), i).some((l) => l.includes('$PSCmdlet.ShouldProcess($upn, '))).toBe(true);
    for (const read of ['$settings = Get-CsUserCallingSettings -Identity $id', '$details = @((Get-CsUserCallingSettings -Identity $id).GroupMembershipDetails', '$current = Get-CsUserCallingSettings -Identity $id']) {
      expect(part).toContain(read);
    }
  });

  it("removes only the delegates and call group targets the cutover added, and leaves the user's own", () => {
    expect(part).toContain("if ($s.Group -eq 'Delegate') {");
    expect(part).toContain('if (@($settings.Delegates | Where-Object { $known -contains (ConvertTo-VmpTarget $_.Id) }).Count -eq 0) {');
    expect(part).toContain('$added = @($s.After.CallGroupTargets | ForEach-Object { ConvertTo-VmpTarget $_ } | Where-Object { $had -notcontains $_ })');
    expect(part).toContain('$keep = @($targets | Where-Object { $added -notcontains (ConvertTo-VmpTarget $_) })');
    expect(part).toContain('Set-CsUserCallingSettings -Identity $id -CallGroupOrder $order -CallGroupTargets $keep');
    // A member's notification goes back only for the call groups still set to what the cutover set.
    expect(part).toContain("[string]$_.NotificationSetting -eq [string]$s.After.NotificationSetting");
  });

  it("puts a forward back only while the user still has the cutover's, finds it back already on a second run, and takes Teams' defaults for settings never set", () => {
    const same = part.indexOf('if ($same) {');
    const still = part.indexOf('} elseif (-not $still) {');
    const change = part.indexOf("} elseif ($PSCmdlet.ShouldProcess($upn, ('Set-CsUserCallingSettings {0} (as before the cutover)' -f $text))) {");
    expect(same).toBeGreaterThan(0);
    expect(still).toBeGreaterThan(same);
    expect(change).toBeGreaterThan(still);
    expect(part).toContain("Write-Action -Target $upn -Step $step -Result 'OK' -Before '' -After ('as before the cutover already: {0}' -f $text)");
    expect(part).toContain("Write-Action -Target $upn -Step $step -Result 'ACTION' -Before $c.After -After ('changed since the cutover: left as it is; it had {0} before' -f $c.Before)");
    expect(part).toContain('foreach ($p in $s.After.PSObject.Properties) { if ((ConvertTo-VmpTarget $current.($p.Name)) -ne (ConvertTo-VmpTarget $p.Value)) { $still = $false } }');
    // Forwarding never set is off; unanswered calls never set go to voicemail after 20 seconds.
    expect(part).toContain('$params = @{ IsForwardingEnabled = $false }');
    expect(part).toContain("$params = @{ IsUnansweredEnabled = $true; UnansweredTargetType = 'Voicemail'; UnansweredDelay = '00:00:20' }");
    expect(part).toContain("if ($params.ForwardingTargetType -eq 'SingleTarget') { $params.ForwardingTarget = [string]$was.ForwardingTarget -replace '^tel:', '' }");
  });

  it('leaves the TeamsOnly upgrade, and says why in the script', () => {
    expect(scanPowerShell(rollback).code).not.toContain('Grant-CsTeamsUpgradePolicy');
    expect(rollback).toContain('The TeamsOnly upgrade stays: the mode steers chats and meetings, not calls to the number (see below).');
    expect(rollback).toContain('# The TeamsOnly upgrade stays. The coexistence mode decides where chats, Teams calls and new meetings land');
    expect(rollback).toContain("# (step 'upgrade to TeamsOnly'); Grant-CsTeamsUpgradePolicy -PolicyName $null gives a user the tenant's again.");
  });

  it('says in the header and the runbook index what it puts back, and leaves the part out where the cutover changed nobody', () => {
    expect(rollback).toContain("their notifications, earlier waves' group members' too) go back to what its action logs saved, newest");
    expect(runbookIndex(input).find((e) => e.kind === 'wave-rollback')!.description).toContain('puts back the call forwarding, delegates and call groups it changed');
    const plain = waveRollback(buildFixtureInput(), buildFixtureInput().plan.waves[0]).text;
    expect(plain).not.toContain('# --- Calling settings the cutover changed');
    expect(plain).not.toContain('go back to what its action logs saved');
  });
});
