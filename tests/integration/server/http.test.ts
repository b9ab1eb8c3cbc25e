/**
 * The one server process over real HTTP: the express app from `startServer` in local mode, on an
 * ephemeral port, with a real SQLite file in a temp folder. Nothing is mocked.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TAB_DIST_DIR } from '../../../server/app';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;
let base: string;

beforeAll(async () => {
  local = await startLocalServer('vmp-http-');
  base = local.base;
});

afterAll(() => local?.stop());

function postJson(urlPath: string, body: unknown) {
  return fetch(`${base}${urlPath}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('local server over HTTP', () => {
  it('GET /healthz says ok and nothing else; GET /api/health gives the details to a signed-in caller', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    const health = await fetch(`${base}/api/health`);
    // Nothing about the other tenants of the deployment (how many there are).
    expect(await health.json()).toEqual({ status: 'ok', mode: 'local', store: 'sqlite' });
    // Tenant data is not cached anywhere.
    expect(health.headers.get('cache-control')).toBe('no-store');
    expect((await fetch(`${base}/api/status`)).headers.get('cache-control')).toBe('no-store');
    // Local mode is plain HTTP on loopback: no HSTS.
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('serves the built tab at / and its assets, framable only by Teams', async () => {
    // `npm test` builds the tab before jest; running this file alone needs `npm run build:tab` first.
    expect(fs.existsSync(path.join(TAB_DIST_DIR, 'index.html'))).toBe(true);
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors');
    const html = await res.text();
    expect(html).toContain('<div id="root">');
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src.startsWith('/')).toBe(true); // bundled and served by us, never a CDN
      const asset = await fetch(`${base}${src}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);
    }
    // Client-side routes fall back to the tab.
    expect((await fetch(`${base}/some/tab/route`)).status).toBe(200);
  });

  it('GET /api/status returns the demo tenant and its counts, equal to the store', async () => {
    const res = await fetch(`${base}/api/status`);
    expect(res.status).toBe(200);
    const status = await res.json();
    const tenants = await local.running.services.store.listTenants();
    expect(tenants.length).toBeGreaterThan(0);
    expect(status.tenant.name).toBeTruthy();
    expect(status.counts.users).toBeGreaterThan(0);
    expect(status.counts.sites).toBeGreaterThan(0);
    expect(status).toEqual(JSON.parse(JSON.stringify(await local.running.services.status(status.tenant.id))));
    expect(status.lastSync.at).toEqual(expect.any(String));
  });

  it('GET /api/me is the local developer identity', async () => {
    const me = await (await fetch(`${base}/api/me`)).json();
    expect(me).toMatchObject({ mode: 'local', via: 'local-dev' });
  });

  it('the bot answers "help" with an Adaptive Card listing its commands (expectReplies)', async () => {
    const res = await postJson('/api/messages', {
      type: 'message',
      id: 'activity-1',
      text: 'help',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:9/', // never called: expectReplies returns the replies in the body
      deliveryMode: 'expectReplies',
      from: { id: 'user-1', name: 'Local developer' },
      recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
      conversation: { id: 'conversation-1', conversationType: 'personal' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Array.isArray(body.activities)).toBe(true);
    const cards = body.activities.flatMap((a: { attachments?: { contentType: string; content: unknown }[] }) => a.attachments ?? []);
    const card = cards.find((a: { contentType: string }) => a.contentType === 'application/vnd.microsoft.card.adaptive');
    expect(card).toBeDefined();
    // The first topics on the card, the others under "More questions" (a card shown in place).
    const titles = (body: { type: string; facts?: { title: string }[] }[]) => body.filter((el) => el.type === 'FactSet').flatMap((el) => el.facts!.map((f) => f.title));
    const more = card.content.actions.find((a: { type: string }) => a.type === 'Action.ShowCard');
    const facts = [...titles(card.content.body), ...titles(more.card.body)];
    expect(facts).toEqual(expect.arrayContaining(['status', 'blockers', 'plan', 'help']));
  });

  it('an unknown API route is a JSON 404', async () => {
    const res = await fetch(`${base}/api/no-such-route`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(await res.json()).toMatchObject({ error: { code: 'not-found' } });
  });

  it('a malformed JSON body is a 400, not a crash', async () => {
    const api = await postJson('/api/status', '{"not json');
    expect(api.status).toBe(400);
    expect(await api.json()).toMatchObject({ error: { code: 'bad-input' } });
    const bot = await postJson('/api/messages', '{"type": "message",');
    expect(bot.status).toBe(400);
    // The server is still alive.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
