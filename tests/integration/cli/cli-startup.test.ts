/**
 * How `vmp` starts, checked without timing anything:
 * - which modules a real `vmp` process loads (recorded by record-loaded-modules.js at exit): `--help`,
 *   `<cmd> --help` and `status` load none of the heavy dependencies, while a command that needs the
 *   services does (so the recorder is seen to work);
 * - which entry bin/vmp.js picks: the compiled build only while it is newer than every source, never a
 *   stale one in a checkout, always dist/ in a deployed package without sources;
 * - the compiled CLI, built into a temporary folder, prints what the sources print.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { storeSmallTenant } from '../../support/small-tenant-store';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const RECORDER = path.join(__dirname, 'record-loaded-modules.js');
/** What only planning, export, Graph, the bot or Azure need: never loaded by help or status. */
const HEAVY = ['exceljs', 'botbuilder', '@azure/', '@microsoft/microsoft-graph-client', 'libphonenumber-js', 'date-holidays', 'csv-parse', 'zod'];

let dir: string;
let db: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-cli-startup-'));
  db = path.join(dir, 'small.sqlite');
  const store = new SqliteStore(db);
  await storeSmallTenant(store);
  await store.close();
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `vmp` (bin/vmp.js under root) and returns its result and the package names it loaded. */
function loadedBy(args: string[], root = ROOT): Run & { packages: Set<string>; files: string[] } {
  const out = path.join(dir, `modules-${Math.random().toString(36).slice(2)}.json`);
  const nodeOptions = [process.env.NODE_OPTIONS, `--require ${JSON.stringify(RECORDER)}`].filter(Boolean).join(' ');
  const r = runNode(path.join(root, 'bin', 'vmp.js'), args, { NODE_OPTIONS: nodeOptions, VMP_RECORD_MODULES: out });
  const files: string[] = JSON.parse(fs.readFileSync(out, 'utf8'));
  const packages = new Set<string>();
  for (const f of files) {
    const parts = f.split(/[\\/]node_modules[\\/]/);
    if (parts.length < 2) continue;
    const [scope, name] = parts[parts.length - 1].split(/[\\/]/);
    packages.add(scope.startsWith('@') ? `${scope}/${name}` : scope);
  }
  return { ...r, packages, files };
}

function heavyIn(packages: Set<string>): string[] {
  return [...packages].filter((p) => HEAVY.some((h) => (h.endsWith('/') ? p.startsWith(h) : p === h)));
}

describe('vmp loads a command only when it runs', () => {
  it('vmp --help loads commander and none of the heavy dependencies', () => {
    const r = loadedBy(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: vmp/);
    expect(r.packages).toContain('commander');
    expect(heavyIn(r.packages)).toEqual([]);
    expect(r.packages).not.toContain('better-sqlite3');
    expect(r.files.filter((f) => /[\\/]cli[\\/]commands[\\/]/.test(f))).toEqual([]);
  });

  it.each([['status'], ['sync'], ['plan'], ['export'], ['run']])('vmp %s --help loads no command implementation', (command) => {
    const r = loadedBy([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: vmp ${command}`);
    expect(heavyIn(r.packages)).toEqual([]);
    expect(r.files.filter((f) => /[\\/]cli[\\/]commands[\\/]/.test(f))).toEqual([]);
  });

  it('vmp status reads the store and loads nothing of planning, export, Graph, the bot or Azure', () => {
    const r = loadedBy(['status', '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tenant).toEqual({ id: 'contoso', name: 'Contoso' });
    expect(r.packages).toContain('better-sqlite3');
    expect(heavyIn(r.packages)).toEqual([]);
    expect(r.files.some((f) => /app-services\.[jt]s$/.test(f))).toBe(false);
  });

  it('a command that needs the services does load them (the recorder sees them)', () => {
    const r = loadedBy(['route', '+1 425 555 0100', '--date', '2026-03-03', '--db', path.join(dir, 'empty.sqlite')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/holds no tenant yet/);
    expect(r.packages).toContain('exceljs');
    expect(r.packages).toContain('zod');
  });
});

describe('bin/vmp.js runs the compiled CLI only while it is fresh', () => {
  let root: string;
  const HOUR = 3600_000;
  const t0 = Date.now() - 10 * HOUR;
  const at = (ms: number) => new Date(ms);

  function write(rel: string, text: string, mtime?: number): void {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    if (mtime !== undefined) fs.utimesSync(file, at(mtime), at(mtime));
  }
  function setMtime(rel: string, mtime: number): void {
    fs.utimesSync(path.join(root, rel), at(mtime), at(mtime));
  }
  /** What the launcher ran: the fake entry points print "sources" or "dist". */
  function ran(): string {
    const r = runNode(path.join(root, 'bin', 'vmp.js'), []);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return r.stdout.trim();
  }

  beforeAll(() => {
    // A checkout in miniature: the real launcher, tsx from this repository, stand-in entry points.
    root = path.join(dir, 'checkout');
    fs.mkdirSync(path.join(root, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'bin', 'vmp.js'), path.join(root, 'bin', 'vmp.js'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'), 'junction');
    write('cli/main.ts', "process.stdout.write('sources\\n');\n", t0);
    write('shared/domain/thing.ts', 'export const thing = 1;\n', t0);
    write('server/main.ts', 'export {};\n', t0);
    write('tsconfig.json', '{}\n', t0);
    for (const d of ['cli', 'shared/domain', 'shared', 'server']) setMtime(d, t0);
  });

  it('no build: the sources', () => {
    expect(ran()).toBe('sources');
  });

  it('a build newer than every source: dist', () => {
    write('dist/cli/main.js', "process.stdout.write('dist\\n');\n", t0 + HOUR);
    expect(ran()).toBe('dist');
  });

  it('a source edited after the build: the sources again, until the next build', () => {
    write('shared/domain/thing.ts', 'export const thing = 2;\n', t0 + 2 * HOUR);
    expect(ran()).toBe('sources');
    setMtime('dist/cli/main.js', t0 + 3 * HOUR);
    expect(ran()).toBe('dist');
  });

  it('a source added or deleted after the build (only its folder changes): the sources', () => {
    write('shared/domain/added.ts', 'export {};\n', t0);
    setMtime('shared/domain', t0 + 4 * HOUR);
    expect(ran()).toBe('sources');
    setMtime('dist/cli/main.js', t0 + 5 * HOUR);
    expect(ran()).toBe('dist');
    fs.rmSync(path.join(root, 'shared/domain/added.ts'));
    expect(ran()).toBe('sources');
    setMtime('dist/cli/main.js', Date.now() + HOUR);
    expect(ran()).toBe('dist');
  });

  it('a tsconfig changed after the build: the sources', () => {
    setMtime('tsconfig.json', Date.now() + 2 * HOUR);
    expect(ran()).toBe('sources');
  });

  it('a deployed package (dist/ without sources) runs dist, however old', () => {
    fs.rmSync(path.join(root, 'cli'), { recursive: true });
    setMtime('dist/cli/main.js', t0);
    expect(ran()).toBe('dist');
  });

  it('VMP_DEBUG_ENTRY says which one ran and why', () => {
    const r = runNode(path.join(root, 'bin', 'vmp.js'), [], { VMP_DEBUG_ENTRY: '1' });
    expect(r.stderr).toBe('vmp: running dist (no sources: a deployed package)\n');
  });
});

describe('the compiled CLI', () => {
  let deployed: string;

  beforeAll(() => {
    // A deployed package: the launcher, the build of tsconfig.build.json and the dependencies, no sources.
    deployed = path.join(dir, 'deployed');
    fs.mkdirSync(path.join(deployed, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'bin', 'vmp.js'), path.join(deployed, 'bin', 'vmp.js'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(deployed, 'node_modules'), 'junction');
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(deployed, 'dist')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 240_000,
    });
    // Type errors are `npm run typecheck`'s to report; tsc emits regardless, and this test needs the output.
    if (!fs.existsSync(path.join(deployed, 'dist', 'cli', 'main.js'))) throw new Error(`tsc wrote no dist/cli/main.js:\n${tsc.stdout}\n${tsc.stderr}`);
  }, 240_000);

  it('prints what the sources print, for help, status and a bad option', () => {
    for (const args of [['--help'], ['plan', '--help'], ['status', '--db', db], ['status', '--json', '--db', db], ['status', '--no-such-option']]) {
      const fromSources = runNode(path.join(ROOT, 'bin', 'vmp.js'), args);
      const compiled = runNode(path.join(deployed, 'bin', 'vmp.js'), args);
      expect({ args, ...compiled }).toEqual({ args, ...fromSources });
    }
  });

  it('loads none of the heavy dependencies for help and status either', () => {
    const help = loadedBy(['--help'], deployed);
    expect(help.code).toBe(0);
    expect(help.files.some((f) => f.endsWith(path.join('dist', 'cli', 'main.js')))).toBe(true);
    expect(heavyIn(help.packages)).toEqual([]);
    const status = loadedBy(['status', '--db', db], deployed);
    expect(status.code).toBe(0);
    expect(heavyIn(status.packages)).toEqual([]);
  });
});
