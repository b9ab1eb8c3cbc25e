/**
 * The built server as infra/ starts it: `npm run start:production` (NODE_ENV=production, the compiled
 * JavaScript under dist/) in production mode with a local signing key and JWKS server. GET / serves the
 * built tab, which headless Chromium loads and - signed in with an admin token - fills with the tenant's
 * data; the built tab holds no source map (none served, none deployed); errors carry no stack.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { chromium, type Browser } from 'playwright-core';
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { CHROMIUM, CHROMIUM_ARGS, requireChromium } from '../../support/browser';
import { CLIENT_ID, productionEnv } from '../../support/production';
import { urlOf } from '../../support/http';
import { usersOnlySnapshot } from '../../support/snapshots';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TENANT = 'aaaaaaaa-1111-4111-8111-111111111111';
const KID = 'build-test-key';

let dir: string;
let jwksServer: http.Server;
let issuerBase: string;
let privateKey: KeyLike;
let server: ChildProcess | undefined;
let base: string;
let output = '';
let browser: Browser | undefined;

/** The environment of this process without anything that would configure the app. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(APP_MODE|PORT|HOST|DB_FILE|BOT_|AAD_|ALLOWED_TENANT_IDS|AUTH_|STORE|AZURE_|NODE_ENV|REQUEST_LOG|RATE_LIMIT_)/.test(k)) env[k] = v;
  }
  return env;
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
}

beforeAll(async () => {
  requireChromium();
  // `npm run build` as infra/ deploys it: the server's JavaScript, and the tab unless it is already built
  // (the suite builds it first; rebuilding it here would pull it from under other browser suites).
  // A build newer than every source it compiles from (the rule bin/vmp.js runs dist/ by) is used as it is.
  // Type errors fail `npm test` in its own typecheck step; here only the emitted JavaScript matters, so a
  // build that reports errors but wrote a fresh dist/server/main.js is used.
  const main = path.join(ROOT, 'dist', 'server', 'main.js');
  const { newestSourceMtime } = require(path.join(ROOT, 'bin', 'vmp.js')) as { newestSourceMtime(root: string): number };
  if (!fs.existsSync(main) || fs.statSync(main).mtimeMs <= newestSourceMtime(ROOT)) {
    const started = Date.now();
    try {
      run('npm', ['run', 'build:server']);
    } catch (err) {
      if (!fs.existsSync(main) || fs.statSync(main).mtimeMs < started - 1000) throw err;
    }
  }
  if (!fs.existsSync(path.join(ROOT, 'tab', 'dist', 'index.html'))) run('npm', ['run', 'build:tab']);

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-prod-build-'));
  const dbFile = path.join(dir, 'vmp.sqlite');
  const store = new SqliteStore(dbFile);
  await saveSnapshot(store, usersOnlySnapshot(TENANT, 'Contoso Production', 4, [{ id: 'hq', name: 'HQ', source: 'places' }]), 'test');
  await store.close();

  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  jwksServer = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  issuerBase = urlOf(jwksServer);

  server = spawn('npm', ['run', 'start:production'], {
    cwd: ROOT,
    detached: true, // its own process group: npm and the node it starts stop together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...cleanEnv(),
      ...productionEnv(TENANT, {
        PORT: '0',
        HOST: '127.0.0.1',
        DB_FILE: dbFile,
        AUTH_JWKS_URL: `${issuerBase}/discovery/keys`,
        AUTH_ISSUER_TEMPLATES: `${issuerBase}/{tid}/v2.0`,
        REQUEST_LOG: 'off',
      }),
    },
  });
  server.stderr!.on('data', (d) => (output += d));
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the built server did not start:\n${output}`)), 120_000);
    server!.stdout!.on('data', (d) => {
      output += d;
      const m = /Health:\s+(http:\/\/[^\s/]+)\/healthz/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server!.once('exit', (code) => reject(new Error(`the built server exited (${code}):\n${output}`)));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}, 400_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    process.kill(-server.pid, 'SIGTERM');
    // A server that does not stop in time is killed: the suite never hangs on it.
    const timer = setTimeout(() => process.kill(-server!.pid!, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  await new Promise<void>((resolve) => (jwksServer ? jwksServer.close(() => resolve()) : resolve()));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function adminToken(): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: TENANT, oid: 'prod-admin', name: 'Pat Prod', scp: 'access_as_user', wids: [ADMIN_ROLES.teamsAdministrator] })
    .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
    .setIssuer(`${issuerBase}/${TENANT}/v2.0`)
    .setAudience(CLIENT_ID)
    .setIssuedAt(now - 60)
    .setExpirationTime(now + 3600)
    .sign(privateKey);
}

it('runs from dist/ under NODE_ENV=production and serves the built tab at /, with HSTS and no public source maps', async () => {
  expect(output).toMatch(/production mode/);
  const home = await fetch(`${base}/`);
  expect(home.status).toBe(200);
  expect(home.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  const html = await home.text();
  expect(html).toContain('<div id="root">');
  const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  // The built tab holds no map at all (the build writes them outside the served folder), and its
  // JavaScript points at none.
  const served = fs.readdirSync(path.join(ROOT, 'tab', 'dist'), { recursive: true }).map(String);
  expect(served.filter((f) => f.endsWith('.map'))).toEqual([]);
  for (const f of served.filter((name) => name.endsWith('.js'))) {
    expect(fs.readFileSync(path.join(ROOT, 'tab', 'dist', f), 'utf8')).not.toMatch(/sourceMappingURL=/);
  }
  for (const script of scripts) {
    expect((await fetch(`${base}${script}`)).status).toBe(200);
    const map = await fetch(`${base}${script}.map`);
    expect(map.status).toBe(404);
    expect(await map.text()).not.toContain('sourcesContent');
  }
  expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
  // Errors are JSON without a stack, the bot's included.
  const bot = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' }, body: '{' });
  expect(bot.status).toBe(400);
  expect(await bot.text()).not.toMatch(/node_modules|\bat \w+ \(|<html/i);
}, 60_000);

it('loads the tab in Chromium: signed out it asks to sign in; with an admin token it shows the tenant', async () => {
  const pageErrors: string[] = [];
  const signedOut = await browser!.newPage();
  signedOut.on('pageerror', (e) => pageErrors.push(e.message));
  await signedOut.goto(`${base}/`, { waitUntil: 'load' });
  await signedOut.getByText(/Sign in: this API needs an Entra access token/).first().waitFor({ state: 'visible', timeout: 60_000 });
  await signedOut.close();

  // The tab's token comes from Teams SSO; outside Teams the test hands the browser one to send.
  const context = await browser!.newContext({ extraHTTPHeaders: { Authorization: `Bearer ${await adminToken()}` } });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${base}/`, { waitUntil: 'load' });
  const tenantName = page.getByTestId('tenant-name');
  await tenantName.waitFor({ state: 'visible', timeout: 60_000 });
  expect((await tenantName.innerText()).trim()).toBe('Contoso Production');
  expect(pageErrors).toEqual([]);
  await context.close();
}, 150_000);
