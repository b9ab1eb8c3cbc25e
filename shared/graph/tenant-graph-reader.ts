/**
 * Reads what the planner needs from Graph: organization, users (sharded and parallel, or plain
 * paging), user delta, places, Teams number assignments and user configurations. Paging is guarded:
 * a page without `value`, a nextLink to another origin or a nextLink seen before (endless loop) stops
 * the read with an error that names the request. A record repeated across pages (the directory or the
 * numbers changed while they were read) is taken once, its later copy, with a warning. Optional APIs
 * that are missing (national clouds, permissions not granted) become warnings.
 */
import type { SnapshotWarning } from '../domain/tenant-snapshot';
import { GraphRequestError } from './graph-errors';
import { KeyedRecords } from './keyed-records';
import { NumberPages } from './number-pages';
import type { GraphHttp, GraphJson } from './graph-http';
import {
  GraphNumberAssignment,
  GraphOrganization,
  GraphPage,
  GraphPlace,
  GraphSubscribedSku,
  GraphUser,
  GraphUserConfiguration,
  NUMBER_ASSIGNMENTS_PATH,
  USER_CONFIGURATIONS_PATH,
  USER_SELECT_WITH_PLANS,
} from './graph-types';

export interface PageEvent {
  /** 'users', 'places', 'numbers', ... */
  collection: string;
  items: number;
}

export interface ReaderOptions {
  /** Parallel requests when reading sharded users. */
  concurrency?: number;
  /** UPN-prefix shards; false = plain paging only. */
  userShards?: readonly string[] | false;
  /** Pages per collection before the reader assumes it is being led in circles. */
  maxPagesPerCollection?: number;
  onPage?: (event: PageEvent) => void;
}

/**
 * UPN prefixes may only hold letters, digits and ' . - _ ! # ^ ~ and cannot start with a period,
 * so these first characters partition every tenant's users; startswith is case-insensitive.
 */
export const UPN_FIRST_CHARACTERS: readonly string[] = [
  ...'abcdefghijklmnopqrstuvwxyz0123456789',
  "'",
  '-',
  '_',
  '!',
  '#',
  '^',
  '~',
];

const OPTIONAL_API_STATUS = new Set([400, 403, 404, 501]);
/** The least privileged application permission of each optional read, as Microsoft documents it. */
const PLACES_PERMISSION = 'Place.Read.All';
const NUMBERS_PERMISSION = 'TeamsTelephoneNumber.Read.All';
const USER_CONFIGURATIONS_PERMISSION = 'TeamsUserConfiguration.Read.All';
const USER_PAGE_SIZE = 999;
const NUMBER_PAGE_SIZE = 1000;
/** Each numbers page after the first starts on the last number of the page before. */
const NUMBER_PAGE_STRIDE = NUMBER_PAGE_SIZE - 1;
/** A page that slid back is followed by re-reads of the boundary, this many numbers either side, widening. */
const NUMBER_REREAD_HALF_WIDTHS = [100, 250, 500] as const;

/** Where numbers page `pageNo` (from 1) starts. */
function numberPageStart(pageNo: number): number {
  return pageNo === 1 ? 0 : (pageNo - 1) * NUMBER_PAGE_STRIDE;
}

/** What moving numbers did to the read, for the sync's warnings. */
function numberPagingWarnings(pages: NumberPages): SnapshotWarning[] {
  const out: SnapshotWarning[] = [];
  if (pages.repeated > 0) {
    out.push({
      code: 'numbers-repeated-across-pages',
      message: `${pages.repeated} Teams number${pages.repeated === 1 ? '' : 's'} came back on a later page because numbers changed while they were read; each was taken once (its later copy).`,
    });
  }
  if (pages.windows > 0) {
    out.push({
      code: 'numbers-window-reread',
      message: `Numbers moved between pages while they were read: ${pages.windows} window${pages.windows === 1 ? '' : 's'} re-read, ${pages.recovered} number${pages.recovered === 1 ? '' : 's'} found that paging alone would have missed.`,
    });
  }
  if (pages.unresolved > 0) {
    out.push({
      code: 'numbers-may-be-incomplete',
      message: `Numbers kept moving while ${pages.unresolved} page boundar${pages.unresolved === 1 ? 'y was' : 'ies were'} re-read; a few numbers assigned during the sync may be missing until the next sync.`,
    });
  }
  return out;
}

/** Users that came back on a later page or in a second shard, for the sync's warnings. */
function usersPagingWarnings(repeated: number): SnapshotWarning[] {
  if (repeated === 0) return [];
  return [
    {
      code: 'users-repeated-across-pages',
      message: `${repeated} user${repeated === 1 ? '' : 's'} came back on a later page because the directory changed while it was read; each was taken once (its later copy).`,
    },
  ];
}

export interface UsersRead<T = GraphUser> {
  users: T[];
  mode: 'sharded' | 'paged';
  warnings: SnapshotWarning[];
}

export interface DeltaRead {
  changes: GraphUser[];
  deltaLink: string;
}

export class TenantGraphReader {
  private readonly concurrency: number;
  private readonly maxPages: number;

  constructor(
    private readonly http: GraphHttp,
    private readonly options: ReaderOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.maxPages = options.maxPagesPerCollection ?? 20_000;
  }

  async readOrganization(): Promise<{ id: string; displayName: string }> {
    const { body, url } = await this.http.getJson<GraphPage<GraphOrganization>>('/organization?$select=id,displayName');
    const org = Array.isArray(body?.value) ? body.value[0] : undefined;
    if (!org?.id) throw new GraphRequestError('invalid-record', 'The organization response holds no tenant id', `GET ${url}`);
    return { id: org.id, displayName: org.displayName ?? org.id };
  }

  /**
   * Users with the planner's `$select`, in parallel UPN shards when possible, else plain paging.
   * `map` runs as each page arrives, so the work overlaps the network wait and raw pages are dropped early.
   */
  async readUsers<T = GraphUser>(
    map: (user: GraphUser, path: string) => T = (u) => u as unknown as T,
    select: readonly string[] = USER_SELECT_WITH_PLANS,
  ): Promise<UsersRead<T>> {
    const shards = this.options.userShards === undefined ? UPN_FIRST_CHARACTERS : this.options.userShards;
    const warnings: SnapshotWarning[] = [];
    if (shards && shards.length > 1) {
      const sharded = await this.readUsersSharded(shards, map, select).catch((err: unknown) => {
        // Filters are refused by some Graph-compatible endpoints: plain paging always works.
        if (err instanceof GraphRequestError && err.code === 'http-error' && (err.status === 400 || err.status === 501)) {
          warnings.push({ code: 'users-shards-unsupported', message: `Sharded user read refused (${err.message}); read by plain paging instead.`, request: err.request });
          return undefined;
        }
        throw err;
      });
      if (sharded) {
        const expected = await this.countUsers(warnings);
        if (expected === undefined || expected === sharded.size) {
          return { users: sharded.values(), mode: 'sharded', warnings: [...warnings, ...usersPagingWarnings(sharded.repeated)] };
        }
        warnings.push({
          code: 'users-shards-incomplete',
          message: `Sharded read returned ${sharded.size} users but the tenant counts ${expected}; read again by plain paging.`,
        });
      }
    }
    const users = new KeyedRecords<T>();
    for await (const page of this.pages<GraphUser>(`/users?$select=${select.join(',')}&$top=${USER_PAGE_SIZE}`, 'users')) {
      takeUsers(users, page.items, page.label, map);
    }
    return { users: users.values(), mode: 'paged', warnings: [...warnings, ...usersPagingWarnings(users.repeated)] };
  }

  /**
   * Each shard's users apart, merged in shard order at the end (the same order however the requests
   * interleave); a user read in two shards (renamed between the reads) is kept once, the copy read last.
   */
  private async readUsersSharded<T>(shards: readonly string[], map: (user: GraphUser, path: string) => T, select: readonly string[]): Promise<KeyedRecords<T>> {
    const results: KeyedRecords<T>[] = new Array(shards.length);
    const clock = { pages: 0 };
    let next = 0;
    let failure: unknown;
    const worker = async () => {
      // After one shard fails the others stop at their next page, so nothing keeps running behind the error.
      while (next < shards.length && failure === undefined) {
        const index = next++;
        const prefix = shards[index];
        const filter = encodeURIComponent(`startswith(userPrincipalName,'${prefix.replace(/'/g, "''")}')`);
        const out = new KeyedRecords<T>();
        try {
          for await (const page of this.pages<GraphUser>(
            `/users?$select=${select.join(',')}&$top=${USER_PAGE_SIZE}&$filter=${filter}`,
            'users',
            `users shard "${prefix}"`,
          )) {
            if (failure !== undefined) return;
            takeUsers(out, page.items, page.label, map, ++clock.pages);
          }
        } catch (err) {
          failure ??= err;
          return;
        }
        results[index] = out;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, shards.length) }, worker));
    if (failure !== undefined) throw failure;
    const all = new KeyedRecords<T>();
    for (const shard of results) all.takeAll(shard);
    return all;
  }

  private async countUsers(warnings: SnapshotWarning[]): Promise<number | undefined> {
    try {
      const { body } = await this.http.getJson<unknown>('/users/$count', { headers: { ConsistencyLevel: 'eventual' } });
      return typeof body === 'number' ? body : undefined;
    } catch (err) {
      if (err instanceof GraphRequestError && err.code === 'http-error') {
        warnings.push({ code: 'users-count-unavailable', message: `Could not cross-check the sharded read against /users/$count: ${err.message}`, request: err.request });
        return undefined;
      }
      throw err;
    }
  }

  /** A delta link for "now", without reading the data (`$deltatoken=latest`). Undefined when unsupported. */
  async latestDeltaLink(warnings: SnapshotWarning[], select: readonly string[] = USER_SELECT_WITH_PLANS): Promise<string | undefined> {
    try {
      let link: string | undefined;
      for await (const page of this.pages<GraphUser>(`/users/delta?$select=${select.join(',')}&$deltatoken=latest`, 'users-delta')) {
        link = page.deltaLink ?? link;
      }
      return link;
    } catch (err) {
      if (err instanceof GraphRequestError && err.code === 'http-error' && OPTIONAL_API_STATUS.has(err.status ?? 0)) {
        warnings.push({ code: 'delta-unavailable', message: `Incremental sync is not available: ${err.message}`, request: err.request });
        return undefined;
      }
      throw err;
    }
  }

  /** Changes since a stored delta link; throws `sync-state-not-found` when the link expired. */
  async readUserDelta(deltaLink: string): Promise<DeltaRead> {
    const changes: GraphUser[] = [];
    let link: string | undefined;
    try {
      for await (const page of this.pages<GraphUser>(deltaLink, 'users-delta')) {
        for (const item of page.items) changes.push(item);
        link = page.deltaLink ?? link;
      }
    } catch (err) {
      if (err instanceof GraphRequestError && (err.graphCode === 'syncStateNotFound' || err.graphCode === 'resyncRequired' || err.status === 410)) {
        throw new GraphRequestError('sync-state-not-found', `The stored delta link has expired (${err.graphCode ?? err.status}): a full sync is needed`, err.request, err.status, err.graphCode);
      }
      throw err;
    }
    if (!link) throw new GraphRequestError('invalid-record', 'The delta read ended without an @odata.deltaLink', `GET ${deltaLink}`);
    return { changes, deltaLink: link };
  }

  /**
   * The tenant's SKUs with their service plans and states; undefined (and a warning) where they cannot
   * be read: `/subscribedSkus` needs LicenseAssignment.Read.All, and a delegated caller also a role such
   * as Global Reader or Directory Readers, which a Teams administrator often does not have.
   */
  async readSubscribedSkus(warnings: SnapshotWarning[]): Promise<GraphSubscribedSku[] | undefined> {
    return this.optional(
      warnings,
      'subscribed-skus-unavailable',
      "The tenant's licences (subscribedSkus)",
      () => this.collect<GraphSubscribedSku>('/subscribedSkus', 'licences'),
      "so every user's assignedPlans is read instead: about ten times the data where users hold Microsoft 365 E5. Grant " +
        'LicenseAssignment.Read.All (and, signed in as an admin, a role such as Global Reader) for the smaller read.',
    );
  }

  /**
   * Rooms, room lists and buildings (where the tenant has them), all from v1.0: buildings are in v1.0
   * now, and beta is not supported for production use.
   */
  async readPlaces(warnings: SnapshotWarning[]): Promise<{ rooms: GraphPlace[]; roomLists: GraphPlace[]; buildings: GraphPlace[] }> {
    const place = (code: string, what: string, path: string) =>
      this.optional(warnings, code, what, () => this.collect<GraphPlace>(path, 'places'), undefined, PLACES_PERMISSION);
    const rooms = (await place('places-rooms-unavailable', 'rooms', '/places/microsoft.graph.room?$top=100')) ?? [];
    const roomLists = (await place('places-roomlists-unavailable', 'room lists', '/places/microsoft.graph.roomlist?$top=100')) ?? [];
    const buildings = (await place('places-buildings-unavailable', 'buildings', '/places/microsoft.graph.building?$top=1000')) ?? [];
    return { rooms, roomLists, buildings };
  }

  /**
   * Teams numbers: `$top=1000` and `$skip`. `$skip` allows reading pages in parallel windows; a
   * service that sends an opaque nextLink instead is followed page by page. Numbers are assigned while a
   * migration runs, so the collection may shift between pages: each page overlaps the one before by a
   * number, repeats are taken once (the later copy) and a page that slid back is followed by a bounded
   * re-read of the window before it (number-pages.ts); both are reported as warnings, not failures.
   */
  async readNumbers(warnings: SnapshotWarning[]): Promise<GraphNumberAssignment[] | undefined> {
    const read = async () => {
      const collected = new NumberPages();
      const fetchRange = async (skip: number, top: number) => {
        const path = `${NUMBER_ASSIGNMENTS_PATH}?$top=${top}&$skip=${skip}`;
        const { body, url } = await this.http.getJson<GraphPage<GraphNumberAssignment>>(path);
        const items = requireValue(body, url);
        this.options.onPage?.({ collection: 'numbers', items: items.length });
        return { items, url, nextLink: body['@odata.nextLink'] };
      };
      const fetchPage = (pageNo: number) => fetchRange(numberPageStart(pageNo), NUMBER_PAGE_SIZE);
      /** Re-reads the boundary before a page that slid back, wider each time, until a window covers the gap. */
      const rereadBefore = async (pageNo: number, pageFirst: string) => {
        const start = numberPageStart(pageNo);
        for (const half of NUMBER_REREAD_HALF_WIDTHS) {
          const skip = Math.max(0, start - half);
          const window = await fetchRange(skip, Math.min(NUMBER_PAGE_SIZE, start + half - skip));
          if (collected.addWindow(window.items, pageFirst, `numbers re-read before page ${pageNo}`, `GET ${window.url}`, skip === 0)) return;
        }
        collected.unresolved++;
      };
      const accept = async (pageNo: number, items: GraphNumberAssignment[], url: string) => {
        const slidBackTo = collected.addPage(items, pageNo > 1, `numbers page ${pageNo}`, `GET ${url}`);
        if (slidBackTo !== undefined) await rereadBefore(pageNo, slidBackTo);
      };
      const first = await fetchPage(1);
      await accept(1, first.items, first.url);
      // A nextLink that only moves $skip on is ignored: this reader moves $skip itself, overlapping the pages.
      if (first.nextLink && !isSkipLink(first.nextLink)) {
        let pageNo = 1;
        for await (const page of this.pages<GraphNumberAssignment>(first.nextLink, 'numbers')) collected.addPage(page.items, false, `numbers page ${++pageNo}`, page.label);
        warnings.push(...numberPagingWarnings(collected));
        return collected.values();
      }
      // A sliding window: `concurrency` pages stay in flight and each finished page makes room for the
      // next, so one slow page holds up only itself, not a whole batch. Pages are accepted in order, up to
      // the first short one (the end); the few requested past the end come back empty and are dropped.
      const inFlight = new Map<number, ReturnType<typeof fetchPage>>();
      let nextToRequest = 2;
      try {
        for (let pageNo = 2, done = first.items.length < NUMBER_PAGE_SIZE; !done; pageNo++) {
          while (inFlight.size < this.concurrency) {
            if (nextToRequest > this.maxPages) {
              if (inFlight.size > 0) break;
              throw new GraphRequestError('too-many-pages', `numbers: more than ${this.maxPages} pages`);
            }
            const request = fetchPage(nextToRequest);
            // Awaited in order below; until then a failure must not count as unhandled.
            request.catch(() => undefined);
            inFlight.set(nextToRequest++, request);
          }
          const page = await inFlight.get(pageNo)!;
          inFlight.delete(pageNo);
          await accept(pageNo, page.items, page.url);
          done = page.items.length < NUMBER_PAGE_SIZE;
        }
      } finally {
        // No request outlives the read, whether it ended at the last page or at an error.
        await Promise.allSettled(inFlight.values());
      }
      warnings.push(...numberPagingWarnings(collected));
      return collected.values();
    };
    return this.optional(warnings, 'numbers-api-unavailable', 'Teams telephone numbers', read, undefined, NUMBERS_PERMISSION);
  }

  async readUserConfigurations(warnings: SnapshotWarning[]): Promise<GraphUserConfiguration[] | undefined> {
    return this.optional(
      warnings,
      'user-configurations-unavailable',
      'Teams user configurations',
      () => this.collect<GraphUserConfiguration>(`${USER_CONFIGURATIONS_PATH}?$top=999`, 'userConfigurations'),
      undefined,
      USER_CONFIGURATIONS_PERMISSION,
    );
  }

  private async collect<T>(path: string, collection: string, version?: string): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(path, collection, collection, version)) out.push(...page.items);
    return out;
  }

  private async optional<T>(
    warnings: SnapshotWarning[],
    code: string,
    what: string,
    read: () => Promise<T>,
    consequence = 'the snapshot is built without them.',
    /** The application permission the API needs: a 403 names it, so the admin knows what to grant. */
    permission?: string,
  ): Promise<T | undefined> {
    try {
      return await read();
    } catch (err) {
      if (err instanceof GraphRequestError && err.code === 'http-error' && OPTIONAL_API_STATUS.has(err.status ?? 0)) {
        const grant = err.status === 403 && permission ? ` Grant the app ${permission} to read them.` : '';
        warnings.push({ code, message: `${what} could not be read (HTTP ${err.status}${err.graphCode ? ` ${err.graphCode}` : ''}); ${consequence}${grant}`, request: err.request });
        return undefined;
      }
      throw err;
    }
  }

  /** Follows nextLinks with origin, shape and loop checks. */
  async *pages<T>(
    first: string,
    collection: string,
    label = collection,
    version = 'v1.0',
  ): AsyncGenerator<{ items: T[]; label: string; deltaLink?: string }> {
    const visited = new Set<string>();
    let next: string | undefined = first;
    for (let pageNo = 1; next; pageNo++) {
      if (pageNo > this.maxPages) throw new GraphRequestError('too-many-pages', `${label}: more than ${this.maxPages} pages; stopped`, `GET ${next}`);
      const absolute = this.http.absolute(next, version);
      const key = canonicalUrl(absolute);
      if (visited.has(key)) {
        throw new GraphRequestError('next-link-loop', `${label}: page ${pageNo} links back to a page already read; stopped to avoid an endless loop`, `GET ${absolute}`);
      }
      visited.add(key);
      const response: GraphJson<GraphPage<T>> = await this.http.getJson<GraphPage<T>>(next, { version });
      const { body, url } = response;
      const items: T[] = requireValue(body, url);
      this.options.onPage?.({ collection, items: items.length });
      next = body['@odata.nextLink'];
      yield { items, label: `${label} page ${pageNo}`, deltaLink: body['@odata.deltaLink'] };
    }
  }
}

/** A nextLink to the numbers collection that pages by `$skip` alone (no opaque `$skiptoken`). */
function isSkipLink(link: string): boolean {
  try {
    const u = new URL(link, 'https://graph.invalid');
    return u.pathname.endsWith(NUMBER_ASSIGNMENTS_PATH) && u.searchParams.has('$skip') && !u.searchParams.has('$skiptoken');
  } catch {
    return false;
  }
}

/** Same page, however the server ordered or encoded the query. */
function canonicalUrl(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${u.origin}${decodeURIComponent(u.pathname)}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

function requireValue<T>(body: GraphPage<T> | null, url: string): T[] {
  if (!body || typeof body !== 'object' || !Array.isArray(body.value)) {
    throw new GraphRequestError('page-missing-value', 'The page has no "value" array', `GET ${url}`);
  }
  return body.value;
}

/**
 * Takes a page of users by id. A user read before (the directory changed under the pager) is taken once,
 * its later copy, and counted for a warning. `at`: when the page was read, for shards merged later.
 */
function takeUsers<T>(out: KeyedRecords<T>, items: GraphUser[], label: string, map: (user: GraphUser, path: string) => T, at?: number): void {
  for (let i = 0; i < items.length; i++) {
    const u = items[i];
    const id = u?.id;
    if (typeof id !== 'string' || id === '') {
      throw new GraphRequestError('invalid-record', `${label}: value[${i}].id is missing or not a string`);
    }
    out.take(id, map(u, `${label} value[${i}]`), at === undefined ? {} : { at });
  }
}
