/**
 * Proactive messages end to end on a fixed clock: a channel and a personal chat subscribe by typing to
 * the bot (botbuilder TestAdapter, Teams conversation data), then `notifications.run` sends through
 * botbuilder's CloudAdapter to a local connector endpoint (the stored serviceUrl), over the small
 * two-site tenant in a real SQLite file. Seattle (US, several zones) takes the tenant default zone,
 * America/Los_Angeles; Berlin (DE) takes Europe/Berlin. The plan: wave 1 Seattle 2026-02-12 19:00,
 * wave 2 Seattle 2026-02-19 19:00, wave 3 Berlin 2026-02-26 19:00 with an upload order due 2026-02-23.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { handleSubscriptionText } from '../../../bot/proactive/subscription-handler';
import { createCloudAdapter, createProactiveSender } from '../../../bot/proactive/proactive-sender';
import { VoiceMigrationBot } from '../../../bot/voice-migration-bot';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import type { Caller } from '../../../shared/services/caller';
import { migrationStatusForSnapshot } from '../../../shared/services/migration-status-read-model';
import type { NotificationSender } from '../../../shared/services/notification-service';
import { snapshotChanges } from '../../../shared/services/snapshot-repository';
import { listSubscriptions } from '../../../shared/services/subscription-service';
import { zonedInstant } from '../../../shared/services/notification-time';
import { addDays } from '../../../shared/domain/planning/plan-dates';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { LocalConnector } from '../../support/local-connector';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';
import { smallTenantInputs } from '../../unit/planning/support/small-tenant';

const TENANT = 'contoso';
const CHANNEL = '19:general@thread.tacv2';
const PERSONAL = 'a:personal-chat-1';
const caller: Caller = { tenantId: TENANT, userId: 'lead-1', name: 'Pat Lead', roles: [], via: 'bot' };
const notificationOptions = { defaultTimeZone: 'America/Los_Angeles' };

let dir: string;
let file: string;
let services: AppServices;
let connector: LocalConnector;
let sender: NotificationSender;
let clock = new Date('2026-02-05T12:00:00Z');
const at = (iso: string) => (clock = new Date(iso));

function open(): AppServices {
  return createAppServices(new SqliteStore(file), () => clock, { notifications: notificationOptions });
}

/** A TestAdapter conversation whose activities carry the connector's serviceUrl, as Teams' would. */
function conversation(id: string, conversationType: 'channel' | 'personal') {
  return new TestAdapter(
    async (context) => {
      await handleSubscriptionText(context, services, caller, context.activity.text ?? '');
    },
    {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id, conversationType, tenantId: TENANT, isGroup: conversationType !== 'personal', name: '' },
      recipient: { id: '28:voice-migration-bot', name: 'Voice Migration Planner' },
      from: { id: '29:pat', name: 'Pat Lead', aadObjectId: 'lead-1' },
    } as Partial<Activity>,
  );
}

async function say(id: string, kind: 'channel' | 'personal', text: string): Promise<string> {
  let reply = '';
  await conversation(id, kind)
    .send(text)
    .assertReply((a) => {
      reply = JSON.stringify(a.attachments?.[0]?.content ?? a.text);
    });
  return reply;
}

const run = (s: AppServices = services) => s.notifications.run(clock, sender, 'test-instance');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-proactive-'));
  file = path.join(dir, 'vmp.sqlite');
  const store = new SqliteStore(file);
  await storeSmallTenant(store);
  await store.close();
  services = open();
  await services.plan.build(TENANT, 'test', { today: '2026-02-02', expectedSettingsVersion: null, settings: smallTenantSettingsFile() });
  connector = await new LocalConnector().start();
  sender = createProactiveSender(createCloudAdapter({ appType: 'MultiTenant' }), '', {});
}, 60_000);

afterAll(async () => {
  await services.close();
  await connector.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('proactive reminders', () => {
  it('a channel subscribes to cutover reminders by asking; the conversation reference is stored under the tenant', async () => {
    at('2026-02-05T12:00:00Z');
    expect(await say(CHANNEL, 'channel', 'What am I subscribed to?')).toMatch(/no reminders yet/);
    expect(await say(CHANNEL, 'channel', 'Remind me 3 days and 1 day before each cutover!')).toMatch(/cutover reminders 3 days and 1 day before each wave/);
    const [sub] = await listSubscriptions(services.store, TENANT);
    expect(sub.conversation).toMatchObject({ serviceUrl: connector.url, conversationId: CHANNEL, kind: 'channel', tenantId: TENANT, botId: '28:voice-migration-bot' });
    expect(sub.cutovers).toEqual({ offsetsDays: [3, 1], since: '2026-02-05T12:00:00.000Z' });
    expect(sub.subscribedBy).toEqual({ userId: 'lead-1', name: 'Pat Lead' });
    expect(await say(CHANNEL, 'channel', 'what am i subscribed to')).toMatch(/This channel will hear from me about/);
  });

  it('is never early and sent once: wave 1 (Seattle, 19:00 Los Angeles) three days before', async () => {
    // 2026-02-12 19:00 PST = 2026-02-13T03:00Z; three days before: 2026-02-10T03:00Z.
    at('2026-02-10T02:59:00Z');
    expect((await run()).sent).toEqual([]);
    at('2026-02-10T03:00:00Z');
    const result = await run();
    expect(result.sent).toHaveLength(1);
    expect(result.sent[0]).toMatchObject({ type: 'cutover', conversationId: CHANNEL, kind: 'channel' });
    at('2026-02-10T03:05:00Z');
    expect((await run()).sent).toEqual([]);
    const posts = connector.to(CHANNEL);
    expect(posts).toHaveLength(1);
    const text = LocalConnector.cardText(posts[0]);
    expect(text).toMatch(/Wave 1 cuts over in 3 days/);
    expect(text).toMatch(/2026-02-12 at 19:00 \(America\/Los\\_Angeles\)/);
    expect(text).toMatch(/Nothing is blocking this wave/);
    // Whose numbers are in Teams, as the stored status counts wave 1's people.
    const wave1 = (await services.plan.migrationSummary(TENANT)).waves.find((w) => w.number === 1)!.counts;
    expect(text).toContain(`Numbers in Teams: ${wave1.ready + wave1.done} of ${wave1.total}`);
    expect(LocalConnector.card(posts[0])).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  });

  it('two instances running at the same moment send it once', async () => {
    // One day before wave 1: 2026-02-12T03:00Z. A second instance has its own connection to the file.
    at('2026-02-12T03:00:00Z');
    const other = open();
    try {
      const before = connector.posts.length;
      const [a, b] = await Promise.all([run(), run(other)]);
      expect(a.sent.length + b.sent.length).toBe(1);
      expect(a.skipped + b.skipped).toBe(1);
      expect(connector.posts.length - before).toBe(1);
      expect(LocalConnector.cardText(connector.posts[connector.posts.length - 1])).toMatch(/Wave 1 cuts over in 1 day/);
    } finally {
      await other.close();
    }
  });

  it('late but not lost: a run after both reminders of wave 2 were due sends one message for both', async () => {
    // Wave 2: 2026-02-20T03:00Z; due 2026-02-17T03:00Z and 2026-02-19T03:00Z. The run comes after both.
    at('2026-02-19T10:00:00Z');
    const before = connector.posts.length;
    const result = await run();
    expect(result.sent).toHaveLength(1);
    expect(connector.posts.length - before).toBe(1);
    expect(LocalConnector.cardText(connector.posts[connector.posts.length - 1])).toMatch(/Wave 2 cuts over in 17 hours/);
    at('2026-02-19T11:00:00Z');
    expect((await run()).sent).toEqual([]);
  });

  it('survives a restart: subscriptions and sent records are in the SQLite file', async () => {
    await services.close();
    services = open();
    at('2026-02-19T12:00:00Z');
    expect((await run()).sent).toEqual([]);
    expect(await listSubscriptions(services.store, TENANT)).toHaveLength(1);
  });

  it('order deadlines: a personal chat subscribes; the upload order of wave 3 (Berlin) is reminded from 09:00 Berlin, retried after a transient failure', async () => {
    at('2026-02-19T13:00:00Z');
    expect(await say(PERSONAL, 'personal', 'tell me about order deadlines')).toMatch(/deadlines and port freezes to lift, 3 days and 1 day before/);
    // Due 2026-02-23; three days before at 09:00 Europe/Berlin = 2026-02-20T08:00Z.
    at('2026-02-20T07:59:00Z');
    expect((await run()).sent).toEqual([]);
    at('2026-02-20T08:00:00Z');
    // Throttled (429): worth trying again. (A 403 - blocked, removed - is not: unreachable-conversations.test.ts.)
    connector.failNext(1, 429);
    const failed = await run();
    expect(failed.sent).toEqual([]);
    expect(failed.failed).toHaveLength(1);
    expect(failed.failed[0].error).toBeTruthy();
    expect(failed.paused).toEqual([]);
    at('2026-02-20T08:05:00Z');
    const retried = await run();
    expect(retried.sent.map((l) => [l.type, l.conversationId])).toEqual([['order-deadline', PERSONAL]]);
    const text = LocalConnector.cardText(connector.to(PERSONAL)[0]);
    expect(text).toMatch(/1 Direct Routing number upload for wave 3 must be done by 2026-02-23/);
    expect(text).toMatch(/Wave 3 cuts over 2026-02-26 at 19:00 \(Europe\/Berlin\): Berlin/);
    expect(text).toMatch(/UO-W3-sbc-eu-1: sbc-eu, 3 numbers/);
    at('2026-02-20T09:00:00Z');
    expect((await run()).sent).toEqual([]);
  });

  it('drift after a sync: a summary once, compared with the sync before; people named only in the personal chat', async () => {
    at('2026-02-20T10:00:00Z');
    expect(await say(CHANNEL, 'channel', 'tell me when a sync finds drift')).toMatch(/a summary when a sync finds drift/);
    expect(await say(PERSONAL, 'personal', 'Tell me when a sync finds drift')).toMatch(/a summary when a sync finds drift/);
    // Nothing new since subscribing: the stored sync is older than the subscriptions.
    expect((await run()).sent.filter((l) => l.type === 'drift')).toEqual([]);
    // A sync at 11:00 finds Hans (planned to stay on the PBX) holding a Teams number.
    const snapshot = smallTenantInputs().snapshot;
    snapshot.takenAt = '2026-02-20T11:00:00.000Z';
    snapshot.numbers = [{ telephoneNumber: '+4930123450101', numberType: 'directRouting', assignmentStatus: 'userAssigned', assignmentTargetId: 'hans', numberSource: 'onPremises' }];
    await services.store.commit(TENANT, 'sync', [...snapshotChanges(snapshot), ...(await migrationStatusForSnapshot(services.store, TENANT, snapshot))]);
    at('2026-02-20T11:05:00Z');
    const result = await run();
    expect(result.sent.filter((l) => l.type === 'drift').map((l) => l.conversationId).sort()).toEqual([CHANNEL, PERSONAL].sort());
    const channelText = LocalConnector.cardText(connector.to(CHANNEL).at(-1)!);
    const personalText = LocalConnector.cardText(connector.to(PERSONAL).at(-1)!);
    expect(channelText).toMatch(/The last sync found 1 drifted person/);
    expect(channelText).toMatch(/the sync before found 0/);
    expect(channelText).not.toMatch(/hans/);
    expect(personalText).toMatch(/hans@contoso\.test: assigned a Teams number outside the plan/);
    at('2026-02-20T11:10:00Z');
    expect((await run()).sent).toEqual([]);
  });

  it('a cancelled wave gets no reminder; a wave whose date moved is reminded again at its new date', async () => {
    // Re-planned from 2026-02-24: wave 3's old date (2026-02-26) is gone from the plan.
    at('2026-02-21T10:00:00Z');
    await services.plan.build(TENANT, 'test', { today: '2026-02-24' });
    const { waves } = await services.plan.waves(TENANT);
    const berlin = waves.find((w) => w.siteIds.includes('berlin'))!;
    expect(berlin.date).not.toBe('2026-02-26');
    // The old wave 3's one-day reminder would have been due at 2026-02-25T18:00Z.
    at('2026-02-25T18:00:00Z');
    const cancelled = await run();
    expect(cancelled.sent.filter((l) => l.type === 'cutover' && /2026-02-26/.test(l.summary))).toEqual([]);
    // The moved wave: one day before its new cutover, 19:00 Berlin.
    at(zonedInstant(addDays(berlin.date, -1), berlin.time, 'Europe/Berlin').toISOString());
    const moved = await run();
    const line = moved.sent.find((l) => l.type === 'cutover' && l.summary.includes(berlin.date));
    expect(line).toMatchObject({ conversationId: CHANNEL });
    expect(line!.summary).toMatch(/Europe\/Berlin/);
  });

  it('asked which chats get reminders, the bot lists every conversation of the tenant, the personal chat by whose it is', async () => {
    const reply = await say(PERSONAL, 'personal', 'which channels get reminders?');
    expect(reply).toMatch(/Reminders go to 2 chats and channels/);
    expect(reply).toMatch(/a channel: cutovers, drift/);
    expect(reply).toMatch(/Pat Lead's personal chat: order deadlines/);
    // This server has no public address: no link to the tab (the card's unit test has one).
    expect(reply).not.toContain('Action.OpenUrl');
  });

  it('none after unsubscribe', async () => {
    const { waves } = await services.plan.waves(TENANT);
    const last = waves[waves.length - 1];
    const due = zonedInstant(addDays(last.date, -1), last.time, 'Europe/Berlin');
    // Subscribed, the channel would hear about it then.
    expect((await services.notifications.due(due)).some((d) => d.subscription.conversation.conversationId === CHANNEL)).toBe(true);
    expect(await say(CHANNEL, 'channel', 'unsubscribe')).toMatch(/no more reminders here/);
    expect((await listSubscriptions(services.store, TENANT)).map((s) => s.conversation.conversationId)).toEqual([PERSONAL]);
    const before = connector.to(CHANNEL).length;
    at(due.toISOString());
    await run();
    at(new Date(clock.getTime() + 3 * 3_600_000).toISOString());
    await run();
    expect(connector.to(CHANNEL).length).toBe(before);
  });
});

describe('one tenant cannot stop the others', () => {
  it('a damaged subscriptions document is reported and the other tenants are still worked out', async () => {
    await services.store.upsertTenant('broken', 'Broken');
    await services.store.commit('broken', 'test', [{ type: 'put-document', kind: 'notifications.subscriptions', data: { subscriptions: 5 } }]);
    // A moment when contoso's personal chat has its one-day upload-order reminder for the re-planned Berlin wave due.
    const { waves } = await services.plan.waves(TENANT);
    const berlin = waves.find((w) => w.siteIds.includes('berlin') && w.uploadBy)!;
    at(zonedInstant(addDays(berlin.uploadBy!, -1), '09:00', 'Europe/Berlin').toISOString());
    const result = await run();
    expect(result.tenantErrors).toEqual([{ tenantId: 'broken', error: expect.any(String) }]);
    expect(result.sent.map((l) => [l.tenantId, l.type])).toEqual([[TENANT, 'order-deadline']]);
    await expect(services.notifications.due(clock)).rejects.toThrow(/broken/);
  });
});

describe('welcome on install', () => {
  function botConversation(id: string) {
    const bot = new VoiceMigrationBot(services, async () => caller);
    return new TestAdapter(async (context) => bot.run(context), {
      channelId: 'msteams',
      serviceUrl: connector.url,
      conversation: { id, conversationType: 'personal', tenantId: TENANT, isGroup: false, name: '' },
      recipient: { id: '28:voice-migration-bot', name: 'Voice Migration Planner' },
      from: { id: '29:pat', name: 'Pat Lead', aadObjectId: 'lead-1' },
    } as Partial<Activity>);
  }

  it('sends one welcome card although Teams announces the install twice', async () => {
    const adapter = botConversation('a:new-install');
    await adapter
      .send({ type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: '28:voice-migration-bot', name: 'Voice Migration Planner' }] } as Partial<Activity>)
      .assertReply((a) => {
        const content = a.attachments?.[0]?.content as { version: string; body: { text?: string }[]; actions: { title: string }[] };
        expect(content.version).toBe('1.5');
        expect(content.body[0].text).toMatch(/Voice Migration Planner/);
        expect(content.actions.map((x) => x.title)).toContain('Remind us before cutovers');
      })
      .send({ type: ActivityTypes.InstallationUpdate, action: 'add' } as Partial<Activity>)
      .assertNoReply('no second welcome', 300);
  });

  it('the welcome card\'s button (Action.Execute) subscribes the conversation', async () => {
    await botConversation('a:button-install')
      .send({ type: ActivityTypes.Invoke, name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'vmp.ask', data: { text: 'remind me 3 days and 1 day before each cutover' } } } } as Partial<Activity>)
      .assertReply((a) => expect(JSON.stringify(a.attachments?.[0]?.content)).toMatch(/cutover reminders 3 days and 1 day before each wave/))
      .assertReply((a) => expect(a.type).toBe('invokeResponse'));
    const sub = (await listSubscriptions(services.store, TENANT)).find((s) => s.conversation.conversationId === 'a:button-install');
    expect(sub?.cutovers?.offsetsDays).toEqual([3, 1]);
  });

  it('uninstalling the app ends the conversation\'s reminders', async () => {
    await botConversation('a:button-install')
      .send({ type: ActivityTypes.InstallationUpdate, action: 'remove' } as Partial<Activity>)
      .assertNoReply('nothing to say to a conversation the app left', 300);
    expect((await listSubscriptions(services.store, TENANT)).map((s) => s.conversation.conversationId)).not.toContain('a:button-install');
  });

  it('the bot hands subscription requests to the proactive module', async () => {
    await botConversation('a:new-install')
      .send('remind me a day before each cutover')
      .assertReply((a) => expect(JSON.stringify(a.attachments?.[0]?.content ?? a.text)).toMatch(/cutover reminders 1 day before each wave/));
    const sub = (await listSubscriptions(services.store, TENANT)).find((s) => s.conversation.conversationId === 'a:new-install');
    expect(sub?.cutovers?.offsetsDays).toEqual([1]);
  });
});
