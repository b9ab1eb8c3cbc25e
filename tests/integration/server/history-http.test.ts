/**
 * The history over real HTTP against the local server: a page of the audit trail, an entry's settings
 * diff in words with names (not ids), restoring an earlier version (audited as a restore, 409 when
 * the version read is stale), bad input answered 400 naming the parameter, and the cutover time fix.
 */
import { PLAN_HOLIDAYS_DOCUMENT } from '../../../shared/services/plan-holidays';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-history-');
  base = local.base;
});

afterAll(() => local?.stop());

const json = (method: string, path: string, body?: unknown) =>
  fetch(`${base}/api${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

interface Settings {
  operators: { id: string; name: string; pricePerUserPerMonth: number }[];
  scheduling: Record<string, unknown>;
  [k: string]: unknown;
}
async function settingsNow(): Promise<{ version: number; settings: Settings }> {
  return (await fetch(`${base}/api/settings`)).json();
}

describe('history over HTTP', () => {
  it('lists saves newest first with a readable diff, restores an earlier version, audited as a restore', async () => {
    const first = await settingsNow();
    const op = first.settings.operators[0];
    const changed = {
      ...first.settings,
      operators: first.settings.operators.map((o, i) => (i === 0 ? { ...o, pricePerUserPerMonth: o.pricePerUserPerMonth + 1 } : o)),
    };
    const saved = await json('PUT', '/settings', { settings: changed, expectedVersion: first.version });
    expect(saved.status).toBe(200);
    const v2 = (await saved.json()).version;

    const page = await (await json('GET', '/audit?limit=5&kind=planning-settings')).json();
    expect(page.items[0]).toMatchObject({ action: 'settings.save', versions: { before: first.version, after: v2 }, restorable: true, changeCount: 1 });
    // Names, not ids: the operator's name labels the item.
    expect(page.items[0].preview).toEqual([`operators[${op.name}].pricePerUserPerMonth: ${op.pricePerUserPerMonth} -> ${op.pricePerUserPerMonth + 1}`]);

    // The entry that saved the first version holds the settings to put back.
    const older = page.items.find((i: { versions?: { after: number } }) => i.versions?.after === first.version);
    expect(older).toBeDefined();
    const detail = await (await json('GET', `/audit/${older.id}`)).json();
    expect(detail.settings).toEqual(first.settings);

    // A stale version read: 409, nothing saved.
    expect((await json('PUT', '/settings', { settings: detail.settings, expectedVersion: first.version, restoredFromVersion: first.version })).status).toBe(409);
    const restored = await json('PUT', '/settings', { settings: detail.settings, expectedVersion: v2, restoredFromVersion: first.version });
    expect(restored.status).toBe(200);
    expect(await settingsNow()).toMatchObject({ version: v2 + 1, settings: first.settings });
    const after = await (await json('GET', '/audit?limit=1')).json();
    expect(after.items[0]).toMatchObject({ action: 'settings.restore', title: `Planning settings version ${first.version} restored as version ${v2 + 1}` });
    expect(after.hasMore).toBe(true);
    const restoreDetail = await (await json('GET', `/audit/${after.items[0].id}`)).json();
    expect(restoreDetail.changes.map((c: { text: string }) => c.text)).toEqual([
      `operators[${op.name}].pricePerUserPerMonth: ${op.pricePerUserPerMonth + 1} -> ${op.pricePerUserPerMonth}`,
    ]);
  });

  it('names every entry in words; an entry without a settings diff lists what it recorded', async () => {
    const page = await (await json('GET', '/audit?limit=100')).json();
    const items = page.items as { id: number; action: string; kind: string; title: string }[];
    // No entry falls back to its raw action and kind ("sync-full (snapshot)").
    for (const item of items) expect(item.title).not.toBe(`${item.action} (${item.kind})`);
    const detailOf = async (action: string) => {
      const item = items.find((i) => i.action === action);
      expect(item).toBeDefined();
      return (await json('GET', `/audit/${item!.id}`)).json();
    };
    const en = (n: number) => n.toLocaleString('en-US');

    const { counts } = await (await json('GET', '/status')).json();
    const sync = await detailOf('sync-full');
    expect(sync.title).toBe(`Tenant synced (every user read): ${en(counts.users)} users, ${en(counts.sites)} sites`);
    expect(sync.facts).toEqual(expect.arrayContaining([`Users: ${en(counts.users)}`, `Sites: ${en(counts.sites)}`, `Teams numbers: ${en(counts.numbers)}`]));

    const waves = (await (await json('GET', '/plan/waves')).json()).waves.length as number;
    const plan = await detailOf('plan.build');
    expect(plan.title).toMatch(new RegExp(`^Rollout plan built: ${waves} waves from settings version \\d+$`));
    expect(plan.facts).toContain(`Waves: ${waves}`);

    const imported = await detailOf('import-pbx');
    expect(imported.title).toMatch(/^PBX inventory imported: [\d,]+ lines, [\d,]+ number blocks$/);
    expect(imported.facts[0]).toMatch(/^Files: .+\.csv \(lines\)/);
  });

  it('pages by offset without overlap', async () => {
    const a = await (await json('GET', '/audit?limit=2&offset=0')).json();
    const b = await (await json('GET', '/audit?limit=2&offset=2')).json();
    const ids = [...a.items, ...b.items].map((i: { id: number }) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
  });

  it('bad input is a 400 naming the parameter; an unknown entry is a 404', async () => {
    for (const [path, field] of [
      ['/audit?limit=0', '$.limit'],
      ['/audit?limit=abc', '$.limit'],
      ['/audit?offset=-1', '$.offset'],
      // An integer to JavaScript, not to a store: a 400, not the store's datatype error as a 500.
      ['/audit?offset=9999999999999999999999', '$.offset'],
      ['/audit?kind=a%20b', '$.kind'],
      ['/audit/abc', '$.id'],
    ] as const) {
      const res = await json('GET', path);
      expect(res.status).toBe(400);
      expect((await res.json()).error.issues[0].path).toBe(field);
    }
    expect((await json('GET', '/audit/999999')).status).toBe(404);
    const { version, settings } = await settingsNow();
    const bad = await json('PUT', '/settings', { settings, expectedVersion: version, restoredFromVersion: 'yesterday' });
    expect(bad.status).toBe(400);
  });

  it('a cutover time of 25:99 is refused by JSON path; a pinned site is saved through the scheduling section', async () => {
    const { version, settings } = await settingsNow();
    const scheduling = settings.scheduling;
    const refused = await json('PATCH', '/settings', {
      changes: [{ target: { kind: 'section', section: 'scheduling' }, expected: scheduling, value: { ...scheduling, cutoverTime: '25:99' } }],
    });
    expect(refused.status).toBe(400);
    const body = await refused.json();
    expect(JSON.stringify(body.error)).toMatch(/scheduling.*cutoverTime/);
    expect((await settingsNow()).version).toBe(version);
    const pin = (siteId: string) =>
      json('PATCH', '/settings', {
        changes: [{ target: { kind: 'section', section: 'scheduling' }, expected: scheduling, value: { ...scheduling, cutoverTime: '22:30', pins: [{ siteId, wave: 2 }] } }],
      });
    const unknown = await pin('atlantis');
    expect(unknown.status).toBe(400);
    expect(JSON.stringify((await unknown.json()).error)).toMatch(/scheduling.*pins.*0.*siteId/);
    const site = (await (await json('GET', '/people?limit=1&facets=sites')).json()).sites[0].id as string;
    const pinned = await pin(site);
    expect(pinned.status).toBe(200);
    expect((await settingsNow()).settings.scheduling).toMatchObject({ cutoverTime: '22:30', pins: [{ siteId: site, wave: 2 }] });
  });

  it('the plan\'s public holidays: on cutover weekdays between the first and the last wave, at the plan\'s sites', async () => {
    const res = await json('GET', '/plan/holidays');
    expect(res.status).toBe(200);
    const body = await res.json();
    const waves = (await (await json('GET', '/plan/waves')).json()).waves as { date: string }[];
    expect(body.from).toBe(waves[0].date);
    expect(body.to).toBe(waves[waves.length - 1].date);
    const weekdays: number[] = (await settingsNow()).settings.scheduling.cutoverWeekdays as number[];
    for (const h of body.holidays) {
      expect(h.date >= body.from && h.date <= body.to).toBe(true);
      const iso = ((new Date(`${h.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
      expect(weekdays).toContain(iso);
      expect(h.places.length).toBeGreaterThan(0);
    }
    // Stored by the plan build for its waves; a plan stored without them gets the same answer worked out per request.
    const tenantId = local.config.demo.tenantId;
    const stored = await local.running.services.store.getDocument<{ builtAt: string }>(tenantId, PLAN_HOLIDAYS_DOCUMENT);
    expect(stored?.data.builtAt).toBe((await (await json('GET', '/plan/waves')).json()).builtAt);
    await local.running.services.store.commit(tenantId, 'test', [{ type: 'delete-document', kind: PLAN_HOLIDAYS_DOCUMENT }]);
    expect(await (await json('GET', '/plan/holidays')).json()).toEqual(body);
  });
});
