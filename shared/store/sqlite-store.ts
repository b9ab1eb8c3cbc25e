/** The embedded default store: one SQLite file (better-sqlite3), migrated on open. */
import { hash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  ArtefactStore,
  AuditEntry,
  AuditListOptions,
  CollectionItem,
  CollectionPage,
  CollectionPageQuery,
  ConcurrencyConflictError,
  pageBounds,
  Store,
  StoreChange,
  TenantRecord,
  Versioned,
} from './store';
import { DirectoryArtefactStore, MemoryArtefactStore } from './artefact-stores';
import type { Worker } from 'node:worker_threads';
import { siblingEntry, startWorker } from '../workers/start-worker';
import { atRequestPriority } from '../workers/thread-priority';

/** Append-only: each entry runs once, in order, inside a transaction. Never edit a shipped entry. */
const MIGRATIONS: string[] = [
  `CREATE TABLE tenants (
     tenant_id TEXT PRIMARY KEY,
     display_name TEXT NOT NULL,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     version INTEGER NOT NULL DEFAULT 1
   );
   CREATE TABLE documents (
     tenant_id TEXT NOT NULL REFERENCES tenants(tenant_id),
     kind TEXT NOT NULL,
     version INTEGER NOT NULL,
     data TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     updated_by TEXT NOT NULL,
     PRIMARY KEY (tenant_id, kind)
   ) WITHOUT ROWID;
   -- A rowid table plus a unique index, not WITHOUT ROWID: record rows are large JSON, and
   -- WITHOUT ROWID stores them inside the key b-tree, which made bulk replaces ~3x slower.
   CREATE TABLE records (
     rid INTEGER PRIMARY KEY,
     tenant_id TEXT NOT NULL REFERENCES tenants(tenant_id),
     collection TEXT NOT NULL,
     id TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE UNIQUE INDEX records_by_key ON records(tenant_id, collection, id);
   CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     tenant_id TEXT NOT NULL REFERENCES tenants(tenant_id),
     at TEXT NOT NULL,
     actor TEXT NOT NULL,
     action TEXT NOT NULL,
     kind TEXT NOT NULL,
     before TEXT,
     after TEXT
   );
   CREATE INDEX audit_by_tenant ON audit_log(tenant_id, id);`,
  // Secondary keys of records (wave, state, site...), so a page of the records carrying one key is an
  // index range scan, whatever the size of the collection.
  `CREATE TABLE record_keys (
     tenant_id TEXT NOT NULL,
     collection TEXT NOT NULL,
     key TEXT NOT NULL,
     id TEXT NOT NULL,
     PRIMARY KEY (tenant_id, collection, key, id)
   ) WITHOUT ROWID;`,
  // Search text of records in a narrow table of its own: a search scans ~100 bytes per record, not
  // the records' JSON.
  `CREATE TABLE record_text (
     tenant_id TEXT NOT NULL,
     collection TEXT NOT NULL,
     id TEXT NOT NULL,
     text TEXT NOT NULL,
     PRIMARY KEY (tenant_id, collection, id)
   ) WITHOUT ROWID;`,
  // What a record was written with, so a replace can keep the records that did not change: a hash of
  // its data, keys and search text, and its keys (to remove them when the record goes).
  `ALTER TABLE records ADD COLUMN hash TEXT;
   ALTER TABLE records ADD COLUMN keys TEXT;`,
  // Large replaces are written as a new generation of the collection under a name of its own
  // (\`people@1f2e3d4c\`), in short transactions, and made live by one small commit; readers read the
  // live generation (the collection's own name when it has none). Retired and abandoned generations
  // are deleted afterwards, a slice at a time. See stageGeneration.
  `CREATE TABLE collection_generations (
     tenant_id TEXT NOT NULL REFERENCES tenants(tenant_id),
     collection TEXT NOT NULL,
     physical TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('staging', 'live', 'retired')),
     -- staging: when the writer is presumed gone unless it renews; retired: when it may be deleted.
     expires_at INTEGER,
     -- live: bumped by every commit that writes its records in place (see replaceCollection).
     version INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (tenant_id, collection, physical)
   ) WITHOUT ROWID;`,
];

const PAGE_SIZE = 16_384;

export interface SqliteStoreOptions {
  /** Clock for timestamps; tests pass a fixed one. */
  now?: () => Date;
  /**
   * How long a writer waits for another connection's write transaction (a job's worker thread, or `vmp`
   * on the same file) before the commit fails; default 10 s. The wait is asynchronous: SQLite's own
   * (blocking) busy handler waits at most BLOCKING_WAIT_MS at a time, so a waiting writer never holds
   * the event loop while a 100,000-record commit of another thread finishes.
   */
  busyTimeoutMs?: number;
  /**
   * Where the write-ahead log is copied back into the database file (a checkpoint). 'on-commit', SQLite's
   * default: by the connection whose commit takes the log past 1,000 pages, inside that commit's call.
   * 'background': never by this connection; a worker thread with a connection of its own checkpoints
   * every `checkpointIntervalMs`. The server's event-loop connection uses it: after a job's worker
   * commits a 100,000-record snapshot (150 MB of log), the next settings save on the event loop would
   * otherwise copy those pages itself, holding every request for 0.1-2 s of disk writes.
   */
  walCheckpoints?: 'on-commit' | 'background';
  /** How often the background checkpointer runs (default 1 s). */
  checkpointIntervalMs?: number;
  /**
   * Replaces that write at least this many records (default 5,000) are staged: written as a new
   * generation in transactions of about STAGE_SLICE_MS each, then made live by the commit itself. Other
   * writers (another tenant's settings save, a job on another thread or process) wait at most one
   * slice, not the whole replace: a sync's 100,000 people and numbers held the write lock for ~2 s.
   */
  stagedReplaceMinRecords?: number;
  /**
   * How long one transaction of a staged replace, or of deleting an old generation, writes (default
   * 150 ms). The server's event-loop connection passes less than its 50 ms budget; with background
   * checkpoints, its old generations are deleted by the checkpoint thread, not on the event loop.
   */
  stageSliceMs?: number;
}

/**
 * The longest one attempt blocks the thread in SQLite's busy handler; longer waits are timers. Short, so
 * a waiting writer probes often (every MAX_WRITE_PAUSE_MS at most) and gets in between a staged
 * replace's slices, yet an event loop waiting for the lock is blocked for a small share of the wait.
 */
const BLOCKING_WAIT_MS = 2;
/** The longest pause between a waiting writer's attempts. */
const MAX_WRITE_PAUSE_MS = 10;
/** How long one transaction of a staged replace (or of deleting a retired generation) writes, by default. */
const STAGE_SLICE_MS = 150;
/** The pause after each slice, in which waiting writers take the lock (longer than MAX_WRITE_PAUSE_MS). */
const STAGE_GAP_MS = 15;
/** A staging generation whose writer has not renewed it for this long is presumed abandoned. */
const STAGING_LEASE_MS = 60_000;
/** How long a retired generation stays readable: a read that resolved it a moment ago still finds its rows. */
const RETIRED_GRACE_MS = 2_000;
const DEFAULT_STAGED_REPLACE_MIN_RECORDS = 5_000;
/** A replace that keeps most records is staged too when it writes this many times the minimum. */
const STAGE_CHANGED_FACTOR = 2;
/** Filtered id lists kept per connection (a few searches and filters of a few tenants). */
const MATCH_CACHE_ENTRIES = 16;
/** Prepared statements kept per connection. */
const MAX_KEPT_STATEMENTS = 256;

/** The database is still locked by another process after the busy timeout: retryable, not a client error. */
export class StoreBusyError extends Error {
  readonly code = 'busy';
  constructor(description: string) {
    super(`The store ${description} is busy with another writer; try again in a moment.`);
    this.name = 'StoreBusyError';
  }
}

export class SqliteStore implements Store {
  readonly description: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  readonly artefacts: ArtefactStore;
  private readonly busyTimeoutMs: number;
  private readonly stagedReplaceMinRecords: number;
  private readonly sliceMs: number;
  /** Commits made through this connection (other connections' show in PRAGMA data_version). */
  private localCommits = 0;
  /** Recent filtered id lists (see matchingIds), least recently used first. */
  private readonly matchCache = new Map<string, { stamp: string; value: unknown }>();
  /** Statements prepared once per connection (see statement). */
  private readonly statements = new Map<string, Database.Statement>();
  /** The database file (`:memory:` for an in-memory database), for worker threads that open their own connection. */
  readonly file: string;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    this.file = file === ':memory:' ? file : path.resolve(file);
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // Writers from other processes wait up to the timeout instead of failing at once.
    this.db = new Database(file, { timeout: BLOCKING_WAIT_MS });
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.stagedReplaceMinRecords = options.stagedReplaceMinRecords ?? DEFAULT_STAGED_REPLACE_MIN_RECORDS;
    this.sliceMs = options.stageSliceMs ?? STAGE_SLICE_MS;
    // Artefacts live in a folder beside the database file (in memory for an in-memory database).
    this.artefacts = file === ':memory:' ? new MemoryArtefactStore() : new DirectoryArtefactStore(`${path.resolve(file)}.artefacts`);
    // Larger pages for a new file (an existing one keeps its own): record rows are JSON of a few hundred
    // bytes to tens of kilobytes, and bulk replaces of 100,000 rows write a quarter of the pages (and
    // WAL frames) they would at 4 KB. Only takes effect before the first table exists.
    this.db.pragma(`page_size = ${PAGE_SIZE}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    this.description = `sqlite:${file}`;
    this.now = options.now ?? (() => new Date());
    this.migrate();
    if (options.walCheckpoints === 'background' && file !== ':memory:') this.checkpointInBackground(options.checkpointIntervalMs ?? 1_000);
    // Generations left by a writer that stopped (a killed job, a closed CLI) are deleted in the background.
    else if (this.statement("SELECT 1 FROM collection_generations WHERE state <> 'live' LIMIT 1", 'pluck').get() !== undefined) this.sweepSoon();
  }

  private checkpointer?: Worker;
  /** What the background checkpointer last reported (frames in the log, frames copied into the database). */
  lastCheckpoint?: { framesInLog: number; framesCopied: number };

  private checkpointInBackground(intervalMs: number): void {
    this.db.pragma('wal_autocheckpoint = 0');
    const checkpointOnCommitAgain = () => {
      // Without the thread the log would grow without end: this connection checkpoints on commit again.
      if (this.checkpointer) this.db.pragma('wal_autocheckpoint = 1000');
      this.checkpointer = undefined;
    };
    try {
      const worker = startWorker(siblingEntry(__filename, 'wal-checkpoint-worker'), { workerData: { file: this.file, intervalMs } });
      worker.on('message', (report: { framesInLog: number; framesCopied: number }) => (this.lastCheckpoint = report));
      worker.on('error', checkpointOnCommitAgain);
      worker.on('exit', checkpointOnCommitAgain);
      // Never what keeps a process alive: close() stops it, and an unclosed store's log is checkpointed by the next open.
      worker.unref();
      this.checkpointer = worker;
    } catch {
      this.db.pragma('wal_autocheckpoint = 1000');
    }
  }

  /** The schema version after migration (the number of applied migrations). */
  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The database ${this.description} has schema version ${current}, newer than this build knows (${MIGRATIONS.length}). Upgrade the app.`,
      );
    }
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /**
   * A prepared statement for `sql`, prepared once per connection: preparing costs more than running
   * the small queries a page view makes. `pluck`/`raw` are fixed at preparation, so they are part of
   * the key. A statement still iterating (busy) is not shared: the caller gets a fresh one.
   */
  private statement(sql: string, mode: 'rows' | 'pluck' | 'raw' = 'rows'): Database.Statement {
    const key = `${mode}\u0000${sql}`;
    const kept = this.statements.get(key);
    if (kept && !kept.busy) return kept;
    const fresh = this.db.prepare(sql);
    if (mode === 'pluck') fresh.pluck();
    else if (mode === 'raw') fresh.raw();
    // Statements built from a query's shape (number of search terms, audit fields left out) vary a
    // little; the bound keeps an unusual caller from growing the map.
    if (!kept && this.statements.size < MAX_KEPT_STATEMENTS) this.statements.set(key, fresh);
    return fresh;
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  async listTenants(): Promise<TenantRecord[]> {
    const rows = this.statement('SELECT * FROM tenants ORDER BY tenant_id').all() as TenantRow[];
    return rows.map(toTenant);
  }

  async getTenant(tenantId: string): Promise<TenantRecord | undefined> {
    const row = this.statement('SELECT * FROM tenants WHERE tenant_id = ?').get(tenantId) as TenantRow | undefined;
    return row && toTenant(row);
  }

  async upsertTenant(tenantId: string, displayName: string): Promise<TenantRecord> {
    const at = this.stamp();
    const upsert = this.statement(
      `INSERT INTO tenants (tenant_id, display_name, created_at, updated_at, version) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT(tenant_id) DO UPDATE SET display_name = excluded.display_name, updated_at = excluded.updated_at,
         version = tenants.version + 1 WHERE tenants.display_name <> excluded.display_name`,
    );
    await this.whenWritable(() => upsert.run(tenantId, displayName, at, at));
    this.localCommits++;
    return (await this.getTenant(tenantId))!;
  }

  async hasTenantData(tenantId: string): Promise<boolean> {
    // Each EXISTS is one probe of an index that leads with tenant_id (the documents' and records' keys, audit_by_tenant).
    const found = this.statement(
      `SELECT EXISTS (SELECT 1 FROM documents WHERE tenant_id = ?)
           OR EXISTS (SELECT 1 FROM records WHERE tenant_id = ?)
           OR EXISTS (SELECT 1 FROM audit_log WHERE tenant_id = ?)`,
      'pluck',
    ).get(tenantId, tenantId, tenantId) as number;
    return found === 1;
  }

  /**
   * Runs a write, waiting (on timers, not in SQLite's blocking busy handler) while another connection
   * holds the write lock, up to the busy timeout. A background thread writes at request priority, so it
   * holds the lock no longer than the writes take.
   */
  private async whenWritable<T>(write: () => T): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let pause = 2; ; pause = Math.min(pause * 2, MAX_WRITE_PAUSE_MS)) {
      try {
        return atRequestPriority(write);
      } catch (err) {
        if ((err as { code?: string }).code !== 'SQLITE_BUSY') throw err;
        if (Date.now() >= deadline) throw new StoreBusyError(this.description);
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }

  async getDocument<T>(tenantId: string, kind: string): Promise<Versioned<T> | undefined> {
    const row = this.statement('SELECT version, data, updated_at, updated_by FROM documents WHERE tenant_id = ? AND kind = ?')
      .get(tenantId, kind) as { version: number; data: string; updated_at: string; updated_by: string } | undefined;
    if (!row) return undefined;
    return { data: JSON.parse(row.data) as T, version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  async getDocumentVersion(tenantId: string, kind: string): Promise<Omit<Versioned<unknown>, 'data'> | undefined> {
    const row = this.statement('SELECT version, updated_at, updated_by FROM documents WHERE tenant_id = ? AND kind = ?')
      .get(tenantId, kind) as { version: number; updated_at: string; updated_by: string } | undefined;
    return row && { version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by };
  }

  async listCollection<T, R = T>(tenantId: string, collection: string, map?: (item: T) => R): Promise<R[]> {
    const stmt = this.statement('SELECT data FROM records WHERE tenant_id = ? AND collection = ? ORDER BY id', 'pluck');
    const rows = stmt.iterate(tenantId, this.live(tenantId, collection)) as Iterable<string>;
    const out: R[] = [];
    if (map) for (const data of rows) out.push(map(JSON.parse(data) as T));
    else for (const data of rows) out.push(JSON.parse(data) as R);
    return out;
  }

  async countCollection(tenantId: string, collection: string): Promise<number> {
    return this.statement('SELECT count(*) FROM records WHERE tenant_id = ? AND collection = ?', 'pluck')
      .get(tenantId, this.live(tenantId, collection)) as number;
  }

  /**
   * The collection's live generation (see stageGeneration) and its version; undefined for a collection
   * never staged, whose records are stored under its own name.
   */
  private liveGeneration(tenantId: string, collection: string): LiveGeneration | undefined {
    return this.statement("SELECT physical, version FROM collection_generations WHERE tenant_id = ? AND collection = ? AND state = 'live'").get(tenantId, collection) as
      | LiveGeneration
      | undefined;
  }

  /** The name the collection's live records are stored under. Every read and in-place write goes through it. */
  private live(tenantId: string, collection: string): string {
    return this.liveGeneration(tenantId, collection)?.physical ?? collection;
  }

  async pageCollection<T>(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<T>> {
    const page = this.pageOfText(tenantId, collection, query);
    return { total: page.total, offset: page.offset, items: page.items.map((d) => JSON.parse(d) as T) };
  }

  async pageCollectionJson(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<string>> {
    return this.pageOfText(tenantId, collection, query);
  }

  /** A page of records as their stored JSON text. */
  private pageOfText(tenantId: string, logical: string, query: CollectionPageQuery): CollectionPage<string> {
    const { offset, limit } = pageBounds(query);
    // The live generation's name; the lists kept below are keyed by it, so a new generation never finds an old list.
    const generation = this.liveGeneration(tenantId, logical);
    const collection = generation?.physical ?? logical;
    const stamp = this.changeStamp(generation);
    const keys = [...(query.key !== undefined ? [query.key] : []), ...(query.allKeys ?? [])];
    const terms = (query.search ?? '').split(/\s+/).filter(Boolean);
    if (keys.length === 0 && terms.length === 0) {
      // Counting 100,000 index entries costs more than the page: the count is kept like filtered ids.
      const total = this.keptUntilChanged(JSON.stringify([tenantId, collection, 'count']), stamp, () =>
        this.statement('SELECT count(*) FROM records WHERE tenant_id = ? AND collection = ?', 'pluck').get(tenantId, collection) as number,
      );
      const items = this.statement('SELECT data FROM records WHERE tenant_id = ? AND collection = ? ORDER BY id LIMIT ? OFFSET ?', 'pluck')
        .all(tenantId, collection, limit, offset) as string[];
      return { total, offset, items };
    }
    const ids = this.matchingIds(tenantId, collection, keys, terms, stamp);
    const pageIds = ids.slice(offset, offset + limit);
    // The page's records in one statement (a hundred single-row reads cost more than the rows), then
    // put back in the page's order.
    const rows = this.statement('SELECT id, data FROM records WHERE tenant_id = ? AND collection = ? AND id IN (SELECT value FROM json_each(?))', 'raw').all(
      tenantId,
      collection,
      JSON.stringify(pageIds),
    ) as [string, string][];
    const dataById = new Map(rows);
    const items: string[] = [];
    for (const id of pageIds) {
      const data = dataById.get(id);
      if (data !== undefined) items.push(data);
    }
    return { total: ids.length, offset, items };
  }

  /**
   * The ids of the records carrying every key and containing every term, in id order. The first key
   * drives (an index range), the other keys and the text are checked per id by primary key; with text
   * alone, the narrow text table is scanned. The list is kept for the next pages of the same query
   * until the collection may have changed (see changeStamp), so fifty clients paging one search cost
   * one scan, not fifty.
   */
  private matchingIds(tenantId: string, collection: string, keys: string[], terms: string[], stamp: string): string[] {
    return this.keptUntilChanged(JSON.stringify([tenantId, collection, keys, terms]), stamp, () => this.queryMatchingIds(tenantId, collection, keys, terms));
  }

  /**
   * A value computed from the database, kept (16 per connection, least recently used dropped) until
   * `stamp` changes (see changeStamp).
   */
  private keptUntilChanged<T>(cacheKey: string, stamp: string, compute: () => T): T {
    const hit = this.matchCache.get(cacheKey);
    if (hit && hit.stamp === stamp) {
      this.matchCache.delete(cacheKey);
      this.matchCache.set(cacheKey, hit);
      return hit.value as T;
    }
    const value = compute();
    this.matchCache.set(cacheKey, { stamp, value });
    while (this.matchCache.size > MATCH_CACHE_ENTRIES) this.matchCache.delete(this.matchCache.keys().next().value!);
    return value;
  }

  /**
   * What changes when a collection's records may have: for a live generation its name and version,
   * bumped by every write to it; for a collection never staged, any commit to the database (PRAGMA
   * data_version for other connections, this connection's count). So a page of one tenant's staged
   * view stays kept while other tenants and other jobs write.
   */
  private changeStamp(generation: LiveGeneration | undefined): string {
    return generationStamp(generation) ?? `database:${this.db.pragma('data_version', { simple: true })}:${this.localCommits}`;
  }

  private queryMatchingIds(tenantId: string, collection: string, keys: string[], terms: string[]): string[] {
    const textCheck = terms.map(() => 'instr(t.text, ?) > 0').join(' AND ');
    let sql: string;
    let params: unknown[];
    if (keys.length) {
      const [first, ...rest] = keys;
      sql =
        'SELECT k.id FROM record_keys k WHERE k.tenant_id = ? AND k.collection = ? AND k.key = ?' +
        rest.map(() => ' AND EXISTS (SELECT 1 FROM record_keys o WHERE o.tenant_id = k.tenant_id AND o.collection = k.collection AND o.key = ? AND o.id = k.id)').join('') +
        (terms.length ? ` AND EXISTS (SELECT 1 FROM record_text t WHERE t.tenant_id = k.tenant_id AND t.collection = k.collection AND t.id = k.id AND ${textCheck})` : '') +
        ' ORDER BY k.id';
      params = [tenantId, collection, first, ...rest, ...terms];
    } else {
      sql = `SELECT t.id FROM record_text t WHERE t.tenant_id = ? AND t.collection = ? AND ${textCheck} ORDER BY t.id`;
      params = [tenantId, collection, ...terms];
    }
    return this.statement(sql, 'pluck').all(...params) as string[];
  }

  async getRecord<T>(tenantId: string, collection: string, id: string): Promise<T | undefined> {
    const data = this.statement('SELECT data FROM records WHERE tenant_id = ? AND collection = ? AND id = ?', 'pluck')
      .get(tenantId, this.live(tenantId, collection), id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as T);
  }

  async commit(tenantId: string, actor: string, changes: StoreChange[]): Promise<void> {
    const at = this.stamp();
    const getVersion = this.statement('SELECT version, updated_at, updated_by FROM documents WHERE tenant_id = ? AND kind = ?');
    const putDocument = this.statement(
      `INSERT INTO documents (tenant_id, kind, version, data, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(tenant_id, kind) DO UPDATE SET version = excluded.version, data = excluded.data,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    );
    const deleteDocument = this.statement('DELETE FROM documents WHERE tenant_id = ? AND kind = ?');
    const clearCollection = this.statement('DELETE FROM records WHERE tenant_id = ? AND collection = ?');
    const clearKeys = this.statement('DELETE FROM record_keys WHERE tenant_id = ? AND collection = ?');
    const clearText = this.statement('DELETE FROM record_text WHERE tenant_id = ? AND collection = ?');
    const insertKey = this.statement('INSERT OR IGNORE INTO record_keys (tenant_id, collection, key, id) VALUES (?, ?, ?, ?)');
    const storedHashes = this.statement('SELECT id, hash FROM records WHERE tenant_id = ? AND collection = ?', 'raw');
    const storedKeys = this.statement('SELECT keys FROM records WHERE tenant_id = ? AND collection = ? AND id = ?', 'pluck');
    const deleteRecord = this.statement('DELETE FROM records WHERE tenant_id = ? AND collection = ? AND id = ?');
    const deleteKey = this.statement('DELETE FROM record_keys WHERE tenant_id = ? AND collection = ? AND key = ? AND id = ?');
    const deleteText = this.statement('DELETE FROM record_text WHERE tenant_id = ? AND collection = ? AND id = ?');
    const deleteKeysOf = this.statement('DELETE FROM record_keys WHERE tenant_id = ? AND collection = ? AND id = ?');
    const bumpLiveVersion = this.statement("UPDATE collection_generations SET version = version + 1 WHERE tenant_id = ? AND collection = ? AND state = 'live'");

    const inserters = new Map<string, ReturnType<SqliteStore['recordInserter']>>();
    const insertItem = (collection: string, item: CollectionItem, json: string, hash: string) => {
      let insert = inserters.get(collection);
      if (!insert) inserters.set(collection, (insert = this.recordInserter(tenantId, collection)));
      insert(item, json, hash);
    };
    const removeItem = (collection: string, id: string) => {
      const keys = storedKeys.get(tenantId, collection, id) as string | null | undefined;
      if (keys) for (const key of JSON.parse(keys) as string[]) deleteKey.run(tenantId, collection, key, id);
      else if (keys === null) {
        // Written before keys were kept on the row: its keys can only be found by scanning.
        deleteKeysOf.run(tenantId, collection, id);
      }
      deleteText.run(tenantId, collection, id);
      deleteRecord.run(tenantId, collection, id);
    };
    const storedRecord = this.statement('SELECT hash, keys FROM records WHERE tenant_id = ? AND collection = ? AND id = ?');
    const updateRecord = this.statement('UPDATE records SET data = ?, hash = ?, keys = ? WHERE tenant_id = ? AND collection = ? AND id = ?');
    const putText = this.statement(
      'INSERT INTO record_text (tenant_id, collection, id, text) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, collection, id) DO UPDATE SET text = excluded.text WHERE text <> excluded.text',
    );
    /**
     * Writes `item` over the stored record of its id, if any: the row is updated in place, only the keys
     * that differ are moved and the text is written only when it differs. A read model's record mostly
     * changes in one field and one key (a person's path), so this is a third of the statements of a
     * delete and an insert.
     */
    const rewriteItem = (collection: string, item: CollectionItem, json: string, hash: string) => {
      const stored = storedRecord.get(tenantId, collection, item.id) as { hash: string | null; keys: string | null } | undefined;
      if (!stored) return insertItem(collection, item, json, hash);
      if (stored.hash === hash) return;
      if (stored.keys === null) {
        // No keys, or written before keys were kept on the row: the whole record again.
        removeItem(collection, item.id);
        return insertItem(collection, item, json, hash);
      }
      const before = new Set(JSON.parse(stored.keys) as string[]);
      const after = new Set(item.keys ?? []);
      for (const key of before) if (!after.has(key)) deleteKey.run(tenantId, collection, key, item.id);
      for (const key of after) if (!before.has(key)) insertKey.run(tenantId, collection, key, item.id);
      updateRecord.run(json, hash, item.keys?.length ? JSON.stringify(item.keys) : null, tenantId, collection, item.id);
      if (item.search) putText.run(tenantId, collection, item.id, item.search);
      else deleteText.run(tenantId, collection, item.id);
    };
    /**
     * Replaces the collection with `items`. Most replaces rewrite what is mostly there already (a new
     * sync of unchanged people, paths recomputed after one site's decision changed), so when at least
     * half the records are unchanged (same data, keys and search text, by hash) only the others are
     * written; otherwise everything is cleared and written in key order. (A record's JSON is made
     * twice when its collection is not new: once to hash it, once to write it if it changed.)
     */
    const replaceCollection = (logical: string, items: readonly CollectionItem[], hashed?: string[], readBefore?: StoredHashes) => {
      const generation = this.liveGeneration(tenantId, logical);
      const collection = generation?.physical ?? logical;
      // The comparison made before the lock was taken holds unless the collection was written since.
      const known = readBefore?.version !== undefined && readBefore.version === generationStamp(generation) ? readBefore.diff : undefined;
      bumpLiveVersion.run(tenantId, logical);
      if (known && hashed && known.unchanged * 2 >= items.length) {
        for (const i of known.writes) rewriteItem(collection, items[i], JSON.stringify(items[i].data), hashed[i]);
        for (const id of known.removes) removeItem(collection, id);
        return;
      }
      const stored = new Map<string, string | null>(storedHashes.all(tenantId, collection) as [string, string | null][]);
      const writeAll = (hashes?: string[]) => {
        clearCollection.run(tenantId, collection);
        clearKeys.run(tenantId, collection);
        clearText.run(tenantId, collection);
        // In key order (appends to the index instead of splitting pages at random), one record's JSON at
        // a time: 100,000 people's JSON never sits in memory at once.
        for (let i = 0; i < items.length; i++) {
          const json = JSON.stringify(items[i].data);
          insertItem(collection, items[i], json, hashes?.[i] ?? recordHash(json, items[i]));
        }
      };
      if (stored.size === 0) return writeAll(hashed);
      const hashes = hashed ?? items.map((item) => recordHash(JSON.stringify(item.data), item));
      let unchanged = 0;
      for (let i = 0; i < items.length; i++) if (stored.get(items[i].id) === hashes[i]) unchanged++;
      if (unchanged * 2 < items.length) return writeAll(hashes);
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        const before = stored.get(item.id);
        stored.delete(item.id);
        if (before === hashes[i]) continue;
        if (before !== undefined) rewriteItem(collection, item, JSON.stringify(item.data), hashes[i]);
        else insertItem(collection, item, JSON.stringify(item.data), hashes[i]);
      }
      for (const gone of stored.keys()) removeItem(collection, gone);
    };
    /** Writes the patch's records over their ids and removes the others named; nothing else is read. */
    const patchCollection = (logical: string, put: readonly CollectionItem[], remove: readonly string[]) => {
      const collection = this.live(tenantId, logical);
      bumpLiveVersion.run(tenantId, logical);
      for (const id of remove) removeItem(collection, id);
      for (const item of put) {
        const json = JSON.stringify(item.data);
        rewriteItem(collection, item, json, recordHash(json, item));
      }
    };
    const insertAudit = this.statement(
      'INSERT INTO audit_log (tenant_id, at, actor, action, kind, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    /** The document's version now; with `expected`, refuses any other (null = must not exist). */
    const documentVersion = (kind: string, expected?: number | null): number | null => {
      const current = getVersion.get(tenantId, kind) as { version: number; updated_at: string; updated_by: string } | undefined;
      const currentVersion = current?.version ?? null;
      if (expected !== undefined && expected !== currentVersion) {
        throw new ConcurrencyConflictError(kind, expected, currentVersion, current?.updated_by, current?.updated_at);
      }
      return currentVersion;
    };
    // A replace's records in key order, read once (an iterable may be single-use, and a busy store
    // runs the transaction again), and hashed before the write lock is taken when the collection has
    // records to compare with: hashing 100,000 records is most of a replace's time, and another
    // writer (an admin's settings save while the decisions view is rewritten) waits only for the writes.
    const hasRecords = this.statement('SELECT 1 FROM records WHERE tenant_id = ? AND collection = ? LIMIT 1', 'pluck');
    const replacing = new Map<StoreChange, { collection: string; items: readonly CollectionItem[]; hashes?: string[]; stage: boolean; staged?: string; readBefore?: StoredHashes }>();
    for (const change of changes) {
      if (change.type !== 'replace-collection') continue;
      const { collection } = change;
      const items = inKeyOrder(change.items);
      const generation = this.liveGeneration(tenantId, collection);
      const current = generation?.physical ?? collection;
      const compared = hasRecords.get(tenantId, current) !== undefined;
      const hashes = compared ? items.map((item) => recordHash(JSON.stringify(item.data), item)) : undefined;
      if (items.length < this.stagedReplaceMinRecords) {
        replacing.set(change, { collection, items, hashes, stage: false });
        continue;
      }
      // Large: compared with the stored hashes before the lock too (the commit writes what the comparison
      // found, unless the collection is written meanwhile). Staged when the replace would rewrite the whole
      // collection anyway (see replaceCollection), or many of its records; one that leaves all but a few
      // thousand as they are writes those in the commit itself.
      const readBefore = hashes && { version: generationStamp(generation), diff: compareWithStored(storedHashes.all(tenantId, current) as [string, string | null][], items, hashes) };
      replacing.set(change, { collection, items, hashes, readBefore, stage: !readBefore || manyChanged(readBefore.diff, items.length, this.stagedReplaceMinRecords) });
    }
    const toStage = [...replacing].filter(([, r]) => r.stage);
    const liveGeneration = this.statement(
      "UPDATE collection_generations SET state = 'live', expires_at = NULL WHERE tenant_id = ? AND collection = ? AND physical = ? AND state = 'staging'",
    );
    const retireGeneration = this.statement(
      `INSERT INTO collection_generations (tenant_id, collection, physical, state, expires_at) VALUES (?, ?, ?, 'retired', ?)
       ON CONFLICT (tenant_id, collection, physical) DO UPDATE SET state = 'retired', expires_at = excluded.expires_at`,
    );
    let retired = false;
    /** Makes a staged generation the collection's live one; the one it replaces is retired (deleted later). */
    const makeLive = (collection: string, staged: string) => {
      const current = this.live(tenantId, collection);
      if (liveGeneration.run(tenantId, collection, staged).changes !== 1) {
        throw new Error(`The records staged for ${collection} were removed before the commit (their writer was idle for over ${STAGING_LEASE_MS / 1000} s); commit again.`);
      }
      if (current !== collection || hasRecords.get(tenantId, current) !== undefined) {
        retireGeneration.run(tenantId, collection, current, Date.now() + RETIRED_GRACE_MS);
        retired = true;
      }
    };
    const apply = this.db.transaction(() => {
      for (const change of changes) {
        switch (change.type) {
          case 'put-document': {
            const currentVersion = documentVersion(change.kind, change.expectedVersion);
            putDocument.run(tenantId, change.kind, (currentVersion ?? 0) + 1, JSON.stringify(change.data), at, actor);
            break;
          }
          case 'delete-document':
            deleteDocument.run(tenantId, change.kind);
            break;
          case 'expect-document':
            documentVersion(change.kind, change.version);
            break;
          case 'replace-collection': {
            const { items, hashes, staged, readBefore } = replacing.get(change)!;
            if (staged) makeLive(change.collection, staged);
            else replaceCollection(change.collection, items, hashes, readBefore);
            break;
          }
          case 'patch-collection':
            patchCollection(change.collection, change.put, change.remove);
            break;
          case 'audit':
            insertAudit.run(
              tenantId,
              at,
              actor,
              change.action,
              change.kind,
              change.before === undefined ? null : JSON.stringify(change.before),
              change.after === undefined ? null : JSON.stringify(change.after),
            );
            break;
        }
      }
    });
    try {
      if (toStage.length) {
        // Refused now rather than after writing 100,000 records for nothing.
        for (const change of changes) {
          if (change.type === 'put-document' && change.expectedVersion !== undefined) documentVersion(change.kind, change.expectedVersion);
          else if (change.type === 'expect-document') documentVersion(change.kind, change.version);
        }
        for (const [, r] of toStage) r.staged = await this.stageGeneration(tenantId, r.collection, r.items, r.hashes);
      }
      // IMMEDIATE: take the write lock first, so a second writer waits for it instead of failing at once
      // when both read and then try to upgrade to writing.
      await this.whenWritable(() => apply.immediate());
    } catch (err) {
      for (const [, r] of toStage) if (r.staged) await this.abandonStaging(tenantId, r.collection, r.staged);
      throw err;
    }
    this.localCommits++;
    if (retired) this.sweepSoon();
  }

  /**
   * Writes new records of one collection, each with its search text and, unless `keys` is 'later', its
   * keys. The statements are looked up once, not per record: building the lookup keys of three
   * statements for each of 200,000 records took about 3% of a 100,000-user snapshot's save.
   */
  private recordInserter(tenantId: string, collection: string, keys: 'now' | 'later' = 'now'): (item: CollectionItem, json: string, hash: string) => void {
    const insertRecord = this.statement('INSERT INTO records (tenant_id, collection, id, data, hash, keys) VALUES (?, ?, ?, ?, ?, ?)');
    const insertKey = this.statement('INSERT OR IGNORE INTO record_keys (tenant_id, collection, key, id) VALUES (?, ?, ?, ?)');
    const insertText = this.statement('INSERT INTO record_text (tenant_id, collection, id, text) VALUES (?, ?, ?, ?)');
    return (item, json, hash) => {
      insertRecord.run(tenantId, collection, item.id, json, hash, item.keys?.length ? JSON.stringify(item.keys) : null);
      if (item.keys && keys === 'now') for (const key of item.keys) insertKey.run(tenantId, collection, key, item.id);
      if (item.search) insertText.run(tenantId, collection, item.id, item.search);
    };
  }

  /**
   * Writes `items` as a new generation of the collection, invisible to readers until a commit makes it
   * live: one transaction per STAGE_SLICE_MS of writing, with a pause after each, so every other writer
   * on this database (any tenant, any thread or process) waits for one slice at most. The generation
   * is registered first with a lease each slice renews; a writer that dies leaves it to be deleted
   * once the lease runs out. Returns the generation's name.
   *
   * The records go in id order, then their keys in key order: a record's keys (a person's UPN, site or
   * wave) follow another order than its id, and written beside each record they landed all over the
   * keys' b-tree, splitting pages at random (most of a 100,000-person replace's time); in key order they
   * are appended.
   */
  private async stageGeneration(tenantId: string, collection: string, items: readonly CollectionItem[], hashes?: string[]): Promise<string> {
    const physical = `${collection}@${randomBytes(4).toString('hex')}`;
    const register = this.statement("INSERT INTO collection_generations (tenant_id, collection, physical, state, expires_at) VALUES (?, ?, ?, 'staging', ?)");
    const renew = this.statement("UPDATE collection_generations SET expires_at = ? WHERE tenant_id = ? AND collection = ? AND physical = ? AND state = 'staging'");
    /** Runs `write(0..count-1)` in slices of about sliceMs, each a transaction that renews the lease. */
    const inSlices = async (count: number, write: (i: number) => void) => {
      const slice = this.db.transaction((from: number): number => {
        if (renew.run(Date.now() + STAGING_LEASE_MS, tenantId, collection, physical).changes !== 1) {
          throw new Error(`The records staged for ${collection} were removed while being written (their writer was idle for over ${STAGING_LEASE_MS / 1000} s).`);
        }
        const until = performance.now() + this.sliceMs;
        let i = from;
        while (i < count) {
          write(i);
          i++;
          // The clock is read every 64 rows: reading it costs more than writing a small row.
          if ((i & 63) === 0 && performance.now() >= until) break;
        }
        return i;
      });
      for (let next = 0; next < count; ) {
        const from = next;
        next = await this.whenWritable(() => slice.immediate(from));
        if (next < count) await sleep(STAGE_GAP_MS);
      }
    };
    await this.whenWritable(() => register.run(tenantId, collection, physical, Date.now() + STAGING_LEASE_MS));
    try {
      const insert = this.recordInserter(tenantId, physical, 'later');
      await inSlices(items.length, (i) => {
        const json = JSON.stringify(items[i].data);
        insert(items[i], json, hashes?.[i] ?? recordHash(json, items[i]));
      });
      const keyed = keysInOrder(items);
      const insertKey = this.statement('INSERT OR IGNORE INTO record_keys (tenant_id, collection, key, id) VALUES (?, ?, ?, ?)');
      await inSlices(keyed.length, (i) => insertKey.run(tenantId, physical, keyed[i].key, items[keyed[i].item].id));
    } catch (err) {
      await this.abandonStaging(tenantId, collection, physical);
      throw err;
    }
    return physical;
  }

  /** A staged generation that will not be committed: retired at once, and deleted in the background. */
  private async abandonStaging(tenantId: string, collection: string, physical: string): Promise<void> {
    try {
      await this.whenWritable(() =>
        this.statement("UPDATE collection_generations SET state = 'retired', expires_at = ? WHERE tenant_id = ? AND collection = ? AND physical = ? AND state = 'staging'").run(
          Date.now(),
          tenantId,
          collection,
          physical,
        ),
      );
      this.sweepSoon();
    } catch {
      // Left to its lease: once it runs out, any connection's sweep deletes the generation.
    }
  }

  private sweeping = false;
  private closed = false;

  /**
   * Deletes retired and abandoned generations in the background (see sweep); one sweep at a time. With
   * background checkpoints, the checkpoint thread does it on its own connection.
   */
  private sweepSoon(): void {
    if (this.checkpointer) return this.checkpointer.postMessage('sweep');
    this.sweepGenerations();
  }

  /** Starts deleting the generations that are due on this connection, unless a sweep is running. */
  sweepGenerations(): void {
    if (this.sweeping || this.closed) return;
    this.sweeping = true;
    void this.sweep();
  }

  /**
   * Deletes the generations that are due: retired ones once their grace has passed, staging ones whose
   * writer let the lease run out. A slice at a time with pauses, like staging, so no writer waits
   * long. Waits (on a timer that keeps no process alive) for retired generations still in their grace;
   * stops when none is left or the store closes.
   */
  private async sweep(): Promise<void> {
    try {
      // Never inside the caller's turn (a constructor, a commit): the sweep writes.
      await sleep(0, { unref: true });
      const due = this.statement("SELECT tenant_id, collection, physical, state FROM collection_generations WHERE state <> 'live' AND expires_at <= ? LIMIT 1");
      const nextDue = this.statement("SELECT min(expires_at) FROM collection_generations WHERE state = 'retired'", 'pluck');
      while (!this.closed) {
        const generation = due.get(Date.now()) as { tenant_id: string; collection: string; physical: string; state: string } | undefined;
        if (generation) {
          await this.deleteGeneration(generation.tenant_id, generation.collection, generation.physical, generation.state);
          continue;
        }
        const at = nextDue.get() as number | null;
        if (at === null) return;
        await sleep(Math.max(0, at - Date.now()) + 1, { unref: true });
      }
    } catch (err) {
      // The store closed meanwhile, or the database was busy for longer than the busy timeout: whatever
      // is left is deleted by the next sweep (after the next staged commit, or when a store opens).
      if (!this.closed && !(err instanceof StoreBusyError)) process.emitWarning(`Deleting old record generations failed: ${(err as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async deleteGeneration(tenantId: string, collection: string, physical: string, state: string): Promise<void> {
    if (state === 'staging') {
      // Abandoned: retired first, so a writer that comes back fails instead of committing half of it.
      const retire = this.statement(
        "UPDATE collection_generations SET state = 'retired' WHERE tenant_id = ? AND collection = ? AND physical = ? AND state = 'staging' AND expires_at <= ?",
      );
      if ((await this.whenWritable(() => retire.run(tenantId, collection, physical, Date.now()))).changes === 0) return;
    }
    const someRecords = this.statement('DELETE FROM records WHERE rid IN (SELECT rid FROM records WHERE tenant_id = ? AND collection = ? LIMIT 2000)');
    const someKeys = this.statement(
      'DELETE FROM record_keys WHERE tenant_id = ? AND collection = ? AND (key, id) IN (SELECT key, id FROM record_keys WHERE tenant_id = ? AND collection = ? LIMIT 2000)',
    );
    const someText = this.statement(
      'DELETE FROM record_text WHERE tenant_id = ? AND collection = ? AND id IN (SELECT id FROM record_text WHERE tenant_id = ? AND collection = ? LIMIT 2000)',
    );
    const forget = this.statement("DELETE FROM collection_generations WHERE tenant_id = ? AND collection = ? AND physical = ? AND state = 'retired'");
    const slice = this.db.transaction((): boolean => {
      const until = performance.now() + this.sliceMs;
      do {
        const removed = someRecords.run(tenantId, physical).changes + someKeys.run(tenantId, physical, tenantId, physical).changes + someText.run(tenantId, physical, tenantId, physical).changes;
        if (removed === 0) {
          forget.run(tenantId, collection, physical);
          return true;
        }
      } while (performance.now() < until);
      return false;
    });
    while (!this.closed && !(await this.whenWritable(() => slice.immediate()))) await sleep(STAGE_GAP_MS);
  }

  async listAudit(tenantId: string, limit = 100, options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const offset = Math.max(0, options.offset ?? 0);
    // Left-out keys are removed by SQLite itself (JSON1), so large documents never reach JavaScript.
    const omit = (options.omit ?? []).filter((k) => /^[A-Za-z0-9_]+$/.test(k));
    const payload = (column: string) =>
      omit.length ? `CASE WHEN json_valid(${column}) AND json_type(${column}) = 'object' THEN json_remove(${column}, ${omit.map(() => '?').join(', ')}) ELSE ${column} END AS ${column}` : column;
    const paths = omit.map((k) => `$.${k}`);
    const select = `SELECT id, tenant_id, at, actor, action, kind, ${payload('before')}, ${payload('after')} FROM audit_log`;
    const rows = (
      options.kind === undefined
        ? this.statement(`${select} WHERE tenant_id = ? ORDER BY id DESC LIMIT ? OFFSET ?`).all(...paths, ...paths, tenantId, limit, offset)
        : this.statement(`${select} WHERE tenant_id = ? AND kind = ? ORDER BY id DESC LIMIT ? OFFSET ?`).all(...paths, ...paths, tenantId, options.kind, limit, offset)
    ) as AuditRow[];
    return rows.map(auditFromRow);
  }

  async getAudit(tenantId: string, id: number): Promise<AuditEntry | undefined> {
    const row = this.statement('SELECT * FROM audit_log WHERE tenant_id = ? AND id = ?').get(tenantId, id) as AuditRow | undefined;
    return row ? auditFromRow(row) : undefined;
  }

  async close(): Promise<void> {
    // A sweep in progress stops after its current slice; what is left, the next sweep deletes.
    this.closed = true;
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    if (checkpointer) {
      const exited = new Promise((resolve) => checkpointer.once('exit', resolve));
      // Unreferenced while open; a process with nothing else to do would otherwise exit here, never
      // coming back from close().
      checkpointer.ref();
      checkpointer.postMessage('stop');
      await exited;
    }
    // The last connection to close copies what is left of the log and removes it.
    this.db.close();
  }
}

function auditFromRow(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    kind: r.kind,
    before: r.before === null ? undefined : JSON.parse(r.before),
    after: r.after === null ? undefined : JSON.parse(r.after),
  };
}

interface TenantRow {
  tenant_id: string;
  display_name: string;
  created_at: string;
  updated_at: string;
  version: number;
}
interface AuditRow {
  id: number;
  tenant_id: string;
  at: string;
  actor: string;
  action: string;
  kind: string;
  before: string | null;
  after: string | null;
}

/** A collection's live generation: the name its records are stored under, and its version. */
interface LiveGeneration {
  physical: string;
  version: number;
}

/** Identifies what a live generation holds now (undefined: a collection never staged, not tracked). */
function generationStamp(generation: LiveGeneration | undefined): string | undefined {
  return generation && `generation:${generation.physical}#${generation.version}`;
}

/** A replace compared with the stored records outside the commit, and the live version compared with. */
interface StoredHashes {
  version: string | undefined;
  diff: ReplaceDiff;
}

/** What a replace changes: how many records stay as stored, which items to write, which ids go. */
interface ReplaceDiff {
  unchanged: number;
  writes: number[];
  removes: string[];
}

/** Compares `items` (in id order, with their hashes) with the stored ids and hashes. */
function compareWithStored(stored: readonly [string, string | null][], items: readonly CollectionItem[], hashes: readonly string[]): ReplaceDiff {
  const before = new Map(stored);
  const writes: number[] = [];
  let unchanged = 0;
  for (let i = 0; i < items.length; i++) {
    const id = items[i].id;
    if (i > 0 && items[i - 1].id === id) throw new Error(`The collection has two records with the id "${id}".`);
    if (before.get(id) === hashes[i]) unchanged++;
    else writes.push(i);
    before.delete(id);
  }
  return { unchanged, writes, removes: [...before.keys()] };
}

/**
 * Whether a replace would write many records: fewer than half of them stored with the same hash (it
 * then rewrites everything), or at least STAGE_CHANGED_FACTOR x `minStaged` records to write or remove
 * (in place, 50,000 rewrites of a 100,000-person view held the lock for seconds).
 */
function manyChanged(diff: ReplaceDiff, count: number, minStaged: number): boolean {
  return diff.unchanged * 2 < count || diff.writes.length + diff.removes.length >= STAGE_CHANGED_FACTOR * minStaged;
}

function sleep(ms: number, options: { unref?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (options.unref) timer.unref();
  });
}

/**
 * The digest of a record's JSON, keys and search text. One-shot (crypto.hash) over the joined text: the
 * same digest as a Hash object fed the parts, in about 60% of the time (100,000 people per sync).
 */
function recordHash(json: string, item: CollectionItem): string {
  return hash('sha1', `${json ?? 'undefined'}\u0000${item.keys ? item.keys.join('\u0001') : ''}\u0000${item.search ?? ''}`, 'base64');
}

/** Every key of the items, in key order (then item order, which is id order): how record_keys stores them. */
function keysInOrder(items: readonly CollectionItem[]): { key: string; item: number }[] {
  const keyed: { key: string; item: number }[] = [];
  for (let i = 0; i < items.length; i++) for (const key of items[i].keys ?? []) keyed.push({ key, item: i });
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.item - b.item));
}

/** The items sorted by id; a caller that already sorted them (a bulk import does) costs one linear check. */
function inKeyOrder<T extends { id: string }>(items: Iterable<T>): readonly T[] {
  const list = Array.isArray(items) ? (items as T[]) : [...items];
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1].id > list[i].id) return [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return list;
}

function toTenant(row: TenantRow): TenantRecord {
  return {
    tenantId: row.tenant_id,
    displayName: row.display_name,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
