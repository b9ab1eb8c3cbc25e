/**
 * The Blockers grid in headless Chromium against the real local server (demo tenant with its plan):
 * from the Overview's "blockers by gate" bar into the grid filtered by that gate (and the same gate as
 * readiness has it before a re-plan); the licences the blocked people need against the seats free;
 * gate, site and wave
 * filters together in the URL and on the server; the reversed order; the current view exported and
 * read back; and the same with the keyboard only (filters, sort, selection, copy, export).
 * Screenshots go to tests/artifacts/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { gateLabel, GROUP_MEMBER_BLOCKED } from '../../shared/domain/decisions/gate-catalogue';
import type { LocalServer } from '../support/http';
import { SCREENSHOTS_DIR, startTabInBrowser } from '../support/tab-in-browser';
import { pick } from '../support/combobox';

const SHOTS = SCREENSHOTS_DIR;

let local: LocalServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  ({ local, browser } = await startTabInBrowser('vmp-blockers-e2e-'));
  base = local.base;
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

const api = async (p: string) => (await fetch(`${base}/api${p}`)).json();

interface Blocked {
  personId: string;
  userPrincipalName: string;
  displayName?: string;
  siteId?: string;
  gates: { code: string; fix: string }[];
  waves: number[];
}

async function open(hash: string, permissions: string[] = []): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, permissions });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/${hash}`, { waitUntil: 'load' });
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Waits until `read` answers what `ok` accepts (state arrives in steps on a busy machine), then checks it. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, want: unknown, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  let last: T = await read();
  while (!ok(last) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  if (!ok(last)) expect(last).toEqual(want);
}

const total = (page: Page) => page.getByTestId('blockers-total').innerText();

/** Reads a downloaded workbook's first sheet as rows of text. */
async function sheetRows(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: string[][] = [];
  wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

describe('the Blockers grid in headless Chromium', () => {
  it('opens from the Overview bar of a gate, filtered by that gate, with the fix', async () => {
    const blockers = await api('/plan/blockers');
    expect(blockers.total).toBeGreaterThan(0);
    // The most frequent readiness gate (the plan's own group-member-blocked has no readiness rows).
    const gate = (blockers.byCode as { code: string; count: number; fix: string }[]).find((c) => c.code !== GROUP_MEMBER_BLOCKED)!;
    const { page, errors } = await open('#/overview');
    const bar = page.locator(`[data-testid="chart-gates-bar"][href*="gate=${encodeURIComponent(gate.code)}"]`);
    // The bar reads as the gate's label ("No Teams Phone licence"), not its code.
    expect(gateLabel(gate.code)).not.toBe(gate.code);
    expect(await bar.first().innerText()).toContain(gateLabel(gate.code));
    await bar.first().click();
    await page.waitForFunction((code) => window.location.hash.startsWith('#/blockers') && window.location.hash.includes(`gate=${code}`), encodeURIComponent(gate.code));
    await until(() => total(page), (v) => v === `${gate.count.toLocaleString()} blocked people`, `${gate.count.toLocaleString()} blocked people`);
    await page.getByTestId('blockers-row').first().waitFor();
    expect(await page.getByTestId('blockers-gate-fix').innerText()).toContain(gate.fix);
    const first = (await api(`/plan/blocked?gate=${encodeURIComponent(gate.code)}&limit=1`)).items[0] as Blocked;
    const row = page.locator(`[data-testid="blockers-row"][data-upn="${first.userPrincipalName}"]`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(first.displayName ?? first.userPrincipalName);
    expect(text).toContain(gateLabel(gate.code));
    expect(await page.getByTestId('blockers-gate-fix').innerText()).toContain(gateLabel(gate.code));
    expect(await row.locator('[title]').first().getAttribute('title')).toBe(first.userPrincipalName);
    await page.screenshot({ path: path.join(SHOTS, 'blockers-gate.png'), fullPage: true });

    // The same gate as readiness has it now (before a re-plan): one row per gate, the wave filter off.
    const now = await api(`/readiness?severity=blocker&code=${encodeURIComponent(gate.code)}&limit=1`);
    await page.getByTestId('blockers-source').selectOption('readiness');
    await page.waitForFunction(() => window.location.hash.includes('source=readiness'));
    await until(() => total(page), (v) => v === `${now.total.toLocaleString()} blocker gates`, `${now.total.toLocaleString()} blocker gates`);
    expect(await page.getByTestId('blockers-wave').isDisabled()).toBe(true);
    await page.getByTestId('blockers-row').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'blockers-readiness.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says which licences the blocked people need against the seats free, each count opening its people', async () => {
    const blockers = await api('/plan/blockers');
    const need = (blockers.licences as { kind: string; needed: number; turnedOff?: number; free?: number; toBuy?: number }[]).find((l) => l.kind === 'teamsPhone')!;
    expect(need.needed).toBeGreaterThan(0);
    expect(need.turnedOff).toBeGreaterThan(0);
    // The Overview's plan card says how many to buy in all and leads to the Blockers page.
    const toBuy = (blockers.licences as { toBuy?: number }[]).reduce((sum, l) => sum + l.toBuy!, 0);
    const { page, errors } = await open('#/overview');
    await until(() => page.getByTestId('overview-licences').innerText(), (t) => t === toBuy.toLocaleString('en-US'), toBuy.toLocaleString('en-US'), 30_000);
    await page.getByTestId('overview-licences').click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/blockers'));
    const row = page.locator('[data-testid="licence-need"][data-kind="teamsPhone"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('licence-need-free').innerText()).toMatch(new RegExp(`^${need.free!.toLocaleString('en-US')}\\b`));
    const buyBy = (blockers.licences as { kind: string; buyBy?: { wave: number; date: string } }[]).find((l) => l.kind === 'teamsPhone')!.buyBy;
    expect(await row.getByTestId('licence-need-to-buy').innerText()).toBe(`${need.toBuy!.toLocaleString('en-US')}${buyBy ? ` before ${buyBy.date} (wave ${buyBy.wave})` : ''}`);
    await page.screenshot({ path: path.join(SHOTS, 'blockers-licences.png'), fullPage: true });
    // The people who need a seat; those with Teams Phone turned off (they need none).
    await row.getByTestId('licence-need-people').click();
    await page.waitForFunction(() => window.location.hash.includes('gate=no-teams-phone-licence'));
    await until(() => total(page), (v) => v === `${need.needed.toLocaleString('en-US')} blocked people`, `${need.needed.toLocaleString('en-US')} blocked people`);
    await row.getByTestId('licence-need-turned-off').click();
    await page.waitForFunction(() => window.location.hash.includes('gate=teams-phone-turned-off'));
    await until(() => total(page), (v) => v === `${need.turnedOff!.toLocaleString('en-US')} blocked people`, `${need.turnedOff!.toLocaleString('en-US')} blocked people`);
    expect(await page.getByTestId('blockers-gate-fix').innerText()).toContain('no new licence is needed');
    // One script turns it on for all of them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('blockers-teams-phone-on').click()]);
    expect(download.suggestedFilename()).toBe('turn-teams-phone-on.ps1');
    const script = fs.readFileSync((await download.path())!, 'utf8');
    expect(script.split('\r\n').filter((l) => /^ {4}'.+'$/.test(l))).toHaveLength(need.turnedOff!);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('filters by gate, site and wave together on the server, reverses the order and exports the view', async () => {
    const all = (await api('/plan/blocked?limit=1000')).items as Blocked[];
    const sample = all.find((b) => b.siteId && b.waves.length) ?? all.find((b) => b.siteId)!;
    const gate = sample.gates[0].code;
    const wave = sample.waves[0];
    const expected = all.filter((b) => b.siteId === sample.siteId && b.gates.some((g) => g.code === gate) && (wave === undefined || b.waves.includes(wave)));
    const params = new URLSearchParams({ gate, site: sample.siteId!, ...(wave !== undefined ? { wave: String(wave) } : {}) });
    const served = await api(`/plan/blocked?${params}&limit=1000`);
    expect(served.total).toBe(expected.length);
    expect((served.items as Blocked[]).map((b) => b.personId)).toEqual(expected.map((b) => b.personId));

    const { page, errors } = await open(`#/blockers?${params}`);
    await until(() => total(page), (v) => v === `${expected.length.toLocaleString()} blocked people`, `${expected.length.toLocaleString()} blocked people`);
    await page.locator(`[data-testid="blockers-row"][data-upn="${expected[0].userPrincipalName}"]`).waitFor();
    expect(await page.getByTestId('blockers-gate').inputValue()).toBe(gate);
    const siteName = ((await api('/sites?limit=2000')).items as { id: string; name: string }[]).find((s) => s.id === sample.siteId)!.name;
    expect(await page.getByTestId('blockers-site').inputValue()).toBe(siteName);

    // Every site, reversed: the grid's first row is the plan's last blocked person.
    await pick(page, page.getByTestId('blockers-site'), '', 'All sites');
    await page.getByTestId('blockers-wave').selectOption('');
    await page.getByTestId('blockers-gate').selectOption('');
    await until(() => total(page), (v) => v === `${all.length.toLocaleString()} blocked people`, `${all.length.toLocaleString()} blocked people`);
    await page.getByTestId('sort-site').click();
    await page.waitForFunction(() => window.location.hash.includes('dir=desc'));
    const last = all[all.length - 1];
    await until(() => page.getByTestId('blockers-row').first().getAttribute('data-upn'), (v) => v === last.userPrincipalName, last.userPrincipalName);
    expect(await page.locator('[role="columnheader"][aria-sort="descending"]').innerText()).toContain('Site');
    await page.screenshot({ path: path.join(SHOTS, 'blockers-all-desc.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('blockers-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^blocked-people-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const rows = await sheetRows((await download.path())!);
    expect(rows[0].slice(0, 5)).toEqual(['Name', 'User principal name', 'Site', 'Site id', 'Gates']);
    expect(rows).toHaveLength(all.length + 1);
    expect(rows[1][1]).toBe(last.userPrincipalName);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('works with the keyboard only: a filter, the order, a selection copied, the export', async () => {
    const blockers = await api('/plan/blockers');
    const gate = blockers.byCode[0] as { code: string; count: number };
    const { page, errors } = await open('#/blockers', ['clipboard-read', 'clipboard-write']);
    await page.getByTestId('blockers-row').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('blockers-gate').focus();
    // A native select: typing the option's text (the gate's label) picks it.
    await page.keyboard.type(gateLabel(gate.code));
    await page.waitForFunction((code) => window.location.hash.includes(`gate=${code}`), encodeURIComponent(gate.code));
    await until(() => total(page), (v) => v === `${gate.count.toLocaleString()} blocked people`, `${gate.count.toLocaleString()} blocked people`);
    await page.getByTestId('sort-site').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.location.hash.includes('dir=desc'));
    // The first row's checkbox: Tab from the header's "select all", Space selects.
    await page.getByTestId('blockers-list-select-all').focus();
    await page.getByTestId('blockers-row').first().waitFor();
    const upn = await page.getByTestId('blockers-row').first().getAttribute('data-upn');
    const checkbox = page.getByTestId('blockers-row').first().getByRole('checkbox');
    await checkbox.focus();
    await page.keyboard.press('Space');
    await until(() => page.getByTestId('blockers-copy').innerText(), (v) => String(v).includes('(1)'), '(1)');
    await page.getByTestId('blockers-copy').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('blockers-copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(upn);
    await page.getByTestId('blockers-export').focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    const rows = await sheetRows((await download.path())!);
    expect(rows).toHaveLength(gate.count + 1);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
