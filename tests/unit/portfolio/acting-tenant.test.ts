/**
 * The acting-tenant middleware on its own (a real express app, a real SQLite portfolio): the portfolio
 * of a tenant that is not (or no longer) an MSP tenant grants nothing; a malformed header is a 400
 * before any lookup; a viewer may read but not write.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { actingTenant } from '../../../tab/api/acting-tenant';
import { createPortfolioService } from '../../../shared/services/portfolio-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const USER = 'a0a0a0a0-0000-4000-8000-000000000001';

let store: SqliteStore;
const servers: Server[] = [];

beforeAll(async () => {
  store = new SqliteStore(':memory:');
  const portfolio = createPortfolioService(store, () => new Date('2026-12-03T00:00:00Z'));
  const { version } = await portfolio.link(MSP, 'test', { tenantId: CUSTOMER, displayName: 'Contoso' }, null);
  await portfolio.grant(MSP, 'test', CUSTOMER, { kind: 'user', id: USER }, 'viewer', version);
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await store.close();
});

async function serve(mspTenantIds: string[]): Promise<string> {
  const app = express();
  app.use((req, _res, next) => {
    req.caller = { tenantId: MSP, userId: USER, name: 'Ada', roles: [], via: 'sso' };
    next();
  });
  app.use(actingTenant(createPortfolioService(store, () => new Date()), mspTenantIds));
  app.all('/x', (req, res) => {
    res.json({ tenantId: req.caller!.tenantId, role: req.caller!.actingRole ?? null });
  });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
}

const call = async (url: string, tenant: string | undefined, method = 'GET') => {
  const res = await fetch(url, { method, headers: tenant === undefined ? {} : { 'X-Tenant-Id': tenant } });
  return { status: res.status, body: await res.json() };
};

describe('acting tenant', () => {
  it('acts for a granted customer of an MSP tenant; a viewer cannot write', async () => {
    const url = await serve([MSP]);
    expect(await call(url, undefined)).toEqual({ status: 200, body: { tenantId: MSP, role: null } });
    expect(await call(url, CUSTOMER.toUpperCase())).toEqual({ status: 200, body: { tenantId: CUSTOMER, role: 'viewer' } });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect((await call(url, CUSTOMER, method)).status).toBe(403);
    expect((await call(url, 'x'.repeat(5000))).body.error.message).toMatch(/^X-Tenant-Id must be a tenant id/);
  });

  it('a tenant that is not an MSP tenant acts for nobody, whatever its stored portfolio says', async () => {
    const url = await serve([]);
    const res = await call(url, CUSTOMER);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});
