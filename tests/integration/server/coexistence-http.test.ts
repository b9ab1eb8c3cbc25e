/**
 * The Coexistence view's API over real HTTP against the local-mode server (demo tenant with its PBX
 * export and plan): block splits, the SBC table per stage, the voice routes between the systems,
 * dial plans, collisions - each one keyed page - the routing question with an extension dialled at a
 * site, clear 400s naming the field, and the plan's files (listed after the export job, one file, a
 * wave's zip).
 */
import JSZip from 'jszip';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
const get = async (path: string) => {
  const res = await fetch(`${local.base}/api${path}`);
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, body: type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer()) };
};

beforeAll(async () => {
  local = await startLocalServer('vmp-coex-');
});
afterAll(async () => {
  await local?.stop();
});

describe('coexistence routes', () => {
  it('summarises blocks and routing stages and pages each list by key', async () => {
    const overview = (await get('/coexistence')).body;
    expect(overview.summary.blocks).toBeGreaterThan(0);
    expect(overview.summary.stages[0]).toMatchObject({ afterWave: -1 });
    expect(overview.summary.stages.map((s: { afterWave: number }) => s.afterWave)).toEqual([-1, ...overview.waves.map((w: { number: number }) => w.number)]);

    const all = (await get('/coexistence/blocks?limit=500')).body;
    expect(all.total).toBe(overview.summary.blocks);
    const split = (await get('/coexistence/blocks?split=true')).body;
    expect(split.total).toBe(overview.summary.splitBlocks);
    for (const b of split.items) expect(b.moves.length).toBeGreaterThan(1);
    const block = all.items.find((b: { moves: unknown[] }) => b.moves.length > 0);
    const wave = block.moves[0].waveNumber;
    const ofWave = (await get(`/coexistence/blocks?wave=${wave}&limit=500`)).body;
    expect(ofWave.items.map((b: { blockId: string }) => b.blockId)).toContain(block.blockId);
    const bySearch = (await get(`/coexistence/blocks?q=${encodeURIComponent(block.carrier.toLowerCase())}`)).body;
    expect(bySearch.items.every((b: { carrier: string }) => b.carrier === block.carrier)).toBe(true);

    // The table after each stage has as many rules as the stage summary says.
    for (const stage of overview.summary.stages) {
      const table = (await get(`/coexistence/sbc-rules?after=${stage.afterWave}&limit=1000`)).body;
      const rules = table.items.reduce((n: number, set: { rules: unknown[] }) => n + set.rules.length, 0);
      expect(rules).toBe(stage.rules);
      const changes = (await get(`/coexistence/routes?after=${stage.afterWave}&kind=teams-to-pbx&limit=1000`)).body;
      expect(changes.total).toBe(stage.teamsToPbx);
    }

    const dialPlans = (await get('/coexistence/dial-plans?limit=1000')).body;
    expect(dialPlans.total).toBe(overview.summary.dialPlans);
    const collisions = (await get('/coexistence/collisions?limit=1000')).body;
    expect(collisions.total).toBe(overview.summary.collisions);
    const site = collisions.items[0]?.siteIds[0];
    if (site) expect((await get(`/coexistence/collisions?site=${site}`)).body.items.every((c: { siteIds: string[] }) => c.siteIds.includes(site))).toBe(true);
  });

  it('answers where an extension dialled at a site rings, through its dial plan', async () => {
    const plans = (await get('/coexistence/dial-plans?limit=1000')).body.items as { siteId: string; rules: { name: string; pattern: string; translation: string }[] }[];
    // An extension with a DID of its own: the first rule whose translation is a plain number.
    let asked: { siteId: string; extension: string; number: string } | undefined;
    for (const p of plans) {
      const rule = p.rules.find((r) => !r.translation.includes(';ext=') && /^\^\(/.test(r.pattern));
      if (!rule) continue;
      for (let n = 0; n < 10000 && !asked; n++) {
        const ext = String(n).padStart(4, '0');
        if (new RegExp(rule.pattern).test(ext)) asked = { siteId: p.siteId, extension: ext, number: ext.replace(new RegExp(rule.pattern), rule.translation) };
      }
      if (asked) break;
    }
    expect(asked).toBeDefined();
    const answer = await get(`/coexistence/route?number=${asked!.extension}&site=${asked!.siteId}&date=2027-03-01`);
    expect(answer.status).toBe(200);
    expect(answer.body.dialled).toMatchObject({ extension: asked!.extension, siteId: asked!.siteId, translated: asked!.number });
    expect(answer.body.number).toBe(asked!.number);
    // The same number asked in full gives the same place.
    const full = (await get(`/coexistence/route?number=${encodeURIComponent(asked!.number)}&date=2027-03-01`)).body;
    expect(full.target).toBe(answer.body.target);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const cases: [string, RegExp][] = [
      ['/coexistence/sbc-rules', /after is required/],
      ['/coexistence/sbc-rules?after=-2', /after must be/],
      ['/coexistence/sbc-rules?after=99', /no wave 99/],
      ['/coexistence/blocks?wave=x', /wave must be/],
      ['/coexistence/routes?kind=nope', /kind must be one of/],
      ['/coexistence/route?number=2001&date=2027-01-01', /choose the site/],
      ['/coexistence/route?number=2001&site=nowhere&date=2027-01-01', /no dial plan/],
      ['/coexistence/route?date=2027-01-01', /number is required/],
    ];
    for (const [path, message] of cases) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.message).toMatch(message);
    }
  });
});

describe('plan files', () => {
  it('lists the files once the export job has written them, sends one, and zips one wave', async () => {
    const first = await get('/export/files');
    expect([200, 202]).toContain(first.status);
    const listed = await get('/export/files?wait=1');
    expect(listed.status).toBe(200);
    const files = listed.body.files as { path: string; kind: string; wave?: number }[];
    const workbook = files.find((f) => f.kind === 'wave-workbook')!;
    const runbook = files.find((f) => f.kind === 'wave-runbook' && f.wave === workbook.wave)!;
    expect(runbook).toBeDefined();

    const script = await get(`/export/files/${runbook.path}`);
    expect(script.status).toBe(200);
    expect(script.body.toString('utf8')).toMatch(/Set-CsPhoneNumberAssignment|Grant-Cs/);

    const zip = await get(`/export/files.zip?wave=${workbook.wave}`);
    expect(zip.type).toBe('application/zip');
    const entries = Object.keys((await JSZip.loadAsync(zip.body as Buffer)).files).filter((n) => !n.endsWith('/'));
    expect(entries).toEqual(expect.arrayContaining([workbook.path, runbook.path]));
    expect(entries.every((e) => files.find((f) => f.path === e)?.wave === workbook.wave)).toBe(true);

    const everything = await JSZip.loadAsync((await get('/export/files.zip')).body as Buffer);
    expect(Object.keys(everything.files).filter((n) => !n.endsWith('/')).length).toBe(files.length);

    // Only listed files: nothing else under the store's artefacts can be named.
    const other = await get('/export/files/..%2F..%2Fplan%2F000001.json');
    expect(other.status).toBe(400);
    // The rollout workbook's export keeps the files (its clean-up removes older workbooks only).
    expect((await get('/export/rollout.xlsx?wait=1')).status).toBe(200);
    expect((await get(`/export/files/${workbook.path}`)).status).toBe(200);
  });
});
