/**
 * The processes of a serving case: the server under test (`server/main.ts --local`, its own process so
 * the load client never shares its event loop, its peak RSS read from /proc) and, where a case syncs,
 * the demo tenant's Graph-compatible server in a third process (so its generated tenant is not in the
 * server's memory; its own peak RSS is reported apart).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpuSecondsOf, peakRssMb } from '../support/processes';
import path from 'node:path';
import { SEED, TENANT_ID, USERS } from './tenant';

export { cpuSecondsOf, peakRssMb };

const ROOT = path.join(__dirname, '..', '..');

export interface Proc {
  child: ChildProcess;
  pid: number;
}


/** Waits for the first stdout line matching `re`, then keeps draining stdout so the child never blocks on it. */
function waitForLine(child: ChildProcess, re: RegExp, what: string, timeoutMs = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let buf = '';
    let done = false;
    const timer = setTimeout(() => finish(new Error(`${what} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const finish = (err?: Error, m?: RegExpExecArray) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(m!);
    };
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (done) return;
      buf += chunk;
      const m = re.exec(buf);
      if (m) finish(undefined, m);
    });
    child.once('exit', (code) => finish(new Error(`${what} exited (${code}) before it was ready`)));
  });
}

export interface ServerProc extends Proc {
  base: string;
  startSeconds: number;
}

/**
 * Starts the server over `dbFile` in local mode. The demo tenant is read from `graph` when given
 * (a sync in the case), else from an address nothing listens on: the store is seeded, so nothing is
 * read from it unless the case syncs. VMP_BENCH_CPU_PROF=<dir> profiles the server (--cpu-prof).
 */
export async function startServer(dbFile: string, graph?: { url: string; token: string }): Promise<ServerProc> {
  const started = process.hrtime.bigint();
  const prof = process.env.VMP_BENCH_CPU_PROF;
  const nodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT, 'server', 'main.ts'), '--local'], {
    cwd: ROOT,
    env: {
      ...process.env,
      APP_MODE: 'local',
      HOST: '127.0.0.1',
      PORT: '0',
      DB_FILE: dbFile,
      DEMO_USERS: String(USERS),
      DEMO_SEED: String(SEED),
      DEMO_TENANT_ID: TENANT_ID,
      DEMO_GRAPH_URL: graph?.url ?? 'http://127.0.0.1:9',
      DEMO_GRAPH_TOKEN: graph?.token ?? 'unused',
      // 50 clients at full speed on the one local identity measure the server, not one admin: no rate limit.
      RATE_LIMIT_USER_PER_SECOND: '0',
      RATE_LIMIT_TENANT_PER_SECOND: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const m = await waitForLine(child, /Health:\s+(http:\/\/[^\s/]+)\/healthz/, 'the server');
  return { child, pid: child.pid!, base: m[1], startSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The demo tenant (same users, seed, tenant id and places as the stored one) served in its own process. */
export async function startDemoGraph(): Promise<Proc & { url: string; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'demo-graph.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const m = await waitForLine(child, /^(\{.*\})$/m, 'the demo Graph server');
  const info = JSON.parse(m[1]) as { url: string; token: string };
  return { child, pid: child.pid!, ...info };
}

/** Stops a process started here (SIGTERM, then SIGKILL after 15 s). */
export async function stop(p: Proc | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
