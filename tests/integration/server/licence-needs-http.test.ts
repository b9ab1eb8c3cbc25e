/**
 * Licences to buy, over real HTTP on the local demo (synced through the real Graph client from the demo
 * Graph server, PBX imported, planned): the sync keeps each voice subscription's seats as the tenant's
 * `/subscribedSkus` gives them, and `GET /api/plan/blockers` sets the blocked people's licence gates (of
 * the plan, or of a wave's sites) against the seats free. The demo turns Teams Phone off in the E5 of
 * every fifth user without it: those need no seat, and one script turns it on for all of them.
 */
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { voiceSkuSeats } from '../../../shared/domain/licence-mapping';
import { freeSeats, type LicenceNeed } from '../../../shared/domain/decisions/licence-seats';
import { loadSnapshotHeader } from '../../../shared/services/snapshot-repository';
import { PLAN_DOCUMENT, type PlanHeader } from '../../../shared/services/plan-read-model';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-licence-needs-');
}, 120_000);

afterAll(() => local?.stop());

const get = <T>(path: string) => local.api<T>(path);

type Blockers = { total: number; byCode: { code: string; count: number }[]; licences: LicenceNeed[] };

test("the sync keeps the tenant's voice seats; the blockers set each licence gate against the seats free", async () => {
  const { tenantId } = await get<{ tenantId: string }>('/me');
  const header = (await loadSnapshotHeader(local.running.services.store, tenantId))!;
  const demo = generateDemoTenant({ users: local.config.demo.users, seed: local.config.demo.seed, tenantId });
  expect(header.licenceSeats).toEqual(voiceSkuSeats(demo.subscribedSkus));

  const all = await get<Blockers>('/plan/blockers');
  const countOf = (v: Blockers, code: string) => v.byCode.find((c) => c.code === code)?.count ?? 0;
  const teamsPhone = all.licences.find((l) => l.kind === 'teamsPhone')!;
  expect(teamsPhone.needed).toBe(countOf(all, 'no-teams-phone-licence'));
  expect(teamsPhone.turnedOff).toBe(countOf(all, 'teams-phone-turned-off'));
  expect(teamsPhone.needed).toBeGreaterThan(0);
  expect(teamsPhone.turnedOff).toBeGreaterThan(0);
  const withTeamsPhone = header.licenceSeats!.filter((s) => s.kinds.includes('teamsPhone'));
  expect(teamsPhone.free).toBe(withTeamsPhone.reduce((sum, s) => sum + freeSeats(s), 0));
  expect(teamsPhone.toBuy).toBe(Math.max(0, teamsPhone.needed - teamsPhone.free!));
  // The subscription in its grace period says so.
  expect(teamsPhone.skus.find((s) => s.skuPartNumber === 'MCOEV')?.inGrace).toBe(true);

  // The people lacking both Teams Phone and Calling Plan are counted once in the plan's read model, for
  // the seats of a subscription that includes both (one serves both needs).
  const onCallingPlan = await get<{ total: number; items: { gates: { code: string }[] }[] }>('/plan/blocked?gate=cp-without-licence&limit=1000');
  expect(onCallingPlan.items).toHaveLength(onCallingPlan.total);
  const lackingBoth = onCallingPlan.items.filter((p) => p.gates.some((g) => g.code === 'no-teams-phone-licence')).length;
  const plan = (await local.running.services.store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT))!.data;
  expect(plan.blockers.all.teamsPhoneAndCallingPlan ?? 0).toBe(lackingBoth);
  expect(lackingBoth).toBeGreaterThan(0);

  // A wave's: the people at its sites, as its blocker counts.
  const { waves } = await get<{ waves: { number: number }[] }>('/plan/waves');
  for (const wave of waves) {
    const view = await get<Blockers>(`/plan/blockers?wave=${wave.number}`);
    const need = view.licences.find((l) => l.kind === 'teamsPhone');
    expect(need?.needed ?? 0).toBe(countOf(view, 'no-teams-phone-licence'));
    if (need) expect(need.free).toBe(teamsPhone.free);
  }
});

test('the people with Teams Phone turned off get one script that turns it on, each named once', async () => {
  const people = await get<{ total: number; items: { userPrincipalName: string }[] }>('/plan/blocked?gate=teams-phone-turned-off&limit=1000');
  expect(people.total).toBeGreaterThan(0);
  const res = await fetch(`${local.base}/api/plan/blocked/teams-phone-on.ps1`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="turn-teams-phone-on.ps1"');
  const named = (await res.text()).split('\r\n').filter((l) => /^ {4}'.+'$/.test(l));
  expect(named.sort()).toEqual(people.items.map((p) => `    '${p.userPrincipalName.replace(/'/g, "''")}'`).sort());
});

test("each blocked person at a wave's site counts once, under the first wave there: what tells before which wave to buy", async () => {
  const { tenantId } = await get<{ tenantId: string }>('/me');
  const header = (await local.running.services.store.getDocument<PlanHeader>(tenantId, PLAN_DOCUMENT))!.data;
  const blocked = await get<{ total: number; items: { siteId?: string; waves: number[] }[] }>('/plan/blocked?limit=1000');
  expect(blocked.total).toBeLessThanOrEqual(1000);
  const firstWaves = new Map<number, number>();
  for (const b of blocked.items) if (b.waves.length) firstWaves.set(Math.min(...b.waves), (firstWaves.get(Math.min(...b.waves)) ?? 0) + 1);
  expect(Object.fromEntries(Object.entries(header.blockers.byFirstWave!).map(([n, c]) => [n, c.total]))).toEqual(Object.fromEntries([...firstWaves].map(([n, c]) => [String(n), c])));
});
