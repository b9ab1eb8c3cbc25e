/**
 * A customer tenant's consent to be linked by an MSP, and the rule a link obeys.
 *
 * Linking a customer gives the MSP's users everything stored under the customer's tenant. A tenant
 * nothing is stored for may be linked as before: nothing is opened, and reading it through Graph
 * still needs the customer's Entra admin consent to the app. A tenant that already holds data here
 * (its own admins synced, imported, saved settings or a plan; or consent was asked about) is opened
 * to an MSP only when its own admins have allowed exactly that MSP tenant: the `msp-consent` document
 * under the customer's tenant, written by the customer's admins alone.
 *
 * One MSP at a time: a tenant is the customer of one MSP only, so allowing another replaces the first.
 */
import { isTenantId, PortfolioRuleError, type Stamp } from './portfolio-mapping';

export interface MspConsent {
  /** The MSP tenant the customer's admins allow to link this tenant (lower case). */
  mspTenantId: string;
  allowedAt: string;
  allowedBy: string;
}

/** The `msp-consent` document of a customer tenant. */
export interface MspConsentDocument {
  /** null: no MSP is allowed (never given, or revoked). */
  allowedMsp: MspConsent | null;
}

export const NO_CONSENT: MspConsentDocument = { allowedMsp: null };

/** The customer tenant's document holding its consent. */
export const MSP_CONSENT_DOCUMENT = 'msp-consent';

/**
 * The customer's admins have said who may manage the tenant, and it is not `mspTenantId` (another MSP,
 * or nobody since they revoked): whatever a portfolio links, the tenant's data is closed to that MSP. A
 * customer that never wrote its consent is governed by the link alone (a tenant linked while nothing was
 * stored for it).
 */
export function consentWithdrawnFrom(mspTenantId: string, consent: MspConsentDocument | undefined): boolean {
  return consent !== undefined && consent.allowedMsp?.mspTenantId !== mspTenantId.toLowerCase();
}

/** Where the customer's admins give consent: the MSP's refusal names it, and the tab shows it there. */
export const CONSENT_PLACE = 'Settings > Tenant > Managed service provider';

/** Allows one MSP tenant to link the customer, replacing any MSP allowed before. 400 by JSON path on bad input. */
export function allowMsp(customerTenantId: string, mspTenantIdRaw: string, deploymentMsps: readonly string[], stamp: Stamp): MspConsentDocument {
  const id = mspTenantIdRaw.trim().toLowerCase();
  const issue = (message: string, why: string) => new PortfolioRuleError(message, [{ path: '$.mspTenantId', message: why }]);
  if (!isTenantId(id)) {
    throw issue(`The MSP's tenant id must be an Entra tenant id (a GUID such as 00000000-0000-0000-0000-000000000000); got "${mspTenantIdRaw.slice(0, 80)}".`, 'expected a GUID');
  }
  if (id === customerTenantId.toLowerCase()) throw issue("That is this tenant's own id: enter the tenant id of the MSP that manages it.", 'this tenant itself');
  // Checked against the deployment's MSPs so that a typo is caught here rather than found when the MSP's link is refused.
  if (!deploymentMsps.includes(id)) {
    throw issue(`Tenant ${id} is not an MSP tenant of this deployment: check the id with your MSP (it is their Entra tenant id).`, 'not an MSP of this deployment');
  }
  return { allowedMsp: { mspTenantId: id, allowedAt: stamp.at, allowedBy: stamp.by } };
}

export type LinkVerdict = { allowed: true; because: 'nothing-stored' | 'customer-consent' } | { allowed: false; message: string };

/**
 * May `mspTenantId` link `customerTenantId`? Yes when the customer's admins allow exactly that MSP,
 * or when nothing is stored for the customer (its consent document counts as stored: a customer who
 * allowed another MSP, or revoked, has said who may link it).
 */
export function linkVerdict(input: { mspTenantId: string; customerTenantId: string; customerHoldsData: boolean; consent: MspConsentDocument | undefined }): LinkVerdict {
  const msp = input.mspTenantId.toLowerCase();
  if (input.consent?.allowedMsp?.mspTenantId === msp) return { allowed: true, because: 'customer-consent' };
  if (!input.customerHoldsData) return { allowed: true, because: 'nothing-stored' };
  return {
    allowed: false,
    message:
      `Tenant ${input.customerTenantId} already holds its own data on this deployment, and its admins have not allowed your tenant (${msp}) to link it. ` +
      `Ask an admin of that tenant to open the planner in their own tenant, go to ${CONSENT_PLACE}, allow the MSP tenant id ${msp}, and then link it again.`,
  };
}
