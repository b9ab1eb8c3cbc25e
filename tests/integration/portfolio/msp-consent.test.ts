/**
 * A customer's consent before an MSP links it, against the production-mode API (a local Entra signs
 * the tokens; a real SQLite store). A tenant that holds data here is linked only once its own admin
 * allows exactly that MSP: without consent the MSP is refused (403, saying what the customer's admin
 * must do) and gains no access; another MSP stays refused; a customer user without an admin role, or
 * an MSP user acting for the customer, cannot give consent; a stale write is a 409; bad input is a 400
 * at the field; revoking closes the tenant to the MSP at once, though the link stays. A tenant with nothing stored links as before. Local mode's
 * demo customers are still linked at start-up.
 */
import { demoCustomerTenantId } from '../../../shared/demo/demo-customers';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { MSP_CONSENT_DOCUMENT } from '../../../shared/services/msp-consent-service';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { startLocalServer, type LocalServer } from '../../support/http';
import { startProductionServer, type ProductionServer } from '../../support/production-server';
import { usersOnlySnapshot } from '../../support/snapshots';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const OTHER_MSP = 'dddddddd-4444-4444-8444-444444444444';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const FRESH = 'cccccccc-3333-4333-8333-333333333333';
const NOT_AN_MSP = 'eeeeeeee-5555-4555-8555-555555555555';
const MSP_ADMIN = 'a0a0a0a0-0000-4000-8000-000000000001';
const CUSTOMER_ADMIN = 'c0c0c0c0-0000-4000-8000-000000000001';
const CUSTOMER_USER = 'c0c0c0c0-0000-4000-8000-000000000002';

describe('customer consent before an MSP links a tenant that holds data (production mode)', () => {
  let server: ProductionServer;

  beforeAll(async () => {
    server = await startProductionServer([MSP, OTHER_MSP, CUSTOMER, FRESH], { MSP_TENANT_IDS: `${MSP},${OTHER_MSP}` });
    const { store } = server.running.services;
    await saveSnapshot(store, usersOnlySnapshot(MSP, 'Northwind MSP', 2), 'test');
    // The customer's own admins use the app here: a synced snapshot.
    await saveSnapshot(store, usersOnlySnapshot(CUSTOMER, 'Contoso', 3), 'test');
  }, 60_000);

  afterAll(() => server?.stop());

  const token = (tid: string, oid: string, wids: string[] = [ADMIN_ROLES.teamsAdministrator]) => server.entra.ssoToken({ tid, oid, wids });

  async function call(method: string, route: string, bearer: string, options: { tenant?: string; body?: unknown } = {}) {
    const res = await fetch(`${server.base}/api${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${bearer}`,
        ...(options.tenant !== undefined ? { 'X-Tenant-Id': options.tenant } : {}),
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function link(msp: string, tenantId: string) {
    const expectedVersion = (await server.running.services.portfolio.get(msp)).version;
    return call('POST', '/portfolio/customers', await token(msp, MSP_ADMIN), { body: { tenantId, displayName: 'Contoso Ltd', expectedVersion } });
  }

  const customersOf = async (msp: string) => (await server.running.services.portfolio.get(msp)).customers.map((c) => c.tenantId);
  const consentDocument = () => server.running.services.store.getDocument(CUSTOMER, MSP_CONSENT_DOCUMENT);

  it('an MSP linking a tenant that holds data, without its consent, is refused and gains no access', async () => {
    const refused = await link(MSP, CUSTOMER.toUpperCase());
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/already holds its own data/);
    // It tells the MSP engineer what the customer's admin must do, and where.
    expect(refused.body.error.message).toContain('Settings > Tenant > Managed service provider');
    expect(refused.body.error.message).toContain(MSP);
    expect(await customersOf(MSP)).toEqual([]);
    expect((await call('GET', '/status', await token(MSP, MSP_ADMIN), { tenant: CUSTOMER })).status).toBe(403);
    // Nothing was written under the customer, nor in the MSP's trail.
    expect(await consentDocument()).toBeUndefined();
    expect((await server.running.services.store.listAudit(MSP, 5)).filter((a) => a.action === 'portfolio.link')).toEqual([]);
  });

  it('a customer user without an admin role cannot give consent; nothing is stored', async () => {
    const user = await token(CUSTOMER, CUSTOMER_USER, []);
    const res = await call('PUT', '/msp-consent', user, { body: { mspTenantId: MSP, expectedVersion: null } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Administrator/);
    expect((await call('GET', '/msp-consent', user)).status).toBe(403);
    expect(await consentDocument()).toBeUndefined();
  });

  it("bad input is a 400 at the field: not a GUID, the tenant's own id, a tenant that is not an MSP here, no version", async () => {
    const admin = await token(CUSTOMER, CUSTOMER_ADMIN);
    for (const [mspTenantId, message] of [
      ['not-a-guid', /must be an Entra tenant id/],
      [CUSTOMER.toUpperCase(), /this tenant's own id/],
      [NOT_AN_MSP, /not an MSP tenant of this deployment/],
    ] as const) {
      const res = await call('PUT', '/msp-consent', admin, { body: { mspTenantId, expectedVersion: null } });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
      expect(res.body.error.issues).toEqual([expect.objectContaining({ path: '$.mspTenantId' })]);
    }
    expect((await call('PUT', '/msp-consent', admin, { body: { mspTenantId: MSP } })).body.error.issues[0].path).toBe('$.expectedVersion');
    expect((await call('PUT', '/msp-consent', admin, { body: { mspTenantId: 42, expectedVersion: null } })).status).toBe(400);
    // Revoking when nothing was allowed says so.
    expect((await call('PUT', '/msp-consent', admin, { body: { mspTenantId: null, expectedVersion: null } })).status).toBe(404);
    expect(await consentDocument()).toBeUndefined();
  });

  it("the customer's admin allows the MSP: versioned and audited under the customer; a stale write is a 409", async () => {
    const admin = await token(CUSTOMER, CUSTOMER_ADMIN);
    const before = await call('GET', '/msp-consent', admin);
    expect(before.body).toMatchObject({ tenantId: CUSTOMER, version: null, allowedMsp: null, managedBy: null, isMsp: false, canChange: true });
    const allowed = await call('PUT', '/msp-consent', admin, { body: { mspTenantId: MSP.toUpperCase(), expectedVersion: null } });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ version: 1, allowedMsp: { mspTenantId: MSP, displayName: 'Northwind MSP', allowedBy: `Ada Admin (${CUSTOMER_ADMIN})` } });
    const [entry] = await server.running.services.store.listAudit(CUSTOMER, 1);
    expect(entry).toMatchObject({ action: 'msp-consent.allow', kind: MSP_CONSENT_DOCUMENT, actor: `Ada Admin (${CUSTOMER_ADMIN})`, before: null, after: { mspTenantId: MSP } });

    const stale = await call('PUT', '/msp-consent', admin, { body: { mspTenantId: OTHER_MSP, expectedVersion: null } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/MSP consent was changed by Ada Admin/);
    expect((await consentDocument())?.version).toBe(1);
  });

  it('another MSP, with no consent of its own, is still refused', async () => {
    const refused = await link(OTHER_MSP, CUSTOMER);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(OTHER_MSP);
    expect(await customersOf(OTHER_MSP)).toEqual([]);
  });

  it('the MSP the customer allowed links it, and acts for it once granted', async () => {
    const linked = await link(MSP, CUSTOMER);
    expect(linked.status).toBe(201);
    expect(await customersOf(MSP)).toEqual([CUSTOMER]);
    const { portfolio } = server.running.services;
    await portfolio.grant(MSP, 'test', CUSTOMER, { kind: 'user', id: MSP_ADMIN }, 'admin', linked.body.version);
    const status = await call('GET', '/status', await token(MSP, MSP_ADMIN), { tenant: CUSTOMER });
    expect(status.status).toBe(200);
    expect(status.body.tenant).toEqual({ id: CUSTOMER, name: 'Contoso' });
    // The customer sees who manages it, with its consent.
    const view = await call('GET', '/msp-consent', await token(CUSTOMER, CUSTOMER_ADMIN));
    expect(view.body.managedBy).toMatchObject({ mspTenantId: MSP, displayName: 'Northwind MSP', consented: true });
  });

  it("an MSP admin acting for the customer reads its consent but cannot change it (no consent to itself, no revoke)", async () => {
    const mspAdmin = await token(MSP, MSP_ADMIN);
    const read = await call('GET', '/msp-consent', mspAdmin, { tenant: CUSTOMER });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ tenantId: CUSTOMER, canChange: false });
    const write = await call('PUT', '/msp-consent', mspAdmin, { tenant: CUSTOMER, body: { mspTenantId: null, expectedVersion: read.body.version } });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toMatch(/Only the admins of tenant .* itself/);
    // An MSP tenant has no consent of its own to give: it cannot be a customer.
    const own = await call('PUT', '/msp-consent', mspAdmin, { body: { mspTenantId: OTHER_MSP, expectedVersion: null } });
    expect(own.status).toBe(403);
    expect((await consentDocument())?.version).toBe(1);
  });

  it('revoking is audited and closes the tenant to the MSP at its next request, though the link stays', async () => {
    expect((await call('GET', '/status', await token(MSP, MSP_ADMIN), { tenant: CUSTOMER })).status).toBe(200);
    const admin = await token(CUSTOMER, CUSTOMER_ADMIN);
    const revoked = await call('PUT', '/msp-consent', admin, { body: { mspTenantId: null, expectedVersion: 1 } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ version: 2, allowedMsp: null, managedBy: { mspTenantId: MSP, consented: false } });
    expect((await server.running.services.store.listAudit(CUSTOMER, 1))[0]).toMatchObject({ action: 'msp-consent.revoke', before: { mspTenantId: MSP }, after: null });
    expect(await customersOf(MSP)).toEqual([CUSTOMER]);
    // The MSP's people can no longer act for the tenant, and it leaves their switcher and overview.
    const refused = await call('GET', '/status', await token(MSP, MSP_ADMIN), { tenant: CUSTOMER });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/its own admins no longer allow your tenant/);
    const switcher = await call('GET', '/portfolio/tenants', await token(MSP, MSP_ADMIN));
    expect(switcher.status).toBe(200);
    expect(JSON.stringify(switcher.body)).not.toContain(CUSTOMER);
    // Allowing it again opens it again.
    const again = await call('PUT', '/msp-consent', admin, { body: { mspTenantId: MSP, expectedVersion: 2 } });
    expect(again.status).toBe(200);
    expect((await call('GET', '/status', await token(MSP, MSP_ADMIN), { tenant: CUSTOMER })).status).toBe(200);
    const reRevoked = await call('PUT', '/msp-consent', admin, { body: { mspTenantId: null, expectedVersion: 3 } });
    expect(reRevoked.status).toBe(200);
    // Once unlinked, the MSP cannot link the tenant again without consent.
    const { version } = await server.running.services.portfolio.get(MSP);
    expect((await call('DELETE', `/portfolio/customers/${CUSTOMER}?expectedVersion=${version}`, await token(MSP, MSP_ADMIN))).status).toBe(200);
    expect((await link(MSP, CUSTOMER)).status).toBe(403);
  });

  it('a tenant with nothing stored links as before, without consent', async () => {
    expect(await server.running.services.store.hasTenantData(FRESH)).toBe(false);
    const linked = await link(OTHER_MSP, FRESH);
    expect(linked.status).toBe(201);
    expect(await customersOf(OTHER_MSP)).toEqual([FRESH]);
    // The link names the tenant (so its pages answer before a sync) and stores nothing else under it.
    expect((await server.running.services.store.getTenant(FRESH))?.displayName).toBe('Contoso Ltd');
    expect(await server.running.services.store.hasTenantData(FRESH)).toBe(false);
  });
});

describe('local mode: the demo customers are still linked at start-up', () => {
  let local: LocalServer;

  beforeAll(async () => {
    local = await startLocalServer('vmp-msp-consent-demo-', { DEMO_CUSTOMERS: '2' });
  }, 120_000);

  afterAll(() => local?.stop());

  it('lists both demo customers (which hold data and no consent) and acts for them', async () => {
    const overview = await local.api<{ totals: { customers: number }; items: { tenantId: string }[] }>('/portfolio');
    expect(overview.totals.customers).toBe(2);
    expect(overview.items.map((r) => r.tenantId).sort()).toEqual([demoCustomerTenantId(1), demoCustomerTenantId(2)]);
    for (const id of [demoCustomerTenantId(1), demoCustomerTenantId(2)]) {
      expect(await local.running.services.store.hasTenantData(id)).toBe(true);
      const res = await fetch(`${local.base}/api/status`, { headers: { 'X-Tenant-Id': id } });
      expect(res.status).toBe(200);
    }
    // The demo tenant is the deployment's MSP: its own panel says it cannot be a customer.
    expect(await local.api('/msp-consent')).toMatchObject({ isMsp: true, canChange: false });
  });
});
