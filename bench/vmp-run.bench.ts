/**
 * The whole `vmp run` (an MSP's per-customer job) at 100,000 users: sync from the demo Graph server
 * (its own process, `vmp demo-tenant`, so its memory is not counted) placing people with
 * examples/site-rules.json, import the tenant's PBX export, plan with examples/settings.json and write
 * every output (workbooks, runbooks, CSVs) into a fresh store. Measured in this process through the
 * CLI's own entry (runCli), so peak RSS is the run's. The notes give each step's seconds and peak
 * resident set (sampled every 20 ms) and the load average.
 * Targets (issue 12): under 15 s and 600 MB.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
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

/**
 * Samples this process's resident set every 20 ms from a worker thread (the main thread is busy
 * running the steps), so each step's peak can be told apart from the process's.
 */
function startRssSampler(): { stop(): Promise<[number, number][]> } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const fs = require('node:fs');
     const samples = [];
     const rss = () => { const s = fs.readFileSync('/proc/self/status', 'utf8'); const i = s.indexOf('VmRSS:'); return i < 0 ? 0 : parseInt(s.slice(i + 6).trim(), 10) / 1024; };
     const timer = setInterval(() => samples.push([Date.now(), rss()]), 20);
     parentPort.on('message', () => { clearInterval(timer); parentPort.postMessage(samples); });`,
    { eval: true },
  );
  return {
    async stop() {
      const samples = new Promise<[number, number][]>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const result = await samples;
      await worker.terminate();
      return result;
    },
  };
}

/**
 * The largest sample inside each step. The steps are laid end to end backwards from `endedAt` (when
 * runCli returned): before the first step come the command's module loading and store opening, which
 * the timings do not cover, while after the last only the store is closed and its folder removed.
 */
function peaksByStep(samples: [number, number][], endedAt: number, timings: Record<string, number>): Record<string, number> {
  const peaks: Record<string, number> = {};
  let from = endedAt - Object.values(timings).reduce((a, b) => a + b, 0);
  for (const [step, ms] of Object.entries(timings)) {
    const to = from + ms;
    let peak = 0;
    for (const [at, mb] of samples) if (at >= from && at < to && mb > peak) peak = mb;
    peaks[`${step}PeakMb`] = Math.round(peak);
    from = to;
  }
  return peaks;
}

async function vmpRun(p: Prepared): Promise<Record<string, number | string>> {
  const sampler = startRssSampler();
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
      // As an MSP runs it: the tenant's office-location codes mapped to sites.
      '--site-rules', path.join(ROOT, 'examples', 'site-rules.json'),
      '--today', '2027-01-11',
      '--out', path.join(p.dir, 'out'),
      '--json',
    ]);
  } finally {
    process.stdout.write = write;
  }
  const endedAt = Date.now();
  const used = process.cpuUsage(cpu);
  const samples = await sampler.stop();
  if (code !== 0) throw new Error(`vmp run exited ${code}: ${printed.slice(0, 2000)}`);
  const summary = JSON.parse(printed) as { timings?: Record<string, number>; plan?: Record<string, number>; sync?: Record<string, number> };
  // The machine's load while this ran: figures from a busy machine are not comparable with quiet ones.
  const notes: Record<string, number | string> = { cpuSeconds: Math.round((used.user + used.system) / 1e4) / 100, load1: Math.round(os.loadavg()[0] * 100) / 100 };
  for (const [k, v] of Object.entries(summary.timings ?? {})) if (typeof v === 'number') notes[`${k}S`] = Math.round(v / 10) / 100;
  Object.assign(notes, peaksByStep(samples, endedAt, summary.timings ?? {}));
  for (const [k, v] of Object.entries(summary.plan ?? {})) if (typeof v === 'number') notes[k] = v;
  if (typeof summary.sync?.unmappedPeople === 'number') notes.unmappedPeople = summary.sync.unmappedPeople;
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
