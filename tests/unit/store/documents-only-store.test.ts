/**
 * The store `vmp run` works in: documents, versions and the audit are kept in a real SQLite store;
 * records and artefacts are dropped without being produced, and reading what was dropped throws.
 */
import { DocumentsOnlyStore, DroppedDataError } from '../../../shared/store/documents-only-store';
import { ConcurrencyConflictError } from '../../../shared/store/store';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const T = 'tenant-a';
let inner: SqliteStore;
let store: DocumentsOnlyStore;

beforeEach(async () => {
  inner = new SqliteStore(':memory:');
  store = new DocumentsOnlyStore(inner);
  await store.upsertTenant(T, 'Tenant A');
});

afterEach(() => store.close());

describe('DocumentsOnlyStore', () => {
  it('keeps documents, version checks and the audit, and drops collections without iterating them', async () => {
    let iterated = false;
    function* people() {
      iterated = true;
      yield { id: 'p1', data: { name: 'Ana' } };
    }
    await store.commit(T, 'run', [
      { type: 'replace-collection', collection: 'people', items: people() },
      { type: 'put-document', kind: 'snapshot', data: { people: 1 }, expectedVersion: null },
      { type: 'audit', action: 'sync-full', kind: 'snapshot', after: { people: 1 } },
    ]);
    expect(iterated).toBe(false);
    expect(await store.getDocument(T, 'snapshot')).toMatchObject({ data: { people: 1 }, version: 1 });
    expect((await store.getDocumentVersion(T, 'snapshot'))?.version).toBe(1);
    expect((await store.listAudit(T)).map((a) => a.action)).toEqual(['sync-full']);
    expect(await inner.countCollection(T, 'people')).toBe(0);
    // A version check still refuses.
    await expect(store.commit(T, 'run', [{ type: 'put-document', kind: 'snapshot', data: {}, expectedVersion: 7 }])).rejects.toBeInstanceOf(ConcurrencyConflictError);
  });

  it('throws on reading a dropped collection, and reads one never written as the store has it', async () => {
    await store.commit(T, 'run', [{ type: 'replace-collection', collection: 'people', items: [{ id: 'p1', data: {} }] }]);
    await expect(store.listCollection(T, 'people')).rejects.toBeInstanceOf(DroppedDataError);
    await expect(store.pageCollection(T, 'people', { limit: 10 })).rejects.toThrow(/people was not kept/);
    await expect(store.pageCollectionJson(T, 'people', { limit: 10 })).rejects.toBeInstanceOf(DroppedDataError);
    await expect(store.getRecord(T, 'people', 'p1')).rejects.toBeInstanceOf(DroppedDataError);
    await expect(store.countCollection(T, 'people')).rejects.toBeInstanceOf(DroppedDataError);
    // Another tenant's, or another collection, were never written.
    expect(await store.listCollection('tenant-b', 'people')).toEqual([]);
    expect(await store.pageCollection(T, 'plan.members', { limit: 10 })).toEqual({ total: 0, offset: 0, items: [] });
  });

  it('drops nothing when the commit is refused', async () => {
    await expect(
      store.commit(T, 'run', [
        { type: 'expect-document', kind: 'settings', version: 3 },
        { type: 'replace-collection', collection: 'people', items: [{ id: 'p1', data: {} }] },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(await store.listCollection(T, 'people')).toEqual([]);
  });

  it('drops artefacts without producing their pieces; reading one back throws', async () => {
    let produced = 0;
    function* chunks() {
      produced++;
      yield '{"plan":';
      yield '1}';
    }
    await store.artefacts.putChunks(T, 'plan-000001.json', chunks());
    expect(produced).toBe(0);
    await expect(store.artefacts.get(T, 'plan-000001.json')).rejects.toBeInstanceOf(DroppedDataError);
    expect(await store.artefacts.list(T, 'plan-')).toEqual([]);
    await store.artefacts.delete(T, 'plan-000001.json');
    // Once deleted, the name reads as absent like any other.
    expect(await store.artefacts.get(T, 'plan-000001.json')).toBeUndefined();
  });
});
