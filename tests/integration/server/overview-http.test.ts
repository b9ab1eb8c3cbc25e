/**
 * GET /api/overview on a first start: the Overview never waits for the decisions read model, but asking
 * for it starts that model's refresh, so paths and costs appear without anyone opening the Sites or
 * People page first; the sites it draws carry their names.
 */
import { startLocalServer, type LocalServer } from '../../support/http';
import { until } from '../../support/until';

interface Overview {
  paths: { pathCounts: { path: string; decided: number; recommended: number }[]; costTotal: { monthly: number } } | null;
  sites: { total: number; first: { siteId: string; name?: string }[] } | null;
  status: { counts: { people: number; unmappedPeople: number } };
}

let server: LocalServer;
const overview = async (): Promise<Overview> => {
  const r = await fetch(`${server.base}/api/overview`);
  expect(r.status).toBe(200);
  return (await r.json()) as Overview;
};

beforeAll(async () => {
  server = await startLocalServer('vmp-overview-');
}, 120_000);
afterAll(async () => server?.stop());

describe('GET /api/overview', () => {
  it('fills in paths and costs after a first start by itself, counting everyone on a path in force', async () => {
    const first = await overview();
    const filled = first.paths ? first : await until(overview, (o) => o.paths !== null, 60_000);
    const onPaths = filled.paths!.pathCounts.reduce((n, p) => n + p.decided + p.recommended, 0);
    // Everyone mapped to a site is on a path (decided or recommended); unmapped people only by a user override.
    expect(onPaths).toBeGreaterThanOrEqual(filled.status.counts.people - filled.status.counts.unmappedPeople);
    expect(onPaths).toBeLessThanOrEqual(filled.status.counts.people);
    expect(filled.paths!.costTotal.monthly).toBeGreaterThan(0);
  });

  it('names the sites whose progress it draws', async () => {
    const { sites } = await overview();
    const named = (sites?.first ?? []).filter((s) => s.siteId !== '');
    expect(named.length).toBeGreaterThan(0);
    const listed = (await (await fetch(`${server.base}/api/sites`)).json()) as { id: string; name: string }[] | { items: { id: string; name: string }[] };
    const all = Array.isArray(listed) ? listed : listed.items;
    for (const s of named) expect(s.name).toBe(all.find((x) => x.id === s.siteId)?.name);
  });
});
