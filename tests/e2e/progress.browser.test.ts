/**
 * The Progress page in headless Chromium against the real local server (the demo tenant with its plan
 * and the drift its last sync found): everyone with their state, one state, one wave, and the fix-ups
 * with their PowerShell copied for the selected rows - each count as the status read model has it.
 */
import type { Browser, Page } from 'playwright-core';
import type { LocalServer } from '../support/http';
import { SCREENSHOTS_DIR, startTabInBrowser } from '../support/tab-in-browser';
import fs from 'node:fs';
import path from 'node:path';

let local: LocalServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  ({ local, browser } = await startTabInBrowser('vmp-progress-e2e-'));
  base = local.base;
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

const api = async (p: string) => (await fetch(`${base}/api${p}`)).json();

async function open(hash: string, permissions: string[] = []): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, permissions, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/${hash}`, { waitUntil: 'load' });
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Waits for the count the page shows: it arrives after the first page of rows. */
async function shows(page: Page, text: string): Promise<void> {
  await page.waitForFunction((t) => document.querySelector('[data-testid="progress-total"]')?.textContent === t, text, { timeout: 30_000 });
}

const n = (x: number) => x.toLocaleString('en-US');

describe('the Progress page in headless Chromium', () => {
  it('lists everyone, one state or one wave, each with the count the status has', async () => {
    const status = await api('/migration-status?limit=1');
    expect(status.tenant.drifted).toBeGreaterThan(0);
    const { page, errors } = await open('#/progress');
    await shows(page, `${n(status.tenant.total)} people`);
    expect(await page.getByTestId('progress-summary').innerText()).toContain(`${status.tenant.percentDone}% of ${n(status.tenant.total)} moved`);

    await page.getByTestId('progress-show').selectOption('drifted');
    await shows(page, `${n(status.tenant.drifted)} people`);
    expect(page.url()).toContain('state=drifted');
    const rows = page.getByTestId('progress-row');
    await rows.first().waitFor();
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))))).toEqual(new Set(['drifted']));
    await page.screenshot({ path: path.join(SCREENSHOTS_DIR, 'progress-drifted.png') });

    // A wave replaces the state: one filter at a time, as the read model is keyed.
    const wave = status.waves[0] as { number: number; counts: { total: number } };
    await page.getByTestId('progress-wave').selectOption(String(wave.number));
    await shows(page, `${n(wave.counts.total)} people`);
    expect(page.url()).toContain(`wave=${wave.number}`);
    expect(page.url()).not.toContain('state=');
    expect(await page.getByTestId('progress-show').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lists the fix-ups and copies the PowerShell of the selected ones, every value quoted', async () => {
    const fixUps = await api('/migration-status/fixups?limit=5');
    expect(fixUps.total).toBeGreaterThan(0);
    const { page, errors } = await open('#/progress?show=fixups', ['clipboard-read', 'clipboard-write']);
    await shows(page, `${n(fixUps.total)} fix-ups`);
    const first = page.getByTestId('progress-fixup-row').first();
    await first.waitFor();
    expect(await first.innerText()).toContain(fixUps.items[0].problem);
    await first.getByRole('checkbox').check();
    await page.getByTestId('progress-copy').click();
    await page.getByTestId('progress-copied').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${fixUps.items[0].powershell.join('\n')}\n`);
    for (const line of copied.trim().split('\n')) expect(line).toMatch(/^(?:Set|Remove)-CsPhoneNumberAssignment -Identity '[^']+' -PhoneNumber '\+\d+' -PhoneNumberType '(?:DirectRouting|OperatorConnect|CallingPlan)'$/);
    // The wave filter does not apply to fix-ups.
    expect(await page.getByTestId('progress-wave').isDisabled()).toBe(true);

    // Every fix-up as one script: each command in it, in the list's order.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('progress-script').click()]);
    expect(download.suggestedFilename()).toBe('fix-ups.ps1');
    const script = fs.readFileSync((await download.path())!, 'utf8');
    expect(script.split('\r\n')[0]).toBe('#Requires -Modules MicrosoftTeams');
    const all = (await api(`/migration-status/fixups?limit=1000`)).items as { powershell: string[] }[];
    expect(script.split('\r\n').filter((l) => /^(?:Set|Remove)-Cs/.test(l))).toEqual(all.flatMap((f) => f.powershell));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
