/**
 * How long `vmp` takes to start and answer, against the floor of starting Node at all (`node -e 0`):
 * `vmp --help` and `vmp status` on a small stored tenant, each from a compiled build and from the
 * TypeScript sources (through tsx, what a checkout without a fresh build runs), and `vmp status` compiled
 * on the serving benchmark's 100,000-user tenant with its plan (its reads do not grow with the tenant). Issue 12's targets:
 * `vmp --help` < 0.25 s, `vmp status` < 0.4 s.
 *
 * Each round spawns the command once and times that spawn; the runner alternates seven rounds of every
 * case (floor first) and reports the median. The compiled cases run bin/vmp.js in a copy of the sources
 * built with `tsc -p tsconfig.build.json`, so they pay the launcher's staleness check as a checkout with
 * a fresh build does; the copy is made and built once per state of the sources, in the temp folder,
 * and reused by later rounds and runs. A warm-up spawn before the clock (also tsx's compile cache)
 * checks which entry bin/vmp.js picked and records the vmp process's own peak RSS (`vmpRssMb`): the
 * table's peak RSS is the benchmark child's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';

const ROOT = path.join(__dirname, '..');
/** What tsconfig.build.json compiles, and what decides how; copied into the benchmark's checkout. */
const SOURCE_DIRS = ['cli', 'shared', 'server', 'bot', path.join('tab', 'api')];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', path.join('bin', 'vmp.js')];
const ROUNDS = 7;
const PREFIX = 'vmp-bench-cli-startup-';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

function sourceFiles(): string[] {
  const files = [...SOURCE_DIRS.flatMap((d) => filesUnder(path.join(ROOT, d))), ...SOURCE_FILES.map((f) => path.join(ROOT, f))];
  return files.map((f) => path.relative(ROOT, f)).sort();
}

/**
 * Two copies of the current sources under the temp folder, keyed by their content: `sources/` as they
 * are and `built/` with dist/ compiled from them. Made once; later rounds (other processes) reuse them.
 */
function preparedTrees(): { sources: string; built: string } {
  const files = sourceFiles();
  const hash = crypto.createHash('sha256');
  for (const f of files) hash.update(`${f}\0`).update(fs.readFileSync(path.join(ROOT, f))).update('\0');
  const dir = path.join(os.tmpdir(), `${PREFIX}${hash.digest('hex').slice(0, 16)}`);
  if (fs.existsSync(path.join(dir, 'complete'))) return { sources: path.join(dir, 'sources'), built: path.join(dir, 'built') };
  for (const old of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith(PREFIX))) fs.rmSync(path.join(os.tmpdir(), old), { recursive: true, force: true });
  const work = `${dir}.tmp-${process.pid}`;
  for (const tree of ['sources', 'built']) {
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(work, tree, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(work, tree, f));
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(work, tree, 'node_modules'), 'junction');
  }
  process.stderr.write('  building the CLI (tsc -p tsconfig.build.json) into a copy of the sources, once ...\n');
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(work, 'built', 'tsconfig.build.json')], { stdio: 'pipe' });
  } catch (err) {
    // Type errors are `npm run typecheck`'s to report: tsc still emits, and that output is what is timed.
    if (!fs.existsSync(path.join(work, 'built', 'dist', 'cli', 'main.js'))) throw err;
  }
  fs.writeFileSync(path.join(work, 'complete'), '');
  fs.renameSync(work, dir);
  return { sources: path.join(dir, 'sources'), built: path.join(dir, 'built') };
}

interface Prepared {
  bin: string;
  args: string[];
  cwd: string;
  expect: RegExp;
  notes: Record<string, number | string>;
  cleanup?: string;
}

/** Spawns node with these arguments; anything but exit 0 with the expected output fails the case. */
function spawnNode(p: Pick<Prepared, 'bin' | 'args' | 'cwd' | 'expect'>, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [p.bin, ...p.args], { cwd: p.cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (r.status !== 0 || !p.expect.test(r.stdout)) throw new Error(`${[p.bin, ...p.args].join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A small stored tenant (tests/support's two-site tenant) in a fresh temp folder. */
async function smallTenantDb(): Promise<{ dir: string; db: string }> {
  // Loaded here, not at the top: the help cases' processes need none of it.
  const { SqliteStore } = require('../shared/store/sqlite-store') as typeof import('../shared/store/sqlite-store');
  const { storeSmallTenant } = require('../tests/support/small-tenant-store') as typeof import('../tests/support/small-tenant-store');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-status-'));
  const db = path.join(dir, 'vmp.sqlite');
  const store = new SqliteStore(db);
  await storeSmallTenant(store);
  await store.close();
  return { dir, db };
}

/** A private copy of the serving benchmark's cached 100,000-user tenant (prepared once, bench/serving/tenant.ts). */
function largeTenantDb(): { dir: string; db: string } {
  const { copyTenantDb, ensureTenant } = require('./serving/tenant') as typeof import('./serving/tenant');
  const { dbFile, workDir } = copyTenantDb(ensureTenant().dir);
  return { dir: workDir, db: dbFile };
}

function vmpCase(id: string, label: string, from: 'built' | 'sources', command: 'help' | 'status' | 'status-100k', maxSeconds: number) {
  return {
    id,
    label,
    floor: 'node',
    rounds: ROUNDS,
    targets: { maxSeconds },
    async setup(): Promise<Prepared> {
      const root = preparedTrees()[from];
      const tenant = command === 'status' ? await smallTenantDb() : command === 'status-100k' ? largeTenantDb() : undefined;
      const p: Prepared = {
        bin: path.join(root, 'bin', 'vmp.js'),
        args: tenant ? ['status', '--db', tenant.db] : ['--help'],
        cwd: root,
        // The large tenant has a plan: its status reads the plan, migration-status and PBX documents too.
        expect: command === 'status' ? /^Tenant: Contoso \(contoso\)$/m : command === 'status-100k' ? /^Users: 100,000 .*\n[\s\S]*^Progress on /m : /^Usage: vmp /,
        notes: {},
        cleanup: tenant?.dir,
      };
      // Warm-up: which entry the launcher picked, and the vmp process's own peak RSS.
      const rssFile = path.join(os.tmpdir(), `vmp-bench-rss-${process.pid}`);
      const preload = path.join(os.tmpdir(), `vmp-bench-rss-${process.pid}.js`);
      fs.writeFileSync(preload, "process.on('exit', () => require('fs').writeFileSync(process.env.VMP_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n");
      const warm = spawnNode(p, { VMP_DEBUG_ENTRY: '1', VMP_BENCH_RSS: rssFile, NODE_OPTIONS: `--require ${JSON.stringify(preload)}` });
      const entry = /vmp: running (\w+)/.exec(warm.stderr)?.[1];
      const expected = from === 'built' ? 'dist' : 'sources';
      if (entry !== expected) throw new Error(`bin/vmp.js ran ${entry ?? 'nothing it said'}, not ${expected}:\n${warm.stderr}`);
      p.notes = { entry, vmpRssMb: Math.round(Number(fs.readFileSync(rssFile, 'utf8')) / 1024) };
      fs.rmSync(rssFile, { force: true });
      fs.rmSync(preload, { force: true });
      return p;
    },
    run(p: Prepared) {
      spawnNode(p);
      return p.notes;
    },
    teardown(p: Prepared) {
      if (p.cleanup) fs.rmSync(p.cleanup, { recursive: true, force: true });
    },
  };
}

export default defineBench({
  name: 'cli-startup',
  cases: [
    {
      id: 'node',
      label: 'node -e 0 (floor)',
      rounds: ROUNDS,
      run() {
        spawnNode({ bin: '-e', args: ['0'], cwd: ROOT, expect: /^$/ });
      },
    },
    vmpCase('help-built', 'vmp --help, compiled (fresh build)', 'built', 'help', 0.25),
    vmpCase('status-built', 'vmp status, small tenant, compiled', 'built', 'status', 0.4),
    vmpCase('help-sources', 'vmp --help, from the sources (tsx)', 'sources', 'help', 0.25),
    vmpCase('status-sources', 'vmp status, small tenant, from the sources (tsx)', 'sources', 'status', 0.4),
    vmpCase('status-built-100k', 'vmp status, 100k tenant with its plan, compiled', 'built', 'status-100k', 0.4),
  ],
});
