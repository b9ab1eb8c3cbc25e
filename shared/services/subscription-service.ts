/**
 * Who wants to hear from the bot, and about what: one subscription per conversation (a personal chat,
 * a group chat or a channel), holding the conversation reference the bot needs to speak first and the
 * topics it covers - cutovers N days before, order deadlines N days before, drift found by a sync.
 *
 * Stored per tenant as one small versioned document (a tenant has a handful of conversations, not
 * thousands), so SQLite and Azure Tables both keep it and every change is a conditional write: two
 * people subscribing at once both land (the loser re-reads and re-applies).
 */
import { createHash } from 'node:crypto';
import { ConcurrencyConflictError, type Store, type StoreChange, type Versioned } from '../store/store';

export const SUBSCRIPTIONS_DOCUMENT = 'notifications.subscriptions';
/** Enough for every channel and chat of a tenant; more would make the document large. */
export const MAX_SUBSCRIPTIONS = 500;
export const DEFAULT_OFFSETS_DAYS: readonly number[] = [3, 1];
export const MAX_OFFSET_DAYS = 60;

export type ConversationKind = 'personal' | 'channel' | 'groupChat';
export type Topic = 'cutovers' | 'orders' | 'drift';
export const TOPICS: readonly Topic[] = ['cutovers', 'orders', 'drift'];

/** What the bot needs to send into a conversation later (a Bot Framework conversation reference, reduced). */
export interface StoredConversation {
  serviceUrl: string;
  /** Bot Framework channel ("msteams"). */
  channelId: string;
  conversationId: string;
  kind: ConversationKind;
  tenantId: string;
  /** The bot's own account in that conversation. */
  botId: string;
  botName?: string;
  /** Channels: the team and the Teams channel, for "open in tab" links and diagnostics. */
  teamId?: string;
  teamsChannelId?: string;
  /**
   * Names Teams gave with the message that set the reminders up, where it gave any (it often leaves them
   * out): for an admin listing the conversations in the tab. Text from Teams, shown escaped.
   */
  teamName?: string;
  channelName?: string;
  chatName?: string;
}

export interface DayOffsetsTopic {
  /** Days before the event, largest first (3, 1). */
  offsetsDays: number[];
  /** When this topic was (last) subscribed: nothing that was due before is sent. */
  since: string;
}

export interface Subscription {
  /** Derived from the conversation id: one subscription per conversation. */
  id: string;
  conversation: StoredConversation;
  subscribedBy: { userId: string; name: string };
  createdAt: string;
  updatedAt: string;
  cutovers?: DayOffsetsTopic;
  orders?: DayOffsetsTopic;
  drift?: { since: string };
  /**
   * Set when Teams refused a notification for good (the user blocked the bot or removed the app, the bot
   * left the team, the admin disabled it, the conversation is gone): runs skip the conversation without
   * calling Teams until someone writes to the bot in it or subscribes again, which clears it
   * (resumeSubscription). Paused for a week (PAUSE_RETRY_AFTER_DAYS), the next run with something due
   * for it tries one message again: delivered, the pause is cleared; refused, it starts again from then.
   */
  unreachableSince?: string;
  /** Teams' answer, for the admin ("403 ConversationBlockedByUser: ..."). */
  unreachableReason?: string;
}

export interface SubscriptionsDocument {
  subscriptions: Subscription[];
}

export type SubscriptionRequest =
  | { action: 'subscribe'; cutovers?: { offsetsDays: number[] }; orders?: { offsetsDays: number[] }; drift?: true }
  | { action: 'unsubscribe'; topics: Topic[] | 'all' }
  | { action: 'list' }
  /** Every chat and channel of the tenant with reminders, not only this one ("which channels get reminders?"). */
  | { action: 'list-all' };

/**
 * One subscription per chat or channel: a channel message's conversation id names its thread
 * (`19:...@thread.tacv2;messageid=...`), so the thread part is left out - asked in any thread, it is the
 * channel's subscription (the reminders go to the thread where it was last changed).
 */
export function subscriptionIdOf(conversationId: string): string {
  return createHash('sha256').update(conversationId.replace(/;messageid=.*$/i, '')).digest('hex').slice(0, 20);
}

export function hasAnyTopic(s: Subscription): boolean {
  return !!(s.cutovers || s.orders || s.drift);
}

/** The tenant's subscriptions document with its version (undefined before the first subscription). */
export function readSubscriptions(store: Store, tenantId: string): Promise<Versioned<SubscriptionsDocument> | undefined> {
  return store.getDocument<SubscriptionsDocument>(tenantId, SUBSCRIPTIONS_DOCUMENT);
}

export async function listSubscriptions(store: Store, tenantId: string): Promise<Subscription[]> {
  return (await readSubscriptions(store, tenantId))?.data.subscriptions ?? [];
}

export async function subscriptionOf(store: Store, tenantId: string, conversationId: string): Promise<Subscription | undefined> {
  const id = subscriptionIdOf(conversationId);
  return (await listSubscriptions(store, tenantId)).find((s) => s.id === id);
}

/** A subscription as the history records it: which conversation, who set it up, what it is sent (no conversation reference). */
export interface AuditedSubscription {
  kind: ConversationKind;
  teamName?: string;
  channelName?: string;
  chatName?: string;
  subscribedBy: string;
  cutovers?: { offsetsDays: number[] };
  orders?: { offsetsDays: number[] };
  drift: boolean;
}

export function auditedSubscription(s: Subscription): AuditedSubscription {
  const c = s.conversation;
  return {
    kind: c.kind,
    ...(c.teamName !== undefined && { teamName: c.teamName }),
    ...(c.channelName !== undefined && { channelName: c.channelName }),
    ...(c.chatName !== undefined && { chatName: c.chatName }),
    subscribedBy: s.subscribedBy.name,
    ...(s.cutovers && { cutovers: { offsetsDays: s.cutovers.offsetsDays } }),
    ...(s.orders && { orders: { offsetsDays: s.orders.offsetsDays } }),
    drift: !!s.drift,
  };
}

/** What a conversation is sent, to tell a change from asking for the same again. */
const topicsOf = (s: AuditedSubscription | undefined) => JSON.stringify(s ? [s.cutovers?.offsetsDays, s.orders?.offsetsDays, s.drift] : null);

/**
 * Applies `change` to the tenant's subscriptions as a conditional write; on a conflict (someone else
 * subscribed meanwhile) reads again and re-applies, a few times. `audit`, asked after each `change`,
 * gives the history entry to write in the same commit (none: nothing worth recording).
 */
async function updateSubscriptions(
  store: Store,
  tenantId: string,
  actor: string,
  change: (list: Subscription[]) => Subscription[],
  audit: () => StoreChange | undefined = () => undefined,
): Promise<Subscription[]> {
  for (let attempt = 0; ; attempt++) {
    const doc = await readSubscriptions(store, tenantId);
    const next = change(doc?.data.subscriptions ?? []);
    const entry = audit();
    try {
      await store.commit(tenantId, actor, [
        { type: 'put-document', kind: SUBSCRIPTIONS_DOCUMENT, data: { subscriptions: next } satisfies SubscriptionsDocument, expectedVersion: doc?.version ?? null },
        ...(entry ? [entry] : []),
      ]);
      return next;
    } catch (err) {
      if (!(err instanceof ConcurrencyConflictError) || attempt >= 4) throw err;
    }
  }
}

export class SubscriptionLimitError extends Error {
  readonly code = 'bad-input';
  constructor() {
    super(`This organisation already has ${MAX_SUBSCRIPTIONS} conversations with reminders; unsubscribe one first.`);
    this.name = 'SubscriptionLimitError';
  }
}

/**
 * Subscribes or unsubscribes the conversation; returns its subscription afterwards (undefined when it
 * no longer covers anything). Topics not named in a subscribe request are kept as they were.
 */
export async function applySubscriptionRequest(
  store: Store,
  conversation: StoredConversation,
  who: { userId: string; name: string },
  request: Exclude<SubscriptionRequest, { action: 'list' | 'list-all' }>,
  now: Date,
): Promise<Subscription | undefined> {
  const id = subscriptionIdOf(conversation.conversationId);
  const at = now.toISOString();
  let result: Subscription | undefined;
  let before: Subscription | undefined;
  // A tenant's admins may set reminders up before its first sync (the welcome card offers it on install):
  // the tenant is recorded then, as a PBX import does, so its documents have an owner.
  if (request.action === 'subscribe' && !(await store.getTenant(conversation.tenantId))) await store.upsertTenant(conversation.tenantId, conversation.tenantId);
  /** Who set reminders up, changed or stopped them where, in the history; asking for the same again is not recorded. */
  const audit = (): StoreChange | undefined => {
    const was = before && auditedSubscription(before);
    const now = result && auditedSubscription(result);
    // Asked again for the same: nothing to record, unless that cleared a pause (talking to the bot there).
    if (topicsOf(was) === topicsOf(now)) return before?.unreachableSince && result ? resumeEntry(before, 'message') : undefined;
    const action = !now ? 'reminders.unsubscribe' : !was ? 'reminders.subscribe' : 'reminders.change';
    return { type: 'audit', action, kind: SUBSCRIPTIONS_DOCUMENT, ...(was && { before: was }), ...(now && { after: now }) };
  };
  await updateSubscriptions(store, conversation.tenantId, who.name, (list) => {
    const existing = list.find((s) => s.id === id);
    before = existing;
    result = undefined;
    const others = list.filter((s) => s.id !== id);
    if (request.action === 'unsubscribe') {
      if (!existing) return list;
      const kept: Subscription = { ...existing, updatedAt: at };
      for (const topic of request.topics === 'all' ? TOPICS : request.topics) delete kept[topic];
      result = hasAnyTopic(kept) ? kept : undefined;
      return result ? [...others, result] : others;
    }
    if (!existing && list.length >= MAX_SUBSCRIPTIONS) throw new SubscriptionLimitError();
    // Subscribing is talking to the bot here: the conversation is reachable again.
    const next: Subscription = withoutPause({
      ...(existing ?? { id, createdAt: at }),
      // The newest reference wins: Teams may move a conversation to another service URL.
      conversation,
      subscribedBy: { userId: who.userId, name: who.name },
      updatedAt: at,
    } as Subscription);
    if (request.cutovers) next.cutovers = { offsetsDays: normaliseOffsets(request.cutovers.offsetsDays), since: at };
    if (request.orders) next.orders = { offsetsDays: normaliseOffsets(request.orders.offsetsDays), since: at };
    if (request.drift) next.drift = { since: at };
    result = next;
    return [...others, next];
  }, audit);
  return result;
}

/**
 * Pauses the subscription a notification run read (`seen`) after Teams refused it for good, or renews
 * the pause when the run was trying a paused one again (seen.unreachableSince: the pause starts over
 * from `now`). Written against the document version it reads, like every change; left alone - false -
 * when the subscription is gone or changed since the run read it (subscribed again, maybe with a
 * reference that works), or was resumed meanwhile (someone wrote to the bot there). Paused by another
 * run meanwhile, it is kept as that run left it - true.
 */
export async function pauseUnreachableSubscription(store: Store, tenantId: string, seen: Subscription, reason: string, now: Date): Promise<boolean> {
  let paused = false;
  let pausedNow: Subscription | undefined;
  await updateSubscriptions(
    store,
    tenantId,
    NOTIFICATIONS_ACTOR,
    (list) => {
      // Run again after a conflict, on what was read again: only the last attempt's answer counts.
      paused = false;
      pausedNow = undefined;
      return list.map((s) => {
        if (s.id !== seen.id || s.updatedAt !== seen.updatedAt) return s;
        if (s.unreachableSince === seen.unreachableSince) {
          paused = true;
          const next = { ...s, unreachableSince: now.toISOString(), unreachableReason: reason.slice(0, 500) };
          // A pause renewed after a refused retry is not recorded again: a chat the bot was removed from would add an entry a week.
          if (!seen.unreachableSince) pausedNow = next;
          return next;
        }
        paused = !!s.unreachableSince;
        return s;
      });
    },
    () => pausedNow && { type: 'audit', action: 'reminders.pause', kind: SUBSCRIPTIONS_DOCUMENT, after: pausedSubscription(pausedNow) },
  );
  return paused;
}

/**
 * A notification run tried a paused subscription again (paused long enough, PAUSE_RETRY_AFTER_DAYS in
 * notification-service) and Teams delivered it: clears the pause, written against the document version
 * it reads, like the pause. False - left alone - when the subscription is gone, changed since the run
 * read it, or no longer paused as the run read it (resumed or paused again meanwhile).
 */
export async function resumeDeliveredSubscription(store: Store, tenantId: string, seen: Subscription): Promise<boolean> {
  if (!seen.unreachableSince) return false;
  let resumed: Subscription | undefined;
  await updateSubscriptions(
    store,
    tenantId,
    NOTIFICATIONS_ACTOR,
    (list) => {
      // Run again after a conflict, on what was read again: only the last attempt's answer counts.
      resumed = undefined;
      return list.map((s) => {
        if (s.id !== seen.id || s.updatedAt !== seen.updatedAt || s.unreachableSince !== seen.unreachableSince) return s;
        resumed = s;
        return withoutPause(s);
      });
    },
    () => resumed && resumeEntry(resumed, 'retry'),
  );
  return !!resumed;
}

/**
 * Someone wrote to the bot in this conversation, so Teams delivers there again: clears a pause and
 * takes the activity's service URL (Teams may have moved the conversation). Reads first and writes only
 * when the subscription was paused - called for every message. True when it resumed one.
 */
export async function resumeSubscription(store: Store, conversation: StoredConversation, actor: string): Promise<boolean> {
  const id = subscriptionIdOf(conversation.conversationId);
  const isPaused = (s: Subscription) => s.id === id && !!s.unreachableSince;
  if (!(await listSubscriptions(store, conversation.tenantId)).some(isPaused)) return false;
  let resumed: Subscription | undefined;
  await updateSubscriptions(
    store,
    conversation.tenantId,
    actor,
    (list) => {
      // Run again after a conflict, on what was read again: only the last attempt's answer counts.
      resumed = undefined;
      return list.map((s) => {
        if (!isPaused(s)) return s;
        resumed = s;
        return withoutPause({ ...s, conversation: { ...s.conversation, serviceUrl: conversation.serviceUrl } });
      });
    },
    () => resumed && resumeEntry(resumed, 'message'),
  );
  return !!resumed;
}

/** Who the history names for what a notification run writes (pausing and resuming conversations). */
export const NOTIFICATIONS_ACTOR = 'notifications';

/** A paused subscription as the history records it: the conversation, since when and Teams' answer. */
function pausedSubscription(s: Subscription): AuditedSubscription & { pausedSince?: string; reason?: string } {
  return { ...auditedSubscription(s), ...(s.unreachableSince && { pausedSince: s.unreachableSince }), ...(s.unreachableReason && { reason: s.unreachableReason }) };
}

/** The history entry of a pause cleared: by a retry Teams delivered, or by someone writing to the bot there. */
function resumeEntry(wasPaused: Subscription, how: 'retry' | 'message'): StoreChange {
  return { type: 'audit', action: 'reminders.resume', kind: SUBSCRIPTIONS_DOCUMENT, before: pausedSubscription(wasPaused), after: { ...auditedSubscription(wasPaused), resumedBy: how } };
}

/** The subscription without its pause (when and why Teams refused the conversation). */
function withoutPause(s: Subscription): Subscription {
  const { unreachableSince: _since, unreachableReason: _reason, ...rest } = s;
  return rest;
}

/** Whole days 0..60, each once, largest first; none given = the default (3 and 1 days before). */
export function normaliseOffsets(offsets: readonly number[]): number[] {
  const clean = [...new Set(offsets.filter((n) => Number.isInteger(n) && n >= 0 && n <= MAX_OFFSET_DAYS))].sort((a, b) => b - a);
  return clean.length ? clean.slice(0, 5) : [...DEFAULT_OFFSETS_DAYS];
}
