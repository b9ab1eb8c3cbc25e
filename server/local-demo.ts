/**
 * Local mode: the demo tenant is served by the Graph-compatible demo server, in this process, on an
 * ephemeral loopback port with a random per-process token, and read through the real Graph client
 * on first start - the same path a production sync takes. `POST /api/sync` syncs from it again.
 * Returns a function that stops whatever it started.
 */
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../shared/config/app-config';
import type { AppServices } from '../shared/services/app-services';
import { DemoGraphServer } from '../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../shared/demo/demo-tenant-generator';
import { staticToken } from '../shared/graph/graph-http';
import { loadSnapshotHeader } from '../shared/services/snapshot-repository';
import { syncTenant } from '../shared/services/sync-service';
import { demoPbxExport } from '../shared/demo/demo-pbx-export';
import { csvTextSource } from '../shared/pbx/csv-table-reader';
import { importPbxInventory, loadInventoryHeader } from '../shared/services/pbx-import-service';

export async function seedLocalDemo(services: AppServices, config: AppConfig): Promise<() => Promise<void>> {
  const tenant = generateDemoTenant({ users: config.demo.users, seed: config.demo.seed, tenantId: config.demo.tenantId });
  const token = randomBytes(24).toString('base64url');
  const server = new DemoGraphServer({ tenant, token, host: '127.0.0.1', port: 0 });
  const url = await server.start();
  const connection = { baseUrl: url, tokenProvider: staticToken(token) };
  try {
    const existing = await loadSnapshotHeader(services.store, config.demo.tenantId);
    // An earlier run's snapshot came from another ephemeral port: read afresh rather than from its delta link.
    if (!existing || existing.source === 'placeholder') {
      await syncTenant({ store: services.store, graph: connection, tenantId: config.demo.tenantId, mode: 'full', actor: 'local-demo', now: services.now });
    }
    // The same organisation's legacy PBX, once, through the import an admin's export takes (issue 4).
    if (!(await loadInventoryHeader(services.store, config.demo.tenantId))) {
      const pbx = demoPbxExport(tenant);
      const lines = csvTextSource(pbx.linesCsv, 'demo-pbx-lines.csv');
      const blocks = csvTextSource(pbx.blocksCsv, 'demo-pbx-blocks.csv');
      await importPbxInventory(services.store, config.demo.tenantId, { lines, blocks }, { actor: 'local-demo', now: services.now() });
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
  services.sync.configure({ ...connection });
  return async () => {
    services.sync.configure(undefined);
    await server.stop();
  };
}
