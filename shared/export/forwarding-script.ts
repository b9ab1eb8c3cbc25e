/**
 * The cutover runbook's part for people's own call forwarding (personal-forwarding.ts): one record per
 * user whose forward the cutover sets, and one note per step left to a person. It runs after the call
 * queues and auto attendants of the wave exist, so a forward to one made in the same run finds it.
 */
import { teamsDelayText } from '../domain/line-forwarding';
import type { ForwardingSetUp } from './personal-forwarding';
import { psArray, psDisplayText, psRecord } from './powershell';

export function forwardingData(setUps: readonly ForwardingSetUp[]): string[] {
  if (!setUps.length) return [];
  const records: string[] = [];
  const notes: string[] = [];
  for (const s of setUps) {
    for (const step of s.steps) notes.push(psRecord({ User: s.upn, Step: step }));
    const t = s.teams;
    if (!t) continue;
    if (t.setting === 'UnansweredOff') {
      records.push(psRecord({ Upn: s.upn, DisplayName: psDisplayText(s.displayName), Setting: t.setting }));
      continue;
    }
    records.push(
      psRecord({
        Upn: s.upn,
        DisplayName: psDisplayText(s.displayName),
        Setting: t.setting,
        TargetType: t.type,
        Target: t.type === 'SingleTarget' && 'number' in t ? t.number : undefined,
        TargetAccount: t.type === 'SingleTarget' && 'account' in t ? t.account : undefined,
        Delay: t.setting === 'Unanswered' ? teamsDelayText(t.delaySeconds) : undefined,
      }),
    );
  }
  return [psArray('Forwarding', records), psArray('ForwardingNotes', notes)];
}

/** The users who passed the pre-checks, by UPN (`$passed`): the steps after the wave's queues and attendants are only for them. */
export const PASSED_PRE_CHECKS = ['    # The users who passed the pre-checks: the steps below are for them only.', '    $passed = @{}', '    foreach ($r in $ready) { $passed[[string]$r.Plan.Upn] = $true }'];

/**
 * Per record: the target account's SIP address (it may have been made minutes ago), the user's current
 * settings read first so that a second run changes nothing, then the whole settings group written at
 * once (Set-CsUserCallingSettings takes a group's settings together). Only users who passed the
 * pre-checks. The user goes to the cmdlets by object id (calling-settings-script.ts: they take an ObjectId
 * or a SIP address, not a UPN); the action log keeps what each had before, in words and (Saved) for the
 * rollback to put back.
 */
export const FORWARDING_LOGIC = [
  "    # --- Call forwarding: each user's own forward, as the PBX had it ----------------------------------",
  '    foreach ($f in $Forwarding) {',
  "        if (-not $passed.ContainsKey([string]$f.Upn)) { Write-Action -Target $f.Upn -Step 'call forwarding' -Result 'SKIPPED' -Before '' -After 'the user did not pass the pre-checks'; continue }",
  '        try {',
  '            $target = [string]$f.Target',
  '            if ($f.TargetAccount) {',
  '                $account = Get-CsOnlineUser -Identity $f.TargetAccount -ErrorAction SilentlyContinue',
  '                if (-not $account -or -not $account.SipAddress) {',
  "                    Write-Action -Target $f.Upn -Step 'call forwarding' -Result 'FAILED' -Before '' -After ('{0} is not in Teams yet: run again once it is' -f $f.TargetAccount)",
  '                    continue',
  '                }',
  '                $target = [string]$account.SipAddress',
  '            }',
  "            $to = if ($f.TargetType -eq 'SingleTarget') { $target } else { [string]$f.TargetType }",
  '            $id = Get-VmpUserId -Upn $f.Upn',
  '            $current = Get-CsUserCallingSettings -Identity $id',
  "            if ($f.Setting -eq 'Immediate') {",
  "                $before = if ($current.IsForwardingEnabled) { '{0} to {1} {2}' -f $current.ForwardingType, $current.ForwardingTargetType, $current.ForwardingTarget } else { 'off' }",
  "                $after = 'Immediate to {0}' -f $to",
  "                $same = $current.IsForwardingEnabled -and [string]$current.ForwardingType -eq 'Immediate' -and [string]$current.ForwardingTargetType -eq $f.TargetType -and ($f.TargetType -ne 'SingleTarget' -or ([string]$current.ForwardingTarget -replace '^tel:', '') -eq $target)",
  "                if ($same) { Write-Action -Target $f.Upn -Step 'call forwarding' -Result 'OK' -Before $before -After 'already set' }",
  "                elseif ($PSCmdlet.ShouldProcess($f.Upn, ('Set-CsUserCallingSettings {0}' -f $after))) {",
  "                    $params = @{ Identity = $id; IsForwardingEnabled = $true; ForwardingType = 'Immediate'; ForwardingTargetType = $f.TargetType }",
  "                    if ($f.TargetType -eq 'SingleTarget') { $params.ForwardingTarget = $target }",
  '                    Set-CsUserCallingSettings @params',
  "                    Write-Action -Target $f.Upn -Step 'call forwarding' -Result 'CHANGED' -Before $before -After $after -Saved (Get-VmpSaved -Group 'Forwarding' -Settings $current -Set $params)",
  '                }',
  '            } else {',
  "                $before = if ($current.IsUnansweredEnabled) { 'Unanswered after {0} to {1} {2}' -f $current.UnansweredDelay, $current.UnansweredTargetType, $current.UnansweredTarget } else { 'off' }",
  "                if ($f.Setting -eq 'UnansweredOff') {",
  "                    if (-not $current.IsUnansweredEnabled) { Write-Action -Target $f.Upn -Step 'unanswered calls' -Result 'OK' -Before $before -After 'already off' }",
  "                    elseif ($PSCmdlet.ShouldProcess($f.Upn, 'Set-CsUserCallingSettings -IsUnansweredEnabled $false')) {",
  '                        $params = @{ Identity = $id; IsUnansweredEnabled = $false }',
  '                        Set-CsUserCallingSettings @params',
  "                        Write-Action -Target $f.Upn -Step 'unanswered calls' -Result 'CHANGED' -Before $before -After 'off' -Saved (Get-VmpSaved -Group 'Unanswered' -Settings $current -Set $params)",
  '                    }',
  '                    continue',
  '                }',
  "                $after = 'Unanswered after {0} to {1}' -f $f.Delay, $to",
  "                $same = $current.IsUnansweredEnabled -and [string]$current.UnansweredTargetType -eq $f.TargetType -and [string]$current.UnansweredDelay -eq $f.Delay -and ($f.TargetType -ne 'SingleTarget' -or ([string]$current.UnansweredTarget -replace '^tel:', '') -eq $target)",
  "                if ($same) { Write-Action -Target $f.Upn -Step 'unanswered calls' -Result 'OK' -Before $before -After 'already set' }",
  "                elseif ($PSCmdlet.ShouldProcess($f.Upn, ('Set-CsUserCallingSettings {0}' -f $after))) {",
  '                    $params = @{ Identity = $id; IsUnansweredEnabled = $true; UnansweredTargetType = $f.TargetType; UnansweredDelay = $f.Delay }',
  "                    if ($f.TargetType -eq 'SingleTarget') { $params.UnansweredTarget = $target }",
  '                    Set-CsUserCallingSettings @params',
  "                    Write-Action -Target $f.Upn -Step 'unanswered calls' -Result 'CHANGED' -Before $before -After $after -Saved (Get-VmpSaved -Group 'Unanswered' -Settings $current -Set $params)",
  '                }',
  '            }',
  '        } catch {',
  "            Write-Action -Target $f.Upn -Step 'call forwarding' -Result 'FAILED' -Before '' -After $_.Exception.Message",
  '        }',
  '    }',
  "    foreach ($n in $ForwardingNotes) { Write-Action -Target $n.User -Step 'call forwarding' -Result 'ACTION' -Before '' -After $n.Step }",
];
