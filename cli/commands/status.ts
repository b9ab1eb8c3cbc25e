/**
 * `vmp status`: the tenant, its counts and the last sync. Reads the store directly (status-service),
 * not through the app services, so that it loads SQLite and nothing of planning, export or Graph.
 */
import { getTenantStatus } from '../../shared/services/status-service';
import { GlobalOptions, printResult } from '../cli-context';
import { withTenantStore } from '../open-store';

export async function runStatus(options: GlobalOptions): Promise<void> {
  await withTenantStore(options, async (store, tenantId) => {
    const status = await getTenantStatus(store, tenantId);
    printResult(options, status, () => {
      const c = status.counts;
      const lines = [`Tenant: ${status.tenant.name} (${status.tenant.id})`];
      lines.push(status.lastSync ? `Last sync: ${status.lastSync.at} (${status.lastSync.warnings} warnings)` : 'Last sync: never');
      for (const w of status.lastSync?.warningDetails ?? []) lines.push(`  ! ${w.message}`);
      if (c) {
        lines.push(`Users: ${c.users}  resource accounts: ${c.resourceAccounts}  Teams Phone: ${c.teamsPhoneEnabled}`);
        lines.push(`Sites: ${c.sites}  numbers: ${c.numbers}  unmapped people: ${c.unmappedPeople}`);
      }
      return lines.join('\n');
    });
  });
}
