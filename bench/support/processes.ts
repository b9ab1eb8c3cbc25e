/**
 * Child processes of the benchmarks: their CPU time and peak memory from /proc, and the demo tenant's
 * Graph-compatible server (`vmp demo-tenant`) started in a process of its own, so the generated tenant
 * is not in the measured process's memory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

/** User + system CPU seconds of a live process, from /proc/<pid>/stat (undefined where there is none). */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the ")" that closes the command name: utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return undefined;
  }
}

/** Peak resident set (VmHWM) of a live process in MB, from /proc; undefined where there is none. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/**
 * Starts `vmp demo-tenant <args> --json` and waits for the line it prints once listening
 * ({graphUrl, token, tenantId, ...}).
 */
export async function startDemoTenantProcess(args: string[]): Promise<{ child: ChildProcess; info: { graphUrl: string } & Record<string, unknown> }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'vmp.js'), 'demo-tenant', ...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (c) => {
      buf += c;
      if (buf.includes('\n')) resolve(buf.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`demo tenant server exited (${code})`)));
  });
  return { child, info: JSON.parse(line) };
}
