/**
 * The whole `vmp run` (an MSP's per-customer job) at 100,000 users: sync from the demo Graph server
 * (its own process, `vmp demo-tenant`, so its memory is not counted), import the tenant's PBX export,
 * plan with examples/settings.json and write every output (workbooks, runbooks, CSVs) into a fresh
 * store. Measured in this process through the CLI's own entry (runCli), so peak RSS is the run's.
 * Targets (issue 12): under 15 s and 600 MB.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import { runCli } from '../cli/program';
import { startDemoTenantProcess } from './support/processes';

const TOKEN = 'bench-token';
const ROOT = path.join(__dirname, '..');

interface Prepared {
  child: ChildProcess;
  url: string;
  dir: string;
}

async function startDemo(users: number): Promise<Prepared> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-run-'));
  const { child, info } = await startDemoTenantProcess(['--users', String(users), '--seed', '42', '--port', '0', '--token', TOKEN, '--export-pbx', path.join(dir, 'pbx')]);
  return { child, url: info.graphUrl, dir };
}

async function stopDemo(p: Prepared): Promise<void> {
  p.child.kill('SIGINT');
  await new Promise((r) => p.child.once('exit', r));
  fs.rmSync(p.dir, { recursive: true, force: true });
}

async function vmpRun(p: Prepared): Promise<Record<string, number | string>> {
  const cpu = process.cpuUsage();
  // runCli prints the run's JSON summary; keep it out of the bench's own output.
  const write = process.stdout.write.bind(process.stdout);
  let printed = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  let code: number;
  try {
    code = await runCli([
      'run',
      '--graph-url', p.url,
      '--token', TOKEN,
      '--lines', path.join(p.dir, 'pbx', 'pbx-lines.csv'),
      '--blocks', path.join(p.dir, 'pbx', 'pbx-blocks.csv'),
      '--settings', path.join(ROOT, 'examples', 'settings.json'),
      '--today', '2027-01-11',
      '--out', path.join(p.dir, 'out'),
      '--json',
    ]);
  } finally {
    process.stdout.write = write;
  }
  if (code !== 0) throw new Error(`vmp run exited ${code}: ${printed.slice(0, 2000)}`);
  const used = process.cpuUsage(cpu);
  const summary = JSON.parse(printed) as { timings?: Record<string, number>; plan?: Record<string, number> };
  const notes: Record<string, number | string> = { cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100 };
  for (const [k, v] of Object.entries(summary.timings ?? {})) if (typeof v === 'number') notes[`${k}S`] = Math.round(v / 10) / 100;
  for (const [k, v] of Object.entries(summary.plan ?? {})) if (typeof v === 'number') notes[k] = v;
  return notes;
}

export default defineBench({
  name: 'vmp-run',
  cases: [
    {
      id: 'run-100k',
      label: 'vmp run: sync, PBX import, plan, every output',
      size: '100k users',
      setup: () => startDemo(100_000),
      run: vmpRun,
      teardown: stopDemo,
      targets: { maxSeconds: 15, maxRssMb: 600 },
    },
  ],
});
