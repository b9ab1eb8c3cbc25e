/**
 * The MSP token matrix in production mode: a real server, tokens signed by a local Entra (JWKS), the
 * mapping managed through the API. An MSP admin acts for a mapped customer (X-Tenant-Id), never for an
 * unmapped one; a revoke applies to the next request; a viewer cannot write; a customer's own admin
 * cannot name another tenant; a malformed header is a 400. Every mapping change is audited.
 */
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { usersOnlySnapshot } from '../../support/snapshots';
import { startProductionServer, type ProductionServer } from '../../support/production-server';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const UNMAPPED = 'cccccccc-3333-4333-8333-333333333333';
const ADMIN_OID = 'a0a0a0a0-0000-4000-8000-000000000001';
const VIEWER_OID = 'a0a0a0a0-0000-4000-8000-000000000002';
const UPN_OID = 'a0a0a0a0-0000-4000-8000-000000000003';
const VIEWERS_GROUP = 'eeeeeeee-0000-4000-8000-000000000009';

describe('MSP portfolio: acting for customer tenants (production mode)', () => {
  let server: ProductionServer;
  let entra: ProductionServer['entra'];
  let running: ProductionServer['running'];
  let base: string;

  beforeAll(async () => {
    // The customer is allowed on its own (its admins sign in directly); UNMAPPED is not allowed at all.
    server = await startProductionServer([MSP, CUSTOMER], { MSP_TENANT_IDS: MSP });
    ({ entra, running, base } = server);
    const store = running.services.store;
    await saveSnapshot(store, usersOnlySnapshot(MSP, 'Northwind MSP', 2), 'test');
    await saveSnapshot(store, usersOnlySnapshot(CUSTOMER, 'Contoso', 3), 'test');
    await saveSnapshot(store, usersOnlySnapshot(UNMAPPED, 'Fabrikam', 5), 'test');
    // The customer holds data here, so its own admins allow the MSP first (tests/integration/portfolio/msp-consent.test.ts).
    await running.services.mspConsent.setAllowedMsp(CUSTOMER, 'Contoso admin', MSP, null, [MSP]);
  });

  afterAll(() => server?.stop());

  const token = (tid: string, oid: string, extra: Record<string, unknown> = {}) => entra.ssoToken({ tid, oid, wids: [ADMIN_ROLES.teamsAdministrator], ...extra });

  async function call(method: string, route: string, bearer: string, options: { tenant?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const res = await fetch(`${base}/api${route}`, {
      method,
      headers: {
        Authorization: `Bearer ${bearer}`,
        ...(options.tenant !== undefined ? { 'X-Tenant-Id': options.tenant } : {}),
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  let version: number | null = null;

  it('an MSP admin links the customer and grants a user, a UPN and a group; each change is audited', async () => {
    const admin = await token(MSP, ADMIN_OID);
    const linked = await call('POST', '/portfolio/customers', admin, { body: { tenantId: CUSTOMER.toUpperCase(), displayName: 'Contoso Ltd', expectedVersion: null } });
    expect(linked.status).toBe(201);
    version = linked.body.version;
    for (const body of [
      { user: ADMIN_OID, role: 'admin' },
      { user: 'Una.Upn@Northwind.example', role: 'admin' },
      { group: VIEWERS_GROUP, role: 'viewer' },
    ]) {
      const granted = await call('POST', `/portfolio/customers/${CUSTOMER}/grants`, admin, { body: { ...body, expectedVersion: version } });
      expect(granted.status).toBe(200);
      version = granted.body.version;
    }
    const mapping = await call('GET', '/portfolio/customers', admin);
    expect(mapping.body).toMatchObject({ version, customers: [{ tenantId: CUSTOMER, displayName: 'Contoso Ltd' }] });
    expect(mapping.body.customers[0].grants).toHaveLength(3);

    const audit = await running.services.store.listAudit(MSP, 10);
    expect(audit.map((a) => a.action).reverse()).toEqual(['portfolio.link', 'portfolio.grant', 'portfolio.grant', 'portfolio.grant']);
    expect(audit[0]).toMatchObject({ kind: 'portfolio', actor: `Ada Admin (${ADMIN_OID})`, after: { tenantId: CUSTOMER, principal: { kind: 'group', id: VIEWERS_GROUP }, role: 'viewer' } });
    expect(audit[3]).toMatchObject({ before: null, after: { tenantId: CUSTOMER, displayName: 'Contoso Ltd' } });
  });

  it('a stale version is a 409 and changes nothing', async () => {
    const admin = await token(MSP, ADMIN_OID);
    const stale = await call('POST', `/portfolio/customers/${CUSTOMER}/grants`, admin, { body: { user: VIEWER_OID, role: 'admin', expectedVersion: version! - 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/portfolio was changed by Ada Admin/);
    expect((await call('GET', '/portfolio/customers', admin)).body.version).toBe(version);
  });

  it('bad input names the field (400)', async () => {
    const admin = await token(MSP, ADMIN_OID);
    const bad = await call('POST', '/portfolio/customers', admin, { body: { tenantId: 'not-a-guid', displayName: 'X', expectedVersion: version } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/tenantId must be a tenant id/);
    const noRole = await call('POST', `/portfolio/customers/${CUSTOMER}/grants`, admin, { body: { user: ADMIN_OID, expectedVersion: version } });
    expect(noRole.status).toBe(400);
    expect(noRole.body.error.issues[0].path).toBe('$.role');
    const noVersion = await call('DELETE', `/portfolio/customers/${CUSTOMER}`, admin);
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.message).toMatch(/If-Match/);
  });

  it('an MSP admin on a mapped customer reads and writes it (200); the switcher lists it', async () => {
    const admin = await token(MSP, ADMIN_OID);
    const status = await call('GET', '/status', admin, { tenant: CUSTOMER });
    expect(status.status).toBe(200);
    expect(status.body.tenant).toEqual({ id: CUSTOMER, name: 'Contoso' });
    expect(status.body.counts.users).toBe(3);
    // Absent header: the token's own tenant.
    expect((await call('GET', '/status', admin)).body.tenant.id).toBe(MSP);
    expect((await call('GET', '/me', admin, { tenant: CUSTOMER })).body).toMatchObject({ tenantId: CUSTOMER, homeTenantId: MSP, actingRole: 'admin', userId: ADMIN_OID });
    const settings = await call('GET', '/settings', admin, { tenant: CUSTOMER });
    const saved = await call('PUT', '/settings', admin, { tenant: CUSTOMER, body: { settings: settings.body.settings ?? {}, expectedVersion: settings.body.version } });
    expect(saved.status).toBe(200);
    // The customer's audit trail names the MSP user and the MSP tenant they acted from.
    expect((await running.services.store.listAudit(CUSTOMER, 1))[0].actor).toBe(`Ada Admin (MSP ${MSP}) (${ADMIN_OID})`);
    const switcher = await call('GET', '/portfolio/tenants', admin, { tenant: CUSTOMER });
    expect(switcher.body).toMatchObject({ home: { tenantId: MSP }, acting: CUSTOMER, msp: true, customers: [{ tenantId: CUSTOMER, displayName: 'Contoso Ltd', role: 'admin' }] });
    // The UPN grant matches the token's preferred_username, case aside.
    const byUpn = await token(MSP, UPN_OID, { preferred_username: 'una.upn@northwind.example' });
    expect((await call('GET', '/status', byUpn, { tenant: CUSTOMER })).status).toBe(200);
  });

  it('an MSP admin naming an unmapped tenant is 403, never their own tenant', async () => {
    const admin = await token(MSP, ADMIN_OID);
    const res = await call('GET', '/status', admin, { tenant: UNMAPPED });
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('Fabrikam');
    expect(JSON.stringify(res.body)).not.toContain('Northwind');
    // A user of the MSP without a grant: 403 on the mapped customer too.
    expect((await call('GET', '/status', await token(MSP, 'a0a0a0a0-0000-4000-8000-0000000000ff'), { tenant: CUSTOMER })).status).toBe(403);
  });

  it('a viewer (through a group) reads the customer but every write is 403', async () => {
    const viewer = await token(MSP, VIEWER_OID, { groups: [VIEWERS_GROUP.toUpperCase()] });
    expect((await call('GET', '/status', viewer, { tenant: CUSTOMER })).status).toBe(200);
    const settings = await call('GET', '/settings', viewer, { tenant: CUSTOMER });
    for (const [method, route, body] of [
      ['PUT', '/settings', { settings: settings.body.settings ?? {}, expectedVersion: settings.body.version }],
      ['POST', '/plan', {}],
      ['POST', '/sync', {}],
    ] as const) {
      const res = await call(method, route, viewer, { tenant: CUSTOMER, body });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/viewer/);
    }
    // A POST that only reads (the Sites grid's view as a workbook, its rows in the body) is a read.
    const sites = await fetch(`${base}/api/sites/export.xlsx`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${viewer}`, 'X-Tenant-Id': CUSTOMER, 'Content-Type': 'application/json' },
      body: JSON.stringify({ siteIds: ['seattle'] }),
    });
    expect(sites.status).toBe(200);
    expect(sites.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect((await sites.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it("a customer's own admin naming another tenant is 403; a malformed header is 400", async () => {
    const customerAdmin = await token(CUSTOMER, 'c0c0c0c0-0000-4000-8000-000000000001');
    expect((await call('GET', '/status', customerAdmin)).body.tenant.id).toBe(CUSTOMER);
    expect((await call('GET', '/status', customerAdmin, { tenant: UNMAPPED })).status).toBe(403);
    expect((await call('GET', '/status', customerAdmin, { tenant: MSP })).status).toBe(403);
    // Naming its own tenant is the same as no header.
    expect((await call('GET', '/status', customerAdmin, { tenant: CUSTOMER.toUpperCase() })).status).toBe(200);
    // And it cannot make itself an MSP.
    const link = await call('POST', '/portfolio/customers', customerAdmin, { body: { tenantId: UNMAPPED, displayName: 'Fabrikam', expectedVersion: null } });
    expect(link.status).toBe(403);
    for (const bad of ['not-a-tenant', `${CUSTOMER},${UNMAPPED}`, ' ', "'; DROP TABLE"]) {
      const res = await call('GET', '/status', customerAdmin, { tenant: bad });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/X-Tenant-Id/);
    }
  });

  it('a revoked grant is 403 on the next request; an unlinked customer too', async () => {
    const admin = await token(MSP, ADMIN_OID);
    const byUpn = await token(MSP, UPN_OID, { preferred_username: 'una.upn@northwind.example' });
    expect((await call('GET', '/status', byUpn, { tenant: CUSTOMER })).status).toBe(200);
    const revoked = await call('DELETE', `/portfolio/customers/${CUSTOMER}/grants/user/${encodeURIComponent('una.upn@northwind.example')}`, admin, {
      headers: { 'If-Match': `"${version}"` },
    });
    expect(revoked.status).toBe(200);
    version = revoked.body.version;
    expect((await call('GET', '/status', byUpn, { tenant: CUSTOMER })).status).toBe(403);
    expect((await call('GET', '/status', admin, { tenant: CUSTOMER })).status).toBe(200);

    const unlinked = await call('DELETE', `/portfolio/customers/${CUSTOMER}?expectedVersion=${version}`, admin);
    expect(unlinked.status).toBe(200);
    expect((await call('GET', '/status', admin, { tenant: CUSTOMER })).status).toBe(403);
    const audit = await running.services.store.listAudit(MSP, 2);
    expect(audit.map((a) => a.action)).toEqual(['portfolio.unlink', 'portfolio.revoke']);
    expect(audit[1]).toMatchObject({ before: { tenantId: CUSTOMER, principal: { kind: 'upn', id: 'una.upn@northwind.example' }, role: 'admin' }, after: null });
  });
});
