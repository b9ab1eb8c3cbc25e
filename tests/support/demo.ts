/**
 * The demo tenant as the golden tests start from it: generated (400 users, seed 42), served by the
 * demo Graph server, read by a full sync into a fresh in-memory store on a fixed clock, and its
 * PBX export imported. Local mode does the same on first start; the golden tests do it here with
 * fixed names and clock so their output is byte for byte the same every run.
 */
import { DemoGraphServer } from '../../shared/demo/demo-graph-server';
import { demoPbxExport } from '../../shared/demo/demo-pbx-export';
import { generateDemoTenant } from '../../shared/demo/demo-tenant-generator';
import { staticToken } from '../../shared/graph/graph-http';
import { csvTextSource } from '../../shared/pbx/csv-table-reader';
import { createAppServices, type AppServices } from '../../shared/services/app-services';
import { importPbxInventory } from '../../shared/services/pbx-import-service';
import { syncTenant } from '../../shared/services/sync-service';
import { SqliteStore } from '../../shared/store/sqlite-store';

/** Runs `run` on the synced and imported demo tenant, then closes the store and stops the Graph server. */
export async function withSyncedDemoTenant<T>(now: Date, run: (services: AppServices, tenantId: string) => Promise<T>): Promise<T> {
  const tenant = generateDemoTenant({ users: 400, seed: 42 });
  const server = new DemoGraphServer({ tenant, token: 'golden' });
  await server.start();
  const services = createAppServices(new SqliteStore(':memory:'), () => now);
  try {
    const sync = await syncTenant({ store: services.store, graph: { baseUrl: server.url, tokenProvider: staticToken('golden') }, mode: 'full', actor: 'test', now: () => now });
    const pbx = demoPbxExport(tenant);
    const report = await importPbxInventory(
      services.store,
      sync.tenantId,
      { lines: csvTextSource(pbx.linesCsv, 'pbx-lines.csv'), blocks: csvTextSource(pbx.blocksCsv, 'pbx-blocks.csv') },
      { actor: 'test', now },
    );
    expect(report.accepted).toBe(true);
    return await run(services, sync.tenantId);
  } finally {
    await services.close();
    await server.stop();
  }
}
