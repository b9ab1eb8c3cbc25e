/**
 * How a worker thread opens its own connection to the server's store: a store object cannot cross
 * threads, the configuration it came from can. SQLite: the same file (WAL and a busy timeout make
 * that safe across threads and processes). Azure Tables: the worker's own clients. The server opens
 * its own store through the same function.
 */
import type { AppConfig } from '../config/app-config';
import type { Store } from './store';

export interface StoreSpec {
  store: AppConfig['store'];
  dbFile: string;
}

/** The configured store as a spec; undefined for an in-memory database, which only its own thread can see. */
export function storeSpecOf(config: Pick<AppConfig, 'store' | 'dbFile'>): StoreSpec | undefined {
  if (config.store.kind === 'sqlite' && config.dbFile === ':memory:') return undefined;
  return { store: config.store, dbFile: config.dbFile };
}

/** A SQLite file's spec (tests, and runners outside the server). */
export function sqliteSpec(file: string): StoreSpec {
  return { store: { kind: 'sqlite' }, dbFile: file };
}

/**
 * @param options.eventLoop the store serves the server's requests on its event loop: a SQLite file's
 *   write-ahead log is then checkpointed, and its old record generations deleted, by a thread of its
 *   own, never inside a request's commit; a large replace committed here writes in 40 ms slices.
 */
export async function openStoreFromSpec(spec: StoreSpec, options: { eventLoop?: boolean } = {}): Promise<Store> {
  const { store } = spec;
  // require, not import(): this file is CommonJS, and only the adapter in use is loaded.
  if (store.kind === 'sqlite') {
    const { SqliteStore } = require('./sqlite-store') as typeof import('./sqlite-store');
    return new SqliteStore(spec.dbFile, options.eventLoop ? { walCheckpoints: 'background', stageSliceMs: 40 } : {});
  }
  const { AzureTableStore } = require('./azure-table-store') as typeof import('./azure-table-store');
  if ('accountUrl' in store) {
    const { DefaultAzureCredential } = require('@azure/identity') as typeof import('@azure/identity');
    return AzureTableStore.open({ accountUrl: store.accountUrl, blobUrl: store.blobUrl, credential: new DefaultAzureCredential(), tablePrefix: store.tablePrefix });
  }
  // Plain http only when every endpoint named is a loopback emulator (Azurite).
  const endpoints = [...store.connectionString.matchAll(/(?:Table|Blob)Endpoint=([^;]+)/gi)].map((m) => m[1]);
  const loopback = endpoints.length > 0 && endpoints.every((e) => /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/i.test(e));
  return AzureTableStore.open({ connectionString: store.connectionString, tablePrefix: store.tablePrefix, allowInsecureConnection: loopback });
}
