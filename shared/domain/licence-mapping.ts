/**
 * assignedPlans -> the licensing facts the planner needs. The identifiers live in microsoft-ids.ts;
 * this file only says how a plan's capabilityStatus translates (Warning = grace period).
 */
import { CALLING_PLAN_SERVICE_NAME_PREFIX, CALLING_PLAN_SERVICE_PLANS, SERVICE_PLANS } from './microsoft-ids';
import type { TeamsPhoneLicence } from './tenant-snapshot';

/** Graph's assignedPlan, with every field optional because directories return nulls. */
export interface AssignedPlanLike {
  servicePlanId?: string | null;
  service?: string | null;
  capabilityStatus?: string | null;
  servicePlanName?: string | null;
}

export interface LicenceFacts {
  teamsPhone: TeamsPhoneLicence;
  callingPlan: boolean;
  resourceAccountLicence: boolean;
}

const ACTIVE = new Set(['enabled', 'warning']);

export function licenceFacts(plans: readonly (AssignedPlanLike | null)[] | null | undefined): LicenceFacts {
  let teamsPhone: TeamsPhoneLicence = 'none';
  let callingPlan = false;
  let resourceAccountLicence = false;
  for (const plan of plans ?? []) {
    if (!plan) continue;
    const id = (plan.servicePlanId ?? '').toLowerCase();
    const status = (plan.capabilityStatus ?? '').toLowerCase();
    if (!ACTIVE.has(status)) continue;
    if (id === SERVICE_PLANS.teamsPhone) {
      // One Enabled assignment wins over a second one in grace.
      if (status === 'enabled') teamsPhone = 'enabled';
      else if (teamsPhone === 'none') teamsPhone = 'grace';
    } else if (id === SERVICE_PLANS.teamsPhoneResourceAccount) {
      resourceAccountLicence = true;
    } else if (CALLING_PLAN_SERVICE_PLANS.has(id) || (plan.servicePlanName ?? '').toUpperCase().startsWith(CALLING_PLAN_SERVICE_NAME_PREFIX)) {
      callingPlan = true;
    }
  }
  return { teamsPhone, callingPlan, resourceAccountLicence };
}
