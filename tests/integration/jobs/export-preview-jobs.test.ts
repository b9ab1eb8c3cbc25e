/**
 * The rollout workbook export and the site-rules preview as background jobs, over real HTTP against
 * the local-mode server (SQLite file, real worker threads, the demo tenant planned at start): the
 * download queues an export (202 {job}), the job stores the workbook as an artefact, the download then
 * streams it; asking again without a new plan queues nothing, a new plan makes the stored workbook stale. A preview is checked in the
 * request and run as a job whose detail is exactly the site rules service's preview.
 */
import ExcelJS from 'exceljs';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { EXPORT_ARTEFACT_PREFIX } from '../../../shared/jobs/rollout-export';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;
let tenantId: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-export-jobs-', { DEMO_USERS: '400', DEMO_SEED: '42' });
  base = local.base;
  tenantId = local.config.demo.tenantId;
}, 60_000);

afterAll(() => local?.stop());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function post(route: string, body: unknown) {
  const res = await fetch(`${base}/api${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function untilFinished(id: string, query = '') {
  for (let i = 0; i < 1200; i++) {
    const body = await (await fetch(`${base}/api/jobs/${id}${query}`)).json();
    if (body.job.state === 'succeeded' || body.job.state === 'failed') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

const exportJobs = async () => (await (await fetch(`${base}/api/jobs?type=export`)).json()).jobs as { id: string; state: string }[];
const storedExports = () => local.running.services.store.artefacts.list(tenantId, EXPORT_ARTEFACT_PREFIX);

describe('export job', () => {
  it('queues the export (202 {job}), which stores the workbook; the download then streams it', async () => {
    expect((await post('/plan?wait=1', { today: '2026-12-14' })).status).toBe(200);
    const first = await fetch(`${base}/api/export/rollout.xlsx`);
    expect(first.status).toBe(202);
    const { job } = await first.json();
    expect(job).toMatchObject({ type: 'export', state: 'queued' });
    // Asked again while it is pending: the same job, not a second one.
    const again = await fetch(`${base}/api/export/rollout.xlsx`);
    if (again.status === 202) expect((await again.json()).job.id).toBe(job.id);
    else await again.arrayBuffer();

    const done = await untilFinished(job.id);
    expect(done.job.state).toBe('succeeded');
    const result = done.job.result;
    expect(result).toEqual({
      artefact: expect.stringMatching(/^exports\/rollout-\d+-s\d+-c\d+-i\d+\.xlsx$/),
      bytes: expect.any(Number),
      fileName: expect.stringMatching(/^[a-z0-9-]+-rollout-plan-\d{4}-\d{2}-\d{2}\.xlsx$/),
      planVersion: expect.any(Number),
      snapshotVersion: expect.any(Number),
      settingsVersion: expect.any(Number),
      inventoryVersion: expect.any(Number),
    });
    expect(await storedExports()).toEqual([result.artefact]);

    const res = await fetch(`${base}/api/export/rollout.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${result.fileName}"`);
    const bytes = await res.arrayBuffer();
    expect(bytes.byteLength).toBe(result.bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    expect(wb.worksheets.map((w) => w.name)).toContain('Number assignments');

    // A second download without a new plan: streamed again, nothing queued.
    const before = await exportJobs();
    expect(before.filter((j) => j.state !== 'succeeded' && j.state !== 'failed')).toEqual([]);
    const second = await fetch(`${base}/api/export/rollout.xlsx`);
    expect(second.status).toBe(200);
    expect((await second.arrayBuffer()).byteLength).toBe(result.bytes);
    expect(await exportJobs()).toEqual(before);
  }, 120_000);

  it('a new plan makes the stored workbook stale: the next download queues again (?wait=1 sends the new file) and the old artefact goes', async () => {
    const [old] = await storedExports();
    expect((await post('/plan?wait=1', { today: '2026-12-21' })).status).toBe(200);
    const stale = await fetch(`${base}/api/export/rollout.xlsx`);
    expect(stale.status).toBe(202);
    const { job } = await stale.json();
    expect(job.type).toBe('export');

    const waited = await fetch(`${base}/api/export/rollout.xlsx?wait=1`);
    expect(waited.status).toBe(200);
    expect(waited.headers.get('content-type')).toBe(XLSX);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await waited.arrayBuffer());
    expect(wb.getWorksheet('Summary')).toBeDefined();

    const done = await untilFinished(job.id);
    expect(done.job.result.artefact).not.toBe(old);
    expect(done.job.result.planVersion).toBeGreaterThan(Number(/rollout-(\d+)-/.exec(old)![1]));
    expect(await storedExports()).toEqual([done.job.result.artefact]);
    expect((await exportJobs()).filter((j) => j.id === job.id)).toHaveLength(1);
  }, 120_000);

  it("another tenant's export job id is a 404, and it never lists among this tenant's jobs", async () => {
    const other = await local.running.services.jobs.enqueue('ffffffff-0000-4000-8000-00000000000e', { type: 'export', createdBy: 'someone' });
    expect((await fetch(`${base}/api/jobs/${other.id}`)).status).toBe(404);
    expect((await exportJobs()).map((j) => j.id)).not.toContain(other.id);
  });
});

describe('site-rules preview job', () => {
  it('bad rules are a 400 by JSON path and queue nothing', async () => {
    const count = async () => (await (await fetch(`${base}/api/jobs?type=site-rules-preview`)).json()).jobs.length;
    const before = await count();
    const bad = await post('/site-rules/preview', { rules: [{ officeLocation: 'SEA-B2' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['$.rules[0].siteName']);
    expect(await count()).toBe(before);
  });

  it("runs as a job whose detail equals the service's preview; nothing is saved", async () => {
    const rules = generateDemoTenant({ users: local.config.demo.users, seed: local.config.demo.seed, tenantId }).siteMappingRules;
    const started = await post('/site-rules/preview', { rules });
    expect(started.status).toBe(202);
    expect(started.body.job).toMatchObject({ type: 'site-rules-preview', state: 'queued' });
    const done = await untilFinished(started.body.job.id, '?limit=1000');
    expect(done.job.state).toBe('succeeded');
    const expected = await local.running.services.siteRules.preview(tenantId, { rules });
    expect(done.detail).toEqual(expected);
    expect(done.job.result).toMatchObject({ rules: rules.length, unmapped: { before: expected.unmapped.before, after: expected.unmapped.after }, peopleMoving: expected.peopleMoving });
    expect((await (await fetch(`${base}/api/site-rules`)).json()).version).toBeNull();
  }, 60_000);
});
