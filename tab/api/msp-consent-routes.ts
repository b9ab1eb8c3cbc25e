/**
 * A customer tenant's consent to its MSP, under the tenant's own API (shared/domain/portfolio/msp-consent.ts
 * says why it exists):
 *   GET /msp-consent   which MSP links this tenant today, which MSP its admins allow to link it, the version
 *   PUT /msp-consent   { mspTenantId: "<guid>" | null, expectedVersion }  allow one MSP tenant, or revoke (null)
 *
 * Only the tenant's own admins write it. An MSP user acting for the tenant (X-Tenant-Id) reads it but
 * never writes it: consent an MSP could give itself would be no consent at all.
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../../shared/config/app-config';
import { hasVoiceAdminRole } from '../../shared/domain/microsoft-ids';
import type { AppServices } from '../../shared/services/app-services';
import { actorName, ForbiddenError, type Caller } from '../../shared/services/caller';
import { BadRequestError, expectedVersionOf } from './request-input';

const ConsentSchema = z.strictObject({ mspTenantId: z.union([z.string().max(100), z.null()]), expectedVersion: z.unknown() });

/** Why the caller may not change the tenant's consent, or undefined when they may. */
function whyNotOwnAdmin(c: Caller): string | undefined {
  if (c.homeTenantId !== undefined) {
    return `Only the admins of tenant ${c.tenantId} itself may allow or revoke an MSP: you act for it from MSP tenant ${c.homeTenantId}.`;
  }
  // The same roles the API admits its callers with (auth.ts); checked here again because this write opens the tenant to another.
  if (!hasVoiceAdminRole(c.roles)) return 'Allowing an MSP needs a Teams Administrator, Teams Communications/Telephony Administrator or Global Administrator role in this tenant.';
  return undefined;
}

export function registerMspConsentRoutes(router: Router, services: AppServices, config: AppConfig): void {
  const msps = config.auth.mspTenantIds;

  router.get('/msp-consent', async (req, res) => {
    const c = req.caller!;
    const view = await services.mspConsent.view(c.tenantId, msps);
    res.json({ ...view, canChange: whyNotOwnAdmin(c) === undefined && !view.isMsp });
  });

  router.put('/msp-consent', async (req, res) => {
    const c = req.caller!;
    const refused = whyNotOwnAdmin(c);
    if (refused) throw new ForbiddenError(refused);
    const parsed = ConsentSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new BadRequestError(
        'Send { mspTenantId: "<the MSP\'s tenant id>" (null to revoke), expectedVersion }.',
        parsed.error.issues.slice(0, 20).map((i) => ({ path: `$.${i.path.join('.')}`, message: i.message })),
      );
    }
    if (msps.includes(c.tenantId)) throw new ForbiddenError(`Tenant ${c.tenantId} is an MSP tenant of this deployment: it manages customers and cannot be linked as one.`);
    const expectedVersion = expectedVersionOf(parsed.data, req.get('if-match'));
    const view = await services.mspConsent.setAllowedMsp(c.tenantId, actorName(c), parsed.data.mspTenantId, expectedVersion, msps);
    res.json({ ...view, canChange: true });
  });
}
