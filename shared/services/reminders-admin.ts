/**
 * The tenant's reminders as an admin sees them in the tab (Settings > Reminders): which chats and
 * channels the bot writes to and about what, who set each up, and which ones Teams refuses (paused, with
 * Teams' answer and when the bot tries again); and stopping a conversation's reminders from there - a
 * channel whose team was archived, a chat of someone who left - without writing to the bot in it.
 *
 * The subscriptions are one small document per tenant (at most MAX_SUBSCRIPTIONS): a page is cut from it.
 * A stop is written against the document version the admin read, like every change in the tab.
 */
import { ConcurrencyConflictError, type Store } from '../store/store';
import { pauseRetryFrom } from './notification-service';
import { auditedSubscription, listSubscriptions, readSubscriptions, SUBSCRIPTIONS_DOCUMENT, type AuditedSubscription, type Subscription, type SubscriptionsDocument } from './subscription-service';

/** A conversation with reminders as the tab lists it: what the history records of it, and its state. */
export interface ReminderRow extends AuditedSubscription {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** Teams refuses the conversation: the bot skips it until someone writes to it there, or tries again from `retryFrom`. */
  paused?: { since: string; reason: string; retryFrom: string };
}

export interface RemindersPage {
  /** The subscriptions document's version (null: none yet): a stop carries it. */
  version: number | null;
  items: ReminderRow[];
  total: number;
  /** Paused conversations among all of them. */
  paused: number;
  offset: number;
  limit: number;
}

export const REMINDERS_PAGE_MAX = 200;

/** A conversation's reminders id as the list gives it: the first 20 hex digits of a hash of its conversation id (subscriptionIdOf). */
export const REMINDER_ID = /^[0-9a-f]{20}$/;

export class ReminderNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(id: string) {
    super(`No conversation with reminders has the id ${id} in this tenant (stopped already?).`);
    this.name = 'ReminderNotFoundError';
  }
}

function rowOf(s: Subscription): ReminderRow {
  return {
    id: s.id,
    ...auditedSubscription(s),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    ...(s.unreachableSince && { paused: { since: s.unreachableSince, reason: s.unreachableReason ?? '', retryFrom: pauseRetryFrom(s.unreachableSince) } }),
  };
}

/** Paused first (they need someone), then the most recently changed. */
function listOrder(a: Subscription, b: Subscription): number {
  if (!!a.unreachableSince !== !!b.unreachableSince) return a.unreachableSince ? -1 : 1;
  return a.updatedAt > b.updatedAt ? -1 : a.updatedAt < b.updatedAt ? 1 : a.id < b.id ? -1 : 1;
}

/** How many conversations get reminders and how many of them Teams refuses. */
function countsOf(subscriptions: readonly Subscription[]): { total: number; paused: number } {
  return { total: subscriptions.length, paused: subscriptions.filter((s) => s.unreachableSince).length };
}

export async function pageReminders(store: Store, tenantId: string, query: { offset: number; limit: number }): Promise<RemindersPage> {
  const doc = await readSubscriptions(store, tenantId);
  const all = [...(doc?.data.subscriptions ?? [])].sort(listOrder);
  return {
    version: doc?.version ?? null,
    items: all.slice(query.offset, query.offset + query.limit).map(rowOf),
    ...countsOf(all),
    offset: query.offset,
    limit: query.limit,
  };
}

/** The Overview's counts, without sorting or shaping a page. */
export async function countReminders(store: Store, tenantId: string): Promise<{ total: number; paused: number }> {
  return countsOf(await listSubscriptions(store, tenantId));
}

/**
 * Ends the conversation's reminders (every topic), as "unsubscribe" typed there would; the bot no longer
 * writes there until someone subscribes again. Refused (409) when the reminders changed since the admin
 * read them at `expectedVersion`; recorded in the history with what was stopped.
 */
export async function stopReminders(store: Store, tenantId: string, id: string, expectedVersion: number | null, actor: string): Promise<RemindersPage['version']> {
  const doc = await readSubscriptions(store, tenantId);
  const current = doc?.version ?? null;
  const stopped = doc?.data.subscriptions.find((s) => s.id === id);
  if (current !== expectedVersion) throw new ConcurrencyConflictError('reminders list', expectedVersion, current, doc?.updatedBy, doc?.updatedAt);
  if (!doc || !stopped) throw new ReminderNotFoundError(id);
  const before = auditedSubscription(stopped);
  await store.commit(tenantId, actor, [
    { type: 'put-document', kind: SUBSCRIPTIONS_DOCUMENT, data: { subscriptions: doc.data.subscriptions.filter((s) => s.id !== id) } satisfies SubscriptionsDocument, expectedVersion: current },
    { type: 'audit', action: 'reminders.stop', kind: SUBSCRIPTIONS_DOCUMENT, before },
  ]);
  return doc.version + 1;
}
