/**
 * Every answer carries an X-Request-Id (the caller's when well formed); every refused request writes one
 * JSON line - time, id, method, path, query names, status, code, tenant - and nothing a caller sent as
 * data (query values, bodies, headers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_TENANT_ID, loadConfig } from '../../../shared/config/app-config';
import { startServer, type RunningServer } from '../../../server/start';
import { urlOf } from '../../support/http';
import type { RefusedRequestLine } from '../../../tab/api/request-log';

let dir: string;
let running: RunningServer;
let base: string;
const lines: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-request-log-'));
  const config = loadConfig({ APP_MODE: 'local', PORT: '0', DB_FILE: path.join(dir, 'vmp.sqlite'), REQUEST_LOG: 'json', RATE_LIMIT_USER_BURST: '20', RATE_LIMIT_USER_PER_SECOND: '1' });
  running = await startServer(config, { writeRequestLog: (line) => lines.push(line) });
  base = urlOf(running.server);
});

afterAll(async () => {
  await running?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const parsed = () => lines.map((l) => JSON.parse(l) as RefusedRequestLine);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Waits for the log to hold `n` lines: a line is written when its answer has been handed to the socket. */
async function linesReach(n: number): Promise<void> {
  for (const deadline = Date.now() + 5000; lines.length < n && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 5));
  expect(lines).toHaveLength(n);
}

beforeEach(() => {
  lines.length = 0;
});

it('a refused request writes one line with its id, path and query names - never the query values', async () => {
  const res = await fetch(`${base}/api/no-such-route?customer=Contoso%20Secret&token=abc123`);
  expect(res.status).toBe(404);
  const id = res.headers.get('x-request-id')!;
  expect(id).toMatch(UUID);
  await linesReach(1);
  expect(parsed()[0]).toEqual({
    time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    requestId: id,
    method: 'GET',
    path: '/api/no-such-route',
    query: ['customer', 'token'],
    status: 404,
    code: 'not-found',
    tenant: DEMO_TENANT_ID,
  });
  expect(lines[0]).not.toMatch(/Contoso|Secret|abc123/);
});

it('a bad body is logged with its code and without the body; no stack anywhere', async () => {
  const res = await fetch(`${base}/api/pbx/import`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"linesCsv": "Jane Roe,+1 206 555 0100' });
  expect(res.status).toBe(400);
  await linesReach(1);
  expect(parsed()[0]).toMatchObject({ method: 'POST', path: '/api/pbx/import', status: 400, code: 'bad-input' });
  // Fragments of the body that a random request id or timestamp cannot hold (one held "206" by chance).
  expect(lines[0]).not.toMatch(/Jane|\+1 206|555 0100|at \w/);
});

it('answers that succeed write nothing; each refused one writes exactly one line', async () => {
  for (let i = 0; i < 3; i++) expect((await fetch(`${base}/api/me`)).status).toBe(200);
  for (let i = 0; i < 4; i++) expect((await fetch(`${base}/api/jobs/nope-${i}`)).status).toBe(404);
  await linesReach(4);
  // Give stray lines a moment to show up: there must be none.
  await new Promise((r) => setTimeout(r, 100));
  expect(lines).toHaveLength(4);
  expect(parsed().map((l) => l.path)).toEqual([0, 1, 2, 3].map((i) => `/api/jobs/nope-${i}`));
});

it('a well-formed X-Request-Id is kept; anything else is replaced by a fresh id', async () => {
  const kept = await fetch(`${base}/api/me`, { headers: { 'X-Request-Id': 'client-42.a_b:c' } });
  expect(kept.headers.get('x-request-id')).toBe('client-42.a_b:c');
  for (const bad of ['has space', 'x'.repeat(101), '"quoted"', '-leading-dash', 'a/b']) {
    const res = await fetch(`${base}/healthz`, { headers: { 'X-Request-Id': bad } });
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  }
  // The static tab and /healthz carry one too.
  expect((await fetch(`${base}/healthz`)).headers.get('x-request-id')).toMatch(UUID);
});

it("a bot turn refused by the rate limit is logged with the turn's tenant and code", async () => {
  const activity = {
    type: 'message',
    text: 'help',
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    from: { id: 'log-bot-user', aadObjectId: 'log-bot-oid' },
    recipient: { id: 'bot' },
    conversation: { id: 'c', conversationType: 'personal' },
  };
  let refused = 0;
  for (let i = 0; i < 25 && refused === 0; i++) {
    const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity) });
    await res.arrayBuffer();
    if (res.status === 429) refused++;
  }
  expect(refused).toBe(1);
  await linesReach(1);
  expect(parsed()[0]).toMatchObject({ method: 'POST', path: '/api/messages', status: 429, code: 'rate-limited', tenant: DEMO_TENANT_ID });
});
