/**
 * The tenant network configuration (network-set-ups.ts) as PowerShell: the tenant setup's data and
 * logic for network regions, sites, subnets, LIS subnets, gateways' sites and the toll-bypass calling
 * policy, and the cutover's grant of that policy. Every step reads what Teams has first, so a second
 * run changes nothing, and never moves a subnet another network site holds: that is left to a person.
 */
import type { ExportInput } from './export-input';
import { networkSetUps, TOLL_BYPASS_CALLING_POLICY } from './network-set-ups';
import { psArray, psQuote, psRecord } from './powershell';
import type { SkippedItem } from './runbooks';

export interface NetworkScriptPart {
  lines: string[];
  logic: string[];
  skipped: SkippedItem[];
}

/** The tenant setup's part: empty when no site lists subnets. */
export function tenantNetworkPart(input: ExportInput): NetworkScriptPart {
  const setUps = networkSetUps(input);
  if (!setUps.sites.length) return { lines: [], logic: [], skipped: setUps.skipped };
  const sites = setUps.sites.map((s) =>
    psRecord({ Site: s.siteId, Region: s.region, Description: s.description.replace(/[\u0000-\u001F\u007F\u0085\u2028\u2029]/g, ' ').slice(0, 256), LocationBasedRouting: s.locationBasedRouting }),
  );
  const subnets = setUps.sites.flatMap((s) =>
    s.subnets.map((n) => psRecord({ Site: s.siteId, SubnetId: n.id, MaskBits: n.maskBits, LocationId: s.emergencyLocationId })),
  );
  const gateways = setUps.gateways.map((g) => psRecord({ Fqdn: g.fqdn, Site: g.siteId, LocationBasedRouting: g.locationBasedRouting }));
  const tollBypass = input.plan.waves.some((w) => w.members.some((m) => m.path === 'DR' && m.siteId !== undefined && setUps.locationBasedRoutingSiteIds.has(m.siteId)));
  return {
    lines: [
      psArray('NetworkSites', sites),
      psArray('NetworkSubnets', subnets),
      psArray('GatewaySites', gateways),
      `$TollBypassPolicy = ${tollBypass ? psQuote(TOLL_BYPASS_CALLING_POLICY) : '$null'}`,
    ],
    logic: NETWORK_LOGIC,
    skipped: setUps.skipped,
  };
}

/** The Direct Routing members of the wave at Location-Based Routing sites: they get the toll-bypass policy. */
export function tollBypassPolicyOf(input: ExportInput, member: { path: string; siteId?: string }): string | undefined {
  return member.path === 'DR' && member.siteId !== undefined && networkSetUps(input).locationBasedRoutingSiteIds.has(member.siteId) ? TOLL_BYPASS_CALLING_POLICY : undefined;
}

const NETWORK_LOGIC = [
  '    # --- Network regions, sites and subnets (Location-Based Routing, dynamic emergency calling) --------',
  '    foreach ($s in $NetworkSites) {',
  '        if (-not (Get-CsTenantNetworkRegion -Identity $s.Region -ErrorAction SilentlyContinue)) {',
  "            if ($PSCmdlet.ShouldProcess($s.Region, 'New-CsTenantNetworkRegion')) {",
  '                New-CsTenantNetworkRegion -NetworkRegionID $s.Region | Out-Null',
  "                Write-Action -Target $s.Region -Step 'network region' -Result 'CREATED' -Before '' -After $s.Region",
  '            }',
  '        }',
  '        $existing = Get-CsTenantNetworkSite -Identity $s.Site -ErrorAction SilentlyContinue',
  "        $want = 'region {0}, Location-Based Routing {1}' -f $s.Region, $s.LocationBasedRouting",
  '        if (-not $existing) {',
  "            if ($PSCmdlet.ShouldProcess($s.Site, 'New-CsTenantNetworkSite')) {",
  '                New-CsTenantNetworkSite -NetworkSiteID $s.Site -NetworkRegionID $s.Region -Description $s.Description -EnableLocationBasedRouting $s.LocationBasedRouting | Out-Null',
  "                Write-Action -Target $s.Site -Step 'network site' -Result 'CREATED' -Before '' -After $want",
  '            }',
  '        } elseif ([string]$existing.NetworkRegionID -ne $s.Region -or [bool]$existing.EnableLocationBasedRouting -ne $s.LocationBasedRouting) {',
  "            if ($PSCmdlet.ShouldProcess($s.Site, 'Set-CsTenantNetworkSite')) {",
  '                Set-CsTenantNetworkSite -Identity $s.Site -NetworkRegionID $s.Region -EnableLocationBasedRouting $s.LocationBasedRouting',
  "                Write-Action -Target $s.Site -Step 'network site' -Result 'CHANGED' -Before ('region {0}, Location-Based Routing {1}' -f $existing.NetworkRegionID, [bool]$existing.EnableLocationBasedRouting) -After $want",
  '            }',
  '        } else {',
  "            Write-Action -Target $s.Site -Step 'network site' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '    }',
  '    foreach ($n in $NetworkSubnets) {',
  "        $subnet = '{0}/{1}' -f $n.SubnetId, $n.MaskBits",
  '        $existing = Get-CsTenantNetworkSubnet -Identity $n.SubnetId -ErrorAction SilentlyContinue',
  '        if ($existing -and [string]$existing.NetworkSiteID -ne $n.Site) {',
  '            # Another network site holds it: moving it could take clients of that site elsewhere.',
  "            Write-Action -Target $subnet -Step 'network subnet' -Result 'FAILED' -Before ([string]$existing.NetworkSiteID) -After ('held by network site {0}: move it to {1} by hand (Set-CsTenantNetworkSubnet) if that is right' -f $existing.NetworkSiteID, $n.Site)",
  '            continue',
  '        }',
  '        if (-not $existing) {',
  "            if ($PSCmdlet.ShouldProcess($subnet, ('New-CsTenantNetworkSubnet -NetworkSiteID {0}' -f $n.Site))) {",
  '                New-CsTenantNetworkSubnet -SubnetID $n.SubnetId -MaskBits $n.MaskBits -NetworkSiteID $n.Site | Out-Null',
  "                Write-Action -Target $subnet -Step 'network subnet' -Result 'CREATED' -Before '' -After $n.Site",
  '            }',
  '        } elseif ([int]$existing.MaskBits -ne $n.MaskBits) {',
  "            if ($PSCmdlet.ShouldProcess($subnet, 'Set-CsTenantNetworkSubnet -MaskBits')) {",
  '                Set-CsTenantNetworkSubnet -Identity $n.SubnetId -MaskBits $n.MaskBits -NetworkSiteID $n.Site',
  "                Write-Action -Target $subnet -Step 'network subnet' -Result 'CHANGED' -Before ('/{0}' -f $existing.MaskBits) -After ('/{0}' -f $n.MaskBits)",
  '            }',
  '        } else {',
  "            Write-Action -Target $subnet -Step 'network subnet' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '        # Dynamic emergency calling: a client on the subnet calls from the site\'s emergency location.',
  '        if ($n.LocationId) {',
  '            $lis = Get-CsOnlineLisSubnet -Subnet $n.SubnetId -ErrorAction SilentlyContinue',
  '            if ($lis -and [string]$lis.LocationId -eq $n.LocationId) {',
  "                Write-Action -Target $subnet -Step 'LIS subnet' -Result 'OK' -Before '' -After 'already in place'",
  "            } elseif ($PSCmdlet.ShouldProcess($subnet, ('Set-CsOnlineLisSubnet -LocationId {0}' -f $n.LocationId))) {",
  "                Set-CsOnlineLisSubnet -Subnet $n.SubnetId -LocationId $n.LocationId -Description ('{0} ({1})' -f $n.Site, $subnet)",
  "                Write-Action -Target $subnet -Step 'LIS subnet' -Result 'CHANGED' -Before ([string]$lis.LocationId) -After $n.LocationId",
  '            }',
  '        }',
  '    }',
  '    # A gateway stands at one network site; under Location-Based Routing its site\'s clients reach the PSTN through it alone.',
  '    foreach ($g in $GatewaySites) {',
  '        $gateway = Get-CsOnlinePSTNGateway -Identity $g.Fqdn -ErrorAction SilentlyContinue',
  '        if (-not $gateway) {',
  "            Write-Action -Target $g.Fqdn -Step 'gateway site' -Result 'SKIPPED' -Before '' -After 'the PSTN gateway is not in Teams yet (-WhatIf?): run again'",
  '        } elseif ([string]$gateway.GatewaySiteId -ne $g.Site -or [bool]$gateway.GatewaySiteLbrEnabled -ne $g.LocationBasedRouting) {',
  "            if ($PSCmdlet.ShouldProcess($g.Fqdn, ('Set-CsOnlinePSTNGateway -GatewaySiteID {0}' -f $g.Site))) {",
  '                Set-CsOnlinePSTNGateway -Identity $g.Fqdn -GatewaySiteID $g.Site -GatewaySiteLbrEnabled $g.LocationBasedRouting',
  "                Write-Action -Target $g.Fqdn -Step 'gateway site' -Result 'CHANGED' -Before ([string]$gateway.GatewaySiteId) -After ('{0}, Location-Based Routing {1}' -f $g.Site, $g.LocationBasedRouting)",
  '            }',
  '        } else {',
  "            Write-Action -Target $g.Fqdn -Step 'gateway site' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '    }',
  '    if ($TollBypassPolicy) {',
  '        $existing = Get-CsTeamsCallingPolicy -Identity $TollBypassPolicy -ErrorAction SilentlyContinue',
  '        if (-not $existing) {',
  "            if ($PSCmdlet.ShouldProcess($TollBypassPolicy, 'New-CsTeamsCallingPolicy -PreventTollBypass')) {",
  '                New-CsTeamsCallingPolicy -Identity $TollBypassPolicy -PreventTollBypass $true | Out-Null',
  "                Write-Action -Target $TollBypassPolicy -Step 'calling policy' -Result 'CREATED' -Before '' -After 'prevents toll bypass'",
  '            }',
  '        } elseif (-not $existing.PreventTollBypass) {',
  "            if ($PSCmdlet.ShouldProcess($TollBypassPolicy, 'Set-CsTeamsCallingPolicy -PreventTollBypass')) {",
  '                Set-CsTeamsCallingPolicy -Identity $TollBypassPolicy -PreventTollBypass $true',
  "                Write-Action -Target $TollBypassPolicy -Step 'calling policy' -Result 'CHANGED' -Before 'allows toll bypass' -After 'prevents toll bypass'",
  '            }',
  '        } else {',
  "            Write-Action -Target $TollBypassPolicy -Step 'calling policy' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '    }',
  '',
];

/**
 * The cutover's grant of the toll-bypass calling policy, inside the per-user loop. A user who holds
 * another calling policy keeps it: it may carry forwarding or delegation settings the plan does not
 * know, so a person turns toll-bypass prevention on in it instead.
 */
export const TOLL_BYPASS_GRANT_LOGIC = [
  '            # Location-Based Routing site: the calling policy that prevents toll bypass.',
  '            if ($a.TollBypassPolicy) {',
  '                $currentCalling = [string]$user.TeamsCallingPolicy',
  '                if ($currentCalling -eq $a.TollBypassPolicy) {',
  "                    Write-Action -Target $a.Upn -Step 'calling policy' -Result 'OK' -Before $currentCalling -After 'already granted'",
  '                } elseif ($currentCalling) {',
  "                    Write-Action -Target $a.Upn -Step 'calling policy' -Result 'ACTION' -Before $currentCalling -After ('holds calling policy {0}: turn toll bypass prevention on in it (Set-CsTeamsCallingPolicy -Identity {0} -PreventTollBypass $true) or grant {1}' -f $currentCalling, $a.TollBypassPolicy)",
  "                } elseif ($PSCmdlet.ShouldProcess($a.Upn, ('Grant-CsTeamsCallingPolicy {0}' -f $a.TollBypassPolicy))) {",
  '                    Grant-CsTeamsCallingPolicy -Identity $a.Upn -PolicyName $a.TollBypassPolicy',
  "                    Write-Action -Target $a.Upn -Step 'calling policy' -Result 'CHANGED' -Before 'Global' -After $a.TollBypassPolicy",
  '                }',
  '            }',
];

