/**
 * Every view of the tab - each page of the navigation, the Coexistence sections, the person and site
 * panels, a wave of the plan - scanned with axe-core in headless Chromium against the real local
 * server, in the Teams light theme: no critical or serious violation (including a visible label that
 * is not part of the control's accessible name). Screenshots of every view are kept as test artifacts
 * (tests/artifacts/screenshots). The dark and high-contrast themes: themes.browser.test.ts.
 * The suite loops over the pages the build's navigation lists, so views added later are scanned too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';
import { extraViews, presentPages, scanViews, scanWithAxe, type View } from '../support/axe-scan';

const SHOTS = path.join(__dirname, '..', 'artifacts', 'screenshots');

let local: LocalServer;
let browser: Browser | undefined;

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  fs.mkdirSync(SHOTS, { recursive: true });
  local = await startLocalServer('vmp-a11y-');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

/** Every page of the navigation and the extra views, with a person and a site of the demo tenant for the panels. */
async function allViews(base: string, page: import('playwright-core').Page): Promise<View[]> {
  await page.goto(`${base}/#/overview`, { waitUntil: 'load' });
  await page.locator('[data-testid^="nav-"]').first().waitFor({ timeout: 30_000 });
  const pages = await presentPages(page);
  const people = await (await fetch(`${base}/api/people?limit=1&facets=sites`)).json();
  const sample = { upn: people.items?.[0]?.userPrincipalName as string | undefined, siteId: people.sites?.[0]?.id as string | undefined };
  return [...pages.map((id) => ({ name: id, hash: id })), ...extraViews(pages, sample)];
}

describe('accessibility of every view (axe-core, light theme)', () => {
  it('has no critical or serious violation in any view', async () => {
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const views = await allViews(local.base, page);
    expect(views.map((v) => v.name)).toEqual(expect.arrayContaining(['overview', 'sites', 'people', 'plan', 'coexistence', 'settings', 'pbx']));
    const problems = await scanViews(page, local.base, 'default', views, SHOTS);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('has none in a narrow tab either, with the page tabs\' More menu open', async () => {
    const page = await (await browser!.newContext({ viewport: { width: 1024, height: 800 }, bypassCSP: true })).newPage();
    await page.goto(`${local.base}/#/audit`, { waitUntil: 'load' });
    await page.getByTestId('nav-more').waitFor({ timeout: 30_000 });
    expect(await scanWithAxe(page, 'narrow')).toEqual([]);
    await page.getByTestId('nav-more').click();
    await page.getByRole('menu').waitFor();
    expect(await scanWithAxe(page, 'narrow, More open')).toEqual([]);
    await page.context().close();
  }, 60_000);
});
