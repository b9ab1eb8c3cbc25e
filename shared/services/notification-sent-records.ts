/**
 * "Sent once", also with two instances running `notify run` at the same moment: every notification has
 * a unique key, and an instance claims the key - a conditional write of a small document that must not
 * exist yet (or must still be at the failed/abandoned version it read) - BEFORE it sends. The instance
 * whose commit loses never sends. After sending, the record says sent; after a failure, failed with
 * the error, and the next run claims it again (up to MAX_ATTEMPTS) - unless Teams refused the
 * conversation for good: then it is given up at once. A claim whose instance died before recording the
 * outcome is taken over once its lease has passed.
 *
 * One document per key works the same on SQLite (a row, one transaction) and Azure Tables (an entity
 * written with its ETag); keys are few (waves x offsets x conversations).
 */
import { ConcurrencyConflictError, type Store } from '../store/store';

export const SENT_RECORD_PREFIX = 'notifications.sent.';
export const MAX_ATTEMPTS = 5;
/** How long a claim holds before another instance may take it over (a send takes seconds). */
export const CLAIM_LEASE_MS = 10 * 60_000;

export interface SentRecord {
  key: string;
  /** given-up: Teams refused the conversation for good (ConversationUnreachableError); never claimed again. */
  status: 'claimed' | 'sent' | 'failed' | 'given-up';
  claimedAt: string;
  claimedBy: string;
  attempts: number;
  sentAt?: string;
  error?: string;
  /** What was sent, in a line (for `notify run` output and diagnostics). */
  summary: string;
}

export interface Claim {
  key: string;
  /** The record's version after the claim: the outcome is written against it. */
  version: number;
  attempts: number;
}

const kindOf = (key: string) => `${SENT_RECORD_PREFIX}${key}`;

/** Keys are built from ids, numbers and dates: keep them to characters every store accepts in a name. */
export function assertSentKey(key: string): void {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(key)) throw new Error(`"${key}" is not a valid notification key.`);
}

export async function readSentRecord(store: Store, tenantId: string, key: string): Promise<SentRecord | undefined> {
  return (await store.getDocument<SentRecord>(tenantId, kindOf(key)))?.data;
}

/**
 * Claims every key of one message in a single commit (a message that stands for several due
 * reminders, e.g. both "3 days" and "1 day" when a run was late). Keys already sent, or given up, are
 * left out; if another instance holds any of them, or wins the race, nothing is claimed.
 */
export async function claimKeys(
  store: Store,
  tenantId: string,
  keys: readonly string[],
  meta: { now: Date; instance: string; summary: string },
): Promise<Claim[]> {
  const current = await Promise.all(keys.map(async (key) => ({ key, doc: await store.getDocument<SentRecord>(tenantId, kindOf(key)) })));
  const claimable: { key: string; expected: number | null; attempts: number }[] = [];
  for (const { key, doc } of current) {
    assertSentKey(key);
    if (!doc) {
      claimable.push({ key, expected: null, attempts: 0 });
      continue;
    }
    const r = doc.data;
    if (r.status === 'sent' || r.status === 'given-up' || (r.status === 'failed' && r.attempts >= MAX_ATTEMPTS)) continue;
    if (r.status === 'claimed' && meta.now.getTime() - Date.parse(r.claimedAt) < CLAIM_LEASE_MS) return []; // in flight elsewhere
    claimable.push({ key, expected: doc.version, attempts: r.attempts });
  }
  if (claimable.length === 0) return [];
  const at = meta.now.toISOString();
  try {
    await store.commit(
      tenantId,
      meta.instance,
      claimable.map((c) => ({
        type: 'put-document' as const,
        kind: kindOf(c.key),
        expectedVersion: c.expected,
        data: { key: c.key, status: 'claimed', claimedAt: at, claimedBy: meta.instance, attempts: c.attempts, summary: meta.summary } satisfies SentRecord,
      })),
    );
  } catch (err) {
    if (err instanceof ConcurrencyConflictError) return []; // another instance claimed first: it sends
    throw err;
  }
  return claimable.map((c) => ({ key: c.key, version: (c.expected ?? 0) + 1, attempts: c.attempts }));
}

/** Records the outcome of a claimed send (against the claim's version: a taken-over claim is not overwritten). */
export async function recordOutcome(
  store: Store,
  tenantId: string,
  claims: readonly Claim[],
  /** giveUp: a failure no retry can mend - the record is final, like a sent one. */
  outcome: { ok: true } | { ok: false; error: string; giveUp?: boolean },
  meta: { now: Date; instance: string; summary: string },
): Promise<void> {
  const at = meta.now.toISOString();
  try {
    await store.commit(
      tenantId,
      meta.instance,
      claims.map((c) => ({
        type: 'put-document' as const,
        kind: kindOf(c.key),
        expectedVersion: c.version,
        data: {
          key: c.key,
          status: outcome.ok ? 'sent' : outcome.giveUp ? 'given-up' : 'failed',
          claimedAt: at,
          claimedBy: meta.instance,
          attempts: c.attempts + 1,
          summary: meta.summary,
          ...(outcome.ok ? { sentAt: at } : { error: outcome.error.slice(0, 500) }),
        } satisfies SentRecord,
      })),
    );
  } catch (err) {
    // Only when another instance took over a lapsed claim: its record stands.
    if (!(err instanceof ConcurrencyConflictError)) throw err;
  }
}
