/** The People grid's state as URL params (`#/people?siteId=x&path=DR&sort=site&dir=desc&q=ann`), both ways. */
import type { PeopleFilter } from '../../api-client';

export interface PeopleParams {
  q: string;
  siteId: string;
  path: string;
  blocked: '' | 'true' | 'false';
  sort: 'name' | 'site' | 'readiness';
  dir: 'asc' | 'desc';
}

const SORTS = ['name', 'site', 'readiness'] as const;

export function paramsOf(raw: Record<string, string>): PeopleParams {
  const blocked = raw.blocked === 'true' || raw.blocked === 'false' ? raw.blocked : '';
  const sort = (SORTS as readonly string[]).includes(raw.sort ?? '') ? (raw.sort as PeopleParams['sort']) : 'name';
  return { q: raw.q ?? '', siteId: raw.siteId ?? '', path: raw.path ?? '', blocked, sort, dir: raw.dir === 'desc' ? 'desc' : 'asc' };
}

/** Back to URL params: defaults are left out so links stay short. */
export function urlParamsOf(p: PeopleParams): Record<string, string | undefined> {
  return {
    q: p.q || undefined,
    siteId: p.siteId || undefined,
    path: p.path || undefined,
    blocked: p.blocked || undefined,
    sort: p.sort === 'name' ? undefined : p.sort,
    dir: p.dir === 'asc' ? undefined : p.dir,
  };
}

/** The API query of the grid's state (without paging). */
export function filterOf(p: PeopleParams): Omit<PeopleFilter, 'offset' | 'limit'> {
  return {
    q: p.q.trim() || undefined,
    siteId: p.siteId || undefined,
    path: p.path || undefined,
    blocked: p.blocked === '' ? undefined : p.blocked === 'true',
    sort: p.sort === 'name' ? undefined : p.sort,
    dir: p.dir === 'desc' ? 'desc' : undefined,
  };
}
