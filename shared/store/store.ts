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
      items: Iterable<{ id: string; data: unknown }>;
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
  getDocument<T>(tenantId: string, kind: string): Promise<Versioned<T> | undefined>;
  /**
   * Every record of the collection, by id. `map`, when given, is applied to each record as it is read,
   * so a caller that keeps a few fields of a large collection never holds all the full records at once.
   */
  listCollection<T, R = T>(tenantId: string, collection: string, map?: (item: T) => R): Promise<R[]>;
  countCollection(tenantId: string, collection: string): Promise<number>;
  /** Applies every change or none. Throws ConcurrencyConflictError on a version mismatch. */
  commit(tenantId: string, actor: string, changes: StoreChange[]): Promise<void>;
  listAudit(tenantId: string, limit?: number): Promise<AuditEntry[]>;
  close(): Promise<void>;
}
