import type { Command } from 'commander';
import { GlobalOptions, printResult, withTenant } from '../cli-context';

export function registerStatus(program: Command, globals: () => GlobalOptions): void {
  program
    .command('status')
    .description('Show the tenant, its counts and the last sync')
    .action(async () => {
      const options = globals();
      await withTenant(options, async (services, tenantId) => {
        const status = await services.status(tenantId);
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
    });
}
