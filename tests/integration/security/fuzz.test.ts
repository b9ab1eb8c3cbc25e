/**
 * Fuzz: at least 2,000 generated requests (one seed, so a failure replays) against the local-mode server
 * over the seeded demo tenant, across every /api route (read off the router itself, so a new route is
 * fuzzed the day it lands), the bot at /api/messages, /healthz and the tab: malformed JSON, wrong types,
 * huge, compressed and bomb bodies, odd encodings and charsets, traversal strings, unicode, odd headers.
 * No answer may be a 5xx or show a stack, and the server answers normally afterwards.
 */
import zlib from 'node:zlib';
import type { Router } from 'express';
import { createApiRouter } from '../../../tab/api/router';
import { startLocalServer, type LocalServer } from '../../support/http';

const SEED = 0x5eed13;
const REQUESTS = 2_100;
const CONCURRENCY = 6;

let local: LocalServer;

beforeAll(async () => {
  // Rate limits off: the fuzz is one identity at full speed, and every request should reach its route.
  local = await startLocalServer('vmp-fuzz-', { RATE_LIMIT_USER_PER_SECOND: '0', RATE_LIMIT_TENANT_PER_SECOND: '0' });
}, 120_000);

afterAll(() => local?.stop());

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RouteSpec {
  method: string;
  path: string;
}

/** Every route the API router declares, as Express holds them (`/plan/waves/:n/members`...). */
function apiRoutes(): RouteSpec[] {
  const router = createApiRouter(local.running.services, local.config) as Router & { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  const routes: RouteSpec[] = [];
  for (const layer of router.stack) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) routes.push({ method: method.toUpperCase(), path: `/api${layer.route.path}` });
  }
  return routes;
}

const TEXTS = [
  '',
  ' ',
  '../../../../etc/passwd',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2f',
  '....//....//',
  '\u0000',
  '%00',
  '%',
  '%E0%A4%A',
  'C:\\Windows\\System32',
  '<script>alert(1)</script>',
  '=HYPERLINK("https://evil.example")',
  '[Sign in](https://evil.example/login)',
  "'; DROP TABLE records; --",
  '$(Remove-Item -Recurse C:\\)',
  'Zoë Ωmega 東京 مرحبا 🙂',
  '\u202e\u200b\ufeff',
  '\ud800',
  'a'.repeat(5000),
  '-1',
  '0',
  '1e309',
  'NaN',
  '9007199254740993',
  'true',
  'null',
  '{}',
  '[]',
  '__proto__',
  'constructor',
  'aaaaaaaa-1111-4111-8111-111111111111',
];

const VALUES: unknown[] = [null, true, false, 0, -1, 1.5, 1e308, -0, '', 'x', [], {}, [null], [1, 'a'], { a: { b: { c: [] } } }, '🙂'.repeat(100), { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }];

const BODY_KEYS = ['settings', 'expectedVersion', 'rules', 'apply', 'linesCsv', 'blocksCsv', 'full', 'text', 'type', 'tenantId', 'name', 'kind', 'id', 'patch', 'items', 'decisions', 'sites', 'waves'];

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  what: string;
}

/** 20 MB of spaces in 20 kB: inflates past the 5 MB limit. */
const gzipBomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));

function generator(routes: RouteSpec[]) {
  const rnd = prng(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const chance = (p: number) => rnd() < p;
  const text = () => pick(TEXTS);
  /** Percent-encoded, or raw but for what would end the path; a lone surrogate goes as its raw UTF-8 bytes. */
  const enc = (s: string) => {
    if (/[\ud800-\udfff]/.test(s)) return '%ED%A0%80';
    return chance(0.5) ? encodeURIComponent(s) : s.replace(/[#?\s&=]/g, encodeURIComponent);
  };

  function randomValue(depth = 0): unknown {
    if (depth > 2 || chance(0.4)) return chance(0.5) ? pick(VALUES) : text();
    if (chance(0.5)) return Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 4); i > 0; i--) o[chance(0.7) ? pick(BODY_KEYS) : text()] = randomValue(depth + 1);
    return o;
  }

  function jsonBody(): { body: Buffer | string; headers: Record<string, string>; what: string } {
    const json = { 'Content-Type': 'application/json' };
    const r = rnd();
    if (r < 0.25) return { body: JSON.stringify(randomValue()), headers: json, what: 'random JSON' };
    if (r < 0.4) return { body: pick(['{', '{"a":', '[1,2', '{"a":1}}', "{'a':1}", 'undefined', '\u0000', '{"a":"\\ud800"}', 'nul']), headers: json, what: 'malformed JSON' };
    if (r < 0.47) return { body: `${'['.repeat(5000)}${']'.repeat(5000)}`, headers: json, what: 'deep nesting' };
    if (r < 0.485) return { body: JSON.stringify({ linesCsv: 'x'.repeat(5.5 * 1024 * 1024) }), headers: json, what: 'over 5 MB' };
    if (r < 0.5) return { body: JSON.stringify({ linesCsv: 'Jane Roe,+1 206 555 0100\n'.repeat(20_000) }), headers: json, what: 'large CSV text' };
    if (r < 0.58) return { body: zlib.gzipSync(JSON.stringify(randomValue())), headers: { ...json, 'Content-Encoding': 'gzip' }, what: 'gzip JSON' };
    if (r < 0.6) return { body: gzipBomb, headers: { ...json, 'Content-Encoding': 'gzip' }, what: 'gzip bomb' };
    if (r < 0.62) return { body: zlib.gzipSync(JSON.stringify({ text: 'Zoë 東京 🙂' })), headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'GZIP' }, what: 'gzip, upper-case name' };
    if (r < 0.66) return { body: Buffer.from('1f8b0800000000000003ffffffff', 'hex'), headers: { ...json, 'Content-Encoding': 'gzip' }, what: 'bad gzip' };
    if (r < 0.7) return { body: zlib.brotliCompressSync('{}'), headers: { ...json, 'Content-Encoding': pick(['br', 'compress', 'zstd', 'gzip, br', 'identity, gzip']) }, what: 'odd encoding' };
    if (r < 0.73) return { body: zlib.deflateSync('{"full":true}'), headers: { ...json, 'Content-Encoding': 'deflate' }, what: 'deflate' };
    if (r < 0.8) {
      const type = pick(['application/json; charset=latin1', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset="utf-8"; x=y', '']);
      return { body: pick(['{}', 'a=1&b=2', '--x\r\n\r\n--x--', '<a/>', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]).toString('latin1')]), headers: type ? { 'Content-Type': type } : {}, what: `content type ${type || '(none)'}` };
    }
    if (r < 0.85) return { body: Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x7b, 0x7d]), headers: json, what: 'invalid UTF-8' };
    return { body: JSON.stringify(Object.fromEntries(BODY_KEYS.map((k) => [k, randomValue()]))), headers: json, what: 'every key, wrong types' };
  }

  function query(): string {
    if (chance(0.3)) return '';
    const parts: string[] = [];
    for (let i = 1 + Math.floor(rnd() * 3); i > 0; i--) {
      const name = pick(['limit', 'offset', 'q', 'siteId', 'wave', 'state', 'severity', 'type', 'wait', 'number', 'date', 'cursor', 'sort', 'path', 'tenant', text()]);
      const bracket = chance(0.1) ? pick(['[]', '[$ne]', '[0]', '[__proto__]']) : '';
      parts.push(`${enc(name)}${bracket}=${enc(text())}`);
    }
    return `?${parts.join('&')}`;
  }

  function fillPath(path: string): string {
    return path.replace(/:(\w+)/g, () => (chance(0.2) ? pick(['1', '0', '-1', 'x']) : enc(text()) || 'x'));
  }

  function activity(): unknown {
    const base = {
      type: 'message',
      text: text(),
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/',
      deliveryMode: 'expectReplies',
      from: { id: 'fuzz-user', aadObjectId: 'fuzz-oid', name: text() },
      recipient: { id: 'bot' },
      conversation: { id: 'c', conversationType: 'personal' },
    };
    const r = rnd();
    if (r < 0.3) return base;
    if (r < 0.5) return { ...base, type: pick(['invoke', 'conversationUpdate', 'messageReaction', 'typing', '', 'nope', 5, null]), value: randomValue() };
    // Any field but the two that make the bot answer in the response body: outbound calls are not fuzzed here.
    if (r < 0.7) return { ...base, [pick(Object.keys(base).filter((k) => k !== 'serviceUrl' && k !== 'deliveryMode'))]: randomValue() };
    if (r < 0.8) return {};
    if (r < 0.9) return { type: 'message' };
    return randomValue();
  }

  return function next(i: number): FuzzRequest {
    const r = rnd();
    if (r < 0.12) {
      const b = chance(0.7) ? { body: JSON.stringify(activity()), headers: { 'Content-Type': 'application/json' }, what: 'bot activity' } : jsonBody();
      if (chance(0.05)) return { method: pick(['GET', 'HEAD']), url: '/api/messages', headers: {}, what: 'bot: no POST' };
      return { method: chance(0.95) ? 'POST' : pick(['PUT', 'DELETE']), url: '/api/messages', ...b, what: `bot: ${b.what}` };
    }
    if (r < 0.16) {
      const path = pick(['/', '/healthz', '/index.html', '/assets/../../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/%00.js', '/x.js.map', `/${enc(text())}`, '/api', '/api/', `/api/${enc(text())}`]);
      return { method: pick(['GET', 'HEAD', 'POST', 'OPTIONS']), url: path, headers: {}, what: 'static or unknown path' };
    }
    const route = pick(routes);
    const method = chance(0.85) ? route.method : pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD']);
    const headers: Record<string, string> = {};
    if (chance(0.1)) headers['If-Match'] = pick(['"1"', '*', 'W/"x"', '"-1"', text().replace(/[^\x20-\x7e]/g, '?')]);
    if (chance(0.06)) headers['X-Tenant-Id'] = text().replace(/[^\x20-\x7e]/g, '?');
    if (chance(0.05)) headers['Accept-Encoding'] = pick(['br', 'gzip;q=0', '*', 'identity;q=0', 'x'.repeat(500)]);
    if (chance(0.05)) headers['X-Request-Id'] = text().replace(/[^\x20-\x7e]/g, '?');
    let body: Buffer | string | undefined;
    let what = `${method} ${route.path}`;
    if (method !== 'GET' && method !== 'HEAD' && chance(0.9)) {
      const b = jsonBody();
      body = b.body;
      Object.assign(headers, b.headers);
      what += ` with ${b.what}`;
    }
    return { method, url: `${fillPath(route.path)}${query()}`, headers, body, what: `#${i} ${what}` };
  };
}

/** A stack or an installed path in an answer: what a client must never see. */
const STACK = /\bat [\w$.<>]+ \(|\bat (?:async )?\/|node_modules|\.ts:\d+|\.js:\d+:\d+/;

test(`${REQUESTS} fuzzed requests: no 5xx, no stack, and the server still answers`, async () => {
  const routes = apiRoutes();
  expect(routes.length).toBeGreaterThan(25);
  const next = generator(routes);
  const requests = Array.from({ length: REQUESTS }, (_, i) => next(i));
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let cursor = 0;
  const started = Date.now();
  async function client(): Promise<void> {
    while (cursor < requests.length) {
      const r = requests[cursor++];
      let status: number;
      let text: string;
      try {
        const res = await fetch(`${local.base}${r.url}`, { method: r.method, headers: r.headers, body: typeof r.body === 'string' || r.body === undefined ? r.body : new Uint8Array(r.body), redirect: 'manual', signal: AbortSignal.timeout(20_000) });
        status = res.status;
        text = await res.text();
      } catch (err) {
        failures.push(`${r.what} ${r.url.slice(0, 120)}: no answer (${(err as Error).message})`);
        continue;
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) failures.push(`${r.what} ${r.url.slice(0, 120)}: ${status} ${text.slice(0, 200)}`);
      else if (STACK.test(text) && !r.url.startsWith('/assets') && !/\.js(\?|$)/.test(r.url)) failures.push(`${r.what} ${r.url.slice(0, 120)}: stack in a ${status}: ${text.slice(0, 200)}`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (Date.now() - started) / 1000;
  // The figures for the notes: how many answers of each status, and how long the run took.
  console.log(`fuzz: ${REQUESTS} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
  expect(failures.slice(0, 20)).toEqual([]);
  // Alive and well: liveness, an authenticated read, and a normal write path.
  expect((await fetch(`${local.base}/healthz`)).status).toBe(200);
  const me = await fetch(`${local.base}/api/me`);
  expect(me.status).toBe(200);
  expect(((await me.json()) as { tenantId: string }).tenantId).toBe(local.config.demo.tenantId);
  expect((await fetch(`${local.base}/api/status`)).status).toBe(200);
}, 120_000);
