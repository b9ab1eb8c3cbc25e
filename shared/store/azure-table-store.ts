/**
 * The scale-out store: the same `Store` port on Azure Table Storage, so several server instances can
 * share one state. Table Storage has no multi-partition transactions, a 64 KiB limit per property and
 * a 1 MiB limit per entity; this adapter keeps the port's guarantees anyway:
 *
 * - Everything small a commit touches for one tenant lives in ONE partition of the `meta` table:
 *   documents, collection pointers, audit entries and the audit sequence. A commit ends with one
 *   entity-group transaction there (all or nothing), and every versioned write in it carries the
 *   etag that was read (If-Match) or is a create that fails if the entity exists: never an
 *   unconditional overwrite.
 * - Record collections can be far larger than a transaction (100 entities, 4 MiB). They are written
 *   as a new *generation* in their own partition of the `records` table (one per tenant, collection
 *   and generation), invisible until the commit's transaction flips the collection's pointer to it;
 *   the previous generation is deleted afterwards. A failed commit deletes the generation it wrote,
 *   so readers never see a half-written collection.
 * - A generation holds record-aligned pages: each page entity holds whole records (`[id, data]`
 *   pairs, in id order) up to about `recordPageChars` characters; a record larger than that gets a
 *   page of its own, and a page larger than one entity continues in `<page>.0001`, `<page>.0002`...
 *   The pointer carries the index: where each page starts (a cumulative count) and its first id, so
 *   `pageCollection` reads only the pages its offset and limit fall in and `getRecord` finds its page
 *   by a binary search over the first ids. For every secondary key the generation also holds a copy
 *   of the key's records as pages of their own (`k:<key>:<page>`), the first of which carries the
 *   key's count and page starts: a keyed page read costs one or two entity reads, not one per record
 *   (the key's records are scattered over the id-ordered pages). Pages are written with entity-group
 *   transactions (up to 100 entities and ~3.5 MB per request), several at a time.
 * - Large JSON values are split over several string properties (chunks of 30,000 characters).
 */
import { randomUUID } from 'node:crypto';
import {
  AzureNamedKeyCredential,
  AzureSASCredential,
  odata,
  RestError,
  TableClient,
  type TableEntity,
  type TableEntityResult,
  type TransactionAction,
} from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
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
import { unsentRequestRetry } from './unsent-request-retry';
import { artefactContainerName, AzureBlobArtefactStore, blobUrlFromTableUrl, type AzureBlobArtefactOptions } from './azure-blob-artefacts';

export type AzureTableStoreOptions = (
  | { connectionString: string }
  /** An account URL (`https://<account>.table.core.windows.net`) with a SAS token or a shared key. */
  | { accountUrl: string; sasToken: string; blobUrl?: string }
  | { accountUrl: string; accountName: string; accountKey: string; blobUrl?: string }
  /** Entra auth, e.g. the App Service's managed identity through DefaultAzureCredential (shared keys disabled). */
  | { accountUrl: string; credential: TokenCredential; blobUrl?: string }
) & {
  /** Prefix of the three table names (letters and digits), so several deployments can share an account. */
  tablePrefix?: string;
  /**
   * Blob container of the artefacts; default `<prefix>-artefacts` in lower case. Its account is the
   * connection string's BlobEndpoint, or `blobUrl`, or the account URL with `.table.` read as `.blob.`.
   */
  artefactContainer?: string;
  /** Clock for timestamps; tests pass a fixed one. */
  now?: () => Date;
  /** Needed for http:// endpoints (Azurite); never in production. */
  allowInsecureConnection?: boolean;
  /** Layout knobs for tests and benchmarks; the defaults are the measured choice. */
  tuning?: {
    /** Characters of record JSON per page before a new page starts (default 128,000). */
    recordPageChars?: number;
    /** Write pages with entity-group transactions (default) or one request per entity. */
    pageWrites?: 'transactions' | 'single';
  };
};

/** A string property holds at most 64 KiB = 32,768 UTF-16 units; stay clear of it. */
const CHUNK_CHARS = 30_000;
/** Chunks per entity: 15 x 60 KB stays under the 1 MiB entity limit with room for keys and metadata. */
const CHUNKS_PER_ENTITY = 15;
const ENTITY_CHARS = CHUNK_CHARS * CHUNKS_PER_ENTITY;
/**
 * Records per page: ~128,000 characters (about 200 people of 600 bytes). A page read of 100 records
 * then fetches one or two entities of ~128 KB; larger pages make writes a little cheaper and page
 * reads slower (bench/azure-store.bench.ts measures both).
 */
const DEFAULT_RECORD_ENTITY_CHARS = 128_000;
/** Entity-group transactions are limited to 100 operations and a 4 MiB request; keep clear of the size. */
const MAX_TRANSACTION_ACTIONS = 100;
const MAX_TRANSACTION_BYTES = 3_500_000;
/** How often a commit re-plans after losing a race on an etag it did not promise to the caller. */
const MAX_COMMIT_ATTEMPTS = 8;
/** Transactions (or single puts) of one generation in flight at once. */
const PAGE_WRITE_CONCURRENCY = 4;
/** Audit row keys count down, so a plain ascending scan returns the newest entries first. */
const AUDIT_ID_CEILING = 1e15;
/** Row keys may be at most 1 KiB; a page row key is its key's encoded form plus ~20 characters. */
const MAX_ENCODED_KEY_CHARS = 512;
/** The current generation layout (record-aligned pages with an index); pointers without one are the first layout. */
const LAYOUT = 2;
/** What a read needs of a pointer when it does not need the page index. */
const POINTER_HEAD = ['generation', 'count', 'pages', 'searchPages', 'layout'];
/** Key positions and search texts of recent generations kept in memory (generations never change). */
const DERIVED_CACHE_CHARS = 48_000_000;
/** Page reads of one filtered page in flight at once. */
const PAGE_READ_CONCURRENCY = 16;

interface ChunkedProps {
  [key: string]: unknown;
  n: number;
}
type DocumentEntity = ChunkedProps & { kind: string; version: number; updatedAt: string; updatedBy: string };
/** The collection pointer in the meta partition; with layout 2 its chunks (`n`, `d0`...) hold the page index. */
interface PointerEntity {
  [key: string]: unknown;
  generation: string;
  count: number;
  pages: number;
  /** Pages of search text (`s:<page>`); 0 when no record has any. */
  searchPages?: number;
  layout?: number;
}
/** What a generation yields for filtered reads, cached per generation partition. */
interface Derived {
  positions: Map<string, Uint32Array>;
  search?: (string | null)[];
  chars: number;
}
/** Where each page starts (records before it) and its first id: the index of a generation's pages. */
interface PageIndex {
  s: number[];
  f: string[];
}
/** A stored record: its id and data. */
type PageRecord = [string, unknown];
interface TenantEntity {
  tenantId: string;
  displayName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** A page or entity of the generation a read started from is gone: a commit replaced it meanwhile. */
class GenerationGone extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export class AzureTableStore implements Store {
  readonly description: string;
  private readonly now: () => Date;
  private readonly pageChars: number;
  private readonly pageWrites: 'transactions' | 'single';
  /** Insertion-ordered: the first entry is the least recently used. */
  private readonly derived = new Map<string, Derived>();
  private derivedChars = 0;

  private constructor(
    private readonly tenants: TableClient,
    private readonly meta: TableClient,
    private readonly records: TableClient,
    readonly artefacts: ArtefactStore,
    description: string,
    now: () => Date,
    tuning: AzureTableStoreOptions['tuning'] = {},
  ) {
    this.description = description;
    this.now = now;
    this.pageChars = Math.max(1000, Math.min(ENTITY_CHARS, tuning.recordPageChars ?? DEFAULT_RECORD_ENTITY_CHARS));
    this.pageWrites = tuning.pageWrites ?? 'transactions';
  }

  /** Connects and creates the tables and the artefact container when they do not exist yet. */
  static async open(options: AzureTableStoreOptions): Promise<AzureTableStore> {
    const prefix = options.tablePrefix ?? 'vmp';
    if (!/^[A-Za-z][A-Za-z0-9]{0,50}$/.test(prefix)) {
      throw new Error(`The table prefix "${prefix}" must start with a letter and hold only letters and digits (at most 51).`);
    }
    const clientOptions = { allowInsecureConnection: options.allowInsecureConnection ?? false, additionalPolicies: [unsentRequestRetry] };
    const client = (table: string): TableClient => {
      if ('connectionString' in options) return TableClient.fromConnectionString(options.connectionString, table, clientOptions);
      if ('credential' in options) return new TableClient(options.accountUrl, table, options.credential, clientOptions);
      if ('sasToken' in options) return new TableClient(options.accountUrl, table, new AzureSASCredential(options.sasToken), clientOptions);
      return new TableClient(options.accountUrl, table, new AzureNamedKeyCredential(options.accountName, options.accountKey), clientOptions);
    };
    const tenants = client(`${prefix}tenants`);
    const meta = client(`${prefix}meta`);
    const records = client(`${prefix}records`);
    for (const table of [tenants, meta, records]) await createTableIfMissing(table);
    const artefacts = await AzureBlobArtefactStore.open(blobOptions(options, options.artefactContainer ?? artefactContainerName(prefix)));
    // Describe the endpoint without any secret: the host and the table prefix only.
    const host = new URL(tenants.url).host;
    return new AzureTableStore(tenants, meta, records, artefacts, `azure-tables:${host}/${prefix}`, options.now ?? (() => new Date()), options.tuning);
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  async listTenants(): Promise<TenantRecord[]> {
    const out: TenantRecord[] = [];
    for await (const e of this.tenants.listEntities<TenantEntity>({ queryOptions: { filter: odata`PartitionKey eq 'tenant'` } })) {
      out.push(toTenant(e));
    }
    return out.sort((a, b) => compare(a.tenantId, b.tenantId));
  }

  async getTenant(tenantId: string): Promise<TenantRecord | undefined> {
    const e = await getOrUndefined(this.tenants, 'tenant', key(tenantId));
    return e && toTenant(e as unknown as TableEntityResult<TenantEntity>);
  }

  async hasTenantData(tenantId: string): Promise<boolean> {
    // The tenant's meta partition holds its documents, collection pointers and audit entries: any one
    // entity there is data. One query of at most one entity, keys only (a page may come back empty
    // with a continuation, so pages are read until one holds an entity or none is left).
    const entities = this.meta.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${key(tenantId)}`, select: ['RowKey'] } });
    for await (const page of entities.byPage({ maxPageSize: 1 })) {
      if (page.length > 0) return true;
    }
    return false;
  }

  async upsertTenant(tenantId: string, displayName: string): Promise<TenantRecord> {
    for (let attempt = 1; ; attempt++) {
      const at = this.stamp();
      const current = (await getOrUndefined(this.tenants, 'tenant', key(tenantId))) as TableEntityResult<TenantEntity> | undefined;
      try {
        if (!current) {
          const entity = { partitionKey: 'tenant', rowKey: key(tenantId), tenantId, displayName, createdAt: at, updatedAt: at, version: 1 };
          await this.tenants.createEntity(entity);
          return toTenant(entity);
        }
        if (current.displayName === displayName) return toTenant(current);
        const next = { ...toTenant(current), displayName, updatedAt: at, version: current.version + 1 };
        await this.tenants.updateEntity({ partitionKey: 'tenant', rowKey: key(tenantId), ...next }, 'Replace', { etag: current.etag });
        return next;
      } catch (err) {
        // Another instance created or renamed the tenant meanwhile: read again and retry.
        if (!isRace(err) || attempt >= MAX_COMMIT_ATTEMPTS) throw err;
      }
    }
  }

  async getDocument<T>(tenantId: string, kind: string): Promise<Versioned<T> | undefined> {
    const e = (await getOrUndefined(this.meta, key(tenantId), docKey(kind))) as DocumentEntity | undefined;
    if (!e) return undefined;
    return { data: JSON.parse(joinChunks(e)) as T, version: e.version, updatedAt: e.updatedAt, updatedBy: e.updatedBy };
  }

  async getDocumentVersion(tenantId: string, kind: string): Promise<Omit<Versioned<unknown>, 'data'> | undefined> {
    // Only the version properties: a document's data may be most of a megabyte.
    const e = (await getOrUndefined(this.meta, key(tenantId), docKey(kind), ['version', 'updatedAt', 'updatedBy'])) as DocumentEntity | undefined;
    return e && { version: e.version, updatedAt: e.updatedAt, updatedBy: e.updatedBy };
  }

  async listCollection<T, R = T>(tenantId: string, collection: string, map?: (item: T) => R): Promise<R[]> {
    return this.retrying(tenantId, collection, async () => {
      const pointer = await this.getPointer(tenantId, collection, POINTER_HEAD);
      if (!pointer || pointer.count === 0) return [];
      const partitionKey = generationPartition(tenantId, collection, pointer.generation);
      if (pointer.layout !== LAYOUT) {
        const items = await this.readFirstLayout<T>(partitionKey, pointer);
        return map ? items.map((item) => map(item)) : (items as unknown as R[]);
      }
      // Streams the pages in row-key order and parses one page at a time, so only the mapped records accumulate.
      const out: R[] = [];
      const heads = await this.streamPages(partitionKey, 'p:', (text) => {
        for (const [, data] of JSON.parse(text) as PageRecord[]) out.push(map ? map(data as T) : (data as R));
      });
      if (heads !== pointer.pages || out.length !== pointer.count) {
        throw new GenerationGone(`${heads} of ${pointer.pages} pages and ${out.length} of ${pointer.count} records`);
      }
      return out;
    });
  }

  async pageCollection<T>(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<T>> {
    const { offset, limit } = pageBounds(query);
    const empty = (total: number): CollectionPage<T> => ({ total, offset, items: [] });
    const keys = [...new Set([...(query.key !== undefined ? [query.key] : []), ...(query.allKeys ?? [])])];
    const terms = (query.search ?? '').split(/\s+/).filter(Boolean);
    return this.retrying(tenantId, collection, async () => {
      if (keys.length > 1 || terms.length > 0) return this.filteredPage<T>(tenantId, collection, keys, terms, offset, limit);
      if (keys.length === 0) {
        const pointer = await this.getPointer(tenantId, collection);
        if (!pointer || pointer.count === 0) return empty(0);
        if (offset >= pointer.count) return empty(pointer.count);
        const partitionKey = generationPartition(tenantId, collection, pointer.generation);
        if (pointer.layout !== LAYOUT) {
          const all = await this.readFirstLayout<T>(partitionKey, pointer);
          return { total: all.length, offset, items: all.slice(offset, offset + limit) };
        }
        const index = readIndex(pointer);
        const items = await this.readRange(partitionKey, 'p:', index.s, pointer.count, offset, limit);
        return { total: pointer.count, offset, items: items as T[] };
      }
      // Keyed: the key's first page carries its count and page starts. From offset 0 (the usual
      // request) it is read whole, since it is most likely the page wanted; deeper, its index first.
      const pointer = await this.getPointer(tenantId, collection, POINTER_HEAD);
      if (!pointer || pointer.count === 0) return empty(0);
      this.assertLayout(pointer, tenantId, collection);
      const prefix = keyPagePrefix(keys[0]);
      if (prefix.length > MAX_ENCODED_KEY_CHARS) return empty(0); // never written: commits refuse such keys
      const partitionKey = generationPartition(tenantId, collection, pointer.generation);
      const head = await getOrUndefined(this.records, partitionKey, pageRowKey(prefix, 0), offset === 0 ? undefined : ['total', 'ix']);
      if (!head) {
        // No such key in this generation, unless the generation itself went away meanwhile.
        await this.assertStillCurrent(tenantId, collection, pointer, `key ${keys[0]}`);
        return empty(0);
      }
      const total = Number(head.total);
      if (offset >= total) return empty(total);
      const starts = JSON.parse(String(head.ix)) as number[];
      const items = await this.readRange(partitionKey, prefix, starts, total, offset, limit, offset === 0 ? head : undefined);
      return { total, offset, items: items as T[] };
    });
  }

  async pageCollectionJson(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<string>> {
    // Records are stored several to an entity, parsed together: each is serialised again here.
    const page = await this.pageCollection<unknown>(tenantId, collection, query);
    return { ...page, items: page.items.map((item) => JSON.stringify(item)) };
  }

  async getRecord<T>(tenantId: string, collection: string, id: string): Promise<T | undefined> {
    return this.retrying(tenantId, collection, async () => {
      const pointer = await this.getPointer(tenantId, collection);
      if (!pointer || pointer.count === 0) return undefined;
      this.assertLayout(pointer, tenantId, collection);
      const { f: firsts } = readIndex(pointer);
      const page = lastAtOrBefore(firsts, id, compare);
      if (page < 0) return undefined;
      const records = await this.readPage(generationPartition(tenantId, collection, pointer.generation), pageRowKey('p:', page));
      let lo = 0;
      let hi = records.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const c = compare(records[mid][0], id);
        if (c === 0) return records[mid][1] as T;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    });
  }

  async countCollection(tenantId: string, collection: string): Promise<number> {
    return (await this.getPointer(tenantId, collection, ['count']))?.count ?? 0;
  }

  async commit(tenantId: string, actor: string, changes: StoreChange[]): Promise<void> {
    if (!(await this.getTenant(tenantId))) {
      throw new Error(`Tenant ${tenantId} does not exist in ${this.description}; create it (upsertTenant) before writing its data.`);
    }
    const at = this.stamp();
    // Materialise every collection once (items may be a generator) and validate it before writing anything.
    const collections = new Map<string, SerialisedCollection>();
    for (const change of changes) {
      if (change.type === 'replace-collection') collections.set(change.collection, serialiseCollection(change.collection, change.items));
      // A generation is written whole, so a patch is written as the collection it leaves.
      if (change.type === 'patch-collection') collections.set(change.collection, serialiseCollection(change.collection, change.whole()));
    }
    // A generation is registered before its first page is written, so the finally below deletes
    // whatever part of it exists when a write or the commit fails.
    const written = new Map<string, string>();
    const staged = new Map<string, PointerEntity>();
    try {
      for (const [collection, serialised] of collections) {
        const generation = randomUUID();
        written.set(collection, generation);
        staged.set(collection, await this.writeGeneration(generationPartition(tenantId, collection, generation), generation, serialised));
      }
      let superseded: string[] = [];
      for (let attempt = 1; ; attempt++) {
        const plan = await this.planTransaction(tenantId, actor, at, changes, staged);
        try {
          if (plan.actions.length > 0) await this.meta.submitTransaction(plan.actions);
          superseded = plan.superseded;
          break;
        } catch (err) {
          // Someone else wrote one of the entities after we read it. Re-planning re-reads every
          // version: a caller's explicit expectedVersion then fails with ConcurrencyConflictError,
          // while pointers, the audit sequence and unconditional puts simply apply on top.
          if (!isRace(err) || attempt >= MAX_COMMIT_ATTEMPTS) throw err;
        }
      }
      written.clear(); // committed: the new generations are live now
      for (const partition of superseded) await this.deletePartition(partition);
    } finally {
      for (const [collection, generation] of written) {
        await this.deletePartition(generationPartition(tenantId, collection, generation));
      }
    }
  }

  async listAudit(tenantId: string, limit = 100, options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    // Row keys count down, so the scan is newest first; an offset is skipped on the way (audit trails
    // are short next to the records, and Tables has no server-side offset).
    let skip = Math.max(0, options.offset ?? 0);
    const filter =
      options.kind === undefined
        ? odata`PartitionKey eq ${key(tenantId)} and RowKey ge 'audit:' and RowKey lt 'audit;'`
        : odata`PartitionKey eq ${key(tenantId)} and RowKey ge 'audit:' and RowKey lt 'audit;' and kind eq ${options.kind}`;
    const entities = this.meta.listEntities<ChunkedProps & Omit<AuditEntry, 'before' | 'after' | 'tenantId'>>({ queryOptions: { filter } });
    for await (const page of entities.byPage({ maxPageSize: Math.min(Math.max(limit + skip, 1), 1000) })) {
      for (const e of page) {
        if (out.length >= limit) return out;
        if (skip > 0) {
          skip--;
          continue;
        }
        const payload = JSON.parse(joinChunks(e)) as { before?: unknown; after?: unknown };
        out.push({ id: e.id, tenantId, at: e.at, actor: e.actor, action: e.action, kind: e.kind, before: omitKeys(payload.before, options.omit), after: omitKeys(payload.after, options.omit) });
      }
      if (out.length >= limit) break;
    }
    return out;
  }

  async getAudit(tenantId: string, id: number): Promise<AuditEntry | undefined> {
    if (!Number.isSafeInteger(id) || id < 1) return undefined;
    const e = (await getOrUndefined(this.meta, key(tenantId), auditKey(id))) as (ChunkedProps & Omit<AuditEntry, 'before' | 'after' | 'tenantId'>) | undefined;
    if (!e) return undefined;
    const payload = JSON.parse(joinChunks(e)) as { before?: unknown; after?: unknown };
    return { id: e.id, tenantId, at: e.at, actor: e.actor, action: e.action, kind: e.kind, before: payload.before, after: payload.after };
  }

  async close(): Promise<void> {
    // HTTP clients hold no resources that need closing.
  }

  /** The pointer; `select` limits it to those properties (the page index is the bulk of it). */
  private async getPointer(tenantId: string, collection: string, select?: string[]): Promise<PointerEntity | undefined> {
    return (await getOrUndefined(this.meta, key(tenantId), pointerKey(collection), select)) as PointerEntity | undefined;
  }

  /**
   * Runs a read of the current generation again when a commit replaced (and deleted) that generation
   * while it was being read; the retry starts from the new pointer.
   */
  private async retrying<R>(tenantId: string, collection: string, read: () => Promise<R>): Promise<R> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (err) {
        if (!(err instanceof GenerationGone)) throw err;
        if (attempt >= MAX_COMMIT_ATTEMPTS) {
          throw new Error(`The ${collection} collection of tenant ${tenantId} is incomplete in ${this.description} (${err.detail}).`);
        }
      }
    }
  }

  /**
   * Several keys and/or search terms: the positions (in id order) of each key and of the records whose
   * search text holds every term are intersected, then only the collection pages holding the wanted
   * page of matches are read.
   */
  private async filteredPage<T>(
    tenantId: string,
    collection: string,
    keys: string[],
    terms: string[],
    offset: number,
    limit: number,
  ): Promise<CollectionPage<T>> {
    const pointer = await this.getPointer(tenantId, collection);
    if (!pointer || pointer.count === 0) return { total: 0, offset, items: [] };
    this.assertLayout(pointer, tenantId, collection);
    const partitionKey = generationPartition(tenantId, collection, pointer.generation);
    const derived = this.derivedOf(partitionKey);
    const lists = await Promise.all([
      ...keys.map((k) => this.keyPositions(tenantId, collection, pointer, partitionKey, derived, k)),
      ...(terms.length > 0 ? [this.searchPositions(partitionKey, pointer, derived, terms)] : []),
    ]);
    this.remember(partitionKey, derived);
    const matched = intersect(lists);
    const total = matched.length;
    if (offset >= total) return { total, offset, items: [] };
    const wanted = matched.subarray(offset, Math.min(total, offset + limit));
    const { s: starts } = readIndex(pointer);
    const pageOf = (position: number) => lastAtOrBefore(starts, position, (a, b) => a - b);
    const pageNumbers = [...new Set(Array.from(wanted, pageOf))];
    const pages = new Map<number, PageRecord[]>();
    await forEachLimited(pageNumbers, PAGE_READ_CONCURRENCY, async (page) => {
      pages.set(page, await this.readPage(partitionKey, pageRowKey('p:', page)));
    });
    const items = Array.from(wanted, (position) => {
      const page = pageOf(position);
      const record = pages.get(page)![position - starts[page]];
      if (!record) throw new Error(`Page ${pageRowKey('p:', page)} of ${partitionKey} does not hold record ${position}.`);
      return record[1] as T;
    });
    return { total, offset, items };
  }

  private async keyPositions(
    tenantId: string,
    collection: string,
    pointer: PointerEntity,
    partitionKey: string,
    derived: Derived,
    k: string,
  ): Promise<Uint32Array> {
    const cached = derived.positions.get(k);
    if (cached) return cached;
    let positions: Uint32Array = new Uint32Array(0);
    if (keyPagePrefix(k).length <= MAX_ENCODED_KEY_CHARS) {
      const entity = await getOrUndefined(this.records, partitionKey, positionsRowKey(k));
      if (entity) positions = decodePositions(joinChunks(entity));
      else await this.assertStillCurrent(tenantId, collection, pointer, `key ${k}`);
    }
    derived.positions.set(k, positions);
    derived.chars += 16 + positions.length * 2;
    return positions;
  }

  private async searchPositions(partitionKey: string, pointer: PointerEntity, derived: Derived, terms: string[]): Promise<Uint32Array> {
    if (!derived.search) {
      const texts: (string | null)[] = [];
      if (pointer.searchPages) {
        const heads = await this.streamPages(partitionKey, 's:', (text) => {
          for (const t of JSON.parse(text) as (string | null)[]) texts.push(t);
        });
        if (heads !== pointer.searchPages || texts.length !== pointer.count) {
          throw new GenerationGone(`${heads} of ${pointer.searchPages} search pages`);
        }
      }
      derived.search = texts;
      derived.chars += texts.reduce((sum, t) => sum + 4 + (t?.length ?? 0), 0);
    }
    const out: number[] = [];
    derived.search.forEach((text, i) => {
      if (text !== null && terms.every((term) => text.includes(term))) out.push(i);
    });
    return Uint32Array.from(out);
  }

  private derivedOf(partitionKey: string): Derived {
    const found = this.derived.get(partitionKey);
    if (found) {
      this.derived.delete(partitionKey);
      this.derivedChars -= found.chars;
      return found;
    }
    return { positions: new Map(), chars: 0 };
  }

  /** Keeps what a filtered read derived for the next one, within the cache's budget. */
  private remember(partitionKey: string, derived: Derived): void {
    this.derived.delete(partitionKey);
    this.derived.set(partitionKey, derived);
    this.derivedChars += derived.chars;
    for (const [oldest, entry] of this.derived) {
      if (this.derivedChars <= DERIVED_CACHE_CHARS || oldest === partitionKey) break;
      this.derived.delete(oldest);
      this.derivedChars -= entry.chars;
    }
  }

  /** An entity of the generation is missing: fine when that generation is still the current one. */
  private async assertStillCurrent(tenantId: string, collection: string, pointer: PointerEntity, what: string): Promise<void> {
    const now = await this.getPointer(tenantId, collection, POINTER_HEAD);
    if (now?.generation !== pointer.generation) throw new GenerationGone(what);
  }

  /**
   * Streams the pages under `prefix` in row-key order (a page's continuation entities follow it) and
   * hands each page's text to `onPage`; returns how many pages there were.
   */
  private async streamPages(partitionKey: string, prefix: string, onPage: (text: string) => void): Promise<number> {
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    let heads = 0;
    let open: { text: string; left: number } | undefined;
    for await (const e of this.records.listEntities<ChunkedProps>({
      queryOptions: { filter: odata`PartitionKey eq ${partitionKey} and RowKey ge ${prefix} and RowKey lt ${upper}` },
    })) {
      if (e.rowKey!.includes('.')) {
        if (!open || open.left === 0) throw new GenerationGone(`a continuation ${e.rowKey} without its page`);
        open.text += joinChunks(e);
        open.left--;
      } else {
        if (open) throw new GenerationGone(`a page before ${e.rowKey} lacks continuations`);
        heads++;
        open = { text: joinChunks(e), left: Number(e.more ?? 0) };
      }
      if (open.left === 0) {
        onPage(open.text);
        open = undefined;
      }
    }
    if (open) throw new GenerationGone(`the last page under ${prefix} lacks continuations`);
    return heads;
  }

  private assertLayout(pointer: PointerEntity, tenantId: string, collection: string): void {
    if (pointer.layout !== LAYOUT) {
      throw new Error(
        `The ${collection} collection of tenant ${tenantId} was written by an earlier version without record ids in its pages; ` +
          'keyed and single-record reads need it written again (run a sync or an import).',
      );
    }
  }

  /** Records [offset, offset + limit) of the pages under `prefix` whose starts are `starts`. */
  private async readRange(
    partitionKey: string,
    prefix: string,
    starts: number[],
    total: number,
    offset: number,
    limit: number,
    firstPage?: Record<string, unknown>,
  ): Promise<unknown[]> {
    const end = Math.min(total, offset + limit);
    const from = lastAtOrBefore(starts, offset, (a, b) => a - b);
    const to = lastAtOrBefore(starts, end - 1, (a, b) => a - b);
    const pages = await Promise.all(
      Array.from({ length: to - from + 1 }, (_, i) => this.readPage(partitionKey, pageRowKey(prefix, from + i), from + i === 0 ? firstPage : undefined)),
    );
    const out: unknown[] = [];
    pages.forEach((records, i) => {
      const page = from + i;
      const size = (page + 1 < starts.length ? starts[page + 1] : total) - starts[page];
      if (records.length !== size) throw new Error(`Page ${pageRowKey(prefix, page)} of ${partitionKey} holds ${records.length} records, not ${size}.`);
      const lo = Math.max(offset, starts[page]) - starts[page];
      const hi = Math.min(end, starts[page] + size) - starts[page];
      for (let r = lo; r < hi; r++) out.push(records[r][1]);
    });
    return out;
  }

  /** One page's records: its entity (read now unless given whole) and any continuation entities. */
  private async readPage(partitionKey: string, rowKey: string, given?: Record<string, unknown>): Promise<PageRecord[]> {
    const head = given ?? (await getOrUndefined(this.records, partitionKey, rowKey));
    if (!head) throw new GenerationGone(`page ${rowKey}`);
    let text = joinChunks(head);
    const more = Number(head.more ?? 0);
    if (more > 0) {
      let found = 0;
      for await (const e of this.records.listEntities<ChunkedProps>({
        queryOptions: { filter: odata`PartitionKey eq ${partitionKey} and RowKey gt ${`${rowKey}.`} and RowKey lt ${`${rowKey}/`}` },
      })) {
        text += joinChunks(e);
        found++;
      }
      if (found !== more) throw new GenerationGone(`${found} of ${more} continuations of page ${rowKey}`);
    }
    return JSON.parse(text) as PageRecord[];
  }

  /** A generation of the first layout: one JSON array of the records' data cut into slices, no ids. */
  private async readFirstLayout<T>(partitionKey: string, pointer: PointerEntity): Promise<T[]> {
    const slices: string[] = [];
    for await (const page of this.records.listEntities<ChunkedProps>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } })) {
      slices.push(joinChunks(page));
    }
    if (slices.length !== pointer.pages) throw new GenerationGone(`${slices.length} of ${pointer.pages} slices`);
    return JSON.parse(slices.join('')) as T[];
  }

  /**
   * Writes a collection's pages into a fresh partition that nothing points at yet and returns the
   * pointer that will make them visible.
   */
  private async writeGeneration(partitionKey: string, generation: string, serialised: SerialisedCollection): Promise<PointerEntity> {
    const layout = layoutGeneration(serialised, this.pageChars);
    await this.writeEntities(generationEntities(partitionKey, serialised, layout));
    const index: PageIndex = { s: layout.main, f: layout.main.map((start) => serialised.ids[start]) };
    const indexJson = asciiJson(index);
    if (indexJson.length > ENTITY_CHARS) {
      throw new Error(`The collection is too large for one page index (${layout.main.length} pages).`);
    }
    return {
      generation,
      count: serialised.ids.length,
      pages: layout.main.length,
      searchPages: layout.search.length,
      layout: LAYOUT,
      ...toChunks(indexJson),
    };
  }

  /** Creates entities of one partition: transactions of up to 100 entities / ~3.5 MB, a few in flight. */
  private async writeEntities(entities: Iterable<PendingEntity>): Promise<void> {
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    const launch = (batch: TableEntity[]) => {
      const request =
        batch.length === 1 ? this.records.createEntity(batch[0]) : this.records.submitTransaction(batch.map((e): TransactionAction => ['create', e]));
      const p: Promise<void> = request.then(
        () => undefined,
        (error: unknown) => {
          failure ??= { error };
        },
      );
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };
    const single = this.pageWrites === 'single';
    let batch: TableEntity[] = [];
    let bytes = 0;
    for (const { entity, wireBytes } of entities) {
      if (batch.length > 0 && (single || batch.length >= MAX_TRANSACTION_ACTIONS || bytes + wireBytes > MAX_TRANSACTION_BYTES)) {
        launch(batch);
        batch = [];
        bytes = 0;
        while (inFlight.size >= PAGE_WRITE_CONCURRENCY) await Promise.race(inFlight);
        if (failure) break;
      }
      batch.push(entity);
      bytes += wireBytes;
    }
    if (batch.length > 0 && !failure) launch(batch);
    await Promise.all([...inFlight]);
    if (failure) throw failure.error;
  }

  /** Reads what the commit touches and turns the changes into one conditional transaction. */
  private async planTransaction(
    tenantId: string,
    actor: string,
    at: string,
    changes: StoreChange[],
    staged: Map<string, PointerEntity>,
  ): Promise<{ actions: TransactionAction[]; superseded: string[] }> {
    const partitionKey = key(tenantId);
    interface DocState {
      original?: TableEntityResult<DocumentEntity>;
      exists: boolean;
      version: number | null;
      updatedBy?: string;
      updatedAt?: string;
      json?: string;
      /** Put or deleted by this commit (a document that is only expected is not written). */
      written?: boolean;
    }
    const docs = new Map<string, DocState>();
    const load = async (kind: string): Promise<DocState> => {
      let state = docs.get(kind);
      if (!state) {
        const original = (await getOrUndefined(this.meta, partitionKey, docKey(kind))) as TableEntityResult<DocumentEntity> | undefined;
        state = { original, exists: Boolean(original), version: original?.version ?? null, updatedBy: original?.updatedBy, updatedAt: original?.updatedAt };
        docs.set(kind, state);
      }
      return state;
    };
    const audits: { action: string; kind: string; json: string }[] = [];
    // Apply the changes in order, exactly like the SQLite transaction does.
    for (const change of changes) {
      if (change.type === 'put-document') {
        const state = await load(change.kind);
        if (change.expectedVersion !== undefined && change.expectedVersion !== state.version) {
          throw new ConcurrencyConflictError(change.kind, change.expectedVersion, state.version, state.updatedBy, state.updatedAt);
        }
        const json = JSON.stringify(change.data);
        if (json.length > ENTITY_CHARS) {
          throw new Error(`The ${change.kind} document is too large for Azure Tables (${json.length} characters; at most ${ENTITY_CHARS}).`);
        }
        Object.assign(state, { exists: true, version: (state.version ?? 0) + 1, updatedBy: actor, updatedAt: at, json, written: true });
      } else if (change.type === 'delete-document') {
        Object.assign(await load(change.kind), { exists: false, version: null, updatedBy: undefined, updatedAt: undefined, json: undefined, written: true });
      } else if (change.type === 'expect-document') {
        const state = await load(change.kind);
        if (change.version !== state.version) {
          throw new ConcurrencyConflictError(change.kind, change.version, state.version, state.updatedBy, state.updatedAt);
        }
      } else if (change.type === 'audit') {
        audits.push({ action: change.action, kind: change.kind, json: asciiJson({ before: change.before, after: change.after }) });
      }
    }

    const actions: TransactionAction[] = [];
    for (const [kind, state] of docs) {
      const rowKey = docKey(kind);
      if (!state.written) {
        // Only expected: an empty merge conditioned on the etag read makes the transaction fail (and
        // re-plan) if the document changed since. Absence cannot be asserted without writing, so a
        // document created between this read and the submit goes unnoticed.
        if (state.original) actions.push(['update', { partitionKey, rowKey }, 'Merge', { etag: state.original.etag }]);
      } else if (state.exists) {
        const entity: TableEntity<DocumentEntity> = {
          partitionKey,
          rowKey,
          kind,
          version: state.version!,
          updatedAt: state.updatedAt!,
          updatedBy: state.updatedBy!,
          ...toChunks(state.json!),
        };
        actions.push(state.original ? ['update', entity, 'Replace', { etag: state.original.etag }] : ['create', entity]);
      } else if (state.original) {
        actions.push(['delete', { partitionKey, rowKey }]);
      }
    }

    const superseded: string[] = [];
    for (const [collection, pointer] of staged) {
      const rowKey = pointerKey(collection);
      const current = (await getOrUndefined(this.meta, partitionKey, rowKey)) as (TableEntityResult<PointerEntity> & PointerEntity) | undefined;
      const entity: TableEntity = { partitionKey, rowKey, collection, ...pointer };
      if (current) {
        actions.push(['update', entity, 'Replace', { etag: current.etag }]);
        superseded.push(generationPartition(tenantId, collection, current.generation));
      } else {
        actions.push(['create', entity]);
      }
    }

    if (audits.length > 0) {
      // The sequence entity is updated under its etag, so two commits never hand out the same ids.
      const sequence = (await getOrUndefined(this.meta, partitionKey, 'seq:audit')) as (TableEntityResult<{ last: number }> & { last: number }) | undefined;
      const first = (sequence?.last ?? 0) + 1;
      const last = first + audits.length - 1;
      const seqEntity = { partitionKey, rowKey: 'seq:audit', last };
      actions.push(sequence ? ['update', seqEntity, 'Replace', { etag: sequence.etag }] : ['create', seqEntity]);
      audits.forEach((a, i) => {
        const id = first + i;
        actions.push([
          'create',
          { partitionKey, rowKey: auditKey(id), id, at, actor, action: a.action, kind: a.kind, ...toChunks(a.json) },
        ]);
      });
    }
    if (actions.length > MAX_TRANSACTION_ACTIONS) {
      throw new Error(
        `One commit may touch at most ${MAX_TRANSACTION_ACTIONS} documents, collections and audit entries on Azure Tables; this one touches ${actions.length}.`,
      );
    }
    return { actions, superseded };
  }

  /** Best effort: an orphaned generation is invisible garbage, never wrong data. */
  private async deletePartition(partitionKey: string): Promise<void> {
    try {
      const rowKeys: string[] = [];
      for await (const e of this.records.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}`, select: ['RowKey'] } })) {
        rowKeys.push(e.rowKey!);
      }
      const batches: string[][] = [];
      for (let i = 0; i < rowKeys.length; i += MAX_TRANSACTION_ACTIONS) batches.push(rowKeys.slice(i, i + MAX_TRANSACTION_ACTIONS));
      const worker = async () => {
        for (let batch = batches.shift(); batch; batch = batches.shift()) {
          await this.records.submitTransaction(batch.map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]));
        }
      };
      await Promise.all(Array.from({ length: PAGE_WRITE_CONCURRENCY }, worker));
    } catch (err) {
      console.warn(`Could not delete the old records partition ${partitionKey}: ${(err as Error).message}`);
    }
  }
}

/** The Blob Storage options of the account the tables are on. */
function blobOptions(options: AzureTableStoreOptions, container: string): AzureBlobArtefactOptions {
  if ('connectionString' in options) return { connectionString: options.connectionString, container };
  const blobUrl = options.blobUrl ?? blobUrlFromTableUrl(options.accountUrl);
  if (!blobUrl) {
    throw new Error(`Cannot tell the Blob endpoint of ${new URL(options.accountUrl).host} for the artefacts; pass blobUrl (AZURE_STORAGE_BLOB_URL).`);
  }
  if ('credential' in options) return { blobUrl, credential: options.credential, container };
  if ('sasToken' in options) return { blobUrl, sasToken: options.sasToken, container };
  return { blobUrl, accountName: options.accountName, accountKey: options.accountKey, container };
}

async function createTableIfMissing(table: TableClient): Promise<void> {
  try {
    await table.createTable();
  } catch (err) {
    if (!(err instanceof RestError && err.statusCode === 409)) throw err;
  }
}

async function getOrUndefined(table: TableClient, partitionKey: string, rowKey: string, select?: string[]): Promise<Record<string, unknown> | undefined> {
  try {
    return (await table.getEntity(partitionKey, rowKey, select ? { queryOptions: { select } } : undefined)) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof RestError && err.statusCode === 404) return undefined;
    throw err;
  }
}

/** 412: an etag no longer matched; 409: a create found the entity already there. */
function isRace(err: unknown): boolean {
  return err instanceof RestError && (err.statusCode === 412 || err.statusCode === 409);
}

/** Keys may not contain / \ # ? or control characters: percent-encode them (and `%` itself). */
function key(value: string): string {
  return encodeURIComponent(value);
}
const docKey = (kind: string) => `doc:${key(kind)}`;
const pointerKey = (collection: string) => `col:${key(collection)}`;
/** An audit payload without the keys a listing leaves out (the payload is one entity: read whole, trimmed here). */
function omitKeys(value: unknown, keys: string[] | undefined): unknown {
  if (!keys?.length || !value || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy = { ...(value as Record<string, unknown>) };
  for (const k of keys) delete copy[k];
  return copy;
}

const auditKey = (id: number) => `audit:${String(AUDIT_ID_CEILING - id).padStart(16, '0')}`;
const generationPartition = (tenantId: string, collection: string, generation: string) => `${key(tenantId)}:${key(collection)}:${generation}`;
/** Row keys of a generation: `p:<page>` for the collection, `k:<key>:<page>` for a key's records. */
const keyPagePrefix = (k: string) => `k:${key(k)}:`;
const pageRowKey = (prefix: string, page: number) => `${prefix}${String(page).padStart(8, '0')}`;
const positionsRowKey = (k: string) => `x:${key(k)}`;
const continuationRowKey = (rowKey: string, part: number) => `${rowKey}.${String(part).padStart(4, '0')}`;

/**
 * JSON with every non-ASCII character written as a \uXXXX escape. Stored payloads are then plain
 * ASCII: one byte per character, so the property size limits hold whatever the script of the names,
 * and no HTTP layer can split a multi-byte UTF-8 sequence between two body chunks (the table
 * emulator was seen to turn such splits into replacement characters). JSON.parse restores the text.
 * Used for record pages and audit payloads; documents keep plain JSON because escaping would cut the
 * largest document that fits in one entity by up to six times.
 */
function asciiJson(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Splits a string into property-sized chunks, never between the two halves of a surrogate pair. */
function toChunks(text: string): ChunkedProps {
  const props: ChunkedProps = { n: 0 };
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + CHUNK_CHARS, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    props[`d${props.n++}`] = text.slice(start, end);
    start = end;
  }
  return props;
}

function joinChunks(entity: Record<string, unknown>): string {
  const n = Number(entity.n ?? 0);
  let text = '';
  for (let i = 0; i < n; i++) text += String(entity[`d${i}`] ?? '');
  return text;
}

/** The records of a collection, serialised once and in id order, with the records of every key. */
interface SerialisedCollection {
  ids: string[];
  /** ASCII JSON of `[id, data]` per record, in the order of `ids`. */
  records: string[];
  /** Characters each record gains when its JSON becomes a JSON string value (`"` and `\` escaped). */
  escapes: Uint32Array;
  /** Each key's records, as ascending positions in `ids`. */
  keys: Map<string, number[]>;
  /** ASCII JSON of each record's search text (`null` without one); undefined when no record has any. */
  search?: string[];
}

/**
 * Sorts the records by id (the order listCollection returns, like SQLite's ORDER BY id), refuses a
 * duplicate id or an unusable key, and serialises each record once (pages of the collection and of
 * its keys share the strings).
 */
function serialiseCollection(collection: string, items: Iterable<CollectionItem>): SerialisedCollection {
  const list = [...items].sort((a, b) => compare(a.id, b.id));
  for (let i = 1; i < list.length; i++) {
    if (list[i].id === list[i - 1].id) throw new Error(`The ${collection} collection has two records with the id "${list[i].id}".`);
  }
  const ids = list.map((item) => item.id);
  const records = list.map((item) => asciiJson([item.id, item.data ?? null]));
  const escapes = new Uint32Array(records.length);
  records.forEach((text, i) => {
    escapes[i] = countEscapes(text);
  });
  const keys = new Map<string, number[]>();
  list.forEach((item, i) => {
    for (const k of new Set(item.keys ?? [])) {
      if (typeof k !== 'string' || k === '' || keyPagePrefix(k).length > MAX_ENCODED_KEY_CHARS) {
        throw new Error(`The ${collection} record "${item.id}" has a key that cannot be stored (empty, not text or too long): ${JSON.stringify(k)?.slice(0, 80)}.`);
      }
      let positions = keys.get(k);
      if (!positions) keys.set(k, (positions = []));
      positions.push(i);
    }
  });
  let search: string[] | undefined;
  if (list.some((item) => item.search !== undefined && item.search !== null)) {
    search = list.map((item) => {
      if (item.search !== undefined && item.search !== null && typeof item.search !== 'string') {
        throw new Error(`The ${collection} record "${item.id}" has search text that is not text.`);
      }
      return asciiJson(item.search ?? null);
    });
  }
  return { ids, records, escapes, keys, search };
}

/** Page starts (positions in the list paged) of the collection and of each key. */
interface GenerationLayout {
  main: number[];
  keys: Map<string, number[]>;
  /** Pages of the search texts (the same order as the records); none without search text. */
  search: number[];
}

function layoutGeneration(s: SerialisedCollection, pageChars: number): GenerationLayout {
  const main = pageStarts(s.records.length, (j) => s.records[j].length, pageChars);
  const keys = new Map<string, number[]>();
  for (const [k, positions] of s.keys) {
    const starts = pageStarts(positions.length, (j) => s.records[positions[j]].length, pageChars);
    if (JSON.stringify(starts).length > CHUNK_CHARS) throw new Error(`The key ${k} has too many records for one key index (${positions.length}).`);
    keys.set(k, starts);
  }
  const search = s.search ? pageStarts(s.search.length, (j) => s.search![j].length, pageChars) : [];
  return { main, keys, search };
}

/** Packs records into pages of at most `pageChars` characters; a larger record gets a page of its own. */
function pageStarts(count: number, length: (j: number) => number, pageChars: number): number[] {
  const starts: number[] = [];
  let size = 0;
  for (let j = 0; j < count; j++) {
    const chars = length(j) + 1;
    if (starts.length === 0 || (size > 0 && size + chars > pageChars)) {
      starts.push(j);
      size = 0;
    }
    size += chars;
  }
  return starts;
}

interface PendingEntity {
  entity: TableEntity;
  /** About what the entity costs in a transaction's request body. */
  wireBytes: number;
}

/** Every entity of a generation, built as the writer asks for them: the collection's pages, then each key's. */
function* generationEntities(partitionKey: string, s: SerialisedCollection, layout: GenerationLayout): Generator<PendingEntity> {
  const record = (r: number) => s.records[r];
  const escapes = (r: number) => s.escapes[r];
  yield* pageEntities(partitionKey, 'p:', s.records.length, (j) => j, record, escapes, layout.main, () => ({}));
  for (const [k, starts] of layout.keys) {
    const positions = s.keys.get(k)!;
    yield* pageEntities(partitionKey, keyPagePrefix(k), positions.length, (j) => positions[j], record, escapes, starts, (page) =>
      page === 0 ? { total: positions.length, ix: JSON.stringify(starts) } : {},
    );
    const encoded = encodePositions(positions, s.records.length);
    yield { entity: { partitionKey, rowKey: positionsRowKey(k), ...toChunks(encoded) }, wireBytes: encoded.length + 2048 };
  }
  if (s.search) {
    const search = s.search;
    yield* pageEntities(partitionKey, 's:', search.length, (j) => j, (r) => search[r], (r) => countEscapes(search[r]), layout.search, () => ({}));
  }
}

/** The pages of `count` JSON values (value j is `valueOf(at(j))`) as entities under `prefix`. */
function* pageEntities(
  partitionKey: string,
  prefix: string,
  count: number,
  at: (j: number) => number,
  valueOf: (r: number) => string,
  escapesOf: (r: number) => number,
  starts: number[],
  extra: (page: number) => Record<string, unknown>,
): Generator<PendingEntity> {
  for (let page = 0; page < starts.length; page++) {
    const end = page + 1 < starts.length ? starts[page + 1] : count;
    const parts: string[] = [];
    let escapes = 0;
    for (let j = starts[page]; j < end; j++) {
      const r = at(j);
      parts.push(valueOf(r));
      escapes += escapesOf(r);
    }
    const text = `[${parts.join(',')}]`;
    const rowKey = pageRowKey(prefix, page);
    const meta = extra(page);
    if (text.length <= ENTITY_CHARS) {
      yield { entity: { partitionKey, rowKey, ...meta, ...toChunks(text) }, wireBytes: text.length + escapes + 2048 };
      continue;
    }
    // One record larger than an entity: its page continues in further entities.
    const pieces = Math.ceil(text.length / ENTITY_CHARS);
    for (let part = 0; part < pieces; part++) {
      const piece = text.slice(part * ENTITY_CHARS, (part + 1) * ENTITY_CHARS);
      const entity: TableEntity =
        part === 0
          ? { partitionKey, rowKey, ...meta, more: pieces - 1, ...toChunks(piece) }
          : { partitionKey, rowKey: continuationRowKey(rowKey, part), ...toChunks(piece) };
      yield { entity, wireBytes: 2 * piece.length + 2048 };
    }
  }
}

/** Characters a text gains as a JSON string value in a request body (`"` and `\` are escaped). */
function countEscapes(text: string): number {
  let extra = 0;
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    if (code === 0x22 || code === 0x5c) extra++;
  }
  return extra;
}

/**
 * A key's records as positions in the collection's id order, for intersecting keys and search
 * results: `b` + a base64 bitmap over the collection, or `d` + base64 varint gaps, whichever is
 * shorter (a site of 50 people among 100,000 takes ~70 characters, a key on most people ~17,000).
 */
function encodePositions(positions: readonly number[], count: number): string {
  const bitmapBytes = Math.ceil(count / 8);
  const gaps: number[] = [];
  let previous = -1;
  for (const position of positions) {
    let gap = position - previous;
    previous = position;
    while (gap >= 0x80) {
      gaps.push((gap & 0x7f) | 0x80);
      gap >>>= 7;
    }
    gaps.push(gap);
  }
  let encoded: string;
  if (gaps.length <= bitmapBytes) {
    encoded = `d${Buffer.from(gaps).toString('base64')}`;
  } else {
    const bitmap = Buffer.alloc(bitmapBytes);
    for (const position of positions) bitmap[position >> 3] |= 1 << (position & 7);
    encoded = `b${bitmap.toString('base64')}`;
  }
  if (encoded.length > ENTITY_CHARS) throw new Error(`A key has too many records to index (${positions.length}).`);
  return encoded;
}

function decodePositions(encoded: string): Uint32Array {
  const bytes = Buffer.from(encoded.slice(1), 'base64');
  const out: number[] = [];
  if (encoded[0] === 'b') {
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i];
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) out.push(i * 8 + bit);
    }
  } else {
    let position = -1;
    for (let i = 0; i < bytes.length; ) {
      let gap = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = bytes[i++];
        gap += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte & 0x80);
      position += gap;
      out.push(position);
    }
  }
  return Uint32Array.from(out);
}

/** Ascending positions in every one of the ascending lists. */
function intersect(lists: Uint32Array[]): Uint32Array {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0];
  for (const other of sorted.slice(1)) {
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < result.length && j < other.length; i++) {
      while (j < other.length && other[j] < result[i]) j++;
      if (j < other.length && other[j] === result[i]) out.push(result[i]);
    }
    result = Uint32Array.from(out);
  }
  return result;
}

async function forEachLimited<V>(values: readonly V[], limit: number, run: (value: V) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < values.length) await run(values[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, values.length) }, worker));
}

/** Index of the last element of the ascending `sorted` that is <= `value`; -1 when none is. */
function lastAtOrBefore<V>(sorted: readonly V[], value: V, cmp: (a: V, b: V) => number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(sorted[mid], value) <= 0) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

function readIndex(pointer: PointerEntity): PageIndex {
  const index = JSON.parse(joinChunks(pointer)) as PageIndex;
  if (index.s.length !== pointer.pages) throw new Error(`The page index of generation ${pointer.generation} lists ${index.s.length} of ${pointer.pages} pages.`);
  return index;
}

/** Plain code-unit order, the same for ids and tenant ids everywhere in this adapter. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toTenant(e: TenantEntity): TenantRecord {
  return { tenantId: e.tenantId, displayName: e.displayName, createdAt: e.createdAt, updatedAt: e.updatedAt, version: e.version };
}
