/**
 * Regressions of a security review, against the production-mode API (a local Entra's JWKS):
 * - only the portfolios of MSP_TENANT_IDS are read: a tenant that holds a portfolio document but is
 *   not (or no longer) an MSP tenant sees no customer in the overview, the workbook or an SBC sizing;
 * - a JSON body nested thousands of levels deep is a 400 on every route, never a 500 from a stack
 *   overflow in a later walk over it (storing a plan job's input did that);
 * - a plan file's path whose second decoding is malformed (`%25E0`) is a 400, not a 500.
 */
import ExcelJS from 'exceljs';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { usersOnlySnapshot } from '../../support/snapshots';
import { startProductionServer, type ProductionServer } from '../../support/production-server';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../tab/api/request-input';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const FORMER_MSP = 'dddddddd-4444-4444-8444-444444444444';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const ADMIN_OID = 'a0a0a0a0-0000-4000-8000-000000000001';

let server: ProductionServer;
let entra: ProductionServer['entra'];
let base: string;

beforeAll(async () => {
  server = await startProductionServer([MSP, FORMER_MSP, CUSTOMER], { MSP_TENANT_IDS: MSP });
  ({ entra, base } = server);
  const { store, portfolio } = server.running.services;
  await saveSnapshot(store, usersOnlySnapshot(MSP, 'Northwind MSP', 2), 'test');
  await saveSnapshot(store, usersOnlySnapshot(FORMER_MSP, 'Former MSP', 2), 'test');
  await saveSnapshot(store, usersOnlySnapshot(CUSTOMER, 'Contoso', 3), 'test');
  // Both tenants map the customer to their admin: the former MSP's document as it was left when the
  // tenant was taken off MSP_TENANT_IDS.
  for (const msp of [MSP, FORMER_MSP]) {
    const linked = await portfolio.link(msp, 'test', { tenantId: CUSTOMER, displayName: 'Contoso' }, null);
    await portfolio.grant(msp, 'test', CUSTOMER, { kind: 'user', id: ADMIN_OID }, 'admin', linked.version);
  }
}, 60_000);

afterAll(() => server?.stop());

async function call(method: string, route: string, tid: string, body?: string) {
  const token = await entra.ssoToken({ tid, oid: ADMIN_OID, wids: [ADMIN_ROLES.teamsAdministrator] });
  return fetch(`${base}/api${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body,
  });
}

async function customerRows(res: Response): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = workbook.worksheets[0]!;
  const names: string[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) names.push(String(row.getCell(1).value ?? ''));
  });
  return names.filter((n) => n.includes('Contoso'));
}

describe('the portfolio reads only the portfolios of MSP_TENANT_IDS', () => {
  it('an MSP tenant sees its customer (control)', async () => {
    const res = await call('GET', '/portfolio', MSP);
    expect(res.status).toBe(200);
    expect((await res.json()).items.map((r: { tenantId: string }) => r.tenantId)).toEqual([CUSTOMER]);
    expect(await customerRows(await call('GET', '/portfolio/export.xlsx', MSP))).toHaveLength(1);
  });

  it('a tenant off the list sees no customer in the overview or the workbook', async () => {
    const res = await call('GET', '/portfolio', FORMER_MSP);
    expect(res.status).toBe(200);
    const overview = await res.json();
    expect(overview).toMatchObject({ total: 0, items: [], totals: { customers: 0 } });
    expect(JSON.stringify(overview)).not.toContain(CUSTOMER);
    const workbook = await call('GET', '/portfolio/export.xlsx', FORMER_MSP);
    expect(workbook.status).toBe(200);
    expect(await customerRows(workbook)).toEqual([]);
  });

  it("a tenant off the list cannot size its former shared SBCs over the customers (403)", async () => {
    const res = await call('GET', '/portfolio/sbcs/sbc1/sizing', FORMER_MSP);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(CUSTOMER);
  });

  it('nor act for the customer (403), as before', async () => {
    const token = await entra.ssoToken({ tid: FORMER_MSP, oid: ADMIN_OID, wids: [ADMIN_ROLES.teamsAdministrator] });
    const res = await fetch(`${base}/api/status`, { headers: { Authorization: `Bearer ${token}`, 'X-Tenant-Id': CUSTOMER } });
    expect(res.status).toBe(403);
  });
});

describe('deeply nested JSON bodies', () => {
  const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
  const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const N = 100_000;

  it.each([
    ['POST', '/plan', `{"settings":${deepObject(N)},"expectedVersion":null}`],
    ['PUT', '/settings', `{"settings":${deepObject(N)},"expectedVersion":null}`],
    ['PATCH', '/settings', `{"changes":[{"target":{"kind":"section","section":"tenant"},"value":${deepObject(N)},"expected":null}]}`],
    ['PUT', '/portfolio/sbcs', `{"sbcs":${deepArray(N)},"expectedVersion":null}`],
    ['POST', '/site-rules/preview', `{"rules":${deepArray(N)}}`],
  ])('%s %s is a 400 naming the depth', async (method, route, body) => {
    const res = await call(method, route, MSP, body);
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.error.code).toBe('bad-input');
    expect(answer.error.message).toContain(`${MAX_JSON_DEPTH} levels`);
  });

  it('counts the depth of objects and arrays, not of scalars', () => {
    const nest = (n: number): unknown => (n === 0 ? 'leaf' : n % 2 ? [nest(n - 1)] : { a: nest(n - 1) });
    expect(nestsDeeperThan(nest(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nest(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: 'x', c: null }, 1)).toBe(false);
  });
});

describe('plan file paths', () => {
  it('a path that does not decode is a 400, not a 500', async () => {
    for (const route of ['/export/files/%25E0', '/export/files/wave-01%2F%25']) {
      const res = await call('GET', route, MSP);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('bad-input');
    }
  });
});
