/**
 * The token matrix against the production-mode API (a local signing key, its JWKS served on loopback):
 * every way an access token can be wrong is refused with 401 (or 403 for a valid caller who may not
 * use the app), on a read route and a write route alike, with a JSON error and no stack; the one valid
 * admin token reads and writes. The refused requests' log lines never hold the token.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWTPayload, type KeyLike } from 'jose';
import { loadConfig } from '../../../shared/config/app-config';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { startServer, type RunningServer } from '../../../server/start';
import { CLIENT_ID, productionEnv } from '../../support/production';
import { urlOf } from '../../support/http';
import { usersOnlySnapshot } from '../../support/snapshots';

const TENANT_A = 'aaaaaaaa-1111-4111-8111-111111111111';
const TENANT_B = 'bbbbbbbb-2222-4222-8222-222222222222';
const TENANT_NOT_ALLOWED = 'cccccccc-3333-4333-8333-333333333333';
const KID = 'matrix-key-1';
const NOT_ADMIN_ROLE = 'b79fbf4d-3ef9-4689-8143-76b194e85509'; // Entra "Default User" template id

let dir: string;
let jwksServer: http.Server;
let issuerBase: string;
let privateKey: KeyLike;
let publicPem: string;
let otherKey: KeyLike;
let running: RunningServer;
let base: string;
const logLines: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-token-matrix-'));
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  jwksServer = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  issuerBase = urlOf(jwksServer);
  const config = loadConfig(
    productionEnv(`${TENANT_A},${TENANT_B}`, {
      PORT: '0',
      HOST: '127.0.0.1',
      DB_FILE: path.join(dir, 'vmp.sqlite'),
      AUTH_JWKS_URL: `${issuerBase}/discovery/keys`,
      AUTH_ISSUER_TEMPLATES: `${issuerBase}/{tid}/v2.0`,
      REQUEST_LOG: 'json',
    }),
  );
  running = await startServer(config, { writeRequestLog: (line) => logLines.push(line) });
  base = urlOf(running.server);
  for (const [tenantId, name] of [[TENANT_A, 'Contoso'], [TENANT_B, 'Fabrikam']]) {
    await saveSnapshot(running.services.store, usersOnlySnapshot(tenantId, name, 3, [{ id: 'hq', name: 'HQ', source: 'places' }]), 'test');
  }
});

afterAll(async () => {
  await running?.stop();
  await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The claims of a valid admin of tenant A; `overrides` replace them (undefined removes one). */
function claimsWith(overrides: Record<string, unknown> = {}): JWTPayload {
  const tid = typeof overrides.tid === 'string' ? overrides.tid : TENANT_A;
  const claims: Record<string, unknown> = {
    tid,
    oid: 'admin-object-id',
    name: 'Ada Admin',
    scp: 'access_as_user',
    wids: [ADMIN_ROLES.teamsAdministrator],
    iss: `${issuerBase}/${tid}/v2.0`,
    aud: CLIENT_ID,
    iat: now() - 60,
    exp: now() + 3600,
    ...overrides,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return claims as JWTPayload;
}

function sign(overrides: Record<string, unknown> = {}, options: { key?: KeyLike; kid?: string } = {}): Promise<string> {
  return new SignJWT(claimsWith(overrides)).setProtectedHeader({ alg: 'RS256', kid: options.kid ?? KID, typ: 'JWT' }).sign(options.key ?? privateKey);
}

/** A read route and a write route; the write sends a valid body, so only authentication can refuse it. */
async function call(route: 'read' | 'write', authorization?: string): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = authorization === undefined ? {} : { Authorization: authorization };
  const res =
    route === 'read'
      ? await fetch(`${base}/api/status`, { headers })
      : await fetch(`${base}/api/site-rules`, {
          method: 'PUT',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify({ rules: [], expectedVersion: await rulesVersion() }),
        });
  return { status: res.status, text: await res.text() };
}

async function rulesVersion(): Promise<number | null> {
  const res = await fetch(`${base}/api/site-rules`, { headers: { Authorization: `Bearer ${await sign()}` } });
  return ((await res.json()) as { version: number | null }).version ?? null;
}

type Case = [string, () => Promise<string | undefined>, 401 | 403];
const bearer = async (t: Promise<string> | string) => `Bearer ${await t}`;

const CASES: Case[] = [
  ['no Authorization header', async () => undefined, 401],
  ['a Basic credential', async () => 'Basic YWRtaW46YWRtaW4=', 401],
  ['a malformed token', async () => 'Bearer not.a.jwt', 401],
  ['an empty bearer', async () => 'Bearer ', 401],
  ['a 12 kB garbage bearer', async () => `Bearer ${'A'.repeat(12_000)}`, 401],
  ['alg: none', async () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsWith())}.`, 401],
  [
    'HS256 signed with the public key',
    async () => bearer(new SignJWT(claimsWith()).setProtectedHeader({ alg: 'HS256', kid: KID, typ: 'JWT' }).sign(new TextEncoder().encode(publicPem))),
    401,
  ],
  ['a bad signature', async () => bearer(sign({}, { key: otherKey })), 401],
  [
    'a signature from another token',
    async () => {
      const [h, p] = (await sign({ name: 'Mallory' })).split('.');
      const s = (await sign()).split('.')[2];
      return `Bearer ${h}.${p}.${s}`;
    },
    401,
  ],
  ['an unknown kid', async () => bearer(sign({}, { kid: 'someone-elses-key' })), 401],
  ['an expired token', async () => bearer(sign({ exp: now() - 3600 })), 401],
  ['a token not yet valid', async () => bearer(sign({ nbf: now() + 3600 })), 401],
  ['a wrong audience', async () => bearer(sign({ aud: 'another-app' })), 401],
  ['a wrong issuer', async () => bearer(sign({ iss: `https://login.example.org/${TENANT_A}/v2.0` })), 401],
  ["an issuer of another tenant than the token's tid", async () => bearer(sign({ iss: `${issuerBase}/${TENANT_B}/v2.0` })), 401],
  ['no tid', async () => bearer(sign({ tid: undefined })), 401],
  ['no access_as_user scope', async () => bearer(sign({ scp: 'User.Read' })), 401],
  ['no scp at all', async () => bearer(sign({ scp: undefined })), 401],
  ['a non-admin user', async () => bearer(sign({ wids: [NOT_ADMIN_ROLE] })), 403],
  ['no wids', async () => bearer(sign({ wids: undefined })), 403],
  ['a tenant not allowed', async () => bearer(sign({ tid: TENANT_NOT_ALLOWED })), 403],
  ['wids as a string', async () => bearer(sign({ wids: ADMIN_ROLES.teamsAdministrator })), 401],
  ['wids as an object', async () => bearer(sign({ wids: { 0: ADMIN_ROLES.teamsAdministrator } })), 401],
  ['wids [null]', async () => bearer(sign({ wids: [null] })), 401],
  ['wids [a number]', async () => bearer(sign({ wids: [62] })), 401],
  ['tid as a number', async () => bearer(sign({ tid: 42, iss: `${issuerBase}/42/v2.0` })), 401],
  ['scp as a number', async () => bearer(sign({ scp: 7 })), 401],
  ['scp as an array', async () => bearer(sign({ scp: ['access_as_user'] })), 401],
  ['oid as an object', async () => bearer(sign({ oid: { id: 'x' } })), 401],
  ['name as an array', async () => bearer(sign({ name: ['Ada'] })), 401],
];

describe.each(['read', 'write'] as const)('the %s route', (route) => {
  it.each(CASES)('refuses %s', async (_label, make, expected) => {
    const authorization = await make();
    const { status, text } = await call(route, authorization);
    expect(status).toBe(expected);
    const body = JSON.parse(text) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(expected === 401 ? 'unauthenticated' : 'forbidden');
    expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d/);
    expect(text).not.toContain('Fabrikam');
  });

  it('accepts a valid admin token (200)', async () => {
    const { status, text } = await call(route, await bearer(sign()));
    expect(status).toBe(200);
    if (route === 'read') expect(JSON.parse(text).tenant).toEqual({ id: TENANT_A, name: 'Contoso' });
  });
});

describe('the refused requests', () => {
  it('each logged one line, none with its token', async () => {
    const refused = logLines.map((l) => JSON.parse(l) as { status: number; requestId: string });
    expect(refused.length).toBeGreaterThanOrEqual(CASES.length * 2);
    expect(refused.every((l) => l.status === 401 || l.status === 403)).toBe(true);
    for (const line of logLines) {
      expect(line).not.toMatch(/eyJ|Bearer|Basic|AAAAAAAAAA/);
    }
  });
});
