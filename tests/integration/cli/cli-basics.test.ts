/** The `vmp` command line as a user runs it: a real process, a real SQLite file, exit codes checked. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import type { TenantSnapshot } from '../../../shared/domain/tenant-snapshot';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TENANT = 'dddddddd-4444-4444-8444-444444444444';
let dir: string;
let seededDb: string;

function vmp(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'vmp.js'), ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vmp ${args.join(' ')} did not exit:\n${stdout}\n${stderr}`));
    }, 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-cli-'));
  seededDb = path.join(dir, 'seeded.sqlite');
  const store = new SqliteStore(seededDb);
  const snapshot: TenantSnapshot = {
    tenantId: TENANT,
    tenantName: 'Northwind Traders',
    takenAt: '2026-02-03T04:05:06.000Z',
    source: 'test',
    people: ['enabled', 'none', 'grace'].map((teamsPhone, i) => ({
      id: `person-${i}`,
      userPrincipalName: `p${i}@northwind.example`,
      displayName: `Person ${i}`,
      accountEnabled: true,
      kind: i === 2 ? ('resourceAccount' as const) : ('user' as const),
      teamsPhone: teamsPhone as 'enabled' | 'none' | 'grace',
      callingPlan: false,
      resourceAccountLicence: i === 2,
      businessPhones: [],
    })),
    sites: [
      { id: 'oslo', name: 'Oslo', countryCode: 'NO', source: 'places' },
      { id: 'bergen', name: 'Bergen', countryCode: 'NO', source: 'places' },
    ],
    numbers: [{ telephoneNumber: '+4722000000', numberType: 'operatorConnect', assignmentStatus: 'unassigned', numberSource: 'online' }],
    unmappedPeople: [],
    warnings: [{ code: 'example', message: 'An example warning.' }],
  };
  await saveSnapshot(store, snapshot, 'test');
  await store.close();
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('vmp CLI', () => {
  it('vmp --help lists the commands and the global options', async () => {
    const { code, stdout } = await vmp(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: vmp/);
    expect(stdout).toMatch(/\bstatus\b/);
    expect(stdout).toContain('--db <file>');
    expect(stdout).toContain('--json');
  });

  it('vmp status --help describes the command', async () => {
    const { code, stdout } = await vmp(['status', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: vmp status/);
    expect(stdout).toContain('--json');
  });

  it('vmp status --json --db <file> prints the tenant, counts and last sync as JSON', async () => {
    const { code, stdout } = await vmp(['status', '--json', '--db', seededDb]);
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status.tenant).toEqual({ id: TENANT, name: 'Northwind Traders' });
    expect(status.counts).toMatchObject({ people: 3, users: 2, resourceAccounts: 1, teamsPhoneEnabled: 2, sites: 2, numbers: 1 });
    expect(status.lastSync).toEqual({
      at: '2026-02-03T04:05:06.000Z',
      source: 'test',
      warnings: 1,
      warningDetails: [{ code: 'example', message: 'An example warning.' }],
    });
    // The global options work before the command name too.
    const before = await vmp(['--db', seededDb, '--json', 'status']);
    expect(JSON.parse(before.stdout)).toEqual(status);
  });

  it('vmp status prints a readable summary', async () => {
    const { code, stdout } = await vmp(['status', '--db', seededDb]);
    expect(code).toBe(0);
    expect(stdout).toContain('Northwind Traders');
    expect(stdout).toMatch(/Users: 2/);
    expect(stdout).toContain('! An example warning.');
  });

  it('vmp status on an empty database exits 1 and says what to do', async () => {
    const { code, stderr, stdout } = await vmp(['status', '--db', path.join(dir, 'empty.sqlite')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/holds no tenant yet: run `vmp sync` first/);
    expect(stdout).toBe('');
    const json = await vmp(['status', '--json', '--db', path.join(dir, 'empty.sqlite')]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).error.message).toMatch(/no tenant/);
  });

  it('an unknown option exits 2 with the usage', async () => {
    const { code, stderr } = await vmp(['status', '--no-such-option']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option '--no-such-option'/);
  });
});
