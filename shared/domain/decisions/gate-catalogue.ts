/**
 * The readiness gates' catalogue: one entry per code with its severity, scope, paths, a short label
 * (`summary`) and the fix. Apart from the checks (readiness-gates.ts) and free of their dependencies, so
 * the tab and the bot show "No Teams Phone licence" where they would otherwise show a code.
 */
import type { ReadinessSeverity } from '../decision-types';
import type { PstnPath } from '../planning-settings';

export interface GateDefinition {
  code: string;
  severity: ReadinessSeverity;
  scope: 'person' | 'site';
  /** Paths the gate applies to. */
  paths: readonly PstnPath[];
  summary: string;
  fix: string;
}

const MOVING: readonly PstnPath[] = ['OC', 'DR', 'CP'];

/** The catalogue: one entry per code, so the README, the tab and the tests share one list. */
export const READINESS_GATES = [
  { code: 'account-disabled', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'The account is disabled', fix: 'Enable the account in Entra ID, or remove the person from the migration.' },
  { code: 'no-teams-phone-licence', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'No Teams Phone licence', fix: 'Assign a Teams Phone (MCOEV) licence, e.g. Teams Phone Standard or an E5.' },
  { code: 'teams-phone-turned-off', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'Teams Phone turned off in the licence held', fix: 'Turn the Teams Phone service plan on in the licence the person holds (Microsoft 365 admin center: the user, Licenses and apps); no new licence is needed.' },
  { code: 'teams-phone-licence-grace', severity: 'warning', scope: 'person', paths: MOVING, summary: 'Teams Phone licence only in its grace period', fix: 'Renew the subscription or assign a licence that is not expiring before cutover.' },
  { code: 'no-usage-location', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'No usage location', fix: 'Set usageLocation in Entra ID to the country of the person’s number.' },
  { code: 'usage-location-mismatch', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'Usage location differs from the number’s country', fix: 'Set usageLocation to the number’s country, or plan a number from the usage-location country.' },
  { code: 'cp-without-licence', severity: 'blocker', scope: 'person', paths: ['CP'], summary: 'Calling Plan path without a Calling Plan licence', fix: 'Assign a Calling Plan licence, or choose Operator Connect or Direct Routing for the person.' },
  { code: 'number-synced-from-on-prem', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'The number is synced from on-premises AD', fix: 'Clear the number (msRTCSIP-Line / telephoneNumber) in on-premises AD and let it sync before assigning it in Teams.' },
  { code: 'number-assigned-to-other', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'The number is already assigned to someone else in Teams', fix: 'Unassign the number from its current holder (Remove-CsPhoneNumberAssignment) or plan another number.' },
  { code: 'number-planned-twice', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'The same number is planned for several people', fix: 'Correct the PBX line owners or business phones so each number belongs to one person.' },
  { code: 'no-number', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'No number to assign', fix: 'Match the person to a PBX line with a DID, order a new number for them, or give their site Shared Calling (sites[].sharedCalling): they then call out as its main number.' },
  { code: 'shared-calling-no-main-number', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'Shared Calling without a main number at the site', fix: 'Import the PBX lines that give the site its main number (its auto attendant line, or the number its lines ring through with an extension), or give the person a number of their own.' },
  { code: 'resource-account-no-number', severity: 'warning', scope: 'person', paths: MOVING, summary: 'Resource account without a number', fix: 'Fine for an internal-only auto attendant or call queue; otherwise order or port a number for it.' },
  { code: 'not-teams-only', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'Not in TeamsOnly mode', fix: 'Grant-CsTeamsUpgradePolicy -PolicyName UpgradeToTeams -Identity <user>.' },
  { code: 'resource-account-no-licence', severity: 'blocker', scope: 'person', paths: MOVING, summary: 'Resource account without a Teams Phone Resource Account licence', fix: 'Assign the free Teams Phone Resource Account licence to the resource account.' },
  { code: 'oc-without-operator', severity: 'blocker', scope: 'person', paths: ['OC'], summary: 'Operator Connect path without an operator', fix: 'Name the operator in the site decision or the user override.' },
  { code: 'dr-without-sbc', severity: 'blocker', scope: 'person', paths: ['DR'], summary: 'Direct Routing path without an SBC', fix: 'Name the SBC in the site decision or the user override, or add an SBC serving the site.' },
  { code: 'dr-without-voice-routing-policy', severity: 'warning', scope: 'person', paths: ['DR'], summary: 'Direct Routing path without a voice routing policy', fix: 'Set voiceRoutingPolicy on the decision, the override or the SBC.' },
  { code: 'no-site', severity: 'warning', scope: 'person', paths: MOVING, summary: 'Not mapped to a site: emergency readiness cannot be checked', fix: 'Map the person to a site (office location or a mapping rule).' },
  { code: 'site-no-emergency-address', severity: 'blocker', scope: 'site', paths: ['OC', 'CP'], summary: 'Site without an emergency address', fix: 'Create the civic address (New-CsOnlineLisCivicAddress) and validate it; for operator-managed addresses, ask the operator.' },
  { code: 'site-emergency-address-pending', severity: 'blocker', scope: 'site', paths: ['OC', 'CP'], summary: 'Site emergency address not validated yet', fix: 'Finish validating the civic address, then mark it validated in the settings.' },
  { code: 'site-no-emergency-routing', severity: 'blocker', scope: 'site', paths: ['DR'], summary: 'Direct Routing site without emergency call routing', fix: 'Run the tenant setup, which makes the emergency call routing policy of the site’s country and SBC (its emergency numbers, as dialed, to the SBC) and the cutover grants it; check an emergency test call with the carrier, then set emergencyRouting in the settings.' },
  { code: 'site-no-security-desk', severity: 'warning', scope: 'site', paths: MOVING, summary: 'US site without a security desk for emergency calls', fix: 'Name who is notified of an emergency call from the site (sites[].securityDesk): Kari’s Law asks that someone on site is told; the runbook makes the site’s emergency calling policy with it.' },
  { code: 'site-lbr-no-subnets', severity: 'blocker', scope: 'site', paths: ['DR'], summary: 'Location-Based Routing site without its subnets', fix: 'List the site’s IP subnets (sites[].subnets), so the tenant setup makes it a network site with Location-Based Routing on; Teams finds a client’s site by its subnet.' },
  { code: 'site-lbr-sbc-elsewhere', severity: 'blocker', scope: 'site', paths: ['DR'], summary: 'Location-Based Routing site whose SBC stands at another site', fix: 'Route the site through an SBC that stands at it (sbcs[].networkSite, or the SBC’s one site in siteIds): under Location-Based Routing a client reaches the PSTN only through a gateway of its own network site.' },
  { code: 'oc-operator-not-in-country', severity: 'blocker', scope: 'site', paths: ['OC'], summary: 'The operator does not serve the site’s country', fix: 'Choose an operator that serves the country, or Direct Routing.' },
  { code: 'oc-operator-not-enabled', severity: 'blocker', scope: 'site', paths: ['OC'], summary: 'The operator is not enabled for the site’s country', fix: 'Enable the operator for the country in the Teams admin center (Voice > Operators), then list the country in enabledCountries.' },
  { code: 'oc-national-cloud', severity: 'blocker', scope: 'site', paths: ['OC'], summary: 'Operator Connect is not offered in the tenant’s national cloud', fix: 'Use Direct Routing for this site.' },
  { code: 'cp-not-offered', severity: 'blocker', scope: 'site', paths: ['CP'], summary: 'Calling Plan is not offered (configured) for the site’s country', fix: 'Add the country to callingPlan if Microsoft offers it there, or choose another path.' },
  { code: 'site-no-country', severity: 'warning', scope: 'site', paths: MOVING, summary: 'The site’s country is unknown', fix: 'Set the site’s address or country so operator, Calling Plan and number checks can run.' },
] as const satisfies readonly GateDefinition[];

export type GateCode = (typeof READINESS_GATES)[number]['code'];

/** The site gates about emergency calls (address, routing, security desk, Location-Based Routing): what "emergency readiness" answers with. */
export const EMERGENCY_GATES: readonly GateCode[] = [
  'site-no-emergency-address',
  'site-emergency-address-pending',
  'site-no-emergency-routing',
  'site-no-security-desk',
  'site-lbr-no-subnets',
  'site-lbr-sbc-elsewhere',
];

/** The plan's own reason to hold a person back, beside the readiness gates: their migration group waits for a blocked member. */
export const GROUP_MEMBER_BLOCKED = 'group-member-blocked';

const LABELS = new Map<string, string>([
  ...READINESS_GATES.map((g): [string, string] => [g.code, g.summary]),
  [GROUP_MEMBER_BLOCKED, 'Moves with a blocked member of their group'],
]);

/** What an admin reads for a gate: its catalogue label, or the code itself for a code this build does not know. */
export function gateLabel(code: string): string {
  return LABELS.get(code) ?? code;
}

/** The label with its code, for a place that also lets the admin type or look up the code ("No usage location (no-usage-location)"). */
export function gateLabelWithCode(code: string): string {
  const label = gateLabel(code);
  return label === code ? code : `${label} (${code})`;
}
