/**
 * Hostile data end to end (issue 13). One tenant of 300 people whose data carries formula prefixes,
 * HTML, markdown links and images, PowerShell metacharacters (ASCII and typographic quotes), an RTL
 * override and very long strings in every field that reaches an output (tests/support/hostile-tenant.ts),
 * seeded through the real paths: the demo Graph server read by the server's sync, the PBX import route,
 * `PUT /api/settings` and `POST /api/plan`. Then every output is checked:
 * - the tab in Chromium: no injected element, no script run (alert/confirm/prompt trapped, dialogs
 *   listened for), no link to or request for the hostile host, on every page and panel that shows the data;
 * - the bot over HTTP: valid Adaptive Cards 1.5 whose text carries no live markdown link or image, and is
 *   truncated;
 * - the workbooks (rollout, per wave, people, sites): no formula cell in exceljs, and LibreOffice reads
 *   every hostile value back as the text written;
 * - the CSVs: every cell starting with = + - @ tab or CR is neutralised (a leading quote), numbers aside;
 * - the runbooks: every value inside a single-quoted literal (a tokenizer; `pwsh` is not used).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { createCloudAdapter, createProactiveSender } from '../../bot/proactive/proactive-sender';
import { DEMO_TENANT_ID } from '../../shared/config/app-config';
import { DemoGraphServer } from '../../shared/demo/demo-graph-server';
import { applySubscriptionRequest } from '../../shared/services/subscription-service';
import { expectValidAdaptiveCard } from '../support/adaptive-card-schema';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';
import { LocalConnector } from '../support/local-connector';
import { cardMarkdownProblems, cardProblems, checkRunbook, csvCells, csvFormulaCells, libreOfficeSheets, workbookCells } from '../support/hostile-checks';
import { EVIL_HOST, HOSTILE_SITE_NAMES, hostileSettings, hostileTenant, LONG_PAYLOAD, SEED, USERS, type HostileTenant } from '../support/hostile-tenant';

const TOKEN = 'hostile';
/** The longest text a card line may carry (the bot truncates data and echoed text). */
const CARD_TEXT_MAX = 1_600;

let h: HostileTenant;
let graph: DemoGraphServer;
let local: LocalServer;
let browser: Browser | undefined;
let dir: string;

/**
 * fetch, once more for a GET whose kept-alive connection the server closed meanwhile (its keep-alive
 * timeout passes while LibreOffice or Chromium work): the reset comes before any answer.
 */
async function request(url: string, init: RequestInit = {}, repeatable = (init.method ?? 'GET') === 'GET'): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    const reset = (err as { cause?: { code?: string } }).cause?.code === 'ECONNRESET';
    if (!reset || !repeatable) throw err;
    return fetch(url, init);
  }
}

async function api<T = any>(p: string, init: RequestInit = {}): Promise<T> {
  const res = await request(`${local.base}/api${p}`, { ...init, headers: { 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${init.method ?? 'GET'} ${p}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

async function download(p: string, init: RequestInit = {}): Promise<Buffer> {
  const res = await request(`${local.base}/api${p}`, init);
  if (res.status !== 200) throw new Error(`${p}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-hostile-'));
  h = hostileTenant();
  graph = new DemoGraphServer({ tenant: h.tenant, token: TOKEN, host: '127.0.0.1', port: 0 });
  // The server's first start syncs this tenant from the Graph server (local mode with DEMO_GRAPH_URL).
  // Its example plan names sites this tenant renamed, so it is not built (said in a warning, expected here):
  // the hostile settings and plan are saved below.
  const warn = console.warn;
  const quiet = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => !String(args[0]).startsWith('The demo plan was not built') && warn(...args));
  local = await startLocalServer('vmp-hostile-e2e-', { DEMO_USERS: String(USERS), DEMO_SEED: String(SEED), DEMO_GRAPH_URL: await graph.start(), DEMO_GRAPH_TOKEN: TOKEN });
  quiet.mockRestore();
  // The hostile PBX export through the import route, replacing the inventory the first start imported.
  const inventory = await api<{ version?: number }>('/pbx/summary');
  const imported = await api('/pbx/import?wait=1', { method: 'POST', body: JSON.stringify({ linesCsv: h.linesCsv, blocksCsv: h.blocksCsv, expectedVersion: inventory.version ?? null }) });
  if (imported.job.state !== 'succeeded') throw new Error(`PBX import: ${JSON.stringify(imported).slice(0, 1000)}`);
  const settings = await api<{ version: number | null }>('/settings');
  await api('/settings', { method: 'PUT', body: JSON.stringify({ settings: hostileSettings(h), expectedVersion: settings.version }) });
  const plan = await api('/plan?wait=1', { method: 'POST', body: JSON.stringify({ today: '2026-12-14' }) });
  if (plan.job.state !== 'succeeded') throw new Error(`plan: ${JSON.stringify(plan).slice(0, 1000)}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
  await graph?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the hostile tenant is stored as it was sent', () => {
  it('people, sites, hunt groups, carriers and settings keep their hostile text', async () => {
    const [upn, name] = [...h.hostilePeople].find(([, n]) => n.startsWith('<img'))!;
    expect((await api(`/people/${encodeURIComponent(upn)}`)).person.displayName).toBe(name);
    const paris = await api(`/sites/${encodeURIComponent(h.siteIds.paris)}`);
    expect(JSON.stringify(paris)).toContain(HOSTILE_SITE_NAMES.Paris);
    const stored = (await api('/settings')).settings as { operators: { name: string }[]; decisions: { users: { reason: string }[] } };
    const sent = hostileSettings(h) as typeof stored;
    expect(stored.operators.map((o) => o.name)).toEqual(sent.operators.map((o) => o.name));
    expect(stored.decisions.users.map((u) => u.reason)).toEqual(sent.decisions.users.map((u) => u.reason));
    const groups = await api('/pbx/groups?limit=500');
    expect(JSON.stringify(groups)).toContain('evil.example');
    const orders = await api('/plan/port-orders?limit=100');
    expect(orders.total).toBeGreaterThan(0);
    expect(JSON.stringify(orders.items)).toMatch(/HYPERLINK|cmd\|/);
  });
});

// --- the tab --------------------------------------------------------------------------------------

interface Trap {
  page: Page;
  /** alert/confirm/prompt calls, dialogs, page errors, requests to the hostile host or to `x` (an img src). */
  events: string[];
}

async function trappedPage(): Promise<Trap> {
  // The server's Content-Security-Policy would block an injected inline handler: bypassed here, so
  // the tab's own escaping is what is tested (the policy is a second line of defence, not the first).
  const context = await browser!.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  const events: string[] = [];
  // Before any of the tab's code: a script that ran would call one of these.
  await context.addInitScript(() => {
    const w = window as unknown as Record<string, unknown> & { __trapped: string[] };
    w.__trapped = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) w[name] = (...args: unknown[]) => void w.__trapped.push(`${name}(${args.map(String).join(',')})`);
  });
  await context.route(/evil\.example/, (route) => {
    events.push(`request ${route.request().url()}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    events.push(`dialog ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (err) => events.push(`pageerror ${err.message}`));
  page.on('console', (m) => /alert|onerror/i.test(m.text()) && events.push(`console ${m.text()}`));
  page.on('request', (r) => /\/x$/.test(new URL(r.url()).pathname) && events.push(`request ${r.url()}`));
  return { page, events };
}

/** What an injection would leave in the document: elements, handlers, links and frames to the host. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate((host) => {
    const found: string[] = [];
    const w = window as unknown as { __trapped: string[] };
    found.push(...w.__trapped);
    document.querySelectorAll('img[src="x"], [onerror], [onload]:not(body):not(iframe), iframe, object, embed').forEach((e) => found.push(`element ${e.outerHTML.slice(0, 120)}`));
    document.querySelectorAll('script').forEach((s) => /alert/.test(s.textContent ?? '') && found.push(`script ${s.outerHTML.slice(0, 120)}`));
    document.querySelectorAll(`a[href*="${host}"], [src*="${host}"], [href*="${host}"], [style*="${host}"]`).forEach((e) => found.push(`link ${e.outerHTML.slice(0, 160)}`));
    document.querySelectorAll('a[href^="javascript:" i]').forEach((e) => found.push(`javascript link ${e.outerHTML.slice(0, 120)}`));
    return found;
  }, EVIL_HOST);
}

/** Opens a route of the tab (hash without `#/`), waits for one of the texts, and checks for injection. */
async function visit(trap: Trap, route: string, shows: string[]): Promise<void> {
  const { page } = trap;
  if (!page.url().startsWith(local.base)) await page.goto(`${local.base}/#/${route}`, { waitUntil: 'load' });
  else await page.evaluate((r) => (window.location.hash = `#/${r}`), route);
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  if (shows.length) {
    const shown = await page
      .waitForFunction((texts) => texts.some((t) => document.body.innerText.includes(t)), shows, { timeout: 20_000 })
      .then(() => true, () => false);
    // On failure, what the page did show.
    const text = shown ? '' : (await page.locator('body').innerText()).slice(-1500);
    expect({ route, shown, text }).toEqual({ route, shown: true, text: '' });
  }
  expect({ route, found: [...(await injected(page)), ...trap.events] }).toEqual({ route, found: [] });
}

describe('the tab in headless Chromium', () => {
  const shots = path.join(__dirname, '..', 'artifacts', 'screenshots');
  const html = '<img src=x onerror=alert(1)>';
  const link = '[Sign in again](https://evil.example/login)';

  it('People, the person panel, Sites and the site panel show hostile text as text', async () => {
    const trap = await trappedPage();
    await visit(trap, `people?siteId=${encodeURIComponent(h.siteIds.paris)}`, [html, '<script>alert(1)</script>']);
    await visit(trap, 'people', [html, link]);
    await visit(trap, `people?q=${encodeURIComponent('evil')}`, [link, '![x](https://evil.example/p.png)']);
    for (const [upn, name] of [...h.hostilePeople].filter(([, n]) => /^(<img|<script|\[Sign|!\[|=HYPERLINK|'; Remove|Long )/.test(n)).slice(0, 6)) {
      await visit(trap, `people/${encodeURIComponent(upn)}`, [name === LONG_PAYLOAD ? 'Long name name' : name.slice(0, 30)]);
    }
    await visit(trap, `people/${encodeURIComponent(h.hostileUpns[0])}`, [h.hostileUpns[0]]);
    // A hunt group member: the panel lists the person's PBX lines and migration groups by name.
    const groupName = (id: string) => h.tenant.pbx.huntGroups.find((g) => g.id === id)!.name;
    const member = h.tenant.pbx.lines.find((l) => l.ownerUpn && l.huntGroups.some((id) => /^(<img|<script|\[Sign|!\[)/.test(groupName(id))))!;
    // (The import splits a hunt-group cell at commas as well as semicolons: the name's first part is shown.)
    await visit(trap, `people/${encodeURIComponent(member.ownerUpn!)}`, member.huntGroups.map((id) => `hunt ${groupName(id).split(/[,;]/)[0]}`));
    await visit(trap, 'sites', [HOSTILE_SITE_NAMES.Stockholm, HOSTILE_SITE_NAMES.Paris]);
    for (const id of Object.values(h.siteIds)) await visit(trap, `sites/${encodeURIComponent(id)}`, Object.values(HOSTILE_SITE_NAMES).map((n) => n.slice(0, 20)));
    fs.mkdirSync(shots, { recursive: true });
    await trap.page.screenshot({ path: path.join(shots, 'hostile-site-panel.png') });
    await trap.page.context().close();
  }, 120_000);

  it('Plan, Coexistence, Audit, Overview and Settings show hostile text as text', async () => {
    const trap = await trappedPage();
    const waves = (await api('/plan/waves')).waves as { number: number }[];
    await visit(trap, 'overview', []);
    await visit(trap, 'plan', [HOSTILE_SITE_NAMES.Paris, HOSTILE_SITE_NAMES.Stockholm, HOSTILE_SITE_NAMES.Madrid, HOSTILE_SITE_NAMES.Amsterdam]);
    for (const w of waves.slice(0, 4)) await visit(trap, `plan?wave=${w.number}`, []);
    // A wave that moves PBX groups with hostile names: its panel lists them as text.
    let hostileGroups = 0;
    for (const w of waves) {
      const names = ((await api(`/plan/waves/${w.number}/groups?limit=20`)).items as { name: string }[]).map((g) => g.name).filter((n) => /^(<img|<script|\[Sign|!\[)/.test(n));
      if (!names.length) continue;
      hostileGroups += names.length;
      await visit(trap, `plan?wave=${w.number}`, names.map((n) => n.slice(0, 30)));
      break;
    }
    expect(hostileGroups).toBeGreaterThan(0);
    await visit(trap, 'coexistence', ['=HYPERLINK', '=cmd|']);
    for (const view of ['orders', 'routing', 'dialplans', 'question']) await visit(trap, `coexistence?view=${view}`, []);
    // Where a hostile hunt group's pilot number rings: the answer's hops name the block's (hostile) carrier.
    const group = h.tenant.pbx.huntGroups.find((g) => g.pilotDid && /^(<img|<script|\[Sign|!\[)/.test(g.name))!;
    await visit(trap, 'overview', []); // the question is answered when the view opens with it
    await visit(trap, `coexistence?view=question&number=${encodeURIComponent(group.pilotDid!)}&date=2027-03-01`, h.tenant.pbx.didBlocks.map((b) => `carrier ${b.carrier.trim()}`));
    await visit(trap, 'blockers', []);
    // People against the plan, and the fix-ups' PowerShell (hostile UPNs as quoted text).
    for (const view of ['progress', 'progress?state=drifted', 'progress?show=fixups']) await visit(trap, view, []);
    await visit(trap, 'audit', []);
    // The settings change: its diff names the operators, SBC carriers and reasons that changed.
    const audit = (await api('/audit?limit=20')).items as { id: string; kind: string; versions?: unknown }[];
    const settingsChange = audit.find((e) => e.kind === 'planning-settings' && e.versions);
    expect(settingsChange).toBeDefined();
    await visit(trap, `audit/${encodeURIComponent(settingsChange!.id)}`, ['=HYPERLINK("http://evil.example","x")', '[Sign in again]', "'; Remove-Item x; '"]);
    for (const section of ['scheduling', 'operators', 'sbcs', 'advanced']) await visit(trap, `settings/${section}`, []);
    await visit(trap, 'pbx', []);
    await trap.page.screenshot({ path: path.join(shots, 'hostile-plan.png') });
    await trap.page.context().close();
  }, 120_000);

  it('the checks catch an injection when there is one', async () => {
    const trap = await trappedPage();
    await visit(trap, 'overview', []);
    await trap.page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(1)><a href="https://evil.example/login">Sign in again</a>'));
    await trap.page.waitForFunction(() => (window as unknown as { __trapped: string[] }).__trapped.length > 0);
    const found = [...(await injected(trap.page)), ...trap.events].join('\n');
    expect(found).toContain('alert(1)');
    expect(found).toContain('element <img src="x"');
    expect(found).toContain('link <a href="https://evil.example/login"');
    await trap.page.context().close();
  }, 60_000);
});

// --- the bot --------------------------------------------------------------------------------------

/** Asks the bot over HTTP as Teams does (expectReplies: the answers come back in the response). */
async function askBot(text: string): Promise<{ cards: unknown[]; texts: string[] }> {
  // A question asked again is answered again: repeatable.
  const res = await request(`${local.base}/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      text,
      deliveryMode: 'expectReplies',
      id: `a-${Math.random().toString(36).slice(2)}`,
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/', // never called: the answers travel in the HTTP response
      from: { id: 'user-1', name: 'Local developer' },
      recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
      conversation: { id: 'conversation-hostile', conversationType: 'personal' },
      locale: 'en-US',
    }),
  }, true);
  expect(res.status).toBe(200);
  const activities = ((await res.json()) as { activities: { type: string; text?: string; attachments?: { contentType: string; content: unknown }[] }[] }).activities.filter((a) => a.type === 'message');
  return {
    cards: activities.flatMap((a) => (a.attachments ?? []).filter((x) => x.contentType === 'application/vnd.microsoft.card.adaptive').map((x) => x.content)),
    texts: activities.map((a) => a.text ?? '').filter(Boolean),
  };
}

describe('the bot', () => {
  const questions = () => {
    const [htmlUpn] = [...h.hostilePeople].find(([, n]) => n.startsWith('<img'))!;
    const [linkUpn] = [...h.hostilePeople].find(([, n]) => n.startsWith('[Sign'))!;
    const [longUpn] = [...h.hostilePeople].find(([, n]) => n === LONG_PAYLOAD)!;
    return [
      'status',
      `status of ${HOSTILE_SITE_NAMES.Stockholm}`,
      `status of ${h.siteIds.paris}`,
      `status of ${h.siteIds.madrid}`,
      `status of ${htmlUpn}`,
      `status of ${linkUpn}`,
      `status of ${longUpn}`,
      `status of ${h.hostileUpns[0]}`,
      `when is ${h.siteIds.stockholm} cutting over?`,
      'wave 1',
      'wave 2',
      'next wave',
      'blockers',
      `blockers ${h.siteIds.paris}`,
      'which orders are due this year?',
      // Lists of sites, waves, paths and porting: site names and carriers from the hostile tenant.
      'list sites',
      'which sites are blocked?',
      'sites on direct routing',
      'list waves',
      "what's the cost?",
      'porting status',
      `cost of ${h.siteIds.paris}`,
      "who hasn't got a licence?",
      // People of one state (hostile UPNs and details) in a site and a wave, and the SBCs (hostile FQDNs are refused by the settings).
      `who has drifted in ${h.siteIds.paris}`,
      'who is scheduled in wave 1',
      'who is staying on the pbx',
      'which sbcs do we use?',
      'which port orders are due in the next 90 days?',
      'what changed since the last sync?',
      // Hunt groups: where a group's pilot number rings (the answer names the group and its members' site).
      ...h.tenant.pbx.huntGroups.filter((g) => g.pilotDid).slice(0, 4).map((g) => `where does ${g.pilotDid} ring on 2027-03-01?`),
      // Echoed text: a question the bot does not know, long and full of markdown.
      `${'[Sign in again](https://evil.example/login) ![x](https://evil.example/p.png) <img src=x onerror=alert(1)> '.repeat(120)}`,
      `status of [Sign in again](https://evil.example/login)`,
      `status of ${'x'.repeat(10_000)}`,
    ];
  };

  it('answers with valid cards whose text carries no live link, image or HTML and is truncated', async () => {
    const problems: string[] = [];
    let cards = 0;
    let sawHostile = 0;
    for (const q of questions()) {
      const answer = await askBot(q);
      for (const card of answer.cards) {
        cards++;
        expectValidAdaptiveCard(card);
        if (/evil\\?\.example|onerror|Remove-Item|HYPERLINK/.test(JSON.stringify(card))) sawHostile++;
        problems.push(...cardProblems(card, CARD_TEXT_MAX).map((p) => `${q.slice(0, 40)}: ${p}`));
      }
      for (const t of answer.texts) {
        problems.push(...cardMarkdownProblems(t, 'message').map((p) => `${q.slice(0, 40)}: message ${p}: ${t.slice(0, 200)}`));
        if (t.length > CARD_TEXT_MAX) problems.push(`${q.slice(0, 40)}: message of ${t.length} characters`);
      }
    }
    expect(problems).toEqual([]);
    expect(cards).toBeGreaterThan(10);
    // The hostile names did reach the cards (as text): the check above had something to check.
    expect(sawHostile).toBeGreaterThan(5);
  }, 120_000);
});

// --- the files: workbooks, CSVs, runbooks ----------------------------------------------------------

describe('the files', () => {
  let filesDir: string;
  let files: { path: string; kind: string }[] = [];
  const local_ = (p: string) => path.join(filesDir, p);

  beforeAll(async () => {
    filesDir = path.join(dir, 'files');
    let listed = await api<{ files?: { path: string; kind: string }[]; job?: { id: string } }>('/export/files?wait=1');
    for (let i = 0; !listed.files && i < 10; i++) listed = await api('/export/files?wait=1');
    files = listed.files!;
    for (const f of files) {
      fs.mkdirSync(path.dirname(local_(f.path)), { recursive: true });
      fs.writeFileSync(local_(f.path), await download(`/export/files/${f.path.split('/').map(encodeURIComponent).join('/')}`));
    }
    // The workbooks the tab downloads besides the plan's files: the People grid and the sites.
    fs.writeFileSync(local_('people-export.xlsx'), await download('/people/export.xlsx'));
    fs.writeFileSync(local_('people-paris.xlsx'), await download(`/people/export.xlsx?siteId=${encodeURIComponent(h.siteIds.paris)}`));
    const siteIds = ['seattle', 'london-city', 'berlin', 'milan', 'toronto', 'london-docklands', ...Object.values(h.siteIds)];
    fs.writeFileSync(local_('sites-export.xlsx'), await download('/sites/export.xlsx', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ siteIds }) }));
    files.push({ path: 'people-export.xlsx', kind: 'people' }, { path: 'people-paris.xlsx', kind: 'people' }, { path: 'sites-export.xlsx', kind: 'sites' });
  }, 120_000);

  const ofType = (ext: string) => files.filter((f) => f.path.endsWith(ext));

  it('the workbooks hold no formula, and LibreOffice reads every hostile value back as the text written', async () => {
    const workbooks = ofType('.xlsx');
    expect(workbooks.length).toBeGreaterThanOrEqual(4);
    const formulas: string[] = [];
    const written = new Map<string, string[]>();
    for (const f of workbooks) {
      const cells = await workbookCells(local_(f.path));
      formulas.push(...cells.formulas.map((c) => `${f.path} ${c}`));
      for (const [sheet, values] of cells.text) written.set(`${path.basename(f.path, '.xlsx')}|${sheet}`, values);
    }
    expect(formulas).toEqual([]);
    const triggered = (v: string) => /^[ \u00A0]*[=+\-@\t\r]/.test(v) && !/^\+[0-9]+$/.test(v);
    const hostile = [...written.values()].flat().filter((v) => triggered(v) || v.includes(EVIL_HOST));
    // The hostile names, carriers and reasons did reach the workbooks.
    expect(hostile.some((v) => v.startsWith('=HYPERLINK('))).toBe(true);
    expect(hostile.some((v) => v.startsWith('=cmd|'))).toBe(true);
    expect(hostile.some((v) => v.startsWith('@SUM') || v.startsWith('+SUM') || v.startsWith('-2+3'))).toBe(true);

    const sheets = await libreOfficeSheets(workbooks.map((f) => local_(f.path)), dir);
    const problems: string[] = [];
    for (const [key, values] of written) {
      const [stem, sheet] = key.split('|');
      // One sheet: the file's stem; several: "<stem>-<sheet>".
      const rows = sheets.get(`${stem}-${sheet}`) ?? sheets.get(stem);
      if (!rows) {
        problems.push(`LibreOffice wrote no CSV for ${key}`);
        continue;
      }
      const shown = new Set(rows.flat());
      for (const v of values.filter((x) => triggered(x) || x.includes(EVIL_HOST))) {
        // LibreOffice keeps a cell's text; a cell it evaluated would show a result or an error instead.
        if (!shown.has(v) && !shown.has(v.replace(/\r\n?/g, '\n'))) problems.push(`${key}: ${JSON.stringify(v.slice(0, 80))} not shown as written`);
      }
      for (const cell of rows.flat()) if (/^(#NAME\?|#VALUE!|#REF!|Err:\d+)$/.test(cell)) problems.push(`${key}: LibreOffice shows ${cell}`);
    }
    expect(problems).toEqual([]);
  }, 240_000);

  it('every CSV cell that starts with = + - @ tab or CR is neutralised with a leading quote (strict E.164 numbers aside)', () => {
    const csvs = ofType('.csv');
    expect(csvs.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const cells: string[] = [];
    for (const f of csvs) {
      const text = fs.readFileSync(local_(f.path), 'utf8');
      problems.push(...csvFormulaCells(text).map((c) => `${f.path}: ${c}`));
      cells.push(...csvCells(text));
    }
    expect(problems).toEqual([]);
    // Hostile text did reach the CSVs, neutralised as the exporter does it.
    expect(cells.some((c) => c.startsWith("'=") || c.startsWith("'@") || c.startsWith("'+") || c.startsWith("'-"))).toBe(true);
  });

  it('every data value in the runbooks is inside a single-quoted literal', () => {
    const scripts = ofType('.ps1');
    expect(scripts.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const literals: string[] = [];
    for (const f of scripts) {
      const check = checkRunbook(f.path, fs.readFileSync(local_(f.path), 'utf8'));
      problems.push(...check.problems);
      literals.push(...check.literals);
    }
    expect(problems).toEqual([]);
    // The hostile UPNs and names reached the scripts, and read back unchanged from their literals
    // (each quote doubled on the way in, ASCII or typographic, and read as one on the way out).
    for (const value of ["'; Remove-Item x; '", '$(Remove-Item x)', '\u2018; Remove-Item x; \u2019', '\u201Cquoted\u201D \u201Alow\u201B', '`whoami` "dq" | & x', "'quote'.hostile@"]) {
      expect({ value, inLiteral: literals.some((l) => l.includes(value)) }).toEqual({ value, inLiteral: true });
    }
  });
});

describe('the bot on its own: reminders and deadline notices', () => {
  it('sends cards whose hostile site, carrier and group names stay text', async () => {
    const connector = await new LocalConnector().start();
    try {
      const services = local.running.services;
      const waves = (await api('/plan/waves')).waves as { number: number; date: string }[];
      await applySubscriptionRequest(
        services.store,
        { serviceUrl: connector.url, channelId: 'msteams', conversationId: 'a:hostile-personal', kind: 'personal', tenantId: DEMO_TENANT_ID, botId: '28:bot' },
        { userId: 'local', name: 'Local developer' },
        { action: 'subscribe', cutovers: { offsetsDays: [7] }, orders: { offsetsDays: [7] } },
        new Date(`${waves[0].date}T00:00:00Z`),
      );
      const sender = createProactiveSender(createCloudAdapter({ appType: 'MultiTenant' }), '', {});
      // The day before each of the first waves: that wave's reminder and the order deadlines near it are due.
      for (const w of waves.slice(0, 4)) {
        const at = new Date(`${w.date}T00:00:00Z`);
        at.setUTCDate(at.getUTCDate() - 1);
        await services.notifications.run(at, sender, 'hostile', [DEMO_TENANT_ID]);
      }
      expect(connector.posts.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const post of connector.posts) {
        const card = LocalConnector.card(post);
        expectValidAdaptiveCard(card);
        problems.push(...cardProblems(card, CARD_TEXT_MAX));
        problems.push(...cardMarkdownProblems(post.activity.text ?? '', 'message'), ...cardMarkdownProblems(post.activity.summary ?? '', 'message'));
      }
      expect(problems).toEqual([]);
      expect(connector.posts.some((p) => /evil\\?\.example|onerror|Remove-Item|HYPERLINK/.test(JSON.stringify(LocalConnector.card(p))))).toBe(true);
    } finally {
      await connector.stop();
    }
  }, 60_000);
});

describe('the output checks themselves', () => {
  it('find a live card link, an unneutralised CSV formula and a value outside a PowerShell literal', () => {
    const cardWith = (text: string) => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });
    expect(cardProblems(cardWith('[Sign in again](https://evil.example/login)'), 100)).toHaveLength(1);
    expect(cardProblems(cardWith('![x](https://evil.example/p.png)'), 100)).toHaveLength(1);
    expect(cardProblems(cardWith('\\[Sign in again\\](https://evil.example/login)'), 100)).toEqual([]);
    expect(cardProblems(cardWith('x'.repeat(101)), 100)).toHaveLength(1);
    expect(cardMarkdownProblems('<img src=x onerror=alert(1)>', 'message')).toEqual(['an HTML tag']);
    expect(cardMarkdownProblems('&lt;img src=x onerror=alert(1)&gt;', 'message')).toEqual([]);

    expect(csvFormulaCells('name,number\r\n=1+1,+14255550100\r\n"\t=1",x\r\n')).toHaveLength(2);
    expect(csvFormulaCells("name,number\r\n'=1+1,+14255550100\r\n")).toEqual([]);

    expect(checkRunbook('a.ps1', "Write-Host 'x'; Remove-Item x; 'y'\r\n").problems).toEqual(['a.ps1: "Remove-Item" outside a single-quoted literal']);
    expect(checkRunbook('b.ps1', "Write-Host \"$(Remove-Item x)\"\r\n").problems).toEqual(['b.ps1: "Remove-Item" outside a single-quoted literal']);
    expect(checkRunbook('c.ps1', "# Jo\u2019; Remove-Item x\r\n").problems).toEqual(['c.ps1: "Remove-Item" in a comment']);
    expect(checkRunbook('d.ps1', "$n = 'a\rRemove-Item x'\r\n").problems).toEqual(['d.ps1: a CR that is not a line end']);
    expect(checkRunbook('f.ps1', "$n = 'RTL \u202Efdp.exe'\r\n").problems).toEqual(['f.ps1: a bidirectional control character']);
    const ok = checkRunbook('e.ps1', "$n = '''; Remove-Item x; ''' + '\u2018\u2018; x'\r\n");
    expect(ok.problems).toEqual([]);
    expect(ok.literals).toEqual(["'; Remove-Item x; '", '\u2018; x']);
  });
});
