/**
 * `vmp demo-tenant`: serve a generated demo tenant over a Graph-compatible HTTP API until Ctrl-C,
 * as a sandbox for `vmp sync`, demos and load tests.
 */
import { randomBytes } from 'node:crypto';
import { CliError, EXIT, GlobalOptions, wholeNumberOption } from '../cli-context';
import { assertOutputFolder } from '../input-files';
import { DemoGraphServer, DemoGraphFaults } from '../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../shared/demo/demo-tenant-generator';
import { writeDemoPbxExport } from '../../shared/demo/demo-pbx-export';

/** Commander's parsed options: strings as typed, booleans for the flags. */
export type DemoTenantOptions = Record<string, string | boolean | undefined>;

export async function runDemoTenant(options: GlobalOptions, opts: DemoTenantOptions): Promise<void> {
  const num = (name: string, min: number, max: number): number | undefined => {
    const raw = opts[name];
    return raw === undefined ? undefined : wholeNumberOption(String(raw), `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, min, max);
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
  if (typeof opts.exportPbx === 'string') assertOutputFolder(opts.exportPbx, '--export-pbx');
  const pbxExport = typeof opts.exportPbx === 'string' ? writeDemoPbxExport(tenant, opts.exportPbx) : undefined;
  if (pbxExport) process.stderr.write(`PBX export: ${pbxExport.lines} and ${pbxExport.blocks} (vmp import-pbx --lines ... --blocks ...)\n`);
  const server = new DemoGraphServer({ tenant, token, port, host: opts.host as string, faults });
  server.logRequests = !!opts.log;
  let url: string;
  try {
    url = await server.start();
  } catch (err) {
    throw listenError(err, port, opts.host as string);
  }
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
}

/** A port or host that cannot be listened on is bad input naming the option; anything else as it was. */
function listenError(err: unknown, port: number, host: string): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new CliError(`--port ${port} is in use on ${host}: choose another port (--port 0 takes any free one).`, EXIT.badInput);
  if (code === 'EACCES') return new CliError(`--port ${port} may not be opened by this user: choose a port above 1023 (--port 0 takes any free one).`, EXIT.badInput);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new CliError(`--host ${host} is no address of this machine to listen on.`, EXIT.badInput);
  return err;
}
