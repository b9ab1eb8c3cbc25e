/**
 * Pins and blackouts name real things: over real HTTP on the local server (demo tenant synced, its PBX
 * inventory imported), a pin naming a migration group the inventory does not hold, or a site the tenant
 * does not have, and a blackout of an unknown site are refused with a 400 naming the JSON path, and
 * nothing is saved; a pin naming a group found through the group search (`GET /api/pbx/groups?q=`) saves.
 */
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-settings-pins-');
  base = local.base;
});

afterAll(() => local?.stop());

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const get = async (p: string): Promise<any> => (await fetch(`${base}/api${p}`)).json();
const patch = (changes: unknown) =>
  fetch(`${base}/api/settings`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ changes }) });

interface GroupRow {
  id: string;
  kind: string;
  name: string;
  people: number;
}

/** A PATCH of the schedule section with these pins and blackouts, against the schedule as stored. */
async function saveSchedule(extra: { pins?: unknown[]; blackouts?: unknown[] }) {
  const read = await get('/settings');
  const scheduling = read.settings.scheduling;
  expect(scheduling).toBeDefined();
  const res = await patch([{ target: { kind: 'section', section: 'scheduling' }, expected: scheduling, value: { ...scheduling, ...extra } }]);
  return { res, before: read.version as number };
}

describe('pins and blackouts refer to real sites and PBX groups', () => {
  it('searches the PBX groups by name, a page at a time', async () => {
    const all = await get('/pbx/groups?limit=1000');
    expect(all.total).toBeGreaterThan(0);
    const group = (all.items as GroupRow[]).find((g) => g.name.includes(' '))!;
    const word = group.name.split(' ')[0].toLowerCase();
    const found = await get(`/pbx/groups?q=${encodeURIComponent(word)}&limit=1000`);
    expect(found.total).toBeGreaterThan(0);
    expect(found.total).toBeLessThanOrEqual(all.total);
    expect((found.items as GroupRow[]).map((g) => g.id)).toContain(group.id);
    for (const g of found.items as GroupRow[]) expect(`${g.name} ${g.kind.replace(/-/g, ' ')} ${g.id}`.toLowerCase()).toContain(word);
    expect((await get('/pbx/groups?q=no-such-group-anywhere')).total).toBe(0);
  });

  it('refuses a pin naming an unknown group, with the JSON path, and saves nothing', async () => {
    const { res, before } = await saveSchedule({ pins: [{ groupId: 'hunt-group:does-not-exist', wave: 1 }] });
    expect(res.status).toBe(400);
    const issues = (await res.json()).error.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path)).toContain('$.scheduling.pins[0].groupId');
    expect(issues.find((i) => i.path === '$.scheduling.pins[0].groupId')!.message).toContain('hunt-group:does-not-exist');
    expect((await get('/settings')).version).toBe(before);
  });

  it('refuses a pin or a blackout naming an unknown site, with the JSON path', async () => {
    const pin = await saveSchedule({ pins: [{ siteId: 'no-such-site', wave: 1 }] });
    expect(pin.res.status).toBe(400);
    expect(((await pin.res.json()).error.issues as { path: string }[]).map((i) => i.path)).toContain('$.scheduling.pins[0].siteId');
    const blackout = await saveSchedule({ blackouts: [{ siteId: 'no-such-site', from: '2027-01-01', to: '2027-01-31' }] });
    expect(blackout.res.status).toBe(400);
    expect(((await blackout.res.json()).error.issues as { path: string }[]).map((i) => i.path)).toContain('$.scheduling.blackouts[0].siteId');
    expect((await get('/settings')).version).toBe(pin.before);
  });

  it('saves a pin naming a group the inventory holds', async () => {
    const group = (await get('/pbx/groups?limit=1')).items[0] as GroupRow;
    const { res, before } = await saveSchedule({ pins: [{ groupId: group.id, wave: 2, reason: 'one team' }] });
    expect(res.status).toBe(200);
    const after = await get('/settings');
    expect(after.version).toBe(before + 1);
    expect(after.settings.scheduling.pins).toEqual([{ groupId: group.id, wave: 2, reason: 'one team' }]);
    // The validation route says the same as a refused save.
    const check = await (
      await fetch(`${base}/api/settings/validate`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ settings: { ...after.settings, scheduling: { ...after.settings.scheduling, pins: [{ groupId: 'pickup-group:nobody', wave: 1 }] } } }),
      })
    ).json();
    expect(check.valid).toBe(false);
    expect(check.issues.map((i: { path: string }) => i.path)).toContain('$.scheduling.pins[0].groupId');
  });
});
