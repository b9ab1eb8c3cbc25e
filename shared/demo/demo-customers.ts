/**
 * Demo customer tenants for the MSP portfolio: small generated tenants, each read through its own
 * Graph-compatible demo server by a real sync, its PBX export imported and a plan built, then linked
 * to the MSP tenant's portfolio with a grant for the given user. Used by local mode (DEMO_CUSTOMERS)
 * and the portfolio benchmark. A customer already in the store is left as it is.
 */
import { randomBytes } from 'node:crypto';
import { DemoGraphServer } from './demo-graph-server';
import { demoPbxExport } from './demo-pbx-export';
import { generateDemoTenant } from './demo-tenant-generator';
import { staticToken } from '../graph/graph-http';
import { csvTextSource } from '../pbx/csv-table-reader';
import type { AppServices } from '../services/app-services';
import { importPbxInventory } from '../services/pbx-import-service';
import { PLAN_DOCUMENT } from '../services/plan-read-model';
import { SNAPSHOT_DOCUMENT } from '../services/snapshot-repository';
import { syncTenant } from '../services/sync-service';
import type { Principal, PortfolioRole } from '../domain/portfolio/portfolio-mapping';

const NAMES = ['Contoso', 'Fabrikam', 'Tailspin Toys', 'Woodgrove Bank', 'Adatum', 'Litware', 'Northwind Traders', 'Proseware', 'Wingtip Toys', 'Alpine Ski House'];

/** The i-th demo customer's tenant id (1-based): fixed, so a restart finds the same customers. */
export function demoCustomerTenantId(i: number): string {
  return `6d656d6f-6375-4e61-816e-74${String(i).padStart(10, '0')}`;
}

export function demoCustomerName(i: number): string {
  const base = NAMES[(i - 1) % NAMES.length];
  return i <= NAMES.length ? base : `${base} ${Math.ceil(i / NAMES.length)}`;
}

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '');

export interface DemoCustomersOptions {
  mspTenantId: string;
  count: number;
  users: number;
  seed: number;
  /** The planning day of the first customer; each next one plans a week earlier (so they differ in progress). */
  today: string;
  /** Who may act for the customers: the last one as viewer when there are several, the rest as admin. */
  grantee: Principal;
  actor?: string;
  /** Planning settings saved for each customer before its plan (skipped when they do not validate there). */
  settings?: unknown;
}

/** The MSP's multi-tenant SBC the demo customers' own gateways sit under (`<sbc>-<customer>.sbc.msp.example`). */
export const DEMO_SHARED_SBC_FQDN = 'sbc.msp.example';

/**
 * The settings for one customer: person overrides, pilot users, sites' operators and the resource
 * accounts of sites' auto attendants and of call queues name people and accounts of the tenant they were
 * written for (left out), and each SBC becomes the customer's own gateway on the MSP's shared SBC.
 */
function forCustomer(settings: unknown, slug: string): unknown {
  if (!settings || typeof settings !== 'object') return settings;
  const s = settings as {
    decisions?: Record<string, unknown>;
    scheduling?: { pilot?: Record<string, unknown> };
    sbcs?: { id: string; fqdn: string }[];
    sites?: { autoAttendantAccount?: string; operator?: string }[];
    callQueueAccounts?: unknown[];
  };
  const { callQueueAccounts: _theirQueues, ...rest } = s;
  return {
    ...rest,
    ...(s.sites && { sites: s.sites.map(({ autoAttendantAccount: _theirs, operator: _theirOperator, ...site }) => site) }),
    ...(s.decisions && { decisions: { ...s.decisions, users: [] } }),
    ...(s.scheduling?.pilot && { scheduling: { ...s.scheduling, pilot: { ...s.scheduling.pilot, users: [] } } }),
    ...(s.sbcs && { sbcs: s.sbcs.map((x) => ({ ...x, fqdn: `${x.id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${slug}.${DEMO_SHARED_SBC_FQDN}` })) }),
  };
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export async function seedDemoCustomers(services: AppServices, options: DemoCustomersOptions): Promise<string[]> {
  const actor = options.actor ?? 'local-demo';
  const ids: string[] = [];
  for (let i = 1; i <= options.count; i++) {
    const tenantId = demoCustomerTenantId(i);
    ids.push(tenantId);
    if (!(await services.store.getDocumentVersion(tenantId, SNAPSHOT_DOCUMENT))) {
      const name = demoCustomerName(i);
      const tenant = generateDemoTenant({ users: options.users, seed: options.seed + i, tenantId, tenantName: name, domain: `${slugOf(name)}.example` });
      const token = randomBytes(18).toString('base64url');
      const server = new DemoGraphServer({ tenant, token, host: '127.0.0.1', port: 0 });
      const baseUrl = await server.start();
      try {
        await syncTenant({ store: services.store, graph: { baseUrl, tokenProvider: staticToken(token) }, tenantId, mode: 'full', actor, now: services.now });
      } finally {
        await server.stop();
      }
      const pbx = demoPbxExport(tenant);
      await importPbxInventory(
        services.store,
        tenantId,
        { lines: csvTextSource(pbx.linesCsv, 'demo-pbx-lines.csv'), blocks: csvTextSource(pbx.blocksCsv, 'demo-pbx-blocks.csv') },
        { actor, now: services.now() },
      );
    }
    if (!(await services.store.getDocumentVersion(tenantId, PLAN_DOCUMENT))) {
      // The example settings (operators, SBCs, scheduling) when they fit the customer; otherwise the defaults.
      if (options.settings && (await services.decisions.getSettings(tenantId)).version === null) {
        await services.decisions.saveSettings(tenantId, actor, forCustomer(options.settings, slugOf(demoCustomerName(i))), null).catch(() => undefined);
      }
      await services.plan.build(tenantId, actor, { today: addDays(options.today, -7 * (i - 1)) });
    }
  }
  // Link and grant what is missing, each against the version just read (audited like any change).
  // Through the portfolio service, not the MSP's link route: these tenants hold data (seeded above), and
  // the route would ask their admins' consent (msp-consent.ts). Here the deployment seeds its own demo
  // tenants for its own demo MSP; no customer's data is opened to anyone.
  for (let i = 1; i <= options.count; i++) {
    const tenantId = ids[i - 1];
    const view = await services.portfolio.get(options.mspTenantId);
    const customer = view.customers.find((c) => c.tenantId === tenantId);
    let version = view.version;
    if (!customer) version = (await services.portfolio.link(options.mspTenantId, actor, { tenantId, displayName: demoCustomerName(i) }, version)).version;
    const role: PortfolioRole = options.count > 1 && i === options.count ? 'viewer' : 'admin';
    if (!customer?.grants.some((g) => g.principal.kind === options.grantee.kind && g.principal.id === options.grantee.id)) {
      await services.portfolio.grant(options.mspTenantId, actor, tenantId, options.grantee, role, version);
    }
  }
  // The MSP's shared SBC the customers' gateways sit under, declared once (unless the MSP declared its own).
  const view = await services.portfolio.get(options.mspTenantId);
  if (view.sharedSbcs.length === 0) {
    await services.portfolio.declareSharedSbcs(options.mspTenantId, actor, [DEMO_SHARED_SBC], view.version);
  }
  return ids;
}

/** Sized so that the demo customers' pooled waves outgrow its licences before its capacity. */
export const DEMO_SHARED_SBC = {
  id: 'msp-sbc-1',
  fqdn: DEMO_SHARED_SBC_FQDN,
  sessionCapacity: 40,
  licensedSessions: 15,
  pricePerSessionPerYear: 1.25,
  teamsAddOnPerSessionPerYear: 12,
  trunkGroupLimit: 1024,
  erlangPerUser: 0.06,
  gradeOfService: 0.01,
};
