/**
 * Conversations Teams will not deliver to any more: the user blocked the bot, the app was removed, the
 * conversation is gone. The connector answers 403 (with ConversationBlockedByUser, or with no code at
 * all, as observers see it in practice) or 404 ConversationNotFound; retrying cannot change that, so one
 * attempt pauses the conversation's subscription and later runs do not call Teams for it - until the
 * user writes to the bot there again. A 429 or a 5xx is transient and retried next run, as before.
 *
 * End to end on a fixed clock: the real bot (TestAdapter) takes the subscriptions and the later
 * message, `notifications.run` sends through botbuilder's CloudAdapter to a local connector, over the
 * small tenant in a real SQLite file. Wave 1 (Seattle) cuts over 2026-02-12 19:00 Los Angeles
 * (2026-02-13T03:00Z): three days before is 2026-02-10T03:00Z, one day before 2026-02-12T03:00Z.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { createCloudAdapter, createProactiveSender } from '../../../bot/proactive/proactive-sender';
import { VoiceMigrationBot, type BotCaller } from '../../../bot/voice-migration-bot';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { cutoverKey, type NotificationSender } from '../../../shared/services/notification-service';
import { readSentRecord } from '../../../shared/services/notification-sent-records';
import { applySubscriptionRequest, listSubscriptions, type Subscription } from '../../../shared/services/subscription-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { LocalConnector } from '../../support/local-connector';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

const TENANT = 'contoso';
const BLOCKED = 'a:blocked-by-user';
const BARE_403 = 'a:bare-403';
const GONE = '19:deleted@thread.tacv2';
const FLAKY = 'a:flaky';
const caller: BotCaller = { tenantId: TENANT, userId: 'lead-1', name: 'Pat Lead', roles: [], via: 'bot', access: 'admin' };

let dir: string;
let services: AppServices;
let connector: LocalConnector;
let sender: NotificationSender;
let clock = new Date('2026-02-09T12:00:00Z');
const at = (iso: string) => (clock = new Date(iso));
const run = () => services.notifications.run(clock, sender, 'test-instance');

/**
 * One message from Pat to the real bot in that conversation (as Teams sends it, with the connector's
 * serviceUrl); `activityTenant` other than the store's plays the Agents Playground in local mode.
 */
async function say(conversationId: string, text: string, activityTenant = TENANT): Promise<void> {
  const kind = conversationId.startsWith('19:') ? 'channel' : 'personal';
  const bot = new VoiceMigrationBot(services, async () => caller, undefined, { typingAfterMs: 60_000 });
  const adapter = new TestAdapter(async (context) => bot.run(context), {
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: conversationId, conversationType: kind, tenantId: activityTenant, isGroup: kind !== 'personal', name: '' },
    recipient: { id: '28:voice-migration-bot', name: 'Voice Migration Planner' },
    from: { id: '29:pat', name: 'Pat Lead', aadObjectId: 'lead-1' },
  } as Partial<Activity>);
  await adapter.send({ type: ActivityTypes.Message, text } as Partial<Activity>).startTest();
}

async function subscriptionOf(conversationId: string): Promise<Subscription> {
  return (await listSubscriptions(services.store, TENANT)).find((s) => s.conversation.conversationId === conversationId)!;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-unreachable-'));
  const file = path.join(dir, 'vmp.sqlite');
  services = createAppServices(new SqliteStore(file), () => clock, { notifications: { defaultTimeZone: 'America/Los_Angeles' } });
  await storeSmallTenant(services.store);
  await services.plan.build(TENANT, 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
  connector = await new LocalConnector().start();
  sender = createProactiveSender(createCloudAdapter({ appType: 'MultiTenant' }), '', {});
  for (const id of [BLOCKED, BARE_403, GONE, FLAKY]) await say(id, 'remind me 3 days and 1 day before each cutover');
  expect(await listSubscriptions(services.store, TENANT)).toHaveLength(4);
}, 60_000);

afterAll(async () => {
  await services?.close();
  await connector?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a conversation Teams refuses for good', () => {
  it('is paused after one attempt (403 ConversationBlockedByUser, a bare 403, 404 ConversationNotFound); a 429 is only a failure', async () => {
    connector.refuse(BLOCKED, { status: 403, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' });
    connector.refuse(BARE_403, { status: 403 });
    connector.refuse(GONE, { status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' });
    connector.refuse(FLAKY, { status: 429, code: 'Throttled' });
    at('2026-02-10T03:00:00Z');
    const result = await run();

    expect(result.sent).toEqual([]);
    expect(result.failed.map((l) => l.conversationId)).toEqual([FLAKY]);
    const paused = Object.fromEntries(result.paused.map((p) => [p.conversationId, p]));
    expect(Object.keys(paused).sort()).toEqual([BLOCKED, BARE_403, GONE].sort());
    expect(paused[BLOCKED]).toMatchObject({ tenantId: TENANT, kind: 'personal', since: '2026-02-10T03:00:00.000Z', gaveUp: { type: 'cutover' } });
    expect(paused[BLOCKED].reason).toBe('Teams refused the message (403 ConversationBlockedByUser: User blocked the conversation with the bot.) - the user blocked the bot.');
    expect(paused[BARE_403].reason).toMatch(/^Teams refused the message \(403 with no reason given\) - the bot may not write here/);
    expect(paused[GONE].reason).toMatch(/404 ConversationNotFound: Conversation not found\.\) - the conversation no longer exists/);
    // One attempt each: botbuilder does not retry these, neither does the run.
    for (const id of [BLOCKED, BARE_403, GONE, FLAKY]) expect(connector.refusedTo(id)).toHaveLength(1);

    // The pause is on the stored subscription; the reminder itself is given up, not left for a retry.
    const blocked = await subscriptionOf(BLOCKED);
    expect(blocked).toMatchObject({ unreachableSince: '2026-02-10T03:00:00.000Z', unreachableReason: paused[BLOCKED].reason });
    const record = await readSentRecord(services.store, TENANT, cutoverKey(blocked.id, { number: 1, date: '2026-02-12', time: '19:00' }, 3));
    expect(record).toMatchObject({ status: 'given-up', attempts: 1, error: paused[BLOCKED].reason });
    expect((await subscriptionOf(FLAKY)).unreachableSince).toBeUndefined();
  });

  it('the next runs send nothing to a paused conversation and do not call Teams for it; the throttled one is retried', async () => {
    connector.allow(FLAKY);
    at('2026-02-10T03:05:00Z');
    const retried = await run();
    expect(retried.sent.map((l) => l.conversationId)).toEqual([FLAKY]);
    expect(retried.paused).toEqual([]);
    expect(retried.stillPaused.map((p) => [p.conversationId, p.since]).sort()).toEqual(
      [BLOCKED, BARE_403, GONE].map((id) => [id, '2026-02-10T03:00:00.000Z']).sort(),
    );

    // A new reminder falls due (one day before wave 1): still nothing tried for the paused three.
    at('2026-02-12T03:00:00Z');
    const next = await run();
    expect(next.sent.map((l) => l.conversationId)).toEqual([FLAKY]);
    for (const id of [BLOCKED, BARE_403, GONE]) {
      expect(connector.refusedTo(id)).toHaveLength(1);
      expect(connector.to(id)).toEqual([]);
    }
  });

  it('a 5xx is transient too: failed, not paused, sent by the next run', async () => {
    // Wave 2 three days before: 2026-02-17T03:00Z. botbuilder retries a 500 itself (a few seconds), then gives up.
    connector.refuse(FLAKY, { status: 500, code: 'ServiceError', message: 'Internal error' });
    at('2026-02-17T03:00:00Z');
    const failed = await run();
    expect(failed.failed.map((l) => [l.conversationId, l.type])).toEqual([[FLAKY, 'cutover']]);
    expect(failed.paused).toEqual([]);
    expect((await subscriptionOf(FLAKY)).unreachableSince).toBeUndefined();
    connector.allow(FLAKY);
    at('2026-02-17T03:05:00Z');
    const retried = await run();
    expect(retried.sent.map((l) => l.conversationId)).toEqual([FLAKY]);
    expect(LocalConnector.cardText(connector.to(FLAKY).at(-1)!)).toMatch(/Wave 2 cuts over in 3 days/);
  }, 60_000);

  it('a message from the user in that conversation resumes it: the next due reminder is sent there, the given-up one is not', async () => {
    connector.allow(BLOCKED);
    at('2026-02-18T09:00:00Z');
    await say(BLOCKED, 'status');
    const resumed = await subscriptionOf(BLOCKED);
    expect(resumed.unreachableSince).toBeUndefined();
    expect(resumed.unreachableReason).toBeUndefined();
    expect(resumed.cutovers?.offsetsDays).toEqual([3, 1]);

    // Wave 2's one-day reminder (2026-02-19T03:00Z): to the resumed chat, not to the two still paused.
    at('2026-02-19T03:00:00Z');
    const result = await run();
    expect(result.sent.map((l) => l.conversationId).sort()).toEqual([BLOCKED, FLAKY].sort());
    expect(result.stillPaused.map((p) => p.conversationId).sort()).toEqual([BARE_403, GONE].sort());
    expect(connector.to(BLOCKED)).toHaveLength(1);
    expect(LocalConnector.cardText(connector.to(BLOCKED)[0])).toMatch(/Wave 2 cuts over in 1 day/);
    expect(connector.refusedTo(BARE_403)).toHaveLength(1);
  });

  it("in local mode (an activity tenant the store does not know) the authoriser's tenant is the one resumed", async () => {
    expect((await subscriptionOf(GONE)).unreachableSince).toBeDefined();
    await say(GONE, 'hello', 'agents-playground-tenant');
    expect((await subscriptionOf(GONE)).unreachableSince).toBeUndefined();
  });

  it('subscribing again resumes it too', async () => {
    const before = await subscriptionOf(BARE_403);
    expect(before.unreachableSince).toBeDefined();
    const after = await applySubscriptionRequest(services.store, before.conversation, { userId: 'lead-1', name: 'Pat Lead' }, { action: 'subscribe', drift: true }, clock);
    expect(after?.unreachableSince).toBeUndefined();
    expect((await subscriptionOf(BARE_403)).unreachableReason).toBeUndefined();
  });
});
