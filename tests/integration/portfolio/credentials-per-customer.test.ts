/**
 * Per-customer Graph access in production mode, against a local Entra that checks every client
 * credential (credentials-entra.ts) and demo Graph servers behind one Graph origin:
 * - the app registration signs in with a certificate (AAD_APP_CLIENT_CERTIFICATE): its client
 *   assertion is verified (signature, x5t#S256/x5t, aud = the tenant's token endpoint, iss = sub,
 *   jti, nbf/exp), and a wrong certificate or a tampered assertion is refused;
 * - MSP_GRAPH_CREDENTIALS=per-customer: customer A signs in with its own certificate (from a file),
 *   B with its own secret; C has no credential and D is reached on behalf of a guest admin, so the
 *   schedule skips both and the portfolio says why next to the last sync's age;
 * - delegated: an MSP admin who is a guest admin in D syncs D on-behalf-of at D's authority, never
 *   the MSP's; the access mode is set through the API and audited;
 * - no key, secret or token reaches the store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig, type AppConfig } from '../../../shared/config/app-config';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { CertificateCredential } from '../../../shared/graph/certificate-credential';
import { graphAccessFor } from '../../../shared/graph/token-providers';
import { queueDueCustomerSyncs, scheduledCredential, SYNC_SKIP_DOCUMENT } from '../../../shared/services/portfolio-syncs';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { startServer, type RunningServer } from '../../../server/start';
import { urlOf } from '../../support/http';
import { CLIENT_ID, productionEnv } from '../../support/production';
import { certificatePart, CredentialsEntra, GraphRouter, selfSignedPem } from './credentials-entra';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const A = 'a1a1a1a1-0000-4000-8000-00000000000a';
const B = 'b1b1b1b1-0000-4000-8000-00000000000b';
const C = 'c1c1c1c1-0000-4000-8000-00000000000c';
const D = 'd1d1d1d1-0000-4000-8000-00000000000d';
const E = 'e1e1e1e1-0000-4000-8000-00000000000e';
const A_APP = 'a2a2a2a2-0000-4000-8000-00000000000a';
const B_APP = 'b2b2b2b2-0000-4000-8000-00000000000b';
const E_APP = 'e2e2e2e2-0000-4000-8000-00000000000e';
const B_SECRET = 'customer-b-secret-value';
const ADMIN = 'a0a0a0a0-0000-4000-8000-000000000001';
const TOKENS = { [MSP]: 'graph-access-msp-51c2', [A]: 'graph-access-a-77d0', [B]: 'graph-access-b-0e4f', [D]: 'graph-access-d-9ab3', [E]: 'graph-access-e-3c61' };

const tenantA = generateDemoTenant({ users: 40, seed: 7, tenantId: A, tenantName: 'Alpine Customer' });
const tenantD = generateDemoTenant({ users: 30, seed: 8, tenantId: D, tenantName: 'Delta Customer' });

let dir: string;
let entra: CredentialsEntra;
let graphA: DemoGraphServer;
let graphD: DemoGraphServer;
let router: GraphRouter;
let running: RunningServer;
let base: string;
let config: AppConfig;
let appPem: string;
let customerPem: string;
let strangerPem: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-credentials-'));
  appPem = selfSignedPem('vmp-app');
  customerPem = selfSignedPem('customer-a-app');
  strangerPem = selfSignedPem('not-registered');
  fs.writeFileSync(path.join(dir, 'customer-a.pem'), customerPem);
  entra = new CredentialsEntra(
    new Map([
      [CLIENT_ID, { certificatePem: certificatePart(appPem) }],
      [A_APP, { certificatePem: certificatePart(customerPem) }],
      [B_APP, { secret: B_SECRET }],
      // E's registration holds A's certificate; the deployment is configured with another one.
      [E_APP, { certificatePem: certificatePart(customerPem) }],
    ]),
    CLIENT_ID,
    TOKENS,
  );
  entra.guests.set(D, new Set([ADMIN]));
  await entra.start();
  graphA = new DemoGraphServer({ tenant: tenantA, token: TOKENS[A] });
  graphD = new DemoGraphServer({ tenant: tenantD, token: TOKENS[D] });
  await Promise.all([graphA.start(), graphD.start()]);
  router = new GraphRouter(new Map([[TOKENS[A], graphA.url], [TOKENS[D], graphD.url]]));
  await router.start();
  config = loadConfig(
    productionEnv(MSP, {
      PORT: '0',
      HOST: '127.0.0.1',
      DB_FILE: path.join(dir, 'vmp.sqlite'),
      AUTH_JWKS_URL: entra.jwksUrl,
      AUTH_ISSUER_TEMPLATES: entra.issuerTemplate,
      AAD_APP_CLIENT_CERTIFICATE: appPem,
      AAD_APP_OAUTH_AUTHORITY_HOST: entra.url,
      GRAPH_BASE_URL: router.url,
      MSP_TENANT_IDS: MSP,
      MSP_GRAPH_CREDENTIALS: 'per-customer',
      MSP_CUSTOMER_CREDENTIALS: JSON.stringify({
        [A]: { clientId: A_APP, certificateFile: path.join(dir, 'customer-a.pem') },
        [B]: { clientId: B_APP, secret: B_SECRET },
        [E]: { clientId: E_APP, certificate: strangerPem },
      }),
    }),
  );
  running = await startServer(config);
  base = urlOf(running.server);
  const { portfolio } = running.services;
  let version: number | null = null;
  for (const [tenantId, displayName] of [[A, 'Alpine'], [B, 'Bravo'], [C, 'Charlie'], [D, 'Delta'], [E, 'Echo']] as const) {
    version = (await portfolio.link(MSP, 'test', { tenantId, displayName }, version)).version;
    version = (await portfolio.grant(MSP, 'test', tenantId, { kind: 'user', id: ADMIN }, 'admin', version)).version;
  }
});

afterAll(async () => {
  await running?.stop();
  await Promise.all([graphA?.stop(), graphD?.stop(), router?.stop(), entra?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, route: string, options: { actingFor?: string; body?: unknown } = {}) {
  const token = await entra.ssoToken({ tid: MSP, oid: ADMIN, wids: [ADMIN_ROLES.teamsAdministrator] });
  const res = await fetch(`${base}/api${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(options.actingFor ? { 'X-Tenant-Id': options.actingFor } : {}),
      ...(options.body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function settled(tenantId: string, jobId: string) {
  const job = await running.services.jobs.waitFor(tenantId, jobId, 30_000, 50);
  if (!job || (job.state !== 'succeeded' && job.state !== 'failed')) throw new Error(`the job did not finish: ${JSON.stringify(job)}`);
  return job;
}

const requestsFor = (tenant: string) => entra.requests.filter((r) => r.tenant === tenant);

function scheduleOptions(now: Date) {
  const services = running.services;
  const graph = graphAccessFor(config)!;
  return {
    store: services.store,
    portfolio: services.portfolio,
    jobs: services.jobs,
    mspTenantIds: [MSP],
    intervalMinutes: 60,
    now: () => now,
    credentialFor: (_t: string, customer: Parameters<typeof scheduledCredential>[1]) => scheduledCredential(graph, customer),
  };
}

describe('certificate credentials', () => {
  it("a customer's own certificate signs the scheduled sync's client assertion; the endpoint verifies it and the sync reads the customer", async () => {
    const queued = await queueDueCustomerSyncs(scheduleOptions(new Date()));
    // D is delegated only once the API says so (below); until then it is app-only without a credential.
    expect(queued.map((q) => q.tenantId).sort()).toEqual([A, B, E].sort());
    const jobA = await settled(A, queued.find((q) => q.tenantId === A)!.jobId);
    expect(jobA.state).toBe('succeeded');
    expect(requestsFor(A)).toEqual([{ tenant: A, clientId: A_APP, grantType: 'client_credentials', auth: 'certificate' }]);
    expect((await loadSnapshot(running.services.store, A))!.people).toHaveLength(tenantA.users.length);
    // B signs in with its own secret (its Graph is not served here, so its sync then fails at Graph).
    await settled(B, queued.find((q) => q.tenantId === B)!.jobId);
    expect(requestsFor(B)).toEqual([{ tenant: B, clientId: B_APP, grantType: 'client_credentials', auth: 'secret' }]);
  });

  it('a certificate the registration does not hold is refused, and the sync fails saying so', async () => {
    const [job] = await running.services.jobs.list(E, { type: 'sync' });
    const ended = await settled(E, job.id);
    expect(ended.state).toBe('failed');
    expect(ended.error?.message).toMatch(/invalid_client/);
    expect(requestsFor(E)[0]).toMatchObject({ clientId: E_APP, auth: 'certificate', refused: expect.stringMatching(/AADSTS700027/) });
  });

  it('the token endpoint refuses an assertion for another audience, a replayed one, and one signed by another key', async () => {
    const right = CertificateCredential.fromPem(customerPem, 'test');
    const endpoint = `${entra.url}/${A}/oauth2/v2.0/token`;
    const post = (assertion: string) =>
      fetch(endpoint, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: A_APP,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: assertion,
          scope: `${router.url}/.default`,
        }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: string; error_description?: string; access_token?: string } }));
    const good = right.clientAssertion(A_APP, endpoint);
    expect((await post(good)).body.access_token).toBe(TOKENS[A]);
    expect((await post(good)).body.error_description).toMatch(/jti was used before/);
    expect((await post(right.clientAssertion(A_APP, `${entra.url}/${MSP}/oauth2/v2.0/token`))).body.error_description).toMatch(/audience/);
    expect((await post(right.clientAssertion(E_APP, endpoint))).body.error_description).toMatch(/issuer and subject/);
    // The right certificate's thumbprints over another key's signature.
    const [h, p] = good.split('.');
    const forged = `${h}.${p}.${CertificateCredential.fromPem(strangerPem, 'test').clientAssertion(A_APP, endpoint).split('.')[2]}`;
    expect((await post(forged)).body.error_description).toMatch(/signature validation/);
  });

  it("the app's own certificate signs the on-behalf-of exchange in the MSP's home tenant", async () => {
    const started = await api('POST', '/sync');
    expect(started.status).toBe(202);
    expect(requestsFor(MSP)).toEqual([
      { tenant: MSP, clientId: CLIENT_ID, grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', auth: 'certificate', userOid: ADMIN, userTenant: MSP },
    ]);
    await settled(MSP, started.body.job.id);
  });
});

describe('delegated access for a guest admin', () => {
  it('the mapping says D is reached delegated (versioned and audited)', async () => {
    const { version } = await running.services.portfolio.get(MSP);
    const bad = await api('PUT', `/portfolio/customers/${D}/graph-access`, { body: { graphAccess: 'guest', expectedVersion: version } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ path: '$.graphAccess' })]);
    const stale = await api('PUT', `/portfolio/customers/${D}/graph-access`, { body: { graphAccess: 'delegated', expectedVersion: version! - 1 } });
    expect(stale.status).toBe(409);
    const set = await api('PUT', `/portfolio/customers/${D}/graph-access`, { body: { graphAccess: 'delegated', expectedVersion: version } });
    expect(set.status).toBe(200);
    expect(set.body.customer).toMatchObject({ tenantId: D, graphAccess: 'delegated' });
    const audit = await running.services.store.listAudit(MSP, 5);
    expect(audit.find((a) => a.action === 'portfolio.graph-access')).toMatchObject({ after: { tenantId: D, graphAccess: 'delegated' } });
  });

  it("a guest admin's sync of D exchanges their token on-behalf-of at D's authority and reads D", async () => {
    const before = entra.requests.length;
    const started = await api('POST', '/sync', { actingFor: D, body: { full: true } });
    expect(started.status).toBe(202);
    const job = await settled(D, started.body.job.id);
    expect(job.state).toBe('succeeded');
    expect(entra.requests.slice(before)).toEqual([
      { tenant: D, clientId: CLIENT_ID, grantType: 'urn:ietf:params:oauth:grant-type:jwt-bearer', auth: 'certificate', userOid: ADMIN, userTenant: MSP },
    ]);
    expect((await loadSnapshot(running.services.store, D))!.people).toHaveLength(tenantD.users.length);
  });

  it('a user who is not a guest in the customer tenant is refused by the customer authority', async () => {
    entra.guests.get(D)!.delete(ADMIN);
    try {
      const before = entra.requests.length;
      const started = await api('POST', '/sync', { actingFor: D, body: { full: true } });
      expect(started.status).toBe(403);
      expect(started.body.error.message).toMatch(/not a guest admin in this customer tenant/);
      expect(entra.requests.slice(before)).toEqual([expect.objectContaining({ tenant: D, refused: expect.stringMatching(/AADSTS50020/) })]);
    } finally {
      entra.guests.get(D)!.add(ADMIN);
    }
  });
});

describe('the schedule and the portfolio', () => {
  it('skips a customer without credentials and a delegated one, and the portfolio says why next to the last sync age', async () => {
    const later = new Date(Date.now() + 3 * 3_600_000);
    await queueDueCustomerSyncs(scheduleOptions(later));
    const skipC = await running.services.store.getDocument<{ at: string; reason: string }>(C, SYNC_SKIP_DOCUMENT);
    expect(skipC!.data.reason).toMatch(/MSP_CUSTOMER_CREDENTIALS/);
    // The same reason again writes nothing.
    await queueDueCustomerSyncs(scheduleOptions(new Date(later.getTime() + 60_000)));
    expect((await running.services.store.getDocumentVersion(C, SYNC_SKIP_DOCUMENT))!.version).toBe(skipC!.version);

    const overview = await api('GET', '/portfolio?limit=10');
    expect(overview.status).toBe(200);
    const row = (t: string) => (overview.body.items as { tenantId: string; lastSyncAgeHours: number | null; syncSkipped?: { reason: string } }[]).find((r) => r.tenantId === t)!;
    expect(row(C)).toMatchObject({ lastSyncAgeHours: null, syncSkipped: { reason: expect.stringMatching(/no entry for its tenant/) } });
    expect(row(D).syncSkipped?.reason).toMatch(/guest admin \(delegated\)/);
    expect(row(D).lastSyncAgeHours).toBe(0);
    expect(row(A).syncSkipped).toBeUndefined();
  });

  it('a skip is cleared once the customer can be reached and its sync is queued', async () => {
    const options = scheduleOptions(new Date(Date.now() + 4 * 3_600_000));
    const reachable = { getAccessToken: async () => 'no-graph-behind-this-token' };
    const queued = await queueDueCustomerSyncs({ ...options, credentialFor: (t, customer) => (t === C ? reachable : options.credentialFor(t, customer)) });
    expect(queued.map((q) => q.tenantId)).toContain(C);
    expect(await running.services.store.getDocumentVersion(C, SYNC_SKIP_DOCUMENT)).toBeUndefined();
    await settled(C, queued.find((q) => q.tenantId === C)!.jobId);
  });

  it("an MSP admin's sync of a customer without a credential is a 400 saying what to configure", async () => {
    const started = await api('POST', '/sync', { actingFor: C });
    expect(started.status).toBe(400);
    expect(started.body.error.message).toMatch(/MSP_CUSTOMER_CREDENTIALS .* has no entry for its tenant/);
  });

  it('no private key, secret or token lands in the store', async () => {
    const db = new Database(path.join(dir, 'vmp.sqlite'), { readonly: true });
    try {
      for (const table of ['documents', 'records', 'audit_log']) {
        const text = JSON.stringify(db.prepare(`SELECT * FROM ${table}`).all());
        for (const secret of ['PRIVATE KEY', B_SECRET, ...Object.values(TOKENS)]) expect(text).not.toContain(secret);
      }
    } finally {
      db.close();
    }
  });
});
