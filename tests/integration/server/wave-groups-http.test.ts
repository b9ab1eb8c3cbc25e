/**
 * The PBX groups each wave moves, over real HTTP on the local demo (synced, PBX imported, planned):
 * `GET /api/plan/waves/:n/groups` pages the `plan.groups` read model, and what it lists is what the
 * wave's members carry (every group with its members counted, none left out); the wave rows count them;
 * each moving pilot number says where it stands in Teams, as the migration status counts the wave's pilots;
 * a plan stored before the groups were kept says so instead of listing none; a bad wave is a 4xx.
 */
import { PLAN_DOCUMENT, type PlanHeader } from '../../../shared/services/plan-read-model';
import type { WaveGroup } from '../../../shared/domain/planning/plan-groups';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-wave-groups-');
}, 120_000);

afterAll(() => local?.stop());

const get = <T>(path: string) => local.api<T>(path);

async function pages<T>(path: string, field: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await get<Record<string, unknown>>(`${path}?offset=${offset}&limit=${limit}`);
    out.push(...(page[field] as T[]));
    if (offset + limit >= (page.total as number)) return out;
  }
}

test('each wave lists the groups its members carry, each counted, hunt groups first', async () => {
  const { waves } = await get<{ waves: { number: number; groups?: number }[] }>('/plan/waves');
  expect(waves.length).toBeGreaterThan(1);
  let seen = 0;
  for (const wave of waves) {
    const groups = await pages<WaveGroup>(`/plan/waves/${wave.number}/groups`, 'items', 7);
    const members = await pages<{ userPrincipalName: string; groupIds: string[] }>(`/plan/waves/${wave.number}/members`, 'items', 500);
    const expected = new Map<string, string[]>();
    for (const m of members) for (const id of m.groupIds) expected.set(id, [...(expected.get(id) ?? []), m.userPrincipalName]);
    expect(wave.groups).toBe(groups.length);
    expect(new Set(groups.map((g) => g.id))).toEqual(new Set(expected.keys()));
    for (const g of groups) {
      expect(g.wave).toBe(wave.number);
      expect(g.members).toBe(expected.get(g.id)!.length);
      expect(g.upns).toEqual([...expected.get(g.id)!].sort().slice(0, 50));
    }
    const kinds = groups.map((g) => g.kind);
    const firstOther = kinds.findIndex((k) => k !== 'hunt-group' && k !== 'call-centre');
    if (firstOther >= 0) expect(kinds.slice(firstOther)).not.toContain('hunt-group');
    seen += groups.length;
  }
  // The demo's PBX has hunt groups, pickup groups and boss-delegate pairs: the plan moves them.
  expect(seen).toBeGreaterThan(10);
});

test("each moving pilot number is listed with where it stands in Teams, as the status counts each wave's pilots", async () => {
  const { waves } = await get<{ waves: { number: number }[] }>('/plan/waves');
  const status = await get<{ waves: { number: number; pilots?: { total: number; done: number } }[] }>('/migration-status?limit=1');
  let pilots = 0;
  for (const wave of waves) {
    const groups = await pages<WaveGroup & { pilots?: { number: string; state: string; detail: string }[] }>(`/plan/waves/${wave.number}/groups`, 'items', 50);
    const moving = groups.filter((g) => g.pilotNumbers?.length);
    for (const g of moving) expect(g.pilots!.map((p) => p.number)).toEqual(g.pilotNumbers);
    const states = moving.flatMap((g) => g.pilots!);
    const counted = status.waves.find((w) => w.number === wave.number)!.pilots;
    expect(counted).toEqual(states.length ? { total: states.length, done: states.filter((p) => p.state === 'done').length } : undefined);
    // The demo's Teams inventory holds none of the PBX's pilot numbers yet.
    for (const p of states) expect(p).toEqual({ number: p.number, state: 'scheduled', detail: 'not in Teams yet' });
    pilots += states.length;
  }
  // The demo's department hunt groups have pilot lines; the plan moves most of them.
  expect(pilots).toBeGreaterThan(5);
});

test('a plan stored before its groups were kept says so; a wave that is not a number or not in the plan is refused', async () => {
  const { store } = local.running.services;
  const tenantId = (await get<{ tenantId: string }>('/me')).tenantId;
  const stored = (await store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT))!;
  const older: PlanHeader = { ...stored.data, waves: stored.data.waves.map(({ groups: _, ...w }) => w) };
  await store.commit(tenantId, 'test', [{ type: 'put-document', kind: PLAN_DOCUMENT, data: older, expectedVersion: stored.version }]);
  const page = await get<{ stored: boolean; total: number; items: unknown[] }>(`/plan/waves/${older.waves[0].number}/groups`);
  expect(page).toMatchObject({ stored: false, total: 0, items: [] });

  for (const [path, status] of [
    ['/plan/waves/x/groups', 400],
    ['/plan/waves/-1/groups', 400],
    ['/plan/waves/999/groups', 400],
  ] as const) {
    const res = await fetch(`${local.base}/api${path}`);
    expect({ path, status: res.status }).toEqual({ path, status });
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/wave/i);
  }
});
