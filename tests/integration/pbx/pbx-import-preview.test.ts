/**
 * The PBX import's preview before it replaces the inventory (issue 13), over real HTTP against the local
 * server (demo tenant and PBX export seeded) and through `vmp import-pbx --dry-run` on a real SQLite file:
 * a preview stores nothing and says what it would replace; the confirmed import carries the version the
 * preview read (409 once another import landed); files with errors are a 400 naming file, row and column.
 */
import fs from 'node:fs';
import path from 'node:path';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { loadInventoryHeader } from '../../../shared/services/pbx-import-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { contosoSnapshot } from '../../unit/pbx/contoso-snapshot';
import { makeTempDb, ROOT, runVmp as vmp } from '../../support/cli';
import { startLocalServer, type LocalServer } from '../../support/http';

const EXAMPLES = path.join(ROOT, 'examples');
const linesCsv = fs.readFileSync(path.join(EXAMPLES, 'pbx-lines.csv'), 'utf8');
const blocksCsv = fs.readFileSync(path.join(EXAMPLES, 'pbx-blocks.csv'), 'utf8');

// The preview and the import are jobs on a worker thread: on a busy machine they take a while.
jest.setTimeout(120_000);

describe('POST /api/pbx/import/preview and the confirmed import', () => {
  let local: LocalServer;
  let base: string;
  beforeAll(async () => {
    local = await startLocalServer('vmp-pbx-preview-');
    base = local.base;
  });
  afterAll(() => local?.stop());

  const post = (route: string, body: unknown) => fetch(`${base}/api${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const summary = async () => (await (await fetch(`${base}/api/pbx/summary`)).json()) as { version: number; counts: { lines: number }; files: { lines: string } };
  const audit = async () => (await (await fetch(`${base}/api/audit?limit=50`)).json()) as unknown;
  /** The preview answer, followed to its end if it outlived the server's wait (202). */
  async function preview(body: unknown) {
    const res = await post('/pbx/import/preview', body);
    if (res.status !== 202) return { status: res.status, body: await res.json() };
    const { job } = await res.json();
    for (;;) {
      const answer = await (await fetch(`${base}/api/jobs/${job.id}?wait=1`)).json();
      if (answer.job.state === 'succeeded') return { status: 200, body: { job: answer.job, preview: answer.detail } };
      if (answer.job.state === 'failed') return { status: 400, body: { error: { ...answer.job.error, issues: answer.detail.errors } } };
    }
  }

  test('a preview stores nothing and says what the import would store and replace', async () => {
    const before = await summary();
    const auditBefore = await audit();
    const { status, body } = await preview({ linesCsv, blocksCsv });
    expect(status).toBe(200);
    const p = body.preview;
    expect(p).toMatchObject({ accepted: true, counts: { lines: 17, blocks: 2, numbersInBlocks: 200, errors: 0 } });
    expect(p.counts.dids).toBeGreaterThan(0);
    expect(p.counts.extensions).toBe(17);
    expect(p.devicesByType).toEqual(expect.arrayContaining([expect.objectContaining({ deviceType: 'ip-phone' })]));
    expect(p.devicesByType.reduce((n: number, d: { devices: number }) => n + d.devices, 0)).toBeGreaterThanOrEqual(17);
    expect(p.groupsByKind.length).toBeGreaterThan(0);
    // The first lines as they would be stored: people and sites by name, never their ids.
    expect(p.firstLines).toHaveLength(17);
    expect(p.firstLines[0]).toMatchObject({ file: 'lines.csv', row: 2, extension: '1001' });
    for (const l of p.firstLines) expect(JSON.stringify(l)).not.toMatch(/"(id|personId|siteId)"/);
    expect(p.replaces).toMatchObject({ imported: true, version: before.version, files: before.files, counts: { lines: before.counts.lines } });
    expect(p.replaces.lines.added + p.replaces.lines.unchanged + p.replaces.lines.changed).toBe(17);
    expect(p.replaces.lines.removed).toBe(before.counts.lines - p.replaces.lines.unchanged - p.replaces.lines.changed);
    // Nothing stored: the same inventory and no new audit entry.
    expect(await summary()).toEqual(before);
    expect(await audit()).toEqual(auditBefore);

    // Confirmed with the version the preview read: stored.
    const confirmed = await post('/pbx/import?wait=1', { linesCsv, blocksCsv, expectedVersion: p.replaces.version });
    expect(confirmed.status).toBe(200);
    expect((await confirmed.json()).job.state).toBe('succeeded');
    const after = await summary();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.counts.lines).toBe(17);

    // The same files previewed again: every line unchanged.
    const again = await preview({ linesCsv, blocksCsv });
    expect(again.body.preview.replaces).toMatchObject({ version: after.version, lines: { added: 0, removed: 0, changed: 0, unchanged: 17 } });
  });

  test('a confirmation carrying a version another import replaced meanwhile is a 409 and stores nothing', async () => {
    const { body } = await preview({ linesCsv, blocksCsv });
    const read = body.preview.replaces.version;
    // Another admin imports in between.
    const other = await post('/pbx/import?wait=1', { linesCsv, expectedVersion: read });
    expect((await other.json()).job.state).toBe('succeeded');
    const between = await summary();
    const stale = await post('/pbx/import', { linesCsv, blocksCsv, expectedVersion: read });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.code).toBe('conflict');
    expect(await summary()).toEqual(between);
  });

  test('files with errors are a 400 listing each error by file, row and column; nothing stored', async () => {
    const before = await summary();
    const bad = await preview({
      linesCsv: 'extension,did,owner_upn,site,device_type\n1001,+1 425 555 0101,,Seattle,ip-phone\n1002,not-a-number,,Seattle,ip-phone\n',
      blocksCsv: 'first,last,carrier,account,btn,site\n+14255550100,+14255550199,Contoso,A1,+14255550999,Seattle\n',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('bad-input');
    expect(bad.body.error.message).toMatch(/cannot be imported/);
    expect(bad.body.error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'lines.csv', row: 3, column: 'did' }),
        expect.objectContaining({ file: 'blocks.csv', row: 2, column: 'btn', reason: expect.stringMatching(/lies in none of the account's blocks/) }),
      ]),
    );
    // A header with no rows, and a request without lines, are refused too.
    expect((await preview({ linesCsv: 'extension,did,owner_upn\n' })).status).toBe(400);
    const missing = await post('/pbx/import/preview', { blocksCsv });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.issues).toEqual([{ path: 'linesCsv', message: 'expected CSV text' }]);
    expect(await summary()).toEqual(before);
  });
});

describe('vmp import-pbx --dry-run', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    ({ dir, db } = makeTempDb('vmp-cli-pbx-dry-'));
    const store = new SqliteStore(db);
    await saveSnapshot(store, contosoSnapshot(), 'test');
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints the preview the tab shows and stores nothing; files with errors exit 2', async () => {
    const lines = path.join(EXAMPLES, 'pbx-lines.csv');
    const blocks = path.join(EXAMPLES, 'pbx-blocks.csv');
    const human = vmp(['import-pbx', '--lines', lines, '--blocks', blocks, '--dry-run', '--db', db]);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^Dry run: nothing was stored\. Importing these files would store:/);
    expect(human.stdout).toMatch(/17 lines \(17 with an extension, \d+ with a DID\), 2 blocks \(200 numbers\)/);
    expect(human.stdout).toMatch(/First 17 lines as they would be stored:\n {2}row 2 {2}1001 {2}\+14255550101 {2}Megan Bowen <megan\.bowen@contoso\.example> \[matched\] {2}Seattle/);
    expect(human.stdout).toMatch(/Replaces: nothing \(no inventory imported yet\)\./);
    const store = new SqliteStore(db);
    expect(await loadInventoryHeader(store, 'contoso')).toBeUndefined();
    await store.close();

    const bad = path.join(dir, 'bad-lines.csv');
    fs.writeFileSync(bad, 'extension,did,site\n1001,not-a-number,Seattle\n');
    const rejected = vmp(['import-pbx', '--lines', bad, '--dry-run', '--json', '--db', db]);
    expect(rejected.code).toBe(2);
    const preview = JSON.parse(rejected.stdout);
    expect(preview).toMatchObject({ accepted: false, replaces: { imported: false } });
    expect(preview.errors).toEqual([expect.objectContaining({ file: 'bad-lines.csv', row: 2, column: 'did' })]);
  });
});
