/**
 * Accessibility scan of the tab's views with axe-core in real Chromium: the script is injected into
 * the page (addScriptTag, nothing fetched from a network) and run over the whole document with the
 * WCAG 2.x A/AA rules and best practices, plus the experimental "label in name" rule (a button's
 * accessible name must contain its visible label). Critical and serious violations are returned
 * with their targets, so a failure names the element.
 */
import type { Page } from 'playwright-core';

const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

export interface AxeProblem {
  view: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe over the page as it is now (the context needs bypassCSP: the tab's CSP allows no injected script); returns its critical and serious violations. */
export async function scanWithAxe(page: Page, view: string): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  // Scanned mid-animation (a message bar fading in), colours are blends that never show at rest and axe
  // reports their contrast: scan once the page's animations and transitions have finished (2 s at most).
  await page.evaluate(() =>
    Promise.race([Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 2000))]),
  );
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    // Fluent's focus manager (tabster) puts aria-hidden focus sentinels at the edges of focus groups:
    // they hand focus on and are never read out, so they are not part of what is scanned.
    const result = await axe.run({ include: [document], exclude: [['[data-tabster-dummy]']] }, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      rules: { 'label-content-name-mismatch': { enabled: true } },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  return violations.filter((v) => v.impact === 'critical' || v.impact === 'serious').map((v) => ({ view, rule: v.id, impact: v.impact, help: v.help, targets: v.targets }));
}

/** The views of the tab that exist in this build, by the page ids in its navigation. */
export async function presentPages(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid^="nav-"]', (tabs) => tabs.map((t) => (t.getAttribute('data-testid') ?? '').slice(4)));
}

/** A state of the tab to scan: a hash, and what to wait for beyond the page heading. */
export interface View {
  name: string;
  hash: string;
  /** A selector that shows the view has its data (a panel, a table row). */
  ready?: string;
}

/** Sections and panels worth a scan of their own, beside each page of the navigation. */
export function extraViews(pages: string[], sample: { upn?: string; siteId?: string }): View[] {
  const views: View[] = [];
  if (pages.includes('coexistence')) {
    for (const section of ['orders', 'routing', 'dialplans', 'question']) views.push({ name: `coexistence-${section}`, hash: `coexistence?view=${section}`, ready: 'main [role="gridcell"], main table, [data-testid="route-form"]' });
  }
  if (pages.includes('people') && sample.upn) views.push({ name: 'person-panel', hash: `people/${encodeURIComponent(sample.upn)}`, ready: '[role="dialog"], [role="complementary"], aside' });
  if (pages.includes('sites') && sample.siteId) views.push({ name: 'site-panel', hash: `sites/${encodeURIComponent(sample.siteId)}`, ready: '[role="dialog"], [role="complementary"], aside' });
  if (pages.includes('plan')) views.push({ name: 'plan-wave', hash: 'plan?wave=1' });
  return views;
}

/**
 * Opens every view in one theme (`?theme=`), saves a screenshot of each under `shots`, scans it, and
 * returns every critical or serious problem found. Views are reached by changing the hash, as a link would.
 */
export async function scanViews(page: Page, base: string, theme: 'default' | 'dark' | 'contrast', views: View[], shots: string): Promise<AxeProblem[]> {
  const problems: AxeProblem[] = [];
  await page.goto(`${base}/?theme=${theme}#/overview`, { waitUntil: 'load' });
  for (const view of views) {
    await page.evaluate((h) => {
      window.location.hash = `#/${h}`;
    }, view.hash);
    // A page shows its heading once connected; one without a heading (a view that only explains why it
    // is empty) is scanned as it is once the network is quiet.
    await page.locator('h1').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await page.waitForLoadState('networkidle');
    if (view.ready) await page.locator(view.ready).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    // Spinners gone: the view shows its data, not its loading state.
    await page.waitForFunction(() => !document.querySelector('main .fui-Spinner'), undefined, { timeout: 15_000 }).catch(() => undefined);
    // The screenshot is an artefact for people, not a check: one that times out on a busy machine (a
    // full-page capture once took over 30 s in CI) leaves the view's scan to go on.
    await page.screenshot({ path: `${shots}/${theme}-${view.name}.png`, fullPage: true, timeout: 30_000 }).catch((err: Error) => {
      if (err.name !== 'TimeoutError') throw err;
    });
    problems.push(...(await scanWithAxe(page, `${theme}:${view.name}`)));
  }
  return problems;
}
