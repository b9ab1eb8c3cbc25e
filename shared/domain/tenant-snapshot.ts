/**
 * The planner's picture of a Microsoft 365 tenant at one moment: people, sites and the telephone
 * numbers the tenant holds. Built by tenant discovery (Graph) and read by every later step.
 * Plain data only (JSON-serialisable), so it can be stored, diffed and sent to the tab.
 */
import type { SkuSeats } from './licence-mapping';

/** The three ways Teams reaches the PSTN, in Graph's spelling (numberAssignments.numberType). */
export type TeamsNumberType = 'operatorConnect' | 'directRouting' | 'callingPlan';

/** A phone number as found in free text (businessPhones), parsed where possible. */
export interface ParsedPhone {
  /** Exactly what the directory holds. */
  raw: string;
  /** E.164 (`+14255550100`) when the text parsed to a valid number. */
  e164?: string;
  /** Extension digits written after the number ("x123", "ext. 123"). */
  extension?: string;
  /** False when the text could not be parsed to a valid number: kept raw and flagged. */
  valid: boolean;
}

export type TeamsPhoneLicence = 'enabled' | 'grace' | 'none';

export interface PostalAddress {
  street?: string;
  city?: string;
  state?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2 where known. */
  countryCode?: string;
}

/** A user or resource account of the tenant. */
export interface Person {
  /** Entra object id. */
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail?: string;
  givenName?: string;
  surname?: string;
  department?: string;
  jobTitle?: string;
  accountEnabled: boolean;
  /** Resource accounts front auto attendants and call queues. */
  kind: 'user' | 'resourceAccount';
  /** Teams Phone (MCOEV) service plan state: Warning in Graph = grace period. */
  teamsPhone: TeamsPhoneLicence;
  callingPlan: boolean;
  /** Teams Phone Resource Account licence (MCOEV_VIRTUALUSER). */
  resourceAccountLicence: boolean;
  /** No Teams Phone, though a licence the person holds includes it, turned off (see licence-mapping.ts). */
  teamsPhoneTurnedOff?: true;
  /**
   * Licensed with Microsoft Teams Shared Devices: a common area phone's account (one the cutover runbook
   * made, or one the tenant had), not a person; the plan moves no one for it (see licence-mapping.ts).
   */
  sharedDevice?: true;
  /** Two-letter ISO country code; required before a number can be assigned. */
  usageLocation?: string;
  officeLocation?: string;
  city?: string;
  /** Free text in the directory ("US", "United States", "UK"). */
  country?: string;
  businessPhones: ParsedPhone[];
  /** True when the account is synced from on-premises AD. */
  onPremisesSyncEnabled?: boolean;
  /** The on-premises AD account name (sAMAccountName) of a synced account: PBX exports name owners by it. */
  onPremisesSamAccountName?: string;
  /** TeamsOnly, Islands, ... when the user configuration API told us; undefined when unknown. */
  teamsUpgradeMode?: string;
  /** The site this person was mapped to; undefined when no rule matched (see unmappedPeople). */
  siteId?: string;
}

export type NumberAssignmentStatus =
  | 'unassigned'
  | 'userAssigned'
  | 'conferenceAssigned'
  | 'voiceApplicationAssigned'
  | 'thirdPartyAppAssigned'
  | 'policyAssigned'
  | 'unknown';

/** A telephone number already in the tenant's Teams inventory (Graph numberAssignments). */
export interface TenantNumber {
  /** E.164 with `+`. */
  telephoneNumber: string;
  numberType: TeamsNumberType | 'unknown';
  assignmentStatus: NumberAssignmentStatus;
  /** Object id of the user or resource account that holds the number. */
  assignmentTargetId?: string;
  assignmentCategory?: 'primary' | 'private' | 'alternate';
  activationState?: string;
  operatorId?: string;
  isoCountryCode?: string;
  city?: string;
  locationId?: string;
  civicAddressId?: string;
  /** onPremises: set in on-prem AD and synced; must be cleared there before a cloud assignment. */
  numberSource: 'online' | 'onPremises';
}

/** A physical location users work from; the unit of most migration decisions. */
export interface Site {
  /** Stable id derived from the site's name (slug), so decisions survive a resync. */
  id: string;
  name: string;
  address?: PostalAddress;
  /** ISO 3166-1 alpha-2: drives number parsing, operator availability and holidays. */
  countryCode?: string;
  /** Where the site came from. */
  source: 'places' | 'office-location' | 'mapping-rule' | 'pbx';
  /** How many people were mapped to it (filled by site derivation). */
  peopleCount?: number;
  /**
   * Sites from places only: the normalised names an officeLocation is matched against (the place's own
   * name, its building and the rooms and room lists at its address). Kept so that mapping rules can be
   * previewed and re-applied to a stored snapshot without reading Graph again.
   */
  aliases?: string[];
}

export interface UnmappedPerson {
  personId: string;
  reason: string;
}

export interface SnapshotWarning {
  /** Stable machine code, e.g. `numbers-api-unavailable`. */
  code: string;
  message: string;
  /** The request that caused it, when there is one (method and URL without the token). */
  request?: string;
}

export interface TenantSnapshot {
  tenantId: string;
  tenantName: string;
  /** ISO timestamp of the end of the sync that produced it. */
  takenAt: string;
  /** The Graph base URL it was read from (no credentials). */
  source?: string;
  people: Person[];
  sites: Site[];
  numbers: TenantNumber[];
  unmappedPeople: UnmappedPerson[];
  warnings: SnapshotWarning[];
  /**
   * Set when an admin re-applied saved site mapping rules to this snapshot (people's sites re-derived
   * from the stored places and directory fields, without reading Graph). A sync writes a fresh snapshot
   * without it.
   */
  siteRulesApplied?: { rulesVersion: number; at: string; by: string };
  /**
   * The state (Enabled, Warning = grace, Suspended ...) of each SKU with a Teams Phone, Calling Plan or
   * resource account plan, when licences were read from the tenant's SKUs. A later incremental sync that
   * finds one changed reads everyone again: a SKU's state changes no user object.
   */
  licenceSkuStates?: Record<string, string>;
  /**
   * The seats of each subscription that includes Teams Phone, a Calling Plan or the resource account
   * licence, as the sync found them (absent when the tenant's SKUs could not be read).
   */
  licenceSeats?: SkuSeats[];
}

export interface SnapshotCounts {
  people: number;
  /** People who are users: neither resource accounts nor shared devices. */
  users: number;
  resourceAccounts: number;
  /** Common area phones' accounts (`sharedDevice`); absent when there are none, and from counts stored before they were told apart. */
  sharedDevices?: number;
  teamsPhoneEnabled: number;
  sites: number;
  numbers: number;
  unmappedPeople: number;
  warnings: number;
}

/** The tenant's Teams numbers of one type: free, or held by a user or by a service (a resource account, a conference bridge...). */
export interface NumberTypeCount {
  numberType: TenantNumber['numberType'];
  total: number;
  free: number;
  users: number;
  services: number;
}

const NUMBER_TYPE_ORDER: readonly TenantNumber['numberType'][] = ['callingPlan', 'operatorConnect', 'directRouting', 'unknown'];

/** What the tab, the bot and the CLI call each number type. */
export const NUMBER_TYPE_LABELS: Readonly<Record<TenantNumber['numberType'], string>> = {
  callingPlan: 'Calling Plan',
  operatorConnect: 'Operator Connect',
  directRouting: 'Direct Routing',
  unknown: 'of unknown type',
};

/** The numbers per type (the types the tenant has, in one order): the snapshot header keeps them for "how many numbers are free?". */
export function countNumbers(numbers: readonly TenantNumber[]): NumberTypeCount[] {
  const byType = new Map<TenantNumber['numberType'], NumberTypeCount>();
  for (const n of numbers) {
    const type = NUMBER_TYPE_ORDER.includes(n.numberType) ? n.numberType : 'unknown';
    let c = byType.get(type);
    if (!c) byType.set(type, (c = { numberType: type, total: 0, free: 0, users: 0, services: 0 }));
    c.total++;
    if (n.assignmentStatus === 'unassigned') c.free++;
    else if (n.assignmentStatus === 'userAssigned') c.users++;
    else c.services++;
  }
  return NUMBER_TYPE_ORDER.flatMap((t) => byType.get(t) ?? []);
}

export function countSnapshot(snapshot: TenantSnapshot): SnapshotCounts {
  let users = 0;
  let sharedDevices = 0;
  let teamsPhoneEnabled = 0;
  for (const p of snapshot.people) {
    // A shared device's licence includes Teams Phone, but it is no one's: counted apart.
    if (p.sharedDevice) {
      sharedDevices++;
      continue;
    }
    if (p.kind === 'user') users++;
    if (p.teamsPhone !== 'none') teamsPhoneEnabled++;
  }
  return {
    people: snapshot.people.length,
    users,
    resourceAccounts: snapshot.people.length - users - sharedDevices,
    ...(sharedDevices && { sharedDevices }),
    teamsPhoneEnabled,
    sites: snapshot.sites.length,
    numbers: snapshot.numbers.length,
    unmappedPeople: snapshot.unmappedPeople.length,
    warnings: snapshot.warnings.length,
  };
}
