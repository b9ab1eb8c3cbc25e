/**
 * A store that keeps documents, versions and the audit, and drops records and artefacts: for a
 * one-shot pipeline (`vmp run`) whose steps hand their data to each other in memory and check each
 * other's versions through the store, in a store deleted when the run ends.
 *
 * Why: at 100,000 users the records of the snapshot and the PBX inventory and the canonical plan JSON
 * cost about 3 s of a 17 s run to write, for nobody to read them back.
 *
 * Nothing reads what was dropped by mistake: reading a collection or an artefact this store dropped
 * throws, so a step that would need them fails loudly instead of finding nothing. A collection that was
 * never written reads as the underlying store has it (empty in a fresh store).
 */
import type { ArtefactStore, AuditEntry, AuditListOptions, CollectionPage, CollectionPageQuery, Store, StoreChange, TenantRecord, Versioned } from './store';

export class DroppedDataError extends Error {
  constructor(what: string) {
    super(`${what} was not kept: this store keeps documents only (records and artefacts go from step to step in memory).`);
    this.name = 'DroppedDataError';
  }
}

export class DocumentsOnlyStore implements Store {
  readonly description: string;
  readonly artefacts: ArtefactStore;
  /** `tenant\ncollection` of every collection whose writes were dropped. */
  private readonly droppedCollections = new Set<string>();
  private readonly droppedArtefacts = new Set<string>();

  constructor(private readonly inner: Store) {
    this.description = `${inner.description} (documents only)`;
    const dropped = this.droppedArtefacts;
    const artefacts = inner.artefacts;
    const refuse = (tenantId: string, name: string) => {
      if (dropped.has(`${tenantId}\n${name}`)) throw new DroppedDataError(`The artefact ${name}`);
    };
    this.artefacts = {
      // The pieces are not even produced: an iterable of chunks is never iterated.
      async put(tenantId, name) {
        dropped.add(`${tenantId}\n${name}`);
      },
      async putChunks(tenantId, name) {
        dropped.add(`${tenantId}\n${name}`);
      },
      async get(tenantId, name) {
        refuse(tenantId, name);
        return artefacts.get(tenantId, name);
      },
      list: (tenantId, prefix) => artefacts.list(tenantId, prefix),
      async delete(tenantId, name) {
        if (!dropped.delete(`${tenantId}\n${name}`)) await artefacts.delete(tenantId, name);
      },
    };
  }

  listTenants(): Promise<TenantRecord[]> {
    return this.inner.listTenants();
  }
  getTenant(tenantId: string): Promise<TenantRecord | undefined> {
    return this.inner.getTenant(tenantId);
  }
  upsertTenant(tenantId: string, displayName: string): Promise<TenantRecord> {
    return this.inner.upsertTenant(tenantId, displayName);
  }
  hasTenantData(tenantId: string): Promise<boolean> {
    return this.inner.hasTenantData(tenantId);
  }
  getDocument<T>(tenantId: string, kind: string): Promise<Versioned<T> | undefined> {
    return this.inner.getDocument<T>(tenantId, kind);
  }
  getDocumentVersion(tenantId: string, kind: string): Promise<Omit<Versioned<unknown>, 'data'> | undefined> {
    return this.inner.getDocumentVersion(tenantId, kind);
  }
  async listCollection<T, R = T>(tenantId: string, collection: string, map?: (item: T) => R): Promise<R[]> {
    this.refuse(tenantId, collection);
    return this.inner.listCollection<T, R>(tenantId, collection, map);
  }
  async countCollection(tenantId: string, collection: string): Promise<number> {
    this.refuse(tenantId, collection);
    return this.inner.countCollection(tenantId, collection);
  }
  async pageCollection<T>(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<T>> {
    this.refuse(tenantId, collection);
    return this.inner.pageCollection<T>(tenantId, collection, query);
  }
  async pageCollectionJson(tenantId: string, collection: string, query: CollectionPageQuery): Promise<CollectionPage<string>> {
    this.refuse(tenantId, collection);
    return this.inner.pageCollectionJson(tenantId, collection, query);
  }
  async getRecord<T>(tenantId: string, collection: string, id: string): Promise<T | undefined> {
    this.refuse(tenantId, collection);
    return this.inner.getRecord<T>(tenantId, collection, id);
  }

  /** Commits the documents, checks and audit entries; the collection changes are dropped (never iterated). */
  async commit(tenantId: string, actor: string, changes: StoreChange[]): Promise<void> {
    const kept: StoreChange[] = [];
    const dropped: string[] = [];
    for (const change of changes) {
      if (change.type === 'replace-collection' || change.type === 'patch-collection') dropped.push(change.collection);
      else kept.push(change);
    }
    await this.inner.commit(tenantId, actor, kept);
    // Only once the commit holds: a refused commit dropped nothing.
    for (const collection of dropped) this.droppedCollections.add(`${tenantId}\n${collection}`);
  }

  listAudit(tenantId: string, limit?: number, options?: AuditListOptions): Promise<AuditEntry[]> {
    return this.inner.listAudit(tenantId, limit, options);
  }
  getAudit(tenantId: string, id: number): Promise<AuditEntry | undefined> {
    return this.inner.getAudit(tenantId, id);
  }
  close(): Promise<void> {
    return this.inner.close();
  }

  private refuse(tenantId: string, collection: string): void {
    if (this.droppedCollections.has(`${tenantId}\n${collection}`)) throw new DroppedDataError(`The collection ${collection}`);
  }
}
