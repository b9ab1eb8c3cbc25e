/**
 * Conversations Teams will not deliver to any more: the user blocked the bot, the app was removed, the
 * conversation is gone. The connector answers 403 (with ConversationBlockedByUser, or with no code at
 * all, as observers see it in practice) or 404 ConversationNotFound; retrying cannot change that, so one
 * attempt pauses the conversation's subscription and later runs do not call Teams for it - until the
 * user writes to the bot there again, or a week has passed: then the next reminder due is tried once
 * (an admin who disabled the bot for the tenant may have enabled it again, and nobody writes to the bot
 * in a channel). Refused again, the pause starts over; delivered, the conversation is resumed. A 429 or
 * a 5xx is transient and retried next run, as before.
 *
 * End to end on a fixed clock: the real bot (TestAdapter) takes the subscriptions and the later
 * message, `notifications.run` sends through botbuilder's CloudAdapter to a local connector, over the
 * small tenant in a real SQLite file. Wave 1 (Seattle) cuts over 2026-02-12 19:00 Los Angeles
 * (2026-02-13T03:00Z): three days before is 2026-02-10T03:00Z, one day before 2026-02-12T03:00Z. Wave 2
 * (Seattle) 2026-02-19 19:00 Los Angeles: 2026-02-17T03:00Z and 2026-02-19T03:00Z. Wave 3 (Berlin)
 * 2026-02-26 19:00 Berlin: 2026-02-23T18:00Z and 2026-02-25T18:00Z.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { createCloudAdapter, createProactiveSender } from '../../../bot/proactive/proactive-sender';
import { VoiceMigrationBot, type BotCaller } from '../../../bot/voice-migration-bot';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { createHistoryService } from '../../../shared/services/history-service';
import { cutoverKey, PAUSE_RETRY_AFTER_DAYS, type NotificationSender } from '../../../shared/services/notification-service';
import { readSentRecord } from '../../../shared/services/notification-sent-records';
import { applySubscriptionRequest, listSubscriptions, type Subscription } from '../../../shared/services/subscription-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { LocalConnector } from '../../support/local-connector';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { until } from '../../support/until';

const TENANT = 'contoso';
const BLOCKED = 'a:blocked-by-user';
const BARE_403 = 'a:bare-403';
const GONE = '19:deleted@thread.tacv2';
const FLAKY = 'a:flaky';
/** A channel of a tenant whose admin disabled the bot: nobody writes to the bot there when it is enabled again. */
const DISABLED = '19:disabled-by-admin@thread.tacv2';
const PAUSED = [BLOCKED, BARE_403, GONE, DISABLED];
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
 * Returns, for each activity the bot sent, the conversation's stored pause as it was when it was sent.
 */
async function say(conversationId: string, text: string, activityTenant = TENANT): Promise<(string | undefined)[]> {
  const kind = conversationId.startsWith('19:') ? 'channel' : 'personal';
  const bot = new VoiceMigrationBot(services, async () => caller, undefined, { typingAfterMs: 60_000 });
  const pauseWhenAnswered: (string | undefined)[] = [];
  const adapter = new TestAdapter(async (context) => {
    context.onSendActivities(async (_context, activities, next) => {
      const pause = (await subscriptionOf(conversationId))?.unreachableSince;
      pauseWhenAnswered.push(...activities.map(() => pause));
      return next();
    });
    await bot.run(context);
  }, {
    channelId: 'msteams',
    serviceUrl: connector.url,
    conversation: { id: conversationId, conversationType: kind, tenantId: activityTenant, isGroup: kind !== 'personal', name: '' },
    recipient: { id: '28:voice-migration-bot', name: 'Voice Migration Planner' },
    from: { id: '29:pat', name: 'Pat Lead', aadObjectId: 'lead-1' },
  } as Partial<Activity>);
  await adapter.send({ type: ActivityTypes.Message, text } as Partial<Activity>).startTest();
  return pauseWhenAnswered;
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
  for (const id of [...PAUSED, FLAKY]) await say(id, 'remind me 3 days and 1 day before each cutover');
  expect(await listSubscriptions(services.store, TENANT)).toHaveLength(5);
}, 60_000);

afterAll(async () => {
  await services?.close();
  await connector?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a conversation Teams refuses for good', () => {
  it('is paused after one attempt (403 ConversationBlockedByUser or BotDisabledByAdmin, a bare 403, 404 ConversationNotFound); a 429 is only a failure', async () => {
    connector.refuse(BLOCKED, { status: 403, code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' });
    connector.refuse(BARE_403, { status: 403 });
    connector.refuse(GONE, { status: 404, code: 'ConversationNotFound', message: 'Conversation not found.' });
    connector.refuse(DISABLED, { status: 403, code: 'BotDisabledByAdmin', message: 'The tenant admin disabled this bot' });
    connector.refuse(FLAKY, { status: 429, code: 'Throttled' });
    at('2026-02-10T03:00:00Z');
    const result = await run();

    expect(result.sent).toEqual([]);
    expect(result.failed.map((l) => l.conversationId)).toEqual([FLAKY]);
    const paused = Object.fromEntries(result.paused.map((p) => [p.conversationId, p]));
    expect(Object.keys(paused).sort()).toEqual([...PAUSED].sort());
    expect(paused[BLOCKED]).toMatchObject({ tenantId: TENANT, kind: 'personal', since: '2026-02-10T03:00:00.000Z', gaveUp: { type: 'cutover' } });
    // Left alone for a week; then the first reminder due is tried again.
    expect(PAUSE_RETRY_AFTER_DAYS).toBe(7);
    expect(paused[BLOCKED].retryFrom).toBe('2026-02-17T03:00:00.000Z');
    expect(paused[BLOCKED].pausedBefore).toBeUndefined();
    expect(paused[BLOCKED].reason).toBe('Teams refused the message (403 ConversationBlockedByUser: User blocked the conversation with the bot.) - the user blocked the bot.');
    expect(paused[BARE_403].reason).toMatch(/^Teams refused the message \(403 with no reason given\) - the bot may not write here/);
    expect(paused[GONE].reason).toMatch(/404 ConversationNotFound: Conversation not found\.\) - the conversation no longer exists/);
    expect(paused[DISABLED]).toMatchObject({ kind: 'channel', since: '2026-02-10T03:00:00.000Z' });
    expect(paused[DISABLED].reason).toMatch(/403 BotDisabledByAdmin: .*\) - the tenant's admin disabled the bot/);
    // One attempt each: botbuilder does not retry these, neither does the run.
    for (const id of [...PAUSED, FLAKY]) expect(connector.refusedTo(id)).toHaveLength(1);

    // The pause is on the stored subscription; the reminder itself is given up, not left for a retry.
    const blocked = await subscriptionOf(BLOCKED);
    expect(blocked).toMatchObject({ unreachableSince: '2026-02-10T03:00:00.000Z', unreachableReason: paused[BLOCKED].reason });
    const record = await readSentRecord(services.store, TENANT, cutoverKey(blocked.id, { number: 1, date: '2026-02-12', time: '19:00' }, 3));
    expect(record).toMatchObject({ status: 'given-up', attempts: 1, error: paused[BLOCKED].reason });
    expect((await subscriptionOf(FLAKY)).unreachableSince).toBeUndefined();
  });

  it('a 5xx is transient too: failed, not paused, sent by the next run; the paused are not called', async () => {
    // botbuilder retries a 500 itself (a few seconds), then gives up.
    connector.refuse(FLAKY, { status: 500, code: 'ServiceError', message: 'Internal error' });
    at('2026-02-10T03:05:00Z');
    const failed = await run();
    expect(failed.failed.map((l) => [l.conversationId, l.type])).toEqual([[FLAKY, 'cutover']]);
    expect(failed.paused).toEqual([]);
    expect((await subscriptionOf(FLAKY)).unreachableSince).toBeUndefined();
    expect(failed.stillPaused.map((p) => [p.conversationId, p.since, p.retryFrom]).sort()).toEqual(
      PAUSED.map((id) => [id, '2026-02-10T03:00:00.000Z', '2026-02-17T03:00:00.000Z']).sort(),
    );

    connector.allow(FLAKY);
    at('2026-02-10T03:10:00Z');
    const retried = await run();
    expect(retried.sent.map((l) => l.conversationId)).toEqual([FLAKY]);
    expect(retried.paused).toEqual([]);
    expect(retried.stillPaused.map((p) => p.conversationId).sort()).toEqual([...PAUSED].sort());
    expect(LocalConnector.cardText(connector.to(FLAKY).at(-1)!)).toMatch(/Wave 1 cuts over in 3 days/);
    for (const id of PAUSED) expect(connector.refusedTo(id)).toHaveLength(1);
  }, 60_000);

  it('less than a week on, a new reminder falls due: nothing is tried for a paused conversation', async () => {
    at('2026-02-12T03:00:00Z');
    const next = await run();
    expect(next.sent.map((l) => l.conversationId)).toEqual([FLAKY]);
    expect(next.stillPaused.map((p) => p.conversationId).sort()).toEqual([...PAUSED].sort());
    expect(next.resumed).toEqual([]);
    for (const id of PAUSED) {
      expect(connector.refusedTo(id)).toHaveLength(1);
      expect(connector.to(id)).toEqual([]);
    }
  });

  it('a week on, the next reminder due is tried once; refused again, it is given up and the pause starts over', async () => {
    // Wave 2, three days before (2026-02-17T03:00Z): exactly seven days after the pause.
    at('2026-02-17T03:00:00Z');
    const result = await run();
    expect(result.sent.map((l) => l.conversationId)).toEqual([FLAKY]);
    expect(result.failed).toEqual([]);
    expect(result.stillPaused).toEqual([]);
    expect(result.resumed).toEqual([]);
    const paused = Object.fromEntries(result.paused.map((p) => [p.conversationId, p]));
    expect(Object.keys(paused).sort()).toEqual([...PAUSED].sort());
    for (const id of PAUSED) {
      expect(paused[id]).toMatchObject({ since: '2026-02-17T03:00:00.000Z', pausedBefore: '2026-02-10T03:00:00.000Z', retryFrom: '2026-02-24T03:00:00.000Z', gaveUp: { type: 'cutover' } });
      // One more call each, refused.
      expect(connector.refusedTo(id)).toHaveLength(2);
      expect(connector.to(id)).toEqual([]);
      const stored = await subscriptionOf(id);
      expect(stored.unreachableSince).toBe('2026-02-17T03:00:00.000Z');
      expect(stored.unreachableReason).toBe(paused[id].reason);
    }
    expect(paused[DISABLED].reason).toMatch(/BotDisabledByAdmin/);
    const disabled = await subscriptionOf(DISABLED);
    expect(await readSentRecord(services.store, TENANT, cutoverKey(disabled.id, { number: 2, date: '2026-02-19', time: '19:00' }, 3))).toMatchObject({
      status: 'given-up',
      attempts: 1,
    });
  });

  it('a message from the user in that conversation resumes it: the next due reminder is sent there, the given-up one is not', async () => {
    connector.allow(BLOCKED);
    at('2026-02-18T09:00:00Z');
    const answered = await say(BLOCKED, 'status');
    // The bot answers first (no store read before it); the pause is cleared after: waited for, not assumed.
    expect(answered.length).toBeGreaterThan(0);
    expect(answered[0]).toBe('2026-02-17T03:00:00.000Z');
    const resumed = await until(() => subscriptionOf(BLOCKED), (s) => !s.unreachableSince);
    expect(resumed.unreachableReason).toBeUndefined();
    expect(resumed.cutovers?.offsetsDays).toEqual([3, 1]);

    // Wave 2's one-day reminder (2026-02-19T03:00Z): to the resumed chat, not to those still paused (the pause renewed two days ago).
    at('2026-02-19T03:00:00Z');
    const result = await run();
    expect(result.sent.map((l) => l.conversationId).sort()).toEqual([BLOCKED, FLAKY].sort());
    expect(result.stillPaused.map((p) => p.conversationId).sort()).toEqual([BARE_403, GONE, DISABLED].sort());
    expect(connector.to(BLOCKED)).toHaveLength(1);
    expect(LocalConnector.cardText(connector.to(BLOCKED)[0])).toMatch(/Wave 2 cuts over in 1 day/);
    expect(connector.refusedTo(BARE_403)).toHaveLength(2);
  });

  it('once the admin enables the bot again, the first reminder due a week after the renewed pause is delivered and resumes the channel', async () => {
    connector.allow(DISABLED);
    // Wave 3, three days before (2026-02-23T18:00Z): less than a week after the renewal - not tried, though Teams would take it.
    at('2026-02-23T18:00:00Z');
    const early = await run();
    expect(early.sent.map((l) => l.conversationId).sort()).toEqual([BLOCKED, FLAKY].sort());
    expect(early.stillPaused.map((p) => p.conversationId).sort()).toEqual([BARE_403, GONE, DISABLED].sort());
    expect(connector.to(DISABLED)).toEqual([]);
    expect(connector.refusedTo(DISABLED)).toHaveLength(2);

    // Wave 3, one day before (2026-02-25T18:00Z): past the week. Delivered, so resumed; the other two are refused again.
    at('2026-02-25T18:00:00Z');
    const result = await run();
    expect(result.sent.map((l) => l.conversationId).sort()).toEqual([BLOCKED, DISABLED, FLAKY].sort());
    expect(result.resumed).toEqual([
      { tenantId: TENANT, conversationId: DISABLED, kind: 'channel', pausedSince: '2026-02-17T03:00:00.000Z', reason: expect.stringMatching(/BotDisabledByAdmin/) },
    ]);
    expect(result.paused.map((p) => [p.conversationId, p.pausedBefore]).sort()).toEqual(
      [BARE_403, GONE].map((id) => [id, '2026-02-17T03:00:00.000Z']).sort(),
    );
    expect(result.stillPaused).toEqual([]);
    expect(connector.to(DISABLED)).toHaveLength(1);
    expect(LocalConnector.cardText(connector.to(DISABLED)[0])).toMatch(/Wave 3 cuts over in 1 day/);
    const stored = await subscriptionOf(DISABLED);
    expect(stored.unreachableSince).toBeUndefined();
    expect(stored.unreachableReason).toBeUndefined();
    expect(stored.cutovers?.offsetsDays).toEqual([3, 1]);

    // Resumed: the next run treats it as any other conversation (nothing more is due for it).
    at('2026-02-25T18:05:00Z');
    const after = await run();
    expect(after.stillPaused.map((p) => p.conversationId).sort()).toEqual([BARE_403, GONE].sort());
    expect(after.sent).toEqual([]);
  }, 60_000);

  it("in local mode (an activity tenant the store does not know) the authoriser's tenant is the one resumed", async () => {
    expect((await subscriptionOf(GONE)).unreachableSince).toBeDefined();
    await say(GONE, 'hello', 'agents-playground-tenant');
    await until(() => subscriptionOf(GONE), (s) => !s.unreachableSince);
  });

  it('subscribing again resumes it too', async () => {
    const before = await subscriptionOf(BARE_403);
    expect(before.unreachableSince).toBeDefined();
    const after = await applySubscriptionRequest(services.store, before.conversation, { userId: 'lead-1', name: 'Pat Lead' }, { action: 'subscribe', drift: true }, clock);
    expect(after?.unreachableSince).toBeUndefined();
    expect((await subscriptionOf(BARE_403)).unreachableReason).toBeUndefined();
  });

  it('the History records each pause once (not the pause renewed by a refused retry) and each resume, with how', async () => {
    const page = await createHistoryService(services.store).list(TENANT, { kind: 'notifications.subscriptions', offset: 0, limit: 100 });
    const lines = page.items
      .filter((i) => i.action === 'reminders.pause' || i.action === 'reminders.resume')
      .reverse()
      .map((i) => `${i.actor}: ${i.title}`);
    expect(lines).toEqual([
      "notifications: Reminders paused in Pat Lead's personal chat: Teams refused them",
      "notifications: Reminders paused in Pat Lead's personal chat: Teams refused them",
      'notifications: Reminders paused in a channel: Teams refused them',
      'notifications: Reminders paused in a channel: Teams refused them',
      "Pat Lead: Reminders resumed in Pat Lead's personal chat: someone wrote to the bot there",
      'notifications: Reminders resumed in a channel: a notification run tried again and Teams delivered',
      'Pat Lead: Reminders resumed in a channel: someone wrote to the bot there',
    ]);
    // Subscribing again with other topics is the change it is (its pause cleared with it).
    expect(page.items.find((i) => i.action === 'reminders.change')?.title).toBe("Reminders changed in Pat Lead's personal chat");
    // An entry says what Teams answered.
    const blocked = page.items.find((i) => i.action === 'reminders.pause')!;
    const detail = await createHistoryService(services.store).get(TENANT, blocked.id);
    expect(detail?.facts[0]).toMatch(/^Teams answered: Teams refused the message \(/);
  });
});
