/**
 * The tenant settings form and a site's attributes in the site panel, in headless Chromium against the
 * real local server (demo tenant): the tenant form refuses a negative Calling Plan site size at the field
 * (nothing saved), then saves cloud, MSP and size through PATCH; the same edit by keyboard only; a site's
 * emergency address, holiday region, PBX switch-off date and flags are saved as one item and read back;
 * its auto attendant's resource account refuses a person's UPN at the field and takes the tenant's own;
 * two admins on the same site's attributes conflict (both versions, "apply mine again") while a change to
 * another site's attributes from an older read does not; Shared Calling's callback numbers are one line,
 * a number not in E.164 refused at the field; call park is one line, a pickup code Teams does not take
 * refused at the field; both views pass axe. Screenshots go to
 * tests/artifacts/screenshots.
 */
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { LocalServer } from '../support/http';
import { SCREENSHOTS_DIR, startTabInBrowser } from '../support/tab-in-browser';
import { scanViews } from '../support/axe-scan';
import { until } from '../support/until';

const SHOTS = SCREENSHOTS_DIR;

let local: LocalServer;
let base: string;
let browser: Browser | undefined;

beforeAll(async () => {
  ({ local, browser } = await startTabInBrowser('vmp-tenant-site-e2e-'));
  base = local.base;
});

afterAll(async () => {
  await browser?.close();
  await local?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = async (p: string): Promise<any> => (await fetch(`${base}/api${p}`)).json();

async function open(hash: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${base}/#/${hash}`, { waitUntil: 'load' });
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  return { page, errors };
}

/** Presses Tab until the focused element matches, as a keyboard-only admin would. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The tenant's site ids in the decisions' order. */
async function siteIds(): Promise<string[]> {
  return ((await api('/decisions')).recommendations as { siteId: string }[]).map((r) => r.siteId);
}

interface StoredAttributes {
  siteId: string;
  region?: string;
  businessHours?: { weekdays: number[]; from: string; to: string }[];
  subnets?: string[];
  locationBasedRouting?: boolean;
  securityDesk?: { notify: string[]; mode: string; dialOutNumber?: string };
  survivableBranchAppliances?: string[];
  sharedCalling?: { emergencyCallbackNumbers: string[] };
  callPark?: { pickupRangeStart?: number; pickupRangeEnd?: number; parkTimeoutSeconds?: number };
  pbxStays?: boolean;
  emergencyAddress?: string;
}
const attributesOf = async (siteId: string): Promise<StoredAttributes | undefined> =>
  ((await api('/settings')).settings.sites as StoredAttributes[]).find((a) => a.siteId === siteId);

describe('tenant settings form and site attributes in headless Chromium', () => {
  it('the tenant form: a negative site size is refused at the field, then cloud, MSP and size save', async () => {
    const before = await api('/settings');
    const { page, errors } = await open('settings/tenant');
    const size = page.getByTestId('tenant-smallSiteMaxUsers');
    await size.waitFor({ timeout: 30_000 });
    expect(await size.inputValue()).toBe(String(before.settings.tenant.smallSiteMaxUsers));
    await size.fill('-1');
    await page.getByTestId('settings-form-save').click();
    await page.getByTestId('settings-form-invalid').waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid="tenant-smallSiteMaxUsers"]')?.getAttribute('aria-invalid') === 'true');
    expect((await api('/settings')).version).toBe(before.version);
    await page.screenshot({ path: path.join(SHOTS, 'settings-tenant-error.png'), fullPage: true });

    // The network's trusted addresses are one line: an address inside a range is the server's to refuse, at the field.
    const trusted = page.getByTestId('tenant-trustedIps');
    expect(await trusted.inputValue()).toBe(before.settings.tenant.trustedIps.join(', '));
    await size.fill('25');
    await trusted.fill('203.0.113.0/28, 198.51.100.70/27');
    await page.getByTestId('settings-form-save').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="tenant-trustedIps"]')?.getAttribute('aria-invalid') === 'true');
    await page.getByText(/"198\.51\.100\.70\/27" is an address inside the subnet, not the subnet: write 198\.51\.100\.64\/27/).waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(before.version);
    await trusted.fill('203.0.113.0/28, 198.51.100.64/27');
    await page.getByTestId('tenant-cloud').selectOption('gcc');
    await page.getByTestId('tenant-mspDelivered').check();
    await page.getByTestId('settings-form-save').click();
    await page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.tenant).toEqual({ cloud: 'gcc', mspDelivered: true, smallSiteMaxUsers: 25, trustedIps: ['203.0.113.0/28', '198.51.100.64/27'] });
    await page.screenshot({ path: path.join(SHOTS, 'settings-tenant.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keyboard only: the Calling Plan site size is edited and saved with Tab, typing and Enter', async () => {
    const before = await api('/settings');
    const { page, errors } = await open('settings/tenant');
    await page.getByTestId('tenant-smallSiteMaxUsers').waitFor({ timeout: 30_000 });
    await page.getByTestId('settings-tab-tenant').focus();
    await tabTo(page, '[data-testid="tenant-smallSiteMaxUsers"]');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await page.getByTestId('settings-form-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.tenant.smallSiteMaxUsers).toBe(12);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tenant-smallSiteMaxUsers');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a site's attributes are saved from the site panel as one item and read back", async () => {
    const [siteId] = await siteIds();
    const before = await api('/settings');
    const { page, errors } = await open(`sites/${encodeURIComponent(siteId)}`);
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    await form.getByTestId('site-attr-emergencyAddress').selectOption('validated');
    await form.getByTestId('site-attr-region').fill('BY');
    await form.getByTestId('site-attr-pbxDecommissionDate').fill('2027-09-30');
    await form.getByTestId('site-attr-contactCentre').check();
    await form.getByTestId('site-attr-emergencyRouting').check();
    // A location id that is not Get-CsOnlineLisLocation's GUID is refused at its field, and nothing is saved.
    await form.getByTestId('site-attr-emergencyLocationId').fill('Seattle HQ');
    await form.getByTestId('site-attributes-save').click();
    await form.getByText('expected the LocationId of Get-CsOnlineLisLocation').waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(before.version);
    await form.getByTestId('site-attr-emergencyLocationId').fill(' 6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f ');
    await form.getByTestId('site-attributes-save').click();
    await form.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.sites.find((a: { siteId: string }) => a.siteId === siteId).emergencyLocationId).toBe('6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f');
    await until(() => page.getByTestId('site-emergency-location').innerText(), (t) => t === '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f', 15_000);
    expect(after.settings.sites.find((a: { siteId: string }) => a.siteId === siteId)).toMatchObject({
      siteId,
      emergencyAddress: 'validated',
      region: 'BY',
      pbxDecommissionDate: '2027-09-30',
      contactCentre: true,
      emergencyRouting: true,
    });
    // The panel reads the site again: the readiness facts follow the saved attributes.
    await page.waitForFunction(() => /Emergency address\s*validated/.test(document.querySelector('[data-testid="site-readiness"]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    expect(await form.getByTestId('site-attr-region').inputValue()).toBe('BY');
    await form.screenshot({ path: path.join(SHOTS, 'site-attributes.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a site's auto attendant account: a person's UPN is refused at the field, the tenant's resource account is saved; a person is its operator", async () => {
    // A site whose settings name no account yet, and the demo tenant's resource account of its auto attendant.
    const ids = await siteIds();
    const named = new Set(((await api('/settings')).settings.sites as { siteId: string; autoAttendantAccount?: string }[]).filter((a) => a.autoAttendantAccount).map((a) => a.siteId));
    let siteId = '';
    let account = '';
    for (const id of ids.filter((x) => !named.has(x))) {
      const found = (await api(`/people?q=${encodeURIComponent(`ra-aa-${id}`)}&limit=5`)).items as { userPrincipalName: string; kind: string }[];
      const ra = found.find((p) => p.kind === 'resourceAccount' && p.userPrincipalName.startsWith(`ra-aa-${id}@`));
      if (!ra) continue;
      [siteId, account] = [id, ra.userPrincipalName];
      break;
    }
    expect(account).toMatch(/^ra-aa-/);
    const person = ((await api(`/people?site=${encodeURIComponent(siteId)}&limit=50`)).items as { userPrincipalName: string; kind: string }[]).find((p) => p.kind === 'user')!;
    const before = await api('/settings');
    const { page, errors } = await open(`sites/${encodeURIComponent(siteId)}`);
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    const field = form.getByTestId('site-attr-autoAttendantAccount');
    await field.fill(person.userPrincipalName);
    await form.getByTestId('site-attributes-save').click();
    await form.getByText('is a user, not a resource account').waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(before.version);
    // The refusal is at the field alone: the warnings about other sites' attributes are no error of this form.
    expect(await form.getByText('Not saved').count()).toBe(0);
    await form.screenshot({ path: path.join(SHOTS, 'site-attributes-auto-attendant-error.png') });

    await field.fill(` ${account} `);
    await form.getByTestId('site-attributes-save').click();
    await form.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    const after = await api('/settings');
    expect(after.version).toBe(before.version + 1);
    expect(after.settings.sites.find((a: { siteId: string }) => a.siteId === siteId).autoAttendantAccount).toBe(account);
    await until(() => field.inputValue(), (v) => v === account, 15_000);
    // Its operator may be a person (the receptionist): "0" reaches them.
    await form.getByTestId('site-attr-operator').fill(person.userPrincipalName);
    await form.getByTestId('site-attributes-save').click();
    await until(async () => (await api('/settings')).settings.sites.find((a: { siteId: string }) => a.siteId === siteId).operator, (v) => v === person.userPrincipalName, 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a site's business hours are one line: a time off the quarter hour is refused at the field before sending, overlapping ranges by the server, and lunch hours are saved as ranges", async () => {
    // Milan's example settings give it a lunch break: the field shows them as one line.
    const milan = await attributesOf('milan');
    expect(milan?.businessHours).toBeDefined();
    const { page, errors } = await open('sites/milan');
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    const field = form.getByTestId('site-attr-businessHours');
    await until(() => field.inputValue(), (v) => v === 'Mon-Fri 09:00-13:00, Mon-Fri 14:00-18:00', 15_000);
    const before = await api('/settings');
    const save = form.getByTestId('site-attributes-save');
    // Read in the tab: nothing is sent.
    await field.fill('Mon-Fri 08:10-17:00');
    await save.click();
    await form.getByText('hours are on the quarter hour').waitFor({ timeout: 15_000 });
    // Overlapping ranges are the server's to refuse, at the same field.
    await field.fill('Mon-Fri 9-13, Fri 12-18');
    await save.click();
    await form.getByText(/overlap on Fri: 09:00-13:00 and 12:00-18:00/).waitFor({ timeout: 15_000 });
    expect(await form.getByText('Not saved').count()).toBe(0);
    expect((await api('/settings')).version).toBe(before.version);
    await form.screenshot({ path: path.join(SHOTS, 'site-attributes-business-hours-error.png') });
    // A Saturday morning besides.
    await field.fill('mon-fri 9-13; mon-fri 14-18, sat 9-12');
    await save.click();
    await form.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    expect((await attributesOf('milan'))?.businessHours).toEqual([
      { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '13:00' },
      { weekdays: [1, 2, 3, 4, 5], from: '14:00', to: '18:00' },
      { weekdays: [6], from: '09:00', to: '12:00' },
    ]);
    await until(() => field.inputValue(), (v) => v === 'Mon-Fri 09:00-13:00, Mon-Fri 14:00-18:00, Sat 09:00-12:00', 15_000);
    // Emptied: open at all hours.
    await field.fill('');
    await save.click();
    await until(() => attributesOf('milan'), (a) => a !== undefined && a.businessHours === undefined, 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a site's subnets are one line: an address inside a subnet is refused at the field before sending, another site's subnet by the server; Location-Based Routing holds a site whose SBC stands elsewhere", async () => {
    // Seattle's example settings give it an IPv4 and an IPv6 subnet.
    expect((await attributesOf('seattle'))?.subnets).toEqual(['10.20.0.0/16', '2001:db8:20::/48']);
    const { page, errors } = await open('sites/milan');
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    const field = form.getByTestId('site-attr-subnets');
    await until(() => field.inputValue(), (v) => v === '', 15_000);
    const before = await api('/settings');
    const save = form.getByTestId('site-attributes-save');
    // Read in the tab: nothing is sent.
    await field.fill('10.30.0.0/16, 10.31.4.7/16');
    await save.click();
    await form.getByText('entry 2: "10.31.4.7/16" is an address inside the subnet, not the subnet: write 10.31.0.0/16').waitFor({ timeout: 15_000 });
    // Seattle's subnet, written another way, is the server's to refuse: a subnet belongs to one network site.
    await field.fill('2001:0DB8:0020::/48');
    await save.click();
    await form.getByText(/2001:db8:20::\/48 is already a subnet of site seattle/).waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(before.version);
    // Milan's own subnets, with Location-Based Routing turned on (Italy does not require it).
    await field.fill('10.30.0.0/16 2001:DB8:30::/48');
    await form.getByTestId('site-attr-locationBasedRouting').selectOption('on');
    await save.click();
    await form.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    const saved = await attributesOf('milan');
    expect(saved).toMatchObject({ subnets: ['10.30.0.0/16', '2001:db8:30::/48'], locationBasedRouting: true });
    await until(() => field.inputValue(), (v) => v === '10.30.0.0/16, 2001:db8:30::/48', 15_000);
    // Milan reaches the PSTN through the Frankfurt SBC, which stands at Berlin: under Location-Based Routing that holds it.
    const milanGates = async () => ((await api('/readiness?siteId=milan&limit=50')).items ?? []) as { code: string; message: string }[];
    const gates = await until(milanGates, (g) => g.some((x) => x.code === 'site-lbr-sbc-elsewhere'), 15_000);
    expect(gates.find((g) => g.code === 'site-lbr-sbc-elsewhere')?.message).toMatch(/its SBC sbc-fra stands at Berlin/);
    await form.screenshot({ path: path.join(SHOTS, 'site-attributes-subnets.png') });
    // Back as the country requires, without subnets.
    await form.getByTestId('site-attr-locationBasedRouting').selectOption('');
    await field.fill('');
    await save.click();
    await until(() => attributesOf('milan'), (a) => a !== undefined && a.subnets === undefined && a.locationBasedRouting === undefined, 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a US site's security desk: a wrong address is refused at the field, a wrong number by the server; without one the site has Kari's Law's warning", async () => {
    const seattleGates = async () => ((await api('/readiness?siteId=seattle&code=site-no-security-desk&limit=5')).items ?? []) as { code: string; severity: string; message: string }[];
    expect(await seattleGates()).toEqual([]);
    const { page, errors } = await open('sites/seattle');
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    const field = form.getByTestId('site-attr-securityDesk');
    await until(() => field.inputValue(), (v) => v === 'security-desk@contoso.example, facilities-seattle@contoso.example', 15_000);
    // The readiness section says what the runbooks set up for the site's emergency calls.
    expect(await page.getByTestId('site-emergency-numbers').innerText()).toBe('911, 933');
    expect(await page.getByTestId('site-security-desk').innerText()).toBe('security-desk@contoso.example, facilities-seattle@contoso.example');
    expect(await page.getByTestId('site-network-site').innerText()).toBe('2 subnets, Location-Based Routing off');
    const save = form.getByTestId('site-attributes-save');
    const before = await api('/settings');
    await field.fill('security-desk@contoso.example; front desk');
    await save.click();
    await form.getByText('entry 2: "front" is not an email address').waitFor({ timeout: 15_000 });
    await field.fill('security-desk@contoso.example');
    await form.getByTestId('site-attr-securityDesk-mode').selectOption('ConferenceUnMuted');
    await form.getByTestId('site-attr-securityDesk-dialOutNumber').fill('4255550199');
    await save.click();
    await form.getByText('expected an E.164 number such as +14255550100').waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(before.version);
    await form.getByTestId('site-attr-securityDesk-dialOutNumber').fill('+14255550199');
    await save.click();
    await form.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    expect((await attributesOf('seattle'))?.securityDesk).toEqual({ notify: ['security-desk@contoso.example'], mode: 'ConferenceUnMuted', dialOutNumber: '+14255550199' });
    // Emptied: no security desk, and Seattle is warned (not held back).
    await field.fill('');
    await save.click();
    await until(() => attributesOf('seattle'), (a) => a !== undefined && a.securityDesk === undefined, 15_000);
    await until(() => page.getByTestId('site-security-desk').innerText(), (t) => t === 'none: nobody on site is told of an emergency call', 15_000);
    const gates = await until(seattleGates, (g) => g.length > 0, 15_000);
    expect(gates[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/Seattle has no security desk: Kari's Law/) });
    await field.fill('security-desk@contoso.example, facilities-seattle@contoso.example');
    await save.click();
    await until(seattleGates, (g) => g.length === 0, 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a site's Survivable Branch Appliances: a wrong host name is refused at the field, appliances without subnets by the server", async () => {
    expect((await attributesOf('london-city'))?.survivableBranchAppliances).toEqual(['sba-lon-city.contoso.example']);
    const { page, errors } = await open('sites/london-city');
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    const field = form.getByTestId('site-attr-survivableBranchAppliances');
    await until(() => field.inputValue(), (v) => v === 'sba-lon-city.contoso.example', 15_000);
    const save = form.getByTestId('site-attributes-save');
    const before = await api('/settings');
    await field.fill('sba-lon-city.contoso.example, sba two');
    await save.click();
    await form.getByText('entry 2: "sba" is not a host name (FQDN)').waitFor({ timeout: 15_000 });
    // Without its subnets the site has no network site for the appliance to register at.
    await field.fill('sba-lon-city.contoso.example, sba-lon-city-2.contoso.example');
    await form.getByTestId('site-attr-subnets').fill('');
    await save.click();
    await form.getByText(/lists Survivable Branch Appliances but no subnets/).waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(before.version);
    await form.getByTestId('site-attr-subnets').fill('10.44.0.0/16');
    await save.click();
    await until(() => attributesOf('london-city'), (a) => a?.survivableBranchAppliances?.length === 2, 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a site's Shared Calling callback numbers: saved as one line and read back after a reload; a number not in E.164 is refused at the field, a repeated one by the server", async () => {
    expect((await attributesOf('paris'))?.sharedCalling).toBeUndefined();
    const { page, errors } = await open('sites/paris');
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    const field = form.getByTestId('site-attr-sharedCalling');
    await until(() => field.inputValue(), (v) => v === '', 15_000);
    await until(() => page.getByTestId('site-shared-calling').innerText(), (t) => t.startsWith('off'), 15_000);
    const save = form.getByTestId('site-attributes-save');
    const before = await api('/settings');
    await field.fill('+33142612101, +33142612102');
    await save.click();
    await form.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    expect((await api('/settings')).version).toBe(before.version + 1);
    expect((await attributesOf('paris'))?.sharedCalling).toEqual({ emergencyCallbackNumbers: ['+33142612101', '+33142612102'] });

    // A fresh read of the page shows them, and the readiness section says Shared Calling is on.
    await page.reload({ waitUntil: 'load' });
    await form.waitFor({ timeout: 30_000 });
    await until(() => field.inputValue(), (v) => v === '+33142612101, +33142612102', 15_000);
    await until(() => page.getByTestId('site-shared-calling').innerText(), (t) => t === 'on: 2 emergency callback numbers', 15_000);

    // Read in the tab: nothing is sent.
    const saved = await api('/settings');
    await field.fill('+33142612101 0142612103');
    await save.click();
    await form.getByText('entry 2: "0142612103" is not an E.164 number such as +14255550100').waitFor({ timeout: 15_000 });
    await until(() => field.getAttribute('aria-invalid'), (v) => v === 'true', 15_000);
    // One number twice is the server's to refuse, at the same field (a callback number serves one site's callers).
    await field.fill('+33142612101, +33142612101');
    await save.click();
    await form.getByText(/\+33142612101 is already an emergency callback number of site paris/).waitFor({ timeout: 15_000 });
    expect(await form.getByText('Not saved').count()).toBe(0);
    expect((await api('/settings')).version).toBe(saved.version);
    await form.screenshot({ path: path.join(SHOTS, 'site-attributes-shared-calling-error.png') });

    // Emptied: Shared Calling off.
    await field.fill('');
    await save.click();
    await until(() => attributesOf('paris'), (a) => a !== undefined && a.sharedCalling === undefined, 15_000);
    await until(() => page.getByTestId('site-shared-calling').innerText(), (t) => t.startsWith('off'), 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("a site's call park is one line: read back as the PBX's codes and ring-back time, a code Teams does not take refused at the field, on and off saved", async () => {
    expect((await attributesOf('seattle'))?.callPark).toEqual({ pickupRangeStart: 7000, pickupRangeEnd: 7099, parkTimeoutSeconds: 120 });
    const { page, errors } = await open('sites/seattle');
    const form = page.getByTestId('site-attributes-form');
    await form.waitFor({ timeout: 30_000 });
    const field = form.getByTestId('site-attr-callPark');
    await until(() => field.inputValue(), (v) => v === '7000-7099, 120 s', 15_000);
    const save = form.getByTestId('site-attributes-save');
    const before = await api('/settings');
    // Read in the tab: nothing is sent.
    await field.fill('5-99, 60 s');
    await save.click();
    await form.getByText('pickup codes run from 10 to 9999 in Teams (5)').waitFor({ timeout: 15_000 });
    await until(() => field.getAttribute('aria-invalid'), (v) => v === 'true', 15_000);
    expect((await api('/settings')).version).toBe(before.version);
    // "on": Teams' own codes and ring-back time.
    await field.fill('on');
    await save.click();
    await form.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    expect((await attributesOf('seattle'))?.callPark).toEqual({});
    await page.reload({ waitUntil: 'load' });
    await form.waitFor({ timeout: 30_000 });
    await until(() => field.inputValue(), (v) => v === 'on', 15_000);
    // Emptied: no call park; the PBX's range again.
    await field.fill('');
    await save.click();
    await until(() => attributesOf('seattle'), (a) => a !== undefined && a.callPark === undefined, 15_000);
    // The form reloads what is stored (nothing left to save) before the next edit, which the reload would otherwise undo.
    await until(() => save.isDisabled(), (disabled) => disabled, 15_000);
    await field.fill('7000-7099, 120 s');
    await save.click();
    await until(() => attributesOf('seattle'), (a) => a?.callPark?.pickupRangeStart === 7000, 15_000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("two admins on one site's attributes conflict (both versions, apply mine again); another site's do not", async () => {
    const [, same, other] = await siteIds();
    const theirsBefore = await attributesOf(same);
    const otherBefore = await attributesOf(other);
    const a = await open(`sites/${encodeURIComponent(same)}`);
    const b = await open(`sites/${encodeURIComponent(same)}`);
    const c = await open(`sites/${encodeURIComponent(other)}`);
    for (const x of [a, b, c]) await x.page.getByTestId('site-attributes-form').waitFor({ timeout: 30_000 });

    // A changes the emergency address (to whichever state it is not in).
    const theirs = theirsBefore?.emergencyAddress === 'pending' ? 'validated' : 'pending';
    await a.page.getByTestId('site-attr-emergencyAddress').selectOption(theirs);
    await a.page.getByTestId('site-attributes-save').click();
    await a.page.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });

    // Another site, from a read older than A's save: no conflict.
    await c.page.getByTestId('site-attr-pbxStays').setChecked(!otherBefore?.pbxStays);
    await c.page.getByTestId('site-attributes-save').click();
    await c.page.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });

    // The same site: B sees both versions and applies its own again.
    await b.page.getByTestId('site-attr-region').fill('WA');
    await b.page.getByTestId('site-attributes-save').click();
    const conflict = b.page.getByTestId('conflict-message');
    await conflict.waitFor({ timeout: 15_000 });
    expect(await conflict.getByTestId('conflict-versions').innerText()).toMatch(new RegExp(`Theirs[\\s\\S]*emergencyAddress: ${theirs}[\\s\\S]*Yours[\\s\\S]*region: WA`));
    await b.page.screenshot({ path: path.join(SHOTS, 'site-attributes-conflict.png') });
    await b.page.getByTestId('conflict-apply-mine').click();
    await b.page.getByTestId('site-attributes-saved').waitFor({ timeout: 15_000 });
    // "Apply mine" sends B's whole item: its region, and the emergency address as B had read it.
    expect(await attributesOf(same)).toMatchObject({ region: 'WA', emergencyAddress: theirsBefore?.emergencyAddress ?? 'missing' });
    expect((await attributesOf(other))?.pbxStays).toBe(!otherBefore?.pbxStays);
    for (const x of [a, b, c]) {
      expect(x.errors).toEqual([]);
      await x.page.context().close();
    }
  });

  it('the tenant form and the site panel with its attributes pass axe (no critical or serious violation)', async () => {
    const [siteId] = await siteIds();
    const page = await (await browser!.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    const views = [
      { name: 'settings-tenant', hash: 'settings/tenant', ready: '[data-testid="tenant-form"]' },
      { name: 'site-panel-attributes', hash: `sites/${encodeURIComponent(siteId)}`, ready: '[data-testid="site-attributes-form"]' },
    ];
    expect(await scanViews(page, base, 'default', views, SHOTS)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
