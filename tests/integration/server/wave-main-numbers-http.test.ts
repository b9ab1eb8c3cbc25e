/**
 * The main numbers each wave moves to Teams auto attendants, over real HTTP on the local demo (synced,
 * PBX imported, planned): `GET /api/plan/waves/:n/main-numbers` pages the `status.main-numbers` read
 * model, and what it lists is what the plan moves in that wave, each with where it stands in Teams, as
 * the migration status counts the wave's main numbers, and how its auto attendant will answer (from the
 * site's settings now); a status against a tenant that holds them changes
 * both (written in one commit), with the fix-up for a user holding one; overdue is worked out on the day asked; a status
 * stored before main numbers were tracked shows none (as before); a bad wave is a 4xx.
 */
import { addDays } from '../../../shared/domain/planning/plan-dates';
import type { MainNumber, Plan } from '../../../shared/domain/plan';
import type { FixUp, PilotCounts } from '../../../shared/domain/planning/migration-status';
import {
  loadMigrationStatusHeader,
  MIGRATION_STATUS_DOCUMENT,
  migrationStatusChanges,
  pageWaveMainNumbers,
  STATUS_MAIN_NUMBERS,
} from '../../../shared/services/migration-status-read-model';
import { PLAN_DOCUMENT } from '../../../shared/services/plan-read-model';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import type { WaveMainNumbersPage } from '../../../shared/services/plan-service';
import { startLocalServer, type LocalServer } from '../../support/http';
import { formatBusinessHours, type BusinessHoursRange } from '../../../shared/domain/business-hours';
import { autoAttendantLocale } from '../../../shared/export/auto-attendant-locale';

let local: LocalServer;
let tenantId: string;
let plan: Plan;

beforeAll(async () => {
  local = await startLocalServer('vmp-wave-main-numbers-');
  tenantId = (await local.api<{ tenantId: string }>('/me')).tenantId;
  plan = (await local.running.services.plan.get(tenantId))!.plan;
}, 120_000);

afterAll(() => local?.stop());

const get = <T>(path: string) => local.api<T>(path);
/** How a fix-up names each number type to PowerShell. */
const PS_TYPE = { operatorConnect: 'OperatorConnect', directRouting: 'DirectRouting', callingPlan: 'CallingPlan' } as const;

/** Every main number of a wave, read a few at a time as the panel pages them. */
async function mainNumbersOf(wave: number, limit = 2): Promise<WaveMainNumbersPage['items']> {
  const out: WaveMainNumbersPage['items'] = [];
  for (let offset = 0; ; offset += limit) {
    const page = await get<WaveMainNumbersPage>(`/plan/waves/${wave}/main-numbers?offset=${offset}&limit=${limit}`);
    expect(page).toMatchObject({ waveNumber: wave, offset, limit });
    out.push(...page.items);
    if (offset + limit >= page.total) return out;
  }
}

const statusWaves = async () => (await get<{ waves: { number: number; pilots?: PilotCounts; mainNumbers?: PilotCounts }[] }>('/migration-status?limit=1')).waves;
const byNumber = (a: { number: string }, b: { number: string }) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0);

test('each wave lists the main numbers the plan moves in it, each with where it stands in Teams, as the status counts them', async () => {
  const waves = await statusWaves();
  let seen = 0;
  for (const wave of plan.waves) {
    const listed = await mainNumbersOf(wave.number);
    const planned = [...(wave.mainNumbers ?? [])].sort(byNumber);
    expect(listed.map((m) => [m.number, m.siteId, m.wave])).toEqual(planned.map((m) => [m.number, m.siteId, wave.number]));
    // The demo's Teams inventory holds none of the PBX's main numbers yet; the waves are still to come.
    for (const { answering: _, ...m } of listed) expect(m).toEqual({ number: m.number, siteId: m.siteId, wave: wave.number, state: 'scheduled', detail: 'not in Teams yet' });
    expect(waves.find((w) => w.number === wave.number)!.mainNumbers).toEqual(listed.length ? { total: listed.length, done: 0 } : undefined);
    seen += listed.length;
  }
  // The demo's sites whose people all move answer with an auto attendant: several waves move one.
  expect(seen).toBeGreaterThan(3);
  expect(new Set(plan.waves.filter((w) => w.mainNumbers?.length).map((w) => w.number)).size).toBeGreaterThan(1);
});

test("each says how its auto attendant will answer, from the site's settings now: account, language and time zone, business hours, public holidays", async () => {
  const snapshot = (await loadSnapshot(local.running.services.store, tenantId))!;
  const { settings } = await get<{ settings: { sites: { siteId: string; region?: string; autoAttendantAccount?: string; businessHours?: BusinessHoursRange[] }[] } }>('/settings');
  const listed = (await Promise.all(plan.waves.map((w) => mainNumbersOf(w.number, 20)))).flat();
  for (const m of listed) {
    const attrs = settings.sites.find((a) => a.siteId === m.siteId);
    const site = snapshot.sites.find((x) => x.id === m.siteId)!;
    const locale = autoAttendantLocale(site.countryCode, attrs?.region);
    expect(m.answering).toMatchObject({ languageId: locale.languageId, timeZoneId: locale.timeZoneId });
    expect(m.answering?.account).toBe(attrs?.autoAttendantAccount);
    expect(m.answering?.businessHours).toBe(attrs?.businessHours ? formatBusinessHours(attrs.businessHours) : undefined);
    expect(m.answering?.holidays).toEqual({ calendar: attrs?.region ? `${site.countryCode}-${attrs.region}` : site.countryCode, count: expect.any(Number), to: expect.stringMatching(/^\d{4}-12-31$/) });
    expect(m.answering!.holidays!.count).toBeGreaterThan(5);
  }
  // The example settings give Milan a lunch break and name Seattle's own account.
  expect(listed.find((m) => m.siteId === 'milan')?.answering).toMatchObject({ languageId: 'it-IT', businessHours: 'Mon-Fri 09:00-13:00, Mon-Fri 14:00-18:00', holidays: { calendar: 'IT' } });
  expect(listed.find((m) => m.siteId === 'seattle')?.answering).toMatchObject({ account: 'ra-aa-seattle@contoso.example', timeZoneId: 'Pacific Standard Time', businessHours: 'Mon-Fri 08:00-17:30', holidays: { calendar: 'US-WA' } });
});

test('is overdue on a day after its wave, never in what is stored', async () => {
  const wave = plan.waves.find((w) => w.mainNumbers?.length)!;
  const [first] = [...wave.mainNumbers!].sort(byNumber);
  const { store } = local.running.services;
  const late = await pageWaveMainNumbers(store, tenantId, { number: wave.number, date: wave.date, today: addDays(wave.date, 1) }, { limit: 1 });
  expect(late.items[0]).toMatchObject({ number: first.number, overdue: true, detail: `not in Teams yet: overdue, wave date ${wave.date} has passed` });
  const onTheDay = await pageWaveMainNumbers(store, tenantId, { number: wave.number, date: wave.date, today: wave.date }, { limit: 1 });
  expect(onTheDay.items[0].overdue).toBeUndefined();
  expect(await store.getRecord(tenantId, STATUS_MAIN_NUMBERS, first.number)).not.toHaveProperty('overdue');
});

test('a status against a tenant holding one on an auto attendant and another on a user changes the list, the counts and the fix-ups together', async () => {
  const { store } = local.running.services;
  const all = plan.waves.flatMap((w) => (w.mainNumbers ?? []).map((m) => ({ ...m, wave: w.number })));
  const onAa: MainNumber & { wave: number } = all[0];
  const held = all.find((m) => m.wave !== onAa.wave)!;
  // Someone already moved as planned now holds the second main number as well.
  const done = (await get<{ members: { personId: string; userPrincipalName: string }[] }>('/migration-status?state=done&limit=1')).members[0];
  expect(done).toBeDefined();
  const snapshot = (await loadSnapshot(store, tenantId))!;
  snapshot.numbers = [
    ...snapshot.numbers,
    { telephoneNumber: onAa.number, numberType: onAa.numberType!, assignmentStatus: 'voiceApplicationAssigned', assignmentTargetId: 'ra-main', numberSource: 'online' },
    { telephoneNumber: held.number, numberType: held.numberType!, assignmentStatus: 'userAssigned', assignmentTargetId: done.personId, numberSource: 'online' },
  ];
  const planDoc = (await store.getDocument(tenantId, PLAN_DOCUMENT))!;
  const before = (await loadMigrationStatusHeader(store, tenantId))!;
  await store.commit(tenantId, 'test', migrationStatusChanges(plan, planDoc.version, snapshot));

  const listed = [...(await mainNumbersOf(onAa.wave, 50)), ...(await mainNumbersOf(held.wave, 50))];
  expect(listed.find((m) => m.number === onAa.number)).toMatchObject({ state: 'done', detail: 'on a resource account' });
  expect(listed.find((m) => m.number === held.number)).toEqual({
    number: held.number,
    siteId: held.siteId,
    wave: held.wave,
    state: 'drifted',
    detail: `assigned to ${done.userPrincipalName} instead of the auto attendant's resource account`,
    answering: expect.objectContaining({ languageId: expect.any(String) }),
  });
  const waves = await statusWaves();
  const counted = (n: number) => waves.find((w) => w.number === n)!.mainNumbers;
  expect(counted(onAa.wave)).toEqual({ total: before.waves.find((w) => w.number === onAa.wave)!.mainNumbers!.total, done: 1 });
  expect(counted(held.wave)!.done).toBe(0);
  // The pilots are counted as they were: main numbers are told apart.
  expect(waves.map((w) => w.pilots)).toEqual(before.waves.map((w) => w.pilots));

  const fixUps = (await get<{ items: FixUp[] }>('/migration-status/fixups?limit=1000')).items.filter((f) => f.personId === done.personId);
  const site = (await get<{ items: { id: string; name: string }[] }>('/sites')).items.find((s) => s.id === held.siteId)!;
  expect(fixUps).toEqual([
    {
      personId: done.personId,
      userPrincipalName: done.userPrincipalName,
      problem: `holds ${held.number}, the main number of ${site.name}, which the plan gives to the site's auto attendant in wave ${held.wave}`,
      action: `remove the assignment, then run wave ${held.wave}'s cutover runbook again: it gives the number to the auto attendant's resource account`,
      powershell: [`Remove-CsPhoneNumberAssignment -Identity '${done.userPrincipalName}' -PhoneNumber '${held.number}' -PhoneNumberType '${PS_TYPE[held.numberType!]}'`],
    },
  ]);
});

test('a status stored before main numbers were tracked shows none; a wave that is not a number or not in the plan is refused', async () => {
  const { store } = local.running.services;
  const stored = (await store.getDocument<Awaited<ReturnType<typeof loadMigrationStatusHeader>>>(tenantId, MIGRATION_STATUS_DOCUMENT))!;
  const older = { ...stored.data!, waves: stored.data!.waves.map(({ mainNumbers: _, ...w }) => w) };
  await store.commit(tenantId, 'test', [
    { type: 'put-document', kind: MIGRATION_STATUS_DOCUMENT, data: older, expectedVersion: stored.version },
    { type: 'replace-collection', collection: STATUS_MAIN_NUMBERS, items: [] },
  ]);
  for (const wave of plan.waves) expect(await get<WaveMainNumbersPage>(`/plan/waves/${wave.number}/main-numbers`)).toMatchObject({ total: 0, items: [] });
  expect((await statusWaves()).every((w) => w.mainNumbers === undefined)).toBe(true);

  for (const [path, status] of [
    ['/plan/waves/x/main-numbers', 400],
    ['/plan/waves/-1/main-numbers', 400],
    ['/plan/waves/999/main-numbers', 400],
  ] as const) {
    const res = await fetch(`${local.base}/api${path}`);
    expect({ path, status: res.status }).toEqual({ path, status });
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/wave/i);
  }
});
