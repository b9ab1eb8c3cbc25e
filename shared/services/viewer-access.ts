/**
 * Read-only access for people who are not Teams or Global administrators: the `access` section of the
 * planning settings names viewers (users by Entra object id or UPN, or Entra groups by object id).
 *
 * What is checked, in order:
 * 1. the user's object id against the listed ids;
 * 2. UPN entries: against the UPN the caller's token names when there is one (tab SSO); otherwise
 *    (bot messages carry only the object id) each listed UPN is looked up in the last sync's people
 *    (a keyed read per entry) and compared by object id;
 * 3. groups: the token's `groups` claim when present; otherwise, when the deployment can call Graph,
 *    the user's transitive membership of exactly the listed groups (one filtered Graph call, cached
 *    for five minutes). Without either, a group entry admits nobody - it never admits by default.
 */
import type { AppConfig } from '../config/app-config';
import type { Access } from '../domain/planning-settings';
import { GraphHttp } from '../graph/graph-http';
import { graphAccessFor } from '../graph/token-providers';
import type { Store } from '../store/store';
import { createDocumentCache } from '../store/document-cache';
import { SETTINGS_DOCUMENT } from './decision-service';
import { findPeople } from './snapshot-repository';

export interface ViewerIdentity {
  userId: string;
  upn?: string;
  /** Group object ids from the caller's token, when it carries them. */
  groupIds?: string[];
}

/** Which of `groupIds` the user is a member of (directly or nested). */
export type GroupMembershipLookup = (tenantId: string, userId: string, groupIds: string[]) => Promise<string[]>;

const lower = (s: string) => s.trim().toLowerCase();

/** Whether the identity is named by the access list from what it carries alone (ids, UPN, token groups). */
export function namedInAccess(access: Access | undefined, who: ViewerIdentity): boolean {
  if (!access) return false;
  const viewers = new Set(access.viewers.map(lower));
  if (viewers.has(lower(who.userId))) return true;
  if (who.upn && viewers.has(lower(who.upn))) return true;
  const groups = new Set(access.viewerGroups.map(lower));
  return (who.groupIds ?? []).some((g) => groups.has(lower(g)));
}

export interface ViewerCheck {
  (tenantId: string, who: ViewerIdentity): Promise<boolean>;
}

/** The viewer check over a store (the settings document, cached by version) and an optional Graph group lookup. */
export function createViewerCheck(store: Store, groups?: GroupMembershipLookup): ViewerCheck {
  const documents = createDocumentCache(store);
  return async (tenantId, who) => {
    const access = (await documents.get<{ access?: Access }>(tenantId, SETTINGS_DOCUMENT))?.data.access;
    if (!access || (!access.viewers.length && !access.viewerGroups.length)) return false;
    if (namedInAccess(access, who)) return true;
    const upns = access.viewers.filter((v) => v.includes('@'));
    if (upns.length && !who.upn) {
      const people = await findPeople(store, tenantId, upns);
      if (people.some((p) => lower(p.id) === lower(who.userId))) return true;
    }
    if (access.viewerGroups.length && !who.groupIds && groups) {
      return (await groups(tenantId, who.userId, access.viewerGroups)).length > 0;
    }
    return false;
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CACHE_MS = 5 * 60_000;

/**
 * Group membership through Graph, app-only in the user's tenant:
 * `GET /users/{id}/transitiveMemberOf/microsoft.graph.group?$filter=id in (...)&$select=id` (advanced
 * query: `$count=true` and `ConsistencyLevel: eventual`). Undefined when the deployment has no Graph access.
 */
export function configuredGroupLookup(config: AppConfig, now: () => number = Date.now): GroupMembershipLookup | undefined {
  const access = graphAccessFor(config);
  if (!access) return undefined;
  const cache = new Map<string, { groups: string[]; until: number }>();
  return async (tenantId, userId, groupIds) => {
    const wanted = groupIds.filter((g) => GUID.test(g)).map(lower).slice(0, 15);
    if (!GUID.test(tenantId) || !GUID.test(userId) || !wanted.length) return [];
    const key = `${lower(tenantId)}/${lower(userId)}/${wanted.join(',')}`;
    const hit = cache.get(key);
    if (hit && hit.until > now()) return hit.groups;
    const http = new GraphHttp({ baseUrl: access.graphBaseUrl, tokenProvider: access.forTenant(tenantId), retry: { maxRetries: 2, maxTotalWaitMs: 5_000 } });
    const filter = `id in (${wanted.map((g) => `'${g}'`).join(',')})`;
    const { body } = await http.getJson<{ value?: { id?: string }[] }>(
      `/users/${encodeURIComponent(userId)}/transitiveMemberOf/microsoft.graph.group?$count=true&$select=id&$filter=${encodeURIComponent(filter)}`,
      { headers: { ConsistencyLevel: 'eventual' } },
    );
    const groups = (body.value ?? []).map((g) => lower(String(g.id ?? ''))).filter((g) => wanted.includes(g));
    cache.set(key, { groups, until: now() + CACHE_MS });
    if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
    return groups;
  };
}
