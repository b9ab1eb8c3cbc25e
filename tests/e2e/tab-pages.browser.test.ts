/**
 * Every page of the tab in a real browser (headless Debian Chromium via playwright-core) against the
 * real server in local mode with a temporary database: navigation, real site rows, a virtualised
 * people list that loads more as it scrolls, a site decision that saves (the settings version grows)
 * and a stale save from a second admin that shows the conflict instead of overwriting, and a preview of
 * site mapping rules.
 * A missing Chromium fails the suite with the install instruction: it is not an optional extra.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadSnapshot, saveSnapshot } from '../../shared/services/snapshot-repository';
import type { Person } from '../../shared/domain/tenant-snapshot';
import { TAB_DIST_DIR } from '../../server/app';
import { constraintKinds } from '../../shared/domain/planning/constraint-catalogue';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';
import { until } from '../support/until';

const SYNC_WARNING = {
  code: 'subscribed-skus-unavailable',
  message: "The tenant's licences (subscribedSkus) could not be read (HTTP 403); grant LicenseAssignment.Read.All <b>for the smaller read</b>.",
};
/** Enough people that the list must virtualise (the DOM holds a few dozen rows) and page from the server. */
const MIN_PEOPLE = 5_000;

let local: LocalServer;
let base: string;
let browser: Browser | undefined;
let tenantId: string;
let peopleTotal: number;

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) {
    throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  }
  local = await startLocalServer('vmp-tab-pages-');
  base = local.base;
  tenantId = local.config.demo.tenantId;

  // Grow the seeded demo tenant (keeping its real sites and people) so the list has to virtualise.
  const snapshot = await loadSnapshot(local.running.services.store, tenantId);
  if (!snapshot) throw new Error('local mode did not seed the demo tenant');
  if (snapshot.people.length < MIN_PEOPLE) {
    const sites = snapshot.sites.map((s) => s.id);
    const template = snapshot.people.find((p) => p.kind === 'user') ?? snapshot.people[0];
    const extra: Person[] = [];
    for (let i = snapshot.people.length; i < MIN_PEOPLE; i++) {
      const n = String(i).padStart(5, '0');
      extra.push({
        ...template,
        id: `e2e00000-0000-4000-8000-0000000${n}`,
        userPrincipalName: `e2e.person${n}@contoso.example`,
        displayName: `Zz Listed Person ${n}`,
        mail: undefined,
        businessPhones: [],
        siteId: sites[i % sites.length],
      });
    }
    await saveSnapshot(
      local.running.services.store,
      // One warning as a sync records it when an API or a permission is missing (the Overview shows it).
      { ...snapshot, people: [...snapshot.people, ...extra], takenAt: new Date(Date.now() + 1000).toISOString(), warnings: [...snapshot.warnings, SYNC_WARNING] },
      'e2e',
    );
  }
  peopleTotal = (await (await fetch(`${base}/api/people?limit=1`)).json()).total;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

async function openPage(hash: string, width = 1400): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/#/${hash}`, { waitUntil: 'load' });
  return { page, errors };
}

async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

/** The version number the Sites page shows ("none saved yet" = 0). */
async function shownVersion(page: Page): Promise<number> {
  const text = await page.getByTestId('settings-version').innerText();
  const m = /(\d+)/.exec(text);
  return m ? Number(m[1]) : 0;
}

describe('the tab pages in headless Chromium', () => {
  it('navigates between every page with the tab list', async () => {
    const { page, errors } = await openPage('overview');
    await page.getByTestId('tenant-name').waitFor({ timeout: 30_000 });
    const headings: Record<string, RegExp> = {
      sites: /Sites & decisions/,
      people: /People/,
      plan: /Rollout plan/,
      settings: /Planning settings/,
      pbx: /PBX import/,
      overview: /.+/,
    };
    for (const [id, heading] of Object.entries(headings)) {
      await page.getByTestId(`nav-${id}`).click();
      await page.waitForFunction((h) => window.location.hash === `#/${h}`, id);
      await expectHeading(page, heading);
      expect(await page.getByTestId(`nav-${id}`).getAttribute('aria-selected')).toBe('true');
    }
    // Keyboard: the tab list moves with the arrow keys and selects with Enter.
    await page.getByTestId('nav-overview').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash === '#/sites');
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('keeps the page tabs on one line in a narrow tab: the others are in a More menu, the page on screen stays', async () => {
    // 1,024 px: Teams beside its app bar and a chat pane on a laptop.
    const { page, errors } = await openPage('audit', 1024);
    await page.getByTestId('nav-audit').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-more').waitFor({ timeout: 30_000 });
    const nav = page.getByRole('navigation', { name: 'Planner pages' });
    // One line: the nav is one tab high, and every tab shown (and More) is centred on the same line.
    const tabLines = async () => {
      const middles = await page.$$eval('[role="tablist"] [role="tab"]', (tabs) => tabs.filter((t) => (t as HTMLElement).offsetParent).map((t) => t.getBoundingClientRect().top + t.getBoundingClientRect().height / 2));
      return Math.max(...middles) - Math.min(...middles);
    };
    expect(await tabLines()).toBeLessThan(4);
    expect((await nav.boundingBox())!.height).toBeLessThan(60);
    // History is on screen, so it is shown even though it comes late in the list.
    expect(await page.getByTestId('nav-audit').isVisible()).toBe(true);
    await page.getByTestId('nav-more').click();
    const hiddenPbx = page.getByTestId('nav-more-pbx');
    await hiddenPbx.waitFor();
    // The menu lists only the pages whose tabs are hidden.
    expect(await page.getByTestId('nav-more-overview').count()).toBe(0);
    await hiddenPbx.click();
    await page.waitForFunction(() => window.location.hash === '#/pbx');
    await expectHeading(page, /PBX import/);
    await until(() => page.getByTestId('nav-pbx').getAttribute('aria-selected'), (selected) => selected === 'true');
    expect(await page.getByTestId('nav-pbx').isVisible()).toBe(true);
    expect(await tabLines()).toBeLessThan(4);
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('says in words on the Overview what the last sync recorded instead of failing', async () => {
    const { page, errors } = await openPage('overview');
    const bar = page.getByTestId('sync-warnings');
    await bar.waitFor({ timeout: 15_000 });
    const item = bar.locator(`li[data-code="${SYNC_WARNING.code}"]`);
    // Text, never markup: a message is shown exactly as recorded.
    expect(await item.innerText()).toBe(SYNC_WARNING.message);
    expect(await bar.locator('b').count()).toBe(0);
    expect(await page.getByTestId('last-sync').innerText()).toMatch(/1 warning/);
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('lists the real sites with recommendations, reasons and blockers', async () => {
    const decisions = await (await fetch(`${base}/api/decisions`)).json();
    const { page, errors } = await openPage('sites');
    const rows = page.getByTestId('site-row');
    await rows.first().waitFor({ timeout: 30_000 });
    const n = decisions.recommendations.length;
    await page.waitForFunction((total) => document.querySelector('[data-testid="sites-total"]')?.textContent === `${total} of ${total} sites`, n);
    const first = decisions.recommendations.map((r: { siteName: string }) => r.siteName).sort((a: string, b: string) => a.localeCompare(b))[0];
    expect(await rows.first().innerText()).toContain(first);

    // The reasons are in the site's panel.
    await rows.first().getByTestId('open-site').click();
    const reasons = page.getByTestId('site-panel').getByTestId('site-reasons');
    await reasons.waitFor();
    expect((await reasons.innerText()).length).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('edits site mapping rules on the Sites page and previews how many people they map', async () => {
    const { page, errors } = await openPage('sites');
    const editor = page.getByTestId('site-rules-editor');
    await editor.waitFor({ timeout: 30_000 });
    await page.getByTestId('site-rules-add').click();
    // A catch-all rule: everyone in the snapshot maps to it, so nobody is left without a site.
    await page.getByTestId('rule-0-officeLocation').fill('*');
    await page.getByTestId('rule-0-siteName').fill('Everyone');
    await page.getByTestId('site-rules-preview').click();
    await page.getByTestId('site-rules-preview-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('rule-people').first().innerText()).toContain(new Intl.NumberFormat().format(peopleTotal));
    expect(await page.getByTestId('preview-unmapped').innerText()).toMatch(/→ 0$/);
    expect((await (await fetch(`${base}/api/jobs?type=site-rules-preview`)).json()).jobs[0]).toMatchObject({ state: 'succeeded' });
    // A preview saves nothing.
    expect((await (await fetch(`${base}/api/site-rules`)).json()).version).toBeNull();
    // A rule that matches on nothing is refused, named as the table numbers it (the second rule, not "rules[1]").
    await page.getByTestId('site-rules-add').click();
    await page.getByTestId('rule-1-siteName').fill('Nowhere');
    await page.getByTestId('site-rules-preview').click();
    const issues = page.getByTestId('site-rules-issues');
    await issues.waitFor({ timeout: 30_000 });
    expect(await issues.innerText()).toMatch(/^Rule 2: /m);
    expect(await issues.innerText()).not.toContain('$.rules');
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('virtualises the people list: far fewer rows in the DOM than people, more load on scroll, search filters', async () => {
    expect(peopleTotal).toBeGreaterThanOrEqual(MIN_PEOPLE);
    const { page, errors } = await openPage('people');
    const rows = page.getByTestId('people-row');
    await page.waitForFunction(
      (total) => document.querySelector('[data-testid="people-total"]')?.textContent?.includes(new Intl.NumberFormat().format(total)),
      peopleTotal,
      { timeout: 30_000 },
    );
    await page.locator('[data-testid="people-row"] [role="gridcell"]').first().waitFor();
    const inDom = await rows.count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(150);

    const requests: string[] = [];
    page.on('request', (r) => r.url().includes('/api/people') && requests.push(r.url()));
    await page.getByTestId('people-list').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await page.waitForFunction(
      (total) => {
        const cells = [...document.querySelectorAll('[data-testid="people-row"]')].filter((r) => r.querySelector('[role="gridcell"]'));
        return cells.some((r) => Number(r.getAttribute('data-index')) === total - 1);
      },
      peopleTotal,
      { timeout: 15_000 },
    );
    expect(requests.some((u) => /offset=(\d+)/.exec(u) && Number(/offset=(\d+)/.exec(u)![1]) > 0)).toBe(true);
    expect(await rows.count()).toBeLessThan(150);

    await page.getByTestId('people-search').fill('Zz Listed Person 04321');
    await page.waitForFunction(() => /^1 of /.test(document.querySelector('[data-testid="people-total"]')?.textContent ?? ''), undefined, {
      timeout: 15_000,
    });
    await page.locator('[data-testid="people-row"] [role="gridcell"]').first().waitFor();
    expect(await rows.first().innerText()).toContain('Zz Listed Person 04321');
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('saves a site decision (the version grows) and shows the conflict for a stale save instead of overwriting', async () => {
    const a = await openPage('sites');
    const b = await openPage('sites');
    for (const p of [a.page, b.page]) await p.getByTestId('site-row').first().waitFor({ timeout: 30_000 });
    await a.page.waitForFunction(() => /\d|none/.test(document.querySelector('[data-testid="settings-version"]')?.textContent ?? ''));
    await b.page.waitForFunction(() => /\d|none/.test(document.querySelector('[data-testid="settings-version"]')?.textContent ?? ''));
    const before = await shownVersion(a.page);
    expect(await shownVersion(b.page)).toBe(before);
    const siteId = await a.page.getByTestId('site-row').first().getAttribute('data-site-id');

    // Admin B opens the same site first: B's form holds the decision as it was (none).
    await b.page.getByTestId(`edit-decision-${siteId}`).click();
    await b.page.getByTestId('site-panel').getByTestId('site-reasons').waitFor({ timeout: 15_000 });

    // Admin A decides: the site stays on the PBX for now.
    await a.page.getByTestId(`edit-decision-${siteId}`).click();
    await a.page.getByTestId('decision-path').selectOption('PBX');
    await a.page.getByTestId('decision-save').click();
    await a.page.getByTestId('decision-saved').waitFor({ timeout: 15_000 });
    await a.page.waitForFunction((v) => document.querySelector('[data-testid="settings-version"]')?.textContent?.includes(String(v)), before + 1);
    const row = a.page.locator(`[data-testid="site-row"][data-site-id="${siteId}"]`);
    await a.page.waitForFunction(
      (id) => document.querySelector(`[data-testid="site-row"][data-site-id="${id}"] [data-testid="decided-path"]`)?.textContent?.includes('PBX'),
      siteId,
    );
    expect(await row.getByTestId('decided-path').innerText()).toContain('PBX');
    const saved = await (await fetch(`${base}/api/settings`)).json();
    expect(saved.version).toBe(before + 1);
    expect(saved.settings.decisions.sites).toEqual(expect.arrayContaining([expect.objectContaining({ siteId, path: 'PBX' })]));

    // Admin B still holds the old decision (none): the save is refused and nothing is overwritten.
    await b.page.getByTestId('decision-path').selectOption('PBX');
    await b.page.getByLabel('Stay on the PBX until').fill('2027-06-30');
    await b.page.getByTestId('decision-save').click();
    const conflict = b.page.getByTestId('conflict-message');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.innerText()).toMatch(/changed|version/i);
    const after = await (await fetch(`${base}/api/settings`)).json();
    expect(after.version).toBe(before + 1);
    expect(after.settings.decisions.sites).toEqual(expect.arrayContaining([expect.objectContaining({ siteId, path: 'PBX' })]));

    // Reload picks up A's decision and the new version.
    await b.page.getByTestId('conflict-reload').click();
    await b.page.waitForFunction((v) => document.querySelector('[data-testid="settings-version"]')?.textContent?.includes(String(v)), before + 1);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await closePage(a.page);
    await closePage(b.page);
  });

  it('shows schema errors by JSON path on the settings page', async () => {
    // The raw JSON is the settings page's advanced view (the sections have forms).
    const { page, errors } = await openPage('settings/advanced');
    const editor = page.getByTestId('settings-editor');
    await editor.waitFor({ timeout: 30_000 });
    const doc = JSON.parse(await editor.inputValue());
    doc.traffic = { ...(doc.traffic ?? {}), erlangPerUser: 7 };
    await editor.fill(JSON.stringify(doc, null, 2));
    await page.getByTestId('settings-save').click();
    const issues = page.getByTestId('settings-issues');
    await issues.waitFor({ timeout: 15_000 });
    expect(await issues.innerText()).toContain('traffic.erlangPerUser');
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('shows PBX import errors with file, row and column', async () => {
    const { page, errors } = await openPage('pbx');
    await page.getByTestId('pbx-lines').fill('extension,did,owner,site,device type\n1001,not-a-number,,Nowhere,toaster\n');
    await page.getByTestId('pbx-import').click();
    const table = page.getByTestId('pbx-errors');
    await table.waitFor({ timeout: 15_000 });
    const text = await table.innerText();
    expect(text).toContain('lines.csv');
    expect(text).toMatch(/\b2\b/);
    // An unknown model is a warning now (imported as other); the bad number is the error.
    expect(text).toMatch(/\bdid\b/i);
    expect(text).toMatch(/not-a-number/);
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('makes the plan, lists its waves, downloads the Excel plan and answers where a number rings', async () => {
    const { page, errors } = await openPage('plan');
    await expectHeading(page, /Rollout plan/);
    expect(await page.getByTestId('download-plan').getAttribute('href')).toBe('/api/export/rollout.xlsx');
    await page.getByTestId('make-plan').click();
    await page.getByTestId('plan-totals').waitFor({ timeout: 30_000 });
    const summary = await (await fetch(`${base}/api/plan/summary`)).json();
    expect(await page.getByTestId('wave').count()).toBe(summary.waves.length);

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('download-plan').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    // The new plan had no stored workbook: the tab followed the export job the download queued.
    expect((await (await fetch(`${base}/api/jobs?type=export`)).json()).jobs[0]).toMatchObject({ type: 'export', state: 'succeeded' });

    // The routing question lives on the Coexistence view; the Plan page links to it.
    await page.getByTestId('plan-to-coexistence').click();
    await page.getByLabel('Phone number or extension').fill('+14255550100');
    await page.getByRole('button', { name: 'Where does it ring?' }).click();
    await page.getByTestId('route-answer').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('route-answer').innerText()).toContain('+14255550100');
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('shows each site\'s migration progress once there is a plan, and filters sites by it (the bot\'s deep link)', async () => {
    const status = (await (await fetch(`${base}/api/migration-status/sites?limit=1000`)).json()) as { total: number; items: { siteId: string; counts: { done: number; total: number; percentDone: number } }[] };
    expect(status.total).toBeGreaterThan(0);
    const notStarted = status.items.filter((s) => s.counts.total > 0 && s.counts.done === 0).length;
    const { page, errors } = await openPage('sites?progress=not-started');
    // The filter from the URL holds once the progress has arrived: every site shown has nobody moved yet.
    await page.waitForFunction((n) => new RegExp(`^${n} of \\d+ sites$`).test(document.querySelector('[data-testid="sites-total"]')?.textContent ?? ''), notStarted, { timeout: 30_000 });
    expect(await page.getByTestId('sites-progress').inputValue()).toBe('not-started');
    const firstId = await page.getByTestId('site-row').first().getAttribute('data-site-id');
    const first = status.items.find((s) => s.siteId === firstId)!;
    const moved = page.getByTestId('site-row').first().getByTestId('site-moved');
    expect(await moved.innerText()).toBe('0% (0)');
    // The cell's title has the counts the cell leaves out.
    expect(await moved.locator('xpath=ancestor::*[@role="gridcell"][1]').getAttribute('title')).toContain(`0 of ${first.counts.total.toLocaleString('en-US')} moved`);
    // Nobody has moved in the demo: no site is done.
    await page.getByTestId('sites-progress').selectOption('done');
    await page.waitForFunction(() => /^0 of \d+ sites$/.test(document.querySelector('[data-testid="sites-total"]')?.textContent ?? ''));
    expect(page.url()).toContain('progress=done');
    expect(errors).toEqual([]);
    await closePage(page);
  });

  it('groups the constraints the plan could not meet by kind, each with its label, its fix and its messages, read a page at a time', async () => {
    const summary = (await (await fetch(`${base}/api/plan/summary`)).json()) as {
      unmet: { code: string; message: string }[];
      unmetByCode: { code: string; count: number }[];
      totals: { unmet: number };
    };
    const kinds = constraintKinds(summary.unmetByCode, summary.unmet);
    // The demo plan splits migration groups between the PBX and Teams, among others.
    expect(kinds.length).toBeGreaterThan(1);
    // From the Overview's count of them.
    const { page, errors } = await openPage('overview');
    const link = page.getByTestId('overview-unmet');
    await link.waitFor({ timeout: 30_000 });
    expect(await link.innerText()).toBe(summary.totals.unmet.toLocaleString('en-US'));
    await link.click();
    await page.waitForFunction(() => location.hash === '#/plan?view=constraints');
    const items = page.getByTestId('unmet-kind');
    await until(() => items.count(), (n) => n === kinds.length, 30_000);
    // Labels, not codes, largest kind first; the code stays in the tooltip.
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(kinds.map((k) => k.code));
    // The largest kind: the summary lists its first few, the rest come a page at a time.
    const first = kinds[0];
    const item = items.first();
    const header = item.getByRole('button').first();
    expect((await header.innerText()).replace(/\s+/g, ' ')).toBe(`${first.label} ${first.count.toLocaleString('en-US')}`);
    expect(await item.locator(`[title="${first.code}"]`).count()).toBe(1);
    await header.click();
    const messages = item.getByTestId('unmet-item');
    await until(() => messages.count(), (n) => n === first.items.length);
    expect(await item.getByTestId('unmet-fix').innerText()).toBe(`Fix: ${first.fix}`);
    expect(await messages.first().innerText()).toContain(first.items[0].message);
    // The demo's largest kind has more than the summary lists (25 split groups).
    expect(first.count).toBeGreaterThan(first.items.length);
    const more = item.getByTestId('unmet-show-more');
    await more.click();
    let clickedAt = Date.now();
    // The next page drawn, or the reason it was not (an error bar in the kind). Up to a minute: on a machine
    // several times slower than usual (a clean-clone run once saw the themes suite take 109 s) 30 s ran out.
    // A clean-clone run under load once saw nothing load in a minute and no error: a click lost as the
    // panel opened is made again after a few seconds - never while a page loads (the button is disabled then).
    const after = await until(
      async () => {
        const shown = await messages.count();
        const error = (await item.getByRole('alert').count()) > 0 ? await item.getByRole('alert').innerText() : undefined;
        // Counted again once the button is seen idle: a page that lands in between is not asked for twice.
        if (shown === first.items.length && error === undefined && Date.now() - clickedAt > 5_000 && (await more.isEnabled()) && (await messages.count()) === shown) {
          await more.click();
          clickedAt = Date.now();
        }
        return { shown, error };
      },
      (v) => v.shown > first.items.length || v.error !== undefined,
      60_000,
    );
    expect(after).toEqual({ shown: Math.min(first.count, first.items.length + 100), error: undefined });
    const next = (await (await fetch(`${base}/api/plan/unmet?code=${first.code}&offset=${first.items.length}&limit=1`)).json()) as { items: { message: string }[] };
    expect(await messages.nth(first.items.length).innerText()).toContain(next.items[0].message);
    await until(() => item.getByTestId('unmet-show-more').count(), (n) => n === (first.count > first.items.length + 100 ? 1 : 0));
    // The other kinds stay closed.
    expect(await items.nth(1).getByTestId('unmet-item').count()).toBe(0);
    expect(errors).toEqual([]);
    await closePage(page);
  }, 120_000);

  // Last: a sync replaces the enlarged snapshot the people test relies on.
  it('syncs the tenant from the overview with a progress indicator and refreshes the last-sync time', async () => {
    const { page, errors } = await openPage('overview');
    await page.getByTestId('tenant-name').waitFor({ timeout: 30_000 });
    const before = await page.getByTestId('last-sync').innerText();
    await page.getByTestId('sync-button').click();
    // The progress indicator shows while it runs (a small demo tenant may finish before the first poll).
    await page.locator('[data-testid="sync-progress"], [data-testid="sync-done"]').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('sync-done').waitFor({ timeout: 60_000 });
    await page.waitForFunction((b) => document.querySelector('[data-testid="last-sync"]')?.textContent !== b, before, { timeout: 15_000 });
    const status = await (await fetch(`${base}/api/status`)).json();
    expect(await page.getByTestId('count-users').innerText()).toContain(status.counts.users.toLocaleString('en-US'));
    expect(errors).toEqual([]);
    await closePage(page);
  });
});

async function expectHeading(page: Page, heading: RegExp): Promise<void> {
  const h1 = page.locator('main h1').first();
  await h1.waitFor({ timeout: 30_000 });
  expect(await h1.innerText()).toMatch(heading);
}
