import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { GraphRequestError } from '../../../shared/graph/graph-errors';
import { GraphHttp } from '../../../shared/graph/graph-http';
import { TenantGraphReader } from '../../../shared/graph/tenant-graph-reader';
import type { SnapshotWarning } from '../../../shared/domain/tenant-snapshot';
import { connection, startDemo } from './graph-test-kit';

/** Teams numbers come in $skip pages of 1,000 read through a sliding window of parallel requests. */
describe('reading Teams numbers page by page', () => {
  const demo = generateDemoTenant({ users: 300, seed: 11, teamsNumbers: 7_400 });
  let server: DemoGraphServer;
  beforeAll(async () => {
    server = await startDemo(demo);
  });
  afterAll(() => server.stop());
  afterEach(() => server.setFaults({}));

  const reader = (concurrency: number, retry = {}) => new TenantGraphReader(new GraphHttp(connection(server, { retry: { ...connection(server).retry, ...retry } })), { concurrency });

  it('returns every number exactly once, in page order, whatever the window size and however the pages are held up', async () => {
    expect(demo.numberAssignments.length).toBeGreaterThan(7_000);
    const expected = demo.numberAssignments.map((n) => n.telephoneNumber);
    server.setFaults({ throttleEveryNth: 5, dropEveryNth: 4, slowPageMs: 5 });
    for (const concurrency of [1, 3, 8, 20]) {
      const warnings: SnapshotWarning[] = [];
      const numbers = await reader(concurrency).readNumbers(warnings);
      expect(warnings).toEqual([]);
      expect(numbers!.map((n) => n.telephoneNumber)).toEqual(expected);
    }
  });

  it('stops at a page that cannot be read, names it, and leaves no request running', async () => {
    server.setFaults({ throttleEveryNth: 6 });
    const error = await reader(4, { maxRetries: 0 })
      .readNumbers([])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect((error as GraphRequestError).code).toBe('retries-exhausted');
    expect((error as GraphRequestError).request).toMatch(/numberAssignments\?\$top=1000&\$skip=\d+/);
    const requestsAtFailure = server.requestLog.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requestLog.length).toBe(requestsAtFailure);
  });
});
