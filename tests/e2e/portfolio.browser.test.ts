/**
 * The MSP portfolio in a real browser against the real server in local mode with three demo customer
 * tenants (DEMO_CUSTOMERS=3): the tenant switcher appears, the Portfolio page lists the customers
 * (sorted and filtered by the server), its workbook downloads, and clicking a customer switches every
 * later call to it (X-Tenant-Id) - the Overview then shows the customer, not the MSP. Shared SBCs are
 * declared with a form; the switcher follows changes to the portfolio without a reload. A customer that
 * holds data is refused at the tenant id until its admins allow this MSP.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { TAB_DIST_DIR } from '../../server/app';
import { demoCustomerName, demoCustomerTenantId } from '../../shared/demo/demo-customers';
import { LOCAL_DEV_USER_ID } from '../../tab/api/auth';
import { SYNC_SKIP_DOCUMENT } from '../../shared/services/portfolio-syncs';
import { saveSnapshot } from '../../shared/services/snapshot-repository';
import { usersOnlySnapshot } from '../support/snapshots';
import { scanWithAxe } from '../support/axe-scan';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../support/browser';
import { startLocalServer, type LocalServer } from '../support/http';
import { until } from '../support/until';

let local: LocalServer;
let browser: Browser | undefined;

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))) throw new Error('The tab is not built: run `npm run build:tab` first (`npm test` does it).');
  local = await startLocalServer('vmp-portfolio-tab-', { DEMO_CUSTOMERS: '3' });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

/** `bypassCSP` only for an axe scan: the script is injected into the page, which the tab's CSP forbids. */
async function open(hash: string, options: { bypassCSP?: boolean } = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, bypassCSP: options.bypassCSP === true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${local.base}/#/${hash}`, { waitUntil: 'load' });
  return { page, errors };
}

const names = [1, 2, 3].map(demoCustomerName);

/** A check for `until`: the value read serialises as `expected`. */
const eq = (expected: unknown) => (v: unknown) => JSON.stringify(v) === JSON.stringify(expected);

describe('Portfolio page over three demo customer tenants', () => {
  it('lists the customers, sorts and filters them, and exports the workbook', async () => {
    const { page, errors } = await open('portfolio');
    await page.getByTestId('portfolio-table').waitFor();
    const rows = page.getByTestId('portfolio-row');
    await until(() => rows.count(), eq(3));
    expect(await page.getByTestId('portfolio-open').allInnerTexts()).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await until(() => page.getByTestId('portfolio-totals').innerText(), (t) => /^3 customers/.test(t));
    // The third is granted as viewer: marked so.
    expect(await page.locator(`[data-testid="portfolio-row"][data-tenant="${demoCustomerTenantId(3)}"]`).innerText()).toContain('view only');
    // Each next cutover says how many of its people have their number in Teams, as the API counts them.
    const api = (await (await fetch(`${local.base}/api/portfolio`)).json()).items as { tenantId: string; nextCutover: { people?: number; inTeams?: number } | null; licencesToBuy: number | null }[];
    const counted = api.filter((r) => r.nextCutover?.inTeams !== undefined);
    expect(counted.length).toBeGreaterThan(0);
    for (const r of counted) {
      const cell = page.locator(`[data-testid="portfolio-row"][data-tenant="${r.tenantId}"]`).getByTestId('portfolio-next-numbers');
      expect(await cell.innerText()).toBe(`${r.nextCutover!.inTeams!.toLocaleString('en-US')}/${r.nextCutover!.people!.toLocaleString('en-US')} numbers in Teams`);
    }
    // Each customer's licences to buy, as the API works them out (the demo customers' subscriptions are read: none is unknown).
    for (const r of api) {
      expect(r.licencesToBuy).not.toBeNull();
      const cell = page.locator(`[data-testid="portfolio-row"][data-tenant="${r.tenantId}"]`).getByTestId('portfolio-licences-to-buy');
      expect(await cell.innerText()).toBe(r.licencesToBuy!.toLocaleString('en-US'));
    }

    // Sorting by name twice reverses the order (the server sorts).
    await page.getByTestId('portfolio-sort-name').click();
    await until(() => page.getByTestId('portfolio-open').allInnerTexts(), eq([...names].sort((a, b) => b.localeCompare(a))));
    await until(() => page.evaluate(() => location.hash), (h) => h.includes('order=desc'));

    // Filtering by text.
    await page.getByTestId('portfolio-search').fill(names[1].slice(0, 5));
    await until(() => page.getByTestId('portfolio-open').allInnerTexts(), eq([names[1]]));
    await page.getByTestId('portfolio-search').fill('');
    await until(() => rows.count(), eq(3));

    // Only the customers with blocked people, then with drift: as the API filters them, in the URL.
    for (const kind of ['blocked', 'drifted'] as const) {
      const expected = (await (await fetch(`${local.base}/api/portfolio?${kind}=true&sort=name&order=desc`)).json()).items.map((r: { displayName: string }) => r.displayName);
      await page.getByTestId(`portfolio-${kind}`).click();
      await until(() => page.evaluate(() => location.hash), (h) => h.includes(`${kind}=true`));
      await until(() => page.getByTestId('portfolio-open').allInnerTexts(), eq(expected));
      await page.getByTestId(`portfolio-${kind}`).click();
      await until(() => rows.count(), eq(3));
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('portfolio-export').click()]);
    const file = await download.path();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file!);
    const customers = workbook.getWorksheet('Customers')!;
    expect(customers.rowCount).toBe(4);
    expect(customers.getColumn(1).values.slice(2)).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    const licenceColumn = (customers.getRow(1).values as unknown[]).indexOf('Licences to buy');
    expect(licenceColumn).toBeGreaterThan(0);
    for (const v of customers.getColumn(licenceColumn).values.slice(2)) expect(typeof v).toBe('number');
    expect(workbook.getWorksheet('Cutovers')!.rowCount).toBeGreaterThan(1);

    // The demo's shared SBC, sized over the three customers whose own gateways sit under it.
    const sbc = page.getByTestId('shared-sbc-row');
    await sbc.waitFor();
    const cells = await sbc.locator('td').allInnerTexts();
    expect(cells[0]).toBe('msp-sbc-1');
    expect(cells[1]).toBe('3');
    expect(await page.getByTestId('shared-sbc-over').innerText()).toMatch(/licences on \d{4}-\d{2}-\d{2}/);
    expect(errors).toEqual([]);
  }, 90_000);

  it('portfolio settings: link a customer, grant and revoke a user, unlink - each audited', async () => {
    const { page, errors } = await open('portfolio');
    const NEW = 'dddddddd-4444-4444-8444-444444444444';
    await page.getByTestId('portfolio-settings').waitFor();
    await until(() => page.getByTestId('mapping-row').count(), eq(3));
    await page.getByTestId('link-tenant-id').fill(NEW);
    await page.getByTestId('link-name').fill('Woodgrove <Bank>');
    await page.getByTestId('link-customer').click();
    const row = page.locator(`[data-testid="mapping-row"][data-tenant="${NEW}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('Woodgrove <Bank>');
    await row.getByTestId('grant-who').fill('Ines@Woodgrove.example');
    await row.getByTestId('grant-role').selectOption('viewer');
    await row.getByTestId('grant-submit').click();
    await until(() => row.getByTestId('grant').allInnerTexts(), (t) => t.length === 1 && t[0].includes('viewer: ines@woodgrove.example'));
    await row.getByTestId('revoke').click();
    await until(() => row.getByTestId('grant').count(), eq(0));
    // Unlinking asks first (it takes the customer's grants with it): Cancel keeps it linked.
    await row.getByTestId('unlink').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await row.count()).toBe(1);
    await row.getByTestId('unlink').click();
    await page.getByTestId('unlink-confirm').click();
    await until(() => page.getByTestId('mapping-row').count(), eq(3));
    const audit = await local.running.services.store.listAudit(local.config.demo.tenantId, 4);
    expect(audit.map((a) => a.action)).toEqual(['portfolio.unlink', 'portfolio.revoke', 'portfolio.grant', 'portfolio.link']);
    expect(errors).toEqual([]);
  }, 90_000);

  it("portfolio settings: a customer that holds data is refused at the tenant id, saying what its admin must do; linked once they allow this MSP", async () => {
    const msp = local.config.demo.tenantId;
    const { store, portfolio, mspConsent } = local.running.services;
    // Its own admins use the app here: a synced snapshot.
    const USED = '99999999-6666-4666-8666-666666666666';
    await saveSnapshot(store, usersOnlySnapshot(USED, 'Wingtip', 2), 'test');
    const { page, errors } = await open('portfolio', { bypassCSP: true });
    await until(() => page.getByTestId('mapping-row').count(), eq(3));
    const field = page.getByTestId('link-tenant-id');
    await field.fill(USED);
    await page.getByTestId('link-name').fill('Wingtip');
    await page.getByTestId('link-customer').click();
    const refusal = page.getByTestId('portfolio-settings').getByText(/already holds its own data/);
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Settings > Tenant > Managed service provider');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await until(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null), eq('link-tenant-id'));
    expect(await scanWithAxe(page, 'portfolio with a link refused for want of consent')).toEqual([]);
    expect(await page.getByTestId('mapping-row').count()).toBe(3);

    // The customer's admin allows this MSP (in their own tenant's Settings); the same link now succeeds.
    await mspConsent.setAllowedMsp(USED, 'Wingtip admin', msp, null, local.config.auth.mspTenantIds);
    await page.getByTestId('link-customer').click();
    await page.locator(`[data-testid="mapping-row"][data-tenant="${USED}"]`).waitFor();
    expect(await refusal.count()).toBe(0);
    // Left as the other steps expect it: three customers.
    await portfolio.unlink(msp, 'test', USED, (await portfolio.get(msp)).version);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the switcher and a click on a customer make every call act for it', async () => {
    const { page, errors } = await open('portfolio');
    const switcher = page.getByTestId('tenant-switcher');
    await switcher.waitFor();
    expect(await switcher.locator('option').count()).toBe(4);
    await page.locator(`[data-testid="portfolio-row"][data-tenant="${demoCustomerTenantId(2)}"]`).getByTestId('portfolio-open').click();
    await until(() => page.evaluate(() => location.hash), eq('#/overview'));
    await until(() => switcher.inputValue(), eq(demoCustomerTenantId(2)));
    // The Overview now reads the customer: its name shows, the MSP's does not.
    const tenantName = () => page.getByTestId('tenant-name').innerText().catch(() => '');
    await until(tenantName, (t) => t.includes(names[1]));
    expect(await page.getByTestId('count-users').innerText()).toContain('300');
    // Acting as an admin there: nothing says view only. On the customer granted for viewing, the shell says so.
    expect(await page.getByTestId('tenant-view-only').count()).toBe(0);
    await switcher.selectOption(demoCustomerTenantId(3));
    await until(() => page.getByTestId('tenant-view-only').count(), eq(1));
    // The Overview reloads for that customer; its sync, which the API would refuse a viewer, is off.
    await until(tenantName, (t) => t.includes(names[2]));
    await until(() => page.getByTestId('sync-button').isDisabled(), eq(true));
    // Back to the own tenant through the switcher.
    await switcher.selectOption(local.config.demo.tenantId);
    await until(tenantName, (t) => t.includes('(demo)'));
    await until(() => page.getByTestId('count-users').innerText(), (t) => t.includes('400'));
    expect(errors).toEqual([]);
  }, 90_000);

  it('shared SBCs: add one (field errors from the server), edit with a conflict showing both versions, remove - each audited', async () => {
    const { page, errors } = await open('portfolio', { bypassCSP: true });
    const msp = local.config.demo.tenantId;
    const portfolio = local.running.services.portfolio;
    const rowOf = (id: string) => page.locator(`[data-testid="shared-sbc-row"][data-sbc="${id}"]`);
    await rowOf('msp-sbc-1').waitFor();
    // The demo customers' own gateways on the shared SBC are listed.
    await until(() => rowOf('msp-sbc-1').getByTestId('shared-sbc-gateways').innerText(), (t) => names.every((n) => t.includes(`${n}: `)) && t.includes('.sbc.msp.example'));

    // Add: a bad FQDN is refused by the server's schema, shown on its field; fixed, the SBC is saved.
    await page.getByTestId('sbc-add').click();
    const form = page.getByTestId('sbc-form');
    await form.getByTestId('sbc-id').fill('edge-2');
    await form.getByTestId('sbc-fqdn').fill('not a name');
    await form.getByTestId('sbc-sessionCapacity').fill('50');
    await form.getByTestId('sbc-licensedSessions').fill('40');
    await form.getByTestId('sbc-pricePerSessionPerYear').fill('2.5');
    await form.getByTestId('sbc-save').click();
    await form.getByText('expected a fully qualified domain name').waitFor();
    // The form with a field error, the SBC table and the portfolio settings: no serious accessibility problem.
    expect(await scanWithAxe(page, 'portfolio with the shared SBC form')).toEqual([]);
    await form.getByTestId('sbc-fqdn').fill('edge.msp.example');
    await form.getByTestId('sbc-save').click();
    await rowOf('edge-2').waitFor();
    await until(() => form.count(), eq(0));
    expect((await portfolio.get(msp)).sharedSbcs.find((s) => s.id === 'edge-2')).toEqual({ id: 'edge-2', fqdn: 'edge.msp.example', sessionCapacity: 50, licensedSessions: 40, pricePerSessionPerYear: 2.5 });

    // Edit while someone else changes the same SBC: the 409 shows theirs and mine; "Apply mine again" saves mine on the new version.
    await rowOf('msp-sbc-1').getByTestId('sbc-edit').click();
    await form.getByTestId('sbc-sessionCapacity').fill('60');
    const before = await portfolio.get(msp);
    const theirs = { ...before.sharedSbcs.find((s) => s.id === 'msp-sbc-1')!, licensedSessions: 33 };
    await portfolio.setSharedSbc(msp, 'someone else', theirs, before.version);
    await form.getByTestId('sbc-save').click();
    await page.getByTestId('sbc-conflict').waitFor();
    // The list is read again after the 409; its buttons wait for it (a change sent from the old list would conflict again).
    await until(() => page.getByTestId('sbc-apply-mine').isEnabled(), eq(true));
    expect(await scanWithAxe(page, 'portfolio with a shared SBC conflict')).toEqual([]);
    expect(await page.getByTestId('sbc-conflict-theirs').innerText()).toContain('licensedSessions: 33');
    expect(await page.getByTestId('sbc-conflict-yours').innerText()).toContain('sessionCapacity: 60');
    await page.getByTestId('sbc-apply-mine').click();
    await until(() => page.getByTestId('sbc-conflict').count(), eq(0));
    await until(async () => (await portfolio.get(msp)).sharedSbcs.find((s) => s.id === 'msp-sbc-1')?.sessionCapacity, eq(60));

    // Remove.
    await rowOf('edge-2').getByTestId('sbc-remove').click();
    await until(() => rowOf('edge-2').count(), eq(0));
    expect((await portfolio.get(msp)).sharedSbcs.map((s) => s.id)).toEqual(['msp-sbc-1']);
    const audit = await local.running.services.store.listAudit(msp, 4);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['portfolio.sbcs', expect.not.stringMatching(/^someone else$/)],
      ['portfolio.sbcs', expect.not.stringMatching(/^someone else$/)],
      ['portfolio.sbcs', 'someone else'],
      ['portfolio.sbcs', expect.not.stringMatching(/^someone else$/)],
    ]);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the switcher follows the portfolio: a grant made elsewhere shows on focus, an unlink falls back to the home tenant with a message', async () => {
    const { page, errors } = await open('portfolio');
    const msp = local.config.demo.tenantId;
    const portfolio = local.running.services.portfolio;
    const switcher = page.getByTestId('tenant-switcher');
    await switcher.waitFor();
    await until(() => switcher.locator('option').count(), eq(4));

    // Another admin links a customer and grants this user: the switcher shows it when the window regains focus.
    const NEW = 'ffffffff-5555-4555-8555-555555555555';
    let v = (await portfolio.get(msp)).version;
    v = (await portfolio.link(msp, 'another admin', { tenantId: NEW, displayName: 'Late <Customer>' }, v)).version;
    await portfolio.grant(msp, 'another admin', NEW, { kind: 'user', id: LOCAL_DEV_USER_ID }, 'admin', v);
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await until(() => switcher.locator('option').allInnerTexts(), (t) => t.length === 5 && t.includes('Late <Customer>'));

    // Acting for it, the customer is unlinked in the portfolio settings: the switcher refreshes at once,
    // the tab is back on the home tenant and says why.
    await switcher.selectOption(NEW);
    await until(() => page.evaluate(() => sessionStorage.getItem('vmp.actingTenant')), eq(NEW));
    const row = page.locator(`[data-testid="mapping-row"][data-tenant="${NEW}"]`);
    await row.getByTestId('unlink').click();
    await page.getByTestId('unlink-confirm').click();
    await page.getByTestId('tenant-revoked').waitFor();
    expect(await page.getByTestId('tenant-revoked').innerText()).toContain('You may no longer act for Late <Customer>');
    await until(() => switcher.inputValue(), eq(msp));
    await until(() => switcher.locator('option').count(), eq(4));
    expect(await page.evaluate(() => sessionStorage.getItem('vmp.actingTenant'))).toBeNull();
    expect(errors).toEqual([]);
  }, 90_000);

  it('a customer the scheduled sync skips says why next to its last sync', async () => {
    const skipped = demoCustomerTenantId(1);
    const reason = 'No app credential for this customer <test>.';
    await local.running.services.store.commit(skipped, 'test', [{ type: 'put-document', kind: SYNC_SKIP_DOCUMENT, data: { at: new Date().toISOString(), reason } }]);
    const { page, errors } = await open('portfolio');
    const badge = page.locator(`[data-testid="portfolio-row"][data-tenant="${skipped}"]`).getByTestId('portfolio-sync-skipped');
    await badge.waitFor();
    expect(await page.getByTestId('portfolio-sync-skipped').count()).toBe(1);
    // The reason is the badge's description, shown on keyboard focus as on hover.
    await badge.focus();
    await page.getByRole('tooltip').waitFor();
    expect(await page.getByRole('tooltip').innerText()).toBe(reason);
    expect(errors).toEqual([]);
  });

  it('portfolio settings: a customer is reached on behalf of guest admins (delegated), audited', async () => {
    const { page, errors } = await open('portfolio');
    const msp = local.config.demo.tenantId;
    const customer = demoCustomerTenantId(2);
    const select = page.locator(`[data-testid="mapping-row"][data-tenant="${customer}"]`).getByTestId('graph-access');
    await select.waitFor();
    expect(await select.inputValue()).toBe('app-only');
    await select.selectOption('delegated');
    await until(async () => (await local.running.services.portfolio.get(msp)).customers.find((c) => c.tenantId === customer)?.graphAccess, eq('delegated'));
    await until(() => select.inputValue(), eq('delegated'));
    const [entry] = await local.running.services.store.listAudit(msp, 1);
    expect(entry).toMatchObject({ action: 'portfolio.graph-access', after: { tenantId: customer, graphAccess: 'delegated' } });
    expect(errors).toEqual([]);
  });
});
