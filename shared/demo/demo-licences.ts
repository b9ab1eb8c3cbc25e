/**
 * The demo tenant's subscriptions: which licences (SKUs) its users hold and what `/subscribedSkus`
 * says about them. Both follow from each user's licensing facts, so `assignedLicenses` read against the
 * SKUs gives exactly what `assignedPlans` gives:
 * - Teams Phone enabled: Microsoft 365 E5 (which includes Teams Phone);
 * - Teams Phone in grace: Microsoft 365 E3 plus a Teams Phone Standard subscription in its grace period;
 * - no Teams Phone: E3, or for every fifth such user E5 with Teams Phone disabled (as admins do);
 * - Calling Plan: a Domestic Calling Plan licence on top; resource accounts: the free resource account SKU.
 * A company-level SKU (communications credits) is listed too: it is never assigned to a user.
 */
import { DOMESTIC_CALLING_PLAN_SERVICE_PLAN, OTHER_SERVICE_PLANS, SERVICE_PLANS, SKUS } from '../domain/microsoft-ids';
import type { TeamsPhoneLicence } from '../domain/tenant-snapshot';
import type { GraphAssignedLicense, GraphSubscribedSku } from '../graph/graph-types';

const OFFICE_PLANS = (['EXCHANGE_S_ENTERPRISE', 'SHAREPOINTENTERPRISE', 'MCOSTANDARD', 'OFFICESUBSCRIPTION'] as const).map((name): [string, string] => [name, OTHER_SERVICE_PLANS[name]]);

interface SkuDefinition {
  skuId: string;
  skuPartNumber: string;
  appliesTo: 'User' | 'Company';
  capabilityStatus: string;
  plans: [name: string, id: string][];
}

const DEFINITIONS: SkuDefinition[] = [
  {
    skuId: SKUS.microsoft365E5,
    skuPartNumber: 'SPE_E5',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    plans: [['TEAMS1', SERVICE_PLANS.teams], ['MCOEV', SERVICE_PLANS.teamsPhone], ['MCOMEETADV', OTHER_SERVICE_PLANS.MCOMEETADV], ...OFFICE_PLANS],
  },
  { skuId: SKUS.microsoft365E3, skuPartNumber: 'SPE_E3', appliesTo: 'User', capabilityStatus: 'Enabled', plans: [['TEAMS1', SERVICE_PLANS.teams], ...OFFICE_PLANS] },
  // Bought separately, and not renewed yet: its users are in the grace period.
  { skuId: SKUS.teamsPhoneStandard, skuPartNumber: 'MCOEV', appliesTo: 'User', capabilityStatus: 'Warning', plans: [['MCOEV', SERVICE_PLANS.teamsPhone]] },
  { skuId: SKUS.domesticCallingPlan, skuPartNumber: 'MCOPSTN1', appliesTo: 'User', capabilityStatus: 'Enabled', plans: [['MCOPSTN1', DOMESTIC_CALLING_PLAN_SERVICE_PLAN]] },
  {
    skuId: SKUS.teamsPhoneResourceAccount,
    skuPartNumber: 'PHONESYSTEM_VIRTUALUSER',
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    plans: [['MCOEV_VIRTUALUSER', SERVICE_PLANS.teamsPhoneResourceAccount]],
  },
  { skuId: SKUS.communicationsCredits, skuPartNumber: 'MCOPSTNC', appliesTo: 'Company', capabilityStatus: 'Enabled', plans: [['MCOPSTNC', OTHER_SERVICE_PLANS.MCOPSTNC]] },
];

/** The licences of a user (not a resource account) with these facts; `index` picks who gets E5 without Teams Phone. */
export function demoUserLicences(teamsPhone: TeamsPhoneLicence, callingPlan: boolean, index: number): GraphAssignedLicense[] {
  const licences: GraphAssignedLicense[] =
    teamsPhone === 'enabled'
      ? [{ skuId: SKUS.microsoft365E5, disabledPlans: [] }]
      : teamsPhone === 'grace'
        ? [
            { skuId: SKUS.microsoft365E3, disabledPlans: [] },
            { skuId: SKUS.teamsPhoneStandard, disabledPlans: [] },
          ]
        : index % 5 === 0
          ? [{ skuId: SKUS.microsoft365E5, disabledPlans: [SERVICE_PLANS.teamsPhone] }]
          : [{ skuId: SKUS.microsoft365E3, disabledPlans: [] }];
  if (callingPlan) licences.push({ skuId: SKUS.domesticCallingPlan, disabledPlans: [] });
  return licences;
}

export function demoResourceAccountLicences(): GraphAssignedLicense[] {
  return [{ skuId: SKUS.teamsPhoneResourceAccount, disabledPlans: [] }];
}

/** `/subscribedSkus` for a tenant whose users hold `licences`: consumed units counted from them. */
export function demoSubscribedSkus(tenantId: string, licences: Iterable<readonly (GraphAssignedLicense | null)[] | null | undefined>): GraphSubscribedSku[] {
  const consumed = new Map<string, number>();
  for (const list of licences) for (const l of list ?? []) if (l?.skuId) consumed.set(l.skuId, (consumed.get(l.skuId) ?? 0) + 1);
  return DEFINITIONS.map((d) => {
    const used = consumed.get(d.skuId) ?? 0;
    const units = d.appliesTo === 'Company' ? 1 : Math.ceil((used + 1) / 50) * 50;
    return {
      id: `${tenantId}_${d.skuId}`,
      skuId: d.skuId,
      skuPartNumber: d.skuPartNumber,
      appliesTo: d.appliesTo,
      capabilityStatus: d.capabilityStatus,
      consumedUnits: used,
      prepaidUnits: d.capabilityStatus === 'Warning' ? { enabled: 0, suspended: 0, warning: units, lockedOut: 0 } : { enabled: units, suspended: 0, warning: 0, lockedOut: 0 },
      servicePlans: d.plans.map(([servicePlanName, servicePlanId]) => ({ servicePlanId, servicePlanName, provisioningStatus: 'Success', appliesTo: d.appliesTo })),
    };
  });
}
