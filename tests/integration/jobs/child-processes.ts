/**
 * Child processes for the job tests, each a real Node process running the TypeScript sources:
 * a demo Graph tenant (so that serving Graph pages does not load the test's own event loop), and a
 * server's job runner over a SQLite file (so that a test can SIGKILL it in the middle of a job).
 * Each prints one JSON line on stdout once it is ready.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

export interface Child {
  process: ChildProcess;
  ready: Record<string, unknown>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts this file as a child process in the given role and waits for its ready line. */
export function startChild(role: 'demo-graph' | 'runner', args: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, role, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        resolve({
          process: child,
          ready: JSON.parse(line),
          kill: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the ${role} child exited (${code}) before it was ready: ${stderr}`)));
  });
}

async function main(role: string, args: string[]): Promise<void> {
  if (role === 'demo-graph') {
    const { generateDemoTenant } = require('../../../shared/demo/demo-tenant-generator') as typeof import('../../../shared/demo/demo-tenant-generator');
    const { DemoGraphServer } = require('../../../shared/demo/demo-graph-server') as typeof import('../../../shared/demo/demo-graph-server');
    const [users, tenantId, token] = args;
    const server = new DemoGraphServer({ tenant: generateDemoTenant({ users: Number(users), seed: 7, tenantId }), token, host: '127.0.0.1', port: 0 });
    const url = await server.start();
    process.stdout.write(`${JSON.stringify({ url })}\n`);
    return;
  }
  if (role === 'runner') {
    const { createAppServices } = require('../../../shared/services/app-services') as typeof import('../../../shared/services/app-services');
    const { SqliteStore } = require('../../../shared/store/sqlite-store') as typeof import('../../../shared/store/sqlite-store');
    const { sqliteSpec } = require('../../../shared/store/store-spec') as typeof import('../../../shared/store/store-spec');
    const { JobRunner } = require('../../../shared/jobs/job-runner') as typeof import('../../../shared/jobs/job-runner');
    const [file, instanceName] = args;
    const services = createAppServices(new SqliteStore(file));
    const runner = new JobRunner({ services, storeSpec: sqliteSpec(file), instanceName, pollMs: 100, progressMs: 100, leaseMs: 60_000 });
    runner.start();
    process.stdout.write(`${JSON.stringify({ instanceId: runner.instanceId })}\n`);
  }
}

if (require.main === module) {
  main(process.argv[2], process.argv.slice(3)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
