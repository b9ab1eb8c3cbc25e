import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { syncTenant } from '../../../shared/services/sync-service';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { connection, memoryStore, startDemo, tenant, TOKEN } from './graph-test-kit';
import type { DemoGraphServer, UsersPageFaultKind } from '../../../shared/demo/demo-graph-server';
import type { DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import type { SqliteStore } from '../../../shared/store/sqlite-store';

/** A server on another origin that records every Authorization header it receives. */
async function recordingServer(): Promise<{ url: string; authorizations: (string | undefined)[]; close: () => Promise<void> }> {
  const authorizations: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ value: [] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  // "localhost" rather than 127.0.0.1: a different origin that still reaches this server.
  return { url: `http://localhost:${port}`, authorizations, close: () => new Promise((r) => server.close(() => r())) };
}

describe('bad Graph input never replaces the last good snapshot', () => {
  let demo: DemoTenant;
  let server: DemoGraphServer;
  let store: SqliteStore;
  let good: Awaited<ReturnType<typeof loadSnapshot>>;

  beforeAll(async () => {
    demo = tenant(3000, 9);
    server = await startDemo(demo);
    store = memoryStore();
    await syncTenant({ store, graph: connection(server), actor: 'test' });
    good = await loadSnapshot(store, demo.tenantId);
    expect(good?.people).toHaveLength(demo.users.length);
  });
  afterAll(() => server.stop());
  afterEach(() => server.setFaults({}));

  const cases: [UsersPageFaultKind, string, RegExp][] = [
    ['malformed-json', 'malformed-json', /not valid JSON.*GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users/],
    ['missing-value', 'page-missing-value', /no "value" array.*\/v1\.0\/users/],
    ['null-id', 'invalid-record', /value\[1\]\.id is missing/],
    ['loop-next-link', 'next-link-loop', /links back to a page already read/],
  ];
  for (const sharded of [true, false]) {
    for (const [kind, code, message] of cases) {
      it(`${kind} (${sharded ? 'sharded' : 'plain paging'}) -> ${code}, last good snapshot kept`, async () => {
        server.setFaults({ usersPageFault: { page: 2, kind } });
        const err = await syncTenant({ store, graph: connection(server, sharded ? {} : { userShards: false }), actor: 'test', mode: 'full' }).catch((e) => e);
        expect(err?.code).toBe(code);
        expect(err.message).toMatch(message);
        expect(await loadSnapshot(store, demo.tenantId)).toEqual(good);
      });
    }
  }

  // A user repeated on a later page is the directory changing under the pager, not bad input: taken once
  // with a warning (users-paging-under-change.test.ts has the cases).
  for (const sharded of [true, false]) {
    it(`duplicate-ids (${sharded ? 'sharded' : 'plain paging'}) -> taken once with a warning, the sync completes`, async () => {
      const scratch = memoryStore();
      try {
        server.setFaults({ usersPageFault: { page: 2, kind: 'duplicate-ids' } });
        const result = await syncTenant({ store: scratch, graph: connection(server, sharded ? {} : { userShards: false }), actor: 'test', mode: 'full' });
        expect(result.counts.people).toBe(demo.users.length);
        expect(result.warnings.map((w) => w.code)).toContain('users-repeated-across-pages');
      } finally {
        await scratch.close();
      }
    });
  }

  it('refuses a nextLink to another host and never sends the token there', async () => {
    const foreign = await recordingServer();
    try {
      server.setFaults({ usersPageFault: { page: 1, kind: 'foreign-next-link' }, foreignOrigin: foreign.url });
      const err = await syncTenant({ store, graph: connection(server, { userShards: false }), actor: 'test', mode: 'full' }).catch((e) => e);
      expect(err?.code).toBe('foreign-next-link');
      expect(err.message).toContain(foreign.url);
      expect(foreign.authorizations).toEqual([]);
      expect(await loadSnapshot(store, demo.tenantId)).toEqual(good);
    } finally {
      await foreign.close();
    }
  });

  it('a stored delta link pointing at another host is refused before any token leaves', async () => {
    const foreign = await recordingServer();
    const other = memoryStore();
    try {
      await syncTenant({ store: other, graph: connection(server), actor: 'test' });
      const stored = await other.getDocument<{ deltaLink: string; graphBaseUrl: string }>(demo.tenantId, 'graph.delta-link');
      const tampered = stored!.data.deltaLink.replace(server.url, foreign.url);
      await other.commit(demo.tenantId, 'test', [{ type: 'put-document', kind: 'graph.delta-link', data: { ...stored!.data, deltaLink: tampered } }]);
      const before = await loadSnapshot(other, demo.tenantId);
      const err = await syncTenant({ store: other, graph: connection(server), actor: 'test' }).catch((e) => e);
      expect(err?.code).toBe('foreign-next-link');
      expect(foreign.authorizations).toEqual([]);
      expect(await loadSnapshot(other, demo.tenantId)).toEqual(before);
    } finally {
      await foreign.close();
    }
  });

  it('users with null fields are kept, with the nulls as absent fields', async () => {
    const scratch = memoryStore();
    server.setFaults({ usersPageFault: { page: 1, kind: 'null-fields' } });
    const result = await syncTenant({ store: scratch, graph: connection(server, { userShards: false }), actor: 'test' });
    expect(result.counts.people).toBe(demo.users.length);
    const snap = (await loadSnapshot(scratch, demo.tenantId))!;
    const nulled = snap.people.filter((p) => p.displayName === p.userPrincipalName && p.businessPhones.length === 0 && p.teamsPhone === 'none');
    expect(nulled.length).toBeGreaterThanOrEqual(999);
    for (const p of nulled.slice(0, 20)) {
      expect(p.department).toBeUndefined();
      expect(p.usageLocation).toBeUndefined();
      expect(p.accountEnabled).toBe(true);
    }
  });

  it('the token is checked: a wrong token fails with 401 and names the request', async () => {
    const err = await syncTenant({ store, graph: { ...connection(server), tokenProvider: { getAccessToken: async () => 'wrong' } }, actor: 'test' }).catch((e) => e);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/401 InvalidAuthenticationToken.*GET .*\/v1\.0\/organization/);
    expect(TOKEN).not.toBe('wrong');
    expect(await loadSnapshot(store, demo.tenantId)).toEqual(good);
  });
});
