/**
 * `vmp run` end to end against the demo Graph server: sync, PBX import, plan and export in one command
 * with a temporary store; and the exit codes scripts rely on (2 bad input with the location, 3 only
 * with --fail-on-blockers, 1 when Graph refuses).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { writeDemoPbxExport } from '../../../shared/demo/demo-pbx-export';
import { scanPowerShell } from '../../unit/export/ps-scan';
import { LocalEntra } from '../production-graph/local-entra';

const ROOT = path.join(__dirname, '..', '..', '..');
const SETTINGS = path.join(ROOT, 'examples', 'settings.json');
const TOKEN = 'run-test-token';
let dir: string;
let server: DemoGraphServer;
let pbx: { lines: string; blocks: string };
let tenantId: string;

/** Async spawn: the demo Graph server runs in this process and must keep answering. */
function vmp(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'vmp.js'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-run-test-'));
  const tenant = generateDemoTenant({ users: 400, seed: 42 });
  tenantId = tenant.tenantId;
  server = new DemoGraphServer({ tenant, token: TOKEN });
  await server.start();
  pbx = writeDemoPbxExport(tenant, dir);
});

afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = () => ['--graph-url', server.url, '--token', TOKEN, '--lines', pbx.lines, '--blocks', pbx.blocks, '--settings', SETTINGS, '--today', '2026-03-02'];

describe('vmp run', () => {
  it('syncs, imports, plans and exports the demo tenant in one command', async () => {
    const out = path.join(dir, 'out');
    const r = await vmp('run', ...base(), '--out', out, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.sync.users).toBeGreaterThan(300);
    expect(result.pbx.lines).toBeGreaterThan(0);
    expect(result.plan.waves).toBeGreaterThan(0);
    const kinds = new Set(result.files.map((f: { kind: string }) => f.kind));
    for (const kind of ['rollout-workbook', 'tenant-setup', 'wave-workbook', 'wave-runbook', 'wave-rollback', 'sbc-routing']) expect(kinds).toContain(kind);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'rollout-plan.xlsx'));
    expect(wb.getWorksheet('Number assignments')!.rowCount).toBeGreaterThan(100);
    for (const f of result.files.filter((x: { path: string }) => x.path.endsWith('.ps1'))) {
      const scan = scanPowerShell(fs.readFileSync(path.join(out, f.path), 'utf8'));
      expect(scan.errors).toEqual([]);
      expect(scan.doubleQuoted).toEqual([]);
    }
    // --fail-on-blockers: the demo tenant has blocked people, so exit 3, files still written.
    const blocked = await vmp('run', ...base(), '--out', path.join(dir, 'out3'), '--json', '--fail-on-blockers');
    const b = JSON.parse(blocked.stdout);
    expect(blocked.code).toBe(b.plan.blocked + b.plan.unmet > 0 ? 3 : 0);
    expect(fs.existsSync(path.join(dir, 'out3', 'rollout-plan.xlsx'))).toBe(true);
  }, 240000);

  it('exit 2 with the location for bad settings, a missing file or a bad date', async () => {
    const bad = path.join(dir, 'bad-settings.json');
    fs.writeFileSync(bad, JSON.stringify({ sbcs: [{ id: 'x', fqdn: 'not a host', pricePerSessionPerYear: 1 }] }));
    const r = await vmp('run', ...base().slice(0, -4), '--settings', bad, '--out', path.join(dir, 'bad'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-settings\.json: error \$\.sbcs\[0\]\.fqdn: expected a fully qualified domain name/);
    const missing = await vmp('run', '--graph-url', server.url, '--token', TOKEN, '--lines', path.join(dir, 'nope.csv'), '--settings', SETTINGS, '--out', path.join(dir, 'x'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv/);
    const date = await vmp('run', ...base().slice(0, -1), '3 March', '--out', path.join(dir, 'x'));
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--today/);
  }, 240000);

  it('checks the settings against the tenant it synced: an unknown person is exit 2, a UPN in another case is found', async () => {
    // The run keeps no records: the references are checked against the snapshot and inventory in hand.
    const settings = JSON.parse(fs.readFileSync(SETTINGS, 'utf8')) as { decisions: { users: { user: string }[] } };
    settings.decisions.users[0].user = settings.decisions.users[0].user.toUpperCase();
    const known = path.join(dir, 'upper-case-upn.json');
    fs.writeFileSync(known, JSON.stringify(settings));
    const ok = await vmp('run', ...base().slice(0, -4), '--settings', known, '--out', path.join(dir, 'upper'), '--json');
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    settings.decisions.users.push({ user: 'nobody.here@contoso.example', path: 'OC', operatorId: 'op-unity-uk', reason: 'Test: nobody by this name.' } as { user: string });
    const unknown = path.join(dir, 'unknown-user.json');
    fs.writeFileSync(unknown, JSON.stringify(settings));
    const r = await vmp('run', ...base().slice(0, -4), '--settings', unknown, '--out', path.join(dir, 'unknown'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`unknown-user\\.json: error \\$\\.decisions\\.users\\[${settings.decisions.users.length - 1}\\]\\.user: .*nobody\\.here@contoso\\.example`));
  }, 240000);

  it('places people with --site-rules, and refuses bad rules with exit 2 at their JSON path before reading Graph', async () => {
    const rulesFile = path.join(ROOT, 'examples', 'site-rules.json');
    const without = JSON.parse((await vmp('run', ...base(), '--out', path.join(dir, 'no-rules'), '--json')).stdout);
    const r = await vmp('run', ...base(), '--site-rules', rulesFile, '--out', path.join(dir, 'rules'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const withRules = JSON.parse(r.stdout);
    // The rules place people whose office location is a code ("SEA-B2") at their site.
    expect(withRules.sync.users).toBe(without.sync.users);
    expect(withRules.sync.unmappedPeople).toBeLessThan(without.sync.unmappedPeople);
    expect(withRules.plan.waves).toBeGreaterThan(0);

    const bad = path.join(dir, 'bad-rules.json');
    fs.writeFileSync(bad, JSON.stringify({ rules: [{ officeLocation: 'SEA-*' }] }));
    const refused = await vmp('run', ...base(), '--site-rules', bad, '--out', path.join(dir, 'bad-rules'));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad-rules\.json: error \$\.rules\[0\]\.siteName/);
    expect(fs.existsSync(path.join(dir, 'bad-rules'))).toBe(false);
  }, 240000);

  it('--tenant is the tenant the Graph endpoint must belong to: another one is refused before anything is written', async () => {
    const other = 'dddddddd-4444-4444-8444-444444444444';
    const out = path.join(dir, 'other-tenant');
    const r = await vmp('run', ...base(), '--out', out, '--tenant', other);
    // The caller's option to correct, like any other: exit 2.
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`The Graph endpoint belongs to tenant .*, not ${other}`));
    expect(fs.existsSync(out)).toBe(false);
  }, 120000);

  it('signs in app-only as vmp sync does (client credentials from the authority); conflicting sign-ins are exit 2', async () => {
    const entra = new LocalEntra({ clientId: 'app-1', clientSecret: 's3cret', graphScope: `${server.url}/.default`, accessTokens: { [tenantId]: TOKEN } });
    const authority = await entra.start();
    try {
      const appOnly = ['--graph-url', server.url, '--tenant-id', tenantId, '--client-id', 'app-1', '--client-secret', 's3cret', '--authority', authority];
      const out = path.join(dir, 'app-only');
      const r = await vmp('run', ...appOnly, ...base().slice(4), '--out', out, '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).sync.users).toBeGreaterThan(300);
      expect(fs.existsSync(path.join(out, 'rollout-plan.xlsx'))).toBe(true);
      // One token, cached for the whole sync.
      expect(entra.requests).toEqual([expect.objectContaining({ tenant: tenantId, grantType: 'client_credentials', scope: `${server.url}/.default` })]);
      // A token as well: which sign-in is meant is the caller's to say.
      const both = await vmp('run', ...appOnly, '--token', TOKEN, ...base().slice(4), '--out', path.join(dir, 'both'));
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/not both; given: --token, --tenant-id, --client-id, --client-secret/);
      const nowhere = await vmp('run', '--token', TOKEN, ...base().slice(4), '--out', path.join(dir, 'nowhere'));
      expect(nowhere.code).toBe(2);
      expect(nowhere.stderr).toMatch(/--graph-url <url> \(or --cloud/);
      expect(fs.existsSync(path.join(dir, 'both')) || fs.existsSync(path.join(dir, 'nowhere'))).toBe(false);
    } finally {
      await entra.stop();
    }
  }, 240000);

  it('exit 1 when Graph refuses the token', async () => {
    const r = await vmp('run', '--graph-url', server.url, '--token', 'wrong', '--lines', pbx.lines, '--settings', SETTINGS, '--out', path.join(dir, 'y'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Sync failed/);
  }, 120000);
});
