/**
 * The bot through the real server in local mode (the demo tenant seeded), over HTTP as Teams calls it:
 * a question with `deliveryMode: expectReplies` answered in the response body, and a card button
 * (an `adaptiveCard/action` invoke) answered with the replacement card - both valid Adaptive Cards 1.5.
 */
import { expectValidAdaptiveCard } from '../../support/adaptive-card-schema';
import { startLocalServer, type LocalServer } from '../../support/http';

let local: LocalServer;

beforeAll(async () => {
  local = await startLocalServer('vmp-bot-http-');
}, 120_000);

afterAll(async () => local?.stop());

const activity = (extra: Record<string, unknown>) => ({
  id: `a-${Math.random().toString(36).slice(2)}`,
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/', // never called: the answers travel in the HTTP response
  from: { id: 'user-1', name: 'Local developer' },
  recipient: { id: 'bot-1', name: 'Voice Migration Planner' },
  conversation: { id: 'conversation-1', conversationType: 'personal' },
  locale: 'en-US',
  ...extra,
});

async function post(body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${local.base}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

it('answers a question in words with a card, in the response body', async () => {
  const { status, json } = await post(activity({ type: 'message', text: 'How is the migration going?', deliveryMode: 'expectReplies' }));
  expect(status).toBe(200);
  const cards = json.activities.flatMap((a: { attachments?: { contentType: string; content: unknown }[] }) => a.attachments ?? []);
  expect(cards).toHaveLength(1);
  expectValidAdaptiveCard(cards[0].content);
  expect(JSON.stringify(cards[0].content)).toContain('Migration status:');
}, 30_000);

it('a card button (Action.Execute) is answered with the card that replaces it', async () => {
  const { status, json } = await post(
    activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', id: 'b', verb: 'vmp.ask', data: { text: 'help' } }, trigger: 'manual' } }),
  );
  expect(status).toBe(200);
  expect(json).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  expectValidAdaptiveCard(json.value);
  expect(JSON.stringify(json.value)).toContain('Voice Migration Planner');
  const bad = await post(activity({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', id: 'b', verb: 'delete.everything', data: {} }, trigger: 'manual' } }));
  expect(bad.json).toMatchObject({ statusCode: 400 });
}, 30_000);
