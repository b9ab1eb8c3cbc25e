/**
 * GET /api/overview on a first start: the Overview never waits for the decisions read model, but asking
 * for it starts that model's refresh, so paths and costs appear without anyone opening the Sites or
 * People page first; the sites it draws are those of the waves still to finish, with their names; the
 * licences the blocked people need come with the blocker counts.
 */
import { startLocalServer, type LocalServer } from '../../support/http';
import { until } from '../../support/until';

interface Overview {
  paths: { pathCounts: { path: string; decided: number; recommended: number }[]; costTotal: { monthly: number } } | null;
  sites: { total: number; order: string; first: { siteId: string; name?: string }[] } | null;
  status: { counts: { people: number; unmappedPeople: number } };
  blockers: { total: number; licences: { kind: string; needed: number; toBuy?: number }[] } | null;
}

let server: LocalServer;
const getJson = async <T>(path: string): Promise<T> => {
  const r = await fetch(`${server.base}/api${path}`);
  expect(r.status).toBe(200);
  return (await r.json()) as T;
};
type WaveCounts = { number: number; date: string; counts: { done: number; total: number } };
type SitesPage = { items: { siteId: string }[]; total: number };
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

  it("carries the plan's licence needs, as the Blockers page has them", async () => {
    const { blockers } = await overview();
    const view = await getJson<{ total: number; licences: unknown[] }>('/plan/blockers');
    expect(blockers).toMatchObject({ total: view.total, licences: view.licences });
    expect(blockers!.licences.length).toBeGreaterThan(0);
  });

  it('names the sites whose progress it draws', async () => {
    const { sites } = await overview();
    const named = (sites?.first ?? []).filter((s) => s.siteId !== '');
    expect(named.length).toBeGreaterThan(0);
    const listed = (await (await fetch(`${server.base}/api/sites`)).json()) as { id: string; name: string }[] | { items: { id: string; name: string }[] };
    const all = Array.isArray(listed) ? listed : listed.items;
    for (const s of named) expect(s.name).toBe(all.find((x) => x.id === s.siteId)?.name);
  });

  it("a wave's sites are the sites of its people", async () => {
    const { waves } = await getJson<{ waves: WaveCounts[] }>('/migration-status');
    expect(waves.length).toBeGreaterThan(1);
    for (const wave of waves) {
      const sites = await getJson<SitesPage>(`/migration-status/sites?wave=${wave.number}&limit=1000`);
      const members = await getJson<{ members: { siteId?: string }[]; membersTotal: number }>(`/migration-status?wave=${wave.number}&limit=1000`);
      expect(members.membersTotal).toBe(members.members.length);
      const ofPeople = [...new Set(members.members.map((m) => m.siteId ?? ''))].sort();
      expect(sites.items.map((s) => s.siteId)).toEqual(ofPeople);
    }
  });

  it('draws the sites of the waves still to finish, the earliest wave first', async () => {
    const { waves } = await getJson<{ waves: WaveCounts[] }>('/migration-status');
    const open = waves.filter((w) => w.counts.done < w.counts.total).sort((a, b) => a.date.localeCompare(b.date) || a.number - b.number);
    expect(open.length).toBeGreaterThan(0);
    const expected: string[] = [];
    for (const wave of open) {
      for (const s of (await getJson<SitesPage>(`/migration-status/sites?wave=${wave.number}&limit=1000`)).items) if (!expected.includes(s.siteId)) expected.push(s.siteId);
    }
    const { sites } = await overview();
    expect(sites!.order).toBe('next-waves');
    expect(sites!.first.map((s) => s.siteId)).toEqual(expected.slice(0, 10));
  });

  // Last: it rewrites the stored status.
  it('falls back to the first sites by id for a status stored before sites were keyed by wave', async () => {
    const byId = await getJson<{ items: { siteId: string }[] }>('/migration-status/sites?limit=1000');
    const tenantId = server.config.demo.tenantId;
    // What an earlier version wrote: the same site records, without their wave keys.
    await server.running.services.store.commit(tenantId, 'test', [
      { type: 'replace-collection', collection: 'status.sites', items: byId.items.map((data, i) => ({ id: String(i).padStart(6, '0'), data })) },
    ]);
    expect((await getJson<SitesPage>('/migration-status/sites?wave=1')).items).toEqual([]);
    const { sites } = await overview();
    expect(sites!.order).toBe('id');
    expect(sites!.first.map((s) => s.siteId)).toEqual(byId.items.slice(0, 10).map((s) => s.siteId));
  });
});
