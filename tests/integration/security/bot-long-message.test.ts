/**
 * A message far longer than any question is answered with one sentence without being read: reading
 * the intent of a 28,000-character message (about the most Teams carries) took hundreds of
 * milliseconds of the event loop, before the sender was even authorised. A question of ordinary length
 * is answered as before.
 */
import { MAX_MESSAGE_CHARS, TOO_LONG_ANSWER } from '../../../bot/bot-endpoint';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-bot-long-');
}, 120_000);

afterAll(async () => local?.stop());

const activity = (text: string) => ({
  id: `a-${Math.random().toString(36).slice(2)}`,
  type: 'message',
  text,
  deliveryMode: 'expectReplies',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/', // never called: the answers travel in the HTTP response
  from: { id: 'user-1', name: 'Local developer' },
  recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
  conversation: { id: 'conversation-1', conversationType: 'personal' },
  locale: 'en-US',
});

async function ask(text: string): Promise<{ status: number; texts: string[]; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${local.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(activity(text)) });
  const json = (await res.json()) as { activities?: { text?: string }[] };
  return { status: res.status, texts: (json.activities ?? []).map((a) => a.text ?? ''), ms: performance.now() - started };
}

it.each([
  ['a repeated word', 'show '.repeat(5600)],
  ['one word too many', `${'a'.repeat(MAX_MESSAGE_CHARS)} b`],
])('%s past the limit is answered with one sentence, unread', async (_label, text) => {
  const { status, texts } = await ask(text);
  expect(status).toBe(200);
  expect(texts).toEqual([TOO_LONG_ANSWER]);
}, 30_000);

it('a question of ordinary length is answered as before', async () => {
  const { status, texts } = await ask('help');
  expect(status).toBe(200);
  expect(texts.join(' ')).not.toContain(TOO_LONG_ANSWER);
  expect(texts.length).toBeGreaterThan(0);
}, 30_000);
