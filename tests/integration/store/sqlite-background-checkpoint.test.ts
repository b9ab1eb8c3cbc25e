/**
 * The server's event-loop connection never copies the write-ahead log into the database itself
 * (`walCheckpoints: 'background'`): a worker thread with its own connection does, on a timer. Seen from
 * the files: with checkpoints on commit, a commit larger than 1,000 pages leaves its pages in the
 * database file when it returns; in the background mode they are still only in the log until the
 * checkpointer runs, and then they are in the database file without any commit of this connection.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import type { StoreChange } from '../../../shared/store/store';
import { until } from '../../support/until';

const TENANT = 'contoso';
/** ~24 MB of records: more than the 1,000 pages (16 MB) after which SQLite checkpoints on commit. */
const RECORDS = 12_000;
const PADDING = 'x'.repeat(2_000);

function bigCommit(): StoreChange[] {
  const items = Array.from({ length: RECORDS }, (_, i) => ({ id: `r${String(i).padStart(6, '0')}`, data: { n: i, padding: PADDING } }));
  return [{ type: 'replace-collection', collection: 'bulk', items }];
}

const mb = (file: string) => fs.statSync(file).size / 1e6;
const ROOT = path.resolve(__dirname, '../../..');

describe('SqliteStore write-ahead log checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-checkpoint-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('on commit (the default): a large commit copies its pages into the database file before it returns', async () => {
    const file = path.join(dir, 'on-commit.sqlite');
    // One slice for the whole replace: with the default 150 ms slices, how many pages the last automatic
    // checkpoint left in the log depended on the machine's speed (a busy one left 19.6 MB in the file).
    const store = new SqliteStore(file, { stageSliceMs: 600_000 });
    try {
      await store.upsertTenant(TENANT, 'Contoso');
      await store.commit(TENANT, 'test', bigCommit());
      expect(mb(file)).toBeGreaterThan(20);
    } finally {
      await store.close();
    }
  });

  it('in the background: the commit leaves the pages in the log, and the checkpointer thread copies them', async () => {
    const file = path.join(dir, 'background.sqlite');
    // A long interval first: nothing but the commit itself could have copied the pages right after it.
    const store = new SqliteStore(file, { walCheckpoints: 'background', checkpointIntervalMs: 60_000 });
    try {
      await store.upsertTenant(TENANT, 'Contoso');
      await store.commit(TENANT, 'test', bigCommit());
      expect(mb(file)).toBeLessThan(1);
      expect(mb(`${file}-wal`)).toBeGreaterThan(20);
    } finally {
      await store.close();
    }
    // Closing copies the rest and removes the log: every record is in the database file.
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    const reopened = new SqliteStore(file, { walCheckpoints: 'background', checkpointIntervalMs: 20 });
    try {
      expect(await reopened.countCollection(TENANT, 'bulk')).toBe(RECORDS);
      const more: StoreChange[] = [{ type: 'put-document', kind: 'note', data: { text: PADDING.repeat(500) } }];
      const before = mb(file);
      await reopened.commit(TENANT, 'test', more);
      // ~1 MB written to the log; the checkpointer, not this connection, moves it into the database.
      // The file grows while the thread copies; its report (frames copied) reaches this thread just after.
      await until(
        () => ({ size: mb(file), framesCopied: reopened.lastCheckpoint?.framesCopied ?? 0 }),
        (seen) => seen.size > before + 0.5 && seen.framesCopied > 0,
      );
      expect((await reopened.getDocument<{ text: string }>(TENANT, 'note'))?.data.text.length).toBe(PADDING.length * 500);
    } finally {
      await reopened.close();
    }
  });

  it('in the background: close() returns in a process with nothing else to do', async () => {
    // The checkpointer thread is unreferenced so it never keeps a process alive; close() waits for it
    // to stop. A script whose last work was the close once exited inside it, code 0, the rest unrun.
    const script = `
      const { SqliteStore } = require('./shared/store/sqlite-store');
      (async () => {
        const store = new SqliteStore(process.argv[1], { walCheckpoints: 'background' });
        await store.upsertTenant('contoso', 'Contoso');
        await store.close();
        process.stdout.write('closed');
      })();`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['-r', 'tsx/cjs', '-e', script, path.join(dir, 'script.sqlite')], { cwd: ROOT, timeout: 60_000 }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    expect(out).toBe('closed');
  });
});
