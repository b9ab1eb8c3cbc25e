/**
 * The tenant a request acts for. `X-Tenant-Id` absent: the signed-in tenant, as always. Present: an MSP
 * user acting for a customer tenant - allowed only when the portfolio of the tenant they signed in to
 * links that customer and grants them (by object id, UPN or group) a role on it; anything else is a
 * 403, never a silent fall-back to their own tenant. A malformed header is a 400. A viewer's writes
 * (anything but GET/HEAD/OPTIONS, and the POSTs that only read) are refused.
 *
 * The mapping is checked on every request against the portfolio document's current version, so a
 * revoke applies to the next request. A linked customer needs no ALLOWED_TENANT_IDS entry of its own:
 * the link enables it for the MSP's users (its own admins still need the allow-list to sign in).
 * Runs after `authenticate` and before the rate limit, which then counts against the acting tenant.
 */
import type { RequestHandler } from 'express';
import { isTenantId } from '../../shared/domain/portfolio/portfolio-mapping';
import type { PortfolioService } from '../../shared/services/portfolio-service';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/**
 * POSTs that change nothing: they carry the view they read in the body (the Sites grid's rows, up to a
 * 2,000-site tenant's ids, would not fit in a URL). A viewer may download what they may see.
 */
const READING_POSTS = new Set(['/sites/export.xlsx']);

export function actingTenant(portfolio: PortfolioService, mspTenantIds: readonly string[]): RequestHandler {
  // Only the portfolios of MSP tenants (MSP_TENANT_IDS) apply: a tenant taken off that list loses its customers at once.
  const msps = new Set(mspTenantIds);
  return (req, res, next) => {
    const header = req.get('x-tenant-id');
    const caller = req.caller!;
    if (header === undefined) return next();
    const target = header.trim().toLowerCase();
    if (!isTenantId(target)) {
      res.status(400).json({
        error: { code: 'bad-input', message: `X-Tenant-Id must be a tenant id (a GUID); got "${header.slice(0, 80)}".`, issues: [{ path: 'X-Tenant-Id', message: 'expected a GUID' }] },
      });
      return;
    }
    if (target === caller.tenantId) return next();
    (msps.has(caller.tenantId) ? portfolio.roleFor(caller.tenantId, caller, target) : Promise.resolve(undefined))
      .then((role) => {
        if (!role) {
          res.status(403).json({
            error: {
              code: 'forbidden',
              message: `You may not act for tenant ${target}: it is not a customer of your tenant's portfolio, you hold no grant on it, or its own admins no longer allow your tenant to manage it.`,
            },
          });
          return;
        }
        if (role === 'viewer' && !READS.has(req.method) && !(req.method === 'POST' && READING_POSTS.has(req.path))) {
          res.status(403).json({ error: { code: 'forbidden', message: `You are a viewer on tenant ${target}: ask an MSP admin for the admin role to change it.` } });
          return;
        }
        // The name carries the MSP tenant, so the customer's audit trail says who changed what from where.
        req.caller = { ...caller, name: `${caller.name} (MSP ${caller.tenantId})`, tenantId: target, homeTenantId: caller.tenantId, actingRole: role };
        next();
      })
      .catch(next);
  };
}
