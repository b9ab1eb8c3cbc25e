/**
 * Tracking a port order on the Coexistence page in headless Chromium against the real local server (demo
 * tenant with its plan): record it as submitted with the carrier's reference, see the FOC date the
 * server asks for at its field, and lose a save to a change made meanwhile through the API - the
 * server's conflict message in the dialog, the list read again, the next save going through. The
 * dialog is scanned with axe; text from the data (a reference with markup) shows as text. An order far
 * down a long list keeps its place and its focus after the save; an MSP viewer is offered no update.
 */
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { LocalServer } from '../support/http';
import { demoCustomerTenantId } from '../../shared/demo/demo-customers';
import { orderChanges } from '../../shared/services/order-read-model';
import { scanWithAxe } from '../support/axe-scan';
import { SCREENSHOTS_DIR, startTabInBrowser } from '../support/tab-in-browser';
import { until } from '../support/until';

let local: LocalServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  // With the demo's MSP customers: the third is granted to the MSP for viewing only.
  ({ local, browser } = await startTabInBrowser('vmp-order-tracking-e2e-', { DEMO_CUSTOMERS: '3' }));
  base = local.base;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

interface PortOrder {
  id: string;
  waveNumber: number;
  tracking?: { state: string; reference?: string; focDate?: string };
  trackingWarnings?: string[];
}
interface PortOrdersPage {
  items: PortOrder[];
  total: number;
  trackingVersion: number | null;
}

const api = async <T>(p: string): Promise<T> => (await fetch(`${base}/api${p}`)).json() as Promise<T>;

/** The tab at `hash`, acting for `actingFor` (an MSP's customer, as the tenant switcher would choose it) when given. */
async function open(hash: string, actingFor?: string): Promise<{ page: Page; errors: string[] }> {
  // bypassCSP: axe is injected into the page (the tab's CSP allows no injected script).
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  if (actingFor) await page.addInitScript((tenantId) => sessionStorage.setItem('vmp.actingTenant', tenantId), actingFor);
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/#/${hash}`, { waitUntil: 'load' });
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** The text of a row's Status words, '' while the row is being read again (a skeleton in its place). */
const statusOf = (row: Locator) => row.getByTestId('order-status').innerText({ timeout: 1_000 }).catch(() => '');

/** What the page's focus is on: the order id of an Update button. */
const focusedUpdate = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-order-update') ?? null);

describe('tracking a port order on the Coexistence page', () => {
  it('records it as submitted, asks for the FOC date at its field, and shows a conflict with a change made meanwhile', async () => {
    const first = await api<PortOrdersPage>('/plan/port-orders?limit=1');
    expect(first.total).toBeGreaterThan(0);
    const order = first.items[0];
    expect(order.tracking).toBeUndefined();
    const waves = (await api<{ waves: { number: number; date: string }[] }>('/plan/waves')).waves;
    const cutover = waves.find((w) => w.number === order.waveNumber)!.date;

    const { page, errors } = await open('coexistence?view=orders');
    const row = page.locator('[data-testid="port-orders-row"][data-index="0"]');
    const update = row.getByTestId('order-update');
    await update.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toContain(order.id);
    expect(await statusOf(row)).toBe('Not submitted');

    // Submitted with the carrier's reference: the row, read again, says so; focus is back on its button.
    await update.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByTestId('order-tracking-now').innerText()).toBe('Now: Not submitted.');
    await dialog.getByLabel('State').selectOption({ label: 'Submitted' });
    await dialog.getByLabel('Reference').fill('TEL-4471');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(() => statusOf(row), (t) => t === 'Submitted (ref. TEL-4471)');
    await until(() => focusedUpdate(page), (id) => id === order.id);
    expect(await page.getByTestId('port-orders-saved').innerText()).toBe(`Saved: ${order.id} - Submitted (ref. TEL-4471).`);
    const submitted = await api<PortOrdersPage>('/plan/port-orders?limit=1');
    expect(submitted.items[0].tracking).toMatchObject({ state: 'submitted', reference: 'TEL-4471' });

    // FOC confirmed without its date: the server's words at the date field, and the dialog stays open.
    await update.click();
    await dialog.waitFor();
    expect(await dialog.getByLabel('State').inputValue()).toBe('submitted');
    expect(await dialog.getByLabel('Reference').inputValue()).toBe('TEL-4471');
    await dialog.getByLabel('State').selectOption({ label: 'FOC confirmed' });
    const foc = dialog.getByLabel('FOC date');
    expect(await foc.inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await until(() => foc.getAttribute('aria-invalid'), (v) => v === 'true');
    const describedBy = (await foc.getAttribute('aria-describedby'))!.split(' ');
    const fieldWords = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(fieldWords.join(' ')).toContain('a confirmed order needs the date the carrier confirmed');
    expect(await dialog.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'order-tracking-dialog.png') });
    expect(await scanWithAxe(page, 'order tracking dialog with a field error')).toEqual([]);

    // Meanwhile someone changes it through the API (a reference with markup, shown as text): the save
    // against the version the list was read with is refused with the server's words.
    const current = await api<PortOrdersPage>('/plan/port-orders?limit=1');
    const hostile = '<img src=x onerror="window.__ran=1">';
    const theirs = await fetch(`${base}/api/plan/orders/${encodeURIComponent(order.id)}/tracking`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'If-Match': `"${current.trackingVersion}"` },
      body: JSON.stringify({ state: 'submitted', reference: hostile }),
    });
    expect(theirs.status).toBe(200);
    // A FOC date after the wave's cutover: the saved order carries a warning about it.
    const late = `${Number(cutover.slice(0, 4)) + 1}${cutover.slice(4)}`;
    await foc.fill(late);
    await dialog.getByRole('button', { name: 'Save' }).click();
    const conflict = await until(
      () => dialog.innerText(),
      (t) => t.includes('Not saved: the orders changed meanwhile'),
    );
    expect(conflict).toContain(`you edited version ${current.trackingVersion}`);
    expect(await dialog.isVisible()).toBe(true);
    // The list behind is read again: it shows their change, as text.
    await until(() => statusOf(row), (t) => t === `Submitted (ref. ${hostile})`);
    expect(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran)).toBeUndefined();

    // Saved again, against what is stored now: the row says so, with the warning under it.
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(() => statusOf(row), (t) => t === `Confirmed for ${late} (ref. TEL-4471)`);
    const warning = row.getByTestId('order-warnings');
    await warning.waitFor();
    expect(await warning.innerText()).toContain(`The confirmed port date ${late} is after the wave's cutover on ${cutover}`);
    await until(() => focusedUpdate(page), (id) => id === order.id);
    // Words and warning fit the grid's fixed row: nothing drawn over the row below.
    const overflowing = await row.locator('[role="gridcell"]').evaluateAll((cells) => cells.filter((c) => c.scrollHeight > c.clientHeight + 1).length);
    expect(overflowing).toBe(0);
    // Every warning whole in a dialog (the row shows the first, clipped).
    await warning.click();
    expect(await page.getByTestId('order-warnings-list').locator('li').allInnerTexts()).toEqual((await api<PortOrdersPage>('/plan/port-orders?limit=1')).items[0].trackingWarnings);
    await page.keyboard.press('Escape');
    await page.getByTestId('order-warnings-list').waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the place of an order far down the list: the list read again is scrolled back, focus on its Update button', async () => {
    // The demo has a handful of port orders: sixty more are stored beside them, as a plan's commit writes them.
    const tenantId = local.config.demo.tenantId;
    const { store, plan } = local.running.services;
    const built = (await plan.get(tenantId))!.plan;
    const more = Array.from({ length: 60 }, (_, i) => ({ ...built.portOrders[0], id: `${built.portOrders[0].id}-copy${String(i).padStart(2, '0')}` }));
    await store.commit(tenantId, 'test', orderChanges([...built.portOrders, ...more], built.uploadOrders));
    try {
      const { page, errors } = await open('coexistence?view=orders');
      const grid = page.getByTestId('port-orders');
      await grid.getByTestId('order-update').first().waitFor({ timeout: 15_000 });
      await grid.evaluate((g) => g.scrollTo({ top: g.scrollHeight }));
      const last = more.at(-1)!.id;
      const update = grid.locator(`[data-order-update="${last}"]`);
      await update.click();
      const scrolled = await grid.evaluate((g) => g.scrollTop);
      expect(scrolled).toBeGreaterThan(0);
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('State').selectOption({ label: 'Submitted' });
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      await until(() => focusedUpdate(page), (id) => id === last);
      expect(await grid.evaluate((g) => g.scrollTop)).toBe(scrolled);
      const row = grid.locator('[data-testid="port-orders-row"]', { has: page.locator(`[data-order-update="${last}"]`) });
      await until(() => statusOf(row), (t) => t === 'Submitted');
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await store.commit(tenantId, 'test', orderChanges(built.portOrders, built.uploadOrders));
    }
  });

  it('offers an MSP viewer no Update button: it reads where the orders stand', async () => {
    const viewed = demoCustomerTenantId(3);
    const orders = (await (await fetch(`${base}/api/plan/port-orders?limit=1`, { headers: { 'X-Tenant-Id': viewed } })).json()) as PortOrdersPage;
    expect(orders.total).toBeGreaterThan(0);
    const { page, errors } = await open('coexistence?view=orders', viewed);
    const grid = page.getByTestId('port-orders');
    await until(() => grid.getByTestId('order-status').allInnerTexts(), (t) => t.length > 0 && t.every((s) => s === 'Not submitted'));
    // Who is asking (/me) has been answered too.
    await page.waitForLoadState('networkidle');
    expect(await grid.locator('[role="columnheader"]').allInnerTexts()).not.toContain('Action');
    expect(await page.getByTestId('order-update').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
