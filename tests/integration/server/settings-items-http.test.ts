/**
 * Concurrency per item: two admins deciding two different sites (or overriding two people) never
 * conflict, although the settings are one document; two admins changing the same item do, and the
 * 409 carries what is stored, what was read and what was submitted so the tab can show both.
 */
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;
let siteIds: string[];

beforeAll(async () => {
  local = await startLocalServer('vmp-settings-items-');
  base = local.base;
  const decisions = await (await fetch(`${base}/api/decisions`)).json();
  siteIds = (decisions.recommendations as { siteId: string }[]).map((r) => r.siteId);
});

afterAll(() => local?.stop());

const patch = (changes: unknown) =>
  fetch(`${base}/api/settings`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ changes }) });

async function settingsNow(): Promise<{ version: number; settings: { decisions: { sites: { siteId: string }[] }; traffic: unknown } }> {
  return (await fetch(`${base}/api/settings`)).json();
}

describe('PATCH /api/settings: one item at a time', () => {
  it('decisions on two different sites made from the same read both save', async () => {
    const read = await settingsNow();
    const [a, b] = siteIds.filter((id) => !read.settings.decisions.sites.some((d) => d.siteId === id));
    const first = await patch([{ target: { kind: 'site-decision', siteId: a }, expected: null, value: { siteId: a, path: 'PBX', note: 'contract until June' } }]);
    expect(first.status).toBe(200);
    const second = await patch([{ target: { kind: 'site-decision', siteId: b }, expected: null, value: { siteId: b, path: 'PBX' } }]);
    expect(second.status).toBe(200);
    const after = await settingsNow();
    expect(after.version).toBe(read.version + 2);
    expect(after.settings.decisions.sites.filter((d) => d.siteId === a || d.siteId === b)).toHaveLength(2);
  });

  it('a change to the same site from a stale read is a 409 with both versions, and nothing is saved', async () => {
    const read = await settingsNow();
    const site = siteIds.find((id) => !read.settings.decisions.sites.some((d) => d.siteId === id))!;
    const mine = { siteId: site, path: 'PBX', note: 'mine' };
    const theirs = { siteId: site, path: 'PBX', note: 'theirs' };
    expect((await patch([{ target: { kind: 'site-decision', siteId: site }, expected: null, value: theirs }])).status).toBe(200);
    const stale = await patch([{ target: { kind: 'site-decision', siteId: site }, expected: null, value: mine }]);
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error.code).toBe('conflict');
    expect(body.error.conflicts).toEqual([{ target: { kind: 'site-decision', siteId: site }, current: theirs, expected: null, submitted: mine }]);
    // Re-applying on the version now stored wins, as the admin chose.
    const again = await patch([{ target: { kind: 'site-decision', siteId: site }, expected: theirs, value: mine }]);
    expect(again.status).toBe(200);
    expect((await settingsNow()).settings.decisions.sites.find((d) => d.siteId === site)).toEqual(mine);
  });

  it('a section edited in one form does not conflict with a site decision made meanwhile', async () => {
    const read = await settingsNow();
    const site = siteIds.find((id) => !read.settings.decisions.sites.some((d) => d.siteId === id))!;
    expect((await patch([{ target: { kind: 'site-decision', siteId: site }, expected: null, value: { siteId: site, path: 'PBX' } }])).status).toBe(200);
    const traffic = { erlangPerUser: 0.07, gradeOfService: 0.01 };
    const saved = await patch([{ target: { kind: 'section', section: 'traffic' }, expected: read.settings.traffic, value: traffic }]);
    expect(saved.status).toBe(200);
    expect((await settingsNow()).settings.traffic).toEqual(traffic);
  });

  it('a bulk change is all or nothing', async () => {
    const read = await settingsNow();
    const fresh = siteIds.filter((id) => !read.settings.decisions.sites.some((d) => d.siteId === id)).slice(0, 2);
    const taken = read.settings.decisions.sites[0];
    const res = await patch([
      ...fresh.map((siteId) => ({ target: { kind: 'site-decision', siteId }, expected: null, value: { siteId, path: 'PBX' } })),
      { target: { kind: 'site-decision', siteId: taken.siteId }, expected: null, value: { siteId: taken.siteId, path: 'OC' } },
    ]);
    expect(res.status).toBe(409);
    expect((await settingsNow()).version).toBe(read.version);
  });

  it('refuses malformed changes with the field named, and invalid settings with their issues', async () => {
    const bad = await patch([{ target: { kind: 'section', section: 'decisions' }, expected: null, value: {} }]);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues[0].path).toMatch(/^\$\.changes\.0\.target/);
    const read = await settingsNow();
    const invalid = await patch([{ target: { kind: 'section', section: 'traffic' }, expected: read.settings.traffic, value: { erlangPerUser: 7 } }]);
    expect(invalid.status).toBe(400);
    expect(JSON.stringify((await invalid.json()).error.issues)).toContain('traffic.erlangPerUser');
    expect((await settingsNow()).version).toBe(read.version);
  });
});
