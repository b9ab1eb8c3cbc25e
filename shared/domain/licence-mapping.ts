/**
 * Licensing facts the planner needs (Teams Phone enabled / in grace, Calling Plan, resource account
 * licence), from either of Graph's two views of a user's licences:
 * - `assignedPlans`: every service plan of every licence, each with its capabilityStatus (Warning =
 *   grace period). Complete on its own, but a user with a Microsoft 365 E5 licence carries about 50 of
 *   them, so reading it for a whole tenant downloads ten times the rest of the directory.
 * - `assignedLicenses` (SKU ids and the plans disabled in each) read against the tenant's
 *   `/subscribedSkus` (each SKU's service plans and capabilityStatus): a few entries per user.
 * The identifiers live in microsoft-ids.ts; this file only says how they translate.
 */
import { CALLING_PLAN_SERVICE_NAME_PREFIX, CALLING_PLAN_SERVICE_PLANS, OTHER_SERVICE_PLANS, SERVICE_PLANS, SKUS } from './microsoft-ids';
import type { TeamsPhoneLicence } from './tenant-snapshot';

/** Graph's assignedPlan, with every field optional because directories return nulls. */
export interface AssignedPlanLike {
  servicePlanId?: string | null;
  service?: string | null;
  capabilityStatus?: string | null;
  servicePlanName?: string | null;
}

/** Graph's assignedLicense. */
export interface AssignedLicenceLike {
  skuId?: string | null;
  disabledPlans?: (string | null)[] | null;
}

/** Graph's subscribedSku, as far as licences are concerned. */
export interface SubscribedSkuLike {
  skuId?: string | null;
  skuPartNumber?: string | null;
  /** User or Company: only User SKUs are assigned to people. */
  appliesTo?: string | null;
  capabilityStatus?: string | null;
  servicePlans?: ({ servicePlanId?: string | null; servicePlanName?: string | null } | null)[] | null;
}

export interface LicenceFacts {
  teamsPhone: TeamsPhoneLicence;
  callingPlan: boolean;
  resourceAccountLicence: boolean;
  /**
   * No Teams Phone, but a licence the user holds includes it with the plan turned off (an admin
   * disabled it, as is common for E5 users without a phone): turning it on needs no new licence. Known
   * only from `assignedLicenses` (assignedPlans does not list a disabled plan).
   */
  teamsPhoneTurnedOff?: true;
  /**
   * Holds Microsoft Teams Shared Devices: the account of a common area phone (or another shared device),
   * not a person. Known only from `assignedLicenses` (its service plans are a person's too).
   */
  sharedDevice?: true;
}

const ACTIVE = new Set(['enabled', 'warning']);

type VoicePlan = 'teamsPhone' | 'resourceAccount' | 'callingPlan';

/**
 * Plans named like a Calling Plan that are Communications Credits (prepaid funds for toll-free and
 * pay-per-minute calls): holding them lets no one make calls, so they must not pass for a Calling Plan.
 */
const COMMUNICATIONS_CREDITS_PLAN_NAMES: ReadonlySet<string> = new Set(['MCOPSTNC', 'MCOPSTNPP']);

/** What a service plan means to the planner, if anything. */
function voicePlanKind(servicePlanId: string, servicePlanName: string | null | undefined): VoicePlan | undefined {
  if (servicePlanId === SERVICE_PLANS.teamsPhone) return 'teamsPhone';
  if (servicePlanId === SERVICE_PLANS.teamsPhoneResourceAccount) return 'resourceAccount';
  if (CALLING_PLAN_SERVICE_PLANS.has(servicePlanId)) return 'callingPlan';
  const name = (servicePlanName ?? '').toUpperCase();
  if (servicePlanId === OTHER_SERVICE_PLANS.MCOPSTNC || COMMUNICATIONS_CREDITS_PLAN_NAMES.has(name)) return undefined;
  if (name.startsWith(CALLING_PLAN_SERVICE_NAME_PREFIX)) return 'callingPlan';
  return undefined;
}

export function licenceFacts(plans: readonly (AssignedPlanLike | null)[] | null | undefined): LicenceFacts {
  let teamsPhone: TeamsPhoneLicence = 'none';
  let callingPlan = false;
  let resourceAccountLicence = false;
  for (const plan of plans ?? []) {
    if (!plan) continue;
    const status = (plan.capabilityStatus ?? '').toLowerCase();
    if (!ACTIVE.has(status)) continue;
    const kind = voicePlanKind((plan.servicePlanId ?? '').toLowerCase(), plan.servicePlanName);
    if (kind === 'teamsPhone') {
      // One Enabled assignment wins over a second one in grace.
      if (status === 'enabled') teamsPhone = 'enabled';
      else if (teamsPhone === 'none') teamsPhone = 'grace';
    } else if (kind === 'resourceAccount') {
      resourceAccountLicence = true;
    } else if (kind === 'callingPlan') {
      callingPlan = true;
    }
  }
  return { teamsPhone, callingPlan, resourceAccountLicence };
}

/** A tenant's SKUs reduced to the service plans that mean something to the planner, by SKU id. */
export type SkuIndex = ReadonlyMap<string, readonly AssignedPlanLike[]>;

/**
 * Indexes `/subscribedSkus`. Every plan of a SKU takes the SKU's capabilityStatus: a subscription in
 * its grace period (Warning) puts every plan of every licence of it in grace, as assignedPlans shows.
 */
export function indexSkus(skus: readonly (SubscribedSkuLike | null)[]): SkuIndex {
  const index = new Map<string, AssignedPlanLike[]>();
  for (const sku of skus) {
    const skuId = (sku?.skuId ?? '').toLowerCase();
    if (!skuId || (sku!.appliesTo ?? 'User').toLowerCase() !== 'user') continue;
    const plans: AssignedPlanLike[] = [];
    for (const plan of sku!.servicePlans ?? []) {
      const servicePlanId = (plan?.servicePlanId ?? '').toLowerCase();
      if (servicePlanId && voicePlanKind(servicePlanId, plan!.servicePlanName)) {
        plans.push({ servicePlanId, servicePlanName: plan!.servicePlanName, capabilityStatus: sku!.capabilityStatus });
      }
    }
    index.set(skuId, plans);
  }
  return index;
}

/**
 * The facts from a user's licences. `unknownSkus` counts licences whose SKU the tenant does not list
 * (their plans cannot be known, so they count for nothing).
 */
export function licenceFactsFromLicences(licences: readonly (AssignedLicenceLike | null)[] | null | undefined, skus: SkuIndex): LicenceFacts & { unknownSkus: number } {
  const plans: AssignedPlanLike[] = [];
  let unknownSkus = 0;
  let teamsPhoneDisabled = false;
  for (const licence of licences ?? []) {
    const skuPlans = skus.get((licence?.skuId ?? '').toLowerCase());
    if (!skuPlans) {
      if (licence?.skuId) unknownSkus++;
      continue;
    }
    for (const plan of skuPlans) {
      if (!licence!.disabledPlans?.some((d) => (d ?? '').toLowerCase() === plan.servicePlanId)) plans.push(plan);
      else if (plan.servicePlanId === SERVICE_PLANS.teamsPhone && ACTIVE.has((plan.capabilityStatus ?? '').toLowerCase())) teamsPhoneDisabled = true;
    }
  }
  const facts = licenceFacts(plans);
  const sharedDevice = (licences ?? []).some((l) => (l?.skuId ?? '').toLowerCase() === SKUS.teamsSharedDevices);
  return {
    ...facts,
    ...(teamsPhoneDisabled && facts.teamsPhone === 'none' && { teamsPhoneTurnedOff: true as const }),
    ...(sharedDevice && { sharedDevice: true as const }),
    unknownSkus,
  };
}

/** Reads users' `assignedLicenses` against the tenant's SKUs, counting the users with a SKU it does not list. */
export class LicencesBySku {
  usersWithUnknownSkus = 0;
  /** Tenants hand out a handful of licence combinations to thousands of users: each is worked out once. */
  private readonly byCombination = new Map<string, LicenceFacts & { unknownSkus: number }>();
  constructor(readonly skus: SkuIndex) {}

  /** The facts of these licences; callers copy the fields and must not change the object. */
  factsOf(licences: readonly (AssignedLicenceLike | null)[] | null | undefined): Readonly<LicenceFacts> {
    let key = '';
    for (const l of licences ?? []) key += `${l?.skuId ?? ''}:${l?.disabledPlans?.join(',') ?? ''};`;
    let facts = this.byCombination.get(key);
    if (facts === undefined) this.byCombination.set(key, (facts = licenceFactsFromLicences(licences, this.skus)));
    if (facts.unknownSkus > 0) this.usersWithUnknownSkus++;
    return facts;
  }
}

/**
 * The capabilityStatus of each SKU that carries a plan the planner reads, by SKU id (every plan of an
 * indexed SKU carries its SKU's status). A sync keeps it: a SKU entering or leaving its grace period
 * changes no user object, so an incremental sync that sees it changed must read everyone again.
 */
export function voiceSkuStates(skus: SkuIndex): Record<string, string> {
  const states: Record<string, string> = {};
  for (const skuId of [...skus.keys()].sort()) {
    const plans = skus.get(skuId)!;
    if (plans.length) states[skuId] = plans[0].capabilityStatus ?? '';
  }
  return states;
}

/** What a licence seat is for, as the planner counts seats: Teams Phone, a Calling Plan, a resource account. */
export type SeatKind = VoicePlan;

/**
 * A subscription (SKU) that includes a voice plan, with its seats as `/subscribedSkus` gives them:
 * `enabled` and `warning` (in its grace period) can be assigned, `consumed` are assigned already.
 */
export interface SkuSeats {
  skuId: string;
  skuPartNumber: string;
  /** The voice plans it includes (Microsoft 365 E5 includes Teams Phone). */
  kinds: SeatKind[];
  capabilityStatus: string;
  enabled: number;
  warning: number;
  consumed: number;
}

/** The seats of each User SKU that includes a voice plan, by SKU id; Company SKUs are never assigned to people. */
export function voiceSkuSeats(skus: readonly (SubscribedSkuLike & { consumedUnits?: number | null; prepaidUnits?: { enabled?: number; warning?: number } | null } | null)[]): SkuSeats[] {
  const out: SkuSeats[] = [];
  for (const sku of skus) {
    const skuId = (sku?.skuId ?? '').toLowerCase();
    if (!skuId || (sku!.appliesTo ?? 'User').toLowerCase() !== 'user') continue;
    const kinds = new Set<SeatKind>();
    for (const plan of sku!.servicePlans ?? []) {
      const kind = voicePlanKind((plan?.servicePlanId ?? '').toLowerCase(), plan?.servicePlanName);
      if (kind) kinds.add(kind);
    }
    if (!kinds.size) continue;
    const count = (n: number | null | undefined) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);
    out.push({
      skuId,
      skuPartNumber: sku!.skuPartNumber ?? skuId,
      kinds: [...kinds].sort(),
      capabilityStatus: sku!.capabilityStatus ?? '',
      enabled: count(sku!.prepaidUnits?.enabled),
      warning: count(sku!.prepaidUnits?.warning),
      consumed: count(sku!.consumedUnits),
    });
  }
  return out.sort((a, b) => (a.skuId < b.skuId ? -1 : 1));
}
