/**
 * The runbooks' part for outbound caller IDs (caller-id-set-ups.ts): one record per user the wave grants
 * a caller ID policy, and one note per step left to a person. The cutover runs it after the wave's call
 * queues and auto attendants have their numbers, so a policy showing one made in the same run finds it;
 * the rollback takes back the policies it granted.
 */
import type { CallerIdSetUp } from './caller-id-set-ups';
import { psArray, psDisplayText, psRecord } from './powershell';

export function callerIdData(setUps: readonly CallerIdSetUp[]): string[] {
  if (!setUps.length) return [];
  const records: string[] = [];
  const notes: string[] = [];
  for (const s of setUps) {
    for (const step of s.steps) notes.push(psRecord({ User: s.upn, Step: step }));
    const p = s.policy;
    if (!p) continue;
    records.push(
      psRecord({
        Upn: s.upn,
        DisplayName: psDisplayText(s.displayName),
        Policy: p.name,
        Substitute: p.substitute,
        ResourceAccount: p.substitute === 'Resource' ? p.resourceAccount : undefined,
        // A user of an earlier wave passed that wave's pre-checks, not this one's.
        MovedIn: s.movedIn,
      }),
    );
  }
  return [psArray('CallerIds', records), psArray('CallerIdNotes', notes)];
}

/**
 * Per record (after PASSED_PRE_CHECKS): the policy made when missing (a resource account's only once the account holds its
 * number), then granted to a user on the global one. A user holding another caller ID policy keeps it:
 * it may carry settings the plan does not know, so a person decides (an ACTION).
 */
export const CALLER_ID_LOGIC = [
  '    # --- Outbound caller ID: the number calls showed on the PBX, by caller ID policy ---------------------',
  '    foreach ($c in $CallerIds) {',
  "        if (-not $c.MovedIn -and -not $passed.ContainsKey([string]$c.Upn)) { Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'SKIPPED' -Before '' -After 'the user did not pass the pre-checks'; continue }",
  '        try {',
  '            if (-not (Get-CsCallingLineIdentity -Identity $c.Policy -ErrorAction SilentlyContinue)) {',
  "                if ($c.Substitute -eq 'Resource') {",
  '                    $account = Get-CsOnlineApplicationInstance -Identity $c.ResourceAccount -ErrorAction SilentlyContinue',
  '                    if (-not $account -or -not $account.PhoneNumber) {',
  "                        Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'FAILED' -Before '' -After ('{0} has no number in Teams yet: run again once it has' -f $c.ResourceAccount)",
  '                        continue',
  '                    }',
  "                    if ($PSCmdlet.ShouldProcess($c.Policy, ('New-CsCallingLineIdentity -CallingIDSubstitute Resource ({0})' -f $c.ResourceAccount))) {",
  "                        New-CsCallingLineIdentity -Identity $c.Policy -CallingIDSubstitute 'Resource' -ResourceAccount $account.ObjectId -EnableUserOverride $false -Description ('Calls show the number of {0}, as on the PBX' -f $c.ResourceAccount) | Out-Null",
  "                        Write-Action -Target $c.Policy -Step 'caller ID policy' -Result 'CREATED' -Before '' -After ('shows {0} ({1})' -f $account.PhoneNumber, $c.ResourceAccount)",
  '                    }',
  "                } elseif ($PSCmdlet.ShouldProcess($c.Policy, 'New-CsCallingLineIdentity -CallingIDSubstitute Anonymous')) {",
  "                    New-CsCallingLineIdentity -Identity $c.Policy -CallingIDSubstitute 'Anonymous' -EnableUserOverride $false -Description 'Calls show no number, as on the PBX' | Out-Null",
  "                    Write-Action -Target $c.Policy -Step 'caller ID policy' -Result 'CREATED' -Before '' -After 'shows no number'",
  '                }',
  '            }',
  '            $user = Get-CsOnlineUser -Identity $c.Upn -ErrorAction Stop',
  '            $current = [string]$user.CallingLineIdentity',
  '            if ($current -eq $c.Policy) {',
  "                Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'OK' -Before $current -After 'already granted'",
  '            } elseif ($current) {',
  "                Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'ACTION' -Before $current -After ('holds {0}: keep it, or grant {1} to show what the PBX showed' -f $current, $c.Policy)",
  "            } elseif ($PSCmdlet.ShouldProcess($c.Upn, ('Grant-CsCallingLineIdentity {0}' -f $c.Policy))) {",
  '                Grant-CsCallingLineIdentity -Identity $c.Upn -PolicyName $c.Policy',
  "                Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'CHANGED' -Before 'Global' -After $c.Policy",
  '            }',
  '        } catch {',
  "            Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'FAILED' -Before '' -After $_.Exception.Message",
  '        }',
  '    }',
  "    foreach ($n in $CallerIdNotes) { Write-Action -Target $n.User -Step 'caller ID' -Result 'ACTION' -Before '' -After $n.Step }",
];

/** The rollback's return to the global caller ID policy, only for users still holding the one the cutover granted; the policies stay. */
export const CALLER_ID_ROLLBACK_LOGIC = [
  '    # --- Outbound caller ID: back to the global policy ------------------------------------------------',
  '    foreach ($c in $CallerIds) {',
  '        try {',
  '            $user = Get-CsOnlineUser -Identity $c.Upn -ErrorAction SilentlyContinue',
  "            if ($user -and [string]$user.CallingLineIdentity -eq $c.Policy -and $PSCmdlet.ShouldProcess($c.Upn, 'Grant-CsCallingLineIdentity (default)')) {",
  '                Grant-CsCallingLineIdentity -Identity $c.Upn -PolicyName $null',
  "                Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'CHANGED' -Before $c.Policy -After 'Global'",
  '            }',
  '        } catch {',
  "            Write-Action -Target $c.Upn -Step 'caller ID policy' -Result 'FAILED' -Before '' -After $_.Exception.Message",
  '        }',
  '    }',
];
