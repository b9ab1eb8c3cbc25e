/**
 * The PBX groups each wave moves, over real HTTP on the local demo (synced, PBX imported, planned):
 * `GET /api/plan/waves/:n/groups` pages the `plan.groups` read model, and what it lists is what the
 * wave's members carry (every group with its members counted, none left out); the wave rows count them;
 * each moving pilot number says where it stands in Teams, as the migration status counts the wave's pilots;
 * a queue's resource account, as the settings name it, is edited as one item; a plan stored before the
 * groups were kept says so instead of listing none; a bad wave is a 4xx.
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

test('a group that becomes a call queue says what its queue takes from how the PBX hunted, as the export read it', async () => {
  type Row = WaveGroup & { hunting?: { method?: string; inHuntOrder?: boolean; ringSeconds?: number; noAnswer?: { kind: string } } };
  const { waves } = await get<{ waves: { number: number }[] }>('/plan/waves');
  const rows: Row[] = [];
  for (const wave of waves) rows.push(...(await pages<Row>(`/plan/waves/${wave.number}/groups`, 'items', 50)));
  const queues = rows.filter((g) => g.kind === 'hunt-group' || g.kind === 'call-centre');
  const hunted = queues.filter((g) => g.hunting);
  expect(hunted.length).toBeGreaterThan(5);
  // The demo PBX export gives every hunt group CUCM's distribution algorithm, line selection order and RNA
  // reversion timeout, and most a Forward Hunt No Answer destination.
  for (const g of hunted.filter((h) => h.kind === 'hunt-group')) {
    expect(g.hunting).toMatchObject({ method: expect.stringMatching(/^(simultaneous|top-down|longest-idle)$/), inHuntOrder: true, ringSeconds: expect.any(Number) });
  }
  expect(hunted.filter((g) => g.hunting!.noAnswer).length).toBeGreaterThan(3);
  expect(new Set(hunted.map((g) => g.hunting!.method))).toEqual(new Set(['simultaneous', 'top-down', 'longest-idle']));
  // Other groups carry nothing of the kind.
  expect(rows.filter((g) => g.kind !== 'hunt-group' && g.kind !== 'call-centre' && 'hunting' in g)).toEqual([]);
});

test("a queue's resource account is one settings item: the groups page shows it for both queue kinds of one name, a stale or invalid change saves nothing", async () => {
  type Row = WaveGroup & { queueAccount?: { groupId: string; account: string } };
  const { waves } = await get<{ waves: { number: number }[] }>('/plan/waves');
  const rows: Row[] = [];
  for (const wave of waves) rows.push(...(await pages<Row>(`/plan/waves/${wave.number}/groups`, 'items', 50)));
  // The example settings name the Amsterdam and Seattle service desks' accounts; other groups have none.
  const { settings } = await get<{ settings: { callQueueAccounts: { groupId: string; account: string }[] } }>('/settings');
  for (const g of rows) {
    const entry = settings.callQueueAccounts.find((q) => q.groupId === g.id);
    expect({ id: g.id, account: g.queueAccount }).toEqual({ id: g.id, account: entry });
  }
  // A hunt group and a call-centre team of one name (a contact centre's queue): one queue, one entry.
  const team = rows.find((g) => g.kind === 'call-centre' && rows.some((h) => h.kind === 'hunt-group' && h.name === g.name))!;
  expect(team).toBeDefined();
  const siteId = team.siteIds[0];
  const account = `ra-cq-${siteId}@contoso.example`;
  const patch = (changes: unknown) => fetch(`${local.base}/api/settings`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ changes }) });
  const target = { kind: 'call-queue-account', groupId: team.id };
  const before = await get<{ version: number }>('/settings');
  // A person's account is refused at the field, and nothing is saved.
  const person = (await get<{ items: { userPrincipalName: string; kind: string }[] }>(`/people?siteId=${siteId}&limit=5`)).items.find((p) => p.kind === 'user')!;
  const refused = await patch([{ target, expected: null, value: { groupId: team.id, account: person.userPrincipalName } }]);
  expect(refused.status).toBe(400);
  const issues = ((await refused.json()) as { error: { issues: { path: string; code: string; severity: string }[] } }).error.issues.filter((i) => i.severity === 'error');
  expect(issues.map((i) => [i.path, i.code])).toEqual([[`$.callQueueAccounts[${settings.callQueueAccounts.length}].account`, 'not-a-resource-account']]);
  expect((await get<{ version: number }>('/settings')).version).toBe(before.version);

  expect((await patch([{ target, expected: null, value: { groupId: team.id, account } }])).status).toBe(200);
  const entry = { groupId: team.id, account };
  const shown = async (id: string) => {
    const g = rows.find((r) => r.id === id)!;
    return (await pages<Row>(`/plan/waves/${g.wave}/groups`, 'items', 50)).find((r) => r.id === id)!.queueAccount;
  };
  expect(await shown(team.id)).toEqual(entry);
  expect(await shown(`hunt-group:${team.name}`)).toEqual(entry);
  // The hunt group of that name is the same queue: naming it a second account is refused.
  const twin = await patch([{ target: { kind: 'call-queue-account', groupId: `hunt-group:${team.name}` }, expected: null, value: { groupId: `hunt-group:${team.name}`, account: settings.callQueueAccounts[0].account.replace('ra-cq-', 'ra-aa-') } }]);
  expect(twin.status).toBe(400);
  // A change from a read before the save: 409 with what is stored now.
  const stale = await patch([{ target, expected: null, value: null }]);
  expect(stale.status).toBe(409);
  expect(((await stale.json()) as { error: { conflicts: unknown[] } }).error.conflicts).toEqual([{ target, current: entry, expected: null, submitted: null }]);
  // Removed: the runbook creates the queue's account again.
  expect((await patch([{ target, expected: entry, value: null }])).status).toBe(200);
  expect(await shown(team.id)).toBeUndefined();
  expect((await get<{ settings: { callQueueAccounts: unknown[] } }>('/settings')).settings.callQueueAccounts).toEqual(settings.callQueueAccounts);
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
