/**
 * `vmp export` end to end: the real binary over a real SQLite file holding the small two-site
 * tenant, planned with `vmp plan`; then every file is checked, and the API route queues the export job
 * and streams the workbook it stored.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { createAppServices } from '../../../shared/services/app-services';
import { smallTenantInputs } from '../../unit/planning/support/small-tenant';
import { loadConfig } from '../../../shared/config/app-config';
import { createApp } from '../../../server/app';
import { scanPowerShell } from '../../unit/export/ps-scan';
import { makeTempDb, runVmp, writeInputFile } from '../../support/cli';
import { urlOf } from '../../support/http';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { finished, servicesWithRunner, waitForJob } from '../jobs/job-test-kit';

let dir: string;
let db: string;

// Writing every workbook takes longer than the other commands: give each run two minutes.
const vmp = (...args: string[]) => runVmp(args, 120000);

const input = smallTenantInputs();

beforeAll(async () => {
  ({ dir, db } = makeTempDb('vmp-export-'));
  const store = new SqliteStore(db);
  await storeSmallTenant(store, input);
  await store.close();
  const settingsFile = writeInputFile(dir, 'settings.json', smallTenantSettingsFile());
  const plan = vmp('plan', '--settings', settingsFile, '--today', '2026-02-02', '--json', '--summary', '--db', db);
  expect(plan.code).toBe(0);
}, 120000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmp export', () => {
  it('writes the workbooks, runbooks and CSVs and lists them with --json', async () => {
    const out = path.join(dir, 'out');
    const r = vmp('export', '--out', out, '--json', '--db', db);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    const kinds = new Set(result.files.map((f: { kind: string }) => f.kind));
    expect([...kinds]).toEqual(expect.arrayContaining(['rollout-workbook', 'tenant-setup', 'wave-workbook', 'wave-runbook', 'wave-rollback', 'sbc-routing']));
    for (const f of result.files) expect(fs.statSync(path.join(out, f.path)).size).toBe(f.bytes);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'rollout-plan.xlsx'));
    const assignments = wb.getWorksheet('Number assignments')!;
    expect(assignments.rowCount - 1).toBe(input.snapshot.people.length - countUnplanned(result));
    for (const f of result.files.filter((x: { path: string }) => x.path.endsWith('.ps1'))) {
      expect(scanPowerShell(fs.readFileSync(path.join(out, f.path), 'utf8')).errors).toEqual([]);
    }

    // Same stored plan, same bytes (scripts and CSVs).
    const out2 = path.join(dir, 'out2');
    expect(vmp('export', '--out', out2, '--json', '--db', db).code).toBe(0);
    for (const f of result.files.filter((x: { path: string }) => !x.path.endsWith('.xlsx'))) {
      expect(fs.readFileSync(path.join(out2, f.path))).toEqual(fs.readFileSync(path.join(out, f.path)));
    }
  }, 120000);

  it('--wave N writes only that wave; a wave that does not exist is bad input (exit 2)', () => {
    const out = path.join(dir, 'wave');
    const r = vmp('export', '--out', out, '--wave', '1', '--json', '--db', db);
    expect(r.code).toBe(0);
    const files = JSON.parse(r.stdout).files as { path: string; wave?: number }[];
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['wave-01-number-assignments.xlsx', 'runbooks/wave-01-cutover.ps1', 'runbooks/wave-01-rollback.ps1']));
    expect(files.some((f) => f.path === 'rollout-plan.xlsx')).toBe(false);
    const bad = vmp('export', '--out', out, '--wave', '99', '--db', db);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no wave 99/);
    expect(vmp('export', '--out', out, '--wave', 'x', '--db', db).code).toBe(2);
  }, 120000);

  it('without a plan, says how to make one (exit 1)', async () => {
    const empty = path.join(dir, 'empty.sqlite');
    const store = new SqliteStore(empty);
    await saveSnapshot(store, input.snapshot, 'test');
    await store.close();
    const r = vmp('export', '--out', path.join(dir, 'none'), '--db', empty);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no plan yet/);
  }, 120000);

  it('the export service streams the rollout workbook with an ASCII-safe file name', async () => {
    const services = createAppServices(new SqliteStore(db));
    try {
      const name = await services.exports.rolloutFileName('contoso');
      expect(name).toMatch(/^[a-z0-9-]+-rollout-plan-\d{4}-\d{2}-\d{2}\.xlsx$/);
    } finally {
      await services.close();
    }
  });
});

describe('GET /api/export/rollout.xlsx', () => {
  it('queues the export job, then streams the workbook with the spreadsheet content type and an attachment name; JSON error without a plan', async () => {
    const { services, stop } = servicesWithRunner(db);
    const config = loadConfig({ APP_MODE: 'local', PORT: '0', DB_FILE: db, DEMO_TENANT_ID: 'contoso' });
    const server = createApp(services, config).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = urlOf(server);
    try {
      const queued = await fetch(`${base}/api/export/rollout.xlsx`);
      expect(queued.status).toBe(202);
      const { job } = await queued.json();
      expect(job.type).toBe('export');
      expect(await waitForJob(services, 'contoso', job.id, finished)).toMatchObject({ state: 'succeeded' });
      const res = await fetch(`${base}/api/export/rollout.xlsx`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="contoso-rollout-plan-\d{4}-\d{2}-\d{2}\.xlsx"$/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toContain('Number assignments');

      const other = createApp(services, loadConfig({ APP_MODE: 'local', PORT: '0', DB_FILE: db, DEMO_TENANT_ID: 'nobody' })).listen(0, '127.0.0.1');
      await new Promise((resolve) => other.once('listening', resolve));
      try {
        const missing = await fetch(`${urlOf(other)}/api/export/rollout.xlsx`);
        expect(missing.status).toBe(404);
        expect(missing.headers.get('content-type')).toMatch(/application\/json/);
        expect(missing.headers.get('content-disposition')).toBeNull();
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await stop();
    }
  }, 60000);
});

/** People in the snapshot who are neither in a wave, nor blocked, nor staying on the PBX (none expected). */
function countUnplanned(_result: unknown): number {
  return 0;
}
