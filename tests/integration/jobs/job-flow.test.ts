/**
 * Background jobs over real HTTP against the local-mode server (SQLite file, real worker threads):
 * a sync, an import and a plan build are queued, run off the request path and end with their result;
 * a rejected import's located errors reach the caller through the job; a job id is only visible to
 * its own tenant.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-jobs-flow-', { DEMO_USERS: '400', DEMO_SEED: '42' });
  base = local.base;
});

afterAll(() => local?.stop());

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

async function post(route: string, body: unknown) {
  const res = await fetch(`${base}/api${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** Polls GET /api/jobs/:id as the tab does, recording every phase seen. */
async function untilFinished(id: string, phases: string[] = []) {
  for (let i = 0; i < 600; i++) {
    const body = await (await fetch(`${base}/api/jobs/${id}`)).json();
    phases.push(body.job.progress.phase);
    if (body.job.state === 'succeeded' || body.job.state === 'failed') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} did not finish`);
}

test('a sync is queued (202), runs on a worker with progress, and succeeds; /sync/progress follows it', async () => {
  const started = await post('/sync', { full: true });
  expect(started.status).toBe(202);
  expect(started.body.job).toMatchObject({ type: 'sync', state: 'queued', createdBy: 'Local developer (local-developer)', attempts: 0 });
  const phases: string[] = [];
  const done = await untilFinished(started.body.job.id, phases);
  expect(done.job).toMatchObject({ state: 'succeeded', attempts: 1, progress: { phase: 'done' }, result: { mode: 'full', counts: { users: 400 } } });
  expect(done.job.lease).toBeUndefined();
  // Progress was written while it ran (the phases the worker reported, at most about once a second).
  expect(phases.some((p) => p !== 'queued' && p !== 'done')).toBe(true);
  const progress = await (await fetch(`${base}/api/sync/progress`)).json();
  expect(progress).toMatchObject({ jobId: started.body.job.id, state: 'succeeded', phase: 'done', result: { mode: 'full' } });
  expect(progress.pages).toBeGreaterThan(0);
  const list = await (await fetch(`${base}/api/jobs?type=sync`)).json();
  expect(list.jobs[0].id).toBe(started.body.job.id);
});

test('a PBX import runs as a job; a rejected one fails saying why, with every located error in its detail', async () => {
  const stored = async () => ((await (await fetch(`${base}/api/pbx/summary`)).json()) as { version?: number }).version ?? null;
  expect((await post('/pbx/import', { linesCsv: 'extension\n1001\n' })).status).toBe(400); // no expectedVersion
  expect((await post('/pbx/import', { linesCsv: 'extension\n1001\n', expectedVersion: 99 })).status).toBe(409);
  const bad = await post('/pbx/import', { linesCsv: 'extension,did,owner_upn,device_type,delegate_of\n1001,12,,toaster,x1\n', expectedVersion: await stored() });
  expect(bad.status).toBe(202);
  const failed = await untilFinished(bad.body.job.id);
  expect(failed.job.state).toBe('failed');
  expect(failed.job.error).toMatchObject({ code: 'bad-input' });
  expect(failed.job.error.message).toMatch(/rejected with 2 errors; nothing was stored. First: lines.csv row 2/);
  expect(failed.detail.errors).toEqual(
    expect.arrayContaining([expect.objectContaining({ file: 'lines.csv', row: 2, column: 'did' }), expect.objectContaining({ file: 'lines.csv', row: 2, column: 'delegate_of' })]),
  );
  expect(failed.page.totals.errors).toBe(2);

  const good = await post('/pbx/import?wait=1', {
    expectedVersion: await stored(),
    linesCsv: fs.readFileSync(path.join(EXAMPLES, 'pbx-lines.csv'), 'utf8'),
    blocksCsv: fs.readFileSync(path.join(EXAMPLES, 'pbx-blocks.csv'), 'utf8'),
  });
  // ?wait=1: the answer comes when the job has ended.
  expect(good.status).toBe(200);
  expect(good.body.job).toMatchObject({ state: 'succeeded', result: { accepted: true, counts: { lines: 17, blocks: 2 } } });
  expect(good.body.detail.accepted).toBe(true);
});

test('a plan build runs as a job; bad requests are still refused before anything is queued', async () => {
  expect((await post('/plan', { today: 'tomorrow' })).status).toBe(400);
  expect((await post('/plan', { settings: {} })).status).toBe(400); // settings without expectedVersion
  const before = (await (await fetch(`${base}/api/jobs?type=plan`)).json()).jobs.length;
  const stale = await post('/plan', { settings: {}, expectedVersion: 999 });
  expect(stale.status).toBe(409);
  expect((await (await fetch(`${base}/api/jobs?type=plan`)).json()).jobs).toHaveLength(before);

  const queued = await post('/plan', { today: '2026-12-14' });
  expect(queued.status).toBe(202);
  const done = await untilFinished(queued.body.job.id);
  expect(done.job).toMatchObject({ state: 'succeeded', result: { settingsVersion: 1 } });
  expect(done.detail.summary.today).toBe('2026-12-14');
  const summary = await (await fetch(`${base}/api/plan/summary`)).json();
  expect(summary.today).toBe('2026-12-14');
});

test("another tenant's job id is a 404", async () => {
  const { job } = (await post('/plan', {})).body;
  await untilFinished(job.id);
  const other = await local.running.services.jobs.enqueue('ffffffff-0000-4000-8000-00000000000f', { type: 'plan', createdBy: 'someone' });
  expect((await fetch(`${base}/api/jobs/${other.id}`)).status).toBe(404);
  expect((await fetch(`${base}/api/jobs/no-such-job`)).status).toBe(404);
  expect((await (await fetch(`${base}/api/jobs`)).json()).jobs.map((j: { id: string }) => j.id)).not.toContain(other.id);
});
