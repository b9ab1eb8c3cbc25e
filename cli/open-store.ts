/**
 * The SQLite store alone, for the commands that need nothing more (`vmp status`, `vmp sync`,
 * `vmp import-pbx`): opening it loads better-sqlite3 and the store, not every service (services.ts).
 */
import { SqliteStore } from '../shared/store/sqlite-store';
import { GlobalOptions, resolveTenantId } from './cli-context';

/** Opens the --db store, runs `run` and closes the store, also when `run` fails. */
export async function withStore<T>(options: GlobalOptions, run: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(options.db);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

/** Opens the store and picks the tenant (resolveTenantId), like withTenant without the services. */
export async function withTenantStore<T>(options: GlobalOptions, run: (store: SqliteStore, tenantId: string) => Promise<T>): Promise<T> {
  return withStore(options, async (store) => run(store, await resolveTenantId(store, options)));
}
