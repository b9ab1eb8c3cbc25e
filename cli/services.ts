/**
 * Opening the store with every use case on it (createAppServices), for the commands that plan, decide,
 * export or edit site rules. That loads the whole service layer (exceljs among it), so only those
 * commands' implementations import this file; see open-store.ts for the store alone.
 */
import { createAppServices, AppServices } from '../shared/services/app-services';
import { SqliteStore } from '../shared/store/sqlite-store';
import { GlobalOptions, resolveTenantId } from './cli-context';

export async function withServices<T>(options: GlobalOptions, run: (services: AppServices) => Promise<T>): Promise<T> {
  const services = createAppServices(new SqliteStore(options.db));
  try {
    return await run(services);
  } finally {
    await services.close();
  }
}

/** Opens the store and picks the tenant (resolveTenantId): the start of every command that works on one tenant. */
export async function withTenant<T>(options: GlobalOptions, run: (services: AppServices, tenantId: string) => Promise<T>): Promise<T> {
  return withServices(options, async (services) => run(services, await resolveTenantId(services.store, options)));
}
