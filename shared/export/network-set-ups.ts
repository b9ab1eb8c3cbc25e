/**
 * What the tenant setup makes of the sites' subnets (sites[].subnets): Teams' tenant network
 * configuration, which Location-Based Routing and dynamic emergency calling both read. Each site with
 * subnets becomes a network site in its country's network region, with Location-Based Routing on where
 * Direct Routing needs it (location-based-routing.ts); its subnets are tied to it and, when the site
 * has an emergency location, to that location (LIS subnets), so a Teams client found on the subnet
 * calls emergency services from the site's address. The SBCs standing at a network site are tied to it
 * as PSTN gateways, and the Direct Routing users of a Location-Based Routing site get a calling policy
 * that prevents toll bypass at their cutover. A site with a security desk (sites[].securityDesk) gets an
 * emergency calling policy of its own that notifies it, on its network site and for its people at their
 * cutover (wherever they call from). A site's Survivable Branch Appliances are registered at its network
 * site, with a policy naming them that the cutover grants its Direct Routing users. Plain data:
 * runbooks.ts writes it as PowerShell.
 */
import type { ExportInput } from './export-input';
import { parseSubnet, type Subnet } from '../domain/network-subnets';
import { gatewaySiteOf, usesLocationBasedRouting } from '../domain/location-based-routing';
import { isGuid, isFqdn, psNamePart } from './powershell';
import type { SecurityDesk } from '../domain/planning-settings';
import type { SkippedItem } from './runbooks';

/** The calling policy the cutover grants Direct Routing users of a Location-Based Routing site. */
export const TOLL_BYPASS_CALLING_POLICY = 'VMP-PreventTollBypass';

export interface NetworkSiteSetUp {
  /** The network site's id: the planner's site id. */
  siteId: string;
  description: string;
  /** The network region: the site's country (ISO code), or "Unknown" when the site has none. */
  region: string;
  locationBasedRouting: boolean;
  subnets: Subnet[];
  /** The site's emergency location (LIS LocationId) its subnets are tied to. */
  emergencyLocationId?: string;
}

export interface GatewaySiteSetUp {
  fqdn: string;
  siteId: string;
  locationBasedRouting: boolean;
  /** Local Media Optimization: the SBC's media bypass mode (Set-CsOnlinePSTNGateway -MediaBypass -BypassMode). */
  bypassMode?: 'Always' | 'OnlyForLocalUsers';
  /** With bypassMode, for a downstream SBC: the FQDN of the proxy SBC Teams reaches it through. */
  proxySbc?: string;
}

export interface EmergencyCallingPolicySetUp {
  /** `VMP-ECP-<site>`. */
  name: string;
  siteId: string;
  description: string;
  desk: SecurityDesk;
  /** The site is a network site (it lists subnets): the policy is tied to it as well. */
  onNetworkSite: boolean;
}

export interface SurvivableBranchSetUp {
  siteId: string;
  fqdns: string[];
  /** `VMP-SBA-<site>`, naming the appliances (New-CsTeamsSurvivableBranchAppliancePolicy -BranchApplianceFqdns). */
  policy: string;
}

export interface NetworkSetUps {
  /** The tenant's trusted IP addresses: where network sites are looked for from. */
  trustedIps: Subnet[];
  sites: NetworkSiteSetUp[];
  gateways: GatewaySiteSetUp[];
  /** Sites whose Direct Routing users get the toll-bypass calling policy (network sites with Location-Based Routing). */
  locationBasedRoutingSiteIds: ReadonlySet<string>;
  /** Per site with a security desk, in the settings' order. */
  emergencyCallingPolicies: EmergencyCallingPolicySetUp[];
  /** Site id -> its emergency calling policy's name, for the cutover's look-ups (one per member). */
  emergencyCallingPolicyBySite: ReadonlyMap<string, string>;
  /** Network sites with Survivable Branch Appliances, in the settings' order. */
  survivableBranches: SurvivableBranchSetUp[];
  /** Site id -> its appliances' policy, for the cutover's Direct Routing users. */
  survivableBranchPolicyBySite: ReadonlyMap<string, string>;
  /** Site id -> its Shared Calling policy's name (`VMP-SC-<site>`), for sites with Shared Calling. */
  sharedCallingPolicyBySite: ReadonlyMap<string, string>;
  skipped: SkippedItem[];
}

/** Worked out once per export: the tenant setup and every wave's runbook ask for it. */
const byInput = new WeakMap<ExportInput, NetworkSetUps>();

export function networkSetUps(input: ExportInput): NetworkSetUps {
  let setUps = byInput.get(input);
  if (!setUps) byInput.set(input, (setUps = workOut(input)));
  return setUps;
}

function workOut(input: ExportInput): NetworkSetUps {
  const sitesById = new Map(input.sites.map((s) => [s.id, s]));
  const sites: NetworkSiteSetUp[] = [];
  const emergencyCallingPolicies: EmergencyCallingPolicySetUp[] = [];
  const survivableBranches: SurvivableBranchSetUp[] = [];
  const skipped: SkippedItem[] = [];
  const taken = new Set<string>();
  const policyName = uniqueNames();
  const sharedCallingPolicyBySite = new Map<string, string>();
  // One pass over the sites' attributes; a site's first attributes count (the settings refuse a second).
  const seen = new Set<string>();
  for (const attrs of input.settings.sites) {
    const site = sitesById.get(attrs.siteId);
    if (!site || seen.has(site.id)) continue;
    seen.add(site.id);
    const subnets: Subnet[] = [];
    for (const text of attrs.subnets ?? []) {
      const subnet = parseSubnet(text).subnet;
      // The settings' validation refuses both; a hand-edited store still never reaches a cmdlet.
      if (!subnet || taken.has(subnet.text)) {
        skipped.push({ what: `subnet ${text} of site ${site.id}`, reason: subnet ? 'it is a subnet of another site too' : 'not a subnet (address/prefix length)' });
        continue;
      }
      taken.add(subnet.text);
      subnets.push(subnet);
    }
    if (subnets.length) {
      sites.push({
        siteId: site.id,
        description: site.name,
        region: site.countryCode ?? 'Unknown',
        locationBasedRouting: usesLocationBasedRouting(site.countryCode, attrs),
        subnets,
        ...(isGuid(attrs.emergencyLocationId) && { emergencyLocationId: attrs.emergencyLocationId }),
      });
    }
    if (attrs.securityDesk) {
      emergencyCallingPolicies.push({
        name: policyName('VMP-ECP', site.id),
        siteId: site.id,
        description: `Security desk of ${site.name}`,
        desk: attrs.securityDesk,
        onNetworkSite: subnets.length > 0,
      });
    }
    if (attrs.sharedCalling) sharedCallingPolicyBySite.set(site.id, policyName('VMP-SC', site.id));
    // An appliance registers at a network site: a site without subnets has none (the settings refuse it).
    if (attrs.survivableBranchAppliances?.length && subnets.length) {
      survivableBranches.push({ siteId: site.id, fqdns: attrs.survivableBranchAppliances.filter((f) => isFqdn(f)), policy: policyName('VMP-SBA', site.id) });
    }
  }
  const networkSites = new Map(sites.map((s) => [s.siteId, s]));
  const gateways: GatewaySiteSetUp[] = [];
  const fqdnOf = new Map(input.settings.sbcs.map((s) => [s.id, s.fqdn]));
  for (const sbc of input.settings.sbcs) {
    const at = networkSites.get(gatewaySiteOf(sbc) ?? '');
    if (!at || !isFqdn(sbc.fqdn)) continue;
    const gateway: GatewaySiteSetUp = { fqdn: sbc.fqdn, siteId: at.siteId, locationBasedRouting: at.locationBasedRouting };
    if (sbc.bypassMode) {
      gateway.bypassMode = sbc.bypassMode;
      const proxy = sbc.proxySbc === undefined ? undefined : fqdnOf.get(sbc.proxySbc);
      if (proxy) gateway.proxySbc = proxy;
    }
    gateways.push(gateway);
  }
  const trustedIps = (input.settings.tenant.trustedIps ?? []).map((t) => parseSubnet(t).subnet).filter((t): t is Subnet => t !== undefined);
  return {
    trustedIps,
    sites,
    gateways,
    locationBasedRoutingSiteIds: new Set(sites.filter((s) => s.locationBasedRouting).map((s) => s.siteId)),
    emergencyCallingPolicies,
    emergencyCallingPolicyBySite: new Map(emergencyCallingPolicies.map((p) => [p.siteId, p.name])),
    survivableBranches,
    survivableBranchPolicyBySite: new Map(survivableBranches.map((b) => [b.siteId, b.policy])),
    sharedCallingPolicyBySite,
    skipped,
  };
}

/**
 * Policy names of sites, `<prefix>-<site>`, unique in the tenant: site ids cut to a name part may meet,
 * and the later one is numbered.
 */
function uniqueNames(): (prefix: string, siteId: string) => string {
  const names = new Set<string>();
  return (prefix, siteId) => {
    const part = psNamePart(siteId);
    let name = `${prefix}-${part}`;
    for (let n = 2; names.has(name.toLowerCase()); n++) name = `${prefix}-${part.slice(0, 36)}-${n}`;
    names.add(name.toLowerCase());
    return name;
  };
}
