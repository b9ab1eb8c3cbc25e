import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Badge,
  Field,
  makeStyles,
  mergeClasses,
  SearchBox,
  Select,
  Skeleton,
  SkeletonItem,
  Text,
  Title2,
  tokens,
  Tooltip,
} from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ApiClient, PeopleFilter } from '../api-client';
import type { PersonRow, SiteFacet } from '../../../../shared/services/people-query';
import { ErrorBar } from '../components/Feedback';
import { count, PATH_LABELS } from '../format';

/** Rows per server request: big enough to scroll smoothly, well under the server's maximum (500). */
const PAGE_SIZE = 200;
const ROW_HEIGHT = 44;
const COLUMNS = 'minmax(180px, 2fr) minmax(200px, 2fr) minmax(120px, 1fr) minmax(120px, 1fr) 90px 110px minmax(120px, 1fr)';

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px', height: 'calc(100vh - 48px)', boxSizing: 'border-box' },
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  list: {
    flex: 1,
    minHeight: '240px',
    overflow: 'auto',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    position: 'relative',
  },
  grid: { display: 'grid', gridTemplateColumns: COLUMNS, alignItems: 'center', columnGap: '12px', padding: '0 12px', minWidth: '960px' },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    height: '36px',
    backgroundColor: tokens.colorNeutralBackground3,
    fontWeight: tokens.fontWeightSemibold,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  row: {
    position: 'absolute',
    left: 0,
    right: 0,
    height: `${ROW_HEIGHT}px`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke3}`,
    boxSizing: 'border-box',
  },
  cell: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  nameCell: { display: 'flex', alignItems: 'center', gap: '6px', minWidth: 0 },
  badge: { flexShrink: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

interface Filters {
  q: string;
  siteId: string;
  path: string;
  blocked: '' | 'true' | 'false';
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** Filters can come from the URL (`#/people?siteId=x&blocked=true`), so other pages can link to a filtered list. */
function filtersFromHash(): Filters {
  const qs = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const blocked = qs.get('blocked');
  return {
    q: qs.get('q') ?? '',
    siteId: qs.get('siteId') ?? '',
    path: qs.get('path') ?? '',
    blocked: blocked === 'true' || blocked === 'false' ? blocked : '',
  };
}

export function PeoplePage({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const [filters, setFilters] = useState<Filters>(filtersFromHash);
  const q = useDebounced(filters.q, 250);
  const key = JSON.stringify([q, filters.siteId, filters.path, filters.blocked]);

  const [total, setTotal] = useState<number>();
  const [totalAll, setTotalAll] = useState<number>();
  const [annotated, setAnnotated] = useState(true);
  const [refreshing, setRefreshing] = useState(false);
  const [sites, setSites] = useState<SiteFacet[]>([]);
  const [error, setError] = useState<unknown>();
  const [, setVersion] = useState(0);
  /** Loaded pages for the current filter; a new filter starts a new map (old answers are dropped). */
  const pages = useRef(new Map<number, PersonRow[]>());
  const requested = useRef(new Set<number>());
  const filterKey = useRef(key);
  const abort = useRef<AbortController>(undefined);

  const filter = useMemo(
    (): Omit<PeopleFilter, 'offset' | 'limit'> => ({
      q: q.trim() || undefined,
      siteId: filters.siteId || undefined,
      path: filters.path || undefined,
      blocked: filters.blocked === '' ? undefined : filters.blocked === 'true',
    }),
    [q, filters.siteId, filters.path, filters.blocked],
  );

  const loadPage = useCallback(
    (index: number) => {
      if (requested.current.has(index)) return;
      requested.current.add(index);
      const forKey = filterKey.current;
      api
        .people({ ...filter, offset: index * PAGE_SIZE, limit: PAGE_SIZE }, abort.current?.signal)
        .then((page) => {
          if (filterKey.current !== forKey) return;
          pages.current.set(index, page.items);
          setTotal(page.total);
          setTotalAll(page.totalAll);
          setAnnotated(page.annotated);
          setRefreshing(page.refreshing === true);
          if (page.sites?.length) setSites(page.sites);
          setError(undefined);
          setVersion((v) => v + 1);
        })
        .catch((e: unknown) => {
          if (filterKey.current !== forKey || (e instanceof DOMException && e.name === 'AbortError')) return;
          requested.current.delete(index);
          setError(e);
        });
    },
    [api, filter],
  );

  // A new filter: drop loaded pages, cancel requests in flight, start from the top.
  useEffect(() => {
    abort.current?.abort();
    abort.current = new AbortController();
    filterKey.current = key;
    pages.current = new Map();
    requested.current = new Set();
    setTotal(undefined);
    loadPage(0);
    listRef.current?.scrollTo({ top: 0 });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, loadPage]);

  const listRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => listRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();

  // Fetch the pages that the visible rows fall into.
  useEffect(() => {
    if (!items.length) return;
    const first = Math.floor(items[0].index / PAGE_SIZE);
    const last = Math.floor(items[items.length - 1].index / PAGE_SIZE);
    for (let p = first; p <= last; p++) if (!pages.current.has(p)) loadPage(p);
  }, [items, loadPage]);

  const rowAt = (index: number): PersonRow | undefined => pages.current.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <main className={styles.page}>
      <Title2 as="h1">People</Title2>
      <div className={styles.filters} role="search" aria-label="Filter people">
        <Field label="Search">
          <SearchBox
            placeholder="Name, UPN, department, phone"
            value={filters.q}
            onChange={(_e, d) => set({ q: d.value })}
            data-testid="people-search"
          />
        </Field>
        <Field label="Site">
          <Select value={filters.siteId} onChange={(_e, d) => set({ siteId: d.value })} data-testid="people-site">
            <option value="">All sites</option>
            {sites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({count(s.people)})
              </option>
            ))}
            <option value="none">No site</option>
          </Select>
        </Field>
        <Field label="Effective path">
          <Select value={filters.path} onChange={(_e, d) => set({ path: d.value })} disabled={!annotated && !filters.path}>
            <option value="">Any path</option>
            {Object.entries(PATH_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Readiness">
          <Select
            value={filters.blocked}
            onChange={(_e, d) => set({ blocked: d.value as Filters['blocked'] })}
            disabled={!annotated && !filters.blocked}
          >
            <option value="">Everyone</option>
            <option value="true">Blocked</option>
            <option value="false">Not blocked</option>
          </Select>
        </Field>
        <Text aria-live="polite" data-testid="people-total">
          {total === undefined ? 'Loading…' : `${count(total)} of ${count(totalAll)} people`}
        </Text>
      </div>
      {!annotated && (
        <Text className={styles.muted}>Paths and readiness appear once planning settings and decisions are available.</Text>
      )}
      {refreshing && (
        <Text className={styles.muted} data-testid="people-refreshing">
          Paths and readiness are being updated after a change; the list shows the previous ones until then.
        </Text>
      )}
      {error !== undefined && <ErrorBar error={error} onRetry={() => loadPage(0)} />}
      <div
        ref={listRef}
        className={styles.list}
        role="table"
        aria-label="People"
        aria-rowcount={(total ?? 0) + 1}
        data-testid="people-list"
        tabIndex={0}
      >
        <div className={mergeClasses(styles.grid, styles.header)} role="row" aria-rowindex={1}>
          <span role="columnheader">Name</span>
          <span role="columnheader">User principal name</span>
          <span role="columnheader">Site</span>
          <span role="columnheader">Department</span>
          <span role="columnheader">Teams Phone</span>
          <span role="columnheader">Path</span>
          <span role="columnheader">Readiness</span>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: '960px' }}>
          {items.map((v) => {
            const r = rowAt(v.index);
            return (
              <div
                key={v.key}
                role="row"
                aria-rowindex={v.index + 2}
                className={mergeClasses(styles.grid, styles.row)}
                style={{ transform: `translateY(${v.start}px)` }}
                data-testid="people-row"
                data-index={v.index}
              >
                {r ? (
                  <>
                    <span role="cell" className={styles.nameCell}>
                      <span className={styles.cell} title={r.displayName}>
                        {r.displayName}
                      </span>
                      {r.kind === 'resourceAccount' && (
                        <Badge size="small" appearance="outline" className={styles.badge}>
                          resource
                        </Badge>
                      )}
                      {!r.accountEnabled && (
                        <Badge size="small" appearance="tint" color="warning" className={styles.badge}>
                          disabled
                        </Badge>
                      )}
                    </span>
                    <span role="cell" className={styles.cell}>
                      {r.userPrincipalName}
                    </span>
                    <span role="cell" className={styles.cell}>
                      {r.siteName ??
                        (r.unmappedReason ? (
                          <Tooltip content={r.unmappedReason} relationship="description">
                            <span className={styles.muted} tabIndex={0} data-testid="unmapped-reason">
                              no site: {r.unmappedReason}
                            </span>
                          </Tooltip>
                        ) : (
                          <span className={styles.muted}>no site</span>
                        ))}
                    </span>
                    <span role="cell" className={styles.cell}>
                      {r.department ?? ''}
                    </span>
                    <span role="cell" className={styles.cell}>
                      {r.teamsPhone}
                    </span>
                    <span role="cell" className={styles.cell}>
                      {r.path ? (
                        <Tooltip content={`${PATH_LABELS[r.path]} (${r.pathSource ?? 'unknown source'})`} relationship="description">
                          <Badge appearance={r.pathSource === 'recommendation' ? 'outline' : 'filled'}>{r.path}</Badge>
                        </Tooltip>
                      ) : (
                        '–'
                      )}
                    </span>
                    <span role="cell" className={styles.cell}>
                      {r.blockers.length ? (
                        <Tooltip content={r.blockers.join(', ')} relationship="description">
                          <Badge color="danger" appearance="tint">
                            {r.blockers.length} blocker{r.blockers.length === 1 ? '' : 's'}
                          </Badge>
                        </Tooltip>
                      ) : annotated && !r.path ? (
                        <Tooltip content="No path yet: no site to inherit one from and no override." relationship="description">
                          <span className={styles.muted}>no path</span>
                        </Tooltip>
                      ) : annotated ? (
                        <Badge color="success" appearance="tint">
                          ready
                        </Badge>
                      ) : (
                        ''
                      )}
                    </span>
                  </>
                ) : (
                  <Skeleton aria-label="Loading" style={{ gridColumn: '1 / -1' }}>
                    <SkeletonItem />
                  </Skeleton>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </main>
  );
}
