/**
 * The People grid's first page, asked for by the shell as soon as it has an API client - while the
 * People page's code is still on its way - rather than by the page after its code arrived and
 * rendered. The page takes the answer for its first request when the query is the same; anything else
 * (another filter, another tenant, an answer older than a few seconds) is asked for again. An answer
 * that has already arrived when the page first renders is taken at once (takeArrivedFirstPeoplePage),
 * so that render has the rows.
 */
import type { ApiClient } from '../../api-client';
import type { PeoplePage as PeopleAnswer } from '../../../../../shared/services/people-query';
import { filterOf, paramsOf } from './people-filters';

/** Rows per server request: big enough to scroll smoothly, well under the server's maximum (500). */
export const PEOPLE_PAGE_SIZE = 200;
/** An answer not taken within this long is dropped: the page asks afresh. */
const KEPT_MS = 10_000;

interface Prefetched {
  key: string;
  at: number;
  answer: Promise<PeopleAnswer>;
  /** The answer once it is in (a page rendering now can show it without waiting a tick). */
  arrived?: PeopleAnswer;
}

let pending: Prefetched | undefined;

/** What identifies a first page: the acting tenant and the grid's query. */
export function firstPageKey(api: ApiClient, filterKey: string): string {
  return `${api.actingTenant.current ?? ''}\n${filterKey}`;
}

/** Starts the first page of `#/people?<params>`. */
export function prefetchFirstPeoplePage(api: ApiClient, params: Record<string, string>): void {
  const filter = filterOf(paramsOf(params));
  // The page has no site list yet: its first answer brings it.
  const answer = api.people({ ...filter, offset: 0, limit: PEOPLE_PAGE_SIZE, facets: 'sites' });
  // A failure is the page's to show when it asks again; not an unhandled rejection here.
  answer.catch(() => undefined);
  const asked: Prefetched = { key: firstPageKey(api, JSON.stringify(filter)), at: Date.now(), answer };
  answer.then(
    (a) => (asked.arrived = a),
    () => undefined,
  );
  pending = asked;
}

/** Settles when the prefetched first page has arrived or failed (at once when none was asked for). */
export function firstPeoplePageSettled(): Promise<void> {
  const settled = pending?.answer.then(
    () => undefined,
    () => undefined,
  );
  return settled ?? Promise.resolve();
}

/** The prefetched first page for `key` if it has arrived, once (the page's first render shows it); else undefined. */
export function takeArrivedFirstPeoplePage(key: string): PeopleAnswer | undefined {
  const p = pending;
  if (!p?.arrived || p.key !== key || Date.now() - p.at >= KEPT_MS) return undefined;
  pending = undefined;
  return p.arrived;
}

/** The prefetched answer for this request, once; undefined = ask the server. */
export function takeFirstPeoplePage(key: string, offset: number, limit: number): Promise<PeopleAnswer> | undefined {
  const p = pending;
  if (!p || offset !== 0 || limit !== PEOPLE_PAGE_SIZE) return undefined;
  pending = undefined;
  return p.key === key && Date.now() - p.at < KEPT_MS ? p.answer : undefined;
}
