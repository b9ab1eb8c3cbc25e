/**
 * Per-customer Graph access (production mode): an MSP admin acting for a customer (X-Tenant-Id) starts
 * a sync that signs in app-only to the customer tenant (client credentials at the local Entra's token
 * endpoint, never on behalf of the MSP user, who has no account there) and reads the customer from the
 * demo Graph server; the customer needs no ALLOWED_TENANT_IDS entry - its link enables it. The
 * scheduled customer syncs queue the same app-only job for a customer whose last sync is older than
 * the interval, and none for one synced since. No credential is written to the store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../../shared/config/app-config';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { graphAccessFor } from '../../../shared/graph/token-providers';
import { queueDueCustomerSyncs } from '../../../shared/services/portfolio-syncs';
import { loadSnapshot, saveSnapshot } from '../../../shared/services/snapshot-repository';
import { startServer, type RunningServer } from '../../../server/start';
import { LocalEntra } from '../production-graph/local-entra';
import { urlOf } from '../../support/http';
import { CLIENT_ID, CLIENT_SECRET, productionEnv } from '../../support/production';
import { usersOnlySnapshot } from '../../support/snapshots';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const GRAPH_TOKEN = 'app-only-token-for-the-customer';
const ADMIN_OID = 'a0a0a0a0-0000-4000-8000-000000000001';
const customer = generateDemoTenant({ users: 60, seed: 5, tenantId: CUSTOMER, tenantName: 'Contoso Customer' });

let dir: string;
let entra: LocalEntra;
let graph: DemoGraphServer;
let running: RunningServer;
let base: string;
let config: ReturnType<typeof loadConfig>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-portfolio-app-only-'));
  entra = new LocalEntra({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokens: { [CUSTOMER]: GRAPH_TOKEN } });
  await entra.start();
  graph = new DemoGraphServer({ tenant: customer, token: GRAPH_TOKEN });
  await graph.start();
  entra.options.graphScope = `${graph.url}/.default`;
  // Only the MSP is on the allow-list: the customer is enabled by its link.
  config = loadConfig(
    productionEnv(MSP, {
      PORT: '0',
      HOST: '127.0.0.1',
      DB_FILE: path.join(dir, 'vmp.sqlite'),
      AUTH_JWKS_URL: entra.jwksUrl,
      AUTH_ISSUER_TEMPLATES: entra.issuerTemplate,
      AAD_APP_CLIENT_SECRET: CLIENT_SECRET,
      AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
      GRAPH_BASE_URL: graph.url,
      MSP_TENANT_IDS: MSP,
    }),
  );
  running = await startServer(config);
  base = urlOf(running.server);
  const { portfolio, store } = running.services;
  await saveSnapshot(store, usersOnlySnapshot(MSP, 'Northwind MSP', 2), 'test');
  const linked = await portfolio.link(MSP, 'test', { tenantId: CUSTOMER, displayName: 'Contoso' }, null);
  await portfolio.grant(MSP, 'test', CUSTOMER, { kind: 'user', id: ADMIN_OID }, 'admin', linked.version);
});

afterAll(async () => {
  await running?.stop();
  await graph?.stop();
  await entra?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, route: string, body?: unknown) {
  const token = await entra.ssoToken({ tid: MSP, oid: ADMIN_OID, wids: [ADMIN_ROLES.teamsAdministrator] });
  const res = await fetch(`${base}/api${route}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'X-Tenant-Id': CUSTOMER, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function finished(jobId: string) {
  const job = await running.services.jobs.waitFor(CUSTOMER, jobId, 30_000, 50);
  if (!job || job.state !== 'succeeded') throw new Error(`the sync did not succeed: ${JSON.stringify(job)}`);
  return job;
}

describe('per-customer Graph access (app-only)', () => {
  it("an MSP admin's sync of a customer signs in app-only to the customer tenant and reads it", async () => {
    const started = await api('POST', '/sync', { full: true });
    expect(started.status).toBe(202);
    await finished(started.body.job.id);
    expect(entra.requests).toEqual([{ tenant: CUSTOMER, grantType: 'client_credentials', scope: `${graph.url}/.default` }]);
    const snapshot = await loadSnapshot(running.services.store, CUSTOMER);
    expect(snapshot!.people.length).toBe(customer.users.length);
    expect((await api('GET', '/status')).body.tenant.id).toBe(CUSTOMER);
    // The MSP's own tenant is untouched.
    expect((await loadSnapshot(running.services.store, MSP))!.people).toHaveLength(2);
  });

  it('scheduled syncs queue an app-only sync for a customer not synced within the interval, none for one synced since', async () => {
    entra.requests.length = 0;
    const services = running.services;
    const options = {
      store: services.store,
      portfolio: services.portfolio,
      jobs: services.jobs,
      mspTenantIds: [MSP],
      intervalMinutes: 60,
      credentialFor: (t: string) => graphAccessFor(config)!.forTenant(t),
    };
    // Just synced: not due.
    expect(await queueDueCustomerSyncs({ ...options, now: () => new Date() })).toEqual([]);
    // Two hours on: due, and queued once however often the schedule looks while it runs.
    const later = () => new Date(Date.now() + 2 * 3_600_000);
    const queued = await queueDueCustomerSyncs({ ...options, now: later });
    expect(queued).toEqual([{ tenantId: CUSTOMER, jobId: expect.any(String) }]);
    expect(await queueDueCustomerSyncs({ ...options, now: later })).toEqual([]);
    const job = await finished(queued[0].jobId);
    expect(job.createdBy).toBe('portfolio-schedule');
    // The app-only provider is cached per tenant: a token still valid is not asked for again.
    expect(entra.requests.every((r) => r.tenant === CUSTOMER && r.grantType === 'client_credentials')).toBe(true);
  });

  it('no secret lands in the store', async () => {
    const db = new Database(path.join(dir, 'vmp.sqlite'), { readonly: true });
    try {
      for (const table of ['documents', 'records', 'audit_log']) {
        const rows = db.prepare(`SELECT * FROM ${table}`).all();
        const text = JSON.stringify(rows);
        expect(text).not.toContain(CLIENT_SECRET);
        expect(text).not.toContain(GRAPH_TOKEN);
      }
    } finally {
      db.close();
    }
  });
});
