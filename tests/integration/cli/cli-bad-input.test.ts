/**
 * The mistakes an admin or an MSP's script makes with `vmp`, run through the real binary on a real
 * SQLite file: each is exit 2 with one sentence on stderr that names the option, the file or the tenant,
 * and nothing is stored. A tenant the database does not hold, an option that does not apply to the
 * command, an impossible --today, an --out that is a file, a secret left in the environment.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { loadInventory } from '../../../shared/services/pbx-import-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { makeTempDb, ROOT, vmp, writeInputFile } from '../../support/cli';
import { usersOnlySnapshot } from '../../support/snapshots';

const TENANT = 'cccccccc-3333-4333-8333-333333333333';
const OTHER = 'dddddddd-4444-4444-8444-444444444444';
let dir: string;
let db: string;
let lines: string;

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-cli-bad-input-'));
  const store = new SqliteStore(db);
  await saveSnapshot(store, usersOnlySnapshot(TENANT, 'Fabrikam', 2), 'test');
  await store.close();
  lines = writeInputFile(dir, 'lines.csv', 'extension,did,owner_upn\n1001,+14255550100,u0@fabrikam.example\n');
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Exit 2, stdout empty (no half answer), one `vmp:` sentence on stderr matching `message`. */
function expectRefused(r: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/^vmp: /);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
}

describe('--tenant', () => {
  it.each([
    [['status']],
    [['history']],
    [['site-rules']],
    [['emergency']],
    [['plan', '--today', '2027-01-11']],
    [['portfolio', 'list']],
    [['notify', 'run', '--now', '2027-01-11T09:00:00Z']],
  ])('vmp %j with a tenant the database does not hold: exit 2 naming the tenants it holds', (args) => {
    expectRefused(vmp(...args, '--tenant', OTHER, '--db', db), new RegExp(`--tenant "${OTHER}" is no tenant of the database .*: it holds ${TENANT} \\(Fabrikam\\)`));
  });

  it('an import for a tenant nobody synced stores nothing under it', async () => {
    expectRefused(vmp('import-pbx', '--lines', lines, '--tenant', OTHER, '--db', db), /is no tenant of the database/);
    const store = new SqliteStore(db);
    try {
      expect((await store.listTenants()).map((t) => t.tenantId)).toEqual([TENANT]);
      expect(await loadInventory(store, OTHER)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('a portfolio link under an MSP tenant nobody synced is refused, not created', async () => {
    expectRefused(vmp('portfolio', 'link', TENANT, '--name', 'Fabrikam', '--tenant', OTHER, '--db', db), /is no tenant of the database/);
    const store = new SqliteStore(db);
    try {
      expect((await store.listTenants()).map((t) => t.tenantId)).toEqual([TENANT]);
    } finally {
      await store.close();
    }
  });

  it('a --tenant on a database that holds no tenant is exit 2 too, and without --tenant still exit 1: sync first', () => {
    const empty = path.join(dir, 'empty.sqlite');
    for (const args of [['status'], ['plan', '--today', '2027-01-11'], ['portfolio', 'list'], ['import-pbx', '--lines', lines], ['notify', 'run', '--now', '2027-01-11T09:00:00Z']]) {
      expectRefused(vmp(...args, '--tenant', OTHER, '--db', empty), new RegExp(`--tenant "${OTHER}" is no tenant of the database .*empty\\.sqlite: it holds none yet`));
    }
    const r = vmp('status', '--db', empty);
    expect(r.stderr).toMatch(/^vmp: The database .*empty\.sqlite holds no tenant yet: run `vmp sync` first\.\n$/);
    expect(r.code).toBe(1);
  });

  it('import-pbx --dry-run previews the files of a tenant not synced yet, saying nobody is matched, and stores nothing', async () => {
    for (const database of [db, path.join(dir, 'empty-dry-run.sqlite')]) {
      const r = vmp('import-pbx', '--lines', lines, '--dry-run', '--tenant', OTHER, '--db', database);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Dry run: nothing was stored\./);
      expect(r.stdout).toMatch(/Lines: 0 matched, 1 unmatched/);
      expect(r.stdout).toContain(`Note: tenant ${OTHER} is not synced yet in ${database}, so nobody is matched`);
    }
    const json = vmp('import-pbx', '--lines', lines, '--dry-run', '--json', '--tenant', OTHER, '--db', db);
    expect(json.code).toBe(0);
    const preview = JSON.parse(json.stdout);
    expect(preview).toMatchObject({ accepted: true, tenantSynced: false, note: expect.stringMatching(/nobody is matched/) });
    expect(preview.counts).toMatchObject({ lines: 1, matched: 0, unmatched: 1 });
    // A synced tenant's dry run has no such note.
    const synced = vmp('import-pbx', '--lines', lines, '--dry-run', '--json', '--tenant', TENANT, '--db', db);
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).not.toHaveProperty('note');
    expect(JSON.parse(synced.stdout)).not.toHaveProperty('tenantSynced');
    const store = new SqliteStore(db);
    try {
      expect((await store.listTenants()).map((t) => t.tenantId)).toEqual([TENANT]);
      expect(await loadInventory(store, OTHER)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('a tenant id typed in capitals is the same tenant', () => {
    const r = vmp('status', '--json', '--tenant', TENANT.toUpperCase(), '--db', db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).tenant).toEqual({ id: TENANT, name: 'Fabrikam' });
  });
});

describe('options that do not apply', () => {
  it('vmp run keeps no database: its help has no --db, and --db before or after the command is exit 2', () => {
    const help = vmp('run', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).not.toContain('--db');
    expect(help.stdout).toMatch(/--tenant <id>\s+the tenant id the Graph endpoint must belong to/);
    const run = ['run', '--graph-url', 'http://127.0.0.1:9', '--token', 't', '--lines', lines, '--settings', 's.json', '--out', path.join(dir, 'out')];
    expectRefused(vmp('--db', db, ...run), /--db does not apply to `vmp run`: it keeps no database/);
    expectRefused(vmp(...run, '--db', db), /--db does not apply to `vmp run`/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('each command\'s help describes its own global options: notify run is not run', () => {
    const notifyRun = vmp('notify', 'run', '--help');
    expect(notifyRun.code).toBe(0);
    expect(notifyRun.stdout).toMatch(/--db <file>\s+SQLite database file/);
    expect(notifyRun.stdout).toMatch(/--tenant <id>\s+only this tenant's conversations/);
    expect(notifyRun.stdout).not.toContain('Graph endpoint');
    const portfolio = vmp('portfolio', '--help');
    expect(portfolio.stdout).toMatch(/--db <file>\s+SQLite database file/);
    expect(portfolio.stdout).toMatch(/--tenant <id>\s+the MSP tenant whose portfolio this is/);
    expect(vmp('import-pbx', '--help').stdout).toMatch(/--tenant <id>\s+tenant id, one the database holds[^]*with --dry-run also one\s+not synced yet/);
    expect(vmp('status', '--help').stdout).toMatch(/--tenant <id>\s+tenant id, one the database holds/);
  });

  it('vmp demo-tenant opens no database and serves its own tenant: --db and --tenant are exit 2', () => {
    const help = vmp('demo-tenant', '--help');
    expect(help.stdout).not.toMatch(/--db|--tenant/);
    expect(help.stdout).toContain('number of users (1 to 1,000,000)');
    expectRefused(vmp('demo-tenant', '--port', '0', '--tenant', TENANT), /--tenant does not apply to `vmp demo-tenant`/);
    expectRefused(vmp('--db', db, '--tenant', TENANT, 'demo-tenant', '--port', '0'), /--db and --tenant do not apply to `vmp demo-tenant`/);
  });
});

describe('bad values name their option', () => {
  it('an impossible --today is exit 2 before anything is read', () => {
    expectRefused(vmp('plan', '--today', '2027-02-30', '--db', db), /--today "2027-02-30" is not a date: write it as yyyy-mm-dd/);
    expectRefused(vmp('route', '+14255550100', '--date', 'today', '--today', 'tomorrow', '--db', db), /--today "tomorrow" is not a date/);
    const run = ['run', '--graph-url', 'http://127.0.0.1:9', '--token', 't', '--lines', lines, '--settings', 's.json', '--out', path.join(dir, 'out')];
    expectRefused(vmp(...run, '--today', '2027-02-30'), /--today must be a date as yyyy-mm-dd; got "2027-02-30"/);
    // Graph at 127.0.0.1:9 is never read: the country is refused first.
    expectRefused(vmp(...run, '--default-country', 'XX'), /--default-country "XX" is no country: use a two-letter ISO code/);
  });

  it('an --out or --export-pbx that is a file is exit 2, not a mkdir error', () => {
    expectRefused(vmp('export', '--out', lines, '--db', db), new RegExp(`--out ${lines.replace(/[.\\]/g, '\\$&')} is a file, not a folder`));
    expectRefused(vmp('export', '--out', path.join(lines, 'plan'), '--db', db), /cannot be made: .*lines\.csv is a file, not a folder/);
    expectRefused(vmp('demo-tenant', '--port', '0', '--export-pbx', lines), /--export-pbx .*lines\.csv is a file, not a folder/);
  });

  it('a settings file that is not there says so in words', () => {
    expectRefused(vmp('decide', '--settings', path.join(dir, 'nope.json'), '--db', db), /Cannot read the settings file .*nope\.json: no such file\./);
    expectRefused(vmp('decide', '--settings', dir, '--db', db), /Cannot read the settings file .*: it is a folder, not a file\./);
  });

  it('sync: an --authority that is no URL is exit 2', () => {
    expectRefused(vmp('sync', '--graph-url', 'http://127.0.0.1:9', '--tenant-id', TENANT, '--client-id', OTHER, '--client-secret', 's', '--authority', 'login', '--db', db), /--authority must be an http:\/\/ or https:\/\/ URL; got "login"/);
  });

  it('sync: a client secret left in the environment is named when --token is given', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'vmp.js'), 'sync', '--graph-url', 'http://127.0.0.1:9', '--token', 't', '--db', db], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, VMP_CLIENT_SECRET: 'left-over' },
    });
    expectRefused({ code: r.status, stdout: r.stdout, stderr: r.stderr }, /not both; given: --token, VMP_CLIENT_SECRET \(environment\)/);
  });

  it('demo-tenant: a --port in use is exit 2 naming it', async () => {
    const busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', () => resolve()));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      // Asynchronous: this process must keep the port open while the CLI tries it.
      const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'vmp.js'), 'demo-tenant', '--users', '10', '--port', String(port)], { cwd: ROOT });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d));
        child.stderr.on('data', (d: Buffer) => (stderr += d));
        child.on('close', (code: number | null) => resolve({ code, stdout, stderr }));
      });
      expectRefused(r, new RegExp(`--port ${port} is in use on 127\\.0\\.0\\.1: choose another port`));
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});

describe('a refused PBX import', () => {
  it('says on stderr that nothing was stored, and names the file once per error', () => {
    const notCsv = writeInputFile(dir, 'settings-not-lines.csv', '{"a": "b"x}\n{"c": 1}\n');
    const r = vmp('import-pbx', '--lines', notCsv, '--db', db);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vmp: the PBX import was rejected: 1 error, each with its file and row in the report; nothing was stored\.\n$/);
    const error = r.stdout.split('\n').find((l) => l.includes('settings-not-lines.csv'));
    expect(error).toBeDefined();
    expect(error!.split('settings-not-lines.csv').length - 1).toBe(1);
  });
});
