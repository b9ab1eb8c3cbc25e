/**
 * The PBX routes over real HTTP: the local server (which seeds the demo tenant and its PBX export),
 * POST /api/pbx/import with CSV text in JSON (a job: 202, then GET /api/jobs/:id), GET /api/pbx/summary.
 * Nothing is mocked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-pbx-api-');
  base = local.base;
});

afterAll(() => local?.stop());

/** Posts an import against the inventory version stored now (as the tab sends the version it read), unless the body names one. */
const post = async (body: unknown) => {
  const current = (await (await fetch(`${base}/api/pbx/summary`)).json()) as { version?: number };
  const withVersion = body && typeof body === 'object' && !('expectedVersion' in body) ? { ...body, expectedVersion: current.version ?? null } : body;
  return fetch(`${base}/api/pbx/import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(withVersion) });
};

/** Queues an import and polls its job to the end, as the tab does. */
async function importAndWait(body: unknown) {
  const res = await post(body);
  expect(res.status).toBe(202);
  const { job } = await res.json();
  for (let i = 0; i < 600; i++) {
    const answer = await (await fetch(`${base}/api/jobs/${job.id}`)).json();
    if (answer.job.state === 'succeeded' || answer.job.state === 'failed') return answer;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the import did not finish');
}

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

test('local mode starts with the demo PBX already imported', async () => {
  const summary = await (await fetch(`${base}/api/pbx/summary`)).json();
  expect(summary.imported).toBe(true);
  expect(summary.counts.lines).toBeGreaterThan(0);
  expect(summary.counts.matched).toBeGreaterThan(0);
  expect(summary.files).toEqual({ lines: 'demo-pbx-lines.csv', blocks: 'demo-pbx-blocks.csv' });
});

test('a rejected import fails its job with every issue located and keeps the stored inventory', async () => {
  const before = await (await fetch(`${base}/api/pbx/summary`)).json();
  const body = await importAndWait({ linesCsv: 'extension,did,owner_upn,device_type\n1001,12,,toaster\n' });
  expect(body.job.state).toBe('failed');
  expect(body.job.error.code).toBe('bad-input');
  expect(body.detail.errors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ file: 'lines.csv', row: 2, column: 'did' }),
    ]),
  );
  expect(await (await fetch(`${base}/api/pbx/summary`)).json()).toEqual(before);
});

test('an accepted import ends with the report and replaces the inventory', async () => {
  const body = await importAndWait({
    linesCsv: fs.readFileSync(path.join(EXAMPLES, 'pbx-lines.csv'), 'utf8'),
    blocksCsv: fs.readFileSync(path.join(EXAMPLES, 'pbx-blocks.csv'), 'utf8'),
  });
  expect(body.job.state).toBe('succeeded');
  expect(body.detail).toMatchObject({ accepted: true, counts: { lines: 17, blocks: 2 } });
  const summary = await (await fetch(`${base}/api/pbx/summary`)).json();
  expect(summary.counts.lines).toBe(17);
  expect(summary.files).toEqual({ lines: 'lines.csv', blocks: 'blocks.csv' });
});

test("the files the admin chose keep their names in the errors and the stored inventory's report", async () => {
  const rejected = await importAndWait({ linesCsv: 'extension,did,owner_upn,device_type\n1001,12,,toaster\n', linesName: 'avaya-stations.csv' });
  expect(rejected.detail.errors).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'avaya-stations.csv', row: 2, column: 'did' })]));
  // A browser may send a path: the name alone is kept.
  const body = await importAndWait({
    linesCsv: fs.readFileSync(path.join(EXAMPLES, 'pbx-lines.csv'), 'utf8'),
    linesName: 'C:\\exports\\cucm-phones.csv',
    blocksCsv: fs.readFileSync(path.join(EXAMPLES, 'pbx-blocks.csv'), 'utf8'),
    blocksName: 'did-ranges.csv',
  });
  expect(body.job.state).toBe('succeeded');
  expect((await (await fetch(`${base}/api/pbx/summary`)).json()).files).toEqual({ lines: 'cucm-phones.csv', blocks: 'did-ranges.csv' });
  const bad = await post({ linesCsv: 'a,b\n1,2', linesName: 'x\u0000.csv' });
  expect(bad.status).toBe(400);
  expect((await bad.json()).error.issues[0].path).toBe('linesName');
});

test('bad requests are refused before anything is queued: no lines, a mapping with an unknown key', async () => {
  expect((await post({})).status).toBe(400);
  const res = await post({ linesCsv: 'a,b\n1,2', mapping: { lines: { extensoin: 'x' } } });
  expect(res.status).toBe(400);
  expect((await res.json()).error.message).toMatch(/unknown key "extensoin"/);
});

describe('the column mapping for the next import', () => {
  const put = (body: unknown) => fetch(`${base}/api/pbx/mapping`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  test('POST /api/pbx/columns: the detected layout and the field each column feeds', async () => {
    const linesCsv = fs.readFileSync(path.join(EXAMPLES, 'pbx', 'mitel-mivb-users.csv'), 'utf8');
    const res = await fetch(`${base}/api/pbx/columns`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ linesCsv }) });
    expect(res.status).toBe(200);
    const preview = await res.json();
    expect(preview.layout).toMatchObject({ id: 'mitel-mivb' });
    expect(preview.headerRow).toBe(2);
    expect(preview.columns).toContainEqual({ header: 'Number', fields: ['extension'] });
    expect(preview.columns).toContainEqual(expect.objectContaining({ header: 'Prime Name', fields: [] }));
    expect(preview.fields).toContain('ownerFirstName');
    const bad = await fetch(`${base}/api/pbx/columns`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ linesCsv: 'x', mapping: { lines: { nope: 'A' } } }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/unknown key "nope"/);
  });

  test('GET/PUT /api/pbx/mapping: versioned, validated, a stale version is a 409', async () => {
    expect(await (await fetch(`${base}/api/pbx/mapping`)).json()).toEqual({ mapping: {}, version: null });
    const mapping = { lines: { ownerName: { join: ['First Name', 'Last Name'] }, ignore: ['Prime Name'] } };
    const saved = await put({ mapping, expectedVersion: null });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ mapping, version: 1 });
    expect(await (await fetch(`${base}/api/pbx/mapping`)).json()).toMatchObject({ mapping, version: 1 });
    expect((await put({ mapping, expectedVersion: null })).status).toBe(409);
    const invalid = await put({ mapping: { lines: { ownerName: { join: ['Only one'] } } }, expectedVersion: 1 });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.message).toMatch(/lines\.ownerName/);
    expect((await put({ expectedVersion: 1 })).status).toBe(400);
  });
});
