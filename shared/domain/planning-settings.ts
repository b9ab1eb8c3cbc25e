/**
 * Planning settings: one versioned JSON document per tenant that the tab edits, the CLI reads and an
 * admin can keep in version control. The zod schema here is the single source of truth; the published
 * JSON Schema (schemas/planning-settings.schema.json) is generated from it. Objects are strict: an
 * unknown key in a hand-edited file is a typo to report, not something to drop silently. Referential
 * checks (unknown operators, SBCs, sites, contradictory overrides) live in decisions/settings-validation.
 */
import { z } from 'zod';
import { E164_PATTERN } from './e164';
import { UPN_PATTERN } from './upn';
import { FQDN_PATTERN } from './fqdn';
import { minutesOfDay, QUARTER_HOUR } from './business-hours';
import { parseSubnet } from './network-subnets';
import { callParkProblem, TEAMS_CALL_PARK } from './call-park';

/** A real calendar date (2026-02-30 is refused), so every later date computation can trust it. */
function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as yyyy-mm-dd')
  .refine(isCalendarDate, 'not a calendar date');
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter ISO country code, e.g. US');
const money = z.number().min(0);

export const PstnPathSchema = z.enum(['OC', 'DR', 'CP', 'PBX']);
export type PstnPath = z.infer<typeof PstnPathSchema>;

export const OperatorSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  countries: z.array(countryCode).min(1),
  /** Calendar days from a complete port request to the port date. */
  portLeadTimeDays: z.number().int().min(0),
  pricePerUserPerMonth: money,
  /** operator: the operator manages (and may lock) emergency addresses; tenant: the admin does. */
  emergencyAddressModel: z.enum(['operator', 'tenant']).default('tenant'),
  /** The admin has enabled this operator in the Teams admin center for these countries. */
  enabledCountries: z.array(countryCode).default([]),
});
export type Operator = z.infer<typeof OperatorSchema>;

const fqdn = z.string().regex(FQDN_PATTERN, 'expected a fully qualified domain name');

export const SbcSchema = z.strictObject({
  id: z.string().min(1),
  fqdn,
  sipSignalingPort: z.number().int().min(1).max(65535).default(5061),
  /** Sites (ids) or countries (ISO codes) served by this SBC. */
  siteIds: z.array(z.string()).default([]),
  countries: z.array(countryCode).default([]),
  carriers: z.array(z.string()).default([]),
  licensedSessions: z.number().int().min(0).default(0),
  pricePerSessionPerYear: money,
  teamsAddOnPerSessionPerYear: money.default(0),
  /** Estimated carrier cost per user per month behind this SBC (minutes, channels). */
  carrierCostPerUserPerMonth: money.default(0),
  /** One SBC shared by many customer tenants (MSP-delivered). */
  multiTenant: z.boolean().default(false),
  /**
   * The site the SBC stands at: its network site as a PSTN gateway, which Location-Based Routing needs
   * (location-based-routing.ts). Absent: the one site of siteIds when it has exactly one.
   */
  networkSite: z.string().min(1).optional(),
  /**
   * Local Media Optimization: the SBC's media bypass mode, which keeps a call's media on the site's own
   * network. Always: for every user; OnlyForLocalUsers: for users at the SBC's network site, the others'
   * media through the proxy SBC. It tells the two apart by network site, so the site the SBC stands at
   * must list its subnets. Absent: no Local Media Optimization.
   */
  bypassMode: z.enum(['Always', 'OnlyForLocalUsers']).optional(),
  /**
   * For a downstream SBC (a branch's, behind a central one): the id of the SBC Teams reaches it through.
   * Both use Local Media Optimization; the proxy has no proxy of its own.
   */
  proxySbc: z.string().min(1).optional(),
  /** The SBC is configured and paired with the tenant from this date. */
  readyDate: isoDate.optional(),
  voiceRoutingPolicy: z.string().min(1).optional(),
});
export type Sbc = z.infer<typeof SbcSchema>;

export const CallingPlanCountrySchema = z.strictObject({
  country: countryCode,
  pricePerUserPerMonth: money,
  /**
   * Calendar days from a complete port request to Microsoft to the port date, for the PBX numbers that
   * become Calling Plan numbers in this country (DEFAULT_CALLING_PLAN_PORT_LEAD_DAYS when absent).
   */
  portLeadTimeDays: z.number().int().min(0).optional(),
});

/** The UPN a resource account is named by in the settings. */
const resourceAccountUpn = z.string().regex(UPN_PATTERN, 'expected the UPN of a resource account, such as aa-amsterdam@contoso.com');

/** One range of a site's business hours (business-hours.ts): on these weekdays, from .. to, in the site's time zone. */
export const BusinessHoursRangeSchema = z
  .strictObject({
    /** 1 = Monday ... 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    from: z.string().regex(QUARTER_HOUR, 'expected a time on the quarter hour as hh:mm, 00:00 to 23:45'),
    to: z.string().regex(QUARTER_HOUR, 'expected a time on the quarter hour as hh:mm, up to 24:00'),
  })
  .superRefine((r, ctx) => {
    if (QUARTER_HOUR.test(r.from) && QUARTER_HOUR.test(r.to) && minutesOfDay(r.to) <= minutesOfDay(r.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `the hours end (${r.to}) before they start (${r.from})` });
    }
  });

/**
 * Who is told when someone at the site calls emergency services (Teams' security desk notification, an
 * emergency calling policy): what Kari's Law asks of a US site. The runbook makes the site's emergency
 * calling policy with it.
 */
export const SecurityDeskSchema = z.strictObject({
  /** Email addresses of the people or groups notified (the policy's NotificationGroup). */
  notify: z.array(z.string().regex(UPN_PATTERN, 'expected the email address of a person or a group, such as security@contoso.com')).min(1).max(50),
  /** Notified only, or also conferenced into the call (muted or not). */
  mode: z.enum(['NotificationOnly', 'ConferenceMuted', 'ConferenceUnMuted']).default('NotificationOnly'),
  /** A PSTN number also called into the emergency call (conference modes only), E.164. */
  dialOutNumber: z.string().regex(E164_PATTERN, 'expected an E.164 number such as +14255550100').optional(),
});
export type SecurityDesk = z.infer<typeof SecurityDeskSchema>;

/**
 * Shared Calling at a site: its people with no number of their own (extension-only lines on the PBX)
 * move to Teams without one, calling out as the site's main number and reached through its auto
 * attendant (Teams' shared calling routing policy). An emergency call takes one of the callback numbers
 * as its caller id for an hour, so the emergency services reach the caller directly.
 */
export const SharedCallingSchema = z.strictObject({
  /** Numbers of the same type and country as the main number, in the tenant and assigned to nobody, E.164. */
  emergencyCallbackNumbers: z.array(z.string().regex(E164_PATTERN, 'expected an E.164 number such as +14255550100')).min(1).max(50),
});
export type SharedCalling = z.infer<typeof SharedCallingSchema>;

/**
 * Call park for the site's people, who parked calls on the PBX (call-park.ts): the cutover grants them a
 * call park policy that allows it. Each field is optional: Teams' default where absent.
 */
export const CallParkSchema = z
  .strictObject({
    /** The pickup codes Teams hands out, e.g. the PBX's park range 700-799 (10-9999; Teams' default 10-99). */
    pickupRangeStart: z.number().int().min(TEAMS_CALL_PARK.pickupCodes.min).max(TEAMS_CALL_PARK.pickupCodes.max).optional(),
    pickupRangeEnd: z.number().int().min(TEAMS_CALL_PARK.pickupCodes.min).max(TEAMS_CALL_PARK.pickupCodes.max).optional(),
    /** How long a parked call waits before it rings back the person who parked it (120-1800 s; Teams' default 300). */
    parkTimeoutSeconds: z.number().int().min(TEAMS_CALL_PARK.parkTimeoutSeconds.min).max(TEAMS_CALL_PARK.parkTimeoutSeconds.max).optional(),
  })
  .superRefine((c, ctx) => {
    const problem = callParkProblem(c);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });

/** One subnet, "address/bits", the network address itself (network-subnets.ts). */
const SubnetSchema = z.string().superRefine((text, ctx) => {
  const parsed = parseSubnet(text);
  if (parsed.error !== undefined) ctx.addIssue({ code: 'custom', message: parsed.error });
});

export const SiteAttributesSchema = z.strictObject({
  siteId: z.string().min(1),
  complianceRecording: z.boolean().default(false),
  lawfulIntercept: z.boolean().default(false),
  dataResidency: z.boolean().default(false),
  contactCentre: z.boolean().default(false),
  keepCarrierContract: z.boolean().default(false),
  /** The PBX at this site stays in service (for some lines or for good). */
  pbxStays: z.boolean().default(false),
  /** The PBX at this site is switched off on this date: everyone must be moved before it. */
  pbxDecommissionDate: isoDate.optional(),
  emergencyAddress: z.enum(['validated', 'pending', 'missing']).default('missing'),
  /**
   * The site's emergency location in Teams (`Get-CsOnlineLisLocation`'s LocationId, a GUID): the cutover
   * runbooks give it to the site's Operator Connect and Calling Plan numbers as they assign them
   * (`Set-CsPhoneNumberAssignment -LocationId`), and move an assigned number to it when it has another.
   */
  emergencyLocationId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected the LocationId of Get-CsOnlineLisLocation, a GUID such as 9bd1a5b0-6a2d-4f1e-8c3a-0e5d1f2a3b4c')
    .optional(),
  /** DR sites: emergency call routing (policy + 911/112 route) exists. */
  emergencyRouting: z.boolean().default(false),
  /** Who is told of an emergency call from the site (SecurityDeskSchema). */
  securityDesk: SecurityDeskSchema.optional(),
  /**
   * The UPN of a resource account the tenant already has for this site's auto attendant: the site's main
   * number goes to it (and to the auto attendant it answers for) instead of a new `aa-<site>` account.
   */
  autoAttendantAccount: resourceAccountUpn.optional(),
  /**
   * Who answers "0" at the site's auto attendant: the UPN of a person (the receptionist) or of a resource
   * account (the reception's call queue). Absent: its menu has no operator.
   */
  operator: z.string().regex(UPN_PATTERN, 'expected the UPN of a person or a resource account, such as reception@contoso.com').optional(),
  /**
   * When the site is open, in its time zone: its main number's new auto attendant answers outside these
   * hours with an after-hours greeting (Teams' after-hours call flow). Absent: open at all hours.
   */
  businessHours: z.array(BusinessHoursRangeSchema).min(1).max(14).optional(),
  /**
   * The site's IP subnets (network-subnets.ts), "10.20.0.0/16" or "2001:db8:20::/48": the tenant setup makes
   * the site a Teams network site with them, for Location-Based Routing, and ties them to the site's
   * emergency location (dynamic emergency calling) when it has one.
   */
  subnets: z.array(SubnetSchema).min(1).max(500).optional(),
  /**
   * Direct Routing at the site runs under Location-Based Routing (location-based-routing.ts). Absent: on in
   * countries that restrict toll bypass (India), off elsewhere.
   */
  locationBasedRouting: z.boolean().optional(),
  /**
   * The Survivable Branch Appliances at the site (FQDNs): when the site loses its link to Microsoft, its
   * Direct Routing users keep calling through them. The tenant setup registers them at the site's network
   * site (so the site lists its subnets) and the cutover grants its Direct Routing users their policy.
   */
  survivableBranchAppliances: z.array(fqdn).min(1).max(10).optional(),
  /**
   * Shared Calling for the site's people with no number of their own (SharedCallingSchema): they move with
   * the site's main number, in its wave. Absent: they are blocked until they get a number.
   */
  sharedCalling: SharedCallingSchema.optional(),
  /** The site's people parked calls on the PBX: the cutover grants them a call park policy (CallParkSchema). */
  callPark: CallParkSchema.optional(),
  /** Region code for holidays (date-holidays state code, e.g. "WA" in US, "BY" in DE). */
  region: z.string().optional(),
});
export type SiteAttributes = z.infer<typeof SiteAttributesSchema>;

export const CallQueueAccountSchema = z.strictObject({
  /** The PBX group, as the inventory names it (`hunt-group:<name>` or `call-centre:<name>`). */
  groupId: z.string().min(1),
  /** The UPN of the tenant's resource account for its call queue. */
  account: resourceAccountUpn,
});
export type CallQueueAccount = z.infer<typeof CallQueueAccountSchema>;

export const SiteDecisionSchema = z.strictObject({
  siteId: z.string().min(1),
  path: PstnPathSchema,
  operatorId: z.string().optional(),
  sbcId: z.string().optional(),
  voiceRoutingPolicy: z.string().optional(),
  /** Stay on the PBX until this date (path PBX). */
  stayUntil: isoDate.optional(),
  note: z.string().optional(),
});
export type SiteDecision = z.infer<typeof SiteDecisionSchema>;

export const UserOverrideSchema = z.strictObject({
  /** Entra object id or UPN. */
  user: z.string().min(1),
  path: PstnPathSchema,
  operatorId: z.string().optional(),
  sbcId: z.string().optional(),
  voiceRoutingPolicy: z.string().optional(),
  /** Stay on the PBX until this date (path PBX). */
  stayUntil: isoDate.optional(),
  reason: z.string().min(1, 'an override needs a reason'),
});
export type UserOverride = z.infer<typeof UserOverrideSchema>;

/** One site or one migration group (exactly one of the two) to cut over in a given wave. */
export const WavePinSchema = z
  .strictObject({
    siteId: z.string().min(1).optional(),
    groupId: z.string().min(1).optional(),
    /** The wave number as the plan numbers them: 0 = the pilot, then 1, 2, ... */
    wave: z.number().int().min(0),
    reason: z.string().optional(),
  })
  .refine((p) => (p.siteId === undefined) !== (p.groupId === undefined), { message: 'a pin names either a siteId or a groupId', path: ['siteId'] });
export type WavePin = z.infer<typeof WavePinSchema>;

/** A site kept out of a date range (inclusive): no wave cuts it over from `from` to `to`. */
export const SiteBlackoutSchema = z
  .strictObject({ siteId: z.string().min(1), from: isoDate, to: isoDate, reason: z.string().optional() })
  .refine((b) => b.from <= b.to, { message: 'the range ends before it starts', path: ['to'] });
export type SiteBlackout = z.infer<typeof SiteBlackoutSchema>;

export const SchedulingSchema = z.strictObject({
  startDate: isoDate,
  pilot: z
    .object({
      users: z.array(z.string()).default([]),
      department: z.string().optional(),
      siteId: z.string().optional(),
      size: z.number().int().min(0).default(0),
    })
    .default({ users: [], size: 0 }),
  waveCapacity: z
    .object({
      users: z.number().int().min(0).default(500),
      sites: z.number().int().min(0).default(10),
      numbers: z.number().int().min(0).default(999),
    })
    .default({ users: 500, sites: 10, numbers: 999 }),
  minDaysBetweenWaves: z.number().int().min(0).default(7),
  /** 1 = Monday ... 7 = Sunday. */
  cutoverWeekdays: z.array(z.number().int().min(1).max(7)).min(1).default([2, 3, 4]),
  /** Local cutover time at the sites, a real time of day 00:00-23:59 ("25:99" is refused). */
  cutoverTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as hh:mm, 00:00 to 23:59').default('19:00'),
  changeFreezes: z.array(z.strictObject({ from: isoDate, to: isoDate, reason: z.string().optional() })).default([]),
  /** Site ordering: the first criterion that differs decides. */
  sitePriority: z
    .array(z.enum(['pilot-site', 'readiness', 'size-asc', 'size-desc', 'path', 'decommission-date', 'name']))
    .default(['pilot-site', 'decommission-date', 'readiness', 'size-asc', 'name']),
  /** Days before the wave by which a DR number upload must be done. */
  drUploadLeadDays: z.number().int().min(0).default(3),
  maxWaves: z.number().int().min(1).default(200),
  /**
   * Sites or migration groups the admin placed in a given wave (0 = the pilot). Optional and without a
   * default, so settings that never used pins parse, store and plan exactly as before.
   */
  pins: z.array(WavePinSchema).optional(),
  /** Date ranges in which a site must not cut over (a site's own freeze: a merger, a trading peak). */
  blackouts: z.array(SiteBlackoutSchema).optional(),
});
export type Scheduling = z.infer<typeof SchedulingSchema>;

/**
 * Who may ask the bot besides Teams and Global administrators: read-only viewers (project leads). They
 * get answers and reminders, never changes. Optional and without a default, so settings that never
 * named viewers parse, store and plan exactly as before.
 */
export const AccessSchema = z.strictObject({
  /** Users by Entra object id or user principal name. */
  viewers: z.array(z.string().trim().min(1).max(320)).default([]),
  /** Entra groups (object ids) whose members, direct or nested, are viewers. */
  viewerGroups: z
    .array(z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'expected an Entra group object id (a GUID)'))
    .default([]),
});
export type Access = z.infer<typeof AccessSchema>;

export const PlanningSettingsSchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1).default(1),
  tenant: z
    .object({
      /** Graph cloud: OC is not offered in GCC High / DoD. */
      cloud: z.enum(['global', 'gcc', 'gcc-high', 'dod', 'china']).default('global'),
      /** Delivered by an MSP (multi-tenant SBC available). */
      mspDelivered: z.boolean().default(false),
      /** Sites at or under this size may take Calling Plan where offered. */
      smallSiteMaxUsers: z.number().int().min(0).default(10),
      /**
       * The public (internet-facing) IP addresses of the organisation's network, "198.51.100.0/28": Teams
       * looks for a client's network site (Location-Based Routing, dynamic emergency calling) only when the
       * client reaches it from one of them. The tenant setup adds them (New-CsTenantTrustedIPAddress).
       */
      trustedIps: z.array(SubnetSchema).min(1).max(8000).optional(),
    })
    .default({ cloud: 'global', mspDelivered: false, smallSiteMaxUsers: 10 }),
  operators: z.array(OperatorSchema).default([]),
  sbcs: z.array(SbcSchema).default([]),
  callingPlan: z.array(CallingPlanCountrySchema).default([]),
  sites: z.array(SiteAttributesSchema).default([]),
  traffic: z
    .object({
      erlangPerUser: z.number().min(0).max(1).default(0.05),
      gradeOfService: z.number().gt(0).lt(1).default(0.01),
    })
    .default({ erlangPerUser: 0.05, gradeOfService: 0.01 }),
  /** Cost assumptions that are not a property of one operator, SBC or country. */
  costs: z
    .object({
      /** Currency of every price in this document (display only: no conversion is done). */
      currency: z.string().regex(/^[A-Z]{3}$/, 'expected a three-letter ISO currency code, e.g. USD').default('USD'),
      /** What keeping a user on the PBX costs per month (maintenance, trunks); 0 = not modelled. */
      pbxPerUserPerMonth: money.default(0),
    })
    .default({ currency: 'USD', pbxPerUserPerMonth: 0 }),
  decisions: z
    .object({
      sites: z.array(SiteDecisionSchema).default([]),
      users: z.array(UserOverrideSchema).default([]),
    })
    .default({ sites: [], users: [] }),
  scheduling: SchedulingSchema.optional(),
  /**
   * Resource accounts the tenant already has for the call queues that replace PBX groups: the queue of a
   * hunt group or call-centre team named here is set up on that account (and the queue it answers for)
   * instead of a new `cq-<group>` account.
   */
  callQueueAccounts: z.array(CallQueueAccountSchema).optional(),
  access: AccessSchema.optional(),
});
export type PlanningSettings = z.infer<typeof PlanningSettingsSchema>;
export type PlanningSettingsInput = z.input<typeof PlanningSettingsSchema>;
