/**
 * The tenant's consent to its MSP (tab/api/msp-consent-routes.ts): for the tenant the tab acts for, so
 * an MSP user acting for a customer reads the customer's consent (and the API refuses their writes).
 */
import type { ApiClient } from '../../api-client';
import type { MspConsentView } from '../../../../../shared/services/msp-consent-service';

export interface MspConsentState extends MspConsentView {
  /** The signed-in user is an admin of this tenant itself (not an MSP user acting for it). */
  canChange: boolean;
}

export const mspConsent = (api: ApiClient) => api.call<MspConsentState>('GET', '/msp-consent');

/** Allows `mspTenantId` to link this tenant (replacing any MSP allowed before), or revokes with null; 409 when it changed meanwhile. */
export const setMspConsent = (api: ApiClient, mspTenantId: string | null, expectedVersion: number | null) =>
  api.call<MspConsentState>('PUT', '/msp-consent', { mspTenantId, expectedVersion });
