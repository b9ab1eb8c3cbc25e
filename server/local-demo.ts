/**
 * Local mode: make sure the demo tenant has data on first start, so `npm start` shows a realistic
 * migration from the first minute. Returns a function that stops whatever it started.
 */
import type { AppConfig } from '../shared/config/app-config';
import type { AppServices } from '../shared/services/app-services';
import { placeholderTenant } from '../shared/demo/placeholder-tenant';
import { loadSnapshotHeader, saveSnapshot } from '../shared/services/snapshot-repository';

export async function seedLocalDemo(services: AppServices, config: AppConfig): Promise<() => Promise<void>> {
  const existing = await loadSnapshotHeader(services.store, config.demo.tenantId);
  if (!existing) {
    await saveSnapshot(services.store, placeholderTenant(config.demo.tenantId, services.now().toISOString()), 'local-demo');
  }
  return async () => {};
}
