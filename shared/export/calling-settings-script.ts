/**
 * Users' own calling settings in the runbooks (Get-/Set-CsUserCallingSettings, New-/Remove-CsUserCallingDelegate):
 * the cutover's call forwarding (forwarding-script.ts) and its PBX groups' delegates and call groups (runbooks.ts).
 *
 * Who: Microsoft documents -Identity of these cmdlets (and -Delegate of the delegate ones) as "the ObjectId or the
 * SIP address" of the user, not the UPN, which differs from the SIP address where the SIP domain is another (after a
 * merger, or a separate SIP domain). The scripts pass the Entra object id: the plan's (a person's id is their object
 * id), else the one Teams has for the UPN (Get-CsOnlineUser takes a UPN; its Identity is the object id). Messages and
 * ShouldProcess keep the UPN, for people to read.
 *
 * Undo: each change the cutover makes to these settings is a CHANGED row of its action log whose Saved column holds,
 * as JSON, the settings group as the change found it (Before) and what it set (After). The rollback, given the
 * cutover's action logs, puts Before back, newest change first, only while the user still has After: a setting
 * changed since (by the user or an admin) is theirs.
 */
import type { Wave } from '../domain/plan';
import type { ExportInput } from './export-input';
import { exportGroupSetUps } from './group-set-ups';
import { waveForwardingSetUps } from './personal-forwarding';
import { isGuid, psArray, psRecord } from './powershell';

/** The UPNs whose calling settings a wave's cutover changes: people forwarded as the PBX did, bosses, delegates, pickup group members. */
export function waveCallingSettingsUpns(input: ExportInput, wave: Wave): string[] {
  const groups = exportGroupSetUps(input, wave.number);
  return [
    ...waveForwardingSetUps(input, wave).filter((s) => s.teams).map((s) => s.upn),
    ...groups.delegations.flatMap((d) => [d.boss, d.delegate]),
    ...groups.pickupGroups.flatMap((g) => g.members),
  ];
}

/** Entra object ids of the plan's people, by UPN in lower case; worked out once per plan. */
const idsByPlan = new WeakMap<ExportInput['plan'], Map<string, string>>();

function objectIdsByUpn(input: ExportInput): Map<string, string> {
  let ids = idsByPlan.get(input.plan);
  if (!ids) {
    ids = new Map();
    for (const w of input.plan.waves) for (const m of w.members) if (isGuid(m.personId)) ids.set(m.userPrincipalName.toLowerCase(), m.personId);
    idsByPlan.set(input.plan, ids);
  }
  return ids;
}

/** `$CallingUsers`: one record per user (once) with the plan's object id, $null where the plan has none (the script then asks Teams). */
export function callingUsersData(input: ExportInput, upns: readonly string[]): string {
  const ids = objectIdsByUpn(input);
  const seen = new Set<string>();
  const records: string[] = [];
  for (const upn of upns) {
    const key = upn.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    records.push(psRecord({ Upn: upn, ObjectId: ids.get(key) }));
  }
  return psArray('CallingUsers', records);
}

/** Both scripts: `Get-VmpUserId` (a UPN to the object id these cmdlets take) and `ConvertTo-VmpTarget`. */
export const CALLING_USER_LOGIC = [
  '    # --- Users by object id for their calling settings -------------------------------------------------',
  '    # Get-/Set-CsUserCallingSettings and New-/Remove-CsUserCallingDelegate take a user by ObjectId or SIP address,',
  "    # not by UPN (which differs from the SIP address where the SIP domain is another): the plan's object id, else",
  '    # the one Teams has for the UPN (Get-CsOnlineUser takes a UPN; its Identity is the object id).',
  '    $VmpUserIds = @{}',
  '    foreach ($u in $CallingUsers) { $VmpUserIds[[string]$u.Upn] = [string]$u.ObjectId }',
  '    function Get-VmpUserId([string] $Upn) {',
  '        if (-not $VmpUserIds[$Upn]) {',
  '            $id = [string](Get-CsOnlineUser -Identity $Upn -ErrorAction Stop).Identity',
  "            if (-not $id) { throw ('{0} is not in Teams' -f $Upn) }",
  '            $VmpUserIds[$Upn] = $id',
  '        }',
  '        return $VmpUserIds[$Upn]',
  '    }',
  '    # SIP addresses and numbers are compared without the sip: or tel: Teams may show them with.',
  "    function ConvertTo-VmpTarget($Value) { return ([string]$Value -replace '^(sip|tel):', '') }",
  '',
];

/** The cutover's `Get-VmpSaved`: what a change replaced and what it set, as JSON for the action log's Saved column. */
export const SAVED_SETTINGS_LOGIC = [
  "    # What a change to a user's calling settings found (Before: the settings group it writes) and set (After), as",
  "    # JSON in the action log's Saved column: the rollback puts Before back while the user still has After.",
  '    $VmpSettingGroups = @{',
  "        Forwarding = @('IsForwardingEnabled', 'ForwardingType', 'ForwardingTargetType', 'ForwardingTarget')",
  "        Unanswered = @('IsUnansweredEnabled', 'UnansweredTargetType', 'UnansweredTarget', 'UnansweredDelay')",
  "        CallGroup = @('CallGroupOrder', 'CallGroupTargets')",
  '        Delegate = @()',
  '    }',
  '    function Get-VmpSaved([string] $Group, $Settings, [hashtable] $Set) {',
  '        $found = [ordered]@{}',
  '        foreach ($n in $VmpSettingGroups[$Group]) {',
  '            $v = $Settings.$n',
  '            if ($null -eq $v -or $v -is [bool] -or $v -is [string]) { $found[$n] = $v }',
  '            elseif ($v -is [System.Collections.IEnumerable]) { $found[$n] = @($v | ForEach-Object { [string]$_ }) }',
  '            else { $found[$n] = [string]$v }',
  '        }',
  '        $made = [ordered]@{}',
  "        foreach ($k in @($Set.Keys | Sort-Object)) { if ($k -ne 'Identity') { $made[$k] = $Set[$k] } }",
  '        return (ConvertTo-Json -InputObject ([ordered]@{ Group = $Group; Before = $found; After = $made }) -Compress -Depth 5)',
  '    }',
  '',
];

/**
 * The rollback's undo of the cutover's calling settings changes, from the Saved column of its action logs
 * (`$changes`, read with the other CHANGED rows), before the numbers go (the reverse of the cutover, which set them
 * last): newest first, so a boss's ringing of delegates is off before a delegate goes and a member's ringing of the
 * call group before its targets. `$changes` holds only rows this wave's cutover wrote (runbooks.ts reads the logs by
 * their Script column: another wave's cutover changed some of the same users); on top, only users of this wave's
 * set-ups, each only while the user still has what the cutover set, and a second run finds them as before and
 * changes nothing.
 */
export const CALLING_SETTINGS_ROLLBACK_LOGIC = [
  '    # --- Calling settings the cutover changed: call forwarding, delegates, call groups -------------------',
  "    # Put back from the Saved column of the cutover's action logs (what each change found, and what it set), newest",
  '    # change first, and only while the user still has what the cutover set: a setting changed since is the user\'s.',
  '    if (-not $CutoverActionLog) {',
  "        Write-Action -Target $WaveName -Step 'calling settings' -Result 'ACTION' -Before '' -After 'the cutover changed call forwarding, delegates or call groups: run again with -CutoverActionLog (the cutover''s action logs) to put back what the users had'",
  '    }',
  '    foreach ($log in $unsaved) {',
  "        Write-Action -Target $log -Step 'calling settings' -Result 'ACTION' -Before '' -After 'an earlier version of the cutover script wrote this log, without what it replaced: check the forwarding, delegates and call groups of this wave''s users by hand'",
  '    }',
  '    $undo = $changes.ToArray()',
  '    [array]::Reverse($undo)',
  '    foreach ($c in $undo) {',
  '        $upn = [string]$c.Target',
  '        $step = [string]$c.Step',
  '        if (-not $VmpUserIds.ContainsKey($upn)) {',
  "            Write-Action -Target $upn -Step $step -Result 'SKIPPED' -Before '' -After 'not a user of this wave''s forwarding or PBX groups: the plan changed since the cutover, or the log is another script''s (of an earlier version, see above)'",
  '            continue',
  '        }',
  '        try {',
  '            $s = $c.Saved | ConvertFrom-Json',
  '            $id = Get-VmpUserId -Upn $upn',
  "            if ($s.Group -eq 'Delegate') {",
  '                # A delegate the cutover added goes; one the boss had before was never in its log.',
  '                $delegate = [string]$s.After.Delegate',
  '                $delegateUser = Get-CsOnlineUser -Identity $delegate -ErrorAction Stop',
  '                $known = @((ConvertTo-VmpTarget $delegateUser.SipAddress), [string]$delegateUser.Identity)',
  '                $settings = Get-CsUserCallingSettings -Identity $id',
  '                if (@($settings.Delegates | Where-Object { $known -contains (ConvertTo-VmpTarget $_.Id) }).Count -eq 0) {',
  "                    Write-Action -Target $upn -Step $step -Result 'OK' -Before '' -After ('{0} is not a delegate any more' -f $delegate)",
  "                } elseif ($PSCmdlet.ShouldProcess($upn, ('Remove-CsUserCallingDelegate {0}' -f $delegate))) {",
  '                    Remove-CsUserCallingDelegate -Identity $id -Delegate (Get-VmpUserId -Upn $delegate)',
  "                    Write-Action -Target $upn -Step $step -Result 'CHANGED' -Before $delegate -After ''",
  '                }',
  '                continue',
  '            }',
  "            if ($s.Group -eq 'GroupMembership') {",
  "                # The member's notification for the call groups the cutover set to Banner, where it still is.",
  '                $details = @((Get-CsUserCallingSettings -Identity $id).GroupMembershipDetails | Where-Object { $_ })',
  '                $back = 0',
  '                foreach ($w in @($s.Before.GroupMembershipDetails)) {',
  '                    foreach ($d in @($details | Where-Object { [string]$_.CallGroupOwnerId -eq [string]$w.CallGroupOwnerId -and [string]$_.NotificationSetting -eq [string]$s.After.NotificationSetting })) {',
  "                        $d.NotificationSetting = if ($w.NotificationSetting) { [string]$w.NotificationSetting } else { 'Ring' }",
  '                        $back++',
  '                    }',
  '                }',
  '                if ($back -eq 0) {',
  "                    Write-Action -Target $upn -Step $step -Result 'OK' -Before '' -After 'no call group as the cutover left it: nothing to put back'",
  "                } elseif ($PSCmdlet.ShouldProcess($upn, ('Set-CsUserCallingSettings -GroupMembershipDetails ({0} call groups as before)' -f $back))) {",
  '                    Set-CsUserCallingSettings -Identity $id -GroupMembershipDetails $details',
  "                    Write-Action -Target $upn -Step $step -Result 'CHANGED' -Before $s.After.NotificationSetting -After ('{0} call groups as before' -f $back)",
  '                }',
  '                continue',
  '            }',
  '            $current = Get-CsUserCallingSettings -Identity $id',
  "            if ($s.Group -eq 'CallGroup') {",
  '                # The targets the cutover added go; the ones the user had, or added since, stay.',
  '                $had = @($s.Before.CallGroupTargets | ForEach-Object { ConvertTo-VmpTarget $_ })',
  '                $added = @($s.After.CallGroupTargets | ForEach-Object { ConvertTo-VmpTarget $_ } | Where-Object { $had -notcontains $_ })',
  '                $targets = @($current.CallGroupTargets | ForEach-Object { [string]$_ })',
  '                $keep = @($targets | Where-Object { $added -notcontains (ConvertTo-VmpTarget $_) })',
  '                if ($keep.Count -eq $targets.Count) {',
  "                    Write-Action -Target $upn -Step $step -Result 'OK' -Before '' -After 'holds none of the targets the cutover added'",
  "                } elseif ($PSCmdlet.ShouldProcess($upn, ('Set-CsUserCallingSettings -CallGroupTargets (-{0})' -f ($targets.Count - $keep.Count)))) {",
  "                    # The order as the user had it; never set, Teams' default (the cutover's too).",
  "                    $order = if ($s.Before.CallGroupOrder) { [string]$s.Before.CallGroupOrder } else { 'Simultaneous' }",
  '                    Set-CsUserCallingSettings -Identity $id -CallGroupOrder $order -CallGroupTargets $keep',
  "                    Write-Action -Target $upn -Step $step -Result 'CHANGED' -Before ('{0} targets' -f $targets.Count) -After ('{0} targets' -f $keep.Count)",
  '                }',
  '                continue',
  '            }',
  '            # Forwarding or unanswered calls: the settings group as the user had it.',
  '            $was = $s.Before',
  "            if ($s.Group -eq 'Forwarding') {",
  '                # Never set (empty): off, as Teams has it by default.',
  '                if ($was.IsForwardingEnabled -eq $true) {',
  '                    $params = @{ IsForwardingEnabled = $true; ForwardingType = [string]$was.ForwardingType; ForwardingTargetType = [string]$was.ForwardingTargetType }',
  "                    if ($params.ForwardingTargetType -eq 'SingleTarget') { $params.ForwardingTarget = [string]$was.ForwardingTarget -replace '^tel:', '' }",
  "                    $text = '{0} to {1} {2}' -f $params.ForwardingType, $params.ForwardingTargetType, $params.ForwardingTarget",
  '                } else {',
  '                    $params = @{ IsForwardingEnabled = $false }',
  "                    $text = 'off'",
  '                }',
  '            } else {',
  "                # Never set (empty): Teams' default, unanswered calls to voicemail after 20 seconds.",
  '                if ($was.IsUnansweredEnabled -eq $false) {',
  '                    $params = @{ IsUnansweredEnabled = $false }',
  "                    $text = 'off'",
  '                } else {',
  "                    $params = @{ IsUnansweredEnabled = $true; UnansweredTargetType = 'Voicemail'; UnansweredDelay = '00:00:20' }",
  '                    if ($was.UnansweredTargetType) { $params.UnansweredTargetType = [string]$was.UnansweredTargetType }',
  '                    if ($was.UnansweredDelay) { $params.UnansweredDelay = [string]$was.UnansweredDelay }',
  "                    if ($params.UnansweredTargetType -eq 'SingleTarget') { $params.UnansweredTarget = [string]$was.UnansweredTarget -replace '^tel:', '' }",
  "                    $text = 'Unanswered after {0} to {1} {2}' -f $params.UnansweredDelay, $params.UnansweredTargetType, $params.UnansweredTarget",
  '                }',
  '            }',
  '            # Put back only while the user still has what the cutover set: a forward changed since is theirs.',
  '            $same = $true',
  '            foreach ($k in $params.Keys) { if ((ConvertTo-VmpTarget $current.$k) -ne (ConvertTo-VmpTarget $params[$k])) { $same = $false } }',
  '            $still = $true',
  '            foreach ($p in $s.After.PSObject.Properties) { if ((ConvertTo-VmpTarget $current.($p.Name)) -ne (ConvertTo-VmpTarget $p.Value)) { $still = $false } }',
  '            if ($same) {',
  "                Write-Action -Target $upn -Step $step -Result 'OK' -Before '' -After ('as before the cutover already: {0}' -f $text)",
  '            } elseif (-not $still) {',
  "                Write-Action -Target $upn -Step $step -Result 'ACTION' -Before $c.After -After ('changed since the cutover: left as it is; it had {0} before' -f $c.Before)",
  "            } elseif ($PSCmdlet.ShouldProcess($upn, ('Set-CsUserCallingSettings {0} (as before the cutover)' -f $text))) {",
  '                $params.Identity = $id',
  '                Set-CsUserCallingSettings @params',
  "                Write-Action -Target $upn -Step $step -Result 'CHANGED' -Before $c.After -After $text",
  '            }',
  '        } catch {',
  "            Write-Action -Target $upn -Step $step -Result 'FAILED' -Before '' -After $_.Exception.Message",
  '        }',
  '    }',
  '',
];
