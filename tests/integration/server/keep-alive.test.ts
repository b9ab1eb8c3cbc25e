/**
 * Idle connections outlive a proxy's pool: a proxy in front (App Service's front end reuses an idle
 * connection for up to a minute) must never send a request on a connection the server is closing.
 * The server says how long it keeps one (`Keep-Alive: timeout=65`), and one idle for longer than
 * Node's default 5 s still carries the next request. stop() waits for the answers under way, then
 * closes their connections instead of keeping them for the timeout.
 */
import http from 'node:http';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../../server/start';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer | undefined;

afterEach(async () => {
  await local?.stop();
  local = undefined;
});

interface Answer {
  status: number;
  keepAlive: string | undefined;
  reusedSocket: boolean;
}

function get(agent: http.Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      const keepAlive = res.headers['keep-alive'];
      res.on('end', () => resolve({ status: res.statusCode ?? 0, keepAlive: Array.isArray(keepAlive) ? keepAlive.join(', ') : keepAlive, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('an idle connection is kept longer than a proxy pools it, and says so', async () => {
  local = await startLocalServer('vmp-keep-alive-');
  expect(KEEP_ALIVE_TIMEOUT_MS).toBeGreaterThan(60_000);
  expect(local.running.server.headersTimeout).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS);
  // One socket, so the second request can only reuse the first one's connection or open a new one.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get(agent, `${local.base}/healthz`);
    expect(first).toEqual({ status: 200, keepAlive: `timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`, reusedSocket: false });
    // Past Node's default keep-alive timeout (5 s), which closed the connection here before.
    await sleep(6_000);
    const second = await get(agent, `${local.base}/healthz`);
    expect(second).toEqual({ status: 200, keepAlive: `timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`, reusedSocket: true });
  } finally {
    agent.destroy();
  }
}, 60_000);

test('stopping the server waits for the answers under way, not for kept-alive connections', async () => {
  const server = (local = await startLocalServer('vmp-keep-alive-'));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  try {
    // One connection idle, one answering a request whose body is still coming when the server stops.
    expect((await get(agent, `${server.base}/healthz`)).status).toBe(200);
    const body = JSON.stringify({ settings: {} });
    const req = http.request(`${server.base}/api/settings/validate`, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
    });
    req.write(body.slice(0, 5));
    await sleep(300);
    const started = performance.now();
    const stopped = server.stop();
    local = undefined;
    await sleep(300);
    req.end(body.slice(5));
    // The request under way is answered, then its connection is closed instead of kept.
    expect(await answered).toBeLessThan(500);
    await stopped;
    expect(performance.now() - started).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS / 4);
  } finally {
    agent.destroy();
  }
}, 30_000);
