/**
 * Emergency calling across the tenant, or at one site, as the bot answers "how are emergency calls
 * set up?": the emergency gates the decisions hold sites with (their counts), and what the settings give
 * the runbooks to set up (emergency addresses and locations, security desks, network sites, Location-
 * Based Routing), with the country's emergency numbers for a site. Reads the decisions header, the
 * settings and, for a site, its decision record: no whole-tenant document.
 */
import type { DocumentCache } from '../store/document-cache';
import type { Store } from '../store/store';
import { EMERGENCY_GATES } from '../domain/decisions/gate-catalogue';
import type { ReadinessSeverity } from '../domain/decision-types';
import type { PlanningSettings, SecurityDesk, SiteAttributes } from '../domain/planning-settings';
import { emergencyNumbersOf } from '../domain/emergency-numbers';
import { usesLocationBasedRouting } from '../domain/location-based-routing';
import { DECISION_SITES, DECISIONS_DOCUMENT, type DecisionSiteRecord, type DecisionsHeader } from './decisions-read-model';
import { SETTINGS_DOCUMENT } from './settings-document';

export interface EmergencySite {
  id: string;
  name: string;
  countryCode?: string;
}

export interface SiteEmergencySetUp {
  site: EmergencySite;
  emergencyAddress: SiteAttributes['emergencyAddress'];
  emergencyLocationId?: string;
  /** Direct Routing's emergency routing marked in place (settings). */
  emergencyRouting: boolean;
  securityDesk?: SecurityDesk;
  subnets: string[];
  locationBasedRouting: boolean;
  survivableBranchAppliances: string[];
  /** Shared Calling's emergency callback numbers (none: the site has no Shared Calling). */
  emergencyCallbackNumbers: string[];
  emergencyNumbers: readonly string[];
  /** The emergency blockers holding the site (from its decision record). */
  blockers: string[];
}

export interface EmergencyReadiness {
  /** Per emergency gate the decisions raised: how many site gates. */
  gates: { code: string; severity: ReadinessSeverity; count: number }[];
  /** Sites with attributes in the settings giving each part. */
  settings: {
    sites: number;
    addressesValidated: number;
    emergencyLocations: number;
    securityDesks: number;
    networkSites: number;
    locationBasedRouting: number;
    /** The tenant's trusted IP ranges: without them no network site is found. */
    trustedIps: number;
  };
  /** The named site's set-up, when one was asked about. */
  site?: SiteEmergencySetUp;
}

const EMERGENCY = new Set<string>(EMERGENCY_GATES);

/** Undefined before the first decisions (nothing to count gates from). */
export async function emergencyReadiness(deps: { store: Store; documents: DocumentCache }, tenantId: string, site?: EmergencySite): Promise<EmergencyReadiness | undefined> {
  const header = (await deps.documents.get<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT))?.data;
  if (!header) return undefined;
  const settings = (await deps.documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data;
  const attributes = settings?.sites ?? [];
  const countryOf = new Map(header.sites.map((s) => [s.id, s.countryCode]));
  const readiness: EmergencyReadiness = {
    gates: header.readiness.byCode.filter((g) => EMERGENCY.has(g.code)),
    settings: {
      sites: attributes.length,
      addressesValidated: attributes.filter((a) => a.emergencyAddress === 'validated').length,
      emergencyLocations: attributes.filter((a) => a.emergencyLocationId).length,
      securityDesks: attributes.filter((a) => a.securityDesk).length,
      networkSites: attributes.filter((a) => a.subnets?.length).length,
      locationBasedRouting: attributes.filter((a) => a.subnets?.length && usesLocationBasedRouting(countryOf.get(a.siteId), a)).length,
      trustedIps: settings?.tenant.trustedIps?.length ?? 0,
    },
  };
  if (!site) return readiness;
  const attrs = attributes.find((a) => a.siteId === site.id);
  const record = await deps.store.getRecord<DecisionSiteRecord>(tenantId, DECISION_SITES, site.id);
  return {
    ...readiness,
    site: {
      site,
      emergencyAddress: attrs?.emergencyAddress ?? 'missing',
      ...(attrs?.emergencyLocationId ? { emergencyLocationId: attrs.emergencyLocationId } : {}),
      emergencyRouting: attrs?.emergencyRouting ?? false,
      ...(attrs?.securityDesk ? { securityDesk: attrs.securityDesk } : {}),
      subnets: attrs?.subnets ?? [],
      locationBasedRouting: usesLocationBasedRouting(site.countryCode, attrs),
      survivableBranchAppliances: attrs?.survivableBranchAppliances ?? [],
      emergencyCallbackNumbers: attrs?.sharedCalling?.emergencyCallbackNumbers ?? [],
      emergencyNumbers: emergencyNumbersOf(site.countryCode).numbers,
      blockers: (record?.readiness?.siteBlockers ?? []).filter((c) => EMERGENCY.has(c)),
    },
  };
}
