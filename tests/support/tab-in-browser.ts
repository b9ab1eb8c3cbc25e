/**
 * What every browser suite starts with: the built tab (checked, with a clear message when missing),
 * the real local server on a fresh store (demo tenant with its plan) and headless Chromium. Suites
 * call it from beforeAll and close both in afterAll.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from './browser';
import { startLocalServer, type LocalServer } from './http';

/** Screenshots of every view the suites open, kept as test artifacts (git-ignored). */
export const SCREENSHOTS_DIR = path.join(__dirname, '..', 'artifacts', 'screenshots');

export async function startTabInBrowser(prefix: string, env: NodeJS.ProcessEnv = {}): Promise<{ local: LocalServer; browser: Browser }> {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const local = await startLocalServer(prefix, env);
  try {
    return { local, browser: await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }) };
  } catch (err) {
    await local.stop();
    throw err;
  }
}
