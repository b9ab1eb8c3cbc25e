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
 *   as a new *generation* in their own partition of the `records` table, invisible until the commit's
 *   transaction flips the collection's pointer to it; the previous generation is deleted afterwards.
 *   A failed commit deletes the generation it wrote, so readers never see a half-written collection.
 * - Large JSON values are split over several string properties (and collections over several pages).
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
import { AuditEntry, CollectionPage, CollectionPageQuery, ConcurrencyConflictError, pageBounds, Store, StoreChange, TenantRecord, Versioned } from './store';
import { MemoryArtefactStore } from './artefact-stores';

export type AzureTableStoreOptions = (
  | { connectionString: string }
  /** An account URL (`https://<account>.table.core.windows.net`) with a SAS token or a shared key. */
  | { accountUrl: string; sasToken: string }
  | { accountUrl: string; accountName: string; accountKey: string }
  /** Entra auth, e.g. the App Service's managed identity through DefaultAzureCredential (shared keys disabled). */
  | { accountUrl: string; credential: TokenCredential }
) & {
  /** Prefix of the three table names (letters and digits), so several deployments can share an account. */
  tablePrefix?: string;
  /** Clock for timestamps; tests pass a fixed one. */
  now?: () => Date;
  /** Needed for http:// endpoints (Azurite); never in production. */
  allowInsecureConnection?: boolean;
};

/** A string property holds at most 64 KiB = 32,768 UTF-16 units; stay clear of it. */
const CHUNK_CHARS = 30_000;
/** Chunks per entity: 15 x 60 KB stays under the 1 MiB entity limit with room for keys and metadata. */
const CHUNKS_PER_ENTITY = 15;
const PAGE_CHARS = CHUNK_CHARS * CHUNKS_PER_ENTITY;
/** Entity-group transactions are limited to 100 operations. */
const MAX_TRANSACTION_ACTIONS = 100;
/** How often a commit re-plans after losing a race on an etag it did not promise to the caller. */
const MAX_COMMIT_ATTEMPTS = 8;
const PAGE_WRITE_CONCURRENCY = 4;
/** Audit row keys count down, so a plain ascending scan returns the newest entries first. */
const AUDIT_ID_CEILING = 1e15;

interface ChunkedProps {
  [key: string]: unknown;
  n: number;
}
type DocumentEntity = ChunkedProps & { kind: string; version: number; updatedAt: string; updatedBy: string };
interface PointerEntity {
  generation: string;
  count: number;
  pages: number;
}
interface TenantEntity {
  tenantId: string;
  displayName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export class AzureTableStore implements Store {
  readonly description: string;
  private readonly now: () => Date;

  private constructor(
    private readonly tenants: TableClient,
    private readonly meta: TableClient,
    private readonly records: TableClient,
    description: string,
    now: () => Date,
  ) {
    this.description = description;
    this.now = now;
  }

  /** Connects and creates the tables when they do not exist yet. */
  static async open(options: AzureTableStoreOptions): Promise<AzureTableStore> {
    const prefix = options.tablePrefix ?? 'vmp';
    if (!/^[A-Za-z][A-Za-z0-9]{0,50}$/.test(prefix)) {
      throw new Error(`The table prefix "${prefix}" must start with a letter and hold only letters and digits (at most 51).`);
    }
    const clientOptions = { allowInsecureConnection: options.allowInsecureConnection ?? false };
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
    // Describe the endpoint without any secret: the host and the table prefix only.
    const host = new URL(tenants.url).host;
    return new AzureTableStore(tenants, meta, records, `azure-tables:${host}/${prefix}`, options.now ?? (() => new Date()));
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
    const doc = await this.getDocument(tenantId, kind);
    return doc && { version: doc.version, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy };
  }

  async listCollection<T, R = T>(tenantId: string, collection: string, map?: (item: T) => R): Promise<R[]> {
    // A concurrent commit may delete the generation between reading the pointer and its pages; then
    // the page count does not match and the (new) pointer is read again.
    for (let attempt = 1; ; attempt++) {
      const pointer = await this.getPointer(tenantId, collection);
      if (!pointer || pointer.count === 0) return [];
      const pages: string[] = [];
      for await (const page of this.records.listEntities<ChunkedProps>({
        queryOptions: { filter: odata`PartitionKey eq ${generationPartition(tenantId, collection, pointer.generation)}` },
      })) {
        pages.push(joinChunks(page));
      }
      if (pages.length === pointer.pages) {
        const items = JSON.parse(pages.join('')) as T[];
        return map ? items.map((item) => map(item)) : (items as unknown as R[]);
      }
      if (attempt >= MAX_COMMIT_ATTEMPTS) {
        throw new Error(`The ${collection} collection of tenant ${tenantId} is missing pages (${pages.length} of ${pointer.pages}).`);
      }
    }
  }

  // TEMPORARY (being replaced in this change): whole-collection reads until record-aligned pages land.
  readonly artefacts = new MemoryArtefactStore();
  async pageCollection<T>(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<T>> {
    const { offset, limit } = pageBounds(query);
    const all = await this.listCollection<T>(tenantId, collection);
    return { total: all.length, offset, items: all.slice(offset, offset + limit) };
  }
  async getRecord<T>(tenantId: string, collection: string, id: string): Promise<T | undefined> {
    void id;
    return (await this.listCollection<T>(tenantId, collection))[0];
  }

  async countCollection(tenantId: string, collection: string): Promise<number> {
    return (await this.getPointer(tenantId, collection))?.count ?? 0;
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
    }
    const staged = new Map<string, PointerEntity>();
    try {
      for (const [collection, serialised] of collections) {
        staged.set(collection, await this.writeGeneration(tenantId, collection, serialised));
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
      staged.clear(); // committed: the new generations are live now
      for (const partition of superseded) await this.deletePartition(partition);
    } finally {
      for (const [collection, pointer] of staged) {
        await this.deletePartition(generationPartition(tenantId, collection, pointer.generation));
      }
    }
  }

  async listAudit(tenantId: string, limit = 100): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    const entities = this.meta.listEntities<ChunkedProps & Omit<AuditEntry, 'before' | 'after' | 'tenantId'>>({
      queryOptions: { filter: odata`PartitionKey eq ${key(tenantId)} and RowKey ge 'audit:' and RowKey lt 'audit;'` },
    });
    for await (const page of entities.byPage({ maxPageSize: Math.min(Math.max(limit, 1), 1000) })) {
      for (const e of page) {
        if (out.length >= limit) return out;
        const payload = JSON.parse(joinChunks(e)) as { before?: unknown; after?: unknown };
        out.push({ id: e.id, tenantId, at: e.at, actor: e.actor, action: e.action, kind: e.kind, before: payload.before, after: payload.after });
      }
      if (out.length >= limit) break;
    }
    return out;
  }

  async close(): Promise<void> {
    // HTTP clients hold no resources that need closing.
  }

  private async getPointer(tenantId: string, collection: string): Promise<PointerEntity | undefined> {
    return (await getOrUndefined(this.meta, key(tenantId), pointerKey(collection))) as PointerEntity | undefined;
  }

  /** Writes a collection's pages into a fresh partition that nothing points at yet. */
  private async writeGeneration(tenantId: string, collection: string, { pages, count }: SerialisedCollection): Promise<PointerEntity> {
    const generation = randomUUID();
    const partitionKey = generationPartition(tenantId, collection, generation);
    for (let i = 0; i < pages.length; i += PAGE_WRITE_CONCURRENCY) {
      await Promise.all(
        pages.slice(i, i + PAGE_WRITE_CONCURRENCY).map((page, j) =>
          this.records.createEntity({ partitionKey, rowKey: `p${String(i + j).padStart(8, '0')}`, ...toChunks(page) }),
        ),
      );
    }
    return { generation, count, pages: pages.length };
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
        if (json.length > PAGE_CHARS) {
          throw new Error(`The ${change.kind} document is too large for Azure Tables (${json.length} characters; at most ${PAGE_CHARS}).`);
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
      for (let i = 0; i < rowKeys.length; i += MAX_TRANSACTION_ACTIONS) {
        await this.records.submitTransaction(rowKeys.slice(i, i + MAX_TRANSACTION_ACTIONS).map((rowKey) => ['delete', { partitionKey, rowKey }]));
      }
    } catch (err) {
      console.warn(`Could not delete the old records partition ${partitionKey}: ${(err as Error).message}`);
    }
  }
}

async function createTableIfMissing(table: TableClient): Promise<void> {
  try {
    await table.createTable();
  } catch (err) {
    if (!(err instanceof RestError && err.statusCode === 409)) throw err;
  }
}

async function getOrUndefined(table: TableClient, partitionKey: string, rowKey: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await table.getEntity(partitionKey, rowKey)) as Record<string, unknown>;
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
const auditKey = (id: number) => `audit:${String(AUDIT_ID_CEILING - id).padStart(16, '0')}`;
const generationPartition = (tenantId: string, collection: string, generation: string) => `${key(tenantId)}:${key(collection)}:${generation}`;

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

interface SerialisedCollection {
  /** The JSON array of the records' data, cut into entity-sized pages; none for an empty collection. */
  pages: string[];
  count: number;
}

/**
 * Sorts the records by id (the order listCollection returns, like SQLite's ORDER BY id), refuses a
 * duplicate id, and cuts the JSON array of their data into entity-sized pages.
 */
function serialiseCollection(collection: string, items: Iterable<{ id: string; data: unknown }>): SerialisedCollection {
  const list = [...items].sort((a, b) => compare(a.id, b.id));
  for (let i = 1; i < list.length; i++) {
    if (list[i].id === list[i - 1].id) throw new Error(`The ${collection} collection has two records with the id "${list[i].id}".`);
  }
  if (list.length === 0) return { pages: [], count: 0 };
  const json = `[${list.map((item) => asciiJson(item.data ?? null)).join(',')}]`;
  const pages: string[] = [];
  for (let start = 0; start < json.length; ) {
    let end = Math.min(start + PAGE_CHARS, json.length);
    const last = json.charCodeAt(end - 1);
    if (end < json.length && last >= 0xd800 && last <= 0xdbff) end--;
    pages.push(json.slice(start, end));
    start = end;
  }
  return { pages, count: list.length };
}

/** Plain code-unit order, the same for ids and tenant ids everywhere in this adapter. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toTenant(e: TenantEntity): TenantRecord {
  return { tenantId: e.tenantId, displayName: e.displayName, createdAt: e.createdAt, updatedAt: e.updatedAt, version: e.version };
}
