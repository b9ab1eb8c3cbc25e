/**
 * Bytes of request bodies being received and parsed at once, per user, per tenant and in all. The rate
 * limit counts requests, not their size: a user's burst of 5 MB bodies (PBX exports sent as JSON) would
 * hold hundreds of megabytes while they arrive and several times that while parsed. A large body
 * reserves its declared size (the router's limit when it declares none, or when it is compressed: the
 * parser inflates it up to that limit) before it is read, and gives it
 * back when its answer is sent or its connection closes; one that would pass a budget is refused with
 * 429 before any of it is read. Small bodies (settings, decisions) are left to the rate limit.
 */
import type { RequestHandler } from 'express';

/** Bodies below this are not counted: the rate limit already bounds what they cost. */
export const SMALL_BODY_BYTES = 64 * 1024;

export interface BodyBudgetSettings {
  /** Two of the router's largest bodies at once per user. */
  userBytes: number;
  tenantBytes: number;
  totalBytes: number;
  /**
   * How long a large body may take to arrive: a client sending a few bytes now and then would otherwise
   * keep its reservation until the server's request timeout (5 minutes), and a handful of them the whole
   * budget. 5 MB in two minutes is 350 kbit/s.
   */
  bodyTimeoutMs: number;
}

export const DEFAULT_BODY_BUDGET: BodyBudgetSettings = {
  userBytes: 10 * 1024 * 1024,
  tenantBytes: 32 * 1024 * 1024,
  totalBytes: 64 * 1024 * 1024,
  bodyTimeoutMs: 120_000,
};

export class BodyBudget {
  private readonly byUser = new Map<string, number>();
  private readonly byTenant = new Map<string, number>();
  private total = 0;

  constructor(readonly settings: BodyBudgetSettings = DEFAULT_BODY_BUDGET) {}

  /** Reserves `bytes` for the user and tenant; which budget would be passed otherwise (nothing reserved). */
  reserve(user: string, tenant: string, bytes: number): 'user' | 'tenant' | 'total' | undefined {
    if ((this.byUser.get(user) ?? 0) + bytes > this.settings.userBytes) return 'user';
    if ((this.byTenant.get(tenant) ?? 0) + bytes > this.settings.tenantBytes) return 'tenant';
    if (this.total + bytes > this.settings.totalBytes) return 'total';
    this.byUser.set(user, (this.byUser.get(user) ?? 0) + bytes);
    this.byTenant.set(tenant, (this.byTenant.get(tenant) ?? 0) + bytes);
    this.total += bytes;
    return undefined;
  }

  release(user: string, tenant: string, bytes: number): void {
    const drop = (map: Map<string, number>, key: string) => {
      const left = (map.get(key) ?? 0) - bytes;
      if (left > 0) map.set(key, left);
      else map.delete(key);
    };
    drop(this.byUser, user);
    drop(this.byTenant, tenant);
    this.total = Math.max(0, this.total - bytes);
  }

  /** Bytes reserved in all (for tests). */
  get inFlight(): number {
    return this.total;
  }
}

const REFUSAL: Record<'user' | 'tenant' | 'total', string> = {
  user: 'You are already sending large requests (such as PBX exports); wait for them to finish and try again.',
  tenant: 'Your organisation is already sending several large requests (such as PBX exports); wait a moment and try again.',
  total: 'The server is receiving many large requests; wait a moment and try again.',
};

/** The API's budget: after the caller is known and the rate limit passed, before the body is read. */
export function limitBodiesInFlight(budget: BodyBudget, maxBodyBytes: number): RequestHandler {
  return (req, res, next) => {
    const caller = req.caller;
    const declared = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
    const chunked = req.headers['transfer-encoding'] !== undefined;
    if (!caller || (!chunked && !declared)) return next();
    // What the body will be once read: a body without a length, or a compressed one (its length is the
    // compressed size; the parser inflates up to its limit), may be as large as the router accepts. One
    // declaring more than the limit is refused (413) by the parser.
    const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    const sized = !chunked && (encoding === '' || encoding === 'identity') && Number.isFinite(declared) && declared! >= 0;
    const bytes = sized ? Math.min(declared!, maxBodyBytes) : maxBodyBytes;
    if (bytes < SMALL_BODY_BYTES) return next();
    const user = `${caller.homeTenantId ?? caller.tenantId}\n${caller.userId}`;
    const refused = budget.reserve(user, caller.tenantId, bytes);
    if (refused) {
      res.setHeader('Retry-After', '5');
      res.status(429).json({ error: { code: 'rate-limited', message: REFUSAL[refused] } });
      return;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      clearTimeout(deadline);
      budget.release(user, caller.tenantId, bytes);
    };
    // A body still arriving at the deadline is answered 408 and its connection closed, which releases it.
    const deadline = setTimeout(() => {
      if (req.complete) return;
      if (!res.headersSent) {
        res.setHeader('Connection', 'close');
        res.status(408).json({ error: { code: 'request-timeout', message: 'The request body took too long to arrive; send it again.' } });
      }
      req.destroy();
      release();
    }, budget.settings.bodyTimeoutMs);
    deadline.unref();
    req.once('end', () => clearTimeout(deadline));
    res.once('finish', release);
    res.once('close', release);
    next();
  };
}
