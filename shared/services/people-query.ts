/**
 * Paged, filtered reads of a tenant's people for the tab's People page (up to 100,000+ rows), from
 * the `people.view` read model (decisions-read-model.ts): each request reads one page through the
 * store's keys (site, path, blocked, kind) and search text, never the whole tenant.
 *
 * When the settings, the inventory or the snapshot changed since the view was computed, the page is
 * served from the previous view (`refreshing: true`) while a refresh runs off the event loop; only a
 * tenant that has never had a view waits for its first one.
 */
import type { PlanningSettings, PstnPath, UserOverride } from '../domain/planning-settings';
import type { Person } from '../domain/tenant-snapshot';
import { createDocumentCache } from '../store/document-cache';
import { MAX_PAGE_LIMIT, type Store } from '../store/store';
import { SETTINGS_DOCUMENT } from './decision-service';
import type { DecisionsRefresher } from './decisions-refresher';
import { PEOPLE_SORTS, PEOPLE_VIEW, peopleSortCollection, type PeopleSort, type PersonRow, type SiteFacet } from './decisions-read-model';

export type { PeopleSort, PersonRow, SiteFacet } from './decisions-read-model';

export const PEOPLE_PAGE_MAX = 500;
export const PEOPLE_PAGE_DEFAULT = 100;

export interface PeopleQuery {
  offset?: number;
  limit?: number;
  /** Case-insensitive words, each matched against the name, the UPN's local part, phone digits and extensions. */
  q?: string;
  /** Row order: name (default), site, path or readiness (fewest blockers first); `desc` reverses it. */
  sort?: PeopleSort;
  desc?: boolean;
  /** A site id; `none` = people mapped to no site. */
  siteId?: string;
  path?: PstnPath;
  blocked?: boolean;
  kind?: Person['kind'];
  /**
   * `sites`: the answer carries every site with its people count (the grid's site filter). Asked for
   * once by a page that has no list yet, not with every search: a tenant has up to 2,000 sites.
   */
  facets?: 'sites';
}

export interface PeoplePage {
  tenantId: string;
  takenAt: string;
  /** People matching the filters. */
  total: number;
  /** People in the snapshot. */
  totalAll: number;
  offset: number;
  limit: number;
  items: PersonRow[];
  /** False when no decision data was available: path and blocked filters then match nothing. */
  annotated: boolean;
  /** True while paths and blockers are being recomputed after a change; the rows show the previous ones. */
  refreshing: boolean;
  /** Every site of the snapshot with its people count (for the list's site filter), when asked for (`facets`). */
  sites: SiteFacet[];
}

/** A bulk change holds at most this many items (PATCH /api/settings), so "select all" answers no more. */
export const PEOPLE_MATCHING_MAX = 2000;

export type PeopleFilterQuery = Omit<PeopleQuery, 'offset' | 'limit' | 'sort' | 'desc'>;

/** Everyone a filter matches, for "select all matching" and a bulk override of them. */
export interface PeopleMatching {
  /** People the filter matches. */
  total: number;
  /** The most this answer lists; above it `items` is empty and the admin narrows the filter. */
  limit: number;
  /** Every matching person (their People rows, name order) when `total <= limit`; else none. */
  items: PersonRow[];
  /** The stored overrides of those people, as stored (a change sends them as `expected`). */
  overrides: UserOverride[];
  /** The settings version the overrides were read from (null: no settings yet). */
  settingsVersion: number | null;
  /** True while paths and blockers are being recomputed after a change. */
  refreshing: boolean;
}

export class PeopleQueryError extends Error {
  readonly code = 'bad-input';
}

/** The most sites one answer of GET /api/sites lists: a whole list for a tenant of 2,000 sites. */
export const SITES_PAGE_MAX = 2000;

/** The tenant's sites with their people counts (filters and pickers name sites from it), a page at a time. */
export interface SiteFacetPage {
  total: number;
  offset: number;
  limit: number;
  items: SiteFacet[];
  /** True while the view the list comes from is being recomputed. */
  refreshing: boolean;
}

export interface PeopleQueryService {
  page(tenantId: string, query: PeopleQuery): Promise<PeoplePage>;
  /** The same page as JSON text, its rows as stored (what the People route sends). */
  pageJson(tenantId: string, query: PeopleQuery): Promise<string>;
  /** The snapshot's sites in its order, with their people counts (`limit` at most SITES_PAGE_MAX, clamped). */
  sites(tenantId: string, offset: number, limit: number): Promise<SiteFacetPage>;
  /** Everyone `query` matches, up to `limit` (at most PEOPLE_MATCHING_MAX), read through the view's keys. */
  matching(tenantId: string, query: PeopleFilterQuery, limit?: number): Promise<PeopleMatching>;
}

export function createPeopleQueryService(store: Store, refresher: DecisionsRefresher): PeopleQueryService {
  const documents = createDocumentCache(store);
  return {
    async matching(tenantId, query, limit = PEOPLE_MATCHING_MAX) {
      if (!Number.isInteger(limit) || limit < 1 || limit > PEOPLE_MATCHING_MAX) {
        throw new PeopleQueryError(`limit must be a whole number from 1 to ${PEOPLE_MATCHING_MAX}.`);
      }
      const { header, refreshing } = await refresher.view(tenantId, { wait: false });
      const settings = await documents.get<PlanningSettings>(tenantId, SETTINGS_DOCUMENT);
      const none: PeopleMatching = { total: 0, limit, items: [], overrides: [], settingsVersion: settings?.version ?? null, refreshing };
      if (!header) return none;
      const filter = { allKeys: peopleFilterKeys(query), search: searchTerms(query.q) };
      // The count first (the store keeps it per filter): a filter over the limit reads no rows at all.
      const total = (await store.pageCollection(tenantId, PEOPLE_VIEW, { ...filter, limit: 1 })).total;
      if (total > limit) return { ...none, total };
      const items: PersonRow[] = [];
      while (items.length < total) {
        const page = await store.pageCollection<PersonRow>(tenantId, PEOPLE_VIEW, { ...filter, offset: items.length, limit: MAX_PAGE_LIMIT });
        if (!page.items.length) break;
        items.push(...page.items);
      }
      return { ...none, total: items.length, items, overrides: overridesOf(settings?.data, items) };
    },

    async sites(tenantId, offset, limit) {
      const clamped = Math.min(Math.max(limit, 1), SITES_PAGE_MAX);
      // The view's header carries the list (kept parsed while its version is unchanged).
      const { header, refreshing } = await refresher.view(tenantId, { wait: false });
      const all = header?.sites ?? [];
      return { total: all.length, offset, limit: clamped, items: all.slice(offset, offset + clamped), refreshing };
    },

    async page(tenantId, query) {
      const { envelope, rows } = await pageParts(tenantId, query);
      return { ...envelope, items: rows.map((row) => JSON.parse(row) as PersonRow) };
    },

    async pageJson(tenantId, query) {
      const { envelope, rows } = await pageParts(tenantId, query);
      // The rows go out as the store holds them: parsing 100 rows only to serialise them again was
      // about a sixth of a People request's time under load. `items` is put last, after the envelope's fields.
      const head = JSON.stringify(envelope);
      return `${head.slice(0, -1)},"items":[${rows.join(',')}]}`;
    },
  };

  /** A People page's fields but its rows, and the rows as JSON text. */
  async function pageParts(tenantId: string, query: PeopleQuery): Promise<{ envelope: Omit<PeoplePage, 'items'>; rows: string[] }> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? PEOPLE_PAGE_DEFAULT;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new PeopleQueryError('offset must be a whole number of 0 or more.');
    if (!Number.isInteger(limit) || limit < 1 || limit > PEOPLE_PAGE_MAX) {
      throw new PeopleQueryError(`limit must be a whole number from 1 to ${PEOPLE_PAGE_MAX}.`);
    }
    // Only a tenant without any view yet waits; a stale view is served while it is refreshed.
    const { header, refreshing } = await refresher.view(tenantId, { wait: false });
    if (!header) {
      return { envelope: { tenantId, takenAt: '', total: 0, totalAll: 0, offset, limit, annotated: false, refreshing: false, sites: [] }, rows: [] };
    }
    const keys = peopleFilterKeys(query);
    const page = await pagePeopleViewJson(store, tenantId, { keys, search: searchTerms(query.q), sort: query.sort ?? 'name', desc: query.desc === true, offset, limit });
    const envelope = {
      tenantId,
      takenAt: header.snapshotTakenAt,
      total: page.total,
      totalAll: header.people,
      offset,
      limit,
      annotated: true,
      refreshing,
      sites: query.facets === 'sites' ? header.sites : [],
    };
    return { envelope, rows: page.items };
  }
}

/** The stored overrides of `people` (an override is stored under an object id or a UPN, in any case). */
function overridesOf(settings: PlanningSettings | undefined, people: readonly PersonRow[]): UserOverride[] {
  const users = settings?.decisions?.users ?? [];
  if (!users.length) return [];
  const wanted = new Set<string>();
  for (const p of people) {
    wanted.add(p.id.toLowerCase());
    wanted.add(p.userPrincipalName.toLowerCase());
  }
  return users.filter((u) => wanted.has(u.user.toLowerCase()));
}

/** The people view's keys a query's filters select. */
export function peopleFilterKeys(query: Pick<PeopleQuery, 'siteId' | 'path' | 'blocked' | 'kind'>): string[] {
  return [
    ...(query.siteId !== undefined ? [`site:${query.siteId}`] : []),
    ...(query.path !== undefined ? [`path:${query.path}`] : []),
    ...(query.blocked !== undefined ? [`blocked:${query.blocked}`] : []),
    ...(query.kind !== undefined ? [`kind:${query.kind}`] : []),
  ];
}

/**
 * The store's search string for a query: lower case, and phone-like terms ("+1", "(206)", "431-2005")
 * reduced to their digits, as phone numbers are kept in the search text.
 */
export function searchTerms(q: string | undefined): string | undefined {
  const terms = (q ?? '')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((t) => (/^[+\d().\-/]+$/.test(t) && /\d/.test(t) ? t.replace(/\D/g, '') : t))
    .filter(Boolean);
  return terms.length ? terms.join(' ') : undefined;
}

export interface ViewPageQuery {
  keys: string[];
  search?: string;
  sort: PeopleSort;
  desc: boolean;
  offset: number;
  limit: number;
}

/**
 * One page of the people view in the order asked. Name order is the view's own id order; other orders
 * page a pointer collection (same keys and search text) and read the page's rows by id. A descending
 * page is the mirrored ascending page, reversed: the count of a filter is kept by the store, so knowing
 * the total first costs little.
 */
export async function pagePeopleView(store: Store, tenantId: string, q: ViewPageQuery): Promise<{ total: number; items: PersonRow[] }> {
  const page = await pagePeopleViewJson(store, tenantId, q);
  return { total: page.total, items: page.items.map((row) => JSON.parse(row) as PersonRow) };
}

/** pagePeopleView with each row as JSON text, for an answer that sends the rows as they are stored. */
export async function pagePeopleViewJson(store: Store, tenantId: string, q: ViewPageQuery): Promise<{ total: number; items: string[] }> {
  const collection = q.sort === 'name' ? PEOPLE_VIEW : peopleSortCollection(q.sort);
  const filter = { allKeys: q.keys, search: q.search };
  let offset = q.offset;
  let limit = q.limit;
  if (q.desc) {
    const total = (await store.pageCollection(tenantId, collection, { ...filter, offset: 0, limit: 1 })).total;
    const end = Math.max(0, total - q.offset);
    offset = Math.max(0, end - q.limit);
    limit = end - offset;
    if (limit === 0) return { total, items: [] };
  }
  let total: number;
  let items: string[];
  if (q.sort === 'name') {
    ({ total, items } = await store.pageCollectionJson(tenantId, collection, { ...filter, offset, limit }));
  } else {
    const page = await store.pageCollection<string>(tenantId, collection, { ...filter, offset, limit });
    if (page.total === 0 && (await store.pageCollection(tenantId, PEOPLE_VIEW, { ...filter, limit: 1 })).total > 0) {
      // A view stored before this order existed has no pointer collection yet (the next refresh writes
      // it): serve name order rather than an empty grid.
      return pagePeopleViewJson(store, tenantId, { ...q, sort: 'name' });
    }
    const rows = await Promise.all(page.items.map((rowId) => store.getRecord<PersonRow>(tenantId, PEOPLE_VIEW, rowId)));
    total = page.total;
    items = rows.filter((r): r is PersonRow => r !== undefined).map((r) => JSON.stringify(r));
  }
  if (q.desc) items.reverse();
  return { total, items };
}

/** Parses the route's query string into a PeopleQuery; rejects what it cannot read instead of guessing. */
export function parsePeopleQuery(raw: Record<string, unknown>): PeopleQuery {
  const str = (name: string): string | undefined => {
    const v = raw[name];
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') throw new PeopleQueryError(`${name} must be given once.`);
    return v;
  };
  const int = (name: string): number | undefined => {
    const v = str(name);
    if (v === undefined) return undefined;
    // Safe integers only: 1e20 is digits, but no store can page with it.
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new PeopleQueryError(`${name} must be a whole number; got "${v}".`);
    return Number(v);
  };
  const path = str('path');
  if (path !== undefined && !['OC', 'DR', 'CP', 'PBX'].includes(path)) {
    throw new PeopleQueryError(`path must be OC, DR, CP or PBX; got "${path}".`);
  }
  const blocked = str('blocked');
  if (blocked !== undefined && blocked !== 'true' && blocked !== 'false') {
    throw new PeopleQueryError(`blocked must be true or false; got "${blocked}".`);
  }
  const kind = str('kind');
  if (kind !== undefined && kind !== 'user' && kind !== 'resourceAccount') {
    throw new PeopleQueryError(`kind must be user or resourceAccount; got "${kind}".`);
  }
  const q = str('q');
  if (q && q.length > 200) throw new PeopleQueryError('q is longer than 200 characters.');
  const sort = str('sort');
  if (sort !== undefined && sort !== 'name' && !(PEOPLE_SORTS as readonly string[]).includes(sort)) {
    throw new PeopleQueryError(`sort must be name, ${PEOPLE_SORTS.join(', ')}; got "${sort}".`);
  }
  const dir = str('dir');
  if (dir !== undefined && dir !== 'asc' && dir !== 'desc') throw new PeopleQueryError(`dir must be asc or desc; got "${dir}".`);
  const facets = str('facets');
  if (facets !== undefined && facets !== 'sites') throw new PeopleQueryError(`facets must be sites; got "${facets}".`);
  return {
    offset: int('offset'),
    limit: int('limit'),
    q,
    sort: sort as PeopleSort | undefined,
    desc: dir === undefined ? undefined : dir === 'desc',
    siteId: str('siteId'),
    path: path as PstnPath | undefined,
    blocked: blocked === undefined ? undefined : blocked === 'true',
    kind: kind as Person['kind'] | undefined,
    facets: facets as PeopleQuery['facets'],
  };
}
