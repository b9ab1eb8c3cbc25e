/**
 * Local mode: the demo tenant is served by the Graph-compatible demo server, in this process, on an
 * ephemeral loopback port with a random per-process token, and read through the real Graph client
 * on first start - the same path a production sync takes. `POST /api/sync` syncs from it again.
 * With DEMO_GRAPH_URL the tenant is read from that Graph-compatible server instead (already running,
 * e.g. `vmp demo-tenant`), and generated here only if the store still needs the demo's PBX export.
 * Returns a function that stops whatever it started.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../shared/config/app-config';
import type { AppServices } from '../shared/services/app-services';
import { DemoGraphServer } from '../shared/demo/demo-graph-server';
import { generateDemoTenant, type DemoTenant } from '../shared/demo/demo-tenant-generator';
import { staticToken } from '../shared/graph/graph-http';
import { loadSnapshotHeader } from '../shared/services/snapshot-repository';
import { syncTenant, type GraphConnection } from '../shared/services/sync-service';
import { demoPbxExport } from '../shared/demo/demo-pbx-export';
import { csvTextSource } from '../shared/pbx/csv-table-reader';
import { importPbxInventory, loadInventoryHeader } from '../shared/services/pbx-import-service';
import { PLAN_DOCUMENT } from '../shared/services/plan-service';
import { seedDemoCustomers } from '../shared/demo/demo-customers';
import { LOCAL_DEV_USER_ID } from '../tab/api/auth';

/** The settings the demo tenant is planned with on first start (the same file the README walks through). */
export const DEMO_SETTINGS_FILE = path.join(__dirname, '..', 'examples', 'settings.json');
/**
 * The demo plan's "today": this many days before the settings' scheduling.startDate, never the wall
 * clock, so every first start (and the demo golden plan) builds the same plan.
 */
export const DEMO_PLAN_LEAD_DAYS = 28;
/** People per demo customer tenant (DEMO_CUSTOMERS). */
export const DEMO_CUSTOMER_USERS = 300;

/** yyyy-mm-dd, DEMO_PLAN_LEAD_DAYS before the settings' start date (or before 2027-01-11 when it has none). */
export function demoPlanToday(settings: { scheduling?: { startDate?: string } }): string {
  const start = settings.scheduling?.startDate ?? '2027-01-11';
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - DEMO_PLAN_LEAD_DAYS);
  return d.toISOString().slice(0, 10);
}

export async function seedLocalDemo(services: AppServices, config: AppConfig): Promise<() => Promise<void>> {
  let tenant: DemoTenant | undefined;
  const demoTenant = () => (tenant ??= generateDemoTenant({ users: config.demo.users, seed: config.demo.seed, tenantId: config.demo.tenantId }));
  let server: DemoGraphServer | undefined;
  let connection: GraphConnection;
  if (config.demo.graphUrl !== undefined) {
    connection = { baseUrl: config.demo.graphUrl, tokenProvider: staticToken(config.demo.graphToken ?? '') };
  } else {
    const token = randomBytes(24).toString('base64url');
    server = new DemoGraphServer({ tenant: demoTenant(), token, host: '127.0.0.1', port: 0 });
    connection = { baseUrl: await server.start(), tokenProvider: staticToken(token) };
  }
  try {
    const existing = await loadSnapshotHeader(services.store, config.demo.tenantId);
    // An earlier run's snapshot came from another ephemeral port: read afresh rather than from its delta link.
    if (!existing || existing.source === 'placeholder') {
      await syncTenant({ store: services.store, graph: connection, tenantId: config.demo.tenantId, mode: 'full', actor: 'local-demo', now: services.now });
    }
    // The same organisation's legacy PBX, once, through the import an admin's export takes (issue 4).
    if (!(await loadInventoryHeader(services.store, config.demo.tenantId))) {
      const pbx = demoPbxExport(demoTenant());
      const lines = csvTextSource(pbx.linesCsv, 'demo-pbx-lines.csv');
      const blocks = csvTextSource(pbx.blocksCsv, 'demo-pbx-blocks.csv');
      await importPbxInventory(services.store, config.demo.tenantId, { lines, blocks }, { actor: 'local-demo', now: services.now() });
    }
    // A realistic migration from the first minute: the example settings and a plan, once (an admin's
    // own settings or plan are never replaced).
    try {
      await seedDemoPlan(services, config.demo.tenantId);
    } catch (err) {
      // Another DEMO_USERS or seed can lack a site or person the example names: the demo still starts, unplanned.
      console.warn(`The demo plan was not built (${err instanceof Error ? err.message : String(err)}); build one from the Plan page or \`vmp plan\`.`);
    }
    // DEMO_CUSTOMERS: the demo tenant as an MSP with small customer tenants, so the switcher and the Portfolio page show something.
    if (config.demo.customers > 0) {
      const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8')) as { scheduling?: { startDate?: string } };
      await seedDemoCustomers(services, {
        mspTenantId: config.demo.tenantId,
        count: config.demo.customers,
        users: DEMO_CUSTOMER_USERS,
        seed: config.demo.seed,
        today: demoPlanToday(settings),
        grantee: { kind: 'user', id: LOCAL_DEV_USER_ID },
        settings,
      });
    }
  } catch (err) {
    await server?.stop();
    throw err;
  }
  services.sync.configure({ ...connection });
  // The People page's view of the demo tenant, computed now rather than by the first admin to open it.
  services.decisionsRefresher.prepareFirstView(config.demo.tenantId).catch(() => undefined);
  return async () => {
    services.sync.configure(undefined);
    await server?.stop();
  };
}

/** Stores examples/settings.json (when no settings exist) and builds the plan (when none exists) on a fixed today. */
export async function seedDemoPlan(services: AppServices, tenantId: string): Promise<void> {
  if (await services.store.getDocument(tenantId, PLAN_DOCUMENT)) return;
  const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8')) as { scheduling?: { startDate?: string } };
  const current = await services.decisions.getSettings(tenantId);
  if (current.version === null) await services.decisions.saveSettings(tenantId, 'local-demo', settings, null);
  const stored = (await services.decisions.getSettings(tenantId)).settings as { scheduling?: { startDate?: string } };
  await services.plan.build(tenantId, 'local-demo', { today: demoPlanToday(stored) });
}
