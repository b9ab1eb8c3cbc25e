/**
 * Teams numbers read in $skip pages while numbers are being assigned and released (the demo Graph
 * server's collection changed between page requests): a number repeated across pages is taken once -
 * the later copy - with a warning; numbers that slid back across a page boundary are found by a bounded
 * re-read of that boundary; and a whole sync completes while the numbers keep changing.
 */
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant, type DemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { GraphHttp } from '../../../shared/graph/graph-http';
import type { GraphNumberAssignment } from '../../../shared/graph/graph-types';
import { TenantGraphReader } from '../../../shared/graph/tenant-graph-reader';
import type { SnapshotWarning } from '../../../shared/domain/tenant-snapshot';
import { syncTenant } from '../../../shared/services/sync-service';
import { connection, memoryStore, startDemo } from './graph-test-kit';

const NUMBERS = 5_300;
let demo: DemoTenant;
let original: GraphNumberAssignment[];
let server: DemoGraphServer;

beforeAll(async () => {
  demo = generateDemoTenant({ users: 200, seed: 5, teamsNumbers: NUMBERS });
  original = [...demo.numberAssignments];
  server = await startDemo(demo);
});
afterAll(() => server.stop());
afterEach(() => {
  // Each test starts from the tenant's own numbers.
  demo.numberAssignments.splice(0, demo.numberAssignments.length, ...original);
});

let made = 0;
/** A number assigned during the read, shaped like the tenant's own. */
function newNumber(): GraphNumberAssignment {
  made++;
  return { ...original[0], id: `assigned-during-read-${made}`, telephoneNumber: `+4420799${String(made).padStart(5, '0')}`, assignmentTargetId: null };
}

function read(concurrency: number, onPage: (pageNo: number) => void): Promise<{ numbers: GraphNumberAssignment[]; warnings: SnapshotWarning[] }> {
  let pages = 0;
  const warnings: SnapshotWarning[] = [];
  const reader = new TenantGraphReader(new GraphHttp(connection(server)), { concurrency, onPage: (e) => e.collection === 'numbers' && onPage(++pages) });
  return reader.readNumbers(warnings).then((numbers) => ({ numbers: numbers!, warnings }));
}

const keys = (ns: readonly GraphNumberAssignment[]) => ns.map((n) => n.id!);
const codes = (ws: readonly SnapshotWarning[]) => ws.map((w) => w.code);

it('with nothing changing: every number once, in order, no warnings', async () => {
  const { numbers, warnings } = await read(4, () => {});
  expect(keys(numbers)).toEqual(keys(original));
  expect(warnings).toEqual([]);
});

it('numbers assigned before the read position repeat on the next page: taken once, later copy, a warning', async () => {
  const { numbers, warnings } = await read(1, (page) => {
    if (page === 1) {
      // Three new numbers sort first: everything after shifts forward; page 2 repeats page 1's tail.
      demo.numberAssignments.unshift(newNumber(), newNumber(), newNumber());
      // The repeated number changed in between: the later copy is the one kept.
      const i = demo.numberAssignments.findIndex((n) => n.id === original[997].id);
      demo.numberAssignments[i] = { ...demo.numberAssignments[i], assignmentStatus: 'userAssigned', assignmentTargetId: 'changed-later' };
    }
  });
  expect(new Set(keys(numbers)).size).toBe(numbers.length);
  expect(keys(numbers)).toEqual(keys(original)); // the three new ones sort before the pages already read
  expect(numbers.find((n) => n.id === original[997].id)!.assignmentTargetId).toBe('changed-later');
  expect(codes(warnings)).toEqual(['numbers-repeated-across-pages']);
  expect(warnings[0].message).toMatch(/^\d+ Teams numbers came back on a later page/);
});

it('numbers released before the read position make the next page slide back: the boundary is re-read, nothing is lost', async () => {
  const requestsBefore = server.requestLog.length;
  const { numbers, warnings } = await read(1, (page) => {
    // Page 1 is read; five of its numbers are released: page 2 starts five numbers later than it should.
    if (page === 1) demo.numberAssignments.splice(10, 5);
  });
  // Every number still assigned is read, each once; the released ones were read before they went.
  expect(keys(numbers).sort()).toEqual(keys(original).sort());
  expect(codes(warnings)).toEqual(['numbers-window-reread']);
  // Five slid back across the boundary: page 2 itself starts on the fifth, the window finds the other four.
  expect(warnings[0].message).toMatch(/1 window re-read, 4 numbers found/);
  // Bounded: the pages plus one small window.
  const numberRequests = server.requestLog.slice(requestsBefore).filter((r) => r.path.endsWith('numberAssignments'));
  expect(numberRequests.length).toBe(Math.ceil(NUMBERS / 999) + 1);
  expect(numberRequests.some((r) => /\$top=200&\$skip=899/.test(decodeURIComponent(r.query)))).toBe(true);
});

it('numbers assigned and released at random on every page, 8 pages in flight: the read completes with every number that stayed', async () => {
  let seed = 99;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const released = new Set<string>();
  const { numbers } = await read(8, () => {
    for (let k = 0; k < 4; k++) {
      const list = demo.numberAssignments;
      if (rnd() < 0.5) list.splice(Math.floor(rnd() * list.length), 0, newNumber());
      else released.add(list.splice(Math.floor(rnd() * list.length), 1)[0].id!);
    }
  });
  expect(new Set(keys(numbers)).size).toBe(numbers.length);
  const got = new Set(keys(numbers));
  const stayed = original.filter((n) => !released.has(n.id!));
  expect(stayed.filter((n) => !got.has(n.id!)).map((n) => n.id)).toEqual([]);
});

it('a full sync completes while numbers change under it, and says so in its warnings', async () => {
  const store = memoryStore();
  try {
    let numberPages = 0;
    const result = await syncTenant({
      store,
      graph: connection(server, { concurrency: 4 }),
      mode: 'full',
      actor: 'test',
      now: () => new Date('2027-01-11T09:00:00Z'),
      onProgress: (p) => {
        if (p.phase !== 'numbers') return;
        numberPages++;
        if (numberPages % 2 === 0) demo.numberAssignments.splice(5, 3);
        else demo.numberAssignments.unshift(newNumber(), newNumber());
      },
    });
    expect(numberPages).toBeGreaterThan(3);
    expect(result.counts.numbers).toBeGreaterThan(0);
    expect(codes(result.warnings)).toEqual(expect.arrayContaining(['numbers-repeated-across-pages']));
    expect(codes(result.warnings).some((c) => c === 'numbers-window-reread' || c === 'numbers-repeated-across-pages')).toBe(true);
  } finally {
    await store.close();
  }
});
