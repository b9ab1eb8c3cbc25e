import { syncTenant } from '../../../shared/services/sync-service';
import { connection, memoryStore, startDemo, tenant } from './graph-test-kit';
import type { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import type { DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { GraphRequestError } from '../../../shared/graph/graph-errors';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';

describe('sync resilience against throttling and broken connections', () => {
  let demo: DemoTenant;
  let server: DemoGraphServer;
  beforeAll(async () => {
    demo = tenant(1200, 5);
    server = await startDemo(demo);
  });
  afterAll(() => server.stop());
  afterEach(() => server.setFaults({}));

  it('survives a throttling storm, 503 bursts and connections dropped mid-body, honouring Retry-After', async () => {
    server.setFaults({ throttleEveryNth: 3, retryAfter: 'seconds', retryAfterSeconds: 2, burst503: { every: 11, length: 2 }, dropEveryNth: 7 });
    const waits: number[] = [];
    const store = memoryStore();
    const result = await syncTenant({
      store,
      graph: connection(server, { retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5 } }),
      actor: 'test',
    });
    expect(result.counts.people).toBe(demo.users.length);
    expect(result.counts.numbers).toBe(demo.numberAssignments.length);
    expect(result.retries).toBeGreaterThan(10);
    expect(waits).toContain(2000); // Retry-After: 2 (seconds) honoured exactly
    expect(waits.some((w) => w !== 2000)).toBe(true); // 503s and drops without Retry-After back off instead
    expect(server.requestLog.some((r) => r.status === 429)).toBe(true);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    server.setFaults({ throttleEveryNth: 3, retryAfter: 'http-date', retryAfterSeconds: 30 });
    const waits: number[] = [];
    const result = await syncTenant({
      store: memoryStore(),
      // Parallel requests share the server's counter, so one request may meet several 429s in a row.
      graph: connection(server, { retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5, maxRetries: 30, maxTotalWaitMs: 3_600_000 } }),
      actor: 'test',
    });
    expect(result.counts.people).toBe(demo.users.length);
    // An HTTP date has one-second resolution: the wait is the remaining time, about 29-30 s.
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) {
      expect(w).toBeGreaterThan(27_000);
      expect(w).toBeLessThanOrEqual(30_000);
    }
  });

  it('gives up with a clear error when throttling outlasts the total wait bound, keeping the last good snapshot', async () => {
    const store = memoryStore();
    await syncTenant({ store, graph: connection(server), actor: 'test' });
    const before = await loadSnapshot(store, demo.tenantId);
    server.setFaults({ throttleEveryNth: 1, retryAfter: 'seconds', retryAfterSeconds: 120 });
    const err = await syncTenant({ store, graph: connection(server, { retry: { sleep: async () => undefined, maxTotalWaitMs: 300_000 } }), actor: 'test', mode: 'full' }).catch((e) => e);
    expect(err).toBeInstanceOf(GraphRequestError);
    expect(err.code).toBe('retries-exhausted');
    expect(err.message).toMatch(/HTTP 429.*Retry-After 120 s/);
    expect(err.message).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/organization/);
    expect(await loadSnapshot(store, demo.tenantId)).toEqual(before);
  });

  it('stops at once when cancelled, and writes nothing', async () => {
    const store = memoryStore();
    server.setFaults({ slowPageMs: 50 });
    const controller = new AbortController();
    const run = syncTenant({ store, graph: connection(server), actor: 'test', signal: controller.signal, onProgress: (p) => p.pages >= 2 && controller.abort() });
    const err = await run.catch((e) => e);
    expect(err.code).toBe('cancelled');
    expect(await store.listTenants()).toEqual([]);
  });

  it('backs off exponentially with jitter when the server gives no Retry-After', async () => {
    // A server of its own, so that no request of another test shifts its request counter.
    const fresh = await startDemo(tenant(60, 5), { burst503: { every: 1_000_000, length: 5 } }); // requests 1-4 fail
    try {
      const waits: number[] = [];
      await syncTenant({ store: memoryStore(), graph: connection(fresh, { retry: { sleep: async (ms) => void waits.push(ms), random: () => 0.5, baseDelayMs: 100 } }), actor: 'test' });
      // Equal jitter with random() = 0.5: three quarters of 100, 200, 400, 800 ms.
      expect(waits).toEqual([75, 150, 300, 600]);
    } finally {
      await fresh.stop();
    }
  });
});
