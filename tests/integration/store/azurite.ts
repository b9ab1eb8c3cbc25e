/**
 * Azurite (Microsoft's Azure Storage emulator, installed from npm) with the Table and Blob services
 * on ephemeral loopback ports, in memory, for the store tests and bench/azure-store.bench.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
// Azurite's well-known development account (public, documented by Microsoft; not a secret).
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  /** Table and Blob endpoints of the development account. */
  connectionString: string;
  tableEndpoint: string;
  blobEndpoint: string;
  /** A scratch folder that stop() removes. */
  dir: string;
  /** The emulator processes' resident memory, for benchmarks (0 where /proc is not there). */
  rssMb(): number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** One emulator service (`azurite-table` or `azurite-blob`) as its own process: they then use both cores. */
async function startService(bin: string, args: string[], cwd: string): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', bin), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${bin} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (d: Buffer) => {
      output += d;
      if (/successfully (started|listen)/i.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${bin} exited with ${code}:\n${output}`));
    });
  });
  // Keep draining the pipes so a chatty emulator never blocks on a full buffer.
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

export async function startAzurite(): Promise<RunningAzurite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-azurite-'));
  const common = ['--inMemoryPersistence', '--skipApiVersionCheck', '--disableTelemetry', '--silent'];
  const [tablePort, blobPort] = [await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    children.push(await startService('azurite-table', [...common, '--tableHost', '127.0.0.1', '--tablePort', String(tablePort)], dir));
    children.push(await startService('azurite-blob', [...common, '--blobHost', '127.0.0.1', '--blobPort', String(blobPort)], dir));
  } catch (err) {
    await stop();
    throw err;
  }
  const tableEndpoint = `http://127.0.0.1:${tablePort}/${DEV_ACCOUNT}`;
  const blobEndpoint = `http://127.0.0.1:${blobPort}/${DEV_ACCOUNT}`;
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` + `TableEndpoint=${tableEndpoint};BlobEndpoint=${blobEndpoint};`,
    tableEndpoint,
    blobEndpoint,
    dir,
    rssMb: () =>
      children.reduce((sum, child) => {
        try {
          const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return sum + Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
        } catch {
          return sum;
        }
      }, 0),
    stop,
  };
}
