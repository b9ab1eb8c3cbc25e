/**
 * Call park for the sites whose settings say their people parked calls on the PBX (call-park.ts): the
 * tenant setup makes one call park policy per distinct set of pickup codes and ring-back time, allowing
 * call park, and each wave's cutover grants a site's people theirs (network-script.ts's grants, which
 * leave a user who holds another policy to a person and are taken back by the rollback).
 */
import { callParkWithDefaults } from '../domain/call-park';
import type { ExportInput } from './export-input';
import { psArray, psDisplayText, psRecord } from './powershell';

export interface CallParkPolicySetUp {
  /** `VMP-CallPark-<first>-<last>-<seconds>s`: named by what it holds, so sites that park alike share one. */
  name: string;
  pickupRangeStart: number;
  pickupRangeEnd: number;
  parkTimeoutSeconds: number;
  /** The sites whose people get it, in id order. */
  siteIds: string[];
}

interface CallParkSetUps {
  policies: CallParkPolicySetUp[];
  policyBySite: Map<string, string>;
}

/** Worked out once per export: every wave's runbook asks for its people's. */
const byInput = new WeakMap<ExportInput, CallParkSetUps>();

/** The policies of the sites with call park whose people the plan moves, in name order. */
export function callParkSetUps(input: ExportInput): CallParkSetUps {
  let setUps = byInput.get(input);
  if (setUps) return setUps;
  const moving = new Set<string>();
  for (const wave of input.plan.waves) for (const m of wave.members) if (m.siteId !== undefined) moving.add(m.siteId);
  const byName = new Map<string, CallParkPolicySetUp>();
  const policyBySite = new Map<string, string>();
  for (const site of [...input.settings.sites].sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0))) {
    if (!site.callPark || !moving.has(site.siteId)) continue;
    const c = callParkWithDefaults(site.callPark);
    const name = `VMP-CallPark-${c.pickupRangeStart}-${c.pickupRangeEnd}-${c.parkTimeoutSeconds}s`;
    const policy = byName.get(name) ?? { name, ...c, siteIds: [] };
    policy.siteIds.push(site.siteId);
    byName.set(name, policy);
    policyBySite.set(site.siteId, name);
  }
  setUps = { policies: [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), policyBySite };
  byInput.set(input, setUps);
  return setUps;
}

/** The call park policy the cutover grants a member: their site's, where its people parked calls. */
export function callParkPolicyOf(input: ExportInput, member: { siteId?: string }): string | undefined {
  return member.siteId === undefined ? undefined : callParkSetUps(input).policyBySite.get(member.siteId);
}

/** The tenant setup's part: the policies, each made or brought to what the sites' settings say. */
export function tenantCallParkPart(input: ExportInput): { lines: string[]; logic: string[] } {
  const { policies } = callParkSetUps(input);
  if (!policies.length) return { lines: [], logic: [] };
  const siteName = new Map(input.sites.map((s) => [s.id, s.name]));
  return {
    lines: [
      psArray(
        'CallParkPolicies',
        policies.map((p) =>
          psRecord({
            Name: p.name,
            PickupRangeStart: p.pickupRangeStart,
            PickupRangeEnd: p.pickupRangeEnd,
            ParkTimeoutSeconds: p.parkTimeoutSeconds,
            Description: psDisplayText(`Call park as on the PBX: ${p.siteIds.map((id) => siteName.get(id) ?? id).join(', ')}`).slice(0, 512),
          }),
        ),
      ),
    ],
    logic: CALL_PARK_LOGIC,
  };
}

const CALL_PARK_LOGIC = [
  '    # --- Call park: Teams lets a user park a call only under a policy that allows it ---------------------',
  '    foreach ($p in $CallParkPolicies) {',
  "        $want = 'call park allowed, pickup codes {0}-{1}, ring back after {2} s' -f $p.PickupRangeStart, $p.PickupRangeEnd, $p.ParkTimeoutSeconds",
  '        $existing = Get-CsTeamsCallParkPolicy -Identity $p.Name -ErrorAction SilentlyContinue',
  '        if (-not $existing) {',
  "            if ($PSCmdlet.ShouldProcess($p.Name, 'New-CsTeamsCallParkPolicy')) {",
  '                New-CsTeamsCallParkPolicy -Identity $p.Name -AllowCallPark $true -PickupRangeStart $p.PickupRangeStart -PickupRangeEnd $p.PickupRangeEnd -ParkTimeoutSeconds $p.ParkTimeoutSeconds -Description $p.Description | Out-Null',
  "                Write-Action -Target $p.Name -Step 'call park policy' -Result 'CREATED' -Before '' -After $want",
  '            }',
  '        } elseif (-not $existing.AllowCallPark -or [int]$existing.PickupRangeStart -ne $p.PickupRangeStart -or [int]$existing.PickupRangeEnd -ne $p.PickupRangeEnd -or [int]$existing.ParkTimeoutSeconds -ne $p.ParkTimeoutSeconds) {',
  "            if ($PSCmdlet.ShouldProcess($p.Name, 'Set-CsTeamsCallParkPolicy')) {",
  '                Set-CsTeamsCallParkPolicy -Identity $p.Name -AllowCallPark $true -PickupRangeStart $p.PickupRangeStart -PickupRangeEnd $p.PickupRangeEnd -ParkTimeoutSeconds $p.ParkTimeoutSeconds',
  "                Write-Action -Target $p.Name -Step 'call park policy' -Result 'CHANGED' -Before ('allowed {0}, pickup codes {1}-{2}, ring back after {3} s' -f [bool]$existing.AllowCallPark, $existing.PickupRangeStart, $existing.PickupRangeEnd, $existing.ParkTimeoutSeconds) -After $want",
  '            }',
  '        } else {',
  "            Write-Action -Target $p.Name -Step 'call park policy' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '    }',
  '',
];
