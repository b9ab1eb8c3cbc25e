/**
 * The person and site panels' routes and the People grid's server side, over real HTTP against the
 * local-mode server (demo tenant, its PBX import, the example settings and plan): a person by UPN or
 * object id with their gates, PBX lines, numbers and wave; a site with only the operators and SBCs that
 * serve its country; search that never matches the e-mail domain; sorting both ways; the grid's view
 * as a workbook read back with exceljs; an override seen in the panel after the view follows.
 */
import ExcelJS from 'exceljs';
import { startLocalServer, type LocalServer } from '../../support/http';
import { until } from '../../support/until';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-person-site-');
  base = local.base;
  // Wait for the first decisions view (the People grid's rows).
  await (await fetch(`${base}/api/decisions`)).json();
});

afterAll(() => local?.stop());

const get = async (path: string) => {
  const res = await fetch(`${base}/api${path}`);
  return { status: res.status, body: await res.json() };
};

interface Row {
  id: string;
  displayName: string;
  userPrincipalName: string;
  siteId?: string;
  siteName?: string;
  path?: string;
  blockers: string[];
  extensions?: string[];
  lineIds?: string[];
  phone?: string;
}

async function people(query: string): Promise<{ total: number; items: Row[] }> {
  const { status, body } = await get(`/people?${query}`);
  expect(status).toBe(200);
  return body;
}

describe('GET /api/people/:id', () => {
  it('gathers one person by UPN: licences, site, path and why, PBX line, numbers, wave', async () => {
    const all = await people('limit=500');
    const withLine = all.items.find((r) => r.lineIds?.length && r.siteId && r.path);
    expect(withLine).toBeDefined();
    const { status, body } = await get(`/people/${encodeURIComponent(withLine!.userPrincipalName)}`);
    expect(status).toBe(200);
    expect(body.person.id).toBe(withLine!.id);
    expect(body.person.teamsPhone).toBeDefined();
    expect(body.site.id).toBe(withLine!.siteId);
    expect(body.effectivePath.path).toBe(withLine!.path);
    expect(body.effectivePath.why.length).toBeGreaterThan(0);
    expect(body.pbxLines.map((l: { id: string }) => l.id)).toEqual(withLine!.lineIds);
    expect(body.numbers.some((n: { sources: string[] }) => n.sources.includes('pbx'))).toBe(true);
    const overrides = (await get('/settings')).body.settings.decisions.users as { user: string }[];
    const stored = overrides.find((u) => [withLine!.id, withLine!.userPrincipalName].some((k) => k.toLowerCase() === u.user.toLowerCase()));
    expect(body.override).toEqual(stored ?? null);
    // By object id: the same person.
    const byId = await get(`/people/${withLine!.id}`);
    expect(byId.body.person.userPrincipalName).toBe(withLine!.userPrincipalName);
  });

  it('finds the wave of a planned person and the gates (with fixes) of a blocked one', async () => {
    const members = await get('/plan/waves/1/members?limit=1');
    if (members.status === 200 && members.body.items.length) {
      const m = members.body.items[0];
      const { body } = await get(`/people/${encodeURIComponent(m.userPrincipalName)}`);
      expect(body.wave).toMatchObject({ number: 1, date: members.body.date });
      expect(body.status?.personId).toBe(m.personId);
    }
    const blocked = await people('blocked=true&limit=1');
    expect(blocked.total).toBeGreaterThan(0);
    const { body } = await get(`/people/${blocked.items[0].id}`);
    expect(body.gates.length).toBeGreaterThan(0);
    for (const g of body.gates) expect(g.fix).toEqual(expect.any(String));
  });

  it('answers 404 naming the person for someone not in the tenant', async () => {
    const { status, body } = await get('/people/nobody%40nowhere.example');
    expect(status).toBe(404);
    expect(body.error.message).toContain('nobody@nowhere.example');
  });
});

describe('the People grid on the server', () => {
  it('search matches names, the UPN local part, phone digits and extensions, never the domain', async () => {
    const first = (await people('limit=1')).items[0];
    const domain = first.userPrincipalName.split('@')[1];
    expect((await people(`q=${encodeURIComponent(domain)}`)).total).toBe(0);
    expect((await people(`q=${encodeURIComponent(domain.slice(0, 3))}`)).total).toBeLessThan((await people('limit=1')).total);
    const local = first.userPrincipalName.split('@')[0];
    expect((await people(`q=${encodeURIComponent(local)}`)).items.map((r) => r.id)).toContain(first.id);
    const withPhone = (await people('limit=500')).items.find((r) => r.phone?.startsWith('+'))!;
    const digits = withPhone.phone!.replace(/\D/g, '');
    // Written with punctuation, as people type numbers.
    const typed = `(${digits.slice(-10, -7)}) ${digits.slice(-7, -4)}-${digits.slice(-4)}`;
    expect((await people(`q=${encodeURIComponent(typed)}`)).items.map((r) => r.id)).toContain(withPhone.id);
    const withExt = (await people('limit=500')).items.find((r) => r.extensions?.length)!;
    expect((await people(`q=${withExt.extensions![0]}`)).items.map((r) => r.id)).toContain(withExt.id);
  });

  it('sorts by site and readiness both ways, with filters, a page at a time', async () => {
    const bySite = await people('sort=site&limit=500');
    const names = bySite.items.map((r) => r.siteName ?? '\uffff');
    expect(names).toEqual([...names].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0)));
    const total = bySite.total;
    const desc = await people(`sort=site&dir=desc&limit=10`);
    const lastAsc = await people(`sort=site&offset=${total - 10}&limit=10`);
    expect(desc.items.map((r) => r.id)).toEqual(lastAsc.items.map((r) => r.id).reverse());
    const readiness = await people('sort=readiness&dir=desc&limit=20');
    expect(readiness.items[0].blockers.length).toBeGreaterThanOrEqual(readiness.items[19].blockers.length);
    const filtered = await people(`sort=readiness&siteId=${bySite.items[0].siteId}&limit=500`);
    expect(filtered.items.every((r) => r.siteId === bySite.items[0].siteId)).toBe(true);
    const counts = filtered.items.map((r) => r.blockers.length);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect((await get('/people?sort=path')).status).toBe(400);
  });

  it('refuses a sort it does not know with a 400 naming the field', async () => {
    const { status, body } = await get('/people?sort=shoe-size');
    expect(status).toBe(400);
    expect(body.error.message).toMatch(/^sort must be/);
  });

  it('exports the current view (filter, search, order) as a workbook', async () => {
    const view = await people('blocked=true&sort=site&dir=desc&limit=500');
    const res = await fetch(`${base}/api/people/export.xlsx?blocked=true&sort=site&dir=desc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="people-.*\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('People')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Name');
    expect(sheet.rowCount - 1).toBe(view.total);
    const upns: string[] = [];
    sheet.eachRow((row, n) => n > 1 && upns.push(String(row.getCell(2).value)));
    expect(upns.slice(0, view.items.length)).toEqual(view.items.map((r) => r.userPrincipalName));
    // Text from the directory stays text: no cell is a formula, whatever a display name starts with.
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined()));
  });
});

describe('GET /api/sites/:id', () => {
  it('offers only the operators and SBCs that serve the site, with costs, reasons and waves', async () => {
    const decisions = await (await fetch(`${base}/api/decisions`)).json();
    const settings = (await (await fetch(`${base}/api/settings`)).json()).settings;
    for (const rec of decisions.recommendations.slice(0, 6) as { siteId: string; countryCode?: string }[]) {
      const { status, body } = await get(`/sites/${encodeURIComponent(rec.siteId)}`);
      expect(status).toBe(200);
      expect(body.site.id).toBe(rec.siteId);
      expect(body.recommendation.reasons.length).toBeGreaterThan(0);
      expect(body.cost.options.length).toBeGreaterThan(0);
      for (const o of body.operators) {
        expect(settings.operators.find((x: { id: string }) => x.id === o.id).countries).toContain(rec.countryCode);
        expect(o.name).not.toBe(o.id);
      }
      for (const s of body.sbcs) {
        const sbc = settings.sbcs.find((x: { id: string }) => x.id === s.id);
        expect(sbc.countries.includes(rec.countryCode) || sbc.siteIds.includes(rec.siteId)).toBe(true);
      }
    }
    // Blocks with the plan's split: counts per wave, read from the coexistence read model.
    let split: { moves: { waveNumber: number; numbers: number }[] } | undefined;
    for (const rec of decisions.recommendations as { siteId: string }[]) {
      split = (await get(`/sites/${encodeURIComponent(rec.siteId)}`)).body.blocks.find((b: { split?: unknown }) => b.split)?.split;
      if (split) break;
    }
    expect(split!.moves.length).toBeGreaterThan(0);
    expect(split!.moves[0].numbers).toBeGreaterThan(0);
    const planned = await get('/plan/waves');
    const wave = planned.body.waves.find((w: { siteIds: string[] }) => w.siteIds.length);
    const site = await get(`/sites/${encodeURIComponent(wave.siteIds[0])}`);
    expect(site.body.waves.map((w: { number: number }) => w.number)).toContain(wave.number);
    // Each wave counts the site's people in it and those moved, as the Progress list of that site and wave has them.
    for (const w of site.body.waves as { number: number; people: number; moved: number }[]) {
      const inWave = (await get(`/migration-status?wave=${w.number}&site=${encodeURIComponent(wave.siteIds[0])}&limit=1000`)).body.members as { state: string }[];
      expect([w.number, w.people, w.moved]).toEqual([w.number, inWave.length, inWave.filter((m) => m.state === 'done').length]);
    }
  });

  it('exports the Sites grid rows it is sent, in that order; refuses a body without site ids', async () => {
    const decisions = await (await fetch(`${base}/api/decisions`)).json();
    const ids = (decisions.recommendations as { siteId: string }[]).map((r) => r.siteId).reverse().slice(0, 3);
    const res = await fetch(`${base}/api/sites/export.xlsx`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ siteIds: ids }) });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Sites')!;
    const written: string[] = [];
    sheet.eachRow((row, n) => n > 1 && written.push(String(row.getCell(2).value)));
    expect(written).toEqual(ids);
    // Names, not ids, for the recommended operator or SBC.
    const settings = (await (await fetch(`${base}/api/settings`)).json()).settings;
    const names = new Set([...settings.operators.map((o: { name: string }) => o.name), ...settings.sbcs.map((s: { fqdn: string }) => s.fqdn)]);
    sheet.eachRow((row, n) => n > 1 && row.getCell(6).value && expect(names.has(String(row.getCell(6).value))).toBe(true));
    // The grid's Moved column: each site's people in the plan and moved, as the status read model counts them.
    const status = (await (await fetch(`${base}/api/migration-status/sites?limit=1000`)).json()) as { items: { siteId: string; counts: { total: number; done: number } }[] };
    const counted = new Map(status.items.map((s) => [s.siteId, s.counts]));
    expect([sheet.getRow(1).getCell(19).value, sheet.getRow(1).getCell(20).value]).toEqual(['People in the plan', 'People moved']);
    sheet.eachRow((row, n) => n > 1 && expect([row.getCell(19).value, row.getCell(20).value]).toEqual([counted.get(String(row.getCell(2).value))?.total ?? null, counted.get(String(row.getCell(2).value))?.done ?? null]));
    const bad = await fetch(`${base}/api/sites/export.xlsx`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sites: ids }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^siteIds/);
  });

  it('answers 404 for a site that does not exist', async () => {
    expect((await get('/sites/no-such-site')).status).toBe(404);
  });
});

describe('an override made through PATCH shows in the person panel', () => {
  it('overrides, explains with the reason, then clears', async () => {
    const target = (await people('path=OC&limit=500')).items.find((r) => (r as Row & { pathSource?: string }).pathSource !== 'override')!;
    const before = (await get(`/people/${target.id}`)).body;
    const value = { user: before.overrideKey, path: 'PBX', reason: 'Trading floor turret stays on the PBX' };
    const saved = await fetch(`${base}/api/settings`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ changes: [{ target: { kind: 'user-override', user: before.overrideKey }, expected: before.override, value }] }),
    });
    expect(saved.status).toBe(200);
    await until(async () => (await get(`/people/${target.id}`)).body.effectivePath?.path, (path) => path === 'PBX', 20_000);
    const after = (await get(`/people/${target.id}`)).body;
    expect(after.effectivePath.source).toBe('override');
    expect(after.effectivePath.why.join(' ')).toContain('Trading floor turret');
    expect(after.override).toEqual(value);
    const cleared = await fetch(`${base}/api/settings`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ changes: [{ target: { kind: 'user-override', user: after.overrideKey }, expected: after.override, value: null }] }),
    });
    expect(cleared.status).toBe(200);
    await until(async () => (await get(`/people/${target.id}`)).body.override, (override) => override === null, 20_000);
  });
});

describe('GET /api/sites (the site list pages name sites from)', () => {
  it('lists the same sites and people counts as the People grid\'s site facet, and refuses a bad offset', async () => {
    // The overrides above leave the view refreshing a while: compare the two once it has followed them.
    await until(async () => (await get('/sites')).body.refreshing, (refreshing) => refreshing === false, 20_000);
    const facets = ((await people('limit=1&facets=sites')) as unknown as { sites: unknown[] }).sites;
    const { status, body } = await get('/sites');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: facets.length, offset: 0, refreshing: false });
    expect(body.items).toEqual(facets);
    expect(body.items.length).toBeGreaterThan(3);
    const second = await get('/sites?offset=2&limit=2');
    expect(second.body.items).toEqual(facets.slice(2, 4));
    const bad = await get('/sites?offset=-1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('offset');
  });
});

describe('GET /api/people/matching (select all matching)', () => {
  const upns = (rows: Row[]) => rows.map((r) => r.userPrincipalName);

  it('answers everyone a filter matches, with their stored overrides and the settings version', async () => {
    const first = await people('limit=1&facets=sites');
    const site = (first as unknown as { sites: { id: string; people: number }[] }).sites.find((s) => s.people > 1)!.id;
    const view = await people(`siteId=${encodeURIComponent(site)}&limit=500`);
    const { status, body } = await get(`/people/matching?siteId=${encodeURIComponent(site)}`);
    expect(status).toBe(200);
    expect(body.total).toBe(view.total);
    expect(upns(body.items)).toEqual(upns(view.items));
    const settings = (await get('/settings')).body;
    expect(body.settingsVersion).toBe(settings.version);
    const keys = new Set(view.items.flatMap((r) => [r.id.toLowerCase(), r.userPrincipalName.toLowerCase()]));
    const stored = (settings.settings.decisions?.users ?? []) as { user: string }[];
    expect(body.overrides).toEqual(stored.filter((u) => keys.has(u.user.toLowerCase())));
    // A search is the grid's search.
    const word = view.items[0].displayName.split(' ')[0];
    const searched = await people(`q=${encodeURIComponent(word)}&limit=500`);
    expect((await get(`/people/matching?q=${encodeURIComponent(word)}`)).body.total).toBe(searched.total);
  });

  it('over the limit answers the count only; a limit outside 1-2,000 is a 400 naming it', async () => {
    const all = await people('limit=1');
    const capped = await get('/people/matching?limit=5');
    expect(capped.status).toBe(200);
    expect(capped.body).toMatchObject({ total: all.total, limit: 5, items: [], overrides: [] });
    for (const limit of ['0', '2001', 'many']) {
      const bad = await get(`/people/matching?limit=${limit}`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('limit');
    }
  });
});
