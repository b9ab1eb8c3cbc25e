/**
 * The tab's location is its URL hash: `#/<page>[/<item>][?filters]`. A reload, a shared link, a Teams
 * deep link (subEntityId) and the browser's Back button all land on the same view, filters and
 * selected item. App.tsx parses the hash into a Route and hands it to the page with `navigate`.
 *
 * Pages follow `route.params` / `route.item` (they are not remounted when only those change) and
 * write their state back with `navigate`: `{ replace: true }` for filter typing, so Back is not
 * flooded with one entry per keystroke; a push for a selection (opening a panel), so Back closes it.
 */

/** Known page ids; a page engineers add gets its id here and a line in App.tsx's PAGES. */
export type PageId = 'overview' | 'sites' | 'people' | 'plan' | 'progress' | 'coexistence' | 'settings' | 'audit' | 'pbx' | 'portfolio' | (string & {});

export interface Route {
  page: PageId;
  /** The selected item, decoded: a person's UPN, a site id, a settings section. */
  item?: string;
  /** Filters and view state (`?path=DR&wave=2`), decoded; empty values are left out. */
  params: Record<string, string>;
}

/** Where to go: a page id alone, or a route (missing params = none). */
export type RouteTarget = PageId | { page: PageId; item?: string; params?: Record<string, string | number | boolean | undefined> };

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one (filter typing, sorting). */
  replace?: boolean;
}

export type Navigate = (to: RouteTarget, options?: NavigateOptions) => void;

export const DEFAULT_PAGE: PageId = 'overview';

/** Parses `#/people/alice%40contoso.com?path=DR` (the leading `#`, `#/` or `/` optional). */
export function parseRoute(hash: string, knownPages?: readonly string[]): Route {
  const raw = hash.replace(/^#?\/?/, '');
  const queryAt = raw.indexOf('?');
  const pathPart = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const queryPart = queryAt < 0 ? '' : raw.slice(queryAt + 1);
  const slash = pathPart.indexOf('/');
  const page = decodeSafe(slash < 0 ? pathPart : pathPart.slice(0, slash));
  const itemRaw = slash < 0 ? '' : pathPart.slice(slash + 1);
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(queryPart)) if (v !== '') params[k] = v;
  if (!page || (knownPages && !knownPages.includes(page))) return { page: DEFAULT_PAGE, params: {} };
  const item = itemRaw ? decodeSafe(itemRaw) : undefined;
  return item ? { page, item, params } : { page, params };
}

/** The hash for a route target, e.g. `#/people?path=DR` - usable as an href. */
export function routeHref(to: RouteTarget): string {
  const target = typeof to === 'string' ? { page: to } : to;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(target.params ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (v !== undefined && v !== '' && v !== false) qs.set(k, String(v));
  }
  const query = qs.toString();
  return `#/${encodeURIComponent(target.page)}${target.item ? `/${encodeURIComponent(target.item)}` : ''}${query ? `?${query}` : ''}`;
}

/**
 * A Teams deep link's subEntityId (or any shared location) as a hash. Accepts what the tab itself
 * shares (`people/alice@contoso.com`, `/plan?wave=2`, `#/coexistence?block=x`).
 */
export function hashFromSubEntityId(subEntityId: string | undefined): string | undefined {
  const s = subEntityId?.trim();
  if (!s) return undefined;
  const hash = `#/${s.replace(/^#?\/?/, '')}`;
  return hash === '#/' ? undefined : hash;
}

/** The subEntityId a Teams deep link to this route carries: the hash without `#/`. */
export function subEntityIdOf(route: Route): string {
  return routeHref(route).slice(2);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Two routes show the same thing (page, item and params). */
export function sameRoute(a: Route, b: Route): boolean {
  return routeHref(a) === routeHref(b);
}
