/**
 * The Coexistence view and the plan's downloads in headless Chromium against the real local server (demo
 * tenant with its PBX export and plan): read a port order and all its numbers, an upload order of 2,500
 * numbers a thousand at a time, ask where an extension dialled at a site rings, download a per-wave
 * workbook (read with exceljs) and a cutover runbook, and the same tasks with the keyboard only. Screenshots of each section go to tests/artifacts/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import type { LocalServer } from '../support/http';
import { orderChanges } from '../../shared/services/order-read-model';
import { SCREENSHOTS_DIR, startTabInBrowser } from '../support/tab-in-browser';
import { until } from '../support/until';

const SHOTS = SCREENSHOTS_DIR;

let local: LocalServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  ({ local, browser } = await startTabInBrowser('vmp-coex-e2e-'));
  base = local.base;
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

const api = async (p: string) => (await fetch(`${base}/api${p}`)).json();

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/#/${hash}`, { waitUntil: 'load' });
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Extension, site and number of a line with its own DID, from the site's dial plan. */
async function someExtension(): Promise<{ siteId: string; extension: string; number: string }> {
  const plans = (await api('/coexistence/dial-plans?limit=1000')).items as { siteId: string; rules: { pattern: string; translation: string }[] }[];
  for (const p of plans) {
    const rule = p.rules.find((r) => !r.translation.includes(';ext=') && r.pattern.startsWith('^('));
    if (!rule) continue;
    for (let n = 0; n < 10000; n++) {
      const ext = String(n).padStart(4, '0');
      if (new RegExp(rule.pattern).test(ext)) return { siteId: p.siteId, extension: ext, number: ext.replace(new RegExp(rule.pattern), rule.translation) };
    }
  }
  throw new Error('the demo plan has no dial plan with an extension');
}

describe('the Coexistence view in headless Chromium', () => {
  it('reads a port order: carrier, account, BTN, submit-by date and all its numbers', async () => {
    const orders = await api('/plan/port-orders?limit=25');
    expect(orders.total).toBeGreaterThan(0);
    const order = orders.items[0];
    const { page, errors } = await open('coexistence?view=orders');
    const rows = page.getByTestId('port-orders-row');
    // The shared grid pages from the server as it scrolls: the count is the whole list's.
    await page.waitForFunction((n) => document.querySelector('[data-testid="port-orders-total"]')?.textContent === `${n} port orders`, orders.total.toLocaleString('en-US'), { timeout: 15_000 });
    await page.locator(`[data-testid="port-orders-row"][data-index="0"] [data-testid="order-numbers"]`).waitFor();
    const first = await rows.first().innerText();
    for (const text of [order.id, order.carrier, order.accountNumber, order.submitBy, order.firstNumbers[0]]) expect(first).toContain(text);
    expect(first).toMatch(order.includesBtn ? /includes the BTN/ : /not included/);
    await page.screenshot({ path: path.join(SHOTS, 'coexistence-orders.png'), fullPage: true });

    // Every number of the order in a dialog, read when it opens; closing it puts focus back on the button that opened it.
    const numbers = await api(`/plan/orders/${encodeURIComponent(order.id)}/numbers`);
    expect(numbers.total).toBe(order.numberCount);
    const button = rows.first().getByTestId('order-numbers');
    await button.click();
    const list = page.getByTestId('order-numbers-list');
    await list.waitFor();
    await page.waitForFunction((n) => document.querySelector('[data-testid="order-numbers-list"]')?.textContent?.trim().split('\n').length === n, numbers.items.length);
    expect((await list.innerText()).trim().split('\n')).toEqual(numbers.items);
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'order-numbers');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("reads an upload order's 2,500 numbers 1,000 at a time", async () => {
    // The demo's orders are small: one of 2,500 numbers is stored beside them, as a plan's commit writes it.
    const tenantId = local.config.demo.tenantId;
    const { store, plan } = local.running.services;
    const built = (await plan.get(tenantId))!.plan;
    const wave = built.waves.at(-1)!.number;
    const big = { id: 'UO-big-2500', waveNumber: wave, sbcId: 'sbc-big', numbers: Array.from({ length: 2_500 }, (_, i) => `+1425555${String(i).padStart(4, '0')}`), uploadBy: built.waves.at(-1)!.date };
    await store.commit(tenantId, 'test', orderChanges(built.portOrders, [...built.uploadOrders, big]));
    try {
      const { page, errors } = await open(`coexistence?view=orders&wave=${wave}`);
      const row = page.locator('[data-testid="upload-orders-row"]', { hasText: big.id });
      await row.waitFor({ timeout: 15_000 });
      expect(await row.innerText()).toContain(big.numbers.slice(0, 5).join(', '));
      await row.getByTestId('order-numbers').click();
      const lines = (n: number) => page.waitForFunction((k) => document.querySelector('[data-testid="order-numbers-list"]')?.textContent?.split('\n').length === k, n, { timeout: 15_000 });
      await lines(1_000);
      const more = page.getByTestId('order-numbers-more');
      expect(await more.innerText()).toBe('Show the next 1,000 (1,500 left)');
      await more.click();
      await lines(2_000);
      expect(await more.innerText()).toBe('Show the next 500 (500 left)');
      await more.click();
      await lines(2_500);
      await more.waitFor({ state: 'detached' });
      expect((await page.getByTestId('order-numbers-list').innerText()).trim().split('\n')).toEqual(big.numbers);
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await store.commit(tenantId, 'test', orderChanges(built.portOrders, built.uploadOrders));
    }
  });

  it('keeps a block that needs a decision on its one row and gives its whole text in a dialog', async () => {
    const flagged = await api('/coexistence/blocks?flagged=true&limit=1');
    expect(flagged.total).toBeGreaterThan(0);
    const block = flagged.items[0] as { blockId: string; first: string; flag: string };
    const { page, errors } = await open(`coexistence?view=blocks&q=${encodeURIComponent(block.first)}`);
    const row = page.locator('[data-testid="coex-blocks-row"]').filter({ hasText: block.first }).first();
    await row.getByTestId('block-flag').waitFor({ timeout: 15_000 });
    // The text is clipped to the row, never drawn over the rows below (it once wrapped out of its cell).
    const overflowing = await row.locator('[role="gridcell"]').evaluateAll((cells) => cells.filter((c) => c.scrollHeight > c.clientHeight + 1).length);
    expect(overflowing).toBe(0);
    expect(await row.locator('[role="gridcell"]').last().getAttribute('title')).toBe(block.flag);
    await row.getByTestId('block-flag').click();
    const list = page.getByTestId('block-flag-list');
    await list.waitFor();
    expect((await list.locator('li').allInnerTexts()).join('; ')).toBe(block.flag);
    expect(await page.getByRole('dialog').innerText()).toContain('A block the carrier ports only whole, planned in parts');
    await page.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('answers where an extension dialled at a site rings on a date, and keeps the question in the URL', async () => {
    const ext = await someExtension();
    const { page, errors } = await open('coexistence?view=question');
    await page.getByLabel('Phone number or extension').fill(ext.extension);
    await page.getByLabel('Dialled at site').selectOption(ext.siteId);
    await page.getByLabel('Date', { exact: true }).fill('2027-03-01');
    await page.getByRole('button', { name: 'Where does it ring?' }).click();
    const answer = page.getByTestId('route-answer');
    await answer.waitFor({ timeout: 15_000 });
    const text = await answer.innerText();
    expect(text).toContain(`Extension ${ext.extension}`);
    expect(text).toContain(ext.number);
    expect(await page.getByTestId('route-dialled').innerText()).toContain(`turns ${ext.extension} into ${ext.number}`);
    const hash = await page.evaluate(() => window.location.hash);
    expect(hash).toContain(`number=${ext.extension}`);
    expect(hash).toContain(`site=${encodeURIComponent(ext.siteId)}`);
    await page.screenshot({ path: path.join(SHOTS, 'coexistence-question.png'), fullPage: true });

    // The link answers the same question on arrival.
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('route-answer').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('route-answer').innerText()).toContain(ext.number);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("says whose a site's main number is and which wave moves it to the auto attendant", async () => {
    const waves = (await api('/plan/waves')).waves as { number: number; date: string }[];
    let main: { number: string; siteId: string; answering: { languageId: string; timeZoneId: string } } | undefined;
    let wave: { number: number; date: string } | undefined;
    for (const w of waves) {
      main = ((await api(`/plan/waves/${w.number}/main-numbers`)).items as NonNullable<typeof main>[])[0];
      wave = w;
      if (main) break;
    }
    expect(main).toBeDefined();
    const sites = (await api('/sites?limit=100')).items as { id: string; name: string }[];
    const siteName = sites.find((x) => x.id === main!.siteId)!.name;
    const { page, errors } = await open(`coexistence?view=question&number=${encodeURIComponent(main!.number)}&date=${wave!.date}`);
    const answer = page.getByTestId('route-answer');
    await answer.waitFor({ timeout: 15_000 });
    await until(() => answer.innerText(), (t) => t.includes(`Wave ${wave!.number} on ${wave!.date}`), 15_000);
    const text = await answer.innerText();
    expect(text).toContain(`(the main number of ${siteName}, moving to its auto attendant in wave ${wave!.number})`);
    expect(text).toContain(`moves this number (the main number of ${siteName}) to its auto attendant.`);
    // How that auto attendant answers, as the wave panel says it.
    expect(await page.getByTestId('route-answering').innerText()).toContain(`Its auto attendant answers on `);
    expect(await page.getByTestId('route-answering').innerText()).toContain(` · ${main!.answering.languageId}, ${main!.answering.timeZoneId} · `);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('downloads a per-wave workbook and a cutover runbook that read back', async () => {
    const waves = (await api('/plan/waves')).waves as { number: number }[];
    const wave = waves[0].number;
    const members = await api(`/plan/waves/${wave}/members?limit=1000`);
    const { page, errors } = await open('coexistence');
    await page.getByTestId('prepare-files').click();
    await page.getByTestId(`wave-files-${wave}`).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'coexistence-downloads.png'), fullPage: true });

    const [workbookDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`file-wave-workbook-${wave}`).click()]);
    expect(workbookDownload.suggestedFilename()).toMatch(new RegExp(`wave-0?${wave}-number-assignments\\.xlsx$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await workbookDownload.path())!);
    const cells: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((c) => cells.push(String(c.value ?? '')))));
    expect(cells).toEqual(expect.arrayContaining([members.items[0].userPrincipalName]));

    const [runbookDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`file-wave-runbook-${wave}`).click()]);
    expect(runbookDownload.suggestedFilename()).toMatch(/cutover\.ps1$/);
    const script = fs.readFileSync((await runbookDownload.path())!, 'utf8');
    expect(script).toContain(members.items[0].userPrincipalName);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('exports the current view of a list: filtered, in the order shown, and refuses an unknown list by name', async () => {
    const waves = (await api('/plan/waves')).waves as { number: number }[];
    const wave = waves[waves.length - 1].number;
    const blocks = await api(`/coexistence/blocks?wave=${wave}&dir=desc&limit=1000`);
    expect(blocks.total).toBeGreaterThan(0);
    const { page, errors } = await open(`coexistence?view=blocks&wave=${wave}`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="coex-blocks-total"]')?.textContent === `${n} number blocks`, blocks.total.toLocaleString('en-US'), { timeout: 15_000 });
    // The Block column, reversed: the grid and its workbook both start at the last block.
    await page.getByTestId('sort-block').click();
    await page.waitForFunction(() => window.location.hash.includes('dir=desc'));
    await page.locator(`[data-testid="coex-blocks-row"][data-index="0"]`).filter({ hasText: blocks.items[0].first }).waitFor({ timeout: 15_000 });
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').innerText()).toContain('Block');
    await page.screenshot({ path: path.join(SHOTS, 'coexistence-blocks-desc.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('coex-blocks-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^blocks-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const sheet = wb.worksheets[0];
    expect(sheet.name).toBe('Number blocks');
    expect(sheet.getRow(1).getCell(1).value).toBe('First number');
    expect(sheet.rowCount).toBe(blocks.total + 1);
    expect((blocks.items as { blockId: string }[]).map((b, i) => [b.blockId, String(sheet.getRow(i + 2).getCell(3).value)])).toEqual(
      (blocks.items as { blockId: string }[]).map((b) => [b.blockId, b.blockId]),
    );
    expect(wb.worksheets).toHaveLength(1);

    // Port orders through the same route, with their numbers as text (a leading + kept).
    const orders = await api('/plan/port-orders?limit=1');
    const res = await fetch(`${base}/api/coexistence/export.xlsx?list=port-orders`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-export-total')).toBe(String(orders.total));
    const ports = new ExcelJS.Workbook();
    await ports.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    expect(String(ports.worksheets[0].getRow(2).getCell(1).value)).toBe(orders.items[0].id);
    expect(String(ports.worksheets[0].getRow(2).getCell(10).value).split('\n')[0]).toBe(orders.items[0].firstNumbers[0]);

    const bad = await fetch(`${base}/api/coexistence/export.xlsx?list=everything`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('list must be one of');
    const noStage = await fetch(`${base}/api/coexistence/export.xlsx?list=sbc-rules`);
    expect(noStage.status).toBe(400);
    expect((await noStage.json()).error.message).toContain('after is required');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works with the keyboard only: sections, a filter and the routing question', async () => {
    const ext = await someExtension();
    const { page, errors } = await open('coexistence');
    await page.getByTestId('coex-blocks-row').first().waitFor();
    // Into the section tabs by keyboard, then along them with the arrow keys.
    await page.getByTestId('coex-view-blocks').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash.includes('view=orders'));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash.includes('view=routing'));
    // The stage picker: Tab to it, choose the last wave with the keyboard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await page.keyboard.press('End');
    await page.waitForFunction(() => /after=\d+/.test(window.location.hash));
    await page.getByTestId('sbc-rules-row').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'coexistence-routing.png'), fullPage: true });

    await page.getByTestId('coex-view-routing').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash.includes('view=question'));
    await page.keyboard.press('Tab');
    await page.keyboard.type(ext.extension);
    await page.keyboard.press('Tab');
    await page.getByLabel('Dialled at site').selectOption(ext.siteId); // a native select: same as typing its name
    // Enter in the date field submits the form.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('route-answer').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('route-answer').innerText()).toContain(ext.number);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
