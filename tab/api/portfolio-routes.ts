/**
 * The MSP portfolio under /api/portfolio. Every route works on the portfolio of the tenant the caller
 * signed in to (never the customer an X-Tenant-Id names):
 *   GET    /portfolio                       overview of the customers the caller may act for (paged, sorted, filtered)
 *   GET    /portfolio/tenants               the tenant switcher: home tenant and customers with the caller's role
 *   GET    /portfolio/export.xlsx           the portfolio workbook (customers, all cutovers)
 *   GET    /portfolio/customers             the mapping with its version
 *   POST   /portfolio/customers             link { tenantId, displayName, expectedVersion } (a customer holding data here: with its consent)
 *   DELETE /portfolio/customers/:tenantId   unlink (If-Match or ?expectedVersion)
 *   POST   /portfolio/customers/:tenantId/grants            { user | group, role, expectedVersion }
 *   DELETE /portfolio/customers/:tenantId/grants/:kind/:id  revoke (kind user|group; id object id or UPN)
 *   PUT    /portfolio/customers/:tenantId/graph-access      { graphAccess: app-only | delegated, expectedVersion }
 *   GET    /portfolio/sbcs, PUT /portfolio/sbcs { sbcs, expectedVersion }   the MSP's shared SBCs
 *   GET    /portfolio/sbcs/:id/sizing       pooled sessions per wave, capacity, licences, trunk groups, cost shares
 * Changing the mapping needs an admin of an MSP tenant (MSP_TENANT_IDS); every write carries the version read.
 */
import { actorName } from '../../shared/services/caller';
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../../shared/config/app-config';
import { GRAPH_ACCESS_MODES, PORTFOLIO_ROLES, parsePrincipal, type Principal } from '../../shared/domain/portfolio/portfolio-mapping';
import { PORTFOLIO_SORTS } from '../../shared/domain/portfolio/portfolio-overview';
import type { AppServices } from '../../shared/services/app-services';
import { XLSX_CONTENT_TYPE } from '../../shared/services/export-service';
import { BadRequestError, deleteVersion, expectedVersionOf, queryChoice, queryInt, queryText } from './request-input';

const LinkSchema = z.strictObject({ tenantId: z.string().min(1).max(100), displayName: z.string().min(1).max(200), expectedVersion: z.unknown() });
const GrantSchema = z
  .strictObject({ user: z.string().min(1).max(320).optional(), group: z.string().min(1).max(100).optional(), role: z.enum(PORTFOLIO_ROLES), expectedVersion: z.unknown() })
  .refine((b) => (b.user === undefined) !== (b.group === undefined), { message: 'name either a user or a group', path: ['user'] });

const GraphAccessSchema = z.strictObject({ graphAccess: z.enum(GRAPH_ACCESS_MODES), expectedVersion: z.unknown() });

function parsed<T>(schema: z.ZodType<T>, body: unknown, hint: string): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new BadRequestError(hint, result.error.issues.slice(0, 20).map((i) => ({ path: `$.${i.path.join('.')}`, message: i.message })));
  }
  return result.data;
}

function principalOf(kind: string, value: string, path: string): Principal {
  if (kind !== 'user' && kind !== 'group') throw new BadRequestError('The grant kind must be user or group.', [{ path, message: 'expected user | group' }]);
  const p = parsePrincipal(kind, value);
  if (!p) {
    throw new BadRequestError(kind === 'group' ? 'A group is named by its Entra object id (a GUID).' : 'A user is named by Entra object id (a GUID) or UPN (name@domain).', [
      { path, message: kind === 'group' ? 'expected a GUID' : 'expected a GUID or a UPN' },
    ]);
  }
  return p;
}

function queryBool(query: Record<string, unknown>, name: string): boolean | undefined {
  const v = queryChoice(query, name, ['true', 'false', '1', '0'] as const);
  return v === undefined ? undefined : v === 'true' || v === '1';
}

export function registerPortfolioRoutes(router: Router, services: AppServices, config: AppConfig): void {
  const msps = new Set(config.auth.mspTenantIds);
  const home = (req: Request) => req.caller!.homeTenantId ?? req.caller!.tenantId;
  const actor = (req: Request) => actorName(req.caller!);
  const manager = (req: Request): string => {
    const tenantId = home(req);
    if (!msps.has(tenantId)) {
      throw Object.assign(new Error(`Tenant ${tenantId} is not an MSP tenant of this deployment (MSP_TENANT_IDS), so it cannot link customers.`), { code: 'forbidden' });
    }
    return tenantId;
  };

  /**
   * A link gives the MSP's users the customer's data, so one MSP may not link another MSP of this
   * deployment, nor a customer another MSP's portfolio holds: that MSP's admins would find their own
   * (or their customer's) data read by someone they never granted.
   */
  const refuseOtherPortfolios = async (msp: string, customer: string): Promise<void> => {
    const forbidden = (message: string) => Object.assign(new Error(message), { code: 'forbidden' });
    if (msps.has(customer)) throw forbidden(`Tenant ${customer} is an MSP tenant of this deployment: it cannot be a customer of another.`);
    for (const other of msps) {
      if (other === msp) continue;
      const { customers } = await services.portfolio.get(other);
      if (customers.some((c) => c.tenantId.toLowerCase() === customer)) {
        throw forbidden(`Tenant ${customer} is a customer of another MSP's portfolio on this deployment: that MSP unlinks it first.`);
      }
    }
  };

  /**
   * A link opens everything stored under the customer's tenant to the MSP's users: a tenant that holds
   * data here (its own admins use the app) is linked only with its admins' consent for this MSP; a
   * tenant with nothing stored is linked as before (msp-consent.ts). A customer already in this
   * portfolio is left to the link itself to answer ("already a customer"): nothing new would open.
   * The demo customers of local mode are linked by the deployment itself (shared/demo/demo-customers.ts),
   * not through this route.
   */
  const refuseWithoutCustomerConsent = async (msp: string, customer: string): Promise<void> => {
    if ((await services.portfolio.get(msp)).customers.some((c) => c.tenantId === customer)) return;
    await services.mspConsent.assertMayLink(msp, customer);
  };

  // The customers a read covers come from the portfolio of an MSP tenant only: a tenant taken off
  // MSP_TENANT_IDS keeps its stored portfolio document, but reads it no more (as X-Tenant-Id and the bot).
  const portfolioHome = (req: Request): string | undefined => (msps.has(home(req)) ? home(req) : undefined);

  router.get('/portfolio', async (req, res) => {
    const q = req.query as Record<string, unknown>;
    const cutoverBy = queryText(q, 'cutoverBy');
    if (cutoverBy !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(cutoverBy)) {
      throw new BadRequestError('cutoverBy must be a date (yyyy-mm-dd).', [{ path: '$.cutoverBy', message: 'expected yyyy-mm-dd' }]);
    }
    const order = queryChoice(q, 'order', ['asc', 'desc'] as const);
    res.json(
      await services.portfolio.overview(portfolioHome(req), req.caller!, {
        search: queryText(q, 'search'),
        behind: queryBool(q, 'behind'),
        cutoverBy,
        staleHours: queryInt(q, 'staleHours'),
        drifted: queryBool(q, 'drifted'),
        blocked: queryBool(q, 'blocked'),
        sort: queryChoice(q, 'sort', PORTFOLIO_SORTS),
        descending: order === 'desc',
        offset: queryInt(q, 'offset'),
        limit: queryInt(q, 'limit'),
      }),
    );
  });

  router.get('/portfolio/tenants', async (req, res) => {
    const c = req.caller!;
    const homeTenantId = home(req);
    const tenant = await services.store.getTenant(homeTenantId);
    res.json({
      home: { tenantId: homeTenantId, displayName: tenant?.displayName ?? homeTenantId },
      acting: c.tenantId,
      msp: msps.has(homeTenantId),
      customers: msps.has(homeTenantId) ? await services.portfolio.customersFor(homeTenantId, c) : [],
    });
  });

  router.get('/portfolio/export.xlsx', async (req, res) => {
    res.status(200);
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', 'attachment; filename="portfolio.xlsx"');
    await services.portfolio.writeWorkbook(portfolioHome(req), req.caller!, res);
    res.end();
  });

  router.get('/portfolio/customers', async (req, res) => {
    res.json(await services.portfolio.get(manager(req)));
  });

  router.post('/portfolio/customers', async (req, res) => {
    const msp = manager(req);
    const body = parsed(LinkSchema, req.body, 'Send { tenantId, displayName, expectedVersion }.');
    const v = expectedVersionOf(body, req.get('if-match'));
    const customer = body.tenantId.trim().toLowerCase();
    await refuseOtherPortfolios(msp, customer);
    await refuseWithoutCustomerConsent(msp, customer);
    res.status(201).json(await services.portfolio.link(msp, actor(req), { tenantId: body.tenantId, displayName: body.displayName }, v));
  });

  router.delete('/portfolio/customers/:tenantId', async (req, res) => {
    const msp = manager(req);
    res.json(await services.portfolio.unlink(msp, actor(req), String(req.params.tenantId), deleteVersion(req)));
  });

  router.post('/portfolio/customers/:tenantId/grants', async (req, res) => {
    const msp = manager(req);
    const body = parsed(GrantSchema, req.body, 'Send { user | group, role, expectedVersion }.');
    const principal = body.group !== undefined ? principalOf('group', body.group, '$.group') : principalOf('user', body.user!, '$.user');
    const v = expectedVersionOf(body, req.get('if-match'));
    res.json(await services.portfolio.grant(msp, actor(req), String(req.params.tenantId), principal, body.role, v));
  });

  // How Graph reaches the customer: app-only, or on behalf of the granted user who is a guest admin there.
  router.put('/portfolio/customers/:tenantId/graph-access', async (req, res) => {
    const msp = manager(req);
    const body = parsed(GraphAccessSchema, req.body, 'Send { graphAccess: "app-only" | "delegated", expectedVersion }.');
    const v = expectedVersionOf(body, req.get('if-match'));
    res.json(await services.portfolio.setGraphAccess(msp, actor(req), String(req.params.tenantId), body.graphAccess, v));
  });

  router.get('/portfolio/sbcs', async (req, res) => {
    const view = await services.portfolio.get(manager(req));
    res.json({ version: view.version, sbcs: view.sharedSbcs });
  });

  router.put('/portfolio/sbcs', async (req, res) => {
    const msp = manager(req);
    const body = (req.body ?? {}) as { sbcs?: unknown; expectedVersion?: unknown };
    if (body.sbcs === undefined) throw new BadRequestError('Send { sbcs: [...], expectedVersion }.', [{ path: '$.sbcs', message: 'required' }]);
    const v = expectedVersionOf(body, req.get('if-match'));
    res.json(await services.portfolio.declareSharedSbcs(msp, actor(req), body.sbcs, v));
  });

  router.get('/portfolio/sbcs/:id/sizing', async (req, res) => {
    res.json(await services.portfolio.sharedSbcSizing(manager(req), req.caller!, String(req.params.id)));
  });

  router.delete('/portfolio/customers/:tenantId/grants/:kind/:id', async (req, res) => {
    const msp = manager(req);
    const principal = principalOf(String(req.params.kind), String(req.params.id), 'kind/id');
    res.json(await services.portfolio.revoke(msp, actor(req), String(req.params.tenantId), principal, deleteVersion(req)));
  });
}
