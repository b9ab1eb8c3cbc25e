/** The settings and decision routes over real HTTP, on the local server with its seeded demo tenant. */
import fs from 'node:fs';
import path from 'node:path';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;
let siteId: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-decisions-http-');
  base = local.base;
  const me = await (await fetch(`${base}/api/me`)).json();
  siteId = (await loadSnapshot(local.running.services.store, me.tenantId))!.sites[0].id;
});

afterAll(() => local?.stop());

const put = (body: unknown) =>
  fetch(`${base}/api/settings`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const goodSettings = () => ({
  sbcs: [{ id: 'sbc-1', fqdn: 'sbc1.contoso.example', pricePerSessionPerYear: 1.25, voiceRoutingPolicy: 'VRP-1' }],
  decisions: { sites: [{ siteId, path: 'DR', sbcId: 'sbc-1' }] },
});

describe('settings and decisions API', () => {
  it('GET /api/settings on first start: examples/settings.json, saved by local mode at version 1', async () => {
    const res = await fetch(`${base}/api/settings`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ version: 1, updatedBy: 'local-demo' });
    const example = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'settings.json'), 'utf8'));
    expect(body.settings.operators.map((o: { id: string }) => o.id)).toEqual(example.operators.map((o: { id: string }) => o.id));
  });

  it('PUT invalid settings: 400 with every issue by JSON path', async () => {
    const res = await put({ settings: { decisions: { sites: [{ siteId: 'no-such-site', path: 'DR', sbcId: 'ghost' }] } }, expectedVersion: null });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('bad-input');
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(['$.decisions.sites[0].siteId', '$.decisions.sites[0].sbcId']);
    const missing = await put({ settings: {} });
    expect(missing.status).toBe(400);
  });

  it('PUT saves from the version read; a stale version is a 409 naming what changed', async () => {
    const first = await put({ settings: goodSettings(), expectedVersion: 1 });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ version: 2, issues: [] });
    const stale = await put({ settings: { ...goodSettings(), traffic: { erlangPerUser: 0.1 } }, expectedVersion: 1 });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error.message).toMatch(/Sections that differ between the saved version and yours: traffic\./);
    const got = await (await fetch(`${base}/api/settings`)).json();
    expect(got).toMatchObject({ version: 2, settings: { traffic: { erlangPerUser: 0.05 } } });
  });

  it('GET /api/decisions and paged GET /api/readiness', async () => {
    const d = await (await fetch(`${base}/api/decisions`)).json();
    expect(d.settingsVersion).toBe(2);
    expect(d.recommendations.find((r: { siteId: string }) => r.siteId === siteId).decided).toEqual({ path: 'DR', sbcId: 'sbc-1' });
    expect(d.pathCounts.find((c: { path: string }) => c.path === 'DR').decided).toBeGreaterThan(0);
    expect(d.costs.sbcs[0]).toMatchObject({ sbcId: 'sbc-1' });
    const all = await (await fetch(`${base}/api/readiness?limit=1000`)).json();
    expect(all.total).toBeGreaterThan(1);
    const page = await (await fetch(`${base}/api/readiness?offset=1&limit=1`)).json();
    expect(page).toMatchObject({ total: all.total, offset: 1, limit: 1 });
    expect(page.items).toEqual([all.items[1]]);
    const code = all.items[0].code;
    const byCode = await (await fetch(`${base}/api/readiness?code=${code}&siteId=${encodeURIComponent(siteId)}`)).json();
    expect(byCode.items.every((g: { code: string; siteId: string }) => g.code === code && g.siteId === siteId)).toBe(true);
    expect((await fetch(`${base}/api/readiness?limit=abc`)).status).toBe(400);
  });

  it('GET /api/decisions answers the same text while its inputs stand, and follows the next save', async () => {
    const first = await (await fetch(`${base}/api/decisions`)).text();
    expect(await (await fetch(`${base}/api/decisions`)).text()).toBe(first);
    const doc = await (await fetch(`${base}/api/settings`)).json();
    const saved = await put({ settings: { ...goodSettings(), decisions: { sites: [{ siteId, path: 'PBX' }] } }, expectedVersion: doc.version });
    expect(saved.status).toBe(200);
    const after = await (await fetch(`${base}/api/decisions`)).json();
    expect(after.settingsVersion).toBe(doc.version + 1);
    expect(after.recommendations.find((r: { siteId: string }) => r.siteId === siteId).decided).toEqual({ path: 'PBX' });
  });
});
