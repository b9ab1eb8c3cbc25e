/**
 * Microsoft identifiers the planner depends on: service plans, SKUs and Entra admin role templates.
 * They are data, not logic: keep every one of them in this table.
 */

export const SERVICE_PLANS = {
  /** Teams Phone (Phone System), MCOEV. Status Warning = grace period. */
  teamsPhone: '4828c8ec-dc2e-4779-b502-87ac9ce28ab7',
  /** Teams itself, TEAMS1. */
  teams: '57ff2da0-773e-42df-b2af-ffb7a2317929',
  /** Teams Phone Resource Account, MCOEV_VIRTUALUSER. */
  teamsPhoneResourceAccount: 'f47330e9-c134-43b3-9993-e7f004506889',
} as const;

/** Application ids a resource account is created with (New-CsOnlineApplicationInstance -ApplicationId). */
export const TEAMS_APPLICATION_IDS = {
  callQueue: '11cd3e2e-fccb-42ad-ad00-878b93575e07',
  autoAttendant: 'ce933385-9390-45d1-9512-c8d228074e07',
} as const;

/** MCOPSTN1, the service plan of the Domestic Calling Plan. */
export const DOMESTIC_CALLING_PLAN_SERVICE_PLAN = '4ed3ff63-69d7-4fb7-b984-5aec7f605ca8';

/** Calling Plan service plans (domestic, international, pay-as-you-go ...): all named MCOPSTN*. */
export const CALLING_PLAN_SERVICE_PLANS: ReadonlySet<string> = new Set([
  '5a10155d-f5c1-411a-a8ec-e99aae125390', // MCOPSTN2 international
  DOMESTIC_CALLING_PLAN_SERVICE_PLAN,
  '54a152dc-90de-4996-93d2-bc47e670fc06', // MCOPSTN5 domestic 120 min
  '3c8a8792-7866-409b-bb61-1b20ace0368b', // MCOPSTN8 pay-as-you-go
]);
/** Service plan names that identify a Calling Plan when the id is not in the table above. */
export const CALLING_PLAN_SERVICE_NAME_PREFIX = 'MCOPSTN';

export const SKUS = {
  teamsPhoneStandard: 'e43b5b99-8dfb-405f-9987-dc307f34bcbd',
  teamsPhoneResourceAccount: '440eaaa8-b3e0-484b-a8be-62870b9ba70a',
  /** Microsoft 365 E5 (SPE_E5): includes Teams Phone. */
  microsoft365E5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  /** Microsoft 365 E3 (SPE_E3): Teams without Teams Phone. */
  microsoft365E3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  /** Microsoft 365 Domestic Calling Plan (MCOPSTN1). */
  domesticCallingPlan: '0dab259f-bf13-4952-b7f8-7db8f131b28d',
  /** Microsoft Teams Shared Devices (MCOCAP): a common area phone's account; includes Teams Phone. */
  teamsSharedDevices: '295a8eb0-f78d-45c7-8b5b-1eed5ed02dff',
  /** Communications Credits (MCOPSTNC): a company-level SKU, never a user's licence. */
  communicationsCredits: '47794cd0-f0e5-45c5-9033-2eb6b5fc84e0',
} as const;

/**
 * Service plans the planner does not interpret but real E3/E5 SKUs carry; the demo tenant lists them so
 * that its SKUs look like a real tenant's.
 */
export const OTHER_SERVICE_PLANS = {
  EXCHANGE_S_ENTERPRISE: 'efb87545-963c-4e0d-99df-69c6916d9eb0',
  SHAREPOINTENTERPRISE: '5dbe027f-2339-4123-9542-606e4d348a72',
  MCOSTANDARD: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c',
  MCOMEETADV: '3e26ee1f-8a5f-4d52-aee2-b81ce45c8f40',
  OFFICESUBSCRIPTION: '43de0ff5-c92c-492b-9116-175376d08c38',
  MCOPSTNC: '505e180f-f7e0-4b65-91d4-00d670bbd18c',
} as const;

/** Entra role template ids (the `wids` claim) allowed to use the planner. */
export const ADMIN_ROLES = {
  globalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  teamsAdministrator: '69091246-20e8-4a56-aa4d-066075b2a7a8',
  teamsCommunicationsAdministrator: 'baf37b3a-610e-45da-9e62-d9d1e5e8914b',
  teamsTelephonyAdministrator: 'aa38014f-0993-46e9-9b45-30501a20909d',
} as const;

export const VOICE_ADMIN_ROLE_IDS: ReadonlySet<string> = new Set(Object.values(ADMIN_ROLES));

export function hasVoiceAdminRole(roleIds: readonly string[]): boolean {
  return roleIds.some((r) => VOICE_ADMIN_ROLE_IDS.has(r.toLowerCase()));
}
