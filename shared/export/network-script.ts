/**
 * The tenant network configuration and the sites' policies (network-set-ups.ts) as PowerShell: the
 * tenant setup's data and logic for network regions, sites, subnets, LIS subnets, gateways' sites, the
 * toll-bypass calling policy, the sites' emergency calling policies (security desks) and Direct
 * Routing's emergency call routing (emergency-routing-set-ups.ts), and the
 * cutover's grants of the policies to a site's people (and the rollback's return). Every step reads what
 * Teams has first, so a second run changes nothing, and never moves a subnet another network site holds
 * nor replaces a policy a user holds: those are left to a person.
 */
import type { ExportInput } from './export-input';
import { networkSetUps, TOLL_BYPASS_CALLING_POLICY } from './network-set-ups';
import { emergencyRoutingSetUps } from './emergency-routing-set-ups';
import { psArray, psDisplayText, psQuote, psRecord } from './powershell';
import type { SkippedItem } from './runbooks';

export interface NetworkScriptPart {
  lines: string[];
  logic: string[];
  skipped: SkippedItem[];
}

/** The tenant setup's part: empty when no site lists subnets or a security desk, and no one moves to Direct Routing. */
export function tenantNetworkPart(input: ExportInput): NetworkScriptPart {
  const setUps = networkSetUps(input);
  const routing = emergencyRoutingSetUps(input);
  const skipped = [...setUps.skipped, ...routing.skipped];
  if (!setUps.trustedIps.length && !setUps.sites.length && !setUps.emergencyCallingPolicies.length && !routing.policies.length) return { lines: [], logic: [], skipped };
  const trusted = setUps.trustedIps.map((t) => psRecord({ IPAddress: t.id, MaskBits: t.maskBits }));
  const branches = setUps.survivableBranches.map((b) => psRecord({ Site: b.siteId, Policy: b.policy, Fqdns: b.fqdns.join(';') }));
  const sites = setUps.sites.map((s) =>
    psRecord({ Site: s.siteId, Region: s.region, Description: psDisplayText(s.description).slice(0, 256), LocationBasedRouting: s.locationBasedRouting }),
  );
  const subnets = setUps.sites.flatMap((s) =>
    s.subnets.map((n) => psRecord({ Site: s.siteId, SubnetId: n.id, MaskBits: n.maskBits, LocationId: s.emergencyLocationId })),
  );
  const gateways = setUps.gateways.map((g) => psRecord({ Fqdn: g.fqdn, Site: g.siteId, LocationBasedRouting: g.locationBasedRouting, BypassMode: g.bypassMode, ProxySbc: g.proxySbc }));
  const tollBypass = input.plan.waves.some((w) => w.members.some((m) => m.path === 'DR' && m.siteId !== undefined && setUps.locationBasedRoutingSiteIds.has(m.siteId)));
  const emergency = setUps.emergencyCallingPolicies.map((p) =>
    psRecord({
      Name: p.name,
      Description: psDisplayText(p.description).slice(0, 512),
      NotificationGroup: p.desk.notify.join(';'),
      NotificationMode: p.desk.mode,
      DialOutNumber: p.desk.dialOutNumber,
      NetworkSite: p.onNetworkSite ? p.siteId : undefined,
    }),
  );
  return {
    lines: [
      psArray('TrustedIps', trusted),
      psArray('NetworkSites', sites),
      psArray('NetworkSubnets', subnets),
      psArray('GatewaySites', gateways),
      `$TollBypassPolicy = ${tollBypass ? psQuote(TOLL_BYPASS_CALLING_POLICY) : '$null'}`,
      psArray('SurvivableBranches', branches),
      psArray('EmergencyCallingPolicies', emergency),
      psArray(
        'EmergencyCallRoutings',
        routing.policies.map((p) =>
          psRecord({
            Name: p.name,
            Usage: p.usage,
            Route: p.route,
            NumberPattern: p.numberPattern,
            Gateway: p.fqdn,
            DialStrings: p.numbers.join(';'),
            Enhanced: p.enhanced,
            NetworkSites: p.networkSites.join(';'),
          }),
        ),
      ),
    ],
    logic: [...NETWORK_LOGIC, ...SURVIVABLE_BRANCH_LOGIC, ...EMERGENCY_CALLING_LOGIC, ...EMERGENCY_ROUTING_LOGIC],
    skipped,
  };
}

/** The Direct Routing members of the wave at Location-Based Routing sites: they get the toll-bypass policy. */
export function tollBypassPolicyOf(input: ExportInput, member: { path: string; siteId?: string }): string | undefined {
  return member.path === 'DR' && member.siteId !== undefined && networkSetUps(input).locationBasedRoutingSiteIds.has(member.siteId) ? TOLL_BYPASS_CALLING_POLICY : undefined;
}

/** The Direct Routing members of a site with Survivable Branch Appliances: they get the appliances' policy. */
export function survivableBranchPolicyOf(input: ExportInput, member: { path: string; siteId?: string }): string | undefined {
  return member.path === 'DR' && member.siteId !== undefined ? networkSetUps(input).survivableBranchPolicyBySite.get(member.siteId) : undefined;
}

/** The members of a site with a security desk: they get its emergency calling policy, wherever they call from. */
export function emergencyCallingPolicyOf(input: ExportInput, member: { siteId?: string }): string | undefined {
  return member.siteId === undefined ? undefined : networkSetUps(input).emergencyCallingPolicyBySite.get(member.siteId);
}

const NETWORK_LOGIC = [
  "    # --- Trusted IP addresses: a client's network site is looked for only when it comes from one -------",
  '    foreach ($t in $TrustedIps) {',
  "        $address = '{0}/{1}' -f $t.IPAddress, $t.MaskBits",
  '        $existing = Get-CsTenantTrustedIPAddress -Identity $t.IPAddress -ErrorAction SilentlyContinue',
  '        if (-not $existing) {',
  "            if ($PSCmdlet.ShouldProcess($address, 'New-CsTenantTrustedIPAddress')) {",
  "                New-CsTenantTrustedIPAddress -IPAddress $t.IPAddress -MaskBits $t.MaskBits -Description 'Voice Migration Planner' | Out-Null",
  "                Write-Action -Target $address -Step 'trusted IP address' -Result 'CREATED' -Before '' -After $address",
  '            }',
  '        } elseif ([int]$existing.MaskBits -ne $t.MaskBits) {',
  "            if ($PSCmdlet.ShouldProcess($address, 'Set-CsTenantTrustedIPAddress -MaskBits')) {",
  '                Set-CsTenantTrustedIPAddress -Identity $t.IPAddress -MaskBits $t.MaskBits',
  "                Write-Action -Target $address -Step 'trusted IP address' -Result 'CHANGED' -Before ('/{0}' -f $existing.MaskBits) -After ('/{0}' -f $t.MaskBits)",
  '            }',
  '        } else {',
  "            Write-Action -Target $address -Step 'trusted IP address' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '    }',
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
  '    # With Local Media Optimization its media stays on the site\'s network (BypassMode), a downstream SBC',
  '    # being reached through its proxy SBC (a proxy names none).',
  '    foreach ($g in $GatewaySites) {',
  '        $gateway = Get-CsOnlinePSTNGateway -Identity $g.Fqdn -ErrorAction SilentlyContinue',
  '        $want = @{ GatewaySiteID = $g.Site; GatewaySiteLbrEnabled = $g.LocationBasedRouting }',
  '        if ($g.BypassMode) { $want.MediaBypass = $true; $want.BypassMode = $g.BypassMode; $want.ProxySbc = $g.ProxySbc }',
  "        $wantText = '{0}, Location-Based Routing {1}' -f $g.Site, $g.LocationBasedRouting",
  "        if ($g.BypassMode) { $wantText += (', bypass {0}' -f $g.BypassMode) }",
  "        if ($g.ProxySbc) { $wantText += (' through {0}' -f $g.ProxySbc) }",
  '        if (-not $gateway) {',
  "            Write-Action -Target $g.Fqdn -Step 'gateway site' -Result 'SKIPPED' -Before '' -After 'the PSTN gateway is not in Teams yet (-WhatIf?): run again'",
  '        } elseif ([string]$gateway.GatewaySiteId -ne $g.Site -or [bool]$gateway.GatewaySiteLbrEnabled -ne $g.LocationBasedRouting -or ($g.BypassMode -and (-not $gateway.MediaBypass -or [string]$gateway.BypassMode -ne $g.BypassMode -or [string]$gateway.ProxySbc -ne [string]$g.ProxySbc))) {',
  "            if ($PSCmdlet.ShouldProcess($g.Fqdn, ('Set-CsOnlinePSTNGateway -GatewaySiteID {0}' -f $g.Site))) {",
  '                Set-CsOnlinePSTNGateway -Identity $g.Fqdn @want',
  "                Write-Action -Target $g.Fqdn -Step 'gateway site' -Result 'CHANGED' -Before ([string]$gateway.GatewaySiteId) -After $wantText",
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

const SURVIVABLE_BRANCH_LOGIC = [
  "    # --- Survivable Branch Appliances: each registered at its site's network site, with a policy naming them ---",
  '    foreach ($b in $SurvivableBranches) {',
  "        $fqdns = @($b.Fqdns -split ';' | Where-Object { $_ })",
  '        foreach ($fqdn in $fqdns) {',
  '            $appliance = Get-CsTeamsSurvivableBranchAppliance -Identity $fqdn -ErrorAction SilentlyContinue',
  '            if (-not $appliance) {',
  "                if ($PSCmdlet.ShouldProcess($fqdn, ('New-CsTeamsSurvivableBranchAppliance -Site {0}' -f $b.Site))) {",
  '                    New-CsTeamsSurvivableBranchAppliance -Fqdn $fqdn -Site $b.Site | Out-Null',
  "                    Write-Action -Target $fqdn -Step 'branch appliance' -Result 'CREATED' -Before '' -After $b.Site",
  '                }',
  '            } elseif ([string]$appliance.Site -ne $b.Site) {',
  "                Write-Action -Target $fqdn -Step 'branch appliance' -Result 'FAILED' -Before ([string]$appliance.Site) -After ('registered at network site {0}: move it to {1} by hand if that is right' -f $appliance.Site, $b.Site)",
  '            } else {',
  "                Write-Action -Target $fqdn -Step 'branch appliance' -Result 'OK' -Before '' -After 'already in place'",
  '            }',
  '        }',
  '        $policy = Get-CsTeamsSurvivableBranchAppliancePolicy -Identity $b.Policy -ErrorAction SilentlyContinue',
  "        $have = if ($policy) { (@($policy.BranchApplianceFqdns) | Sort-Object) -join ';' } else { '' }",
  "        $want = ($fqdns | Sort-Object) -join ';'",
  '        if (-not $policy) {',
  "            if ($PSCmdlet.ShouldProcess($b.Policy, 'New-CsTeamsSurvivableBranchAppliancePolicy')) {",
  '                New-CsTeamsSurvivableBranchAppliancePolicy -Identity $b.Policy -BranchApplianceFqdns $fqdns | Out-Null',
  "                Write-Action -Target $b.Policy -Step 'branch appliance policy' -Result 'CREATED' -Before '' -After $want",
  '            }',
  '        } elseif ($have -ne $want) {',
  "            if ($PSCmdlet.ShouldProcess($b.Policy, 'Set-CsTeamsSurvivableBranchAppliancePolicy')) {",
  '                Set-CsTeamsSurvivableBranchAppliancePolicy -Identity $b.Policy -BranchApplianceFqdns @{ replace = $fqdns }',
  "                Write-Action -Target $b.Policy -Step 'branch appliance policy' -Result 'CHANGED' -Before $have -After $want",
  '            }',
  '        } else {',
  "            Write-Action -Target $b.Policy -Step 'branch appliance policy' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '        # Survivability needs media bypass on the SBCs the site calls through: a change to all their calls, left to a person.',
  "        Write-Action -Target $b.Site -Step 'branch appliance' -Result 'ACTION' -Before '' -After 'turn media bypass on for the SBCs serving the site if it is off (Set-CsOnlinePSTNGateway -MediaBypass $true), once their media path is ready'",
  '    }',
  '',
];

const EMERGENCY_CALLING_LOGIC = [
  "    # --- Emergency calling policies: each site's security desk is told of an emergency call (Kari's Law) ---",
  '    foreach ($p in $EmergencyCallingPolicies) {',
  '        $existing = Get-CsTeamsEmergencyCallingPolicy -Identity $p.Name -ErrorAction SilentlyContinue',
  '        $params = @{ Identity = $p.Name; Description = $p.Description; NotificationGroup = $p.NotificationGroup; NotificationMode = $p.NotificationMode }',
  '        if ($p.DialOutNumber) { $params.NotificationDialOutNumber = $p.DialOutNumber }',
  "        $want = '{0} ({1})' -f $p.NotificationGroup, $p.NotificationMode",
  '        if (-not $existing) {',
  "            if ($PSCmdlet.ShouldProcess($p.Name, 'New-CsTeamsEmergencyCallingPolicy')) {",
  '                New-CsTeamsEmergencyCallingPolicy @params | Out-Null',
  "                Write-Action -Target $p.Name -Step 'emergency calling policy' -Result 'CREATED' -Before '' -After $want",
  '            }',
  '        } elseif ([string]$existing.NotificationGroup -ne $p.NotificationGroup -or [string]$existing.NotificationMode -ne $p.NotificationMode -or [string]$existing.NotificationDialOutNumber -ne [string]$p.DialOutNumber) {',
  "            if ($PSCmdlet.ShouldProcess($p.Name, 'Set-CsTeamsEmergencyCallingPolicy')) {",
  '                Set-CsTeamsEmergencyCallingPolicy @params',
  "                Write-Action -Target $p.Name -Step 'emergency calling policy' -Result 'CHANGED' -Before ('{0} ({1})' -f $existing.NotificationGroup, $existing.NotificationMode) -After $want",
  '            }',
  '        } else {',
  "            Write-Action -Target $p.Name -Step 'emergency calling policy' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  '        # On its network site, it covers whoever calls from the site, the site\'s people or not.',
  '        if ($p.NetworkSite) {',
  '            $site = Get-CsTenantNetworkSite -Identity $p.NetworkSite -ErrorAction SilentlyContinue',
  '            if (-not $site) {',
  "                Write-Action -Target $p.NetworkSite -Step 'network site policy' -Result 'SKIPPED' -Before '' -After 'the network site is not in Teams yet (-WhatIf?): run again'",
  '            } elseif ([string]$site.EmergencyCallingPolicy -ne $p.Name) {',
  "                if ($PSCmdlet.ShouldProcess($p.NetworkSite, ('Set-CsTenantNetworkSite -EmergencyCallingPolicy {0}' -f $p.Name))) {",
  '                    Set-CsTenantNetworkSite -Identity $p.NetworkSite -EmergencyCallingPolicy $p.Name',
  "                    Write-Action -Target $p.NetworkSite -Step 'network site policy' -Result 'CHANGED' -Before ([string]$site.EmergencyCallingPolicy) -After $p.Name",
  '                }',
  '            } else {',
  "                Write-Action -Target $p.NetworkSite -Step 'network site policy' -Result 'OK' -Before '' -After 'already in place'",
  '            }',
  '        }',
  '    }',
  '',
];

const EMERGENCY_ROUTING_LOGIC = [
  "    # --- Emergency call routing (Direct Routing): the country's emergency numbers, as dialed, to the SBC ---",
  '    foreach ($e in $EmergencyCallRoutings) {',
  '        if (@((Get-CsOnlinePstnUsage -Identity Global).Usage) -notcontains $e.Usage) {',
  "            if ($PSCmdlet.ShouldProcess($e.Usage, 'Set-CsOnlinePstnUsage -Usage @{Add=...}')) {",
  '                Set-CsOnlinePstnUsage -Identity Global -Usage @{ Add = $e.Usage } | Out-Null',
  "                Write-Action -Target $e.Usage -Step 'PSTN usage' -Result 'CREATED' -Before '' -After $e.Usage",
  '            }',
  '        }',
  '        $route = Get-CsOnlineVoiceRoute -Identity $e.Route -ErrorAction SilentlyContinue',
  '        $params = @{ Identity = $e.Route; NumberPattern = $e.NumberPattern; OnlinePstnGatewayList = $e.Gateway; OnlinePstnUsages = $e.Usage; Priority = 1 }',
  '        if (-not $route) {',
  "            if ($PSCmdlet.ShouldProcess($e.Route, 'New-CsOnlineVoiceRoute')) {",
  '                New-CsOnlineVoiceRoute @params | Out-Null',
  "                Write-Action -Target $e.Route -Step 'voice route' -Result 'CREATED' -Before '' -After $e.NumberPattern",
  '            }',
  '        } elseif ([string]$route.NumberPattern -ne $e.NumberPattern) {',
  "            if ($PSCmdlet.ShouldProcess($e.Route, 'Set-CsOnlineVoiceRoute')) {",
  '                Set-CsOnlineVoiceRoute @params',
  "                Write-Action -Target $e.Route -Step 'voice route' -Result 'CHANGED' -Before $route.NumberPattern -After $e.NumberPattern",
  '            }',
  '        }',
  "        $want = @($e.DialStrings -split ';' | ForEach-Object { '{0}>{1}' -f $_, $e.Usage }) -join ';'",
  '        $existing = Get-CsTeamsEmergencyCallRoutingPolicy -Identity $e.Name -ErrorAction SilentlyContinue',
  "        $have = if ($existing) { @($existing.EmergencyNumbers | ForEach-Object { '{0}>{1}' -f $_.EmergencyDialString, $_.OnlinePSTNUsage }) -join ';' } else { '' }",
  '        if (-not $existing -or $have -ne $want -or [bool]$existing.AllowEnhancedEmergencyServices -ne $e.Enhanced) {',
  "            $numbers = @($e.DialStrings -split ';' | ForEach-Object { New-CsTeamsEmergencyNumber -EmergencyDialString $_ -OnlinePSTNUsage $e.Usage })",
  '            if (-not $existing) {',
  "                if ($PSCmdlet.ShouldProcess($e.Name, 'New-CsTeamsEmergencyCallRoutingPolicy')) {",
  '                    New-CsTeamsEmergencyCallRoutingPolicy -Identity $e.Name -EmergencyNumbers @{ add = $numbers } -AllowEnhancedEmergencyServices $e.Enhanced | Out-Null',
  "                    Write-Action -Target $e.Name -Step 'emergency call routing policy' -Result 'CREATED' -Before '' -After $want",
  '                }',
  "            } elseif ($PSCmdlet.ShouldProcess($e.Name, 'Set-CsTeamsEmergencyCallRoutingPolicy')) {",
  '                Set-CsTeamsEmergencyCallRoutingPolicy -Identity $e.Name -EmergencyNumbers @{ replace = $numbers } -AllowEnhancedEmergencyServices $e.Enhanced',
  "                Write-Action -Target $e.Name -Step 'emergency call routing policy' -Result 'CHANGED' -Before $have -After $want",
  '            }',
  '        } else {',
  "            Write-Action -Target $e.Name -Step 'emergency call routing policy' -Result 'OK' -Before '' -After 'already in place'",
  '        }',
  "        foreach ($siteId in @($e.NetworkSites -split ';' | Where-Object { $_ })) {",
  '            $site = Get-CsTenantNetworkSite -Identity $siteId -ErrorAction SilentlyContinue',
  '            if (-not $site) {',
  "                Write-Action -Target $siteId -Step 'network site routing' -Result 'SKIPPED' -Before '' -After 'the network site is not in Teams yet (-WhatIf?): run again'",
  '            } elseif ([string]$site.EmergencyCallRoutingPolicy -ne $e.Name) {',
  "                if ($PSCmdlet.ShouldProcess($siteId, ('Set-CsTenantNetworkSite -EmergencyCallRoutingPolicy {0}' -f $e.Name))) {",
  '                    Set-CsTenantNetworkSite -Identity $siteId -EmergencyCallRoutingPolicy $e.Name',
  "                    Write-Action -Target $siteId -Step 'network site routing' -Result 'CHANGED' -Before ([string]$site.EmergencyCallRoutingPolicy) -After $e.Name",
  '                }',
  '            } else {',
  "                Write-Action -Target $siteId -Step 'network site routing' -Result 'OK' -Before '' -After 'already in place'",
  '            }',
  '        }',
  '    }',
  '',
];

/** A policy the cutover grants a user from their assignment record, and the rollback takes back. */
interface PolicyGrant {
  /** The assignment record's field naming the policy. */
  field: 'TollBypassPolicy' | 'EmergencyCallingPolicy' | 'EmergencyCallRoutingPolicy' | 'SurvivableBranchPolicy' | 'CallParkPolicy';
  /** The user's property (Get-CsOnlineUser) holding the policy granted now. */
  property: string;
  cmdlet: string;
  step: string;
  why: string;
  /** How a person gives the policy's effect to the policy a user holds instead ({0}: that policy). */
  insteadHint: string;
}

const GRANTS: PolicyGrant[] = [
  {
    field: 'TollBypassPolicy',
    property: 'TeamsCallingPolicy',
    cmdlet: 'Grant-CsTeamsCallingPolicy',
    step: 'calling policy',
    why: 'Location-Based Routing site: the calling policy that prevents toll bypass.',
    insteadHint: 'turn toll bypass prevention on in it (Set-CsTeamsCallingPolicy -Identity {0} -PreventTollBypass $true)',
  },
  {
    field: 'EmergencyCallingPolicy',
    property: 'TeamsEmergencyCallingPolicy',
    cmdlet: 'Grant-CsTeamsEmergencyCallingPolicy',
    step: 'emergency calling policy',
    why: "The site's security desk is told of the user's emergency calls, wherever they call from.",
    // Inside a single-quoted PowerShell string: no apostrophe.
    insteadHint: 'notify the security desk of the site in it (Set-CsTeamsEmergencyCallingPolicy -Identity {0} -NotificationGroup ...)',
  },
  {
    field: 'EmergencyCallRoutingPolicy',
    property: 'TeamsEmergencyCallRoutingPolicy',
    cmdlet: 'Grant-CsTeamsEmergencyCallRoutingPolicy',
    step: 'emergency call routing policy',
    why: "Direct Routing: the user's emergency calls go to the SBC as dialed.",
    insteadHint: 'check that it routes the emergency numbers of the country to this SBC',
  },
  {
    field: 'SurvivableBranchPolicy',
    property: 'TeamsSurvivableBranchAppliancePolicy',
    cmdlet: 'Grant-CsTeamsSurvivableBranchAppliancePolicy',
    step: 'branch appliance policy',
    why: 'A site with Survivable Branch Appliances: its Direct Routing users keep calling through them when the site loses Microsoft.',
    insteadHint: 'check that it names the appliances of the site',
  },
  {
    field: 'CallParkPolicy',
    property: 'TeamsCallParkPolicy',
    cmdlet: 'Grant-CsTeamsCallParkPolicy',
    step: 'call park policy',
    why: 'The site parked calls on the PBX: Teams lets a user park and pick up calls only under a policy that allows it (call-park-set-ups.ts).',
    insteadHint: 'allow call park in it (Set-CsTeamsCallParkPolicy -Identity {0} -AllowCallPark $true)',
  },
];

/**
 * The cutover's grants, inside the per-user loop. A user who holds another policy of the kind keeps it:
 * it may carry settings the plan does not know, so a person gives it the effect instead (an ACTION).
 */
export const POLICY_GRANT_LOGIC = GRANTS.flatMap((g) => [
  `            # ${g.why}`,
  `            if ($a.${g.field}) {`,
  `                $current = [string]$user.${g.property}`,
  `                if ($current -eq $a.${g.field}) {`,
  `                    Write-Action -Target $a.Upn -Step '${g.step}' -Result 'OK' -Before $current -After 'already granted'`,
  '                } elseif ($current) {',
  `                    Write-Action -Target $a.Upn -Step '${g.step}' -Result 'ACTION' -Before $current -After ('holds {0}: ${g.insteadHint}, or grant {1}' -f $current, $a.${g.field})`,
  `                } elseif ($PSCmdlet.ShouldProcess($a.Upn, ('${g.cmdlet} {0}' -f $a.${g.field}))) {`,
  `                    ${g.cmdlet} -Identity $a.Upn -PolicyName $a.${g.field}`,
  `                    Write-Action -Target $a.Upn -Step '${g.step}' -Result 'CHANGED' -Before 'Global' -After $a.${g.field}`,
  '                }',
  '            }',
]);

/** The rollback's return of the policies the cutover granted (it granted them only to users on the global one). */
export const POLICY_ROLLBACK_LOGIC = GRANTS.flatMap((g) => [
  `            if ($a.${g.field} -and [string]$user.${g.property} -eq $a.${g.field}) {`,
  `                if ($PSCmdlet.ShouldProcess($a.Upn, '${g.cmdlet} (default)')) {`,
  `                    ${g.cmdlet} -Identity $a.Upn -PolicyName $null`,
  `                    Write-Action -Target $a.Upn -Step '${g.step}' -Result 'CHANGED' -Before $a.${g.field} -After 'Global'`,
  '                }',
  '            }',
]);
