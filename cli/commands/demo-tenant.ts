/**
 * `vmp demo-tenant`: serve a generated demo tenant over a Graph-compatible HTTP API until Ctrl-C,
 * as a sandbox for `vmp sync`, demos and load tests.
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { CliError, EXIT, GlobalOptions } from '../cli-context';
import { DemoGraphServer, DemoGraphFaults } from '../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../shared/demo/demo-tenant-generator';
import { writeDemoPbxExport } from '../../shared/demo/demo-pbx-export';

export function registerDemoTenant(program: Command, globals: () => GlobalOptions): void {
  program
    .command('demo-tenant')
    .description('Serve a generated demo tenant over a Graph-compatible API (until Ctrl-C)')
    .option('--users <n>', 'number of users (50 to 1,000,000)', '2000')
    .option('--seed <s>', 'generator seed: the same seed gives the same tenant', '42')
    .option('--port <p>', 'port (0 = any free port)', '4010')
    .option('--host <h>', 'interface to bind', '127.0.0.1')
    .option('--token <t>', 'bearer token clients must send (default: a random one, printed)')
    .option('--rooms <n>', 'rooms across all sites')
    .option('--teams-numbers <n>', 'pad the Teams number inventory to this many numbers')
    .option('--national-cloud', 'behave like a national cloud: no Teams number or user configuration API')
    .option('--no-licence-read', 'refuse /subscribedSkus (403), as Graph does without LicenseAssignment.Read.All: the sync then reads assignedPlans')
    .option('--throttle-every <n>', 'answer every Nth request with 429 and Retry-After')
    .option('--log', 'log every request to stderr')
    .option('--export-pbx <dir>', 'also write the PBX export of the same tenant (pbx-lines.csv, pbx-blocks.csv) for `vmp import-pbx`')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const options = globals();
      const num = (name: string, min: number, max: number): number | undefined => {
        const raw = opts[name];
        if (raw === undefined) return undefined;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be a whole number from ${min} to ${max}; got "${raw}".`, EXIT.badInput);
        return n;
      };
      const users = num('users', 1, 1_000_000)!;
      const seed = num('seed', 0, 2 ** 31)!;
      const port = num('port', 0, 65535)!;
      const token = (opts.token as string | undefined) ?? randomBytes(18).toString('base64url');
      const faults: DemoGraphFaults = { nationalCloud: !!opts.nationalCloud, refuseSubscribedSkus: opts.licenceRead === false };
      const throttle = num('throttleEvery', 1, 1_000_000);
      if (throttle) faults.throttleEveryNth = throttle;
      const tenant = generateDemoTenant({ users, seed, rooms: num('rooms', 0, 1_000_000), teamsNumbers: num('teamsNumbers', 0, 10_000_000) });
      // The legacy PBX of the same organisation, in the canonical import format (issue 4).
      const pbxExport = typeof opts.exportPbx === 'string' ? writeDemoPbxExport(tenant, opts.exportPbx) : undefined;
      if (pbxExport) process.stderr.write(`PBX export: ${pbxExport.lines} and ${pbxExport.blocks} (vmp import-pbx --lines ... --blocks ...)\n`);
      const server = new DemoGraphServer({ tenant, token, port, host: opts.host as string, faults });
      server.logRequests = !!opts.log;
      const url = await server.start();
      const info = { graphUrl: url, token, tenantId: tenant.tenantId, users: tenant.users.length, sites: tenant.sites.length, numbers: tenant.numberAssignments.length };
      if (options.json) process.stdout.write(`${JSON.stringify(info)}\n`);
      else {
        process.stdout.write(
          `Demo tenant ${tenant.tenantName} (${tenant.tenantId}): ${info.users} accounts, ${info.sites} sites, ${info.numbers} Teams numbers\n` +
            `Graph-compatible API at ${url}  (token: ${token})\n` +
            `Try: vmp sync --graph-url ${url} --token ${token}\nCtrl-C stops it.\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.stop();
    });
}
