/**
 * The tab in the Teams dark and high-contrast themes (chosen with `?theme=`, as Teams' theme event
 * would): every view rendered, screenshotted (tests/artifacts/screenshots) and scanned with axe-core
 * with no critical or serious violation - colour contrast above all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';
import { extraViews, presentPages, scanViews } from '../support/axe-scan';

const SHOTS = path.join(__dirname, '..', 'artifacts', 'screenshots');

let local: LocalServer;
let browser: Browser | undefined;

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  fs.mkdirSync(SHOTS, { recursive: true });
  local = await startLocalServer('vmp-themes-');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

describe.each(['dark', 'contrast'] as const)('the %s theme', (theme) => {
  it('renders every view with the theme and no critical or serious axe violation', async () => {
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${local.base}/?theme=${theme}#/overview`, { waitUntil: 'load' });
    await page.locator('[data-testid^="nav-"]').first().waitFor({ timeout: 30_000 });
    // The provider carries the theme, and the page background is the theme's (dark for both).
    expect(await page.getAttribute('.fui-FluentProvider', 'data-theme')).toBe(theme);
    const background = await page.evaluate(() => getComputedStyle(document.querySelector('.fui-FluentProvider')!).backgroundColor);
    const [r, g, b] = (background.match(/\d+/g) ?? []).map(Number);
    expect(r + g + b).toBeLessThan(3 * 80);
    const pages = await presentPages(page);
    const views = [...pages.map((id) => ({ name: id, hash: id })), ...extraViews(pages, {}).filter((v) => v.name.startsWith('coexistence'))];
    const problems = await scanViews(page, local.base, theme, views, SHOTS);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
