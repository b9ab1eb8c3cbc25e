/**
 * The common-area phones each wave moves to Teams, over real HTTP on the local demo (synced, PBX
 * imported, planned): `GET /api/plan/waves/:n/common-area-phones` pages the `status.common-area-phones`
 * read model, and what it lists is what the plan moves in that wave, each with its account and where it
 * stands in Teams, as the migration status counts the wave's phones; a status against a tenant where the
 * runbook has run changes both; overdue is worked out on the day asked; a bad wave is a 4xx.
 */
import { addDays } from '../../../shared/domain/planning/plan-dates';
import type { Plan } from '../../../shared/domain/plan';
import type { PilotCounts } from '../../../shared/domain/planning/migration-status';
import { migrationStatusChanges, pageWaveCommonAreaPhones, STATUS_COMMON_AREA_PHONES } from '../../../shared/services/migration-status-read-model';
import { PLAN_DOCUMENT } from '../../../shared/services/plan-read-model';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import type { WaveCommonAreaPhonesPage } from '../../../shared/services/plan-service';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let tenantId: string;
let plan: Plan;

beforeAll(async () => {
  local = await startLocalServer('vmp-wave-common-area-phones-');
  tenantId = (await local.api<{ tenantId: string }>('/me')).tenantId;
  plan = (await local.running.services.plan.get(tenantId))!.plan;
}, 120_000);

afterAll(() => local?.stop());

const get = <T>(path: string) => local.api<T>(path);

/** Every phone of a wave, read a few at a time as the panel pages them. */
async function phonesOf(wave: number, limit = 2): Promise<WaveCommonAreaPhonesPage['items']> {
  const out: WaveCommonAreaPhonesPage['items'] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await get<WaveCommonAreaPhonesPage>(`/plan/waves/${wave}/common-area-phones?offset=${offset}&limit=${limit}`);
    expect(page).toMatchObject({ waveNumber: wave, offset, limit });
    out.push(...page.items);
    if (offset + limit >= page.total) return out;
  }
}

const statusWaves = async () => (await get<{ waves: { number: number; commonAreaPhones?: PilotCounts }[] }>('/migration-status?limit=1')).waves;

test('each wave lists the common-area phones the plan moves in it, with their accounts, as the status counts them', async () => {
  const waves = await statusWaves();
  let seen = 0;
  for (const wave of plan.waves) {
    const listed = await phonesOf(wave.number);
    const planned = wave.commonAreaPhones ?? [];
    expect(listed.map((p) => [p.lineId, p.siteId, p.name, p.account, p.number])).toEqual(planned.map((p) => [p.lineId, p.siteId, p.displayName, p.account, p.number]));
    // Nothing of the runbook has run in the demo tenant yet.
    for (const p of listed) expect(p.state).toBe('scheduled');
    expect(waves.find((w) => w.number === wave.number)!.commonAreaPhones).toEqual(listed.length ? { total: listed.length, done: 0 } : undefined);
    seen += listed.length;
  }
  // The demo's lobby and kitchen phones at the sites whose people all move.
  expect(seen).toBeGreaterThan(3);
  expect(plan.waves.flatMap((w) => w.commonAreaPhones ?? []).every((p) => /^cap-[a-z0-9-]+@contoso\.example$/.test(p.account!))).toBe(true);
});

test('a status once the runbook has run counts a phone whose number is on its account done, and is overdue only on the day asked', async () => {
  const { store } = local.running.services;
  const wave = plan.waves.find((w) => w.commonAreaPhones?.some((p) => p.number))!;
  const phone = wave.commonAreaPhones!.find((p) => p.number)!;
  const late = await pageWaveCommonAreaPhones(store, tenantId, { number: wave.number, date: wave.date, today: addDays(wave.date, 1) }, { limit: 50 });
  expect(late.items.find((p) => p.lineId === phone.lineId)).toMatchObject({ overdue: true, detail: `not in Teams yet: overdue, wave date ${wave.date} has passed` });
  expect(await store.getRecord(tenantId, STATUS_COMMON_AREA_PHONES, phone.lineId)).not.toHaveProperty('overdue');

  const snapshot = (await loadSnapshot(store, tenantId))!;
  const account = { ...snapshot.people[0], id: 'cap-account', userPrincipalName: phone.account!, displayName: phone.displayName };
  snapshot.people = [...snapshot.people, account];
  snapshot.numbers = [...snapshot.numbers.filter((n) => n.telephoneNumber !== phone.number), { telephoneNumber: phone.number!, numberType: phone.numberType!, assignmentStatus: 'userAssigned', assignmentTargetId: account.id, numberSource: 'online' }];
  const planDoc = (await store.getDocument(tenantId, PLAN_DOCUMENT))!;
  await store.commit(tenantId, 'test', migrationStatusChanges(plan, planDoc.version, snapshot));
  expect((await phonesOf(wave.number, 50)).find((p) => p.lineId === phone.lineId)).toMatchObject({ state: 'done', detail: "on the phone's account" });
  expect((await statusWaves()).find((w) => w.number === wave.number)!.commonAreaPhones!.done).toBeGreaterThanOrEqual(1);
});

test('a wave that is not a number or not in the plan is refused', async () => {
  for (const [path, status] of [
    ['/plan/waves/x/common-area-phones', 400],
    ['/plan/waves/999/common-area-phones', 400],
  ] as const) {
    const res = await fetch(`${local.base}/api${path}`);
    expect({ path, status: res.status }).toEqual({ path, status });
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/wave/i);
  }
});
