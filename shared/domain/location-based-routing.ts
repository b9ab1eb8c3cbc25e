/**
 * Location-Based Routing (LBR): in countries that restrict toll bypass, a Teams client at a site may
 * reach the PSTN over Direct Routing only through a gateway of the network site it is at, and only
 * when Teams knows the site by the client's subnet. Microsoft documents it for India; a site elsewhere
 * turns it on or off with `sites[].locationBasedRouting`. The tenant setup then makes the site a network
 * site with LBR on, ties its SBC to it (Set-CsOnlinePSTNGateway -GatewaySiteID -GatewaySiteLbrEnabled)
 * and the cutover gives its Direct Routing users a calling policy that prevents toll bypass.
 */
import type { Sbc, SiteAttributes } from './planning-settings';

/** Countries whose regulation makes Direct Routing use Location-Based Routing (ISO 3166-1 alpha-2). */
export const TOLL_BYPASS_RESTRICTED_COUNTRIES: ReadonlySet<string> = new Set(['IN']);

/** Whether Direct Routing at the site runs under Location-Based Routing: the site's setting, else its country's rule. */
export function usesLocationBasedRouting(countryCode: string | undefined, attributes: Pick<SiteAttributes, 'locationBasedRouting'> | undefined): boolean {
  return attributes?.locationBasedRouting ?? (countryCode !== undefined && TOLL_BYPASS_RESTRICTED_COUNTRIES.has(countryCode.toUpperCase()));
}

/**
 * The site an SBC stands at, its network site as a PSTN gateway: the one it names, else the one site it
 * serves when it serves exactly one; otherwise none (an SBC serving a country or several sites).
 */
export function gatewaySiteOf(sbc: Pick<Sbc, 'networkSite' | 'siteIds'>): string | undefined {
  return sbc.networkSite ?? (sbc.siteIds.length === 1 ? sbc.siteIds[0] : undefined);
}
