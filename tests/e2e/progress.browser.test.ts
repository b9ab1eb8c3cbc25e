/**
 * The Progress page in headless Chromium against the real local server (the demo tenant with its plan
 * and the drift its last sync found): everyone with their state, one state, a state within a wave and a site, and the fix-ups
 * with their PowerShell copied for the selected rows - each count as the status read model has it.
 */
import type { Browser, Page } from 'playwright-core';
import type { LocalServer } from '../support/http';
import { SCREENSHOTS_DIR, startTabInBrowser } from '../support/tab-in-browser';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { until } from '../support/until';
import { NUMBER_RESULT_CHECK } from '../../shared/export/powershell';
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
  it('lists everyone, a state, and a state within a wave and a site, each with the count the status has', async () => {
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

    // A wave keeps the state: the drifted people of that wave.
    const wave = (status.waves as { number: number; counts: { total: number; drifted: number } }[]).find((w) => w.counts.drifted > 0) ?? status.waves[0];
    await page.getByTestId('progress-wave').selectOption(String(wave.number));
    await shows(page, `${n(wave.counts.drifted)} people`);
    expect(page.url()).toContain(`wave=${wave.number}`);
    expect(page.url()).toContain('state=drifted');
    expect(await page.getByTestId('progress-show').inputValue()).toBe('drifted');
    // The Show list counts the wave's people now.
    expect(await page.getByTestId('progress-show').locator('option[value=""]').innerText()).toBe(`Everyone (${n(wave.counts.total)})`);

    // And a site: the wave's drifted people there, as the wave's whole list says.
    const waveMembers = (await api(`/migration-status?wave=${wave.number}&limit=1000`)).members as { state: string; siteId?: string; userPrincipalName?: string }[];
    const site = waveMembers.find((m) => m.state === 'drifted' && m.siteId)?.siteId ?? waveMembers.find((m) => m.siteId)!.siteId!;
    const expected = waveMembers.filter((m) => m.state === 'drifted' && m.siteId === site);
    await page.goto(`${base}/#/progress?state=drifted&wave=${wave.number}&site=${encodeURIComponent(site)}`);
    await shows(page, `${n(expected.length)} people`);
    await until(() => rows.count(), (c) => c === expected.length);
    expect((await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-upn')))).sort()).toEqual(expected.map((m) => m.userPrincipalName ?? '').sort());
    // The Show list counts the site's people in the wave.
    const show = page.getByTestId('progress-show');
    await until(() => show.locator('option[value=""]').innerText(), (t) => t === `Everyone (${n(waveMembers.filter((m) => m.siteId === site).length)})`);
    expect(await show.locator('option[value="drifted"]').innerText()).toMatch(new RegExp(`\\(${n(expected.length)}\\)$`));
    // The view as a workbook: the same people.
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('progress-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^progress-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await download.path())!);
    expect(workbook.worksheets[0].rowCount).toBe(expected.length + 1);
    // Everyone again keeps the wave and the site.
    await page.getByTestId('progress-show').selectOption('');
    await shows(page, `${n(waveMembers.filter((m) => m.siteId === site).length)} people`);
    expect(page.url()).not.toContain('state=');
    expect(page.url()).toContain(`wave=${wave.number}`);
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

    // Every fix-up as one script: each command in it, in the list's order, with the check that makes an older
    // MicrosoftTeams module's failure result an error (the script stops at the first one).
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('progress-script').click()]);
    expect(download.suggestedFilename()).toBe('fix-ups.ps1');
    const script = fs.readFileSync((await download.path())!, 'utf8');
    expect(script.split('\r\n')[0]).toBe('#Requires -Modules MicrosoftTeams');
    const all = (await api(`/migration-status/fixups?limit=1000`)).items as { powershell: string[] }[];
    expect(script.split('\r\n').filter((l) => /^(?:Set|Remove)-Cs/.test(l))).toEqual(all.flatMap((f) => f.powershell.map((c) => c + NUMBER_RESULT_CHECK)));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the Overview, the Sites page and the Plan page open it filtered: a state, a site, a wave', async () => {
    const status = await api('/migration-status?limit=1');
    const { page, errors } = await open('#/overview');
    // The moving pilot numbers of PBX groups, counted as the status counts them (the demo moves some, none in Teams yet).
    const pilots = (status.waves as { pilots?: { total: number; done: number } }[]).reduce((sum, w) => sum + (w.pilots?.total ?? 0), 0);
    expect(pilots).toBeGreaterThan(0);
    await until(() => page.getByTestId('overview-pilots').innerText(), (t) => t === `0 of ${pilots} group pilot numbers on call queues`);
    // The sites' main numbers moving to auto attendants, counted apart from the pilots (none in Teams yet either).
    const mainNumbers = (status.waves as { mainNumbers?: { total: number; done: number } }[]).reduce((sum, w) => sum + (w.mainNumbers?.total ?? 0), 0);
    expect(mainNumbers).toBeGreaterThan(1);
    await until(() => page.getByTestId('overview-main-numbers').innerText(), (t) => t === `0 of ${mainNumbers} main numbers on auto attendants`);
    // A state's count on the Overview: that state's people.
    await page.getByTestId('overview-state-drifted').click();
    await page.waitForFunction(() => window.location.hash === '#/progress?state=drifted');
    await shows(page, `${n(status.tenant.drifted)} people`);

    // A site's Moved figure: the site's people.
    const sites = (await api('/migration-status/sites?limit=1000')).items as { siteId: string; counts: { total: number } }[];
    await page.goto(`${base}/#/sites`);
    const row = page.getByTestId('site-row').first();
    await row.getByTestId('site-moved').waitFor({ timeout: 30_000 });
    await row.getByTestId('site-moved').click();
    await page.waitForFunction(() => /^#\/progress\?site=/.test(window.location.hash));
    const siteId = decodeURIComponent(/site=([^&]+)/.exec(page.url())![1]);
    await shows(page, `${n(sites.find((x) => x.siteId === siteId)!.counts.total)} people`);
    // The Show list counts the site's people.
    await until(() => page.getByTestId('progress-show').locator('option[value=""]').innerText(), (t) => t === `Everyone (${n(sites.find((x) => x.siteId === siteId)!.counts.total)})`);

    // A wave on the Plan page: each of its sites says how many of its people in the wave have moved, as
    // the status counts them, and opens them; "Who has moved" opens the wave's people.
    const firstWave = (status.waves as { number: number }[])[0].number;
    const waveSites = (await api(`/migration-status/sites?wave=${firstWave}&limit=1000`)).items as { siteId: string; waves: { number: number; counts: { done: number; total: number; drifted: number } }[] }[];
    // (People of the wave at no site count under the site id '': the panel names the plan's sites.)
    const inWave = new Map(waveSites.filter((x) => x.siteId !== '').map((x) => [x.siteId, x.waves.find((w) => w.number === firstWave)!.counts]));
    await page.goto(`${base}/#/plan?wave=${firstWave}`);
    const wave = page.getByTestId('wave').first();
    await wave.waitFor({ timeout: 30_000 });
    const siteEntries = wave.getByTestId('wave-site');
    await until(() => siteEntries.count(), (c) => c === inWave.size, 30_000);
    await until(() => siteEntries.filter({ hasText: ' moved' }).count(), (c) => c === inWave.size, 30_000);
    for (const entry of await siteEntries.all()) {
      const c = inWave.get((await entry.getAttribute('data-site'))!)!;
      expect(await entry.innerText()).toMatch(new RegExp(` ${n(c.done)} of ${n(c.total)} moved${c.drifted ? `, ${n(c.drifted)} drifted` : ''}$`));
    }
    const busiest = [...inWave].sort((a, b) => b[1].total - a[1].total)[0];
    await wave.locator(`[data-testid="wave-site"][data-site="${busiest[0]}"] a`).click();
    await page.waitForFunction(() => /^#\/progress\?/.test(window.location.hash));
    expect(page.url()).toContain(`wave=${firstWave}`);
    expect(page.url()).toContain(`site=${encodeURIComponent(busiest[0])}`);
    await shows(page, `${n(busiest[1].total)} people`);
    await page.goto(`${base}/#/plan?wave=${firstWave}`);
    await wave.getByTestId('wave-progress').click();
    await page.waitForFunction(() => /^#\/progress\?wave=\d+$/.test(window.location.hash));
    const number = Number(/wave=(\d+)/.exec(page.url())![1]);
    await shows(page, `${n((status.waves as { number: number; counts: { total: number } }[]).find((w) => w.number === number)!.counts.total)} people`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
