/**
 * The bot's admin check: bot messages carry no token with `wids`, so the user's directory roles are read
 * through Graph, app-only in the user's own tenant:
 * `GET /users/{id}/transitiveMemberOf/microsoft.graph.directoryRole?$select=roleTemplateId`
 * (transitive, so roles held through a role-assignable group count too). Results are cached per
 * tenant + user for five minutes, so a conversation costs one Graph call, and a removed role stops
 * working within minutes. Any failure throws: a role check that could not be made never allows.
 */
import type { AppConfig } from '../config/app-config';
import { GraphHttp } from '../graph/graph-http';
import { graphAccessFor } from '../graph/token-providers';
import type { TokenProvider } from '../graph/graph-middleware';
import type { RetryOptions } from '../graph/retry-policy';

/** Same shape as bot/bot-endpoint's RoleLookup (kept here so shared/ never imports bot/). */
export type GraphRoleLookup = (tenantId: string, userObjectId: string) => Promise<string[]>;

export class RoleLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleLookupError';
  }
}

export interface GraphRoleLookupOptions {
  graphBaseUrl: string;
  /** App-only token provider for a tenant. */
  tokenFor(tenantId: string): TokenProvider;
  ttlMs?: number;
  /** Bound on cached users, so a large tenant cannot grow the cache without limit. */
  maxEntries?: number;
  now?: () => number;
  /** A bot user waits for this: retry briefly, then refuse. */
  retry?: Partial<RetryOptions>;
}

export const ROLE_CACHE_TTL_MS = 5 * 60_000;
const MAX_PAGES = 20;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RolesPage {
  value?: { roleTemplateId?: unknown }[];
  '@odata.nextLink'?: string;
}

export function createGraphRoleLookup(options: GraphRoleLookupOptions): GraphRoleLookup {
  const ttl = options.ttlMs ?? ROLE_CACHE_TTL_MS;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { roles: string[]; expiresAt: number }>();
  const inFlight = new Map<string, Promise<string[]>>();

  async function read(tenantId: string, userId: string): Promise<string[]> {
    const http = new GraphHttp({
      baseUrl: options.graphBaseUrl,
      tokenProvider: options.tokenFor(tenantId),
      retry: { maxRetries: 2, maxTotalWaitMs: 5_000, ...options.retry },
    });
    const roles = new Set<string>();
    let next: string | undefined = `/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.directoryRole?$select=roleTemplateId`;
    for (let page = 0; next; page++) {
      if (page >= MAX_PAGES) throw new Error(`more than ${MAX_PAGES} pages of directory roles`);
      const { body }: { body: RolesPage } = await http.getJson<RolesPage>(next);
      if (!Array.isArray(body?.value)) throw new Error('the answer has no "value" list');
      for (const role of body.value) {
        if (typeof role?.roleTemplateId !== 'string' || !GUID.test(role.roleTemplateId)) throw new Error('a directory role has no valid roleTemplateId');
        roles.add(role.roleTemplateId.toLowerCase());
      }
      next = body['@odata.nextLink'];
    }
    return [...roles];
  }

  return async (tenantIdRaw, userIdRaw) => {
    const tenantId = tenantIdRaw.toLowerCase();
    const userId = userIdRaw.toLowerCase();
    // Both end up in a URL and a token request: accept Entra ids only.
    if (!GUID.test(tenantId) || !GUID.test(userId)) throw new RoleLookupError(`Cannot check admin roles: "${tenantIdRaw}" / "${userIdRaw}" are not Entra ids.`);
    const key = `${tenantId}/${userId}`;
    const hit = cache.get(key);
    if (hit && now() < hit.expiresAt) return [...hit.roles];
    let pending = inFlight.get(key);
    if (!pending) {
      pending = read(tenantId, userId)
        .then((roles) => {
          // Only answers are cached; a failure is retried on the next message.
          cache.delete(key);
          cache.set(key, { roles, expiresAt: now() + ttl });
          if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
          return roles;
        })
        .catch((err: unknown) => {
          throw new RoleLookupError(`Could not check the admin roles of user ${userId} in tenant ${tenantId} through Microsoft Graph: ${(err as Error).message}`);
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return [...(await pending)];
  };
}

/** The deployment's role lookup (app-only Graph per tenant), or undefined without AAD_APP_CLIENT_SECRET. */
export function configuredRoleLookup(config: AppConfig, options: Partial<Omit<GraphRoleLookupOptions, 'graphBaseUrl' | 'tokenFor'>> = {}): GraphRoleLookup | undefined {
  const access = graphAccessFor(config);
  if (!access) return undefined;
  return createGraphRoleLookup({ ...options, graphBaseUrl: access.graphBaseUrl, tokenFor: (tenantId) => access.forTenant(tenantId) });
}
