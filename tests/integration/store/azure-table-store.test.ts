/**
 * The scale-out store against Azurite (Microsoft's Azure Storage emulator, run offline on an
 * ephemeral port): the same behavioural contract as the SQLite store, plus what is specific to
 * Table Storage (generations cleaned up, no secret in the description).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TableClient, odata } from '@azure/data-tables';
import { AzureTableStore } from '../../../shared/store/azure-table-store';
import { loadConfig } from '../../../shared/config/app-config';
import { startServer } from '../../../server/start';
import { describeStoreContract } from '../../unit/store/store-contract';
import { DEV_KEY, startAzurite, type RunningAzurite } from './azurite';

let azurite: RunningAzurite;
let dir: string;
let connectionString: string;
let prefixes = 0;

beforeAll(async () => {
  azurite = await startAzurite();
  ({ connectionString, dir } = azurite);
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
});

/** Each store gets its own tables (a fresh prefix), so tests never see each other's data. */
function openStore(prefix = `t${++prefixes}x${process.pid}`) {
  return AzureTableStore.open({ connectionString, tablePrefix: prefix, allowInsecureConnection: true });
}

describeStoreContract('AzureTableStore', { open: () => openStore() });

describe('AzureTableStore specifics', () => {
  const TENANT = 'eeeeeeee-5555-4555-8555-555555555555';

  it('describes itself without the account key', async () => {
    const store = await openStore();
    expect(store.description).toMatch(/^azure-tables:127\.0\.0\.1:\d+\/t\d+x\d+$/);
    expect(store.description).not.toContain(DEV_KEY);
    await store.close();
  });

  it('opens existing tables again and keeps their data (a second server instance)', async () => {
    const prefix = `shared${process.pid}`;
    const first = await openStore(prefix);
    await first.upsertTenant(TENANT, 'Contoso');
    await first.commit(TENANT, 'alice', [{ type: 'put-document', kind: 'plan', data: 'v1', expectedVersion: null }]);
    const second = await openStore(prefix);
    expect(await second.getDocument(TENANT, 'plan')).toMatchObject({ version: 1, data: 'v1' });
    // Optimistic concurrency holds across instances, not just inside one process.
    await second.commit(TENANT, 'bob', [{ type: 'put-document', kind: 'plan', data: 'v2', expectedVersion: 1 }]);
    await expect(first.commit(TENANT, 'alice', [{ type: 'put-document', kind: 'plan', data: 'v2b', expectedVersion: 1 }])).rejects.toMatchObject({
      code: 'conflict',
      lastUpdatedBy: 'bob',
    });
  });

  it('replacing a collection leaves exactly one generation of records behind, and a failed commit none', async () => {
    const prefix = `gen${process.pid}`;
    const store = await openStore(prefix);
    await store.upsertTenant(TENANT, 'Contoso');
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, data: { i, pad: 'y'.repeat(2000) } }));
    await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(500) }]);
    await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(400) }]);
    await store.commit(TENANT, 'x', [{ type: 'put-document', kind: 'plan', data: 1, expectedVersion: null }]);
    await expect(
      store.commit(TENANT, 'sync', [
        { type: 'replace-collection', collection: 'people', items: items(10) },
        { type: 'put-document', kind: 'plan', data: 2, expectedVersion: 99 },
      ]),
    ).rejects.toMatchObject({ code: 'conflict' });
    const records = TableClient.fromConnectionString(connectionString, `${prefix}records`, { allowInsecureConnection: true });
    const partitions = new Set<string>();
    for await (const e of records.listEntities({ queryOptions: { filter: odata`PartitionKey ge ''`, select: ['PartitionKey'] } })) {
      partitions.add(e.partitionKey!);
    }
    expect(partitions.size).toBe(1);
    expect(await store.countCollection(TENANT, 'people')).toBe(400);
    expect((await store.listCollection<{ i: number }>(TENANT, 'people')).map((r) => r.i).slice(0, 3)).toEqual([0, 1, 10]);
  });

  it('the server runs on it with STORE=azure-tables (local mode seeds the demo tenant there)', async () => {
    const prefix = `srv${process.pid}`;
    const config = loadConfig({
      APP_MODE: 'local',
      PORT: '0',
      STORE: 'azure-tables',
      AZURE_STORAGE_CONNECTION_STRING: connectionString,
      AZURE_TABLE_PREFIX: prefix,
      DB_FILE: path.join(dir, 'must-not-be-created.sqlite'),
    });
    const running = await startServer(config);
    try {
      const base = `http://127.0.0.1:${(running.server.address() as net.AddressInfo).port}`;
      expect(await (await fetch(`${base}/api/health`)).json()).toMatchObject({ status: 'ok', store: 'azure-tables' });
      const status = await (await fetch(`${base}/api/status`)).json();
      expect(status.counts.users).toBeGreaterThan(0);
      const direct = await openStore(prefix);
      expect(await direct.getTenant(status.tenant.id)).toMatchObject({ displayName: status.tenant.name });
      expect(fs.existsSync(config.dbFile)).toBe(false);
    } finally {
      await running.stop();
    }
  });
});
