/**
 * Links into the tab in headless Chromium against the real local server: every view, filter and
 * selected item is in the URL hash, so a deep link (or a Teams deep link's subEntityId, tried in a
 * browser as `?subEntityId=` or Teams' own `?context={"subEntityId":...}`) opens the same place; the
 * URL follows the filters without one history entry per keystroke; Back returns to the previous view;
 * focus goes back to the control that opened a panel when it closes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';

let local: LocalServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  local = await startLocalServer('vmp-links-');
  base = local.base;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

const api = async (p: string) => (await fetch(`${base}/api${p}`)).json();

async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}${url}`, { waitUntil: 'load' });
  await page.locator('[data-testid^="nav-"]').first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

const hash = (page: Page) => page.evaluate(() => window.location.hash);
const selectedPage = (page: Page) => page.getAttribute('nav [role="tab"][aria-selected="true"]', 'data-testid');

describe('links into the tab', () => {
  it('opens each deep link on its page, item and filters, and keeps the URL', async () => {
    const people = await api('/people?limit=1&facets=sites');
    const upn = people.items[0].userPrincipalName as string;
    const site = people.sites.find((s: { id: string }) => s.id !== 'none') as { id: string; name: string };
    const waves = (await api('/plan/waves')).waves as { number: number }[];
    const wave = waves[waves.length - 1].number;
    const links: [string, string][] = [
      [`people/${encodeURIComponent(upn)}`, 'nav-people'],
      [`sites/${encodeURIComponent(site.id)}`, 'nav-sites'],
      [`plan?wave=${wave}`, 'nav-plan'],
      [`coexistence?after=${wave}&view=routing`, 'nav-coexistence'],
      ['settings/scheduling', 'nav-settings'],
      ['audit', 'nav-audit'],
    ];
    const { page, errors } = await open('/');
    const present = await page.$$eval('[data-testid^="nav-"]', (tabs) => tabs.map((t) => t.getAttribute('data-testid')));
    for (const [link, nav] of links) {
      if (!present.includes(nav)) continue; // a view not in this build yet
      await page.goto(`${base}/#/${link}`, { waitUntil: 'load' });
      await page.waitForFunction((n) => document.querySelector(`nav [role="tab"][aria-selected="true"]`)?.getAttribute('data-testid') === n, nav, { timeout: 15_000 });
      await page.waitForLoadState('networkidle');
      expect([link, await hash(page)]).toEqual([link, `#/${link}`]);
    }
    // The item and the filter reached the views that show them.
    await page.goto(`${base}/#/people/${encodeURIComponent(upn)}`, { waitUntil: 'load' });
    await page.getByTestId('person-panel').getByText(upn).first().waitFor({ timeout: 15_000 });
    await page.goto(`${base}/#/coexistence?after=${wave}&view=routing`, { waitUntil: 'load' });
    await page.getByTestId('sbc-rules').waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Routing in force').inputValue()).toBe(String(wave));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens the place a Teams deep link names (subEntityId), in either form', async () => {
    const orders = await open(`/?subEntityId=${encodeURIComponent('coexistence?view=orders')}`);
    await orders.page.waitForFunction(() => window.location.hash === '#/coexistence?view=orders');
    await orders.page.getByTestId('port-orders').waitFor({ timeout: 15_000 });
    expect(await selectedPage(orders.page)).toBe('nav-coexistence');
    await orders.page.context().close();

    const context = JSON.stringify({ subEntityId: 'plan?wave=1' });
    const plan = await open(`/?context=${encodeURIComponent(context)}`);
    await plan.page.waitForFunction(() => window.location.hash === '#/plan?wave=1');
    expect(await selectedPage(plan.page)).toBe('nav-plan');
    expect([...orders.errors, ...plan.errors]).toEqual([]);
    await plan.page.context().close();
  });

  it('follows the filters in the URL without a history entry per keystroke; Back returns to the previous section', async () => {
    const { page, errors } = await open('/#/coexistence');
    await page.getByTestId('coex-blocks-row').first().waitFor({ timeout: 15_000 });
    const entries = await page.evaluate(() => history.length);
    await page.getByLabel('Wave', { exact: true }).selectOption('1');
    await page.waitForFunction(() => window.location.hash.includes('wave=1'));
    await page.getByLabel('Find a block, carrier or number').pressSequentially('tele', { delay: 30 });
    await page.waitForFunction(() => window.location.hash.includes('q=tele'));
    expect(await page.evaluate(() => history.length)).toBe(entries);
    // A reload shows the same filtered view.
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('coex-blocks').or(page.getByTestId('coex-blocks-empty')).first().waitFor({ timeout: 15_000 });
    expect(await page.getByLabel('Wave', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByLabel('Find a block, carrier or number').inputValue()).toBe('tele');

    // A section is a new history entry: Back returns to the blocks with their filters.
    await page.getByTestId('coex-view-orders').click();
    await page.getByTestId('port-orders').or(page.getByTestId('port-orders-empty')).first().waitFor({ timeout: 15_000 });
    expect(await hash(page)).toBe('#/coexistence?view=orders&wave=1');
    await page.goBack();
    await page.waitForFunction(() => !window.location.hash.includes('view=orders'));
    expect(await hash(page)).toContain('q=tele');
    await page.getByLabel('Find a block, carrier or number').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('copies a link to the view on screen that opens it again', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    await page.goto(`${base}/#/coexistence?view=routing&after=1`, { waitUntil: 'load' });
    await page.getByTestId('share-link').click();
    await page.getByText('Link copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${base}/#/coexistence?view=routing&after=1`);
    await context.close();
  });

  it('returns focus to the control that opened a panel when the panel closes', async () => {
    const { page, errors } = await open('/#/people');
    const opener = page.getByTestId('open-person').first();
    await opener.waitFor({ timeout: 30_000 });
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('person-panel').waitFor({ timeout: 15_000 });
    expect(await hash(page)).toMatch(/^#\/people\/[^?]+/);
    await page.keyboard.press('Escape');
    await page.getByTestId('person-panel').waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'open-person', undefined, { timeout: 5_000 });
    expect(await hash(page)).toBe('#/people');

    // Back closes a panel opened by a link, and focus returns the same way.
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('person-panel').waitFor({ timeout: 15_000 });
    await page.goBack();
    await page.getByTestId('person-panel').waitFor({ state: 'detached', timeout: 15_000 });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'open-person', undefined, { timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
