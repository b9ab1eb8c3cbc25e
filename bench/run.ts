/**
 * `npm run bench [-- <name filter>]`: runs every bench/*.bench.ts case in its own process, prints a
 * table (time, peak RSS, floor, ratio, target) and writes bench/results/latest.json.
 * Timings on a shared machine are noisy: compare ratios within one run, not absolute seconds.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchDefinition, CaseResult } from './harness';

const BENCH_DIR = __dirname;

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = fs
    .readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
    .sort();
  const results: CaseResult[] = [];
  for (const file of files) {
    const full = path.join(BENCH_DIR, file);
    const mod = await import(full);
    const def: BenchDefinition = mod.default?.cases ? mod.default : mod.default?.default;
    const byId = new Map<string, CaseResult>();
    // Floors first, so each case can be compared with a floor measured in this same run.
    const ordered = [...def.cases].sort((a, b) => Number(!isFloor(def, a.id)) - Number(!isFloor(def, b.id)));
    // Rounds alternate: every case of round 1 (floors first), then round 2, ... A case reports its
    // median run, so floor and case are compared at like moments of a shared machine.
    const runs = new Map<string, CaseResult[]>();
    const rounds = Math.max(1, ...def.cases.map((c) => c.rounds ?? 1));
    for (let round = 0; round < rounds; round++) {
      for (const c of ordered) {
        const n = Math.max(1, c.rounds ?? 1);
        if (round >= n) continue;
        process.stderr.write(`bench ${def.name} / ${c.label}${n > 1 ? ` (round ${round + 1}/${n})` : ''} ...\n`);
        const out = execFileSync(
          process.execPath,
          ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', path.join(BENCH_DIR, 'child.ts'), full, c.id],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 },
        );
        const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
        if (!line) throw new Error(`case ${c.id} printed no result`);
        const r = JSON.parse(line.slice('BENCH_RESULT '.length));
        const result: CaseResult = { bench: def.name, id: c.id, label: c.label, size: c.size, ...r, floor: c.floor, targets: c.targets };
        let l = runs.get(c.id);
        if (!l) runs.set(c.id, (l = []));
        l.push(result);
      }
    }
    for (const [id, l] of runs) {
      if (l.length === 1) {
        byId.set(id, l[0]);
        continue;
      }
      const sorted = [...l].sort((a, b) => a.seconds - b.seconds);
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      byId.set(id, {
        ...median,
        peakRssMb: Math.max(...l.map((r) => r.peakRssMb)),
        notes: { ...median.notes, rounds: l.length, roundSeconds: l.map((r) => r.seconds.toFixed(2)).join('/') },
      });
    }
    for (const c of def.cases) {
      const r = byId.get(c.id)!;
      if (c.floor) {
        const f = byId.get(c.floor);
        if (f) {
          r.floorSeconds = f.seconds;
          r.ratio = r.seconds / f.seconds;
          // CPU time is steadier than wall time on a shared machine: give its ratio too when both report it.
          const cpu = r.notes?.cpuSeconds;
          const floorCpu = f.notes?.cpuSeconds;
          if (typeof cpu === 'number' && typeof floorCpu === 'number' && floorCpu > 0) r.notes = { ...r.notes, cpuRatio: +(cpu / floorCpu).toFixed(2) };
        }
      }
      if (c.targets) {
        const t = c.targets;
        r.ok =
          (t.maxRatio === undefined || (r.ratio !== undefined && r.ratio <= t.maxRatio)) &&
          (t.maxSeconds === undefined || r.seconds <= t.maxSeconds) &&
          (t.maxRssMb === undefined || r.peakRssMb <= t.maxRssMb);
      }
      results.push(r);
    }
  }
  printTable(results);
  const outFile = path.join(BENCH_DIR, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const existing = fs.existsSync(outFile) && filter ? (JSON.parse(fs.readFileSync(outFile, 'utf8')).results as CaseResult[]) : [];
  const merged = [...existing.filter((e) => !results.some((r) => r.bench === e.bench && r.id === e.id)), ...results];
  fs.writeFileSync(
    outFile,
    `${JSON.stringify({ ranAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, results: merged }, null, 2)}\n`,
  );
  process.stderr.write(`wrote ${path.relative(process.cwd(), outFile)}\n`);
  if (results.some((r) => r.ok === false)) process.exitCode = 1;
}

function isFloor(def: BenchDefinition, id: string): boolean {
  return def.cases.some((c) => c.floor === id);
}

function printTable(results: CaseResult[]): void {
  const header = ['benchmark', 'case', 'size', 'time s', 'peak RSS MB', 'floor s', 'ratio', 'target', 'ok'];
  const rows = results.map((r) => [
    r.bench,
    r.label,
    r.size ?? '',
    r.seconds.toFixed(2),
    r.peakRssMb.toFixed(0),
    r.floorSeconds?.toFixed(2) ?? '',
    r.ratio?.toFixed(2) ?? '',
    targetText(r),
    r.ok === undefined ? '' : r.ok ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(fmt(row));
  for (const r of results) if (r.notes) console.log(`  ${r.bench} / ${r.label}: ${JSON.stringify(r.notes)}`);
}

function targetText(r: CaseResult): string {
  const t = r.targets;
  if (!t) return '';
  return [
    t.maxRatio !== undefined ? `ratio<=${t.maxRatio}` : '',
    t.maxSeconds !== undefined ? `<=${t.maxSeconds}s` : '',
    t.maxRssMb !== undefined ? `<=${t.maxRssMb}MB` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
