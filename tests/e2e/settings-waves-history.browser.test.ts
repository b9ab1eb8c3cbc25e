/**
 * Settings forms, waves and history in headless Chromium against the real local server (demo tenant,
 * its settings and plan): the schedule form refuses a cutover time of 25:99 at the field, then saves
 * the fixed value; the same edit with the keyboard only; a site pinned to a wave moves there after
 * Re-plan, with the "what moved" summary; a pin the planner cannot honour shows its reason; a PBX
 * group is pinned with the group picker (searched by name, shown with its type and size), also by
 * keyboard only; a hunt group's queue is put on the tenant's own resource account from the wave panel; an
 * earlier settings version is restored from the history (focus back on the button after the dialog).
 * The settings file downloads and uploads (checked first). Two admins editing the same section conflict
 * (both versions shown, "apply mine again"), different sections do not. The tenant's MSP consent
 * panel refuses a bad id at the field, allows an MSP, and revokes after a confirmation. The reminders
 * section lists the chats and channels the bot reminds (paused first) and stops one after a confirmation. Every view is scanned with axe-core; screenshots go to tests/artifacts/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LocalServer } from '../support/http';
import { SCREENSHOTS_DIR, startTabInBrowser } from '../support/tab-in-browser';
import { until } from '../support/until';
import { scanViews, scanWithAxe } from '../support/axe-scan';
import { pick } from '../support/combobox';
import { applySubscriptionRequest, listSubscriptions, pauseUnreachableSubscription, type StoredConversation } from '../../shared/services/subscription-service';

const SHOTS = SCREENSHOTS_DIR;

let local: LocalServer;
let base: string;
const PANEL_MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
let browser: Browser | undefined;

beforeAll(async () => {
  // Another tenant is the deployment's MSP, so the demo tenant is one its admins may allow (the MSP consent panel).
  ({ local, browser } = await startTabInBrowser('vmp-settings-e2e-', { MSP_TENANT_IDS: PANEL_MSP }));
  base = local.base;
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = async (p: string, init?: RequestInit): Promise<any> => (await fetch(`${base}/api${p}`, init)).json();

interface WaveRow {
  number: number;
  date: string;
  siteIds: string[];
  members: number;
}

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/#/${hash}`, { waitUntil: 'load' });
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** Presses Tab until the focused element matches, as a keyboard-only admin would. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Picks an option of a Fluent combobox by typing into it and clicking the option whose name starts with `name`. */
async function planWaves(): Promise<WaveRow[]> {
  return (await api('/plan/waves')).waves;
}

/** The first wave that moves a main number to an auto attendant (the demo has several). */
async function firstWaveMovingMainNumbers(): Promise<number> {
  for (const w of await planWaves()) if ((await api(`/plan/waves/${w.number}/main-numbers?limit=1`)).total > 0) return w.number;
  throw new Error('no wave moves a main number');
}

async function firstWaveMovingGroups(): Promise<number> {
  for (const w of await planWaves()) if ((await api(`/plan/waves/${w.number}/groups?limit=1`)).total > 0) return w.number;
  throw new Error('no wave moves a PBX group');
}

async function firstWaveMovingCommonAreaPhones(): Promise<number> {
  for (const w of await planWaves()) if ((await api(`/plan/waves/${w.number}/common-area-phones?limit=1`)).total > 0) return w.number;
  throw new Error('no wave moves a common-area phone');
}

/** Waits until the locator matches exactly `n` elements (never counted right after the first appears). */
async function untilCount(locator: ReturnType<Page['locator']>, n: number): Promise<void> {
  await until(() => locator.count(), (c) => c === n, 15_000);
}

async function siteNames(): Promise<Map<string, string>> {
  const page = await api('/people?limit=1&facets=sites');
  return new Map((page.sites as { id: string; name: string }[]).map((s) => [s.id, s.name]));
}

describe('settings forms, waves and history in headless Chromium', () => {
  it('the schedule form: 25:99 is refused at the field, the fixed time saves', async () => {
    const before = await api('/settings');
    const { page, errors } = await open('settings/scheduling');
    const time = page.getByTestId('scheduling-cutoverTime');
    await time.waitFor({ timeout: 30_000 });
    await time.fill('25:99');
    await page.getByTestId('settings-form-save').click();
    await page.getByTestId('settings-form-invalid').waitFor({ timeout: 15_000 });
    // The message sits at the field, and the field says it is invalid.
    await page.waitForFunction(() => document.querySelector('[data-testid="scheduling-cutoverTime"]')?.getAttribute('aria-invalid') === 'true');
    expect(await page.getByText('expected a time of day as hh:mm, 00:00 to 23:59').count()).toBeGreaterThan(0);
    expect((await api('/settings')).version).toBe(before.version);
    await shot(page, 'settings-schedule-error');

    await time.fill('21:30');
    await page.getByTestId('settings-form-save').click();
    await page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.scheduling.cutoverTime).toBe('21:30');
    await page.waitForFunction(() => document.querySelector('[data-testid="scheduling-cutoverTime"]')?.getAttribute('aria-invalid') !== 'true');
    await shot(page, 'settings-schedule');

    // Operators show by name and the SBC form names the sites it serves (every section is screenshotted
    // by the axe scan below).
    await page.getByTestId('settings-tab-operators').click();
    await page.waitForFunction(() => window.location.hash === '#/settings/operators');
    await page.getByTestId('operators-item').first().waitFor();
    expect(await page.getByTestId('operators-item').count()).toBe(after.settings.operators.length);
    expect(await page.getByTestId('operators').innerText()).toContain(after.settings.operators[0].name);
    // The SBC form names the sites each SBC serves (ids stay in the settings).
    const names = await siteNames();
    const served = (after.settings.sbcs as { siteIds?: string[] }[]).flatMap((x) => x.siteIds ?? []);
    await page.getByTestId('settings-tab-sbcs').click();
    await page.getByTestId('sbcs-item').first().waitFor();
    if (served.length) expect(await page.getByTestId('sbcs').innerText()).toContain(names.get(served[0])!);
    // The site an SBC stands at (its network site for Location-Based Routing) is one site, by name, or none.
    const standsAt = page.getByTestId('sbc-0-networkSite');
    await standsAt.click();
    await standsAt.fill('Mad');
    await page.getByRole('option', { name: 'Madrid', exact: true }).click();
    await page.getByTestId('settings-form-save').click();
    await until(async () => (await api('/settings')).settings.sbcs[0].networkSite, (v) => v === 'madrid', 15_000);
    // Local Media Optimization at a site without subnets: the server refuses it at the field, nothing is saved.
    // A fresh read first, so the edit is made on the document that holds Madrid (not one still reloading).
    await page.reload({ waitUntil: 'load' });
    await page.getByTestId('sbcs-item').first().waitFor({ timeout: 30_000 });
    const standing = await api('/settings');
    const bypass = page.getByTestId('sbc-0-bypassMode');
    await bypass.selectOption('Always');
    await page.getByTestId('settings-form-save').click();
    await page.getByText('uses Local Media Optimization, which tells local users from remote ones by network site: give site madrid its subnets', { exact: false }).waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(standing.version);
    await bypass.selectOption('');
    await standsAt.click();
    await page.getByRole('option', { name: '(none)' }).click();
    await page.getByTestId('settings-form-save').click();
    await until(async () => (await api('/settings')).settings.sbcs[0], (sbc) => sbc.networkSite === undefined, 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keyboard only: the capacity per wave is edited and saved with Tab, typing and Enter', async () => {
    const before = await api('/settings');
    const { page, errors } = await open('settings/scheduling');
    await page.getByTestId('scheduling-capacity-users').waitFor({ timeout: 30_000 });
    await page.getByTestId('settings-tab-scheduling').focus();
    await tabTo(page, '[data-testid="scheduling-capacity-users"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('321');
    await page.keyboard.press('Enter');
    await page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.scheduling.waveCapacity.users).toBe(321);
    // Focus stayed in the form (visible on the field), not lost to the page.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('scheduling-capacity-users');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the focus stays on the page: a change freeze added and removed with the keyboard, Save clicked with the mouse', async () => {
    const { page, errors } = await open('settings/scheduling');
    const add = page.getByTestId('freezes-add');
    await add.waitFor({ timeout: 30_000 });
    const items = page.getByTestId('freezes-item');
    const before = await items.count();
    await add.focus();
    await page.keyboard.press('Enter');
    await until(() => items.count(), (n) => n === before + 1);
    // The new freeze's Remove takes its own button away: the focus goes to "Add a freeze", not to the page.
    await items.last().locator('button').last().focus();
    await page.keyboard.press('Enter');
    await until(() => items.count(), (n) => n === before);
    await until(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), (id) => id === 'freezes-add', 5_000);
    // A click focuses Save, which waits out the save without dropping the focus.
    await page.getByTestId('settings-form-save').click();
    await page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('settings-form-save');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('two admins: a change to another section saves, the same section conflicts with both versions and "apply mine again" wins', async () => {
    const a = await open('settings/scheduling');
    const b = await open('settings/scheduling');
    for (const x of [a, b]) await x.page.getByTestId('scheduling-cutoverTime').waitFor({ timeout: 30_000 });
    const before = await api('/settings');
    await a.page.getByTestId('scheduling-cutoverTime').fill('20:15');
    await a.page.getByTestId('settings-form-save').click();
    await a.page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });

    // B still shows the schedule as it was: its change to the same section is a conflict, nothing saved.
    await b.page.getByTestId('scheduling-cutoverTime').fill('22:45');
    await b.page.getByTestId('settings-form-save').click();
    const conflict = b.page.getByTestId('conflict-message');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.getByTestId('conflict-versions').innerText()).toMatch(/cutoverTime: 20:15[\s\S]*cutoverTime: 22:45/);
    expect((await api('/settings')).settings.scheduling.cutoverTime).toBe('20:15');
    await b.page.getByTestId('conflict-apply-mine').click();
    await b.page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 2);
    expect(after.settings.scheduling.cutoverTime).toBe('22:45');

    // A, holding an older version of the whole document, changes another section: no conflict.
    await a.page.getByTestId('settings-tab-traffic').click();
    const erlang = a.page.getByLabel('Busy-hour traffic per user (Erlang)');
    await erlang.fill('0.07');
    await a.page.getByTestId('settings-form-save').click();
    await a.page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });
    const last = await api('/settings');
    expect(last.settings.traffic.erlangPerUser).toBe(0.07);
    expect(last.settings.scheduling.cutoverTime).toBe('22:45');
    expect([...a.errors, ...b.errors]).toEqual([]);
    await a.page.context().close();
    await b.page.context().close();
  });

  it('the settings file: downloaded as JSON, an invalid upload is refused by JSON path, a valid one saves', async () => {
    const before = await api('/settings');
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${base}/#/settings/file`, { waitUntil: 'load' });
    await page.getByTestId('settings-export').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('settings-export').click()]);
    expect(download.suggestedFilename()).toBe(`planning-settings-v${before.version}.json`);
    const downloaded = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(downloaded).toEqual(before.settings);

    const file = (settings: unknown) => ({ name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(settings)) });
    await page.getByTestId('settings-import-file').setInputFiles(file({ ...downloaded, scheduling: { ...downloaded.scheduling, cutoverTime: '25:99' } }));
    const issues = page.getByTestId('settings-import-issues');
    await issues.waitFor({ timeout: 15_000 });
    expect(await issues.innerText()).toContain('scheduling.cutoverTime');
    await page.getByTestId('settings-import-file').setInputFiles(file({ ...downloaded, traffic: { ...downloaded.traffic, erlangPerUser: 0.09 } }));
    await page.getByTestId('settings-import-ready').waitFor({ timeout: 15_000 });
    await page.getByTestId('settings-import-save').click();
    await page.getByTestId('settings-import-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.traffic.erlangPerUser).toBe(0.09);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('pins a site to a later wave and another into its own blackout: one Re-plan places the first, says what moved, and gives the reason for the second', async () => {
    const waves = await planWaves();
    expect(waves.length).toBeGreaterThan(1);
    const names = await siteNames();
    const first = waves.find((w) => w.number >= 1 && w.siteIds.length > 0)!;
    const last = waves[waves.length - 1].number;
    const site = first.siteIds.find((s) => !waves.some((w) => w.number !== first.number && w.siteIds.includes(s))) ?? first.siteIds[0];
    expect(first.number).not.toBe(last);
    // A second site, pinned to its own wave but kept out of every date of the plan: a pin that cannot be honoured.
    const target = waves.find((w) => w.number >= 1 && w.siteIds.some((s) => s !== site))!;
    const other = target.siteIds.find((s) => s !== site)!;

    const { page, errors } = await open('plan');
    await page.getByTestId('wave-timeline').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('timeline-wave').count()).toBe(waves.length);
    await shot(page, 'plan-timeline');
    await pick(page, page.getByTestId('pin-site'), names.get(site)!, names.get(site)!);
    await page.getByTestId('pin-wave').selectOption(String(last));
    await page.getByTestId('pin-reason').fill('after the works council');
    await page.getByTestId('pin-add').click();
    await page.getByTestId('pin').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('pin').first().innerText()).toContain(`${names.get(site)} pinned to wave ${last} (after the works council)`);
    expect((await api('/settings')).settings.scheduling.pins).toEqual([{ siteId: site, wave: last, reason: 'after the works council' }]);

    await pick(page, page.getByTestId('pin-site'), names.get(other)!, names.get(other)!);
    await page.getByTestId('pin-wave').selectOption(String(target.number));
    await page.getByTestId('pin-add').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="pin"]').length === 2, undefined, { timeout: 15_000 });
    const blackout = page.getByTestId('blackout-form');
    await pick(page, page.getByTestId('blackout-site'), names.get(other)!, names.get(other)!);
    await blackout.getByLabel('From', { exact: true }).fill(waves[0].date);
    await blackout.getByLabel('To', { exact: true }).fill(waves[waves.length - 1].date);
    await blackout.getByLabel('Why', { exact: true }).fill('office move');
    await blackout.getByRole('button', { name: 'Keep out' }).click();
    await page.getByTestId('blackout').first().waitFor({ timeout: 15_000 });

    await page.getByTestId('make-plan').click();
    await page.getByTestId('replan-summary').waitFor({ timeout: 60_000 });
    const after = await planWaves();
    // The first site is in its pinned wave (what did not fit is reported, never dropped silently).
    expect(after.find((w) => w.number === last)!.siteIds).toContain(site);
    expect(await page.getByTestId('replan-sites').innerText()).toContain(`${names.get(site)}: wave ${first.number} →`);
    // And who: the plan job compared the stored members with the new plan.
    expect(await page.getByTestId('replan-people-count').innerText()).toMatch(/^\d+ (person changes|people change) wave$/);
    expect(await page.getByTestId('replan-people').innerText()).toMatch(/: (wave \d+|the pilot|no wave) → (wave \d+|the pilot|no wave)/);
    const job = (await api('/jobs?type=plan&limit=1')).jobs[0];
    expect(job.result.moved.count).toBeGreaterThan(0);
    // The second pin could not be honoured: the pins section says why.
    const missed = page.getByTestId('pins-not-honoured');
    await missed.waitFor({ timeout: 15_000 });
    const text = await missed.innerText();
    expect(text).toContain(`site ${names.get(other)} pinned to wave ${target.number}`);
    expect(text).toMatch(/kept out of .* \(office move\)/);
    expect(text).not.toContain(`site ${names.get(site)} pinned`);
    // The blackout shows on the timeline too.
    expect(await page.getByTestId('timeline-blackout').count()).toBeGreaterThan(0);
    await shot(page, 'plan-replanned');

    // ?wave=N opens that wave in the list and marks it on the timeline.
    await page.locator(`[data-testid="timeline-wave"][data-wave="${last}"] a`).click();
    await page.waitForFunction((n) => window.location.hash === `#/plan?wave=${n}`, last);
    await page.locator(`[data-testid="timeline-wave"][data-wave="${last}"][aria-current="true"]`).waitFor();
    await page.getByTestId('wave-members').first().waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('pins a PBX group to a wave with the group picker: searched by name, shown with its type and member count', async () => {
    const groups = (await api('/pbx/groups?limit=200')).items as { id: string; kind: string; name: string; people: number }[];
    const group = groups.find((g) => g.people > 1 && g.name.includes(' ')) ?? groups[0];
    expect(group).toBeDefined();
    const waves = await planWaves();
    const wave = waves.find((w) => w.number >= 1)!.number;
    const before = await api('/settings');

    const { page, errors } = await open('plan');
    await page.getByTestId('pin-form').waitFor({ timeout: 30_000 });
    await page.getByTestId('pin-form').getByRole('radio', { name: 'A migration group' }).check();
    const picker = page.getByTestId('pin-group');
    await picker.waitFor();
    // A word of the name finds it: the option shows the group's type and how many people it holds.
    const word = group.name.split(' ').sort((a, b) => b.length - a.length)[0];
    await picker.click();
    await picker.fill(word);
    const option = page.getByRole('option', { name: new RegExp(`^${group.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
    await option.waitFor({ timeout: 15_000 });
    expect(await option.innerText()).toMatch(new RegExp(`(Hunt group|Pickup group|Boss and delegate|Shared line|Call centre|${group.kind}) · ${group.people} people`));
    await shot(page, 'plan-pin-group-picker');
    await option.click();
    await page.getByTestId('pin-group-chosen').waitFor({ timeout: 15_000 });
    await page.getByTestId('pin-wave').selectOption(String(wave));
    await page.getByTestId('pin-reason').fill('one team moves together');
    await page.getByTestId('pin-add').click();
    // The list names the group in words, not by its id.
    await page.waitForFunction(
      (text) => document.querySelector('[data-testid="pins-list"]')?.textContent?.includes(text) === true,
      `${group.name} pinned to wave ${wave} (one team moves together)`,
      { timeout: 15_000 },
    );
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    const pins = after.settings.scheduling.pins;
    expect(pins).toHaveLength((before.settings.scheduling.pins ?? []).length + 1);
    expect(pins[pins.length - 1]).toEqual({ groupId: group.id, wave, reason: 'one team moves together' });
    // The picker starts empty again after the save.
    expect(await page.getByTestId('pin-group').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keyboard only: a PBX group is pinned with arrows, typing and Enter', async () => {
    const groups = (await api('/pbx/groups?limit=200')).items as { id: string; name: string; people: number }[];
    const pinned = new Set(((await api('/settings')).settings.scheduling.pins ?? []).map((p: { groupId?: string }) => p.groupId));
    const group = groups.find((g) => !pinned.has(g.id) && g.people > 0 && groups.filter((x) => x.name.toLowerCase().startsWith(g.name.toLowerCase())).length === 1)!;
    expect(group).toBeDefined();
    const before = await api('/settings');

    const { page, errors } = await open('plan');
    await page.getByTestId('pin-form').waitFor({ timeout: 30_000 });
    await page.getByTestId('wave-timeline').waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Pins and blackouts' }).scrollIntoViewIfNeeded();
    await page.getByTestId('pin-form').getByRole('radio', { name: 'A site' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => !!document.querySelector('[data-testid="pin-group"]'));
    await tabTo(page, '[data-testid="pin-group"]');
    await page.keyboard.type(group.name);
    // The option whose name starts with what was typed is the active one; Enter chooses it.
    await page.getByRole('option', { name: new RegExp(`^${group.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first().waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => !!document.querySelector('[data-testid="pin-group"]')?.getAttribute('aria-activedescendant'), undefined, { timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.getByTestId('pin-group-chosen').waitFor({ timeout: 15_000 });
    await tabTo(page, '[data-testid="pin-wave"]');
    await page.keyboard.type('Wave 1');
    await tabTo(page, '[data-testid="pin-reason"]');
    await page.keyboard.type('keyboard');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => [...document.querySelectorAll('[data-testid="pin"]')].some((li) => li.textContent?.includes(id)), group.name, { timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.scheduling.pins.at(-1)).toEqual({ groupId: group.id, wave: 1, reason: 'keyboard' });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('restores an earlier settings version from the history', async () => {
    const current = await api('/settings');
    const history = await api('/audit?kind=planning-settings&limit=20');
    // The version before the cutover time was changed to 21:30.
    const older = history.items.find((i: { versions?: { after: number } }) => i.versions && i.versions.after < current.version - 1 && i.versions.after >= 1);
    expect(older).toBeDefined();
    const olderSettings = (await api(`/audit/${older.id}`)).settings;

    const { page, errors } = await open('audit?kind=planning-settings');
    await page.getByTestId('audit-row').first().waitFor({ timeout: 30_000 });
    // The newest entry reads as a diff in words.
    expect(await page.getByTestId('audit-row').first().innerText()).toMatch(/scheduling\.(pins|blackouts)/);
    await shot(page, 'history');
    await page.locator(`[data-testid="audit-row"][data-audit-id="${older.id}"] [data-testid="audit-open"]`).click();
    await page.waitForFunction((id) => window.location.hash.startsWith(`#/audit/${id}`), older.id);
    const restore = page.getByTestId('audit-restore');
    await restore.waitFor({ timeout: 15_000 });
    await shot(page, 'history-entry');

    // Cancel first: focus returns to the Restore button.
    await restore.click();
    await page.getByRole('dialog', { name: `Restore version ${older.versions.after}?` }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'audit-restore');

    await restore.click();
    await page.getByTestId('audit-restore-confirm').click();
    await page.getByTestId('audit-restored').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(current.version + 1);
    expect(after.settings).toEqual(olderSettings);
    const newest = (await api('/audit?limit=1')).items[0];
    expect(newest).toMatchObject({ action: 'settings.restore', title: `Planning settings version ${older.versions.after} restored as version ${current.version + 1}` });
    // The list shows the restore once the panel closes.
    await page.getByTestId('audit-panel-close').click();
    await page.waitForFunction(() => /restored as version/.test(document.querySelector('[data-testid="audit-row"]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a sync's entry lists what it recorded, as the server words it", async () => {
    const sync = (await api('/audit?limit=100')).items.find((i: { action: string }) => i.action === 'sync-full');
    expect(sync).toBeDefined();
    const { facts } = await api(`/audit/${sync.id}`);
    expect(facts.length).toBeGreaterThan(3);
    const { page, errors } = await open(`audit/${sync.id}`);
    const shown = page.getByTestId('audit-facts').getByRole('listitem');
    await until(() => shown.allInnerTexts(), (texts) => JSON.stringify(texts) === JSON.stringify(facts), 30_000);
    expect(await page.getByTestId('audit-panel').getByRole('heading').first().innerText()).toBe(sync.title);
    // The list shown by topic: the syncs alone, as the API lists the snapshot's entries.
    await page.getByTestId('audit-panel-close').click();
    await page.getByTestId('audit-kind').selectOption({ label: 'Syncs' });
    const syncs = (await api('/audit?kind=snapshot&limit=50')).items.map((i: { title: string }) => i.title);
    const titles = page.getByTestId('audit-open');
    await until(() => titles.allInnerTexts(), (shownTitles) => JSON.stringify(shownTitles) === JSON.stringify(syncs), 30_000);
    expect(page.url()).toContain('kind=snapshot');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a wave's panel lists the PBX groups it moves, with what each becomes in Teams, as the API lists them", async () => {
    // The wave that moves the most groups, and its first page as the server gives it.
    type Group = { id: string; name: string; kind: string; members: number; pilotNumbers?: string[]; pilots?: { number: string; state: string; detail: string }[] };
    let best: { number: number; total: number; items: Group[] } | undefined;
    for (const w of await planWaves()) {
      const groups = await api(`/plan/waves/${w.number}/groups?limit=20`);
      if (!best || groups.total > best.total) best = { number: w.number, total: groups.total, items: groups.items };
    }
    expect(best!.total).toBeGreaterThan(0);
    const { page, errors } = await open(`plan?wave=${best!.number}`);
    const rows = page.getByTestId('wave-group');
    await until(() => rows.count(), (n) => n === best!.items.length, 20_000);
    const first = best!.items[0];
    const rowOf = (id: string) => page.locator(`[data-testid="wave-group"][data-group="${id.replace(/"/g, '\\"')}"]`);
    expect(await rowOf(first.id).innerText()).toContain(first.name);
    expect(await rows.first().getAttribute('data-group')).toBe(first.id);
    // A hunt group becomes a call queue; the cell's title gives the cmdlets that build it.
    const hunt = best!.items.find((g) => g.kind === 'hunt-group')!;
    expect(hunt).toBeDefined();
    expect(await rowOf(hunt.id).innerText()).toContain('a call queue');
    expect(await rowOf(hunt.id).getByTestId('wave-group-becomes').getAttribute('title')).toContain('New-CsCallQueue');
    // What its queue takes from how the PBX hunted: the demo PBX export gives the method, the order and the ring time.
    // In a few words, and in full on hover.
    const hunting = rowOf(hunt.id).getByTestId('wave-group-hunting');
    expect(await hunting.innerText()).toMatch(/^(Attendant|Serial|LongestIdle) · PBX order · \d+ s per agent( · no answer: \S+)?$/);
    expect(await hunting.getAttribute('title')).toMatch(/^Routing method (Attendant|Serial|LongestIdle): the PBX hunted [a-z-]+\.\nAgents in the PBX's hunt order\.\nEach agent rings \d+ s/);
    // A department hunt group's pilot line (the demo PBX export has one each) moves with its last members,
    // shown with where it stands in Teams (the demo tenant does not hold it yet).
    const piloted = best!.items.find((g) => g.pilotNumbers?.length)!;
    expect(piloted).toBeDefined();
    expect(piloted.pilots!.map((p) => p.state)).toEqual(piloted.pilotNumbers!.map(() => 'scheduled'));
    const pilot = rowOf(piloted.id).getByTestId('wave-group-pilot');
    expect(await pilot.innerText()).toBe(`, pilot ${piloted.pilots!.map((p) => `${p.number} (${p.detail})`).join(', ')}`);
    expect(await pilot.getAttribute('data-states')).toBe(piloted.pilots!.map((p) => p.state).join(' '));
    expect(await page.getByTestId('wave-groups').innerText()).toContain(`PBX groups moving (${best!.total})`);
    await shot(page, 'plan-wave-groups');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a hunt group's queue is put on the tenant's own resource account from the wave panel: a person's account is refused at the field, the plan turns stale", async () => {
    type Group = { id: string; name: string; kind: string; siteIds: string[]; queueAccount?: { account: string } };
    // A site's service desk with no account named yet; the demo tenant has its queue's account (ra-cq-<site>).
    const accounts = new Set(((await api('/people?q=ra-cq-&limit=100')).items as { userPrincipalName: string }[]).map((p) => p.userPrincipalName));
    let found: { wave: number; group: Group; account: string } | undefined;
    for (const w of await planWaves()) {
      for (const g of (await api(`/plan/waves/${w.number}/groups?limit=50`)).items as Group[]) {
        const account = `ra-cq-${g.siteIds[0]}@contoso.example`;
        if (!found && g.kind === 'hunt-group' && !g.queueAccount && g.name.endsWith('Service Desk') && accounts.has(account)) found = { wave: w.number, group: g, account };
      }
    }
    expect(found).toBeDefined();
    const { wave, group, account } = found!;
    const person = (await api(`/people?siteId=${group.siteIds[0]}&limit=20`)).items.find((p: { kind: string }) => p.kind === 'user').userPrincipalName as string;
    const before = await api('/settings');
    const { page, errors } = await open(`plan?wave=${wave}`);
    const row = page.locator(`[data-testid="wave-group"][data-group="${group.id}"]`);
    await row.waitFor({ timeout: 30_000 });
    const cell = row.getByTestId('queue-account');
    expect(await cell.getByTestId('queue-account-text').innerText()).toBe('on a new resource account');
    await cell.getByTestId('queue-account-edit').click();
    await cell.getByTestId('queue-account-input').fill(person);
    await cell.getByTestId('queue-account-save').click();
    // Refused at the field, with the reason; no other bar, nothing saved.
    const field = cell.getByText(/is a user, not a resource account/);
    await field.waitFor({ timeout: 15_000 });
    expect(await cell.getByText('Not saved').count()).toBe(0);
    expect((await api('/settings')).version).toBe(before.version);
    await cell.getByTestId('queue-account-input').fill(account);
    await cell.getByTestId('queue-account-save').click();
    await cell.getByTestId('queue-account-saved').waitFor({ timeout: 15_000 });
    await until(() => cell.getAttribute('data-account'), (a) => a === account, 15_000);
    expect(await cell.getByTestId('queue-account-text').innerText()).toBe(`on ${account} (the tenant's account)`);
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.callQueueAccounts).toContainEqual({ groupId: group.id, account });
    // The plan was made from older settings: it says so.
    await page.getByText('settings changed since: re-plan').waitFor({ timeout: 15_000 });
    await shot(page, 'plan-wave-queue-account');
    expect(errors).toEqual([]);
    await page.context().close();
    // Back as it was for the tests that follow.
    const res = await fetch(`${base}/api/settings`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ changes: [{ target: { kind: 'call-queue-account', groupId: group.id }, expected: { groupId: group.id, account }, value: null }] }),
    });
    expect(res.status).toBe(200);
  });

  it("a wave's panel lists the main numbers it moves to auto attendants, each with its site and where it stands in Teams, as the API lists them", async () => {
    type MainNumber = {
      number: string;
      siteId: string;
      state: string;
      detail: string;
      answering: { account?: string; languageId: string; timeZoneId: string; businessHours?: string; holidays?: { calendar: string; count: number; to: string } };
    };
    const byWave: { number: number; total: number; items: MainNumber[] }[] = [];
    for (const w of await planWaves()) {
      const page = await api(`/plan/waves/${w.number}/main-numbers?limit=20`);
      byWave.push({ number: w.number, total: page.total, items: page.items });
    }
    // The demo moves main numbers in several waves (as many as there are sites whose people all move); not in every one.
    const best = byWave.reduce((a, b) => (b.total > a.total ? b : a));
    expect(best.total).toBeGreaterThan(1);
    const names = await siteNames();
    const { page, errors } = await open(`plan?wave=${best.number}`);
    const rows = page.getByTestId('wave-main-number');
    await until(() => rows.count(), (n) => n === best.items.length, 20_000);
    expect(await rows.getByTestId('wave-main-number-text').allInnerTexts()).toEqual(best.items.map((m) => `${names.get(m.siteId) ?? m.siteId} main number ${m.number} (${m.detail})`));
    // How each attendant will answer, from the site's settings: its language and time zone, hours and holidays.
    const answering = await rows.getByTestId('wave-main-number-answering').allInnerTexts();
    expect(answering).toHaveLength(best.items.length);
    best.items.forEach((m, i) => {
      const a = m.answering;
      expect(answering[i]).toContain(`${a.languageId}, ${a.timeZoneId}`);
      expect(answering[i]).toContain(a.businessHours ? `open ${a.businessHours}` : 'open at all hours');
      expect(answering[i]).toContain(a.account ? `on ${a.account} (the tenant's account)` : 'on a new resource account');
      if (a.holidays) expect(answering[i]).toContain(`public holidays of ${a.holidays.calendar} to ${a.holidays.to}`);
    });
    // The demo's Teams inventory holds none of them yet, and the waves are still to come.
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-number'), e.getAttribute('data-state'), e.getAttribute('data-overdue')]))).toEqual(
      best.items.map((m) => [m.number, 'scheduled', null]),
    );
    expect(await page.getByTestId('wave-main-numbers').innerText()).toContain(`Main numbers moving (${best.total})`);
    await shot(page, 'plan-wave-main-numbers');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a wave's panel lists the common-area phones it moves, each with its number, its account and where it stands in Teams, as the API lists them", async () => {
    type Phone = { lineId: string; name: string; number?: string; account?: string; state: string; detail: string };
    const byWave: { number: number; total: number; items: Phone[] }[] = [];
    for (const w of await planWaves()) {
      const page = await api(`/plan/waves/${w.number}/common-area-phones?limit=20`);
      byWave.push({ number: w.number, total: page.total, items: page.items });
    }
    const best = byWave.reduce((a, b) => (b.total > a.total ? b : a));
    expect(best.total).toBeGreaterThan(1);
    const { page, errors } = await open(`plan?wave=${best.number}`);
    const rows = page.getByTestId('wave-common-area-phone');
    await until(() => rows.count(), (n) => n === best.items.length, 20_000);
    expect(await rows.allInnerTexts()).toEqual(best.items.map((p) => `${p.name}${p.number ? ` ${p.number}` : ' (no number)'} on ${p.account} (${p.detail})`));
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-line'), e.getAttribute('data-state')]))).toEqual(best.items.map((p) => [p.lineId, 'scheduled']));
    expect(await page.getByTestId('wave-common-area-phones').innerText()).toContain(`Common-area phones moving (${best.total})`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("the tenant's MSP consent: a bad id is refused at the field, an MSP is allowed, then revoked after a confirmation that says what it closes; fits 390px", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${base}/#/settings/tenant`, { waitUntil: 'load' });
    const panel = page.getByTestId('msp-consent');
    const consentState = () => panel.getByTestId('msp-consent-state').innerText();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    await until(consentState, (t) => t.startsWith('No MSP is allowed'));
    expect(await panel.getByTestId('msp-consent-managed-by').innerText()).toBe('No MSP of this deployment manages this tenant.');

    const field = panel.getByTestId('msp-consent-tenant-id');
    await field.fill('not-a-guid');
    await field.press('Enter');
    await panel.getByText(/must be an Entra tenant id/).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await until(focused, (id) => id === 'msp-consent-tenant-id');
    expect(await scanWithAxe(page, 'settings-tenant with a refused MSP id')).toEqual([]);

    await field.fill(PANEL_MSP);
    await panel.getByTestId('msp-consent-allow').click();
    await until(consentState, (t) => t.includes(PANEL_MSP) && t.startsWith('Your admins allow'));
    expect((await api('/msp-consent')).allowedMsp.mspTenantId).toBe(PANEL_MSP);

    // On a phone's width the panel (a GUID included) stays within the screen, once Fluent's message bar
    // has switched to its multi-line layout (a ResizeObserver does it a frame after the resize).
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => panel.evaluate((el) => ({ right: el.getBoundingClientRect().right, overflowing: el.scrollWidth - el.clientWidth }));
    await until(overflow, (o) => o.right <= 390 && o.overflowing <= 0, 5_000);
    await page.screenshot({ path: path.join(SHOTS, 'settings-tenant-msp-consent-390.png'), fullPage: true });

    // Revoke asks first and says the link stays; Cancel keeps the consent and the focus on the button.
    await panel.getByTestId('msp-consent-revoke').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('closes this tenant to the MSP');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(focused, (id) => id === 'msp-consent-revoke');
    await panel.getByTestId('msp-consent-revoke').click();
    await page.getByTestId('msp-consent-revoke-confirm').click();
    await until(consentState, (t) => t.startsWith('No MSP is allowed'));
    await until(focused, (id) => id === 'msp-consent-tenant-id');
    const audit = await local.running.services.store.listAudit(local.config.demo.tenantId, 2);
    expect(audit.map((a) => a.action)).toEqual(['msp-consent.revoke', 'msp-consent.allow']);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('Settings > Reminders, from the Overview\'s warning: paused first with what Teams answered, names as Teams gave them (escaped); a stop asks first, then the row goes; fits 390px', async () => {
    const tenantId = local.config.demo.tenantId;
    const { store } = local.running.services;
    const hostile = '<img src=x onerror="window.__xss=1"> **Ops**';
    const conversation = (conversationId: string, kind: StoredConversation['kind'], names: Partial<StoredConversation>): StoredConversation => ({
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      channelId: 'msteams',
      conversationId,
      kind,
      tenantId,
      botId: '28:bot',
      ...names,
    });
    const who = { userId: 'lead-1', name: 'Pat Lead' };
    await applySubscriptionRequest(store, conversation('19:cutovers@thread.tacv2', 'channel', { teamName: 'Voice project', channelName: hostile }), who, { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } }, new Date('2026-02-01T10:00:00Z'));
    await applySubscriptionRequest(store, conversation('19:crew@thread.v2', 'groupChat', { chatName: 'Cutover crew' }), who, { action: 'subscribe', orders: { offsetsDays: [5] }, drift: true }, new Date('2026-02-02T10:00:00Z'));
    const channel = (await listSubscriptions(store, tenantId)).find((s) => s.conversation.kind === 'channel')!;
    await pauseUnreachableSubscription(store, tenantId, channel, '403 BotDisabledByAdmin: The tenant admin disabled this bot', new Date('2026-02-04T08:00:00Z'));

    // CSP bypassed: axe is injected, and the name's markup would run if it were ever rendered as HTML.
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // The Overview says that Teams refuses one, and links to the list.
    expect((await api('/overview')).reminders).toEqual({ total: 2, paused: 1 });
    await page.goto(`${base}/#/overview`, { waitUntil: 'load' });
    const warning = page.getByTestId('overview-reminders-paused');
    expect(await warning.innerText()).toMatch(/Teams refuses the bot's reminders in 1 chat or channel: nobody there hears about cutovers or deadlines\./);
    await warning.getByRole('link', { name: 'See which in Settings > Reminders' }).click();
    const panel = page.getByTestId('reminders');
    const rows = panel.getByTestId('reminder');
    await untilCount(rows, 2);
    expect(await rows.nth(0).getByTestId('reminder-where').innerText()).toBe(`The channel "${hostile}" of team "Voice project"`);
    expect(await rows.nth(0).getByTestId('reminder-status').innerText()).toMatch(/Paused since[\s\S]*Teams answered: 403 BotDisabledByAdmin: The tenant admin disabled this bot[\s\S]*Tried again from/);
    expect(await rows.nth(1).getByTestId('reminder-where').innerText()).toBe('The group chat "Cutover crew"');
    expect(await rows.nth(1).innerText()).toContain('port- and upload-order deadlines and port freezes to lift, 5 days before');
    expect(await panel.getByTestId('reminders-paused').innerText()).toMatch(/Teams refuses one conversation/);
    // The name is text on the page, never markup.
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await panel.locator('img').count()).toBe(0);
    expect(await scanWithAxe(page, 'settings-reminders')).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await until(overflow, (o) => o <= 0, 5_000);
    await shot(page, 'settings-reminders-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Stop asks first; Cancel keeps the row and puts the focus back on the button.
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null);
    await rows.nth(0).getByTestId('reminder-stop').click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toContain('gets no more reminders');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(focused, (label) => label?.startsWith('Stop the reminders in the channel') ?? false);
    await rows.nth(0).getByTestId('reminder-stop').click();
    await page.getByTestId('reminder-stop-confirm').click();
    await untilCount(rows, 1);
    expect(await panel.getByTestId('reminders-done').innerText()).toMatch(/the bot no longer writes to the channel/);
    expect(await panel.getByTestId('reminders-paused').count()).toBe(0);
    expect((await api('/reminders')).items.map((r: { kind: string }) => r.kind)).toEqual(['groupChat']);
    expect((await store.listAudit(tenantId, 1))[0].action).toBe('reminders.stop');
    expect((await api('/overview')).reminders).toEqual({ total: 1, paused: 0 });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('every settings section and a history entry pass axe (no critical or serious violation)', async () => {
    const entry = (await api('/audit?kind=planning-settings&limit=1')).items[0];
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    const views = [
      // The schedule (#/settings), the plan with its pins and the history list are scanned with every page in a11y.browser.test.ts.
      ...['operators', 'sbcs', 'calling-plan', 'traffic', 'file', 'advanced'].map((id) => ({ name: `settings-${id}`, hash: `settings/${id}`, ready: 'main section' })),
      { name: 'history-entry', hash: `audit/${entry.id}`, ready: '[data-testid="audit-changes"], [data-testid="audit-panel"]' },
      { name: 'plan-wave-groups', hash: `plan?wave=${await firstWaveMovingGroups()}`, ready: '[data-testid="wave-groups"]' },
      { name: 'plan-wave-main-numbers', hash: `plan?wave=${await firstWaveMovingMainNumbers()}`, ready: '[data-testid="wave-main-numbers"]' },
      { name: 'plan-wave-common-area-phones', hash: `plan?wave=${await firstWaveMovingCommonAreaPhones()}`, ready: '[data-testid="wave-common-area-phones"]' },
    ];
    expect(await scanViews(page, base, 'default', views, SHOTS)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
