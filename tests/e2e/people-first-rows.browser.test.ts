/**
 * The People page's first rows in headless Chromium against the real local-mode server: a link to the
 * grid is drawn from the one first-page request the shell makes while the page's code loads (with the
 * link's filters and order, never asked for twice), the person panel's and the bulk dialog's code is
 * fetched only after the rows are there, and both still open; a page reached from another view (no
 * prefetch) asks for its rows itself.
 */
import type { Browser, Page } from 'playwright-core';
import { startTabInBrowser } from '../support/tab-in-browser';
import type { LocalServer } from '../support/http';

let local: LocalServer;
let browser: Browser;

beforeAll(async () => {
  ({ local, browser } = await startTabInBrowser('vmp-people-first-rows-'));
  // The People view is built once before the suite: the grid's answers are then the same every time.
  await (await fetch(`${local.base}/api/decisions`)).json();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

interface Opened {
  page: Page;
  /** Every /api/people* request, in order, as path and query. */
  peopleRequests: string[];
  errors: string[];
}

async function open(hash: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  const peopleRequests: string[] = [];
  const errors: string[] = [];
  page.on('request', (req) => {
    const url = new URL(req.url());
    if (url.pathname.startsWith('/api/people')) peopleRequests.push(`${url.pathname}${url.search}`);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${local.base}/#/${hash}`, { waitUntil: 'commit' });
  return { page, peopleRequests, errors };
}

/** Requests for a page of the grid itself (not /people/matching, a person or an export). */
const gridPages = (requests: string[]) => requests.filter((r) => r.startsWith('/api/people?'));

/** When (performance.now()) the first grid row was in the page: polled every frame from the start. */
function firstRowAt(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const check = () => (document.querySelector('[data-testid="people-row"]') ? resolve(performance.now()) : requestAnimationFrame(check));
        check();
      }),
  );
}

describe('People first rows', () => {
  it('draws a link to the grid from the one request the shell made, with the filters and order of the link', async () => {
    const { page, peopleRequests, errors } = await open('people?sort=site&dir=desc');
    await firstRowAt(page);
    // The whole answer is shown (the total), then nothing more was asked for the first page.
    await page.waitForFunction(() => /^\d[\d,. ]* of /.test(document.querySelector('[data-testid="people-total"]')?.textContent ?? ''));
    const firstPages = gridPages(peopleRequests).filter((r) => /[?&]offset=0(&|$)/.test(r));
    expect(firstPages).toHaveLength(1);
    expect(firstPages[0]).toMatch(/[?&]sort=site(&|$)/);
    expect(firstPages[0]).toMatch(/[?&]dir=desc(&|$)/);

    // The rows are the server's answer for that order, top first.
    const answer = (await (await fetch(`${local.base}/api/people?sort=site&dir=desc&offset=0&limit=5`)).json()) as { items: { userPrincipalName: string }[] };
    const shown = page.locator('[data-testid="people-row"][data-index="0"]');
    await expect(shown.getAttribute('data-upn')).resolves.toBe(answer.items[0].userPrincipalName);
    expect(await page.getByTestId('sort-site').locator('xpath=..').getAttribute('aria-sort')).toBe('descending');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fetches the person panel and the bulk dialog only after the first rows, and both open', async () => {
    const { page, errors } = await open('people');
    const rowAt = await firstRowAt(page);
    // Their chunks come once the browser is idle after the rows (named after their modules by the build).
    const panelCodeAt = () =>
      page.evaluate(() => {
        const entry = performance.getEntriesByType('resource').find((e) => /\/PersonPanel-[\w-]+\.js$/.test(e.name));
        return entry?.startTime ?? null;
      });
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/PersonPanel-[\w-]+\.js$/.test(e.name)), undefined, { timeout: 15_000 });
    expect(await panelCodeAt()).toBeGreaterThanOrEqual(rowAt);

    // The panel opens from a row.
    const firstName = page.locator('[data-testid="people-row"][data-index="0"] [data-testid="open-person"]');
    const name = (await firstName.innerText()).trim();
    await firstName.click();
    await page.getByTestId('person-panel').waitFor({ timeout: 15_000 });
    await page.waitForFunction((n) => document.querySelector('[data-testid="person-panel"]')?.getAttribute('aria-label') === `Person: ${n}`, name, { timeout: 15_000 });
    await page.getByTestId('person-panel-close').click();
    await page.getByTestId('person-panel').waitFor({ state: 'detached', timeout: 15_000 });

    // The bulk override dialog opens for a selected row.
    await page.locator('[data-testid="people-row"][data-index="0"] input[type="checkbox"]').check();
    await page.waitForFunction(() => /\(1\)/.test(document.querySelector('[data-testid="bulk-override"]')?.textContent ?? ''));
    await page.getByTestId('bulk-override').click();
    await page.getByRole('dialog').getByText('Override the path of 1 people').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks for the rows itself when People is reached from another view', async () => {
    const { page, peopleRequests, errors } = await open('overview');
    await page.getByTestId('tenant-name').waitFor({ timeout: 30_000 });
    expect(gridPages(peopleRequests)).toEqual([]);
    await page.getByTestId('nav-people').click();
    await firstRowAt(page);
    await page.waitForFunction(() => /^\d[\d,. ]* of /.test(document.querySelector('[data-testid="people-total"]')?.textContent ?? ''));
    expect(gridPages(peopleRequests).filter((r) => /[?&]offset=0(&|$)/.test(r))).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
