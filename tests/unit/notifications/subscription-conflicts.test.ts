/**
 * Pausing and resuming a subscription are conditional writes of the tenant's subscriptions document: on
 * a version conflict the change is worked out again on what is read again. What they return must be
 * what that last attempt did - not a flag left over from the attempt that lost: a re-subscribe that
 * lands between the read and the write leaves the subscription alone, and the answer is false.
 *
 * The conflict is real: a store whose next write of the document first lets another writer commit (the
 * re-subscribe, through the real store), so the write made on the version read before it fails.
 */
import {
  applySubscriptionRequest,
  listSubscriptions,
  pauseUnreachableSubscription,
  resumeDeliveredSubscription,
  resumeSubscription,
  SUBSCRIPTIONS_DOCUMENT,
  type StoredConversation,
  type Subscription,
} from '../../../shared/services/subscription-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import type { Store, StoreChange } from '../../../shared/store/store';

const TENANT = 'contoso';
const who = { userId: 'lead-1', name: 'Pat Lead' };
const chat = (conversationId: string, serviceUrl = 'https://smba.trafficmanager.net/amer/'): StoredConversation => ({
  serviceUrl,
  channelId: 'msteams',
  conversationId,
  kind: 'personal',
  tenantId: TENANT,
  botId: '28:bot',
});
const CHAT = chat('a:chat-1');
const REASON = 'Teams refused the message (403 BotDisabledByAdmin) - the tenant admin disabled the bot.';

let store: SqliteStore;
/** Commits to the subscriptions document, each attempt (conflicting ones included). */
let writes: number;

/**
 * The store, except that its next write of the subscriptions document first runs `meanwhile` (another
 * writer, committing through the real store): that write then conflicts, and the caller has to retry.
 */
function conflictingOnce(meanwhile: () => Promise<unknown>): Store {
  let armed = true;
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'commit') {
        return async (tenantId: string, actor: string, changes: StoreChange[]) => {
          if (changes.some((c) => c.type === 'put-document' && c.kind === SUBSCRIPTIONS_DOCUMENT)) {
            writes++;
            if (armed) {
              armed = false;
              await meanwhile();
            }
          }
          return target.commit(tenantId, actor, changes);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const subscribe = (conversation: StoredConversation, at: string) =>
  applySubscriptionRequest(store, conversation, who, { action: 'subscribe', cutovers: { offsetsDays: [3, 1] } }, new Date(at));

async function stored(conversationId: string): Promise<Subscription | undefined> {
  return (await listSubscriptions(store, TENANT)).find((s) => s.conversation.conversationId === conversationId);
}

beforeEach(async () => {
  store = new SqliteStore(':memory:');
  await store.upsertTenant(TENANT, 'Contoso');
  writes = 0;
});

afterEach(async () => {
  await store.close();
});

describe('pauseUnreachableSubscription after a conflict', () => {
  it('re-subscribed between the read and the write: the retry leaves it alone and answers false', async () => {
    const seen = (await subscribe(CHAT, '2026-02-09T12:00:00Z'))!;
    const paused = await pauseUnreachableSubscription(
      conflictingOnce(() => subscribe(CHAT, '2026-02-10T02:59:00Z')),
      TENANT,
      seen,
      REASON,
      new Date('2026-02-10T03:00:00Z'),
    );
    expect(writes).toBe(2);
    expect(paused).toBe(false);
    const now = (await stored(CHAT.conversationId))!;
    expect(now.updatedAt).toBe('2026-02-10T02:59:00.000Z');
    expect(now.unreachableSince).toBeUndefined();
  });

  it('another conversation subscribed meanwhile: the retry still pauses it, and keeps the other one', async () => {
    const seen = (await subscribe(CHAT, '2026-02-09T12:00:00Z'))!;
    const paused = await pauseUnreachableSubscription(
      conflictingOnce(() => subscribe(chat('a:chat-2'), '2026-02-10T02:59:00Z')),
      TENANT,
      seen,
      REASON,
      new Date('2026-02-10T03:00:00Z'),
    );
    expect(writes).toBe(2);
    expect(paused).toBe(true);
    expect(await stored(CHAT.conversationId)).toMatchObject({ unreachableSince: '2026-02-10T03:00:00.000Z', unreachableReason: REASON });
    expect(await stored('a:chat-2')).toBeDefined();
  });

  it('a pause tried again and refused again starts over from now; resumed meanwhile, it is left alone (false)', async () => {
    const fresh = (await subscribe(CHAT, '2026-02-09T12:00:00Z'))!;
    await pauseUnreachableSubscription(store, TENANT, fresh, REASON, new Date('2026-02-10T03:00:00Z'));
    const seen = (await stored(CHAT.conversationId))!;
    expect(await pauseUnreachableSubscription(store, TENANT, seen, REASON, new Date('2026-02-17T03:00:00Z'))).toBe(true);
    expect((await stored(CHAT.conversationId))!.unreachableSince).toBe('2026-02-17T03:00:00.000Z');

    const renewed = (await stored(CHAT.conversationId))!;
    const paused = await pauseUnreachableSubscription(
      conflictingOnce(() => resumeSubscription(store, CHAT, 'bot')),
      TENANT,
      renewed,
      REASON,
      new Date('2026-02-24T03:00:00Z'),
    );
    expect(paused).toBe(false);
    expect((await stored(CHAT.conversationId))!.unreachableSince).toBeUndefined();
  });
});

describe('resuming after a conflict', () => {
  async function pausedChat(): Promise<Subscription> {
    const fresh = (await subscribe(CHAT, '2026-02-09T12:00:00Z'))!;
    await pauseUnreachableSubscription(store, TENANT, fresh, REASON, new Date('2026-02-10T03:00:00Z'));
    return (await stored(CHAT.conversationId))!;
  }

  it('resumeSubscription: re-subscribed (which resumes it) between the read and the write - false, its new reference kept', async () => {
    await pausedChat();
    const resumed = await resumeSubscription(conflictingOnce(() => subscribe(CHAT, '2026-02-18T08:59:00Z')), chat(CHAT.conversationId, 'https://smba.example/moved/'), 'bot');
    expect(writes).toBe(2);
    expect(resumed).toBe(false);
    // The re-subscribe's reference stands; the message's service URL was not written over it.
    expect((await stored(CHAT.conversationId))!.conversation.serviceUrl).toBe(CHAT.serviceUrl);
  });

  it('resumeSubscription: the retry still finds it paused - resumed, true', async () => {
    await pausedChat();
    const resumed = await resumeSubscription(conflictingOnce(() => subscribe(chat('a:chat-2'), '2026-02-18T08:59:00Z')), CHAT, 'bot');
    expect(writes).toBe(2);
    expect(resumed).toBe(true);
    expect((await stored(CHAT.conversationId))!.unreachableSince).toBeUndefined();
  });

  it('resumeDeliveredSubscription: re-subscribed between the read and the write - false', async () => {
    const seen = await pausedChat();
    const resumed = await resumeDeliveredSubscription(conflictingOnce(() => subscribe(CHAT, '2026-02-17T02:59:00Z')), TENANT, seen);
    expect(writes).toBe(2);
    expect(resumed).toBe(false);
    expect((await stored(CHAT.conversationId))!.updatedAt).toBe('2026-02-17T02:59:00.000Z');
  });

  it('resumeDeliveredSubscription: as the run read it - resumed, true; not paused - false', async () => {
    const seen = await pausedChat();
    expect(await resumeDeliveredSubscription(conflictingOnce(() => subscribe(chat('a:chat-2'), '2026-02-17T02:59:00Z')), TENANT, seen)).toBe(true);
    const now = (await stored(CHAT.conversationId))!;
    expect(now.unreachableSince).toBeUndefined();
    expect(now.unreachableReason).toBeUndefined();
    expect(await resumeDeliveredSubscription(store, TENANT, now)).toBe(false);
  });
});
