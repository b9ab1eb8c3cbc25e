/**
 * Users read while the directory changes under the pager (the demo Graph server's users changed between
 * page requests): a user returned again on a later page - or, in the sharded read, in a second shard
 * after a rename - is taken once, its later copy, with a warning, and a whole sync completes.
 */
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant, type DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { GraphHttp } from '../../../shared/graph/graph-http';
import type { GraphUser } from '../../../shared/graph/graph-types';
import { TenantGraphReader, type UsersRead } from '../../../shared/graph/tenant-graph-reader';
import type { SnapshotWarning } from '../../../shared/domain/tenant-snapshot';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { syncTenant } from '../../../shared/services/sync-service';
import { connection, memoryStore, startDemo } from './graph-test-kit';

const USERS = 2_500; // three pages of 999 (the generator adds a few rooms and resource accounts)
let demo: DemoTenant;
let server: DemoGraphServer;

beforeEach(async () => {
  // A fresh directory per test: the changes below are made through the server, which keeps its own copy.
  demo = generateDemoTenant({ users: USERS, seed: 21 });
  expect(demo.users.length).toBeGreaterThan(2 * 999);
  server = await startDemo(demo);
});
afterEach(() => server.stop());

let made = 0;
/** A user created during the read, shaped like the tenant's own. */
function newUser(): GraphUser {
  made++;
  return { ...demo.users[0], id: `created-during-read-${made}`, userPrincipalName: `new.user${made}@${demo.users[0].userPrincipalName!.split('@')[1]}`, displayName: `New User ${made}` };
}

function read(options: { userShards?: false; concurrency?: number }, onUsersPage: (pageNo: number) => void): Promise<UsersRead> {
  let pages = 0;
  const reader = new TenantGraphReader(new GraphHttp(connection(server)), { ...options, onPage: (e) => e.collection === 'users' && onUsersPage(++pages) });
  return reader.readUsers();
}

const ids = (us: readonly GraphUser[]) => us.map((u) => u.id!);
const codes = (ws: readonly SnapshotWarning[]) => ws.map((w) => w.code);

it('with nothing changing: every user once, in order, no warnings (plain paging and sharded)', async () => {
  const plain = await read({ userShards: false }, () => {});
  expect(plain.mode).toBe('paged');
  expect(ids(plain.users)).toEqual(ids(demo.users));
  expect(plain.warnings).toEqual([]);
  const sharded = await read({}, () => {});
  expect(sharded.mode).toBe('sharded');
  expect(new Set(ids(sharded.users))).toEqual(new Set(ids(demo.users)));
  expect(sharded.warnings).toEqual([]);
});

it('users created before the read position repeat on the next page: taken once, later copy, a warning', async () => {
  const tail = demo.users[997]!; // on page 1, and on page 2 once three users are created before it
  const { users, warnings, mode } = await read({ userShards: false }, (page) => {
    if (page === 1) {
      server.applyUserChanges({ add: [newUser(), newUser(), newUser()], addAt: 0, update: [{ id: tail.id!, set: { displayName: 'Renamed Later' } }] });
    }
  });
  expect(mode).toBe('paged');
  expect(new Set(ids(users)).size).toBe(users.length);
  // The three new users sort before the pages already read (the next sync's delta brings them).
  expect(ids(users)).toEqual(ids(demo.users));
  expect(users.find((u) => u.id === tail.id)!.displayName).toBe('Renamed Later');
  expect(codes(warnings)).toEqual(['users-repeated-across-pages']);
  expect(warnings[0]!.message).toMatch(/^3 users came back on a later page because the directory changed while it was read; each was taken once \(its later copy\)\.$/);
});

it('a user renamed into a shard not yet read comes back there: taken once, with the new name', async () => {
  const first = demo.users.find((u) => u.userPrincipalName!.toLowerCase().startsWith('a'))!;
  const domain = first.userPrincipalName!.split('@')[1];
  const { users, warnings, mode } = await read({ concurrency: 1 }, (page) => {
    // Shards are read in UPN-first-character order: "a" is done before "z" begins.
    if (page === 1) server.applyUserChanges({ update: [{ id: first.id!, set: { userPrincipalName: `zz.renamed@${domain}` } }] });
  });
  expect(mode).toBe('sharded');
  expect(users).toHaveLength(demo.users.length);
  expect(new Set(ids(users)).size).toBe(demo.users.length);
  expect(users.find((u) => u.id === first.id)!.userPrincipalName).toBe(`zz.renamed@${domain}`);
  expect(codes(warnings)).toEqual(['users-repeated-across-pages']);
  expect(warnings[0]!.message).toMatch(/^1 user came back/);
});

it('a full sync completes while users are created and renamed on every page, and says so in its warnings', async () => {
  const store = memoryStore();
  try {
    let usersPages = 0;
    const result = await syncTenant({
      store,
      graph: connection(server, { userShards: false }),
      mode: 'full',
      actor: 'test',
      now: () => new Date('2027-01-11T09:00:00Z'),
      onProgress: (p) => {
        if (p.phase !== 'users' || p.users <= usersPages * 999) return;
        usersPages++;
        server.applyUserChanges({ add: [newUser(), newUser()], addAt: 1, update: [{ id: demo.users[2_000]!.id!, set: { jobTitle: `Changed on page ${usersPages}` } }] });
      },
    });
    expect(usersPages).toBeGreaterThanOrEqual(2);
    // The users created during the read sort before the pages already read: the next sync's delta brings them.
    expect(result.counts.people).toBe(demo.users.length);
    expect(codes(result.warnings)).toContain('users-repeated-across-pages');
    const snapshot = (await loadSnapshot(store, demo.tenantId))!;
    expect(new Set(snapshot.people.map((p) => p.id)).size).toBe(snapshot.people.length);
    expect(snapshot.warnings.map((w) => w.code)).toContain('users-repeated-across-pages');
  } finally {
    await store.close();
  }
});
