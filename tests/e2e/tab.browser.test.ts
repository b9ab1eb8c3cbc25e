/**
 * The tab in a real browser: headless Debian Chromium (driven by playwright-core) opens the tab served
 * by the real server in local mode and must show the same tenant name and counts as /api/status,
 * without a single request leaving this machine. A missing Chromium fails the test: it is part of
 * the product's test suite, not an optional extra.
 */
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';

let local: LocalServer;
let base: string;
let context: BrowserContext | undefined;

beforeAll(async () => {
  requireChromium();
  local = await startLocalServer('vmp-e2e-');
  base = local.base;
  context = await chromium.launchPersistentContext(path.join(local.dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

afterAll(async () => {
  await context?.close();
  await local?.stop();
});

function isLocal(url: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  const { hostname } = new URL(url);
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** The number shown in a count card (`data-testid="count-…"`): its label, then the figure. */
async function figure(page: Page, testId: string): Promise<number> {
  const text = await page.getByTestId(testId).innerText();
  // Figures are written with the reader's digit grouping ("100,000"): the digits are the number.
  const match = /(\d[\d,.\s\u00a0\u202f]*)$/.exec(text.trim());
  if (!match) throw new Error(`The ${testId} card shows no number: "${text}"`);
  return Number(match[1].replace(/\D/g, ''));
}

describe('the tab in headless Chromium', () => {
  it('shows the tenant name and the counts of /api/status (read in one /api/overview request), and nothing leaves localhost', async () => {
    const status = await (await fetch(`${base}/api/status`)).json();
    expect(status.counts).not.toBeNull();

    const page = await context!.newPage();
    const requests: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await page.goto(`${base}/`, { waitUntil: 'load' });
    const tenantName = page.getByTestId('tenant-name');
    await tenantName.waitFor({ state: 'visible', timeout: 30_000 });
    expect((await tenantName.innerText()).trim()).toBe(status.tenant.name);
    expect(await figure(page, 'count-users')).toBe(status.counts.users);
    expect(await figure(page, 'count-sites')).toBe(status.counts.sites);
    expect(await figure(page, 'count-resource-accounts')).toBe(status.counts.resourceAccounts);
    // The numbers' card: the total, how many are free, and each type's split in its tooltip.
    const numbers = status.numbers as { numberType: string; total: number; free: number }[];
    const numbersCard = page.getByTestId('count-numbers-in-teams');
    expect(await numbersCard.getByTestId('count-detail').innerText()).toBe(`${numbers.reduce((sum, t) => sum + t.free, 0).toLocaleString('en-US')} free`);
    expect((await numbersCard.getAttribute('title'))!.split('\n')).toHaveLength(numbers.length);
    expect(await page.title()).toBe('Voice Migration Planner');
    // Progress per site names the sites as admins know them ("London City"), not by their ids.
    const overview = (await (await fetch(`${base}/api/overview`)).json()) as { sites: { first: { siteId: string; name?: string }[] } | null };
    const named = (overview.sites?.first ?? []).filter((s) => s.siteId);
    expect(named.length).toBeGreaterThan(0);
    for (const s of named) expect(s.name).toEqual(expect.any(String));
    await page.locator('[data-testid="chart-sites-bar"]', { hasText: named[0].name! }).first().waitFor({ timeout: 15_000 });
    // The sites in the server's order, and the people at no site (when in a wave) last.
    const drawn = overview.sites!.first.length;
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="chart-sites-bar"]').length === n, drawn);
    const labels = await page.locator('[data-testid="chart-sites-bar"]').allInnerTexts();
    const expected = [...named.map((s) => s.name!), ...(drawn > named.length ? ['No site'] : [])];
    expect(labels.map((l, i) => l.startsWith(expected[i]))).toEqual(expected.map(() => true));

    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((url) => !isLocal(url))).toEqual([]);
    // The Overview reads everything it shows in one request.
    expect(requests.some((url) => url.endsWith('/api/overview'))).toBe(true);
    expect(requests.some((url) => /\/api\/(status|pbx\/summary|plan\/summary|migration-status)/.test(url))).toBe(false);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
