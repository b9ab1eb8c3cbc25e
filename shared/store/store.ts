/**
 * The persistence port. Every record is keyed by tenant id; mutable documents carry a version so
 * that a stale write is refused (optimistic concurrency) instead of silently overwriting another
 * admin's change. Adapters: SQLite (embedded default) and, for scale-out, Azure Tables.
 *
 * The port is asynchronous so that remote adapters fit; a unit of work (`commit`) is atomic.
 */

export interface TenantRecord {
  tenantId: string;
  displayName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Versioned<T> {
  data: T;
  /** Starts at 1 and grows by one on every write. */
  version: number;
  updatedAt: string;
  updatedBy: string;
}

export interface AuditListOptions {
  offset?: number;
  /** Only entries of this kind (the document or collection they are about, e.g. `settings`). */
  kind?: string;
  /**
   * Top-level keys of `before` and `after` to leave out: a page of the history lists what happened
   * without carrying the whole documents saved (a settings entry holds two versions of the settings).
   */
  omit?: string[];
}

export interface AuditEntry {
  id: number;
  tenantId: string;
  at: string;
  actor: string;
  action: string;
  kind: string;
  before: unknown;
  after: unknown;
}

/**
 * One record of a collection. `keys` are the secondary keys a reader filters by (`wave:3`,
 * `state:blocked`, `site:berlin`): `pageCollection({ key })` returns the records carrying that key,
 * in id order, without reading the rest of the collection.
 */
export interface CollectionItem {
  id: string;
  data: unknown;
  keys?: readonly string[];
  /** Lower-case text a search matches against (names, addresses, numbers); none = never matched by a search. */
  search?: string;
}

export interface CollectionPageQuery {
  /** Only records written with this key; omitted = every record. */
  key?: string;
  /** Only records written with every one of these keys (with `key`, all of them). */
  allKeys?: readonly string[];
  /** Lower-case terms separated by spaces: only records whose search text contains every term. */
  search?: string;
  offset?: number;
  /** 1..1000. */
  limit: number;
}

export interface CollectionPage<T> {
  /** Records matching the query (not just this page). */
  total: number;
  offset: number;
  items: T[];
}

/** The most records one page read returns, whatever a caller asks. */
export const MAX_PAGE_LIMIT = 1000;

/** One change inside an atomic unit of work. */
export type StoreChange =
  | {
      type: 'put-document';
      kind: string;
      data: unknown;
      /** The version the writer read; `null` = the document must not exist yet; omitted = unconditional. */
      expectedVersion?: number | null;
    }
  | { type: 'delete-document'; kind: string }
  /**
   * Writes nothing; fails the commit with ConcurrencyConflictError unless the document is still at
   * `version` (`null` = absent). For a writer whose result was computed from a document it does not
   * write, e.g. a sync that derived sites from the site mapping rules.
   */
  | { type: 'expect-document'; kind: string; version: number | null }
  | {
      type: 'replace-collection';
      collection: string;
      /** Replaces every record of the collection for the tenant. */
      items: Iterable<CollectionItem>;
    }
  | {
      /**
       * Writes `put` (each record replacing the one of its id, if any) and removes the `remove` ids,
       * leaving the rest of the collection as it is: a read model that changes in a few records out of
       * 100,000 (one site's people after its decision changed) costs a write of those few. `whole` gives
       * the collection as it is after the patch, for an adapter that writes collections only whole
       * (Azure Tables writes a new generation); it is called at most once.
       */
      type: 'patch-collection';
      collection: string;
      put: readonly CollectionItem[];
      remove: readonly string[];
      whole: () => Iterable<CollectionItem>;
    }
  | { type: 'audit'; action: string; kind: string; before?: unknown; after?: unknown };

export class ConcurrencyConflictError extends Error {
  readonly code = 'conflict';
  constructor(
    readonly kind: string,
    readonly expectedVersion: number | null,
    readonly actualVersion: number | null,
    readonly lastUpdatedBy?: string,
    readonly lastUpdatedAt?: string,
  ) {
    super(
      actualVersion === null
        ? `The ${kind} you edited no longer exists (you read version ${expectedVersion}).`
        : `The ${kind} was changed by ${lastUpdatedBy ?? 'someone else'} at ${lastUpdatedAt ?? 'an unknown time'} ` +
            `(now version ${actualVersion}; you edited version ${expectedVersion ?? 'none'}). ` +
            'Reload, re-apply your change and save again.',
    );
    this.name = 'ConcurrencyConflictError';
  }
}

export interface Store {
  /** Human description for logs ("sqlite:data/vmp.sqlite"). */
  readonly description: string;
  listTenants(): Promise<TenantRecord[]>;
  getTenant(tenantId: string): Promise<TenantRecord | undefined>;
  upsertTenant(tenantId: string, displayName: string): Promise<TenantRecord>;
  /**
   * Whether anything is stored for the tenant beyond its tenant record: a document, a collection's
   * record or an audit entry. A few indexed reads, no data parsed. An MSP linking a customer asks it:
   * a tenant whose own admins already use the app here must consent first (msp-consent-service.ts).
   */
  hasTenantData(tenantId: string): Promise<boolean>;
  getDocument<T>(tenantId: string, kind: string): Promise<Versioned<T> | undefined>;
  /** A document's version and who wrote it, without reading (or parsing) its data. */
  getDocumentVersion(tenantId: string, kind: string): Promise<Omit<Versioned<unknown>, 'data'> | undefined>;
  /**
   * Every record of the collection, by id. `map`, when given, is applied to each record as it is read,
   * so a caller that keeps a few fields of a large collection never holds all the full records at once.
   */
  listCollection<T, R = T>(tenantId: string, collection: string, map?: (item: T) => R): Promise<R[]>;
  countCollection(tenantId: string, collection: string): Promise<number>;
  /**
   * One page of a collection in id order, optionally only the records written with `key`. Costs the
   * page, not the collection: this is what request paths read.
   */
  pageCollection<T>(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<T>>;
  /**
   * As pageCollection, each record as JSON text: a route that sends a page as it is read (the People
   * grid's) skips parsing every record only to serialise it again. Text that JSON.parse reads back
   * as the record pageCollection gives; not necessarily the same characters.
   */
  pageCollectionJson(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<string>>;
  /** One record by id. */
  getRecord<T>(tenantId: string, collection: string, id: string): Promise<T | undefined>;
  /**
   * Large artefacts (the canonical plan JSON, workbooks) kept beside the records: files next to the
   * SQLite database, blobs in Azure. Written before the commit that refers to them, under a name that
   * is never reused, so a reader following a committed pointer always finds a complete artefact.
   */
  readonly artefacts: ArtefactStore;
  /** Applies every change or none. Throws ConcurrencyConflictError on a version mismatch. */
  commit(tenantId: string, actor: string, changes: StoreChange[]): Promise<void>;
  /** Newest first; `offset` skips that many (after the `kind` filter) for paging the history. */
  listAudit(tenantId: string, limit?: number, options?: AuditListOptions): Promise<AuditEntry[]>;
  /** One entry by id (a settings version to restore, a diff to show). */
  getAudit(tenantId: string, id: number): Promise<AuditEntry | undefined>;
  close(): Promise<void>;
}

/** Named byte artefacts per tenant. `put` is atomic: a reader sees the whole artefact or none. */
export interface ArtefactStore {
  put(tenantId: string, name: string, data: Buffer | string): Promise<void>;
  /**
   * Writes text pieces as one UTF-8 artefact, atomically like `put` (a reader sees the whole artefact or
   * none), without ever joining them: the canonical plan JSON is ~60 MB at 100,000 users.
   */
  putChunks(tenantId: string, name: string, chunks: Iterable<string>): Promise<void>;
  get(tenantId: string, name: string): Promise<Buffer | undefined>;
  /** Names of the tenant's artefacts that start with `prefix`. */
  list(tenantId: string, prefix: string): Promise<string[]>;
  delete(tenantId: string, name: string): Promise<void>;
}

/**
 * Refuses early, before queueing work that will replace a document, when the document is no longer at
 * the version the caller read (the commit checks again). Reads the version only.
 */
export async function expectDocumentVersion(store: Store, tenantId: string, kind: string, expected: number | null, what = kind): Promise<void> {
  const current = await store.getDocumentVersion(tenantId, kind);
  if ((current?.version ?? null) !== expected) {
    throw new ConcurrencyConflictError(what, expected, current?.version ?? null, current?.updatedBy, current?.updatedAt);
  }
}

/** Clamps a caller's offset and limit to what one page read may return. */
export function pageBounds(query: CollectionPageQuery): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(Number.isFinite(query.offset) ? query.offset! : 0));
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(Number.isFinite(query.limit) ? query.limit : 100)));
  return { offset, limit };
}

/** Artefact names are path-like ("plan/0007.json"): letters, digits, '.', '-', '_' and '/', no '..'. */
export function assertArtefactName(name: string): void {
  if (!/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/.test(name) || name.split('/').some((part) => part === '.' || part === '..')) {
    throw new Error(`"${name}" is not a valid artefact name.`);
  }
}
