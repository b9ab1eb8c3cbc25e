/**
 * Shared Calling in the runbooks (Microsoft's "Configure Shared Calling"): people with no number of their
 * own (plan members marked `sharedCalling`) are enabled for voice without a number and granted their
 * site's shared calling routing policy, `VMP-SC-<site>`, which lends them the resource account of the
 * site's main number for outbound calls and names the site's emergency callback numbers. The policy is
 * made in the wave that moves the main number (the plan puts them in it), after its auto attendant's
 * resource account has the number. Their voice routing policy has no PSTN usages, as Microsoft's set-up
 * asks, so their calls go out as the resource account's; the tenant setup makes it.
 */
import type { Wave } from '../domain/plan';
import type { ExportInput } from './export-input';
import { exportGroupSetUps } from './group-set-ups';
import { waveMainNumberSetUps } from './main-number-set-ups';
import { networkSetUps } from './network-set-ups';
import { isE164, psArray, psDisplayText, psQuote, psRecord } from './powershell';
import type { SkippedItem } from './runbooks';

/** The voice routing policy of Shared Calling users: no PSTN usages. */
export const SHARED_CALLING_VOICE_ROUTING_POLICY = 'VMP-SharedCalling-NoPstn';

/** The Shared Calling policy a plan member is granted; undefined when they have a number of their own. */
export function sharedCallingPolicyOf(input: ExportInput, member: { sharedCalling?: true; siteId?: string }): string | undefined {
  return member.sharedCalling && member.siteId ? networkSetUps(input).sharedCallingPolicyBySite.get(member.siteId) : undefined;
}

export function planUsesSharedCalling(input: ExportInput): boolean {
  return input.plan.waves.some((w) => w.members.some((m) => m.sharedCalling));
}

/** One site's policy in a wave's runbook. */
export interface SharedCallingSetUp {
  siteId: string;
  policy: string;
  /** The UPN of the resource account of the site's main number (its auto attendant's). */
  resourceAccount: string;
  emergencyCallbackNumbers: string[];
  /** What a person must see to before the cutover, by the main number's path; absent for Direct Routing. */
  check?: string;
  /** The PBX extensions of the site's Shared Calling users in this wave: callers dialed them through the main number. */
  extensions: number;
}

/** Microsoft's Shared Calling notes per path of the main number. */
const PATH_CHECKS: Partial<Record<string, string>> = {
  OC: 'confirm with the operator that it supports Shared Calling on its numbers',
  CP: 'give the resource account a Pay-As-You-Go Calling Plan and fund Communications Credits: its outbound calls are billed per minute',
};

/** The Shared Calling policies a wave's runbook makes: one per site whose main number it moves and whose people share it. */
export function waveSharedCallingSetUps(input: ExportInput, wave: Wave): { setUps: SharedCallingSetUp[]; skipped: SkippedItem[] } {
  const sites = new Set(wave.members.filter((m) => m.sharedCalling && m.siteId).map((m) => m.siteId!));
  const setUps: SharedCallingSetUp[] = [];
  const skipped: SkippedItem[] = [];
  if (!sites.size) return { setUps, skipped };
  for (const siteId of [...sites].sort()) {
    const policy = networkSetUps(input).sharedCallingPolicyBySite.get(siteId);
    const attrs = input.settings.sites.find((s) => s.siteId === siteId);
    if (!policy || !attrs?.sharedCalling) continue;
    const lender = accountOfMainNumber(input, wave, siteId);
    if (!lender) {
      // The plan reports it (shared-calling-without-main-number): the site's main number is not in Teams by this wave.
      skipped.push({ what: `Shared Calling policy ${policy}`, reason: `the main number of site ${siteId} is not on a resource account by this wave, so its people have no number to call out as` });
      continue;
    }
    const check = lender.path ? PATH_CHECKS[lender.path] : undefined;
    const extensions = wave.members.filter((m) => m.sharedCalling && m.siteId === siteId && m.extension).length;
    setUps.push({ siteId, policy, resourceAccount: lender.upn, emergencyCallbackNumbers: attrs.sharedCalling.emergencyCallbackNumbers.filter((n) => isE164(n)), ...(check && { check }), extensions });
  }
  return { setUps, skipped };
}

/** The wave runbook's data lines for its Shared Calling policies. */
export function sharedCallingData(setUps: readonly SharedCallingSetUp[]): string[] {
  if (!setUps.length) return [];
  return [
    psArray(
      'SharedCallingPolicies',
      setUps.map((s) => psRecord({ Site: psDisplayText(s.siteId), Policy: s.policy, ResourceAccount: s.resourceAccount, CallbackNumbers: s.emergencyCallbackNumbers.join(','), Check: s.check, Extensions: s.extensions })),
    ),
  ];
}

/**
 * After the main numbers: each policy (read first; its resource account must hold the number by now),
 * its callback numbers checked (in the tenant, assigned to nobody but this policy), then granted to the site's Shared
 * Calling users who passed the pre-checks.
 */
export const SHARED_CALLING_LOGIC = [
  '    # --- Shared Calling: the main number lent to the people with none of their own ---------------------',
  '    foreach ($p in $SharedCallingPolicies) {',
  '        try {',
  '            $account = Get-CsOnlineApplicationInstance -Identity $p.ResourceAccount -ErrorAction SilentlyContinue',
  '            if (-not $account -or -not $account.PhoneNumber) {',
  "                Write-Action -Target $p.Policy -Step 'shared calling policy' -Result 'FAILED' -Before '' -After ('resource account {0} holds no number yet: run again once its main number is assigned' -f $p.ResourceAccount)",
  '                continue',
  '            }',
  "            if ($p.Check) { Write-Action -Target $p.Policy -Step 'shared calling policy' -Result 'ACTION' -Before '' -After $p.Check }",
  '            # Callers reach them by name through the main number; by extension only if the directory knows it.',
  "            if ($p.Extensions -gt 0) { Write-Action -Target $p.Policy -Step 'dial by extension' -Result 'ACTION' -Before '' -After ('{0} of its users had PBX extensions: the auto attendant finds them by extension only where their Entra ID business phone carries it (the main number, then x and the extension)' -f $p.Extensions) }",
  "            $numbers = @($p.CallbackNumbers -split ',' | Where-Object { $_ })",
  '            # Once in the policy, a callback number is assigned to it (an earlier run): that one is in place, not taken.',
  "            $inPolicy = @(Get-CsPhoneNumberAssignment -AssignedPstnTargetId ('TeamsSharedCallingRoutingPolicy|Tag:{0}' -f $p.Policy) -ErrorAction SilentlyContinue | ForEach-Object { [string]$_.TelephoneNumber })",
  '            foreach ($n in $numbers) {',
  '                $held = Get-CsPhoneNumberAssignment -TelephoneNumber $n -ErrorAction SilentlyContinue | Select-Object -First 1',
  "                if ($inPolicy -contains $n) { Write-Action -Target $p.Policy -Step 'emergency callback number' -Result 'OK' -Before '' -After ('{0} in the policy already' -f $n) }",
  "                elseif (-not $held) { Write-Action -Target $p.Policy -Step 'emergency callback number' -Result 'ACTION' -Before '' -After ('{0} is not in the tenant: acquire, port or upload it as a number of the main number''s type' -f $n) }",
  "                elseif ($held.AssignedPstnTargetId) { Write-Action -Target $p.Policy -Step 'emergency callback number' -Result 'FAILED' -Before '' -After ('{0} is assigned to {1}: a callback number must be free' -f $n, $held.AssignedPstnTargetId) }",
  '            }',
  '            $existing = Get-CsTeamsSharedCallingRoutingPolicy -Identity $p.Policy -ErrorAction SilentlyContinue',
  '            if (-not $existing) {',
  "                if ($PSCmdlet.ShouldProcess($p.Policy, 'New-CsTeamsSharedCallingRoutingPolicy')) {",
  "                    New-CsTeamsSharedCallingRoutingPolicy -Identity $p.Policy -ResourceAccount ([string]$account.ObjectId) -EmergencyNumbers @{ add = $numbers } -Description ('Shared Calling at {0}' -f $p.Site) | Out-Null",
  "                    Write-Action -Target $p.Policy -Step 'shared calling policy' -Result 'CHANGED' -Before '' -After $p.ResourceAccount",
  '                }',
  '            } elseif ([string]$existing.ResourceAccount -ne [string]$account.ObjectId) {',
  "                if ($PSCmdlet.ShouldProcess($p.Policy, 'Set-CsTeamsSharedCallingRoutingPolicy -ResourceAccount')) {",
  '                    Set-CsTeamsSharedCallingRoutingPolicy -Identity $p.Policy -ResourceAccount ([string]$account.ObjectId)',
  "                    Write-Action -Target $p.Policy -Step 'shared calling policy' -Result 'CHANGED' -Before ([string]$existing.ResourceAccount) -After $p.ResourceAccount",
  '                }',
  '            } else {',
  "                Write-Action -Target $p.Policy -Step 'shared calling policy' -Result 'OK' -Before $p.ResourceAccount -After 'already set up'",
  '            }',
  '            foreach ($r in @($ready | Where-Object { $_.Plan.SharedCallingPolicy -eq $p.Policy })) {',
  '                $current = [string]$r.User.TeamsSharedCallingRoutingPolicy',
  '                if ($current -eq $p.Policy) {',
  "                    Write-Action -Target $r.Plan.Upn -Step 'shared calling policy' -Result 'OK' -Before $current -After 'already granted'",
  "                } elseif ($PSCmdlet.ShouldProcess($r.Plan.Upn, ('Grant-CsTeamsSharedCallingRoutingPolicy {0}' -f $p.Policy))) {",
  '                    Grant-CsTeamsSharedCallingRoutingPolicy -Identity $r.Plan.Upn -PolicyName $p.Policy',
  "                    Write-Action -Target $r.Plan.Upn -Step 'shared calling policy' -Result 'CHANGED' -Before $current -After $p.Policy",
  '                }',
  '            }',
  '        } catch {',
  "            Write-Action -Target $p.Policy -Step 'shared calling policy' -Result 'FAILED' -Before '' -After $_.Exception.Message",
  '        }',
  '    }',
  '',
];

/** The tenant setup's lines for the Shared Calling users' voice routing policy (none when the plan has no Shared Calling). */
export function sharedCallingTenantPart(input: ExportInput): { lines: string[]; logic: string[] } {
  if (!planUsesSharedCalling(input)) return { lines: [], logic: [] };
  return {
    lines: [`$SharedCallingVoiceRoutingPolicy = ${psQuote(SHARED_CALLING_VOICE_ROUTING_POLICY)}`],
    logic: [
      '    # --- Shared Calling users: a voice routing policy without PSTN usages -----------------------------',
      '    if (Get-CsOnlineVoiceRoutingPolicy -Identity $SharedCallingVoiceRoutingPolicy -ErrorAction SilentlyContinue) {',
      "        Write-Action -Target $SharedCallingVoiceRoutingPolicy -Step 'voice routing policy' -Result 'OK' -Before '' -After 'exists'",
      "    } elseif ($PSCmdlet.ShouldProcess($SharedCallingVoiceRoutingPolicy, 'New-CsOnlineVoiceRoutingPolicy (no PSTN usages)')) {",
      "        New-CsOnlineVoiceRoutingPolicy -Identity $SharedCallingVoiceRoutingPolicy -Description 'Shared Calling: calls go out as the main number' | Out-Null",
      "        Write-Action -Target $SharedCallingVoiceRoutingPolicy -Step 'voice routing policy' -Result 'CHANGED' -Before '' -After 'created without PSTN usages'",
      '    }',
      '',
    ],
  };
}

/**
 * The resource account that holds the main number a site's Shared Calling people share: the auto
 * attendant or call queue a wave up to this one sets up with that number, a resource account the plan
 * moves with it as a member, or the one that holds it in Teams already (`sharedAccount`).
 */
function accountOfMainNumber(input: ExportInput, wave: Wave, siteId: string): { upn: string; path?: string } | undefined {
  const member = wave.members.find((m) => m.sharedCalling && m.siteId === siteId);
  const shared = member?.sharedNumber;
  if (!shared) return undefined;
  for (const w of input.plan.waves) {
    if (w.number > wave.number) break;
    const attendant = waveMainNumberSetUps(input, w.number).autoAttendants.find((a) => a.main.number === shared);
    if (attendant) return { upn: attendant.resourceAccount, path: attendant.main.path };
    const queue = exportGroupSetUps(input, w.number).callQueues.find((q) => q.pilot?.number === shared);
    if (queue) return { upn: queue.resourceAccount, path: queue.pilot!.path };
    const holder = w.members.find((m) => m.resourceAccount && m.numberToAssign === shared);
    if (holder) return { upn: holder.userPrincipalName, path: holder.path };
  }
  return member.sharedAccount ? { upn: member.sharedAccount, path: member.path } : undefined;
}
