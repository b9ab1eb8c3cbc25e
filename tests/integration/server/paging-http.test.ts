/**
 * Every list route pages: consecutive pages neither repeat nor skip, the total does not depend on the
 * page, and no caller gets more than a page however large a limit it asks for. Run over real HTTP on
 * the local server with its seeded demo tenant (synced, PBX imported, planned).
 */
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let get: (path: string) => Promise<Record<string, unknown>>;

beforeAll(async () => {
  local = await startLocalServer('vmp-paging-');
  get = async (path) => {
    const res = await fetch(`${local.base}/api${path}`);
    expect(res.status).toBe(200);
    return res.json();
  };
});

afterAll(() => local?.stop());

/** The route's list field, its total field and the most it may return at once. */
const LISTS: [string, string, string, number][] = [
  ['/people', 'items', 'total', 500],
  ['/sites', 'items', 'total', 2000],
  ['/readiness', 'items', 'total', 1000],
  ['/plan/blocked', 'items', 'total', 1000],
  ['/plan/unmet', 'items', 'total', 1000],
  ['/plan/port-orders', 'items', 'total', 1000],
  ['/plan/upload-orders', 'items', 'total', 1000],
  ['/plan/waves/1/members', 'items', 'total', 1000],
  ['/plan/waves/1/groups', 'items', 'total', 1000],
  ['/migration-status', 'members', 'membersTotal', 1000],
  ['/migration-status/sites', 'items', 'total', 1000],
  ['/migration-status/fixups', 'items', 'total', 1000],
  ['/pbx/groups', 'items', 'total', 1000],
];

const key = (x: unknown) => JSON.stringify(x);

describe('paging of every list route', () => {
  it.each(LISTS)('%s pages without gaps or repeats and caps the page size', async (route, field, totalField, max) => {
    const sep = route.includes('?') ? '&' : '?';
    const whole = await get(`${route}${sep}offset=0&limit=${max}`);
    const total = whole[totalField] as number;
    const all = whole[field] as unknown[];
    expect(all.length).toBe(Math.min(total, max));
    // Walk the first (up to) 12 items three at a time: the same items, in the same order.
    const walked: unknown[] = [];
    for (let offset = 0; offset < Math.min(all.length, 12); offset += 3) {
      const page = await get(`${route}${sep}offset=${offset}&limit=3`);
      expect(page[totalField]).toBe(total);
      walked.push(...(page[field] as unknown[]));
    }
    expect(walked.map(key)).toEqual(all.slice(0, walked.length).map(key));
    const beyond = await get(`${route}${sep}offset=${total + 10}&limit=3`);
    expect(beyond[field]).toEqual([]);
    // Asking for more than a page is refused (people) or clamped to a page.
    const greedy = await fetch(`${local.base}/api${route}${sep}limit=100000`);
    if (greedy.status === 200) expect(((await greedy.json())[field] as unknown[]).length).toBeLessThanOrEqual(max);
    else expect(greedy.status).toBe(400);
    // An offset or limit past the safe integers is a 400 naming it, never the store's error.
    for (const bad of ['offset=99999999999999999999', 'limit=99999999999999999999', 'offset=-1', 'offset=abc']) {
      const refused = await fetch(`${local.base}/api${route}${sep}${bad}`);
      if (bad.startsWith('limit') && refused.status === 200) continue; // clamped to a page
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain(bad.split('=')[0]);
    }
  });

  it("pages an order's numbers, which its row carries only the first of, and answers 404 for an unknown order", async () => {
    const orders = await get('/plan/port-orders?limit=1000');
    const order = (orders.items as { id: string; numberCount: number; firstNumbers: string[] }[]).reduce((a, b) => (b.numberCount > a.numberCount ? b : a));
    expect(order.numberCount).toBeGreaterThan(6);
    const path = `/plan/orders/${encodeURIComponent(order.id)}/numbers`;
    const whole = await get(path);
    expect(whole).toEqual({ items: expect.any(Array), total: order.numberCount, offset: 0 });
    expect((whole.items as string[]).slice(0, order.firstNumbers.length)).toEqual(order.firstNumbers);
    const walked: string[] = [];
    for (let offset = 0; offset < order.numberCount; offset += 4) walked.push(...((await get(`${path}?offset=${offset}&limit=4`)).items as string[]));
    expect(walked).toEqual(whole.items);
    expect((await get(`${path}?limit=100000`)).items).toHaveLength(Math.min(1000, order.numberCount));
    const unknown = await fetch(`${local.base}/api/plan/orders/PO-nowhere/numbers`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.message).toContain('PO-nowhere');
    expect((await fetch(`${local.base}/api/plan/orders/${encodeURIComponent(order.id)}/numbers?offset=-1`)).status).toBe(400);
  });

  it('has something to page in the demo tenant for most routes', async () => {
    const totals = await Promise.all(LISTS.map(async ([route, , totalField]) => (await get(`${route}?limit=1`))[totalField] as number));
    expect(totals.filter((t) => t > 3).length).toBeGreaterThanOrEqual(6);
  });
});
