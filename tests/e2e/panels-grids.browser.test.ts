/**
 * The person and site panels and the People and Sites grids in headless Chromium against the real
 * local-mode server: deep links open the panels; a person's override (keyboard only) changes the plan
 * once it is rebuilt; bulk decide; two admins on the same site conflict (both versions shown, "apply
 * mine again" wins) but not on two different sites; the People search never matches the e-mail domain;
 * the grid's current view downloads as a workbook that reads back. Screenshots of every view are kept
 * under tests/artifacts/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { demoPlanToday } from '../../server/local-demo';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';
import { pick } from '../support/combobox';

const SHOTS = path.join(__dirname, '..', 'artifacts', 'screenshots');

let local: LocalServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  fs.mkdirSync(SHOTS, { recursive: true });
  local = await startLocalServer('vmp-panels-grids-');
  base = local.base;
  await (await fetch(`${base}/api/decisions`)).json();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

async function openPage(hash: string, width = 1400): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/#/${hash}`, { waitUntil: 'load' });
  return { page, errors };
}

const api = async <T = any>(p: string, init?: RequestInit): Promise<T> => (await fetch(`${base}/api${p}`, init)).json() as Promise<T>;

async function rebuildPlan(): Promise<void> {
  const settings = await api('/settings');
  const started = await api<{ job: { id: string } }>('/plan', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ today: demoPlanToday(settings.settings) }),
  });
  for (;;) {
    const { job } = await api(`/jobs/${started.job.id}?wait=1`);
    if (job.state === 'succeeded') return;
    if (job.state === 'failed') throw new Error(job.error?.message);
  }
}

const shownTotal = async (page: Page) => (await page.getByTestId('people-total').innerText()).trim();
/** Waits until the element with this test id shows `text` (the state, not the first render). */
const textContains = (page: Page, testId: string, text: string) =>
  page.waitForFunction(([id, t]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(t) ?? false, [testId, text] as const, { timeout: 15_000 });

describe('person panel and People grid', () => {
  it('opens a person from a deep link with their path, gates, numbers and wave', async () => {
    const wave = await api('/plan/waves/1/members?limit=1');
    const member = wave.items[0];
    const { page, errors } = await openPage(`people/${encodeURIComponent(member.userPrincipalName)}`);
    const panel = page.getByTestId('person-panel');
    await panel.getByTestId('person-path-why').waitFor({ timeout: 30_000 });
    await expectText(panel.getByTestId('person-wave-text'), /Wave 1/);
    expect(await panel.getByTestId('person-numbers').innerText()).toMatch(/Number|No number/);
    await page.screenshot({ path: path.join(SHOTS, 'person-panel.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("says what a person's calls showed on the PBX and how their calls forwarded, which the cutover keeps", async () => {
    // The demo's reception members show their site's main number; bosses forward to their delegates.
    let shows: { userPrincipalName: string; callerId: { kind: string; number?: string } } | undefined;
    let forwards: { userPrincipalName: string } | undefined;
    for (let wave = 1; wave <= 8 && !(shows && forwards); wave++) {
      const items = (await api(`/plan/waves/${wave}/members?limit=500`)).items as { userPrincipalName: string; callerId?: { kind: string; number?: string }; forwarding?: unknown }[];
      shows ??= items.find((m) => m.callerId?.kind === 'number') as typeof shows;
      forwards ??= items.find((m) => m.forwarding);
    }
    expect(shows && forwards).toBeTruthy();
    const { page, errors } = await openPage(`people/${encodeURIComponent(shows!.userPrincipalName)}`);
    const panel = page.getByTestId('person-panel');
    await panel.getByTestId('person-caller-id').waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('person-caller-id').innerText()).toBe(`${shows!.callerId.number}; the cutover grants a caller ID policy to match where Teams can show that number, and the wave workbook's Caller ID sheet says how`);
    await page.goto(page.url().replace(/#.*$/, `#/people/${encodeURIComponent(forwards!.userPrincipalName)}`));
    await panel.getByTestId('person-forwarding').waitFor({ timeout: 30_000 });
    expect(await panel.getByTestId('person-forwarding').innerText()).toMatch(/^(all calls|unanswered).*; the cutover sets it in Teams where Teams can, and the wave workbook's Call forwarding sheet says how$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('overrides a person with the keyboard only; after a re-plan they leave their wave; focus returns to the name', async () => {
    const members = await api('/plan/waves/1/members?limit=50');
    const member = members.items.find((m: { path: string }) => m.path !== 'PBX');
    const local = member.userPrincipalName.split('@')[0];
    const { page, errors } = await openPage('people');
    await page.getByTestId('people-search').click();
    await page.keyboard.type(local);
    // The whole name searched and answered, not a search of its first letters: on a busy machine a key
    // comes after a pause and its search goes at once, the row shows up in that answer, and the rows
    // drawn for the full name replace the link focused before Enter reached it.
    const matching = (await api(`/people?q=${encodeURIComponent(local)}&limit=1`)).total;
    await page.waitForFunction((q) => new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('q') === q, local, { timeout: 15_000 });
    await page.waitForFunction((n) => document.querySelector('[data-testid="people-total"]')?.textContent?.startsWith(`${n} of `) ?? false, matching, { timeout: 15_000 });
    const link = page.locator(`[data-testid="people-row"][data-upn="${member.userPrincipalName}"] [data-testid="open-person"]`);
    await link.waitFor({ timeout: 15_000 });
    await link.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('person-panel');
    // As for the deep link above: the panel's first answer can take long on a busy machine.
    await panel.getByTestId('override-path').waitFor({ timeout: 30_000 });
    await panel.getByTestId('override-path').focus();
    // Keyboard: PBX is the last path; End selects it.
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Dealer turret stays on the PBX');
    await page.keyboard.press('Enter');
    await panel.getByTestId('override-saved').waitFor({ timeout: 15_000 });
    const settings = await api('/settings');
    expect(settings.settings.decisions.users).toEqual(
      expect.arrayContaining([expect.objectContaining({ user: member.userPrincipalName, path: 'PBX', reason: 'Dealer turret stays on the PBX' })]),
    );
    // The panel follows once the view is refreshed: the path says why.
    await expectText(panel.getByTestId('person-path-why'), /Dealer turret/, 20_000);
    await page.keyboard.press('Escape');
    await page.getByTestId('person-panel').waitFor({ state: 'detached' });
    await page.waitForFunction((upn) => (document.activeElement?.closest('[data-upn]') as HTMLElement | null)?.dataset.upn === upn, member.userPrincipalName);

    // The plan follows the override once it is rebuilt: they no longer move in wave 1.
    await rebuildPlan();
    const after = await api(`/people/${encodeURIComponent(member.userPrincipalName)}`);
    expect(after.wave).toBeUndefined();
    expect(after.effectivePath).toMatchObject({ path: 'PBX', source: 'override' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('search matches names but never the e-mail domain; sorting and filters live in the URL', async () => {
    const { page, errors } = await openPage('people');
    await page.waitForFunction(() => /^\d[\d,. ]* of /.test(document.querySelector('[data-testid="people-total"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const all = await shownTotal(page);
    const first = (await api('/people?limit=1')).items[0];
    const domain = first.userPrincipalName.split('@')[1];
    await page.getByTestId('people-search').fill(domain);
    await page.waitForFunction(() => /^0 of /.test(document.querySelector('[data-testid="people-total"]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await page.getByTestId('people-search').fill(first.displayName);
    await page.locator(`[data-testid="people-row"][data-upn="${first.userPrincipalName}"]`).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => /[?&]q=/.test(window.location.hash));
    await page.getByTestId('people-search').fill('');
    await page.waitForFunction((t) => document.querySelector('[data-testid="people-total"]')?.textContent?.trim() === t, all, { timeout: 15_000 });

    await page.getByTestId('sort-readiness').click();
    await page.getByTestId('sort-readiness').click();
    await page.waitForFunction(() => window.location.hash.includes('sort=readiness') && window.location.hash.includes('dir=desc'));
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').innerText()).toContain('Readiness');
    const top = (await api('/people?sort=readiness&dir=desc&limit=1')).items[0];
    await page.locator('[data-testid="people-row"][data-index="0"]').filter({ hasText: top.displayName }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'people-grid-sorted.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('exports the current view to Excel and selects people for a bulk override', async () => {
    const site = (await api('/decisions')).recommendations[0].siteId;
    const { page, errors } = await openPage(`people?siteId=${encodeURIComponent(site)}&sort=site`);
    await page.locator('[data-testid="people-row"] [role="gridcell"]').first().waitFor({ timeout: 30_000 });
    const view = await api(`/people?siteId=${encodeURIComponent(site)}&sort=site&limit=500`);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('people-export').click()]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file!);
    const sheet = wb.getWorksheet('People')!;
    expect(sheet.rowCount - 1).toBe(view.total);
    expect(String(sheet.getRow(2).getCell(2).value)).toBe(view.items[0].userPrincipalName);

    // Two people selected, one override for both in one change.
    const boxes = page.locator('[data-testid="people-row"] input[type="checkbox"]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('bulk-override').click();
    await page.getByTestId('bulk-path').selectOption('CP');
    await page.getByTestId('bulk-reason').fill('Small branch team on Calling Plan');
    await page.screenshot({ path: path.join(SHOTS, 'people-bulk-override.png') });
    const before = (await api('/settings')).version;
    await page.getByTestId('bulk-save').click();
    await page.getByTestId('people-notice').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before + 1);
    const upns = view.items.slice(0, 2).map((r: { userPrincipalName: string }) => r.userPrincipalName);
    for (const upn of upns) expect(after.settings.decisions.users).toEqual(expect.arrayContaining([expect.objectContaining({ user: upn, path: 'CP' })]));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('selects everyone the filters match, not only the rows loaded, and overrides them in one change', async () => {
    // Everyone: more people than the grid's first page, so more than the rows it has loaded.
    const { page, errors } = await openPage('people');
    await page.locator('[data-testid="people-row"] [role="gridcell"]').first().waitFor({ timeout: 30_000 });
    const everyone = await api('/people?limit=1');
    expect(everyone.total).toBeGreaterThan(200);
    const shown = (n: number) => new Intl.NumberFormat('en-US').format(n);
    await page.getByTestId('select-all-matching').click();
    await textContains(page, 'bulk-override', `(${shown(everyone.total)})`);
    await page.getByTestId('bulk-override').click();
    await page.getByRole('dialog').getByText(`Override the path of ${shown(everyone.total)} people`).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'people-select-all-matching.png') });
    await page.getByRole('button', { name: 'Cancel' }).click();

    // One site's people, selected with the keyboard (the command's button) and overridden together.
    const sites = (await api('/decisions')).recommendations as { siteId: string; siteName: string }[];
    const { siteId: site, siteName } = sites[sites.length - 1];
    // The site filter narrows the sites as the name is typed (a tenant may have 2,000).
    const typed = siteName.slice(0, 3);
    await page.getByTestId('people-site').click();
    await page.getByTestId('people-site').fill(typed);
    await page.waitForFunction(
      (t) => {
        const shown = [...document.querySelectorAll('[role="listbox"] [role="option"]')].map((o) => o.textContent ?? '').filter((o) => o !== 'All sites' && o !== 'No site');
        return shown.length > 0 && shown.every((o) => o.toLowerCase().includes(t.toLowerCase()));
      },
      typed,
      { timeout: 15_000 },
    );
    await page.keyboard.press('Escape');
    await pick(page, page.getByTestId('people-site'), siteName, `${siteName} (`);
    await page.waitForFunction((s) => window.location.hash.includes(`siteId=${encodeURIComponent(s)}`), site);
    const ofSite = await api(`/people?siteId=${encodeURIComponent(site)}&limit=500`);
    await textContains(page, 'people-total', `${shown(ofSite.total)} of`);
    await page.getByTestId('select-all-matching').focus();
    await page.keyboard.press('Enter');
    await textContains(page, 'bulk-override', `(${shown(ofSite.total)})`);
    await page.getByTestId('bulk-override').click();
    await page.getByTestId('bulk-path').selectOption('PBX');
    await page.getByTestId('bulk-reason').fill('Site stays on the PBX this year');
    const before = (await api('/settings')).version;
    await page.getByTestId('bulk-save').click();
    await page.getByTestId('people-notice').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before + 1);
    const overridden = new Set((after.settings.decisions.users as { user: string; path: string }[]).filter((u) => u.path === 'PBX').map((u) => u.user.toLowerCase()));
    for (const r of ofSite.items as { id: string; userPrincipalName: string }[]) {
      expect(overridden.has(r.userPrincipalName.toLowerCase()) || overridden.has(r.id.toLowerCase())).toBe(true);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('site panel and Sites grid', () => {
  it('opens a site from a deep link: reasons, only the operators of its country, preview before saving', async () => {
    const decisions = await api('/decisions');
    const settings = (await api('/settings')).settings;
    const rec = decisions.recommendations.find((r: { countryCode?: string }) => settings.operators.some((o: { countries: string[] }) => o.countries.includes(r.countryCode!)));
    const { page, errors } = await openPage(`sites/${encodeURIComponent(rec.siteId)}`);
    const panel = page.getByTestId('site-panel');
    await panel.getByTestId('site-reasons').waitFor({ timeout: 30_000 });
    await panel.getByTestId('decision-path').selectOption('OC');
    const offered = await panel.getByTestId('decision-operator').locator('option').allInnerTexts();
    const serving = settings.operators.filter((o: { countries: string[] }) => o.countries.includes(rec.countryCode)).map((o: { name: string }) => o.name);
    expect(offered.map((t) => t.replace(/ \(not enabled yet\)$/, ''))).toEqual(serving);
    expect(await panel.getByTestId('decision-preview').innerText()).toMatch(/Cost|Not offered/);
    await panel.getByTestId('decision-path').selectOption('PBX');
    expect(await panel.getByTestId('decision-preview').innerText()).toMatch(/Readiness/);
    // Every demo site has a lobby phone: the costs include the site's common-area phones and say so.
    const phones = panel.getByTestId('site-cost-phones');
    await phones.waitFor({ timeout: 15_000 });
    expect(await phones.innerText()).toMatch(/^Each path includes the site's \d+ common-area phones?, costed as a person there is\.$/);
    await page.screenshot({ path: path.join(SHOTS, 'site-panel.png') });
    // The people link opens the People grid filtered by the site.
    await panel.getByTestId('site-people-link').click();
    await page.waitForFunction((id) => window.location.hash.startsWith('#/people?') && window.location.hash.includes(`siteId=${encodeURIComponent(id)}`), rec.siteId);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('decides a site with the keyboard only; focus returns to the site after the panel closes', async () => {
    const settings = (await api('/settings')).settings;
    const free = (await api('/decisions')).recommendations.find((r: { siteId: string }) => !settings.decisions.sites.some((d: { siteId: string }) => d.siteId === r.siteId));
    const { page, errors } = await openPage(`sites?q=${encodeURIComponent(free.siteName)}`);
    const link = page.locator(`[data-testid="site-row"][data-site-id="${free.siteId}"] [data-testid="open-site"]`);
    await link.waitFor({ timeout: 30_000 });
    await link.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('site-panel');
    await panel.getByTestId('decision-path').waitFor({ timeout: 15_000 });
    await panel.getByTestId('decision-path').focus();
    await page.keyboard.press('End'); // the last path: stays on the PBX
    await page.keyboard.press('ArrowUp'); // Calling Plan, which needs nothing more
    await page.keyboard.press('Tab'); // note
    await page.keyboard.type('Contract with the carrier runs to June');
    await page.keyboard.press('Enter');
    await panel.getByTestId('decision-saved-panel').waitFor({ timeout: 15_000 });
    const stored = (await api('/settings')).settings.decisions.sites.find((d: { siteId: string }) => d.siteId === free.siteId);
    expect(stored).toMatchObject({ path: 'CP', note: 'Contract with the carrier runs to June' });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.waitForFunction((id) => (document.activeElement?.closest('[data-site-id]') as HTMLElement | null)?.dataset.siteId === id, free.siteId, { timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a site saved with the mouse keeps the focus in its panel, so Escape still closes it', async () => {
    // A site decided on Operator Connect, so the undecided sites stay for the tests after this one.
    const decided = (await api('/settings')).settings.decisions.sites.find((d: { path: string }) => d.path === 'OC');
    const { page, errors } = await openPage(`sites/${encodeURIComponent(decided.siteId)}`);
    const panel = page.getByTestId('site-panel');
    await panel.getByTestId('site-reasons').waitFor({ timeout: 30_000 });
    await panel.getByTestId('decision-path').selectOption('CP');
    // A click focuses the button, which then waits out the save: it must not drop the focus to the page.
    await panel.getByTestId('decision-save').click();
    await panel.getByTestId('decision-saved-panel').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('decision-save');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached', timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("deciding sites together keeps each site's voice routing policy and note; focus returns to the button", async () => {
    // The demo decides a site on Direct Routing with a voice routing policy and a note.
    const before = (await api('/settings')).settings.decisions.sites.find((d: { path: string; voiceRoutingPolicy?: string; note?: string }) => d.path === 'DR' && d.voiceRoutingPolicy && d.note);
    expect(before).toBeDefined();
    const { page, errors } = await openPage('sites');
    const row = page.locator(`[data-testid="site-row"][data-site-id="${before.siteId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.locator('input[type="checkbox"]').check();
    await page.getByTestId('bulk-decide').click();
    await page.getByTestId('bulk-decision-path').selectOption('DR');
    await page.getByTestId('bulk-decision-save').click();
    await page.getByTestId('decision-saved').waitFor({ timeout: 15_000 });
    const after = (await api('/settings')).settings.decisions.sites.find((d: { siteId: string }) => d.siteId === before.siteId);
    expect(after).toMatchObject({ path: 'DR', voiceRoutingPolicy: before.voiceRoutingPolicy, note: before.note });
    // The save clears the selection (the button is then unavailable), and the focus still goes back to it.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'bulk-decide', undefined, { timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('decides several sites at once in one change', async () => {
    const { page, errors } = await openPage('sites', 1024);
    const rows = page.getByTestId('site-row');
    await rows.first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'sites-grid-1024.png') });
    // At 1,024 px no two cells of a row overlap.
    const overlaps = await rows.first().evaluate((row) => {
      const cells = [...row.querySelectorAll('[role="gridcell"]')].map((c) => c.getBoundingClientRect());
      return cells.some((c, i) => i > 0 && c.left < cells[i - 1].right - 1);
    });
    expect(overlaps).toBe(false);
    // The header's columns stand over the rows' (the header was once 24 px wider once the grid scrolled
    // sideways), and no badge or cost list runs past its cell's edge: text ends in an ellipsis inside it.
    const layout = await page.getByTestId('sites-table').evaluate((grid) => {
      const lefts = (cells: Element[]) => cells.map((c) => Math.round(c.getBoundingClientRect().left));
      const firstRow = grid.querySelector('[data-testid="site-row"]')!;
      const spilling = [...grid.querySelectorAll('[data-testid="site-row"] [role="gridcell"]')].filter((cell) =>
        [...cell.querySelectorAll('*')].some((inner) => inner.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1 && inner.getBoundingClientRect().width > 0 && getComputedStyle(inner).display !== 'inline'),
      ).length;
      return { header: lefts([...grid.querySelectorAll('[role="columnheader"]')]), row: lefts([...firstRow.querySelectorAll('[role="gridcell"]')]), spilling };
    });
    expect(layout.header).toEqual(layout.row);
    expect(layout.spilling).toBe(0);
    const ids = [await rows.nth(0).getAttribute('data-site-id'), await rows.nth(1).getAttribute('data-site-id')];
    await rows.nth(0).locator('input[type="checkbox"]').check();
    await rows.nth(1).locator('input[type="checkbox"]').check();
    const before = (await api('/settings')).version;
    await page.getByTestId('bulk-decide').click();
    await page.getByTestId('bulk-decision-path').selectOption('PBX');
    await page.screenshot({ path: path.join(SHOTS, 'sites-bulk-decide.png') });
    await page.getByTestId('bulk-decision-save').click();
    await page.getByTestId('decision-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before + 1);
    for (const id of ids) expect(after.settings.decisions.sites).toEqual(expect.arrayContaining([expect.objectContaining({ siteId: id, path: 'PBX' })]));
    for (const id of ids) {
      await page.waitForFunction((sid) => document.querySelector(`[data-testid="site-row"][data-site-id="${sid}"] [data-testid="decided-path"]`)?.textContent?.includes('PBX'), id, { timeout: 15_000 });
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('two admins on the same site conflict (both versions, apply mine again); on two different sites they do not', async () => {
    const settings = (await api('/settings')).settings;
    const free = (await api('/decisions')).recommendations
      .map((r: { siteId: string }) => r.siteId)
      .filter((id: string) => !settings.decisions.sites.some((d: { siteId: string }) => d.siteId === id));
    const [same, other] = free;
    const a = await openPage(`sites/${encodeURIComponent(same)}`);
    const b = await openPage(`sites/${encodeURIComponent(same)}`);
    const c = await openPage(`sites/${encodeURIComponent(other)}`);
    for (const x of [a, b, c]) await x.page.getByTestId('site-panel').getByTestId('site-reasons').waitFor({ timeout: 30_000 });

    await a.page.getByTestId('decision-path').selectOption('PBX');
    await a.page.getByTestId('decision-save').click();
    await a.page.getByTestId('decision-saved-panel').waitFor({ timeout: 15_000 });

    // A different site, from a read older than A's save: no conflict.
    await c.page.getByTestId('decision-path').selectOption('CP');
    await c.page.getByTestId('decision-save').click();
    await c.page.getByTestId('decision-saved-panel').waitFor({ timeout: 15_000 });

    // The same site: B is shown both versions.
    await b.page.getByTestId('decision-path').selectOption('PBX');
    await b.page.getByLabel('Stay on the PBX until').fill('2027-06-30');
    await b.page.getByTestId('decision-save').click();
    const conflict = b.page.getByTestId('conflict-message');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.getByTestId('conflict-versions').innerText()).toMatch(/Theirs[\s\S]*path: PBX[\s\S]*Yours[\s\S]*stayUntil: 2027-06-30/);
    await b.page.screenshot({ path: path.join(SHOTS, 'site-conflict.png') });
    let stored = (await api('/settings')).settings.decisions.sites.find((d: { siteId: string }) => d.siteId === same);
    expect(stored.stayUntil).toBeUndefined();
    await b.page.getByTestId('conflict-apply-mine').click();
    await b.page.getByTestId('decision-saved-panel').waitFor({ timeout: 15_000 });
    stored = (await api('/settings')).settings.decisions.sites.find((d: { siteId: string }) => d.siteId === same);
    expect(stored).toMatchObject({ path: 'PBX', stayUntil: '2027-06-30' });
    expect((await api('/settings')).settings.decisions.sites.find((d: { siteId: string }) => d.siteId === other)).toMatchObject({ path: 'CP' });
    for (const x of [a, b, c]) {
      expect(x.errors).toEqual([]);
      await x.page.context().close();
    }
  });
});

async function expectText(locator: ReturnType<Page['getByTestId']>, pattern: RegExp, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const text = await locator.innerText().catch(() => '');
    if (pattern.test(text)) return;
    if (Date.now() > end) throw new Error(`"${text}" does not match ${pattern}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
