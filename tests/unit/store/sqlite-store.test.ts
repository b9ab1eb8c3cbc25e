/** The embedded SQLite store: the shared Store contract plus what only a file database has (migrations). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { describeStoreContract } from './store-contract';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-sqlite-store-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

let counter = 0;
const freshFile = () => path.join(dir, `store-${++counter}.sqlite`);

describeStoreContract('SqliteStore', { open: async () => new SqliteStore(freshFile()) });
// Every replace written as a staged generation, as large ones are (see stageGeneration).
describeStoreContract('SqliteStore (staged replaces)', { open: async () => new SqliteStore(freshFile(), { stagedReplaceMinRecords: 1 }) });

describe('SqliteStore: schema migrations', () => {
  it('migrates a fresh file (creating its folder) and reopens it without re-running migrations', async () => {
    const file = path.join(dir, 'nested', 'folder', 'vmp.sqlite');
    const first = new SqliteStore(file);
    const version = first.schemaVersion;
    expect(version).toBeGreaterThanOrEqual(1);
    await first.upsertTenant('t1', 'Contoso');
    await first.commit('t1', 'alice', [{ type: 'put-document', kind: 'plan', data: { a: 1 }, expectedVersion: null }]);
    await first.close();

    const again = new SqliteStore(file);
    expect(again.schemaVersion).toBe(version);
    expect(await again.getDocument('t1', 'plan')).toMatchObject({ version: 1, data: { a: 1 } });
    await again.close();
  });

  it('refuses a database written by a newer build, saying what to do', async () => {
    const file = freshFile();
    await new SqliteStore(file).close();
    const raw = new Database(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => new SqliteStore(file)).toThrow(/schema version 999, newer than this build knows .*Upgrade the app/);
  });

  it('stamps documents and audit entries with the injected clock', async () => {
    const store = new SqliteStore(freshFile(), { now: () => new Date('2026-01-02T03:04:05.000Z') });
    await store.upsertTenant('t1', 'Contoso');
    await store.commit('t1', 'alice', [
      { type: 'put-document', kind: 'plan', data: 1 },
      { type: 'audit', action: 'create', kind: 'plan' },
    ]);
    expect((await store.getDocument('t1', 'plan'))?.updatedAt).toBe('2026-01-02T03:04:05.000Z');
    expect((await store.listAudit('t1'))[0].at).toBe('2026-01-02T03:04:05.000Z');
    await store.close();
  });
});
