/**
 * A customer tenant's consent to its MSP as use cases: read it (with which MSP of the deployment links
 * the tenant today), allow one MSP tenant or revoke (versioned, audited in the same commit, under the
 * customer's own tenant), and the check an MSP's link request passes first (shared/domain/portfolio/msp-consent.ts
 * says the rule).
 *
 * Revoking does not unlink (the unlink is a write into the MSP's portfolio document, another tenant's
 * partition, which could not be one commit with this one) but closes the tenant to the MSP all the same:
 * the portfolio honours the customer's document on every request (portfolio-service.ts roleFor and
 * customersFor), so the MSP's next request is refused and the tenant leaves its lists.
 */
import { allowMsp, linkVerdict, MSP_CONSENT_DOCUMENT, NO_CONSENT, type MspConsent, type MspConsentDocument } from '../domain/portfolio/msp-consent';
import { PortfolioNotFoundError } from '../domain/portfolio/portfolio-mapping';
import { ConcurrencyConflictError, type Store } from '../store/store';
import { ForbiddenError } from './caller';
import type { PortfolioService } from './portfolio-service';

export { MSP_CONSENT_DOCUMENT };

export interface MspConsentView {
  tenantId: string;
  /** null until consent was first given: the version a first write expects. */
  version: number | null;
  updatedAt?: string;
  updatedBy?: string;
  /** The MSP the tenant's admins allow to link it, named as the store knows it (its id until it syncs). */
  allowedMsp: (MspConsent & { displayName: string }) | null;
  /** The MSP of this deployment whose portfolio links the tenant now; `consented`: it is the one allowed. */
  managedBy: { mspTenantId: string; displayName: string; linkedAt: string; consented: boolean } | null;
  /** The tenant is an MSP of the deployment itself: it cannot be anyone's customer. */
  isMsp: boolean;
}

export interface MspConsentService {
  view(tenantId: string, deploymentMsps: readonly string[]): Promise<MspConsentView>;
  /** Allows `mspTenantId` (replacing any MSP allowed before), or revokes with null; 409 on a stale version. */
  setAllowedMsp(tenantId: string, actor: string, mspTenantId: string | null, expectedVersion: number | null, deploymentMsps: readonly string[]): Promise<MspConsentView>;
  /** 403 with what the customer's admin must do, unless the MSP may link the customer (see linkVerdict). */
  assertMayLink(mspTenantId: string, customerTenantId: string): Promise<void>;
}

export function createMspConsentService(store: Store, portfolio: Pick<PortfolioService, 'get'>, now: () => Date): MspConsentService {
  const nameOf = async (tenantId: string) => (await store.getTenant(tenantId))?.displayName ?? tenantId;

  async function managedBy(tenantId: string, deploymentMsps: readonly string[], allowed: MspConsent | null): Promise<MspConsentView['managedBy']> {
    // Only MSP_TENANT_IDS' portfolios count, as for every other portfolio read; a tenant is in one at most.
    for (const msp of deploymentMsps) {
      const linked = (await portfolio.get(msp)).customers.find((c) => c.tenantId === tenantId);
      if (linked) return { mspTenantId: msp, displayName: await nameOf(msp), linkedAt: linked.linkedAt, consented: allowed?.mspTenantId === msp };
    }
    return null;
  }

  async function view(tenantId: string, deploymentMsps: readonly string[]): Promise<MspConsentView> {
    const doc = await store.getDocument<MspConsentDocument>(tenantId, MSP_CONSENT_DOCUMENT);
    const allowed = doc?.data.allowedMsp ?? null;
    return {
      tenantId,
      version: doc?.version ?? null,
      ...(doc && { updatedAt: doc.updatedAt, updatedBy: doc.updatedBy }),
      allowedMsp: allowed && { ...allowed, displayName: await nameOf(allowed.mspTenantId) },
      managedBy: await managedBy(tenantId, deploymentMsps, allowed),
      isMsp: deploymentMsps.includes(tenantId),
    };
  }

  return {
    view,

    async setAllowedMsp(tenantId, actor, mspTenantId, expectedVersion, deploymentMsps) {
      const current = await store.getDocument<MspConsentDocument>(tenantId, MSP_CONSENT_DOCUMENT);
      const currentVersion = current?.version ?? null;
      if (currentVersion !== expectedVersion) {
        throw new ConcurrencyConflictError('MSP consent', expectedVersion, currentVersion, current?.updatedBy, current?.updatedAt);
      }
      const before = current?.data ?? NO_CONSENT;
      if (mspTenantId === null && !before.allowedMsp) throw new PortfolioNotFoundError('No MSP is allowed to link this tenant: there is no consent to revoke.');
      const next = mspTenantId === null ? NO_CONSENT : allowMsp(tenantId, mspTenantId, deploymentMsps, { at: now().toISOString(), by: actor });
      // The audit names the MSP as the store knows it now, so the history reads well after a rename.
      const named = async (c: MspConsent | null) => c && { mspTenantId: c.mspTenantId, displayName: await nameOf(c.mspTenantId) };
      // A tenant that has never synced has no tenant record yet; its documents need one (named by its first sync).
      if (!(await store.getTenant(tenantId))) await store.upsertTenant(tenantId, tenantId);
      await store.commit(tenantId, actor, [
        { type: 'put-document', kind: MSP_CONSENT_DOCUMENT, data: next, expectedVersion },
        { type: 'audit', action: next.allowedMsp ? 'msp-consent.allow' : 'msp-consent.revoke', kind: MSP_CONSENT_DOCUMENT, before: await named(before.allowedMsp), after: await named(next.allowedMsp) },
      ]);
      return view(tenantId, deploymentMsps);
    },

    async assertMayLink(mspTenantId, customerTenantId) {
      // Read just before the link's own commit: a customer writing its first data in between is the
      // same as one that starts using the app right after being linked - its Settings show the MSP.
      const [customerHoldsData, consent] = await Promise.all([
        store.hasTenantData(customerTenantId),
        store.getDocument<MspConsentDocument>(customerTenantId, MSP_CONSENT_DOCUMENT),
      ]);
      const verdict = linkVerdict({ mspTenantId, customerTenantId, customerHoldsData, consent: consent?.data });
      if (!verdict.allowed) throw new ForbiddenError(verdict.message);
    },
  };
}
