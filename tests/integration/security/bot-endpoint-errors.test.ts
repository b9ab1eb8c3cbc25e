/**
 * The bot endpoint answers a client's mistakes with a 4xx JSON error naming the field, never a 500, an
 * HTML page or botbuilder's internal message: bodies that are not activities (local mode, where the
 * adapter accepts any sender), and in production missing or forged tokens.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadConfig } from '../../../shared/config/app-config';
import { startServer, type RunningServer } from '../../../server/start';
import { productionEnv } from '../../support/production';
import { startLocalServer, urlOf, type LocalServer } from '../../support/http';

const STACK = /\bat [\w$.<>]+ \(|node_modules|<html|\.ts:\d+/i;
const activity = {
  type: 'message',
  text: 'status',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  deliveryMode: 'expectReplies',
  from: { id: 'u1', aadObjectId: 'u1-oid', name: 'Ann' },
  recipient: { id: 'bot' },
  conversation: { id: 'c1', conversationType: 'personal' },
};

async function post(base: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  return { status: res.status, text: await res.text() };
}

describe('local mode', () => {
  let local: LocalServer;
  beforeAll(async () => {
    local = await startLocalServer('vmp-bot-errors-');
  });
  afterAll(() => local?.stop());

  it.each<[string, string | Buffer, Record<string, string>, number, string]>([
    ['an empty object', '{}', {}, 400, '$.type'],
    ['an array', '[]', {}, 400, '$'],
    ['an activity without a type', JSON.stringify({ ...activity, type: undefined }), {}, 400, '$.type'],
    ['a numeric type', JSON.stringify({ ...activity, type: 5 }), {}, 400, '$.type'],
    ['no serviceUrl', JSON.stringify({ ...activity, serviceUrl: undefined }), {}, 400, '$.serviceUrl'],
    ['a serviceUrl that is an object', JSON.stringify({ ...activity, serviceUrl: { a: 1 } }), {}, 400, '$.serviceUrl'],
    ['from as a string', JSON.stringify({ ...activity, from: 'u1' }), {}, 400, '$.from'],
    ['a conversation without an id', JSON.stringify({ ...activity, conversation: {} }), {}, 400, '$.conversation.id'],
    ['text as an array', JSON.stringify({ ...activity, text: ['status'] }), {}, 400, '$.text'],
    ['malformed JSON', '{"type":', {}, 400, ''],
    ['a gzip body that does not inflate', Buffer.from('1f8b0800000000000003ffffffff', 'hex'), { 'Content-Encoding': 'gzip' }, 400, ''],
    ['a body over 1 MB', JSON.stringify({ ...activity, text: 'x'.repeat(1_100_000) }), {}, 413, ''],
  ])('%s: a 4xx JSON error naming the field, no stack', async (_what, body, headers, status, field) => {
    const res = await post(local.base, body, headers);
    expect(res.status).toBe(status);
    expect(res.text).not.toMatch(STACK);
    const json = JSON.parse(res.text) as { error: { code: string; message: string } };
    expect(json.error.code).toMatch(/^(bad-input|too-large)$/);
    if (field) expect(json.error.message).toContain(field);
  });

  it('a well-formed activity is still answered, compressed or not', async () => {
    const plain = await post(local.base, JSON.stringify(activity));
    expect(plain.status).toBe(200);
    expect(JSON.parse(plain.text).activities.length).toBeGreaterThan(0);
    const gz = await post(local.base, zlib.gzipSync(JSON.stringify(activity)), { 'Content-Encoding': 'gzip' });
    expect(gz.status).toBe(200);
  });
});

describe('production mode', () => {
  let dir: string;
  let running: RunningServer;
  let base: string;
  const TENANT = 'aaaaaaaa-1111-4111-8111-111111111111';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bot-errors-prod-'));
    running = await startServer(loadConfig(productionEnv(TENANT, { PORT: '0', HOST: '127.0.0.1', DB_FILE: path.join(dir, 'vmp.sqlite') })));
    base = urlOf(running.server);
  });
  afterAll(async () => {
    await running?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('no token: 401 JSON before the adapter; a forged token: 401 JSON without the verifier\'s detail', async () => {
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const body = JSON.stringify({ ...activity, conversation: { ...activity.conversation, tenantId: TENANT } });
      const none = await post(base, body);
      expect(none.status).toBe(401);
      expect(JSON.parse(none.text)).toMatchObject({ error: { code: 'unauthenticated' } });
      expect(quiet).not.toHaveBeenCalled(); // refused without botbuilder logging a stack
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'nope', typ: 'JWT' })).toString('base64url');
      const token = (iss: string) => `Bearer ${header}.${Buffer.from(JSON.stringify({ iss, aud: 'x', exp: 4102444800 })).toString('base64url')}.c2ln`;
      const forged = await post(base, body, { Authorization: token('https://sts.example.org/') });
      expect(forged.status).toBe(401);
      expect(JSON.parse(forged.text)).toEqual({ error: { code: 'unauthenticated', message: 'The Bot Framework token was missing or not valid.' } });
      // Claiming the Bot Framework issuer makes the adapter fetch its signing keys, which this machine
      // cannot reach: a server-side failure (500), answered without the adapter's internal message.
      const unreachable = await post(base, body, { Authorization: token('https://api.botframework.com') });
      expect([401, 500]).toContain(unreachable.status);
      expect(JSON.parse(unreachable.text).error.message).toMatch(/^(The Bot Framework token was missing or not valid|Something went wrong on the server; it has been logged)\.$/);
    } finally {
      quiet.mockRestore();
    }
  });
});
