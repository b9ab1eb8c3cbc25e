/**
 * Graph credentials from configuration, validated at start-up: the app's secret or certificate, and
 * MSP_GRAPH_CREDENTIALS choosing the app registration or a registration per customer (JSON or a
 * directory of files). Every refusal names the variable (and tenant) and never echoes a secret.
 * Also: which credential the schedule gets per customer, and the delegated mode in the mapping.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../shared/config/app-config';
import { setGraphAccess, EMPTY_PORTFOLIO, linkCustomer, PortfolioRuleError } from '../../../shared/domain/portfolio/portfolio-mapping';
import { portfolioRow, type CustomerFacts } from '../../../shared/domain/portfolio/portfolio-overview';
import { createGraphAccess, type TokenAcquisition } from '../../../shared/graph/token-providers';
import { CUSTOMER_CREDENTIAL_MISSING, scheduledCredential } from '../../../shared/services/portfolio-syncs';
import { selfSignedPem } from '../../integration/portfolio/credentials-entra';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const OTHER = 'cccccccc-3333-4333-8333-333333333333';
const CUSTOMER_APP = 'dddddddd-4444-4444-8444-444444444444';
const SECRET = 'super-secret-value-1234';
const production = {
  APP_MODE: 'production',
  BOT_ID: 'b',
  BOT_PASSWORD: 'p',
  AAD_APP_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
  ALLOWED_TENANT_IDS: MSP,
  MSP_TENANT_IDS: MSP,
};

let pem: string;
let dir: string;
beforeAll(() => {
  pem = selfSignedPem('config-test');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-credentials-config-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe("the app registration's credential", () => {
  it('a certificate in AAD_APP_CLIENT_CERTIFICATE or a file; the configuration shows its thumbprint, never the key', () => {
    const inline = loadConfig({ ...production, AAD_APP_CLIENT_CERTIFICATE: pem });
    fs.writeFileSync(path.join(dir, 'app.pem'), pem);
    const fromFile = loadConfig({ ...production, AAD_APP_CLIENT_CERTIFICATE_FILE: path.join(dir, 'app.pem') });
    expect(fromFile.auth.clientCertificate!.thumbprintSha256).toBe(inline.auth.clientCertificate!.thumbprintSha256);
    expect(JSON.stringify(inline)).not.toContain('PRIVATE KEY');
    expect(JSON.stringify(inline)).toContain(`x5t#S256=${inline.auth.clientCertificate!.thumbprintSha256}`);
  });

  it.each([
    [{ AAD_APP_CLIENT_SECRET: SECRET, AAD_APP_CLIENT_CERTIFICATE: 'x' }, /Set AAD_APP_CLIENT_SECRET or AAD_APP_CLIENT_CERTIFICATE, not both/],
    [{ AAD_APP_CLIENT_CERTIFICATE: 'x', AAD_APP_CLIENT_CERTIFICATE_FILE: 'y' }, /AAD_APP_CLIENT_CERTIFICATE or AAD_APP_CLIENT_CERTIFICATE_FILE, not both/],
    [{ AAD_APP_CLIENT_CERTIFICATE_FILE: '/nonexistent/app.pem' }, /AAD_APP_CLIENT_CERTIFICATE_FILE: the file \/nonexistent\/app.pem cannot be read/],
    [{ AAD_APP_CLIENT_CERTIFICATE: 'not a pem' }, /AAD_APP_CLIENT_CERTIFICATE must hold a PEM private key/],
  ])('refuses %o', (extra, message) => {
    expect(refusal({ ...production, ...extra })).toMatch(message);
  });
});

describe('MSP_GRAPH_CREDENTIALS', () => {
  it('defaults to the app registration for every customer', () => {
    expect(loadConfig({ ...production, AAD_APP_CLIENT_SECRET: SECRET }).portfolio.credentials).toEqual({ mode: 'app' });
  });

  it('per-customer from JSON: secrets and certificates, tenant ids lower-cased', () => {
    const config = loadConfig({
      ...production,
      AAD_APP_CLIENT_SECRET: SECRET,
      MSP_GRAPH_CREDENTIALS: 'per-customer',
      MSP_CUSTOMER_CREDENTIALS: JSON.stringify({ [CUSTOMER.toUpperCase()]: { clientId: CUSTOMER_APP, secret: SECRET }, [OTHER]: { clientId: CUSTOMER_APP, certificate: pem } }),
    });
    const c = config.portfolio.credentials;
    expect(c.mode === 'per-customer' && [...c.byTenant.keys()]).toEqual([CUSTOMER, OTHER]);
    expect(c.mode === 'per-customer' && c.byTenant.get(OTHER)!.certificate!.thumbprintSha256).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('per-customer from a directory of <tenant id>.json files, certificate files relative to it', () => {
    const credentials = path.join(dir, 'customers');
    fs.mkdirSync(credentials);
    fs.writeFileSync(path.join(credentials, `${CUSTOMER}.json`), JSON.stringify({ clientId: CUSTOMER_APP, certificateFile: 'customer.pem' }));
    fs.writeFileSync(path.join(credentials, 'customer.pem'), pem);
    fs.writeFileSync(path.join(credentials, 'README.txt'), 'not read');
    const config = loadConfig({ ...production, AAD_APP_CLIENT_SECRET: SECRET, MSP_GRAPH_CREDENTIALS: 'per-customer', MSP_CUSTOMER_CREDENTIALS_DIR: credentials });
    const c = config.portfolio.credentials;
    expect(c.mode === 'per-customer' && c.source).toBe('MSP_CUSTOMER_CREDENTIALS_DIR');
    expect(c.mode === 'per-customer' && c.byTenant.get(CUSTOMER)!.certificate).toBeDefined();
  });

  const perCustomer = { ...production, AAD_APP_CLIENT_SECRET: SECRET, MSP_GRAPH_CREDENTIALS: 'per-customer' };
  it.each([
    [{ ...production, MSP_GRAPH_CREDENTIALS: 'each' }, /MSP_GRAPH_CREDENTIALS must be "app" .* or "per-customer"; got "each"/],
    [{ ...production, MSP_CUSTOMER_CREDENTIALS: '{}' }, /MSP_CUSTOMER_CREDENTIALS is set but MSP_GRAPH_CREDENTIALS is "app"/],
    [perCustomer, /MSP_GRAPH_CREDENTIALS=per-customer needs MSP_CUSTOMER_CREDENTIALS \(JSON\) or MSP_CUSTOMER_CREDENTIALS_DIR/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: '{}', MSP_CUSTOMER_CREDENTIALS_DIR: '/x' }, /not both/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: `{"${CUSTOMER}": {"clientId": "x", "secret": "${SECRET}"` }, /MSP_CUSTOMER_CREDENTIALS is not valid JSON/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: '[]' }, /MSP_CUSTOMER_CREDENTIALS must be a JSON object/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: JSON.stringify({ contoso: { clientId: CUSTOMER_APP, secret: SECRET } }) }, /"contoso" is not a tenant id/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: JSON.stringify({ [CUSTOMER]: { clientId: 'app', secret: SECRET } }) }, new RegExp(`MSP_CUSTOMER_CREDENTIALS\\["${CUSTOMER}"\\].clientId must be`)],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: JSON.stringify({ [CUSTOMER]: { clientId: CUSTOMER_APP } }) }, /needs exactly one of secret, certificate .* or certificateFile; got none/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: JSON.stringify({ [CUSTOMER]: { clientId: CUSTOMER_APP, secret: SECRET, certificate: 'x' } }) }, /got secret and certificate/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: JSON.stringify({ [CUSTOMER]: { clientId: CUSTOMER_APP, password: SECRET } }) }, /unknown field "password"/],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS: JSON.stringify({ [CUSTOMER]: { clientId: CUSTOMER_APP, certificate: 'x' } }) }, new RegExp(`MSP_CUSTOMER_CREDENTIALS\\["${CUSTOMER}"\\].certificate must hold a PEM`)],
    [{ ...perCustomer, MSP_CUSTOMER_CREDENTIALS_DIR: '/nonexistent/credentials' }, /MSP_CUSTOMER_CREDENTIALS_DIR \(\/nonexistent\/credentials\) cannot be read/],
    [
      { ...production, MSP_GRAPH_CREDENTIALS: 'per-customer', MSP_CUSTOMER_CREDENTIALS: '{}' },
      /Refusing to start .* AAD_APP_CLIENT_SECRET or AAD_APP_CLIENT_CERTIFICATE \(MSP_GRAPH_CREDENTIALS=per-customer adds to the app credential\)/,
    ],
  ].map(([env, message]) => [message as RegExp, env as Record<string, string>] as const))('refuses with %s, never echoing the secret', (message, env) => {
    const text = refusal(env);
    expect(text).toMatch(message);
    expect(text).not.toContain(SECRET);
  });

  it('local mode still starts without any credential', () => {
    expect(loadConfig({ APP_MODE: 'local' }).portfolio.credentials).toEqual({ mode: 'app' });
    expect(refusal({ APP_MODE: 'production' })).toMatch(/Refusing to start in production mode without credentials/);
  });
});

describe('which credential a scheduled customer sync gets', () => {
  const acquisition = (name: string): TokenAcquisition => ({
    onBehalfOf: async () => ({ token: `${name}-obo`, expiresOnTimestamp: Date.now() + 3_600_000 }),
    appOnly: async (tenantId) => ({ token: `${name}-${tenantId}`, expiresOnTimestamp: Date.now() + 3_600_000 }),
  });
  const app = createGraphAccess({ graphBaseUrl: 'https://graph.microsoft.com', acquisition: acquisition('app') });
  const perCustomer = createGraphAccess({
    graphBaseUrl: 'https://graph.microsoft.com',
    acquisition: acquisition('app'),
    customerAcquisition: (t) => (t === CUSTOMER ? acquisition('own') : undefined),
  });

  it('app mode: the app registration for every app-only customer', async () => {
    const c = scheduledCredential(app, { tenantId: OTHER });
    expect('getAccessToken' in c && (await c.getAccessToken())).toBe(`app-${OTHER}`);
  });

  it("per-customer: the customer's own registration, none for a customer without one (a skip saying so)", async () => {
    const own = scheduledCredential(perCustomer, { tenantId: CUSTOMER });
    expect('getAccessToken' in own && (await own.getAccessToken())).toBe(`own-${CUSTOMER}`);
    expect(scheduledCredential(perCustomer, { tenantId: OTHER })).toEqual({ skip: CUSTOMER_CREDENTIAL_MISSING });
    // Other tenants (the bot's role lookups) keep the app registration.
    expect(await perCustomer.forTenant(OTHER).getAccessToken()).toBe(`app-${OTHER}`);
  });

  it('a delegated customer is never synced on a schedule', () => {
    expect(scheduledCredential(app, { tenantId: CUSTOMER, graphAccess: 'delegated' })).toEqual({ skip: expect.stringMatching(/guest admin \(delegated\)/) });
  });
});

describe('graphAccess in the mapping', () => {
  const stamp = { at: '2026-12-01T00:00:00.000Z', by: 'test' };
  const doc = linkCustomer(EMPTY_PORTFOLIO, MSP, CUSTOMER, 'Contoso', stamp);

  it('delegated is stored; app-only is the default and stored as absent', () => {
    const delegated = setGraphAccess(doc, CUSTOMER.toUpperCase(), 'delegated');
    expect(delegated.customers[0].graphAccess).toBe('delegated');
    expect('graphAccess' in setGraphAccess(delegated, CUSTOMER, 'app-only').customers[0]).toBe(false);
  });

  it('refuses an unknown mode and an unlinked customer', () => {
    expect(() => setGraphAccess(doc, CUSTOMER, 'guest' as never)).toThrow(PortfolioRuleError);
    expect(() => setGraphAccess(doc, OTHER, 'delegated')).toThrow(/not a customer of this portfolio/);
  });

  it("a skipped customer's row carries the reason next to its last sync age", () => {
    const facts: CustomerFacts = { users: 10, lastSyncAt: '2026-12-01T00:00:00.000Z', planned: false, planBuiltAt: null, blocked: 0, unmet: 0, progress: null, waves: [], syncSkipped: { at: '2026-12-02T00:00:00.000Z', reason: 'why' } };
    const row = portfolioRow({ tenantId: CUSTOMER, displayName: 'Contoso', role: 'admin' }, facts, '2026-12-03', new Date('2026-12-03T00:00:00.000Z'));
    expect(row).toMatchObject({ lastSyncAgeHours: 48, syncSkipped: { at: '2026-12-02T00:00:00.000Z', reason: 'why' } });
    const { syncSkipped: _skip, ...synced } = facts;
    expect('syncSkipped' in portfolioRow({ tenantId: CUSTOMER, displayName: 'Contoso', role: 'admin' }, synced, '2026-12-03', new Date())).toBe(false);
  });
});
