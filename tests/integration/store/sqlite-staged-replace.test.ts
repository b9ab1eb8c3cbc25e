/**
 * Large replaces on SQLite are staged: written as a new generation of the collection in short
 * transactions, then made live by one small commit. Seen from another process, the write lock is free
 * between slices (its writes go through while the replace is still being written) and the collection
 * reads as before until the commit; seen in the file, retired and abandoned generations are deleted
 * afterwards and nothing else is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { ConcurrencyConflictError } from '../../../shared/store/store';
import { until } from '../../support/until';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TENANT = 'contoso';
/** Enough records that writing them takes many slices (about a second or more on this machine). */
const BIG = 120_000;

/** A process that replaces the `bulk` collection with BIG records, saying when it starts and ends. */
const REPLACER = `
const { SqliteStore } = require('./shared/store/sqlite-store');
const [file, count] = process.argv.slice(1);
(async () => {
  const store = new SqliteStore(file);
  const items = Array.from({ length: Number(count) }, (_, i) => ({ id: 'r' + String(i).padStart(7, '0'), data: { n: i, text: 'x'.repeat(300) } }));
  process.stdout.write('start\\n');
  await store.commit('${TENANT}', 'replacer', [{ type: 'replace-collection', collection: 'bulk', items }]);
  process.stdout.write('done\\n');
  await store.close();
})();
`;

function startReplacer(file: string): { child: ChildProcess; started: Promise<void>; done: Promise<void> } {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', '-e', REPLACER, file, String(BIG)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.split('\n').includes(word) && resolve();
      child.stdout!.on('data', (c) => {
        out += c;
        check();
      });
      child.on('close', (code) => (out.split('\n').includes(word) ? resolve() : reject(new Error(`replacer exited ${code} before "${word}": ${err}`))));
    });
  child.stderr!.on('data', (c) => (err += c));
  return { child, started: seen('start'), done: seen('done') };
}

function raw(file: string) {
  return new Database(file, { readonly: true });
}

function rowsUnder(file: string, collection: string): number {
  const db = raw(file);
  try {
    return db.prepare('SELECT count(*) FROM records WHERE tenant_id = ? AND collection = ?').pluck().get(TENANT, collection) as number;
  } finally {
    db.close();
  }
}

function generations(file: string): { collection: string; physical: string; state: string }[] {
  const db = raw(file);
  try {
    return db.prepare('SELECT collection, physical, state FROM collection_generations ORDER BY physical').all() as { collection: string; physical: string; state: string }[];
  } finally {
    db.close();
  }
}

function allRecordRows(file: string): number {
  const db = raw(file);
  try {
    return db.prepare('SELECT count(*) FROM records').pluck().get() as number;
  } finally {
    db.close();
  }
}

const items = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, data: { tag, i }, keys: [`tag:${tag}`], search: `${tag} ${i}` }));

describe('SqliteStore staged replaces', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-staged-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A store on a fresh file where every replace is staged, its tenant created; closed after `use`. */
  async function withStagingStore(use: (store: SqliteStore, file: string) => Promise<void>): Promise<void> {
    const file = path.join(dir, 'vmp.sqlite');
    const store = new SqliteStore(file, { stagedReplaceMinRecords: 1 });
    try {
      await store.upsertTenant(TENANT, 'Contoso');
      await use(store, file);
    } finally {
      await store.close();
    }
  }

  it("another process's writes go through while a large replace is written, and readers see the old collection until it commits", async () => {
    const file = path.join(dir, 'vmp.sqlite');
    // As the server opens it: old generations, whoever retired them, are deleted by its checkpoint thread.
    const store = new SqliteStore(file, { walCheckpoints: 'background', stageSliceMs: 40 });
    try {
      await store.upsertTenant(TENANT, 'Contoso');
      await store.commit(TENANT, 'setup', [{ type: 'replace-collection', collection: 'bulk', items: items(10, 'old') }]);
      const replacer = startReplacer(file);
      let replaced = false;
      void replacer.done.then(() => (replaced = true), () => undefined);
      await replacer.started;
      // Settings saves of another admin (here: another process) while the replace is being written.
      const during: { ms: number; bulkCount: number }[] = [];
      for (let i = 0; !replaced; i++) {
        const t = Date.now();
        await store.commit(TENANT, 'admin', [{ type: 'put-document', kind: 'settings', data: { save: i } }]);
        const ms = Date.now() - t;
        const bulkCount = await store.countCollection(TENANT, 'bulk');
        if (!replaced) during.push({ ms, bulkCount });
        await new Promise((r) => setTimeout(r, 20));
      }
      await replacer.done;
      // Readers see the collection as it was until the commit, then the new one whole, never part of it
      // (the replacer's "done" reaches this process a moment after its commit).
      for (const d of during) expect([10, BIG]).toContain(d.bulkCount);
      // Saves landed while the replace was still being written. In one transaction, the replace held the
      // lock from start to end: no save could land in between.
      expect(during.filter((d) => d.bulkCount === 10).length).toBeGreaterThanOrEqual(3);
      expect(await store.countCollection(TENANT, 'bulk')).toBe(BIG);
      expect((await store.pageCollection<{ n: number }>(TENANT, 'bulk', { offset: BIG - 1, limit: 5 })).items).toEqual([{ n: BIG - 1, text: 'x'.repeat(300) }]);
      // The ten old records go once their grace is over (found by the checkpoint thread's periodic
      // sweep: the replacer closed first); the new generation is the only one left.
      await until(() => allRecordRows(file), (n) => n === BIG, 30_000);
      expect(generations(file)).toEqual([expect.objectContaining({ collection: 'bulk', state: 'live' })]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('retires the replaced generation and deletes it; keys and search texts follow the live one', async () => {
    await withStagingStore(async (store, file) => {
      await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(30, 'first') }]);
      await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(20, 'second') }]);
      expect((await store.pageCollection(TENANT, 'people', { key: 'tag:first', limit: 50 })).total).toBe(0);
      expect((await store.pageCollection(TENANT, 'people', { key: 'tag:second', limit: 50 })).total).toBe(20);
      expect((await store.pageCollection(TENANT, 'people', { search: 'second 1', limit: 50 })).total).toBe(11);
      await until(() => allRecordRows(file), (n) => n === 20);
      const db = raw(file);
      try {
        expect(db.prepare('SELECT count(*) FROM record_keys').pluck().get()).toBe(20);
        expect(db.prepare('SELECT count(*) FROM record_text').pluck().get()).toBe(20);
      } finally {
        db.close();
      }
      expect(generations(file)).toHaveLength(1);
    });
  });


  it('writes a staged replace whose keys run against the id order, over many slices, with every key of every record', async () => {
    const file = path.join(dir, 'vmp.sqlite');
    // 1 ms slices: thousands of records make many transactions of records, then many of keys.
    const store = new SqliteStore(file, { stagedReplaceMinRecords: 1, stageSliceMs: 1 });
    try {
      await store.upsertTenant(TENANT, 'Contoso');
      const n = 3_000;
      // Ids ascend while the UPN key descends, and every third record has a second key (its site).
      const people = Array.from({ length: n }, (_, i) => ({
        id: `p${String(i).padStart(5, '0')}`,
        data: { i },
        keys: [`upn:u${String(n - i).padStart(5, '0')}`, ...(i % 3 === 0 ? [`site:s${i % 7}`] : [])],
      }));
      await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: people }]);
      for (const i of [0, 1, 1_499, 2_999]) {
        const page = await store.pageCollection<{ i: number }>(TENANT, 'people', { key: `upn:u${String(n - i).padStart(5, '0')}`, limit: 5 });
        expect(page.items).toEqual([{ i }]);
      }
      const site = await store.pageCollection<{ i: number }>(TENANT, 'people', { key: 'site:s3', limit: 1_000 });
      const expected = people.filter((p) => p.data.i % 3 === 0 && p.data.i % 7 === 3).map((p) => p.data);
      expect(site.total).toBe(expected.length);
      // A key's records still come in id order.
      expect(site.items).toEqual(expected);
      const db = raw(file);
      try {
        expect(db.prepare('SELECT count(*) FROM record_keys').pluck().get()).toBe(n + n / 3);
      } finally {
        db.close();
      }
    } finally {
      await store.close();
    }
  });
  it('refuses a stale commit before writing any of its records', async () => {
    await withStagingStore(async (store, file) => {
      await store.commit(TENANT, 'a', [{ type: 'put-document', kind: 'snapshot', data: 1, expectedVersion: null }]);
      await store.commit(TENANT, 'b', [{ type: 'put-document', kind: 'snapshot', data: 2, expectedVersion: 1 }]);
      await expect(
        store.commit(TENANT, 'a', [
          { type: 'put-document', kind: 'snapshot', data: 3, expectedVersion: 1 },
          { type: 'replace-collection', collection: 'people', items: items(50, 'stale') },
        ]),
      ).rejects.toBeInstanceOf(ConcurrencyConflictError);
      expect(allRecordRows(file)).toBe(0);
      expect(generations(file)).toEqual([]);
    });
  });

  it('a replace that fails while staging keeps the old collection and leaves nothing of itself behind', async () => {
    await withStagingStore(async (store, file) => {
      await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(5, 'kept') }]);
      // The people are staged (written whole), then a record of the next collection cannot be written.
      const unwritable = [{ id: 'x1', data: { n: 1 } }, { id: 'x2', data: { n: BigInt(2) } }];
      await expect(
        store.commit(TENANT, 'sync', [
          { type: 'replace-collection', collection: 'people', items: items(5, 'new') },
          { type: 'replace-collection', collection: 'other', items: unwritable },
        ]),
      ).rejects.toThrow(/BigInt/);
      expect(await store.countCollection(TENANT, 'other')).toBe(0);
      expect((await store.listCollection<{ tag: string }>(TENANT, 'people')).map((p) => p.tag)).toEqual(['kept', 'kept', 'kept', 'kept', 'kept']);
      await until(() => generations(file).map((g) => g.state), (states) => states.join() === 'live');
      expect(allRecordRows(file)).toBe(5);
    });
  });

  it('a large replace that keeps most records ends exactly as its records say when another writer changed the collection while it waited for the lock', async () => {
    const file = path.join(dir, 'vmp.sqlite');
    // 40 records count as large here, so their hashes are read before the lock; 2 changed are written in place.
    const a = new SqliteStore(file, { stagedReplaceMinRecords: 10 });
    const b = new SqliteStore(file, { stagedReplaceMinRecords: 10 });
    const holder = new Database(file);
    try {
      await a.upsertTenant(TENANT, 'Contoso');
      const original = items(40, 'v1');
      await a.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: original }]);
      expect(generations(file)).toEqual([expect.objectContaining({ state: 'live' })]);
      const wanted = original.map((item, i) => (i < 2 ? { ...item, data: { tag: 'v2', i } } : item));
      // A takes its hashes, then waits for the lock another connection holds...
      holder.exec('BEGIN IMMEDIATE');
      const replaced = a.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: wanted }]);
      await new Promise((r) => setTimeout(r, 30));
      // ...which is released, and B patches the collection before A's next attempt: p5 goes, p99 comes.
      holder.exec('COMMIT');
      const patched = b.commit(TENANT, 'admin', [{ type: 'patch-collection', collection: 'people', put: [{ id: 'p99', data: { tag: 'extra' }, keys: ['tag:v1'] }], remove: ['p5'], whole: () => [] }]);
      await Promise.all([replaced, patched]);
      const stored = await a.listCollection<{ tag: string; i?: number }>(TENANT, 'people');
      const after = await a.pageCollection(TENANT, 'people', { key: 'tag:v1', limit: 100 });
      // B got the lock first (its first attempt is at once, A's next one on a timer), so A's replace,
      // committed last, decides: exactly its records, B's p99 gone and p5 back with its key.
      expect([...stored].sort((x, y) => x.i! - y.i!)).toEqual(wanted.map((w) => w.data));
      expect(after.total).toBe(40);
      expect(await a.getRecord(TENANT, 'people', 'p99')).toBeUndefined();
      expect(await a.getRecord(TENANT, 'people', 'p5')).toEqual({ tag: 'v1', i: 5 });
    } finally {
      holder.close();
      await a.close();
      await b.close();
    }
  });

  it("a reader's kept pages of a staged collection follow another connection's writes to it, and only those", async () => {
    const file = path.join(dir, 'vmp.sqlite');
    const reader = new SqliteStore(file, { stagedReplaceMinRecords: 1 });
    const writer = new SqliteStore(file, { stagedReplaceMinRecords: 1 });
    try {
      await writer.upsertTenant(TENANT, 'Contoso');
      await writer.upsertTenant('fabrikam', 'Fabrikam');
      await writer.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(30, 'v1') }]);
      const page = () => reader.pageCollection(TENANT, 'people', { key: 'tag:v1', search: 'v1', limit: 100 });
      expect((await page()).total).toBe(30);
      // Another tenant's commit leaves the page as it was (it is kept by the generation's version).
      await writer.commit('fabrikam', 'admin', [{ type: 'put-document', kind: 'settings', data: { x: 1 } }]);
      expect((await page()).total).toBe(30);
      // A patch of the collection itself is seen at once, and so is a new generation.
      await writer.commit(TENANT, 'admin', [{ type: 'patch-collection', collection: 'people', put: [{ id: 'p99', data: { tag: 'v1' }, keys: ['tag:v1'], search: 'v1 99' }], remove: ['p0'], whole: () => [] }]);
      expect((await page()).items).toContainEqual({ tag: 'v1' });
      expect((await page()).total).toBe(30);
      expect((await page()).items).not.toContainEqual({ tag: 'v1', i: 0 });
      await writer.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(12, 'v1') }]);
      expect((await page()).total).toBe(12);
    } finally {
      await reader.close();
      await writer.close();
    }
  });

  it('deletes generations whose writer went away (lease run out) when a store opens, and leaves those still being written', async () => {
    const file = path.join(dir, 'vmp.sqlite');
    const setup = new SqliteStore(file);
    await setup.upsertTenant(TENANT, 'Contoso');
    await setup.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: items(3, 'live') }]);
    await setup.close();
    // What a killed writer leaves: a staging generation, half written, whose lease ran out; and one
    // of a writer still at work (lease in the future).
    const db = new Database(file);
    const stage = (physical: string, expiresAt: number, rows: number) => {
      db.prepare("INSERT INTO collection_generations (tenant_id, collection, physical, state, expires_at) VALUES (?, 'people', ?, 'staging', ?)").run(TENANT, physical, expiresAt);
      for (let i = 0; i < rows; i++) {
        db.prepare('INSERT INTO records (tenant_id, collection, id, data) VALUES (?, ?, ?, ?)').run(TENANT, physical, `x${i}`, '{}');
        db.prepare('INSERT INTO record_keys (tenant_id, collection, key, id) VALUES (?, ?, ?, ?)').run(TENANT, physical, 'tag:x', `x${i}`);
      }
    };
    stage('people@dead0001', Date.now() - 1_000, 2_500);
    stage('people@a11ve002', Date.now() + 600_000, 7);
    db.close();

    const store = new SqliteStore(file);
    try {
      await until(() => rowsUnder(file, 'people@dead0001'), (n) => n === 0);
      await until(() => generations(file).map((g) => g.physical), (g) => !g.includes('people@dead0001'));
      expect(rowsUnder(file, 'people@a11ve002')).toBe(7);
      expect(generations(file).map((g) => [g.physical, g.state])).toEqual([['people@a11ve002', 'staging']]);
      expect((await store.listCollection<{ tag: string }>(TENANT, 'people')).map((p) => p.tag)).toEqual(['live', 'live', 'live']);
    } finally {
      await store.close();
    }
  });
});
