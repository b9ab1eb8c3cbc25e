/**
 * Paged, filtered reads of a tenant's people for the tab's People page (up to 100,000+ rows).
 *
 * The snapshot is loaded from the store once per tenant and kept in memory, keyed by the snapshot's
 * revision (`takenAt`, and site rules re-applied since) plus the annotation key (e.g. the settings
 * version): each page request reads only the small snapshot header to check freshness, so scrolling a
 * 100k list never re-reads SQLite per page.
 * Filtered id lists are memoised too (a few per tenant), so paging through one search is O(page).
 */
import type { PstnPath } from '../domain/planning-settings';
import type { Person, TenantSnapshot } from '../domain/tenant-snapshot';
import type { Store } from '../store/store';
import { loadSnapshot, loadSnapshotHeader, snapshotRevision } from './snapshot-repository';

export const PEOPLE_PAGE_MAX = 500;
export const PEOPLE_PAGE_DEFAULT = 100;

/** Per-person facts from the decision step (effective path, readiness) that the list shows and filters on. */
export interface PersonAnnotation {
  path?: PstnPath;
  /** Where the path came from (override / site-decision / recommendation). */
  pathSource?: string;
  /** Blocker gate codes that hold this person (own and site gates for their path). */
  blockers?: string[];
}

/**
 * Supplies annotations for a snapshot. `key` identifies the inputs (e.g. settings version and
 * inventory import time) so the cache is rebuilt when they change; `load` is called only then.
 */
export interface PeopleAnnotator {
  key(tenantId: string): Promise<string>;
  load(tenantId: string, snapshot: TenantSnapshot): Promise<Map<string, PersonAnnotation>>;
}

export interface PeopleQuery {
  offset?: number;
  limit?: number;
  /** Case-insensitive text matched against name, UPN, mail, department, job title and phone numbers. */
  q?: string;
  /** A site id; `none` = people mapped to no site. */
  siteId?: string;
  path?: PstnPath;
  blocked?: boolean;
  kind?: Person['kind'];
}

export interface PersonRow {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department?: string;
  jobTitle?: string;
  kind: Person['kind'];
  accountEnabled: boolean;
  teamsPhone: Person['teamsPhone'];
  usageLocation?: string;
  siteId?: string;
  siteName?: string;
  /** Why the person maps to no site (site derivation's reason), when they do not. */
  unmappedReason?: string;
  /** First business phone (E.164 when parsed, else raw). */
  phone?: string;
  path?: PstnPath;
  pathSource?: string;
  blockers: string[];
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
  /** Every site of the snapshot with its people count (for the list's site filter; a few dozen at most). */
  sites: SiteFacet[];
}

export interface SiteFacet {
  id: string;
  name: string;
  countryCode?: string;
  people: number;
}

export class PeopleQueryError extends Error {
  readonly code = 'bad-input';
}

interface CachedTenant {
  key: string;
  takenAt: string;
  rows: PersonRow[];
  /** Lower-cased text per row, index-aligned with rows. */
  haystack: string[];
  annotated: boolean;
  sites: SiteFacet[];
  /** Filter key -> matching row indexes (insertion-ordered for a tiny LRU). */
  filtered: Map<string, Int32Array>;
}

const MAX_TENANTS = 4;
const MAX_FILTERS_PER_TENANT = 8;

export interface PeopleQueryService {
  page(tenantId: string, query: PeopleQuery): Promise<PeoplePage>;
  /** How many times a snapshot was read from the store (for tests and diagnostics). */
  readonly loads: number;
  clear(): void;
}

export function createPeopleQueryService(store: Store, annotator?: PeopleAnnotator): PeopleQueryService {
  const cache = new Map<string, CachedTenant>();
  const inflight = new Map<string, Promise<CachedTenant | undefined>>();
  let loads = 0;

  async function currentKey(tenantId: string): Promise<{ key: string; takenAt: string } | undefined> {
    const header = await loadSnapshotHeader(store, tenantId);
    if (!header) return undefined;
    let annotationKey = '';
    if (annotator) {
      try {
        annotationKey = await annotator.key(tenantId);
      } catch {
        annotationKey = 'unavailable';
      }
    }
    return { key: `${snapshotRevision(header)}|${annotationKey}`, takenAt: header.takenAt };
  }

  async function build(tenantId: string, key: string): Promise<CachedTenant | undefined> {
    loads++;
    const snapshot = await loadSnapshot(store, tenantId);
    if (!snapshot) return undefined;
    let annotations: Map<string, PersonAnnotation> | undefined;
    if (annotator) {
      try {
        annotations = await annotator.load(tenantId, snapshot);
      } catch {
        // Decisions may not be computable yet (no settings): the list still works without paths.
        annotations = undefined;
      }
    }
    const siteNames = new Map(snapshot.sites.map((s) => [s.id, s.name]));
    const unmappedReasons = new Map(snapshot.unmappedPeople.map((u) => [u.personId, u.reason]));
    const rows: PersonRow[] = [];
    const haystack: string[] = [];
    const people = [...snapshot.people].sort(
      (a, b) => compareText(a.displayName, b.displayName) || compareText(a.userPrincipalName, b.userPrincipalName),
    );
    for (const p of people) {
      const a = annotations?.get(p.id);
      const phone = p.businessPhones[0] ? (p.businessPhones[0].e164 ?? p.businessPhones[0].raw) : undefined;
      rows.push({
        id: p.id,
        displayName: p.displayName,
        userPrincipalName: p.userPrincipalName,
        department: p.department,
        jobTitle: p.jobTitle,
        kind: p.kind,
        accountEnabled: p.accountEnabled,
        teamsPhone: p.teamsPhone,
        usageLocation: p.usageLocation,
        siteId: p.siteId,
        siteName: p.siteId ? siteNames.get(p.siteId) : undefined,
        unmappedReason: p.siteId ? undefined : unmappedReasons.get(p.id),
        phone,
        path: a?.path,
        pathSource: a?.pathSource,
        blockers: a?.blockers ?? [],
      });
      haystack.push(
        [p.displayName, p.userPrincipalName, p.mail, p.department, p.jobTitle, ...p.businessPhones.map((b) => `${b.raw} ${b.e164 ?? ''}`)]
          .filter(Boolean)
          .join('\n')
          .toLowerCase(),
      );
    }
    const perSite = new Map<string, number>();
    for (const r of rows) if (r.siteId) perSite.set(r.siteId, (perSite.get(r.siteId) ?? 0) + 1);
    const sites = snapshot.sites
      .map((s) => ({ id: s.id, name: s.name, countryCode: s.countryCode, people: perSite.get(s.id) ?? 0 }))
      .sort((a, b) => compareText(a.name, b.name));
    const entry: CachedTenant = {
      key,
      takenAt: snapshot.takenAt,
      rows,
      haystack,
      annotated: Boolean(annotations),
      sites,
      filtered: new Map(),
    };
    cache.delete(tenantId);
    cache.set(tenantId, entry);
    while (cache.size > MAX_TENANTS) cache.delete(cache.keys().next().value as string);
    return entry;
  }

  async function get(tenantId: string): Promise<CachedTenant | undefined> {
    const current = await currentKey(tenantId);
    if (!current) return undefined;
    const hit = cache.get(tenantId);
    if (hit && hit.key === current.key) return hit;
    // Concurrent first requests (the list asks for several pages at once) share one load.
    const flightKey = `${tenantId}|${current.key}`;
    let p = inflight.get(flightKey);
    if (!p) {
      p = build(tenantId, current.key).finally(() => inflight.delete(flightKey));
      inflight.set(flightKey, p);
    }
    return p;
  }

  function matches(entry: CachedTenant, query: PeopleQuery): Int32Array | undefined {
    const q = query.q?.trim().toLowerCase() ?? '';
    if (!q && !query.siteId && !query.path && query.blocked === undefined && !query.kind) return undefined;
    const fkey = JSON.stringify([q, query.siteId ?? '', query.path ?? '', query.blocked ?? '', query.kind ?? '']);
    const hit = entry.filtered.get(fkey);
    if (hit) {
      entry.filtered.delete(fkey);
      entry.filtered.set(fkey, hit);
      return hit;
    }
    const terms = q.split(/\s+/).filter(Boolean);
    const out: number[] = [];
    for (let i = 0; i < entry.rows.length; i++) {
      const r = entry.rows[i];
      if (query.siteId && (query.siteId === 'none' ? r.siteId !== undefined : r.siteId !== query.siteId)) continue;
      if (query.path && r.path !== query.path) continue;
      if (query.blocked !== undefined && r.blockers.length > 0 !== query.blocked) continue;
      if (query.kind && r.kind !== query.kind) continue;
      if (terms.length && !terms.every((t) => entry.haystack[i].includes(t))) continue;
      out.push(i);
    }
    const result = Int32Array.from(out);
    entry.filtered.set(fkey, result);
    while (entry.filtered.size > MAX_FILTERS_PER_TENANT) entry.filtered.delete(entry.filtered.keys().next().value as string);
    return result;
  }

  return {
    get loads() {
      return loads;
    },
    clear() {
      cache.clear();
    },
    async page(tenantId, query) {
      const offset = query.offset ?? 0;
      const limit = query.limit ?? PEOPLE_PAGE_DEFAULT;
      if (!Number.isInteger(offset) || offset < 0) throw new PeopleQueryError('offset must be a whole number of 0 or more.');
      if (!Number.isInteger(limit) || limit < 1 || limit > PEOPLE_PAGE_MAX) {
        throw new PeopleQueryError(`limit must be a whole number from 1 to ${PEOPLE_PAGE_MAX}.`);
      }
      const entry = await get(tenantId);
      if (!entry) {
        return { tenantId, takenAt: '', total: 0, totalAll: 0, offset, limit, items: [], annotated: false, sites: [] };
      }
      const idx = matches(entry, query);
      const total = idx ? idx.length : entry.rows.length;
      const items: PersonRow[] = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) items.push(entry.rows[idx ? idx[i] : i]);
      return {
        tenantId,
        takenAt: entry.takenAt,
        total,
        totalAll: entry.rows.length,
        offset,
        limit,
        items,
        annotated: entry.annotated,
        sites: entry.sites,
      };
    },
  };
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
    if (!/^\d+$/.test(v)) throw new PeopleQueryError(`${name} must be a whole number; got "${v}".`);
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
  return {
    offset: int('offset'),
    limit: int('limit'),
    q,
    siteId: str('siteId'),
    path: path as PstnPath | undefined,
    blocked: blocked === undefined ? undefined : blocked === 'true',
    kind: kind as Person['kind'] | undefined,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The slice of the decision service the annotator needs (kept narrow so tests can fake it). */
export interface DecisionsSource {
  getDecisions(tenantId: string): Promise<{
    paths: { personId: string; path: PstnPath; source: string; siteId?: string }[];
    readiness: {
      gates: { code: string; severity: string; personId?: string; siteId?: string; path?: PstnPath }[];
      blockedPersonIds: string[];
    };
  }>;
}

/**
 * Annotates people with their effective path and blocker codes from the decision step. The key is
 * the versions of the documents decisions depend on besides the snapshot (settings, PBX inventory),
 * so a saved decision or a new import refreshes the list while paging stays cheap.
 */
export function decisionsAnnotator(store: Store, decisions: DecisionsSource, documentKinds: string[]): PeopleAnnotator {
  return {
    async key(tenantId) {
      const versions = await Promise.all(documentKinds.map((k) => store.getDocument(tenantId, k)));
      return versions.map((d) => (d ? `${d.version}@${d.updatedAt}` : '-')).join('|');
    },
    async load(tenantId) {
      const view = await decisions.getDecisions(tenantId);
      const blocked = new Set(view.readiness.blockedPersonIds);
      const own = new Map<string, string[]>();
      const siteGates = new Map<string, { code: string; path?: PstnPath }[]>();
      for (const g of view.readiness.gates) {
        if (g.severity !== 'blocker') continue;
        if (g.personId) own.set(g.personId, [...(own.get(g.personId) ?? []), g.code]);
        else if (g.siteId) siteGates.set(g.siteId, [...(siteGates.get(g.siteId) ?? []), { code: g.code, path: g.path }]);
      }
      const out = new Map<string, PersonAnnotation>();
      for (const p of view.paths) {
        let codes = own.get(p.personId) ?? [];
        if (blocked.has(p.personId) && !codes.length && p.siteId) {
          // Held by a gate of their site for their path (e.g. no emergency address), not by their own account.
          codes = (siteGates.get(p.siteId) ?? []).filter((g) => !g.path || g.path === p.path).map((g) => g.code);
          if (!codes.length) codes = ['blocked'];
        }
        out.set(p.personId, { path: p.path, pathSource: p.source, blockers: [...new Set(codes)] });
      }
      for (const id of blocked) if (!out.has(id)) out.set(id, { blockers: own.get(id) ?? ['blocked'] });
      return out;
    },
  };
}
