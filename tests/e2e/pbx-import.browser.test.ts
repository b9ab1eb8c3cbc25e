/**
 * The PBX import page in headless Chromium against the real server in local mode: a vendor export's
 * header is read (layout recognised, each column's use), a column is mapped with the form, the mapping is
 * saved for the next import (and comes back when the page opens again), and an import shows how the
 * export was read, the DIDs derived from the blocks and the spare station.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'pbx');
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

  await page.getByTestId('pbx-import').click();
  await page.getByTestId('pbx-result').waitFor({ timeout: 60_000 });
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
  await page.getByTestId('pbx-import').click();
  await page.getByTestId('pbx-result').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('pbx-result-layout').innerText()).toMatch(/Avaya Communication Manager station list/);
  expect(await page.getByTestId('pbx-result').innerText()).toMatch(/DIDs derived from extensions: extension 2xxx -> \+442079460000\.\. \(7 lines\)/);
  const spare = await page.getByTestId('pbx-spare').innerText();
  expect(spare).toMatch(/2120\s+\+442079460120/);
  // The page's note on the stored inventory follows the import.
  expect(await until(() => page.getByTestId('pbx-last-import').innerText(), (t) => /Avaya/.test(t ?? ''))).toMatch(/^Last import: lines\.csv on \d{4}-\d\d-\d\d by .+, read as Avaya Communication Manager station list .*\(7 lines\)\.$/);
  expect(errors).toEqual([]);
  await page.context().close();
});
