/**
 * The PBX import page in headless Chromium against the real server in local mode: a vendor export's
 * header is read (layout recognised, each column's use), a column is mapped with the form, the mapping is
 * saved for the next import (and comes back when the page opens again), and an import shows how the
 * export was read, the DIDs derived from the blocks and the spare station. Every import is previewed
 * first (counts, first lines, what it replaces); cancelling leaves the stored inventory as it was, and
 * only the confirmation replaces it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'pbx');
const SCREENSHOTS = path.join(__dirname, '..', 'artifacts', 'screenshots');
const example = (name: string) => fs.readFileSync(path.join(EXAMPLES, name), 'utf8');

let local: LocalServer;
let browser: Browser | undefined;

// An import is a job on a worker thread at low priority: on a busy machine it can take a while.
jest.setTimeout(120_000);

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) {
    throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  }
  local = await startLocalServer('vmp-pbx-page-');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

/** Reads `read` until it satisfies `done` (the page renders asynchronously); its last value otherwise. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined as T);
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openPbxPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${local.base}/#/pbx`, { waitUntil: 'load' });
  await page.getByTestId('pbx-lines').waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Previews the files on the page, then replaces the inventory with them and waits for the report. */
async function previewAndConfirm(page: Page): Promise<void> {
  await page.getByTestId('pbx-import').click();
  await page.getByTestId('pbx-confirm').waitFor({ timeout: 60_000 });
  await page.getByTestId('pbx-confirm').click();
  await page.getByTestId('pbx-result').waitFor({ timeout: 60_000 });
}

test('reads a vendor header, maps a column, saves the mapping and imports with it', async () => {
  const { page, errors } = await openPbxPage();
  await page.getByTestId('pbx-lines').fill(example('mitel-mivb-users.csv'));
  await page.getByTestId('pbx-read-header').click();
  await page.getByTestId('pbx-layout').waitFor({ timeout: 15_000 });
  expect(await page.getByTestId('pbx-layout').innerText()).toMatch(/Recognised: Mitel MiVoice Business.*header on row 2/);
  expect(await until(() => page.getByTestId('pbx-column').count(), (n) => n === 9)).toBe(9);
  const prime = page.getByTestId('pbx-column').filter({ hasText: 'Prime Name' });
  expect(await prime.innerText()).toMatch(/Yes\/No flag/);

  // Map "Department" to notes and ignore "Location": the mapping box follows the form.
  await page.getByLabel('Map column Department').selectOption('notes');
  await page.getByLabel('Map column Location').selectOption('__ignore');
  const mapped = { lines: { notes: 'Department', ignore: ['Location'] } };
  const box = async () => JSON.parse((await page.getByTestId('pbx-mapping').inputValue()) || '{}');
  expect(await until(box, (m) => JSON.stringify(m) === JSON.stringify(mapped))).toEqual(mapped);

  await page.getByTestId('pbx-save-mapping').click();
  expect(await until(() => page.getByTestId('pbx-mapping-saved').innerText(), (t) => /v1/.test(t ?? ''))).toMatch(/Saved mapping v1/);

  await previewAndConfirm(page);
  const read = await page.getByTestId('pbx-result-layout').innerText();
  expect(read).toMatch(/Mitel MiVoice Business/);
  const columns = await page.getByRole('table', { name: 'How each column was used' }).innerText();
  expect(columns).toMatch(/Department\s+notes/);
  expect(columns).toMatch(/Location\s+ignored by the column mapping/);
  expect(errors).toEqual([]);
  await page.context().close();

  // The next time the page opens, the saved mapping is there.
  const again = await openPbxPage();
  expect(await until(() => again.page.getByTestId('pbx-mapping-saved').innerText(), (t) => /v1/.test(t ?? ''))).toMatch(/v1/);
  const reopened = async () => JSON.parse((await again.page.getByTestId('pbx-mapping').inputValue()) || '{}');
  expect(await until(reopened, (m) => JSON.stringify(m) === JSON.stringify(mapped))).toEqual(mapped);
  expect(again.errors).toEqual([]);
  await again.page.context().close();
});

test('an Avaya station list with its DID blocks: derived DIDs and the spare station are shown', async () => {
  const { page, errors } = await openPbxPage();
  // This page's saved mapping (from the test above) does not fit this export: clear the box.
  await page.getByTestId('pbx-mapping-saved').waitFor({ timeout: 15_000 });
  await until(() => page.getByTestId('pbx-mapping').inputValue(), (t) => (t ?? '') !== '');
  await page.getByTestId('pbx-mapping').fill('');
  await page.getByTestId('pbx-lines').fill(example('avaya-cm-list-station.csv'));
  await page.getByTestId('pbx-blocks').fill(example('avaya-did-blocks.csv'));
  await previewAndConfirm(page);
  expect(await page.getByTestId('pbx-result-layout').innerText()).toMatch(/Avaya Communication Manager station list/);
  expect(await page.getByTestId('pbx-result').innerText()).toMatch(/DIDs derived from extensions: extension 2xxx -> \+442079460000\.\. \(7 lines\)/);
  const spare = await page.getByTestId('pbx-spare').innerText();
  expect(spare).toMatch(/2120\s+\+442079460120/);
  // The page's note on the stored inventory follows the import.
  expect(await until(() => page.getByTestId('pbx-last-import').innerText(), (t) => /Avaya/.test(t ?? ''))).toMatch(/^Last import: lines\.csv on \d{4}-\d\d-\d\d by .+, read as Avaya Communication Manager station list .*\(7 lines\)\.$/);
  expect(errors).toEqual([]);
  await page.context().close();
});

interface Summary {
  version: number;
  importedAt: string;
  counts: { lines: number };
  files: { lines: string; blocks?: string };
}
const storedSummary = async (): Promise<Summary> => (await fetch(`${local.base}/api/pbx/summary`)).json() as Promise<Summary>;

test('upload -> preview (counts, first lines, what is replaced) -> cancel changes nothing -> confirm replaces, by keyboard', async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const { page, errors } = await openPbxPage();
  // The saved mapping of the first test does not fit this export: clear the box.
  await page.getByTestId('pbx-mapping-saved').waitFor({ timeout: 15_000 });
  await until(() => page.getByTestId('pbx-mapping').inputValue(), (t) => (t ?? '') !== '');
  await page.getByTestId('pbx-mapping').fill('');
  const before = await storedSummary();

  // Upload the files as an admin would: through the file choosers.
  await page.getByTestId('pbx-lines-file').setInputFiles(path.join(EXAMPLES, 'cisco-cucm-phones.csv'));
  await page.getByTestId('pbx-blocks-file').setInputFiles(path.join(EXAMPLES, '..', 'pbx-blocks.csv'));
  expect(await until(() => page.getByTestId('pbx-lines').inputValue(), (t) => (t ?? '').includes('DEVICE NAME'))).toContain('DEVICE NAME');
  expect(await until(() => page.getByTestId('pbx-blocks').inputValue(), (t) => (t ?? '').includes('Contoso Telecom'))).toContain('Contoso Telecom');

  // Keyboard only: focus the preview button and press Enter; focus lands on the preview.
  await page.getByTestId('pbx-import').focus();
  await page.keyboard.press('Enter');
  const preview = page.getByTestId('pbx-preview');
  await preview.waitFor({ timeout: 60_000 });
  expect(await until(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), (id) => id === 'pbx-preview')).toBe('pbx-preview');
  const counts = await page.getByTestId('pbx-preview-counts').innerText();
  expect(counts).toMatch(/Lines\s+\d+/);
  expect(counts).toMatch(/DID blocks\s+2/);
  // Megan's line forwards unanswered calls to Adele, Diego's all calls to a mobile.
  expect(counts).toMatch(/Forwarding calls\s+2/);
  // CUCM's phones show their own numbers (the external phone number mask is the DID).
  expect(counts).toMatch(/Showing another caller ID\s+0/);
  expect(await page.getByTestId('pbx-preview-devices').innerText()).toMatch(/Devices by type: .*ip-phone \d+/);
  const rows = page.getByTestId('pbx-preview-lines').locator('tbody tr');
  await expect_(() => rows.count(), (n) => n > 0);
  const firstRows = await page.getByTestId('pbx-preview-lines').innerText();
  // People and sites by name, never their ids.
  expect(firstRows).toMatch(/1001\s+\+14255550101\s+Megan Bowen\s+\w+\s+Seattle/);
  expect(firstRows).not.toMatch(/\bp-[a-z]+\b|[a-z]+\/\d{3,}/);
  const replaces = await page.getByTestId('pbx-replaces').innerText();
  expect(replaces.startsWith(`Inventory version ${before.version}: ${before.files.lines}`)).toBe(true);
  expect(replaces).toMatch(/imported .+ by .+ \([\d,]+ lines, [\d,]+ blocks\)\. Lines: \d+ added, [\d,]+ removed, \d+ changed, \d+ unchanged\.$/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'pbx-import-preview.png'), fullPage: true });

  // Cancel (keyboard): the preview closes, focus returns to the preview button, nothing is stored.
  await page.getByTestId('pbx-cancel').focus();
  await page.keyboard.press('Enter');
  await preview.waitFor({ state: 'detached', timeout: 15_000 });
  expect(await until(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), (id) => id === 'pbx-import')).toBe('pbx-import');
  expect(await storedSummary()).toEqual(before);

  // Preview again, then confirm (keyboard): the inventory is replaced.
  await page.keyboard.press('Enter');
  await page.getByTestId('pbx-confirm').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('pbx-confirm').innerText()).toBe('Replace the inventory');
  await page.getByTestId('pbx-confirm').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('pbx-result').waitFor({ timeout: 60_000 });
  const after = await until(storedSummary, (s) => (s?.version ?? 0) > before.version);
  expect(after.version).toBe(before.version + 1);
  // The files chosen from disk keep their names (the import report and its errors say them).
  expect(after.files).toEqual({ lines: 'cisco-cucm-phones.csv', blocks: 'pbx-blocks.csv' });
  expect(await until(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')), (id) => id === 'pbx-result')).toBe('pbx-result');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'pbx-import-result.png'), fullPage: true });
  expect(errors).toEqual([]);
  await page.context().close();
});

test('a confirmation after another import landed is refused (409) and asks for a new preview', async () => {
  const { page, errors } = await openPbxPage();
  await page.getByTestId('pbx-mapping-saved').waitFor({ timeout: 15_000 });
  await until(() => page.getByTestId('pbx-mapping').inputValue(), (t) => (t ?? '') !== '');
  await page.getByTestId('pbx-mapping').fill('');
  await page.getByTestId('pbx-lines').fill(example('avaya-cm-list-station.csv'));
  await page.getByTestId('pbx-import').click();
  await page.getByTestId('pbx-confirm').waitFor({ timeout: 60_000 });
  // Another admin imports meanwhile.
  const read = await storedSummary();
  const other = await fetch(`${local.base}/api/pbx/import?wait=1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ linesCsv: example('3cx-extensions.csv'), expectedVersion: read.version }),
  });
  expect(other.status).toBe(200);
  const between = await storedSummary();
  await page.getByTestId('pbx-confirm').click();
  const bar = page.getByRole('alert');
  await bar.waitFor({ timeout: 30_000 });
  expect(await bar.innerText()).toMatch(/Another import was stored meanwhile: preview again/);
  await page.getByTestId('pbx-preview').waitFor({ state: 'detached', timeout: 15_000 });
  expect(await storedSummary()).toEqual(between);
  expect(errors).toEqual([]);
  await page.context().close();
});

/** Waits until `read` satisfies `done`, failing with its last value otherwise. */
async function expect_<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<void> {
  const value = await until(read, done);
  expect(done(value)).toBe(true);
}
