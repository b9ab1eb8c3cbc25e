/**
 * The behaviour every `Store` adapter must have, written once and run against each adapter
 * (SQLite in tests/unit/store, Azure Tables against Azurite in tests/integration/store), so the
 * scale-out store cannot quietly drift from the embedded one.
 */
import { ConcurrencyConflictError, Store } from '../../../shared/store/store';

export interface StoreHarness {
  /** A fresh, empty store. Each call must be isolated from the stores other tests opened. */
  open(): Promise<Store>;
}

const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';

/**
 * Asserts a rejection with a message. Not `rejects.toThrow()`: better-sqlite3's native addon keeps the
 * SqliteError class of the first jest test file that loaded it, so in later files its errors are not
 * `instanceof Error` of the current realm and `toThrow` reports "did not throw".
 */
async function expectRefused(attempt: Promise<unknown>): Promise<void> {
  let error: unknown;
  try {
    await attempt;
  } catch (err) {
    error = err ?? new Error('rejected without a reason');
  }
  expect(error).toBeDefined();
  expect(typeof (error as { message?: unknown }).message).toBe('string');
}

export function describeStoreContract(name: string, harness: StoreHarness): void {
  describe(`${name}: Store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await harness.open();
      await store.upsertTenant(TENANT_A, 'Contoso');
      await store.upsertTenant(TENANT_B, 'Fabrikam');
    });
    afterEach(async () => {
      await store.close();
    });

    describe('tenants', () => {
      it('lists tenants sorted by id and reads one back', async () => {
        expect((await store.listTenants()).map((t) => [t.tenantId, t.displayName])).toEqual([
          [TENANT_A, 'Contoso'],
          [TENANT_B, 'Fabrikam'],
        ]);
        expect(await store.getTenant('no-such-tenant')).toBeUndefined();
      });

      it('says whether a tenant holds anything beyond its record: a document, a record or an audit entry', async () => {
        // The record alone (what linking a fresh customer writes) is no data; an unknown tenant holds none.
        expect(await store.hasTenantData(TENANT_A)).toBe(false);
        expect(await store.hasTenantData('no-such-tenant')).toBe(false);
        await store.commit(TENANT_A, 'test', [{ type: 'put-document', kind: 'planning-settings', data: {}, expectedVersion: null }]);
        expect(await store.hasTenantData(TENANT_A)).toBe(true);
        await store.commit(TENANT_B, 'test', [{ type: 'replace-collection', collection: 'people', items: [{ id: 'p1', data: {} }] }]);
        expect(await store.hasTenantData(TENANT_B)).toBe(true);
        const TENANT_C = 'cccccccc-0000-4000-8000-00000000000c';
        await store.upsertTenant(TENANT_C, 'Tailspin');
        await store.commit(TENANT_C, 'test', [{ type: 'audit', action: 'something', kind: 'thing' }]);
        expect(await store.hasTenantData(TENANT_C)).toBe(true);
      });

      it('bumps the version only when the name changes', async () => {
        expect((await store.upsertTenant(TENANT_A, 'Contoso')).version).toBe(1);
        const renamed = await store.upsertTenant(TENANT_A, 'Contoso Ltd');
        expect(renamed.version).toBe(2);
        expect(renamed.displayName).toBe('Contoso Ltd');
      });
    });

    describe('documents and optimistic concurrency', () => {
      it('creates with expectedVersion null, then updates from the version read', async () => {
        await store.commit(TENANT_A, 'alice', [
          { type: 'put-document', kind: 'settings', data: { wave: 1, name: 'Zürich – 東京' }, expectedVersion: null },
        ]);
        const first = await store.getDocument<{ wave: number; name: string }>(TENANT_A, 'settings');
        expect(first).toMatchObject({ version: 1, updatedBy: 'alice', data: { wave: 1, name: 'Zürich – 東京' } });
        await store.commit(TENANT_A, 'bob', [{ type: 'put-document', kind: 'settings', data: { wave: 2 }, expectedVersion: 1 }]);
        expect(await store.getDocument(TENANT_A, 'settings')).toMatchObject({ version: 2, updatedBy: 'bob', data: { wave: 2 } });
      });

      it('refuses a create (expectedVersion null) when the document already exists', async () => {
        await store.commit(TENANT_A, 'alice', [{ type: 'put-document', kind: 'settings', data: 1, expectedVersion: null }]);
        const attempt = store.commit(TENANT_A, 'bob', [{ type: 'put-document', kind: 'settings', data: 2, expectedVersion: null }]);
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflictError);
        await expect(attempt).rejects.toMatchObject({ expectedVersion: null, actualVersion: 1, lastUpdatedBy: 'alice' });
        expect((await store.getDocument(TENANT_A, 'settings'))?.data).toBe(1);
      });

      it('two writers from the same version: one wins, the other is told who changed it', async () => {
        await store.commit(TENANT_A, 'setup', [{ type: 'put-document', kind: 'plan', data: { v: 0 }, expectedVersion: null }]);
        const read = await store.getDocument(TENANT_A, 'plan');
        expect(read?.version).toBe(1);
        await store.commit(TENANT_A, 'alice', [{ type: 'put-document', kind: 'plan', data: { v: 'alice' }, expectedVersion: read!.version }]);
        let conflict: unknown;
        try {
          await store.commit(TENANT_A, 'bob', [{ type: 'put-document', kind: 'plan', data: { v: 'bob' }, expectedVersion: read!.version }]);
        } catch (err) {
          conflict = err;
        }
        expect(conflict).toBeInstanceOf(ConcurrencyConflictError);
        const c = conflict as ConcurrencyConflictError;
        expect(c).toMatchObject({ code: 'conflict', kind: 'plan', expectedVersion: 1, actualVersion: 2, lastUpdatedBy: 'alice' });
        expect(c.message).toContain('alice');
        expect(await store.getDocument(TENANT_A, 'plan')).toMatchObject({ version: 2, data: { v: 'alice' } });
      });

      it('racing writers (started together) from the same version: exactly one succeeds', async () => {
        await store.commit(TENANT_A, 'setup', [{ type: 'put-document', kind: 'plan', data: 0, expectedVersion: null }]);
        const results = await Promise.allSettled(
          ['alice', 'bob', 'carol'].map((who) =>
            store.commit(TENANT_A, who, [{ type: 'put-document', kind: 'plan', data: who, expectedVersion: 1 }]),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyConflictError);
        const doc = await store.getDocument<string>(TENANT_A, 'plan');
        expect(doc?.version).toBe(2);
        expect(doc?.updatedBy).toBe(doc?.data);
      });

      it('an update of a deleted document is a conflict; an unconditional put still counts versions', async () => {
        await store.commit(TENANT_A, 'alice', [{ type: 'put-document', kind: 'notes', data: 'a' }]);
        await store.commit(TENANT_A, 'alice', [{ type: 'put-document', kind: 'notes', data: 'b' }]);
        expect((await store.getDocument(TENANT_A, 'notes'))?.version).toBe(2);
        await store.commit(TENANT_A, 'alice', [{ type: 'delete-document', kind: 'notes' }]);
        expect(await store.getDocument(TENANT_A, 'notes')).toBeUndefined();
        await expect(
          store.commit(TENANT_A, 'bob', [{ type: 'put-document', kind: 'notes', data: 'c', expectedVersion: 2 }]),
        ).rejects.toMatchObject({ actualVersion: null, expectedVersion: 2 });
        await store.commit(TENANT_A, 'bob', [{ type: 'put-document', kind: 'notes', data: 'd', expectedVersion: null }]);
        expect(await store.getDocument(TENANT_A, 'notes')).toMatchObject({ version: 1, data: 'd' });
      });

      it('expect-document lets a commit depend on a document it does not write', async () => {
        await store.commit(TENANT_A, 'alice', [{ type: 'put-document', kind: 'rules', data: 'r1', expectedVersion: null }]);
        // Unchanged: the commit goes through and the expected document is left exactly as it was.
        await store.commit(TENANT_A, 'sync', [
          { type: 'expect-document', kind: 'rules', version: 1 },
          { type: 'put-document', kind: 'snapshot', data: 's1' },
        ]);
        expect(await store.getDocument(TENANT_A, 'rules')).toMatchObject({ version: 1, data: 'r1', updatedBy: 'alice' });
        expect((await store.getDocument(TENANT_A, 'snapshot'))?.data).toBe('s1');
        // Changed since it was read: nothing of the commit is written, and the error says who changed it.
        await store.commit(TENANT_A, 'bob', [{ type: 'put-document', kind: 'rules', data: 'r2', expectedVersion: 1 }]);
        const attempt = store.commit(TENANT_A, 'sync', [
          { type: 'put-document', kind: 'snapshot', data: 's2' },
          { type: 'replace-collection', collection: 'people', items: [{ id: 'p1', data: 1 }] },
          { type: 'expect-document', kind: 'rules', version: 1 },
        ]);
        await expect(attempt).rejects.toBeInstanceOf(ConcurrencyConflictError);
        await expect(attempt).rejects.toMatchObject({ kind: 'rules', expectedVersion: 1, actualVersion: 2, lastUpdatedBy: 'bob' });
        expect((await store.getDocument(TENANT_A, 'snapshot'))?.data).toBe('s1');
        expect(await store.listCollection(TENANT_A, 'people')).toEqual([]);
        // Expected absent (null): refused once the document exists, accepted while it does not.
        await expect(store.commit(TENANT_A, 'sync', [{ type: 'expect-document', kind: 'rules', version: null }])).rejects.toMatchObject({ actualVersion: 2 });
        await store.commit(TENANT_A, 'sync', [{ type: 'expect-document', kind: 'absent', version: null }]);
        expect(await store.getDocument(TENANT_A, 'absent')).toBeUndefined();
      });

      it('keeps a document larger than one table property (64 KiB) intact', async () => {
        const big = { text: 'é'.repeat(150_000), list: Array.from({ length: 2000 }, (_, i) => ({ i })) };
        await store.commit(TENANT_A, 'alice', [{ type: 'put-document', kind: 'big', data: big, expectedVersion: null }]);
        expect((await store.getDocument(TENANT_A, 'big'))?.data).toEqual(big);
      });
    });

    describe('collections', () => {
      it('replaces every record, lists them by id and counts them', async () => {
        await store.commit(TENANT_A, 'sync', [
          { type: 'replace-collection', collection: 'people', items: ['c', 'a', 'b'].map((id) => ({ id, data: { id, n: id.toUpperCase() } })) },
        ]);
        expect(await store.listCollection(TENANT_A, 'people')).toEqual([
          { id: 'a', n: 'A' },
          { id: 'b', n: 'B' },
          { id: 'c', n: 'C' },
        ]);
        expect(await store.countCollection(TENANT_A, 'people')).toBe(3);
        // Items may come from a generator (consumed once).
        function* more() {
          yield { id: 'x', data: { id: 'x' } };
        }
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'people', items: more() }]);
        expect(await store.listCollection(TENANT_A, 'people')).toEqual([{ id: 'x' }]);
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'people', items: [] }]);
        expect(await store.listCollection(TENANT_A, 'people')).toEqual([]);
        expect(await store.countCollection(TENANT_A, 'people')).toBe(0);
        expect(await store.countCollection(TENANT_A, 'never-written')).toBe(0);
      });

      it('round-trips a collection far larger than one entity (1 MiB), including one record over 64 KiB', async () => {
        const items = Array.from({ length: 3000 }, (_, i) => ({
          id: `user-${String(i).padStart(5, '0')}`,
          data: { upn: `user${i}@contoso.example`, padding: 'x'.repeat(900), note: i === 7 ? 'ü'.repeat(100_000) : '' },
        }));
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'people', items }]);
        expect(await store.countCollection(TENANT_A, 'people')).toBe(3000);
        const back = await store.listCollection<{ upn: string; note: string }>(TENANT_A, 'people');
        expect(back).toHaveLength(3000);
        expect(back[0].upn).toBe('user0@contoso.example');
        expect(back[2999].upn).toBe('user2999@contoso.example');
        expect(back[7].note).toHaveLength(100_000);
      });

      it('patches a collection: puts replace their ids (with their keys and search text), removes go, the rest stays', async () => {
        const item = (i: number, state: string, word: string) => ({ id: `p${i}`, data: { n: i, state }, keys: [`state:${state}`], search: `person ${i} ${word}` });
        const before = [item(1, 'ready', 'alpha'), item(2, 'blocked', 'beta'), item(3, 'ready', 'gamma'), item(4, 'ready', 'delta')];
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'people', items: before }]);
        const after = [item(1, 'ready', 'alpha'), item(2, 'ready', 'omega'), item(4, 'ready', 'delta'), item(5, 'blocked', 'epsilon')];
        let wholeCalls = 0;
        await store.commit(TENANT_A, 'refresh', [
          {
            type: 'patch-collection',
            collection: 'people',
            put: [after[1], after[3]],
            remove: ['p3', 'p-never-written'],
            whole: () => {
              wholeCalls++;
              return after;
            },
          },
        ]);
        expect(wholeCalls).toBeLessThanOrEqual(1);
        expect(await store.listCollection(TENANT_A, 'people')).toEqual(after.map((p) => p.data));
        expect(await store.countCollection(TENANT_A, 'people')).toBe(4);
        const blocked = await store.pageCollection<{ n: number }>(TENANT_A, 'people', { key: 'state:blocked', limit: 10 });
        expect(blocked.items.map((p) => p.n)).toEqual([5]);
        expect((await store.pageCollection<{ n: number }>(TENANT_A, 'people', { key: 'state:ready', limit: 10 })).items.map((p) => p.n)).toEqual([1, 2, 4]);
        expect((await store.pageCollection(TENANT_A, 'people', { search: 'beta', limit: 10 })).total).toBe(0);
        expect((await store.pageCollection<{ n: number }>(TENANT_A, 'people', { search: 'omega', limit: 10 })).items.map((p) => p.n)).toEqual([2]);
        expect((await store.pageCollection(TENANT_A, 'people', { search: 'gamma', limit: 10 })).total).toBe(0);
        expect(await store.getRecord(TENANT_A, 'people', 'p3')).toBeUndefined();
      });

      it('refuses a collection with two records under the same id and keeps the old one', async () => {
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'sites', items: [{ id: 'seattle', data: 1 }] }]);
        await expectRefused(
          store.commit(TENANT_A, 'sync', [
            { type: 'replace-collection', collection: 'sites', items: [{ id: 'london', data: 2 }, { id: 'london', data: 3 }] },
          ]),
        );
        expect(await store.listCollection(TENANT_A, 'sites')).toEqual([1]);
      });
    });

    describe('atomic commits', () => {
      it('a failing change rolls back every change of the commit', async () => {
        await store.commit(TENANT_A, 'setup', [
          { type: 'replace-collection', collection: 'people', items: [{ id: 'old', data: 'old' }] },
          { type: 'put-document', kind: 'snapshot', data: 'old', expectedVersion: null },
          { type: 'put-document', kind: 'plan', data: 'plan-1', expectedVersion: null },
        ]);
        const auditBefore = await store.listAudit(TENANT_A);
        await expect(
          store.commit(TENANT_A, 'sync', [
            { type: 'replace-collection', collection: 'people', items: [{ id: 'new', data: 'new' }] },
            { type: 'put-document', kind: 'snapshot', data: 'new' },
            { type: 'audit', action: 'sync', kind: 'snapshot', after: { people: 1 } },
            { type: 'put-document', kind: 'plan', data: 'plan-2', expectedVersion: 7 },
          ]),
        ).rejects.toBeInstanceOf(ConcurrencyConflictError);
        expect(await store.listCollection(TENANT_A, 'people')).toEqual(['old']);
        expect(await store.countCollection(TENANT_A, 'people')).toBe(1);
        expect(await store.getDocument(TENANT_A, 'snapshot')).toMatchObject({ version: 1, data: 'old' });
        expect(await store.getDocument(TENANT_A, 'plan')).toMatchObject({ version: 1, data: 'plan-1' });
        expect(await store.listAudit(TENANT_A)).toEqual(auditBefore);
      });

      it('refuses changes for a tenant that does not exist', async () => {
        await expectRefused(store.commit('cccccccc-0000-4000-8000-00000000000c', 'x', [{ type: 'put-document', kind: 'k', data: 1 }]));
      });
    });

    describe('tenant isolation', () => {
      it("never shows tenant A's documents, collections or audit entries to tenant B", async () => {
        await store.commit(TENANT_A, 'alice', [
          { type: 'put-document', kind: 'plan', data: 'A plan', expectedVersion: null },
          { type: 'replace-collection', collection: 'people', items: [{ id: 'p1', data: 'A person' }] },
          { type: 'audit', action: 'create', kind: 'plan', after: 'A plan' },
        ]);
        expect(await store.getDocument(TENANT_B, 'plan')).toBeUndefined();
        expect(await store.listCollection(TENANT_B, 'people')).toEqual([]);
        expect(await store.countCollection(TENANT_B, 'people')).toBe(0);
        expect(await store.listAudit(TENANT_B)).toEqual([]);
        // The same kind in tenant B has its own version history.
        await store.commit(TENANT_B, 'bob', [{ type: 'put-document', kind: 'plan', data: 'B plan', expectedVersion: null }]);
        expect(await store.getDocument(TENANT_B, 'plan')).toMatchObject({ version: 1, data: 'B plan' });
        expect(await store.getDocument(TENANT_A, 'plan')).toMatchObject({ version: 1, data: 'A plan' });
        expect(await store.listCollection(TENANT_A, 'people')).toEqual(['A person']);
      });
    });

    describe('paged and keyed reads', () => {
      const members = Array.from({ length: 2500 }, (_, i) => ({
        id: `m${String(i).padStart(5, '0')}`,
        data: { n: i, name: i % 7 === 0 ? `Zoë ${'é'.repeat(i % 50)}` : `person ${i}` },
        keys: [`wave:${i % 3}`, ...(i % 10 === 0 ? ['state:blocked'] : [])],
      }));

      it('returns one page of a large collection in id order, with the total', async () => {
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'members', items: [...members].reverse() }]);
        const first = await store.pageCollection<{ n: number }>(TENANT_A, 'members', { limit: 100 });
        expect(first.total).toBe(2500);
        expect(first.items.map((m) => m.n)).toEqual(Array.from({ length: 100 }, (_, i) => i));
        const last = await store.pageCollection<{ n: number }>(TENANT_A, 'members', { offset: 2450, limit: 100 });
        expect(last.items.map((m) => m.n)).toEqual(Array.from({ length: 50 }, (_, i) => 2450 + i));
        const beyond = await store.pageCollection(TENANT_A, 'members', { offset: 9999, limit: 10 });
        expect(beyond).toEqual({ total: 2500, offset: 9999, items: [] });
        // A caller cannot ask for more than a page.
        expect((await store.pageCollection(TENANT_A, 'members', { limit: 50_000 })).items).toHaveLength(1000);
      });

      it('pages the records written with one key, and nothing of another tenant', async () => {
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'members', items: members }]);
        await store.commit(TENANT_B, 'sync', [{ type: 'replace-collection', collection: 'members', items: members.slice(0, 30) }]);
        const blocked = await store.pageCollection<{ n: number }>(TENANT_A, 'members', { key: 'state:blocked', offset: 10, limit: 5 });
        expect(blocked.total).toBe(250);
        expect(blocked.items.map((m) => m.n)).toEqual([100, 110, 120, 130, 140]);
        const wave2 = await store.pageCollection<{ n: number }>(TENANT_A, 'members', { key: 'wave:2', limit: 3 });
        expect(wave2.total).toBe(833);
        expect(wave2.items.map((m) => m.n)).toEqual([2, 5, 8]);
        expect((await store.pageCollection(TENANT_B, 'members', { key: 'state:blocked', limit: 100 })).total).toBe(3);
        expect(await store.pageCollection(TENANT_A, 'members', { key: 'no-such-key', limit: 10 })).toEqual({ total: 0, offset: 0, items: [] });
        expect(await store.getRecord(TENANT_A, 'members', 'm00007')).toEqual(members[7].data);
        expect(await store.getRecord(TENANT_A, 'members', 'm99999')).toBeUndefined();
        expect(await store.getRecord(TENANT_B, 'members', 'm00031')).toBeUndefined();
      });

      it('combines keys and searches text, paging what matches', async () => {
        const people = Array.from({ length: 600 }, (_, i) => ({
          id: `p${String(i).padStart(4, '0')}`,
          data: { n: i },
          keys: [`site:${i % 6}`, i % 4 === 0 ? 'blocked:true' : 'blocked:false'],
          search: `person ${i} ${i % 5 === 0 ? 'zoë müller' : 'alex smith'} +4930${String(i).padStart(6, '0')}`,
        }));
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'people', items: people }]);
        const both = await store.pageCollection<{ n: number }>(TENANT_A, 'people', { key: 'site:0', allKeys: ['blocked:true'], limit: 3 });
        expect(both.total).toBe(50);
        expect(both.items.map((p) => p.n)).toEqual([0, 12, 24]);
        const search = await store.pageCollection<{ n: number }>(TENANT_A, 'people', { search: 'zoë müller', offset: 2, limit: 2 });
        expect(search.total).toBe(120);
        expect(search.items.map((p) => p.n)).toEqual([10, 15]);
        const all = await store.pageCollection<{ n: number }>(TENANT_A, 'people', { key: 'site:3', search: 'smith', allKeys: ['blocked:false'], limit: 1000 });
        expect(all.items.map((p) => p.n)).toEqual(people.filter((_, i) => i % 6 === 3 && i % 4 !== 0 && i % 5 !== 0).map((_, j, arr) => arr[j]).map((p) => Number(p.id.slice(1))));
        expect((await store.pageCollection(TENANT_A, 'people', { search: '+4930000123', limit: 10 })).total).toBe(1);
        expect((await store.pageCollection(TENANT_A, 'people', { search: 'nobody', limit: 10 })).total).toBe(0);
      });

      it('gives the same pages as JSON text, record for record, filtered or not', async () => {
        const people = Array.from({ length: 300 }, (_, i) => ({
          id: `p${String(i).padStart(4, '0')}`,
          data: { n: i, name: i % 7 === 0 ? `Zoë "the" <Müller> ${i}` : `person ${i}`, tags: i % 2 ? ['a'] : [] },
          keys: [`site:${i % 3}`],
          search: `person ${i} ${i % 7 === 0 ? 'zoë' : 'alex'}`,
        }));
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'people', items: people }]);
        for (const query of [{ limit: 50, offset: 120 }, { key: 'site:1', limit: 20, offset: 5 }, { search: 'zoë', allKeys: ['site:0'], limit: 10 }, { key: 'nothing', limit: 5 }]) {
          const parsed = await store.pageCollection<unknown>(TENANT_A, 'people', query);
          const text = await store.pageCollectionJson(TENANT_A, 'people', query);
          expect(text.total).toBe(parsed.total);
          expect(text.offset).toBe(parsed.offset);
          expect(text.items.map((t) => JSON.parse(t) as unknown)).toEqual(parsed.items);
        }
        expect((await store.pageCollectionJson(TENANT_B, 'people', { limit: 10 })).items).toEqual([]);
      });

      it('a replace that keeps most records ends exactly as the new records say: data, keys and search text', async () => {
        const first = Array.from({ length: 300 }, (_, i) => ({ id: `r${String(i).padStart(4, '0')}`, data: { v: i }, keys: [`k:${i % 3}`], search: `item ${i}` }));
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'items', items: first }]);
        // Most unchanged; some with new data, new keys or new search text; some gone; some new.
        // (The first record of an id wins in this list, so r0001 is the renamed one.)
        const second = [
          { id: 'r0001', data: { v: 1 }, keys: ['k:1', 'k:extra'], search: 'item 1 renamed' },
          { id: 'r9999', data: { v: 9999 }, keys: ['k:new'], search: 'brand new' },
          ...first.filter((_, i) => i % 10 === 0).map((r) => ({ ...r, data: { v: -1 }, keys: ['k:changed'] })),
          ...first.filter((_, i) => i % 10 !== 0 && i < 290),
        ].filter((r, i, all) => all.findIndex((x) => x.id === r.id) === i);
        const expected = [...second].sort((a, b) => (a.id < b.id ? -1 : 1));
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'items', items: second }]);
        expect(await store.listCollection(TENANT_A, 'items')).toEqual(expected.map((r) => r.data));
        expect((await store.pageCollection(TENANT_A, 'items', { key: 'k:changed', limit: 1000 })).total).toBe(30);
        expect((await store.pageCollection(TENANT_A, 'items', { key: 'k:0', limit: 1000 })).total).toBe(expected.filter((r) => r.keys.includes('k:0')).length);
        expect((await store.pageCollection(TENANT_A, 'items', { key: 'k:extra', limit: 10 })).items).toEqual([{ v: 1 }]);
        expect((await store.pageCollection(TENANT_A, 'items', { search: 'renamed', limit: 10 })).items).toEqual([{ v: 1 }]);
        expect((await store.pageCollection(TENANT_A, 'items', { search: 'item 295', limit: 10 })).total).toBe(0);
        expect(await store.getRecord(TENANT_A, 'items', 'r0295')).toBeUndefined();
        expect(await store.getRecord(TENANT_A, 'items', 'r9999')).toEqual({ v: 9999 });
        expect(await store.countCollection(TENANT_A, 'items')).toBe(expected.length);
      });

      it('a replaced collection keeps none of the old keys', async () => {
        await store.commit(TENANT_A, 'sync', [{ type: 'replace-collection', collection: 'members', items: members }]);
        await store.commit(TENANT_A, 'sync', [
          { type: 'replace-collection', collection: 'members', items: [{ id: 'x', data: 'new', keys: ['wave:9'] }] },
        ]);
        expect((await store.pageCollection(TENANT_A, 'members', { key: 'state:blocked', limit: 10 })).total).toBe(0);
        expect(await store.pageCollection(TENANT_A, 'members', { key: 'wave:9', limit: 10 })).toEqual({ total: 1, offset: 0, items: ['new'] });
      });
    });

    describe('artefacts', () => {
      it('stores, lists, reads back and deletes per tenant', async () => {
        const big = Buffer.from('x'.repeat(3_000_000) + 'Zürich – 東京');
        await store.artefacts.put(TENANT_A, 'plan/0001.json', big);
        await store.artefacts.put(TENANT_A, 'plan/0002.json', '{"v":2}');
        await store.artefacts.put(TENANT_A, 'exports/plan.xlsx', Buffer.from([0, 1, 2]));
        await store.artefacts.put(TENANT_B, 'plan/0001.json', 'B');
        expect((await store.artefacts.get(TENANT_A, 'plan/0001.json'))?.equals(big)).toBe(true);
        expect(await store.artefacts.list(TENANT_A, 'plan/')).toEqual(['plan/0001.json', 'plan/0002.json']);
        expect((await store.artefacts.get(TENANT_B, 'plan/0001.json'))?.toString()).toBe('B');
        await store.artefacts.delete(TENANT_A, 'plan/0001.json');
        expect(await store.artefacts.get(TENANT_A, 'plan/0001.json')).toBeUndefined();
        expect(await store.artefacts.list(TENANT_A, 'plan/')).toEqual(['plan/0002.json']);
        await store.artefacts.delete(TENANT_A, 'plan/0001.json');
      });

      it('writes text pieces as one artefact, replacing what was there', async () => {
        await store.artefacts.put(TENANT_A, 'plan/0003.json', 'old');
        const pieces = ['{"name":"Zürich – 東京",', '"rows":[', ...Array.from({ length: 2_000 }, (_, i) => `${i ? ',' : ''}"${'y'.repeat(1_000)}${i}"`), ']}'];
        await store.artefacts.putChunks(TENANT_A, 'plan/0003.json', pieces);
        expect((await store.artefacts.get(TENANT_A, 'plan/0003.json'))?.toString('utf8')).toBe(pieces.join(''));
        await store.artefacts.putChunks(TENANT_A, 'plan/0004.json', []);
        expect((await store.artefacts.get(TENANT_A, 'plan/0004.json'))?.length).toBe(0);
      });

      it('refuses names that could leave the tenant', async () => {
        for (const name of ['../x', 'a/../../b', '/etc/passwd', 'a\\b', '']) {
          await expectRefused(store.artefacts.put(TENANT_A, name, 'x'));
        }
      });
    });

    describe('audit', () => {
      it('records who did what, newest first, with before and after values', async () => {
        await store.commit(TENANT_A, 'alice', [{ type: 'audit', action: 'assign', kind: 'decision', before: null, after: { site: 'london' } }]);
        await store.commit(TENANT_A, 'bob', [
          { type: 'audit', action: 'sync', kind: 'snapshot' },
          { type: 'audit', action: 'export', kind: 'plan', after: 'plan.xlsx' },
        ]);
        const entries = await store.listAudit(TENANT_A);
        expect(entries.map((e) => [e.actor, e.action, e.kind])).toEqual([
          ['bob', 'export', 'plan'],
          ['bob', 'sync', 'snapshot'],
          ['alice', 'assign', 'decision'],
        ]);
        expect(entries[0].id).toBeGreaterThan(entries[1].id);
        expect(entries[1].id).toBeGreaterThan(entries[2].id);
        expect(entries[2]).toMatchObject({ tenantId: TENANT_A, before: null, after: { site: 'london' } });
        expect(entries[1].before).toBeUndefined();
        expect(entries[1].after).toBeUndefined();
        expect(Number.isNaN(Date.parse(entries[0].at))).toBe(false);
        expect(await store.listAudit(TENANT_A, 2)).toHaveLength(2);
      });

      it('pages by offset, filters by kind, and reads one entry by id within its tenant', async () => {
        await store.commit(TENANT_A, 'alice', [{ type: 'audit', action: 'save', kind: 'settings', before: null, after: { v: 1 } }]);
        await store.commit(TENANT_A, 'bob', [{ type: 'audit', action: 'import', kind: 'pbx' }]);
        await store.commit(TENANT_A, 'carol', [{ type: 'audit', action: 'save', kind: 'settings', before: { v: 1 }, after: { v: 2 } }]);
        const all = await store.listAudit(TENANT_A);
        expect(all.map((e) => e.actor)).toEqual(['carol', 'bob', 'alice']);
        expect((await store.listAudit(TENANT_A, 1, { offset: 1 })).map((e) => e.actor)).toEqual(['bob']);
        expect((await store.listAudit(TENANT_A, 10, { offset: 3 })).map((e) => e.actor)).toEqual([]);
        expect((await store.listAudit(TENANT_A, 10, { kind: 'settings' })).map((e) => e.actor)).toEqual(['carol', 'alice']);
        expect((await store.listAudit(TENANT_A, 1, { kind: 'settings', offset: 1 })).map((e) => e.actor)).toEqual(['alice']);
        const one = await store.getAudit(TENANT_A, all[0].id);
        expect(one).toEqual(all[0]);
        expect(one!.after).toEqual({ v: 2 });
        expect(await store.getAudit(TENANT_B, all[0].id)).toBeUndefined();
        expect(await store.getAudit(TENANT_A, all[0].id + 1000)).toBeUndefined();
      });

      it('leaves out the payload keys a listing does not need', async () => {
        await store.commit(TENANT_A, 'dave', [
          { type: 'audit', action: 'save', kind: 'doc', before: { version: 1, settings: { big: 'x'.repeat(1000) } }, after: { version: 2, settings: { big: 'y' } } },
          { type: 'audit', action: 'note', kind: 'doc', before: null, after: 'plain text' },
        ]);
        const [note, save] = await store.listAudit(TENANT_A, 2, { kind: 'doc', omit: ['settings'] });
        expect(save.before).toEqual({ version: 1 });
        expect(save.after).toEqual({ version: 2 });
        expect(note.before).toBeNull();
        expect(note.after).toBe('plain text');
        expect((await store.getAudit(TENANT_A, save.id))!.after).toEqual({ version: 2, settings: { big: 'y' } });
      });
    });
  });
}
