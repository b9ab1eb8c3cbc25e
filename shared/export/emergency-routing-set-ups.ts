/**
 * Emergency call routing for Direct Routing: Teams sends a Direct Routing user's emergency call to the
 * SBC as dialed ("911", "112") through the user's emergency call routing policy, whose emergency
 * numbers name a PSTN usage with a voice route to the SBC. The tenant setup makes one policy per country
 * and SBC the plan's Direct Routing people use (`VMP-ECRP-<country>-<sbc>`), with the country's
 * emergency numbers (emergency-numbers.ts), a usage of its own per SBC and a route matching exactly
 * those numbers; US policies allow enhanced emergency services (the location goes to the SBC, as dynamic
 * emergency calling needs). The cutover grants it to the people, and the tenant setup ties it to their
 * sites' network sites. Plain data: network-script.ts writes it as PowerShell.
 */
import type { ExportInput } from './export-input';
import { emergencyNumbersOf } from '../domain/emergency-numbers';
import { isFqdn, psNamePart } from './powershell';
import type { SkippedItem } from './runbooks';
import { networkSetUps } from './network-set-ups';

export interface EmergencyCallRoutingSetUp {
  name: string;
  country: string;
  fqdn: string;
  /** The PSTN usage the emergency numbers name, one per SBC: `VMP-Emergency-<sbc>`. */
  usage: string;
  /** The voice route in that usage: `VMP-Emergency-<sbc>-<country>`, its pattern exactly the numbers. */
  route: string;
  numberPattern: string;
  numbers: readonly string[];
  /** AllowEnhancedEmergencyServices: the client's location goes with the call (US dynamic emergency calling). */
  enhanced: boolean;
  /** The sites whose Direct Routing people it serves. */
  sites: string[];
  /** Those of them that are network sites (they list subnets) and take it as theirs. */
  networkSites: string[];
}

export interface EmergencyRoutingSetUps {
  policies: EmergencyCallRoutingSetUp[];
  /** `<country>|<sbcId>` -> the policy's name, for the cutover's grants. */
  byCountryAndSbc: ReadonlyMap<string, string>;
  /** Site id -> country, for the cutover's look-ups (one per member, over 2,000 sites). */
  countryOf: ReadonlyMap<string, string | undefined>;
  skipped: SkippedItem[];
}

/** Countries whose Direct Routing emergency calls carry the client's location to the SBC (dynamic emergency calling). */
const ENHANCED_EMERGENCY_COUNTRIES = new Set(['US']);

const byInput = new WeakMap<ExportInput, EmergencyRoutingSetUps>();

export function emergencyRoutingSetUps(input: ExportInput): EmergencyRoutingSetUps {
  let setUps = byInput.get(input);
  if (!setUps) byInput.set(input, (setUps = workOut(input)));
  return setUps;
}

/** The policy the cutover grants a Direct Routing member (undefined for other paths, or without a country). */
export function emergencyCallRoutingPolicyOf(input: ExportInput, member: { path: string; siteId?: string; sbcId?: string }): string | undefined {
  if (member.path !== 'DR' || !member.sbcId || !member.siteId) return undefined;
  const setUps = emergencyRoutingSetUps(input);
  const country = setUps.countryOf.get(member.siteId);
  return country ? setUps.byCountryAndSbc.get(`${country}|${member.sbcId}`) : undefined;
}

function workOut(input: ExportInput): EmergencyRoutingSetUps {
  const countryOf = new Map(input.sites.map((s) => [s.id, s.countryCode]));
  const sbcs = new Map(input.settings.sbcs.map((s) => [s.id, s]));
  const networkSites = new Set(networkSetUps(input).sites.map((s) => s.siteId));
  // Per country and SBC, the sites whose Direct Routing people use it, in plan order.
  const combos = new Map<string, { country: string; sbcId: string; sites: Set<string> }>();
  for (const wave of input.plan.waves) {
    for (const m of wave.members) {
      const country = m.siteId ? countryOf.get(m.siteId) : undefined;
      if (m.path !== 'DR' || !m.sbcId || !country) continue;
      const key = `${country}|${m.sbcId}`;
      let combo = combos.get(key);
      if (!combo) combos.set(key, (combo = { country, sbcId: m.sbcId, sites: new Set() }));
      combo.sites.add(m.siteId!);
    }
  }
  const policies: EmergencyCallRoutingSetUp[] = [];
  const byCountryAndSbc = new Map<string, string>();
  const skipped: SkippedItem[] = [];
  // A network site takes one emergency call routing policy: the first that serves it.
  const tied = new Set<string>();
  for (const [key, c] of [...combos.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const sbc = sbcs.get(c.sbcId);
    // The tenant setup skips an SBC it cannot set up with the reason; its emergency routing goes with it.
    if (!sbc || !isFqdn(sbc.fqdn)) continue;
    const { numbers, known } = emergencyNumbersOf(c.country);
    if (!known) skipped.push({ what: `emergency numbers of ${c.country}`, reason: 'not in the planner’s table: only 112 is routed to the SBC; add the country’s own numbers to the policy by hand' });
    const part = psNamePart(c.sbcId);
    const name = `VMP-ECRP-${c.country}-${part}`;
    policies.push({
      name,
      country: c.country,
      fqdn: sbc.fqdn,
      usage: `VMP-Emergency-${part}`,
      route: `VMP-Emergency-${part}-${c.country}`,
      numberPattern: `^(${numbers.join('|')})$`,
      numbers,
      enhanced: ENHANCED_EMERGENCY_COUNTRIES.has(c.country),
      sites: [...c.sites].sort(),
      networkSites: [...c.sites].filter((s) => networkSites.has(s) && !tied.has(s)).sort(),
    });
    for (const s of policies[policies.length - 1].networkSites) tied.add(s);
    byCountryAndSbc.set(key, name);
  }
  return { policies, byCountryAndSbc, countryOf, skipped };
}
