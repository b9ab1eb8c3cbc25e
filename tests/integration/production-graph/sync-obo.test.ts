/**
 * POST /api/sync in production: the server (startServer, as deployed) validates the tab's SSO token,
 * exchanges exactly that token on-behalf-of the admin at the (local) Entra token endpoint of the
 * caller's tenant, and syncs from the (demo) Graph server into the caller's tenant only. Also: a tenant
 * without admin consent gets a 403 that says so, and a deployment without AAD_APP_CLIENT_SECRET says
 * what to configure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../shared/config/app-config';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { loadSnapshot, saveSnapshot } from '../../../shared/services/snapshot-repository';
import { startServer, type RunningServer } from '../../../server/start';
import { LocalEntra } from './local-entra';
import { urlOf } from '../../support/http';
import { CLIENT_ID, CLIENT_SECRET, productionEnv } from '../../support/production';
import { usersOnlySnapshot } from '../../support/snapshots';

const TENANT_A = 'aaaaaaaa-1111-4111-8111-111111111111';
const TENANT_B = 'bbbbbbbb-2222-4222-8222-222222222222';
const TENANT_C = 'cccccccc-3333-4333-8333-333333333333';
const GRAPH_TOKEN = 'graph-token-for-tenant-a';
const ADMIN_OID = 'a0a0a0a0-0000-4000-8000-000000000001';

const tenantA = generateDemoTenant({ users: 60, seed: 3, tenantId: TENANT_A });

let dir: string;
let entra: LocalEntra;
let graph: DemoGraphServer;
let running: RunningServer;
let base: string;

function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  return productionEnv(`${TENANT_A},${TENANT_B},${TENANT_C}`, { PORT: '0', HOST: '127.0.0.1', AUTH_JWKS_URL: entra.jwksUrl, AUTH_ISSUER_TEMPLATES: entra.issuerTemplate, ...extra });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-sync-obo-'));
  // Tenant B's admin gets a token the Graph server accepts, as if the endpoint answered for another
  // organisation: the sync must still refuse to write tenant A's directory into tenant B.
  entra = new LocalEntra({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokens: { [TENANT_A]: GRAPH_TOKEN, [TENANT_B]: GRAPH_TOKEN, [TENANT_C]: 'x' } });
  entra.unconsented.add(TENANT_C);
  await entra.start();
  graph = new DemoGraphServer({ tenant: tenantA, token: GRAPH_TOKEN });
  await graph.start();
  entra.options.graphScope = `${graph.url}/.default`;
  const config = loadConfig(env({ DB_FILE: path.join(dir, 'vmp.sqlite'), AAD_APP_CLIENT_SECRET: CLIENT_SECRET, AAD_APP_OAUTH_AUTHORITY_HOST: entra.url, GRAPH_BASE_URL: graph.url }));
  running = await startServer(config);
  base = urlOf(running.server);
  await saveSnapshot(running.services.store, usersOnlySnapshot(TENANT_B, 'Fabrikam', 5), 'test');
});

afterAll(async () => {
  await running?.stop();
  await graph?.stop();
  await entra?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sso = (tid: string) => entra.ssoToken({ tid, oid: ADMIN_OID, wids: [ADMIN_ROLES.teamsAdministrator] });

async function api(method: string, route: string, token: string, body?: unknown) {
  const res = await fetch(`${base}/api${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function finished(token: string) {
  for (let i = 0; i < 200; i++) {
    const { body } = await api('GET', '/sync/progress', token);
    if (body.state !== 'running') return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sync did not finish');
}

describe('POST /api/sync in production (on behalf of the admin)', () => {
  it("exchanges the caller's SSO token in the caller's tenant and syncs that tenant from Graph", async () => {
    const token = await sso(TENANT_A);
    const started = await api('POST', '/sync', token, { full: true });
    expect(started.status).toBe(202);
    expect(started.body.started).toBe(true);
    // The admin's credential cannot be stored: the job runs on this instance, whose main thread hands its worker the tokens.
    expect(started.body.job).toMatchObject({ type: 'sync', pinnedTo: expect.any(String) });
    const done = await finished(token);
    expect(done).toMatchObject({ state: 'succeeded', phase: 'done', result: { mode: 'full' } });

    // One OBO exchange, for tenant A, of this admin's token, for Graph's .default scope.
    expect(entra.requests).toEqual([
      { tenant: TENANT_A, grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', requestedTokenUse: 'on_behalf_of', scope: `${graph.url}/.default`, userOid: ADMIN_OID },
    ]);
    expect(graph.requestLog.some((r) => r.path === '/v1.0/users' && r.status === 200)).toBe(true);
    expect(graph.requestLog.every((r) => r.status !== 401)).toBe(true);

    const status = await api('GET', '/status', token);
    expect(status.body.tenant).toEqual({ id: TENANT_A, name: tenantA.organization.displayName });
    expect(status.body.counts.users).toBe(done.result.counts.users);
    const snapshot = await loadSnapshot(running.services.store, TENANT_A);
    expect(snapshot!.people.length).toBe(tenantA.users.length);
    expect(snapshot!.source).toBe(graph.url);
  });

  it("another tenant's admin never gets tenant A's directory: their exchange is in their tenant and the sync refuses foreign data", async () => {
    entra.requests.length = 0;
    const token = await sso(TENANT_B);
    expect((await api('POST', '/sync', token)).status).toBe(202);
    const done = await finished(token);
    expect(done.state).toBe('failed');
    expect(done.error).toContain(`belongs to tenant ${TENANT_A}, not ${TENANT_B}`);
    expect(entra.requests.map((r) => r.tenant)).toEqual([TENANT_B]);
    // Tenant B's data is untouched, and tenant A's progress is not B's.
    const b = await loadSnapshot(running.services.store, TENANT_B);
    expect(b!.tenantName).toBe('Fabrikam');
    expect(b!.people).toHaveLength(5);
    expect((await api('GET', '/sync/progress', await sso(TENANT_A))).body.state).toBe('succeeded');
  });

  it('a tenant without admin consent gets 403 saying so, and no sync starts', async () => {
    const token = await sso(TENANT_C);
    const res = await api('POST', '/sync', token);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/admin consent/);
    expect(res.body.error.message).toContain('AADSTS65001');
    expect((await api('GET', '/sync/progress', token)).body.state).toBe('idle');
  });

  it('a token endpoint outage is a 502 to try again, not a server error, and no sync starts', async () => {
    const token = await sso(TENANT_C);
    entra.failing = true;
    try {
      const res = await api('POST', '/sync', token);
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('upstream');
      expect(res.body.error.message).toMatch(/try again/);
    } finally {
      entra.failing = false;
    }
    expect((await api('GET', '/sync/progress', token)).body.state).toBe('idle');
  });

  it('without AAD_APP_CLIENT_SECRET the sync API says what to configure', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    const bare = await startServer(loadConfig(env({ DB_FILE: path.join(dir, 'bare.sqlite'), GRAPH_BASE_URL: graph.url })));
    try {
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/Graph access is not configured.*AAD_APP_CLIENT_SECRET/);
      const res = await fetch(`${urlOf(bare.server)}/api/sync`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await sso(TENANT_A)}` },
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toMatch(/Set AAD_APP_CLIENT_SECRET/);
    } finally {
      warn.mockRestore();
      await bare.stop();
    }
  });
});
