/**
 * Settings > Reminders' API against the production-mode server (over a tenant that has never synced,
 * whose admins set reminders up from the welcome card) (a local Entra signs the tokens; a real
 * SQLite store): the chats and channels the bot reminds, paused ones first with Teams' answer and when
 * the bot tries again; paged; one tenant never sees another's; a stop carries the version read (stale:
 * 409, nothing stopped), is recorded in the history, and bad input is a 400 naming the field.
 */
import { ADMIN_ROLES } from '../../../shared/domain/microsoft-ids';
import { PAUSE_RETRY_AFTER_DAYS } from '../../../shared/services/notification-service';
import type { RemindersPage } from '../../../shared/services/reminders-admin';
import { applySubscriptionRequest, listSubscriptions, pauseUnreachableSubscription, type StoredConversation } from '../../../shared/services/subscription-service';
import { startProductionServer, type ProductionServer } from '../../support/production-server';

const TENANT = 'bbbbbbbb-2222-4222-8222-222222222222';
const OTHER = 'cccccccc-3333-4333-8333-333333333333';
const ADMIN = 'c0c0c0c0-0000-4000-8000-000000000001';
const HOSTILE = '<img src=x onerror=alert(1)> **Ops** [x](https://evil.example)';

const conversation = (conversationId: string, kind: StoredConversation['kind'], names: Partial<StoredConversation> = {}): StoredConversation => ({
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  channelId: 'msteams',
  conversationId,
  kind,
  tenantId: TENANT,
  botId: '28:bot',
  ...names,
});

describe('Settings > Reminders API (production mode)', () => {
  let server: ProductionServer;
  /** Whether the store knew the tenant before its admins set reminders up (it has never synced). */
  let storedBefore: boolean;
  const token = (tid = TENANT) => server.entra.ssoToken({ tid, oid: ADMIN, wids: [ADMIN_ROLES.teamsAdministrator] });

  async function call(method: string, route: string, options: { tenant?: string; headers?: Record<string, string> } = {}) {
    const res = await fetch(`${server.base}/api${route}`, { method, headers: { Authorization: `Bearer ${await token(options.tenant)}`, ...options.headers } });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  beforeAll(async () => {
    server = await startProductionServer([TENANT, OTHER]);
    const { store } = server.running.services;
    storedBefore = (await store.getTenant(TENANT)) !== undefined;
    const who = { userId: 'lead-1', name: 'Pat Lead' };
    const subscribe = (c: StoredConversation, at: string, request: Parameters<typeof applySubscriptionRequest>[3]) => applySubscriptionRequest(store, c, who, request, new Date(at));
    await subscribe(conversation('19:voice@thread.tacv2', 'channel', { teamName: 'Voice project', channelName: HOSTILE }), '2026-02-01T10:00:00Z', { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } });
    await subscribe(conversation('a:personal-pat', 'personal'), '2026-02-02T10:00:00Z', { action: 'subscribe', orders: { offsetsDays: [5] }, drift: true });
    await subscribe(conversation('19:chat@thread.v2', 'groupChat', { chatName: 'Cutover crew' }), '2026-02-03T10:00:00Z', { action: 'subscribe', cutovers: { offsetsDays: [] } });
    // Teams refused the channel for good: paused by a notification run.
    const channel = (await listSubscriptions(store, TENANT)).find((s) => s.conversation.kind === 'channel')!;
    await pauseUnreachableSubscription(store, TENANT, channel, '403 BotDisabledByAdmin: The tenant admin disabled this bot', new Date('2026-02-04T08:00:00Z'));
  }, 60_000);

  afterAll(() => server?.stop());

  it('reminders can be set up before the first sync: the tenant is recorded then', async () => {
    expect(storedBefore).toBe(false);
    expect(await server.running.services.store.getTenant(TENANT)).toMatchObject({ tenantId: TENANT });
  });

  it('lists them paused first, then the most recently changed, with what each is about and nothing of the conversation reference', async () => {
    const { status, body } = await call('GET', '/reminders');
    expect(status).toBe(200);
    const page = body as RemindersPage;
    expect(page).toMatchObject({ total: 3, paused: 1, offset: 0, limit: 50 });
    expect(page.version).toBeGreaterThanOrEqual(4);
    expect(page.items.map((r) => [r.kind, r.teamName ?? r.chatName ?? null])).toEqual([
      ['channel', 'Voice project'],
      ['groupChat', 'Cutover crew'],
      ['personal', null],
    ]);
    const [channel, chat, personal] = page.items;
    expect(channel).toMatchObject({
      channelName: HOSTILE,
      subscribedBy: 'Pat Lead',
      cutovers: { offsetsDays: [3, 1] },
      drift: false,
      paused: { since: '2026-02-04T08:00:00.000Z', reason: '403 BotDisabledByAdmin: The tenant admin disabled this bot', retryFrom: new Date(Date.parse('2026-02-04T08:00:00Z') + PAUSE_RETRY_AFTER_DAYS * 86_400_000).toISOString() },
    });
    expect(chat.cutovers).toEqual({ offsetsDays: [3, 1] });
    expect(personal).toMatchObject({ orders: { offsetsDays: [5] }, drift: true });
    expect(personal.paused).toBeUndefined();
    // Where the bot writes (service URL, conversation id, bot id) stays on the server.
    expect(JSON.stringify(page)).not.toMatch(/serviceUrl|smba|conversationId|28:bot|a:personal-pat/);
  });

  it('pages: limit and offset cut the same order; a limit out of range is a 400 naming it', async () => {
    const second = (await call('GET', '/reminders?offset=1&limit=1')).body as RemindersPage;
    expect(second).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(second.items.map((r) => r.kind)).toEqual(['groupChat']);
    expect(((await call('GET', '/reminders?offset=5')).body as RemindersPage).items).toEqual([]);
    for (const bad of ['limit=0', 'limit=201', 'offset=-1', 'limit=x']) {
      const res = await call('GET', `/reminders?${bad}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/limit|offset/);
    }
  });

  it("one tenant never sees another's", async () => {
    const other = (await call('GET', '/reminders', { tenant: OTHER })).body as RemindersPage;
    expect(other).toMatchObject({ version: null, total: 0, paused: 0, items: [] });
    const { items, version } = (await call('GET', '/reminders')).body as RemindersPage;
    expect((await call('DELETE', `/reminders/${items[0].id}?expectedVersion=${version}`, { tenant: OTHER })).status).toBe(409);
    expect(((await call('GET', '/reminders')).body as RemindersPage).total).toBe(3);
  });

  it('a stop carries the version read: stale is a 409 and stops nothing; bad input is a 400; an unknown id a 404', async () => {
    const { items, version } = (await call('GET', '/reminders')).body as RemindersPage;
    const stale = await call('DELETE', `/reminders/${items[1].id}?expectedVersion=${version! - 1}`);
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/changed by/);
    expect((await call('DELETE', `/reminders/${items[1].id}`)).status).toBe(400);
    expect((await call('DELETE', `/reminders/not-an-id?expectedVersion=${version}`)).status).toBe(400);
    const unknown = await call('DELETE', `/reminders/${'0'.repeat(20)}?expectedVersion=${version}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/No conversation with reminders/);
    expect(((await call('GET', '/reminders')).body as RemindersPage).total).toBe(3);
  });

  it('stops one conversation\'s reminders (If-Match), says the new version, and the history records what was stopped', async () => {
    const { items, version } = (await call('GET', '/reminders')).body as RemindersPage;
    const chat = items.find((r) => r.kind === 'groupChat')!;
    const stopped = await call('DELETE', `/reminders/${chat.id}`, { headers: { 'If-Match': `"${version}"` } });
    expect(stopped).toEqual({ status: 200, body: { version: version! + 1 } });
    const after = (await call('GET', '/reminders')).body as RemindersPage;
    expect(after).toMatchObject({ version: version! + 1, total: 2, paused: 1 });
    expect(after.items.map((r) => r.id)).not.toContain(chat.id);
    const [entry] = await server.running.services.store.listAudit(TENANT, 1);
    expect(entry).toMatchObject({ action: 'reminders.stop', kind: 'notifications.subscriptions', before: { kind: 'groupChat', chatName: 'Cutover crew', subscribedBy: 'Pat Lead' } });
    // The same stop again: already gone.
    expect((await call('DELETE', `/reminders/${chat.id}?expectedVersion=${version! + 1}`)).status).toBe(404);
  });

  it('the history records who set reminders up, changed or stopped them where; asking for the same again is not recorded', async () => {
    const { store } = server.running.services;
    const entries = async () => (await store.listAudit(TENANT, 50)).filter((a) => a.action.startsWith('reminders.'));
    // The set-up's three subscriptions, the channel the bot was disabled in (paused by a notification run), the chat stopped from the tab.
    expect((await entries()).map((a) => a.action).sort()).toEqual(['reminders.pause', 'reminders.stop', 'reminders.subscribe', 'reminders.subscribe', 'reminders.subscribe']);
    expect((await entries()).find((a) => a.action === 'reminders.pause')).toMatchObject({ actor: 'notifications', after: { kind: 'channel', reason: '403 BotDisabledByAdmin: The tenant admin disabled this bot' } });
    const who = { userId: 'lead-1', name: 'Pat Lead' };
    const personal = conversation('a:personal-pat', 'personal');
    const count = (await entries()).length;
    // The same topics again: the subscription is written (its reference refreshed), the history is not.
    await applySubscriptionRequest(store, personal, who, { action: 'subscribe', orders: { offsetsDays: [5] }, drift: true }, new Date('2026-02-06T10:00:00Z'));
    expect(await entries()).toHaveLength(count);
    await applySubscriptionRequest(store, personal, who, { action: 'subscribe', orders: { offsetsDays: [2] } }, new Date('2026-02-07T10:00:00Z'));
    await applySubscriptionRequest(store, personal, who, { action: 'unsubscribe', topics: 'all' }, new Date('2026-02-08T10:00:00Z'));
    const [unsubscribed, changed] = await entries();
    expect(changed).toMatchObject({ action: 'reminders.change', actor: 'Pat Lead', before: { orders: { offsetsDays: [5] } }, after: { kind: 'personal', orders: { offsetsDays: [2] }, drift: true } });
    expect(unsubscribed).toMatchObject({ action: 'reminders.unsubscribe', before: { kind: 'personal', orders: { offsetsDays: [2] } } });
    expect(unsubscribed.after).toBeUndefined();
    // Nothing of where the bot writes.
    expect(JSON.stringify(await entries())).not.toMatch(/serviceUrl|smba|a:personal-pat/);
  });
});
