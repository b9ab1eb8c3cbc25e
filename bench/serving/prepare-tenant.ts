/**
 * Prepares the serving benchmark's stored tenant into <dir> (see bench/serving/tenant.ts), in its own
 * process: `node --import tsx bench/serving/prepare-tenant.ts <dir>`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { seedDemoPlan } from '../../server/local-demo';
import { DemoGraphServer } from '../../shared/demo/demo-graph-server';
import { demoPbxExport } from '../../shared/demo/demo-pbx-export';
import { generateDemoTenant } from '../../shared/demo/demo-tenant-generator';
import { staticToken } from '../../shared/graph/graph-http';
import { csvTextSource } from '../../shared/pbx/csv-table-reader';
import { createAppServices } from '../../shared/services/app-services';
import { importPbxInventory } from '../../shared/services/pbx-import-service';
import { PLAN_DOCUMENT } from '../../shared/services/plan-service';
import { syncTenant } from '../../shared/services/sync-service';
import { SqliteStore } from '../../shared/store/sqlite-store';
import { BLOCKS_NAME, DB_NAME, LINES_NAME, ROOMS, SEED, TENANT_ID, TenantInfo, USERS } from './tenant';

async function prepare(dir: string): Promise<void> {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const tenant = generateDemoTenant({ users: USERS, seed: SEED, tenantId: TENANT_ID, rooms: ROOMS });
  const token = randomBytes(18).toString('base64url');
  const graph = new DemoGraphServer({ tenant, token, host: '127.0.0.1', port: 0 });
  const url = await graph.start();
  const store = new SqliteStore(path.join(dir, DB_NAME));
  const services = createAppServices(store);
  try {
    const log = (what: string) => process.stderr.write(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    const sync = await syncTenant({ store, graph: { baseUrl: url, tokenProvider: staticToken(token) }, tenantId: TENANT_ID, mode: 'full', actor: 'bench', now: services.now });
    log(`synced ${sync.counts.users} users, ${sync.counts.sites} sites`);
    const pbx = demoPbxExport(tenant);
    fs.writeFileSync(path.join(dir, LINES_NAME), pbx.linesCsv);
    fs.writeFileSync(path.join(dir, BLOCKS_NAME), pbx.blocksCsv);
    await importPbxInventory(
      store,
      TENANT_ID,
      { lines: csvTextSource(pbx.linesCsv, LINES_NAME), blocks: csvTextSource(pbx.blocksCsv, BLOCKS_NAME) },
      { actor: 'bench', now: services.now() },
    );
    log('imported the PBX export');
    // examples/settings.json through the decision service, then the plan on the demo's fixed today.
    await seedDemoPlan(services, TENANT_ID);
    log('saved the settings and built the plan');
    // The read models a first page view would otherwise compute: decisions (People grid) and the Overview's parts.
    await services.decisionsRefresher.refresh(TENANT_ID);
    await services.overview(TENANT_ID);
    log('refreshed the read models');
    const settings = await services.decisions.getSettings(TENANT_ID);
    const plan = await store.getDocument(TENANT_ID, PLAN_DOCUMENT);
    const info: TenantInfo = {
      users: sync.counts.users,
      seed: SEED,
      places: tenant.rooms.length + tenant.roomLists.length + tenant.buildings.length,
      sites: sync.counts.sites,
      siteIds: tenant.sites.map((s) => s.id),
      numbers: sync.counts.numbers,
      pbxLines: tenant.pbx.lines.length,
      settingsVersion: settings.version,
      planVersion: (plan as { version?: number } | undefined)?.version ?? null,
      prepareSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
    fs.writeFileSync(path.join(dir, 'tenant.json'), `${JSON.stringify(info, null, 2)}\n`);
  } finally {
    await services.close();
    await graph.stop();
  }
}

prepare(process.argv[2]).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
