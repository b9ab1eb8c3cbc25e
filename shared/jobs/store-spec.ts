/**
 * How a worker thread opens its own connection to the server's store: a store object cannot cross
 * threads, its description can. SQLite: the same file (WAL and a busy timeout make that safe across
 * threads and processes). Azure Tables: the worker's own clients.
 */
import type { AppConfig } from '../config/app-config';
import type { Store } from '../store/store';

export type StoreSpec =
  | { kind: 'sqlite'; file: string }
  | { kind: 'azure-tables'; connectionString: string; tablePrefix: string }
  | { kind: 'azure-tables'; accountUrl: string; tablePrefix: string };

/** The configured store as a spec; undefined for an in-memory database, which only its own thread can see. */
export function storeSpecOf(config: Pick<AppConfig, 'store' | 'dbFile'>): StoreSpec | undefined {
  if (config.store.kind === 'sqlite') return config.dbFile === ':memory:' ? undefined : { kind: 'sqlite', file: config.dbFile };
  return config.store;
}

export async function openStoreFromSpec(spec: StoreSpec): Promise<Store> {
  if (spec.kind === 'sqlite') {
    // require, not import(): this file is CommonJS, and only the adapter in use is loaded.
    const { SqliteStore } = require('../store/sqlite-store') as typeof import('../store/sqlite-store');
    return new SqliteStore(spec.file);
  }
  const { AzureTableStore } = require('../store/azure-table-store') as typeof import('../store/azure-table-store');
  if ('accountUrl' in spec) {
    const { DefaultAzureCredential } = await import('@azure/identity');
    return AzureTableStore.open({ accountUrl: spec.accountUrl, credential: new DefaultAzureCredential(), tablePrefix: spec.tablePrefix });
  }
  // The same rule as the server's own connection: plain http only for a loopback emulator (Azurite).
  const endpoint = /TableEndpoint=([^;]+)/i.exec(spec.connectionString)?.[1] ?? '';
  const loopback = /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/i.test(endpoint);
  return AzureTableStore.open({ connectionString: spec.connectionString, tablePrefix: spec.tablePrefix, allowInsecureConnection: loopback });
}
