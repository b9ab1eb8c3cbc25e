/**
 * Rate limiting per user and per tenant, for the API (an Express middleware) and the bot (a gate on the
 * authenticated turn). Token buckets held in this process's memory: each key refills at a steady rate up
 * to a burst; a request takes one token from its user's bucket and one from its tenant's, and is refused
 * with 429, `Retry-After` and a JSON error when either is empty. One admin scripting the API cannot
 * starve their colleagues, and one tenant cannot starve another tenant on a shared deployment.
 *
 * In memory on purpose: a limit that keeps one instance responsive needs no shared store, and several
 * instances each enforcing it only multiply the allowance by the instance count.
 */
import type { RequestHandler, Response } from 'express';
import type { RateLimitSettings } from '../../shared/config/app-config';

/** A refusal: how long until a token is back, in whole seconds (Retry-After). */
export interface RateRefusal {
  retryAfterSeconds: number;
  /** Which limit ran out: the caller's own or their whole tenant's. */
  scope: 'user' | 'tenant';
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
}

/** Keys held before idle (full) buckets are swept: bounds memory whatever keys callers present. */
const SWEEP_AT_KEYS = 50_000;

/** Token buckets keyed by string, each refilling at `perSecond` up to `burst`. perSecond 0 = no limit. */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get enabled(): boolean {
    return this.perSecond > 0;
  }

  /** Takes a token from `key`'s bucket; answers the seconds to wait when it is empty (nothing taken). */
  take(key: string): number | undefined {
    if (!this.enabled) return undefined;
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= SWEEP_AT_KEYS) this.sweep(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  /** Gives back a token taken for a request another limit then refused. */
  refund(key: string): void {
    const bucket = this.buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
  }

  /** Keys currently tracked (for tests of the sweep). */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops buckets that have refilled to the burst: a new bucket for the key would be the same. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}

/** The per-user and per-tenant buckets one server shares between its API and its bot. */
export class RateLimiter {
  private readonly users: TokenBuckets;
  private readonly tenants: TokenBuckets;

  constructor(settings: RateLimitSettings, now?: () => number) {
    this.users = new TokenBuckets(settings.userPerSecond, settings.userBurst, now);
    this.tenants = new TokenBuckets(settings.tenantPerSecond, settings.tenantBurst, now);
  }

  /**
   * Counts one request of `userId` (of `userTenantId`, their own tenant) on `tenantId`'s data; a refusal
   * when the user's or that tenant's bucket is empty. An MSP user acting for several customers has one
   * allowance, not one per customer.
   */
  take(tenantId: string, userId: string, userTenantId = tenantId): RateRefusal | undefined {
    // The tenant id is part of the user key: object ids are unique per tenant only in principle.
    const userKey = `${userTenantId}\n${userId}`;
    const userWait = this.users.take(userKey);
    if (userWait !== undefined) return { retryAfterSeconds: userWait, scope: 'user' };
    const tenantWait = this.tenants.take(tenantId);
    if (tenantWait !== undefined) {
      this.users.refund(userKey);
      return { retryAfterSeconds: tenantWait, scope: 'tenant' };
    }
    return undefined;
  }
}

const REFUSAL_MESSAGE: Record<RateRefusal['scope'], string> = {
  user: 'Too many requests from you in a short time; wait a moment and try again.',
  tenant: 'Too many requests from your organisation in a short time; wait a moment and try again.',
};

/** The 429 answer: Retry-After and the API's JSON error shape. */
export function sendRateLimited(res: Pick<Response, 'status' | 'setHeader' | 'json'>, refusal: RateRefusal): void {
  res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  res.status(429).json({ error: { code: 'rate-limited', message: `${REFUSAL_MESSAGE[refusal.scope]} (retry after ${refusal.retryAfterSeconds} s)` } });
}

/**
 * The API's limit: after authentication (and the acting tenant) settle `req.caller`, before the body is
 * read, so a refused request costs no parsing.
 */
export function rateLimit(limiter: RateLimiter): RequestHandler {
  return (req, res, next) => {
    const caller = req.caller;
    if (!caller) return next();
    const refusal = limiter.take(caller.tenantId, caller.userId, caller.homeTenantId ?? caller.tenantId);
    if (refusal) return sendRateLimited(res, refusal);
    next();
  };
}

/** What the bot gate reads of an authenticated turn's activity (a structural slice of botbuilder's Activity). */
export interface TurnActivity {
  conversation?: { tenantId?: string };
  channelData?: { tenant?: { id?: string } };
  from?: { id?: string; aadObjectId?: string };
}

/** The minimal HTTP response botbuilder's adapter writes to (express's, or a stand-in). */
export interface AdapterResponse {
  socket: unknown;
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(body?: unknown): unknown;
  end(): unknown;
}

export interface BotTurnGate {
  /** The response to hand the adapter: the real one, or - once the turn is refused - one that drops its writes. */
  res: AdapterResponse;
  /** Called with the authenticated turn's activity; false = refused, 429 already written. */
  admit(activity: TurnActivity): boolean;
}

/**
 * The bot's limit, keyed on the turn's tenant and Entra object id after the adapter has authenticated the
 * request (keying on an unauthenticated body would let anyone spend a victim's allowance). The adapter
 * writes its own answer after the turn; for a refused turn the gate has answered 429 and drops those writes.
 * `fixedTenantId`: the one tenant every turn belongs to (local mode's demo tenant, as the bot's authorizer sees it).
 */
export function botTurnGate(limiter: RateLimiter, res: Response, fixedTenantId?: string): BotTurnGate {
  let refused = false;
  const passThrough: AdapterResponse = {
    socket: res.socket,
    status: (code) => (refused ? undefined : res.status(code)),
    header: (name, value) => (refused ? undefined : res.header(name, value as string)),
    send: (body) => (refused ? undefined : res.send(body)),
    end: () => (refused ? undefined : res.end()),
  };
  return {
    res: passThrough,
    admit(activity) {
      const tenantId = fixedTenantId ?? (activity.conversation?.tenantId ?? activity.channelData?.tenant?.id ?? '').toLowerCase();
      const userId = activity.from?.aadObjectId ?? activity.from?.id ?? '';
      const refusal = limiter.take(tenantId, userId);
      if (!refusal) return true;
      refused = true;
      // The refused-request log line names the tenant (tab/api/request-log.ts): known here, after authentication.
      res.locals.tenantId = tenantId;
      sendRateLimited(res, refusal);
      return false;
    },
  };
}
