/**
 * Production mode: the server refuses to start without credentials, and with them every API call
 * needs a valid Entra access token from an allowed tenant and an admin role. Tokens are signed here
 * with a local key whose JWKS a local HTTP server publishes (AUTH_JWKS_URL / AUTH_ISSUER_TEMPLATES).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { ConfigError, loadConfig } from '../../../shared/config/app-config';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { startServer, RunningServer } from '../../../server/start';
import { CLIENT_ID, productionEnv } from '../../support/production';
import { urlOf } from '../../support/http';
import { usersOnlySnapshot } from '../../support/snapshots';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const REQUIRED = ['BOT_ID', 'BOT_PASSWORD', 'AAD_APP_CLIENT_ID', 'ALLOWED_TENANT_IDS'];

/** The environment of this process without anything that would configure the app. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(APP_MODE|PORT|HOST|DB_FILE|BOT_|AAD_|ALLOWED_TENANT_IDS|AUTH_|STORE|AZURE_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

function runServerMain(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server/main.ts did not exit; it printed:\n${output}`));
    }, 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('production mode without credentials', () => {
  it('the server process refuses to start and names every missing variable', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-prod-refuse-'));
    try {
      const { code, output } = await runServerMain(cleanEnv({ APP_MODE: 'production', PORT: '0', DB_FILE: path.join(dir, 'x.sqlite') }));
      expect(code).not.toBe(0);
      expect(output).toMatch(/Refusing to start in production mode/);
      for (const name of REQUIRED) expect(output).toContain(name);
      expect(fs.existsSync(path.join(dir, 'x.sqlite'))).toBe(false); // refused before touching storage
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadConfig', () => {
  const full = { BOT_ID: 'b', BOT_PASSWORD: 'p', AAD_APP_CLIENT_ID: 'c', ALLOWED_TENANT_IDS: 't' };

  it.each([
    ['no APP_MODE', {}, /APP_MODE must be "local".*got nothing/],
    ['an unknown APP_MODE', { APP_MODE: 'dev' }, /APP_MODE .*got "dev"/],
    ['a PORT that is not a number', { APP_MODE: 'local', PORT: 'abc' }, /PORT must be a whole number from 0 to 65535; got "abc"/],
    ['a PORT out of range', { APP_MODE: 'local', PORT: '70000' }, /PORT must be a whole number/],
    ['an unknown BOT_APP_TYPE', { APP_MODE: 'local', BOT_APP_TYPE: 'Nope' }, /BOT_APP_TYPE must be/],
    ['production without BOT_ID', { APP_MODE: 'production', ...full, BOT_ID: '' }, /set BOT_ID\./],
    ['production without BOT_PASSWORD', { APP_MODE: 'production', ...full, BOT_PASSWORD: ' ' }, /set BOT_PASSWORD\./],
    ['production without AAD_APP_CLIENT_ID', { APP_MODE: 'production', ...full, AAD_APP_CLIENT_ID: undefined }, /set AAD_APP_CLIENT_ID\./],
    ['production without ALLOWED_TENANT_IDS', { APP_MODE: 'production', ...full, ALLOWED_TENANT_IDS: ' , ' }, /set ALLOWED_TENANT_IDS\./],
    ['a single-tenant bot without BOT_TENANT_ID', { APP_MODE: 'production', ...full, BOT_APP_TYPE: 'SingleTenant' }, /set BOT_TENANT_ID\./],
    ['production with nothing', { APP_MODE: 'production' }, /set BOT_ID, BOT_PASSWORD, AAD_APP_CLIENT_ID, ALLOWED_TENANT_IDS\./],
    ['an unknown STORE', { APP_MODE: 'local', STORE: 'mongo' }, /STORE must be "sqlite" or "azure-tables"; got "mongo"/],
    ['STORE=azure-tables without an account URL or connection string', { APP_MODE: 'local', STORE: 'azure-tables' }, /needs AZURE_STORAGE_ACCOUNT_URL .* or AZURE_STORAGE_CONNECTION_STRING/],
    ['STORE=azure-tables with a plain-http account URL', { APP_MODE: 'local', STORE: 'azure-tables', AZURE_STORAGE_ACCOUNT_URL: 'http://acct.table.core.windows.net' }, /must be an https:\/\/ Table endpoint/],
    ['a bad AZURE_TABLE_PREFIX', { APP_MODE: 'local', STORE: 'azure-tables', AZURE_STORAGE_CONNECTION_STRING: 'x', AZURE_TABLE_PREFIX: '1-bad' }, /AZURE_TABLE_PREFIX must start with a letter/],
  ])('refuses %s', (_label, env, message) => {
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(ConfigError);
    expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
  });

  it('local mode needs nothing else and binds to loopback on 3978', () => {
    expect(loadConfig({ APP_MODE: 'local' })).toMatchObject({ mode: 'local', port: 3978, host: '127.0.0.1', store: { kind: 'sqlite' } });
  });

  it('production with credentials loads, normalising the tenant allow-list', () => {
    const config = loadConfig({ APP_MODE: 'production', ...full, ALLOWED_TENANT_IDS: ' AAA , bbb ' });
    expect(config).toMatchObject({ mode: 'production', host: '0.0.0.0', auth: { allowedTenantIds: ['aaa', 'bbb'] } });
  });
});

describe('production mode with credentials', () => {
  const TENANT_A = 'aaaaaaaa-1111-4111-8111-111111111111';
  const TENANT_B = 'bbbbbbbb-2222-4222-8222-222222222222';
  const TENANT_NOT_ALLOWED = 'cccccccc-3333-4333-8333-333333333333';
  const KID = 'test-key-1';

  let dir: string;
  let jwksServer: http.Server;
  let issuerBase: string;
  let privateKey: KeyLike;
  let otherKey: KeyLike;
  let running: RunningServer;
  let base: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-prod-'));
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
    jwksServer = http.createServer((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    issuerBase = urlOf(jwksServer);

    const config = loadConfig(
      productionEnv(`${TENANT_A},${TENANT_B.toUpperCase()}`, {
        PORT: '0',
        HOST: '127.0.0.1',
        DB_FILE: path.join(dir, 'vmp.sqlite'),
        AUTH_JWKS_URL: `${issuerBase}/discovery/keys`,
        AUTH_ISSUER_TEMPLATES: `${issuerBase}/{tid}/v2.0`,
      }),
    );
    running = await startServer(config);
    base = urlOf(running.server);
    await saveSnapshot(running.services.store, snapshot(TENANT_A, 'Contoso', 3), 'test');
    await saveSnapshot(running.services.store, snapshot(TENANT_B, 'Fabrikam', 5), 'test');
  });

  afterAll(async () => {
    await running?.stop();
    await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = (tenantId: string, tenantName: string, users: number) => usersOnlySnapshot(tenantId, tenantName, users, [{ id: 'hq', name: 'HQ', source: 'places' }]);

  async function token(overrides: JWTPayload & { tid?: string; scp?: string; wids?: string[] } = {}, key = privateKey): Promise<string> {
    const tid = overrides.tid ?? TENANT_A;
    const claims: JWTPayload = {
      tid,
      oid: 'admin-object-id',
      name: 'Ada Admin',
      scp: 'access_as_user',
      wids: [ADMIN_ROLES.teamsAdministrator],
      ...overrides,
    };
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
      .setIssuer((overrides.iss as string | undefined) ?? `${issuerBase}/${tid}/v2.0`)
      .setAudience((overrides.aud as string | undefined) ?? CLIENT_ID)
      .setIssuedAt(now - 60)
      .setExpirationTime((overrides.exp as number | undefined) ?? now + 3600)
      .sign(key);
  }

  async function getStatus(bearer?: string, extraHeaders: Record<string, string> = {}, query = '') {
    const res = await fetch(`${base}/api/status${query}`, {
      headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), ...extraHeaders },
    });
    return { status: res.status, body: await res.json() };
  }

  it('an API call without a token is 401 with a sign-in message; /healthz says only ok; HSTS is on', async () => {
    const { status, body } = await getStatus();
    expect(status).toBe(401);
    expect((await fetch(`${base}/api/health`)).status).toBe(401);
    // The body of an unauthenticated caller is not even read: 401, not 413 or 400.
    const big = await fetch(`${base}/api/settings`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: `{"settings": ${'x'.repeat(6 * 1024 * 1024)}` });
    expect(big.status).toBe(401);
    const health = await fetch(`${base}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(body.error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/Bearer/) });
  });

  it('a valid admin token reads its own tenant', async () => {
    const { status, body } = await getStatus(await token());
    expect(status).toBe(200);
    expect(body.tenant).toEqual({ id: TENANT_A, name: 'Contoso' });
    expect(body.counts.users).toBe(3);
    const me = await (await fetch(`${base}/api/me`, { headers: { Authorization: `Bearer ${await token()}` } })).json();
    expect(me).toMatchObject({ tenantId: TENANT_A, name: 'Ada Admin', via: 'sso', mode: 'production' });
  });

  it('accepts the v1 audience form (api://<client id>) and any of the admin roles', async () => {
    expect((await getStatus(await token({ aud: `api://${CLIENT_ID}`, wids: [ADMIN_ROLES.globalAdministrator] }))).status).toBe(200);
  });

  it.each<[string, () => Promise<string>]>([
    ['a wrong audience', () => token({ aud: 'someone-elses-app' })],
    ['an expired token', () => token({ exp: Math.floor(Date.now() / 1000) - 3600 })],
    ['a token without the access_as_user scope', () => token({ scp: 'User.Read' })],
    ['a token from another tenant issuer', () => token({ iss: `${'http://127.0.0.1:1'}/${TENANT_A}/v2.0` })],
    ['a token signed by an unknown key', () => token({}, otherKey)],
    ['a garbage token', async () => 'not.a.jwt'],
  ])('rejects %s with 401', async (_label, make) => {
    const { status, body } = await getStatus(await make());
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthenticated');
  });

  it('a tenant outside the allow-list is 403', async () => {
    const { status, body } = await getStatus(await token({ tid: TENANT_NOT_ALLOWED }));
    expect(status).toBe(403);
    expect(body.error.message).toContain(TENANT_NOT_ALLOWED);
  });

  it('a signed-in user without an admin role is 403', async () => {
    const { status, body } = await getStatus(await token({ wids: ['b79fbf4d-3ef9-4689-8143-76b194e85509'] }));
    expect(status).toBe(403);
    expect(body.error.message).toMatch(/Administrator/);
    expect((await getStatus(await token({ wids: undefined }))).status).toBe(403);
  });

  it("tenant isolation: a token from tenant A never reads tenant B's data", async () => {
    const tokenA = await token({ tid: TENANT_A });
    const tokenB = await token({ tid: TENANT_B });
    expect((await getStatus(tokenB)).body.tenant).toEqual({ id: TENANT_B, name: 'Fabrikam' });
    // Whatever a caller adds to the request, the tenant comes from the verified token only; naming
    // another tenant in X-Tenant-Id without a portfolio grant is refused, never answered for the own tenant.
    const named = await getStatus(tokenA, { 'x-tenant-id': TENANT_B });
    expect(named.status).toBe(403);
    expect(JSON.stringify(named.body)).not.toContain('Fabrikam');
    const tries = [await getStatus(tokenA, {}, `?tenant=${TENANT_B}&tenantId=${TENANT_B}`), await getStatus(tokenA)];
    for (const { status, body } of tries) {
      expect(status).toBe(200);
      expect(body.tenant).toEqual({ id: TENANT_A, name: 'Contoso' });
      expect(body.counts.users).toBe(3);
      expect(JSON.stringify(body)).not.toContain('Fabrikam');
    }
  });

  it('the bot endpoint refuses a request without a Bot Framework token (401)', async () => {
    // botbuilder logs every refused request with a stack trace; keep the test output readable.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    const activity = {
      type: 'message',
      text: 'status',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      from: { id: 'u' },
      recipient: { id: 'b' },
      conversation: { id: 'c', tenantId: TENANT_A },
      deliveryMode: 'expectReplies',
    };
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    const none = await post({});
    expect(none.status).toBe(401);
    expect(await none.text()).not.toContain('Fabrikam');
    expect((await post({ Authorization: `Bearer ${await token()}` })).status).toBe(401);
    quiet.mockRestore();
  });
});
