/**
 * The bytes of large request bodies received at once: a user's third 5 MB body is refused with 429
 * before any of it is read, and the budget comes back when a body's request ends or is abandoned.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../shared/config/app-config';
import { startServer, type RunningServer } from '../../../server/start';
import { BodyBudget, DEFAULT_BODY_BUDGET } from '../../../tab/api/body-budget';
import { urlOf } from '../../support/http';
import { until } from '../../support/until';

describe('the body budget', () => {
  it('reserves per user, per tenant and in all, and gives back what a request reserved', () => {
    const budget = new BodyBudget({ userBytes: 10, tenantBytes: 15, totalBytes: 20, bodyTimeoutMs: 1000 });
    expect(budget.reserve('ann', 't1', 6)).toBeUndefined();
    expect(budget.reserve('ann', 't1', 6)).toBe('user');
    expect(budget.reserve('bob', 't1', 6)).toBeUndefined();
    expect(budget.reserve('cy', 't1', 6)).toBe('tenant');
    expect(budget.reserve('dan', 't2', 6)).toBeUndefined();
    expect(budget.reserve('eve', 't3', 6)).toBe('total');
    budget.release('ann', 't1', 6);
    expect(budget.reserve('eve', 't3', 6)).toBeUndefined();
    expect(budget.inFlight).toBe(18);
  });
});

describe('over HTTP (local mode)', () => {
  // Bodies may take 10 s to arrive here (two minutes by default): well past what the other cases hold a
  // body for on a busy machine, short enough to wait for.
  const budget = new BodyBudget({ ...DEFAULT_BODY_BUDGET, bodyTimeoutMs: 10_000 });
  let dir: string;
  let running: RunningServer;
  let base: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-body-budget-'));
    running = await startServer(loadConfig({ APP_MODE: 'local', PORT: '0', DB_FILE: path.join(dir, 'vmp.sqlite') }), { bodyBudget: budget });
    base = urlOf(running.server);
  });
  afterAll(async () => {
    await running?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A POST that declares `length` bytes of JSON and sends only its first bytes: it holds its reservation. */
  function heldUpload(length: number, headers: Record<string, string> = {}): { request: http.ClientRequest; answer: Promise<number> } {
    const url = new URL(`${base}/api/pbx/import`);
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(length), ...headers },
    });
    const answer = new Promise<number>((resolve) => {
      request.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      request.on('error', () => resolve(-1));
    });
    request.write('{"linesCsv":"');
    return { request, answer };
  }

  it("refuses a user's third large body at once, and takes one again once an earlier one is abandoned", async () => {
    const big = 5 * 1024 * 1024 - 1024;
    const first = heldUpload(big);
    const second = heldUpload(big);
    // Both are being read: the server has reserved their bytes (it answers neither yet).
    await until(() => budget.inFlight, (n) => n === 2 * big);
    const third = heldUpload(big);
    expect(await third.answer).toBe(429);
    third.request.destroy();

    first.request.destroy();
    expect(await first.answer).toBe(-1);
    // The abandoned body's bytes are back once the server sees its connection close.
    await until(() => budget.inFlight, (n) => n === big);
    // A large upload of the same user is read and answered (whatever the import makes of it: not 429).
    const body = JSON.stringify({ linesCsv: `extension,did,upn\n${'1001,,\n'.repeat(20_000)}` });
    const res = await fetch(`${base}/api/pbx/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    expect(res.status).not.toBe(429);
    expect(budget.inFlight).toBe(big);
    second.request.destroy();
    await until(() => budget.inFlight, (n) => n === 0);
  });

  it('drops a body that has not arrived by the deadline (408) and gives its reservation back', async () => {
    const slow = heldUpload(1024 * 1024);
    await until(() => budget.inFlight, (n) => n === 1024 * 1024);
    // A client that stalls does not hold its share of the budget until the server's request timeout.
    expect([408, -1]).toContain(await slow.answer);
    await until(() => budget.inFlight, (n) => n === 0);
    slow.request.destroy();
  }, 30_000);

  it('counts a compressed body as the size it may inflate to, not its few bytes on the wire', async () => {
    // 5 KB of gzip can inflate to the parser's 5 MB: two of them are a user's whole budget.
    const gzip = { 'content-encoding': 'gzip' };
    const first = heldUpload(5_000, gzip);
    const second = heldUpload(5_000, gzip);
    await until(() => budget.inFlight, (n) => n === 2 * 5 * 1024 * 1024);
    const third = heldUpload(5_000, gzip);
    expect(await third.answer).toBe(429);
    for (const r of [first, second, third]) r.request.destroy();
    await until(() => budget.inFlight, (n) => n === 0);
  });
});
