/**
 * Linking a customer gives the MSP's users that tenant's data, so on a deployment with several MSP
 * tenants one MSP may not link another MSP, nor a customer another MSP's portfolio holds (its admins
 * never granted it); a tenant no portfolio holds may be linked.
 */
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { startProductionServer, type ProductionServer } from '../../support/production-server';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const OTHER_MSP = 'dddddddd-4444-4444-8444-444444444444';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const FREE = 'cccccccc-3333-4333-8333-333333333333';
const ADMIN_OID = 'a0a0a0a0-0000-4000-8000-000000000001';

let server: ProductionServer;

beforeAll(async () => {
  server = await startProductionServer([MSP, OTHER_MSP, CUSTOMER, FREE], { MSP_TENANT_IDS: `${MSP},${OTHER_MSP}` });
  await server.running.services.portfolio.link(MSP, 'test', { tenantId: CUSTOMER, displayName: 'Contoso' }, null);
}, 60_000);

afterAll(() => server?.stop());

async function link(asMsp: string, tenantId: string): Promise<{ status: number; body: { error?: { message: string } } }> {
  const token = await server.entra.ssoToken({ tid: asMsp, oid: ADMIN_OID, wids: [ADMIN_ROLES.teamsAdministrator] });
  const expectedVersion = (await server.running.services.portfolio.get(asMsp)).version;
  const res = await fetch(`${server.base}/api/portfolio/customers`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenantId, displayName: 'Someone', expectedVersion }),
  });
  return { status: res.status, body: await res.json() };
}

it("refuses another MSP's customer, whatever the letter case of its id", async () => {
  const res = await link(OTHER_MSP, CUSTOMER.toUpperCase());
  expect(res.status).toBe(403);
  expect(res.body.error?.message).toMatch(/customer of another MSP/);
  expect((await server.running.services.portfolio.get(OTHER_MSP)).customers).toEqual([]);
});

it('refuses an MSP tenant of the deployment as a customer', async () => {
  const res = await link(OTHER_MSP, MSP);
  expect(res.status).toBe(403);
  expect(res.body.error?.message).toMatch(/is an MSP tenant/);
});

it('links a tenant no portfolio holds', async () => {
  expect((await link(OTHER_MSP, FREE)).status).toBe(201);
  expect((await server.running.services.portfolio.get(OTHER_MSP)).customers.map((c) => c.tenantId)).toEqual([FREE]);
});
