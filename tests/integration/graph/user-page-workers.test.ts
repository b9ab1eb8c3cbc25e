/**
 * Users pages whose phones are parsed on worker threads (user-page-workers.ts) give the same people,
 * warnings, unknown-SKU counts and errors as pages mapped on the sync's own thread, and the same stored
 * snapshot.
 */
import { indexSkus, LicencesBySku } from '../../../shared/domain/licence-mapping';
import { GraphHttp, staticToken } from '../../../shared/graph/graph-http';
import { USER_SELECT_WITH_LICENCES } from '../../../shared/graph/graph-types';
import { toPerson } from '../../../shared/graph/snapshot-mapping';
import { TenantGraphReader } from '../../../shared/graph/tenant-graph-reader';
import { WorkerUserPageMapper } from '../../../shared/graph/user-page-workers';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { syncTenant } from '../../../shared/services/sync-service';
import type { DemoGraphServer, UsersPageFaultKind } from '../../../shared/demo/demo-graph-server';
import type { DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { connection, memoryStore, NO_WAIT, startDemo, tenant, TOKEN } from './graph-test-kit';

describe('users pages mapped on worker threads', () => {
  let demo: DemoTenant;
  let server: DemoGraphServer;
  let subscribedSkus: Awaited<ReturnType<TenantGraphReader['readSubscribedSkus']>>;

  const reader = (options: ConstructorParameters<typeof TenantGraphReader>[1] = {}) =>
    new TenantGraphReader(new GraphHttp({ baseUrl: server.url, tokenProvider: staticToken(TOKEN), retry: NO_WAIT }), options);
  const skus = () => new LicencesBySku(indexSkus(subscribedSkus!));
  /** A mapper whose worker is ready before the read starts and takes every page. */
  const readyMapper = async (licences: LicencesBySku) => {
    const mapper = new WorkerUserPageMapper(licences, { startsAfterUsers: 0, threads: 1, queuePerWorker: 1000 });
    expect(await mapper.whenReady()).toBe(true);
    return mapper;
  };

  beforeAll(async () => {
    demo = tenant(1500, 21);
    server = await startDemo(demo);
    subscribedSkus = await reader().readSubscribedSkus([]);
    expect(subscribedSkus?.length).toBeGreaterThan(0);
  });
  afterAll(() => server.stop());
  afterEach(() => server.setFaults({}));

  for (const sharded of [true, false]) {
    it(`maps every page on the worker with the same people as this thread (${sharded ? 'sharded' : 'plain paging'})`, async () => {
      let usersPages = 0;
      const r = reader({ ...(sharded ? {} : { userShards: false }), onPage: (e) => void (e.collection === 'users' && e.items > 0 && usersPages++) });
      const hereSkus = skus();
      const here = await r.readUsers((u, path) => toPerson(u, path, hereSkus), USER_SELECT_WITH_LICENCES);
      const workerSkus = skus();
      const mapper = await readyMapper(workerSkus);
      try {
        usersPages = 0;
        const there = await r.readUsers(mapper, USER_SELECT_WITH_LICENCES);
        expect(usersPages).toBeGreaterThan(sharded ? 20 : 1);
        expect(mapper.pagesOnWorkers).toBe(usersPages);
        expect(there.mode).toBe(here.mode);
        expect(there.warnings).toEqual(here.warnings);
        expect(there.users).toHaveLength(demo.users.length);
        expect(there.users).toEqual(here.users);
        expect(workerSkus.usersWithUnknownSkus).toBe(hereSkus.usersWithUnknownSkus);
      } finally {
        await mapper.close();
      }
    });
  }

  it('a malformed-json, missing-value or null-id page fails on the worker with the error this thread gives', async () => {
    const r = reader({ userShards: false });
    const mapper = await readyMapper(skus());
    const fields = (e: any) => ({ name: e?.name, code: e?.code, message: e?.message, request: e?.request, status: e?.status, graphCode: e?.graphCode });
    try {
      const kinds: UsersPageFaultKind[] = ['malformed-json', 'missing-value', 'null-id'];
      for (const kind of kinds) {
        server.setFaults({ usersPageFault: { page: 2, kind } });
        const licences = skus();
        const here = await r.readUsers((u, path) => toPerson(u, path, licences), USER_SELECT_WITH_LICENCES).catch((e: unknown) => e);
        server.setFaults({ usersPageFault: { page: 2, kind } });
        const before = mapper.pagesOnWorkers;
        const there = await r.readUsers(mapper, USER_SELECT_WITH_LICENCES).catch((e: unknown) => e);
        expect(mapper.pagesOnWorkers - before).toBe(kind === 'null-id' ? 2 : 1);
        expect(here).toBeInstanceOf(Error);
        expect(there).toBeInstanceOf(here!.constructor as new () => Error);
        expect(fields(there)).toEqual(fields(here));
        expect(fields(there).code).toBe(kind === 'null-id' ? 'invalid-record' : kind === 'missing-value' ? 'page-missing-value' : 'malformed-json');
      }
    } finally {
      await mapper.close();
    }
  });

  it('a sync that maps on workers stores the same snapshot as one that maps on its own thread', async () => {
    const now = () => new Date('2027-01-04T09:00:00Z');
    const here = memoryStore();
    const there = memoryStore();
    try {
      const a = await syncTenant({ store: here, graph: connection(server), actor: 'test', mode: 'full', now, userPageWorkers: { threads: 0 } });
      const b = await syncTenant({ store: there, graph: connection(server), actor: 'test', mode: 'full', now, userPageWorkers: { startsAfterUsers: 0, threads: 2 } });
      expect(b.counts).toEqual(a.counts);
      expect(b.warnings).toEqual(a.warnings);
      expect(await loadSnapshot(there, demo.tenantId)).toEqual(await loadSnapshot(here, demo.tenantId));
    } finally {
      await here.close();
      await there.close();
    }
  });
});
