/**
 * The People grid: 100,000 people paged from the server, sorted and filtered there (site, path,
 * readiness, search by name, UPN local part, phone digits or extension), every filter in the URL.
 * Select people for a bulk override - row by row, or everyone the filters match (read from the server,
 * up to the 2,000 items one change holds); export the current view to Excel; open a person's panel
 * (`#/people/<upn>`) over the grid.
 */
import { Suspense, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Badge, Button, Field, Link, makeStyles, MessageBar, MessageBarActions, MessageBarBody, SearchBox, Select, Text, Title2, tokens } from '@fluentui/react-components';
import { ArrowDownloadRegular, PersonEditRegular, DismissRegular, SelectAllOnRegular } from '@fluentui/react-icons';
import type { PageProps } from '../../App';
import type { PersonRow, SiteFacet } from '../../../../../shared/services/people-query';
import type { PeoplePage as PeopleAnswer } from '../../../../../shared/services/people-query';
import { ErrorBar } from '../../components/Feedback';
import { CommandBar, DataGrid, gridRows, usePagedRows, type GridColumn } from '../../components/data-grid';
import { SiteFilter } from '../../components/SiteFilter';
import { useReturnFocus } from '../../components/use-return-focus';
import { routeHref } from '../../route';
import { count, PATH_LABELS } from '../../format';
import { filterOf, paramsOf, urlParamsOf, type PeopleParams } from './people-filters';
import { firstPageKey, PEOPLE_PAGE_SIZE, takeArrivedFirstPeoplePage, takeFirstPeoplePage } from './first-page';
import { lazyPage, pageCode } from '../../page-code';

// The person's panel and the bulk override dialog are code of their own (dialogs, drawers, motion): the
// grid's first rows do not wait for their chunks, which would hold the browser's few connections to the
// server while the first page of people is asked for. Fetched once the first rows are drawn.
const personPanelCode = pageCode(() => import('./PersonPanel.js'));
const bulkOverrideCode = pageCode(() => import('./BulkOverrideDialog.js'));
const PersonPanel = lazyPage(personPanelCode, 'PersonPanel');
const BulkOverrideDialog = lazyPage(bulkOverrideCode, 'BulkOverrideDialog');

/**
 * Why a person shows "no path": on hover (the cell's title, as every cell of the grid shows its detail)
 * and to screen readers (described by one hidden copy). Not a Fluent Tooltip per row: each renders a
 * portal even while hidden, and its positioning code is five more chunks before the first rows.
 */
const NO_PATH_HINT = 'No path yet: no site to inherit one from and no override.';

const personId = (r: PersonRow) => r.id;
const selectLabel = (r: PersonRow) => `Select ${r.displayName}`;
const personRowProps = (r: PersonRow) => ({ 'data-upn': r.userPrincipalName });

/** Runs `task` when the browser is idle (soon, where it cannot tell); answers a cancel. */
function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: 2000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}

/** Keys closer together than this wait for the pause before the search is sent; a key after a pause goes at once. */
const SEARCH_DEBOUNCE_MS = 150;

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px', height: 'calc(100vh - 48px)', boxSizing: 'border-box' },
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  nameCell: { display: 'flex', alignItems: 'center', gap: '6px', minWidth: 0 },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  badge: { flexShrink: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** People at no site are a filter of their own. */
const NO_SITE = [{ id: 'none', name: 'No site' }];

export function PeoplePage({ api, route, navigate }: PageProps) {
  const styles = useStyles();
  const params = useMemo(() => paramsOf(route.params), [route.params]);
  const filter = useMemo(() => filterOf(params), [params]);
  const key = JSON.stringify(filter);
  // The first page may have been asked for by the shell already, while this page's code loaded: drawn
  // in the first render if it has arrived, else taken when the grid asks for it.
  const [arrived] = useState(() => takeArrivedFirstPeoplePage(firstPageKey(api, key)));
  const [typed, setTyped] = useState(params.q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  /** Selected rows by id (their UPNs and current paths travel with a bulk change). */
  const selectedRows = useRef(new Map<string, PersonRow>());
  const [bulkOpen, setBulkOpen] = useState(false);
  // The dialog is opened from state, not a DialogTrigger: focus goes back to its button when it closes.
  useReturnFocus(bulkOpen);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>();
  const [sites, setSites] = useState<SiteFacet[]>(() => arrived?.sites ?? []);
  const [notice, setNotice] = useState<string>();
  const [selectingAll, setSelectingAll] = useState(false);
  /** "Select all matching" found more people than one change holds: how many, and the most. */
  const [tooMany, setTooMany] = useState<{ total: number; limit: number }>();
  const [selectAllError, setSelectAllError] = useState<unknown>();
  const searchBox = useRef<HTMLInputElement>(null);
  const noPathHintId = useId();

  const setParams = useCallback(
    (patch: Partial<PeopleParams>, replace = true) => navigate({ page: 'people', item: route.item, params: urlParamsOf({ ...params, ...patch }) }, { replace }),
    [navigate, params, route.item],
  );

  // Typing updates the URL (and so the query; Back is not flooded: replace). A key after a pause is sent
  // at once; keys in quick succession wait for the pause (the request before is aborted anyway).
  const lastKeyAt = useRef(0);
  const sentQ = useRef(params.q);
  useEffect(() => {
    if (typed === params.q) return;
    const now = performance.now();
    const afterPause = now - lastKeyAt.current > SEARCH_DEBOUNCE_MS;
    lastKeyAt.current = now;
    const send = () => {
      sentQ.current = typed;
      setParams({ q: typed });
    };
    if (afterPause) return send();
    const t = setTimeout(send, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [typed, params.q, setParams]);
  // A link or Back changed the search: show it (not our own search coming back while the admin types on).
  useEffect(() => {
    if (params.q !== sentQ.current) {
      sentQ.current = params.q;
      setTyped(params.q);
    }
  }, [params.q]);

  // The site filter's list is asked for with the first page only (a tenant may have 2,000 sites; a search need not carry them).
  const sitesKnown = sites.length > 0;
  const rows = usePagedRows<PersonRow, PeopleAnswer>(
    key,
    (offset, limit, signal) =>
      takeFirstPeoplePage(firstPageKey(api, key), offset, limit) ?? api.people({ ...filter, offset, limit, ...(!sitesKnown && { facets: 'sites' as const }) }, signal),
    PEOPLE_PAGE_SIZE,
    arrived,
  );
  const answer = rows.last;
  const hasRows = rows.total !== undefined;
  useEffect(() => {
    if (!hasRows) return;
    // Once the rows are drawn and the browser is idle: the panel and the dialog then open without
    // waiting for their code.
    return whenIdle(() => {
      personPanelCode.load().catch(() => undefined);
      bulkOverrideCode.load().catch(() => undefined);
    });
  }, [hasRows]);
  // Another filter: the count of the last "select all" no longer applies.
  useEffect(() => setTooMany(undefined), [key]);
  useEffect(() => {
    if (answer?.sites?.length) setSites((shown) => (shown === answer.sites ? shown : answer.sites!));
  }, [answer]);

  const siteChoices = useMemo(() => sites.map((s) => ({ id: s.id, name: s.name, detail: count(s.people) })), [sites]);
  const openPerson = useCallback((r: PersonRow) => navigate({ page: 'people', item: r.userPrincipalName, params: urlParamsOf(params) }), [navigate, params]);
  const closePerson = useCallback(() => {
    const upn = route.item;
    navigate({ page: 'people', params: urlParamsOf(params) }, { replace: true });
    // Focus goes back to the person's name in the grid. The shell returns it to the element that opened
    // the panel, but a change made in the panel reloads the rows, so that element may be a new one.
    // The drawer's own focus restorer runs after it unmounts and falls back to the page when its
    // element is gone: look again for a short while, and only take focus nobody else placed.
    let tries = 0;
    const refocus = () => {
      const active = document.activeElement;
      if (!active || active === document.body || !active.isConnected) {
        const row = [...document.querySelectorAll<HTMLElement>('[data-testid="people-row"]')].find((r) => r.dataset.upn === upn);
        row?.querySelector<HTMLElement>('[data-testid="open-person"]')?.focus();
      }
      if (tries++ < 12) setTimeout(refocus, 50);
    };
    setTimeout(refocus, 0);
  }, [navigate, params, route.item]);

  const annotated = answer?.annotated ?? true;
  // The same columns while only the search box changes: the rows on screen are not drawn again for each
  // key typed (DataGrid's rows are memoised), only when the query or the answer changes.
  const columns = useMemo<GridColumn<PersonRow>[]>(() => [
    {
      id: 'name',
      label: 'Name',
      width: 'minmax(180px, 2fr)',
      sortable: true,
      title: (r) => `${r.displayName} (${r.userPrincipalName}, ${r.id})`,
      render: (r) => (
        <span className={styles.nameCell}>
          <Link
            className={styles.name}
            href={routeHref({ page: 'people', item: r.userPrincipalName, params: urlParamsOf(params) })}
            onClick={(e) => {
              e.preventDefault();
              openPerson(r);
            }}
            data-testid="open-person"
          >
            {r.displayName}
          </Link>
          {r.kind === 'resourceAccount' && (
            <Badge size="small" appearance="outline" className={styles.badge}>
              resource
            </Badge>
          )}
          {r.sharedDevice && (
            <Badge size="small" appearance="outline" className={styles.badge} title="A common area phone's account (Microsoft Teams Shared Devices licence): a device, not planned as a person">
              common area phone
            </Badge>
          )}
          {!r.accountEnabled && (
            <Badge size="small" appearance="tint" color="warning" className={styles.badge}>
              disabled
            </Badge>
          )}
        </span>
      ),
    },
    { id: 'upn', label: 'User principal name', width: 'minmax(180px, 2fr)', title: (r) => r.userPrincipalName, render: (r) => r.userPrincipalName },
    {
      id: 'site',
      label: 'Site',
      width: 'minmax(120px, 1fr)',
      sortable: true,
      title: (r) => (r.siteId ? `${r.siteName ?? r.siteId} (${r.siteId})` : r.unmappedReason ?? 'no site'),
      render: (r) =>
        r.siteName ?? (
          <span className={styles.muted} data-testid={r.unmappedReason ? 'unmapped-reason' : undefined}>
            {r.unmappedReason ? `no site: ${r.unmappedReason}` : 'no site'}
          </span>
        ),
    },
    { id: 'department', label: 'Department', width: 'minmax(100px, 1fr)', title: (r) => r.department, render: (r) => r.department ?? '' },
    { id: 'extension', label: 'Extension', width: '90px', title: (r) => r.extensions?.join(', '), render: (r) => r.extensions?.join(', ') ?? '' },
    { id: 'teamsPhone', label: 'Teams Phone', width: '100px', render: (r) => r.teamsPhone },
    {
      id: 'path',
      label: 'Path',
      width: '90px',
      title: (r) => (r.path ? `${PATH_LABELS[r.path]} (${r.pathSource ?? 'unknown source'})` : undefined),
      render: (r) => (r.path ? <Badge appearance={r.pathSource === 'recommendation' ? 'outline' : 'filled'}>{r.path}</Badge> : '–'),
    },
    {
      id: 'readiness',
      label: 'Readiness',
      width: 'minmax(110px, 1fr)',
      sortable: true,
      title: (r) => (r.blockers.length ? r.blockers.join(', ') : annotated && !r.path ? NO_PATH_HINT : undefined),
      render: (r) =>
        r.blockers.length ? (
          <Badge color="danger" appearance="tint">
            {r.blockers.length} blocker{r.blockers.length === 1 ? '' : 's'}
          </Badge>
        ) : annotated && !r.path ? (
          <span className={styles.muted} aria-describedby={noPathHintId}>
            no path
          </span>
        ) : annotated ? (
          <Badge color="success" appearance="tint">
            ready
          </Badge>
        ) : (
          ''
        ),
    },
  ], [styles, params, openPerson, annotated, noPathHintId]);

  const onSelected = (next: Set<string>, added: PersonRow[]) => {
    for (const r of added) selectedRows.current.set(r.id, r);
    for (const id of [...selectedRows.current.keys()]) if (!next.has(id)) selectedRows.current.delete(id);
    setSelected(next);
  };

  /**
   * Selects everyone the filters match, not only the rows loaded so far: the server answers their rows
   * (up to the 2,000 one change holds). Over that it answers the count only, and the admin is asked to
   * narrow the filter - rather than overriding in several changes, which would leave a half-done bulk
   * change behind when one of them conflicts.
   */
  async function selectAllMatching() {
    setSelectingAll(true);
    setTooMany(undefined);
    setSelectAllError(undefined);
    try {
      const { sort: _sort, dir: _dir, ...matching } = filter;
      const all = await api.peopleMatching(matching);
      if (all.items.length < all.total) setTooMany({ total: all.total, limit: all.limit });
      else {
        onSelected(new Set(all.items.map((r) => r.id)), all.items);
        setNotice(`Selected all ${count(all.items.length)} people matching the filters.`);
      }
    } catch (e) {
      setSelectAllError(e);
    } finally {
      setSelectingAll(false);
    }
  }

  async function exportView() {
    setExporting(true);
    setExportError(undefined);
    try {
      await api.downloadPeople(filter);
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(false);
    }
  }

  return (
    <main className={styles.page}>
      <Title2 as="h1">People</Title2>
      <span id={noPathHintId} hidden>
        {NO_PATH_HINT}
      </span>
      <div className={styles.filters} role="search" aria-label="Filter people">
        <Field label="Search">
          <SearchBox
            placeholder="Name, user name, phone or extension"
            value={typed}
            onChange={(_e, d) => setTyped(d.value)}
            input={{ ref: searchBox }}
            data-testid="people-search"
          />
        </Field>
        <SiteFilter sites={siteChoices} value={params.siteId || undefined} onChange={(siteId) => setParams({ siteId: siteId ?? '' })} extra={NO_SITE} testId="people-site" />
        <Field label="Effective path">
          <Select value={params.path} onChange={(_e, d) => setParams({ path: d.value })} disabled={!annotated && !params.path} data-testid="people-path">
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
            value={params.blocked}
            onChange={(_e, d) => setParams({ blocked: d.value as PeopleParams['blocked'] })}
            disabled={!annotated && !params.blocked}
            data-testid="people-blocked"
          >
            <option value="">Everyone</option>
            <option value="true">Blocked</option>
            <option value="false">Not blocked</option>
          </Select>
        </Field>
      </div>
      <CommandBar
        label="People actions"
        status={
          <span data-testid="people-total">{rows.total === undefined ? 'Loading…' : `${count(rows.total)} of ${count(answer?.totalAll)} people`}</span>
        }
      >
        {/* Focusable when nothing is selected: a save clears the selection, and the closing dialog returns the focus here. */}
        <Button icon={<PersonEditRegular />} disabledFocusable={selected.size === 0} onClick={() => setBulkOpen(true)} data-testid="bulk-override">
          Override path ({count(selected.size)})
        </Button>
        <Button
          icon={<SelectAllOnRegular />}
          appearance="subtle"
          disabled={!rows.total || selectingAll}
          onClick={() => void selectAllMatching()}
          data-testid="select-all-matching"
        >
          {selectingAll ? 'Selecting…' : `Select all ${rows.total === undefined ? '' : `${count(rows.total)} `}matching`}
        </Button>
        <Button icon={<DismissRegular />} appearance="subtle" disabled={selected.size === 0} onClick={() => onSelected(new Set(), [])}>
          Clear selection
        </Button>
        <Button icon={<ArrowDownloadRegular />} appearance="subtle" onClick={exportView} disabled={exporting} data-testid="people-export">
          {exporting ? 'Exporting…' : 'Export to Excel'}
        </Button>
      </CommandBar>
      {!annotated && <Text className={styles.muted}>Paths and readiness appear once planning settings and decisions are available.</Text>}
      {answer?.refreshing && (
        <Text className={styles.muted} data-testid="people-refreshing">
          Paths and readiness are being updated after a change; the list shows the previous ones until then.
        </Text>
      )}
      {notice && (
        <Text role="status" data-testid="people-notice">
          {notice}
        </Text>
      )}
      {tooMany && (
        <MessageBar intent="warning" data-testid="select-all-too-many">
          <MessageBarBody>
            {count(tooMany.total)} people match these filters; one change holds at most {count(tooMany.limit)}. Narrow the filter (site, path,
            readiness or a search) to {count(tooMany.limit)} or fewer, then select all again.
          </MessageBarBody>
          <MessageBarActions>
            <Button
              onClick={() => {
                setTooMany(undefined);
                searchBox.current?.focus();
              }}
            >
              Narrow the filter
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {selectAllError !== undefined && <ErrorBar title="Selecting everyone matching failed" error={selectAllError} />}
      {rows.error !== undefined && <ErrorBar error={rows.error} onRetry={rows.reload} />}
      {exportError !== undefined && <ErrorBar title="The export failed" error={exportError} />}
      <DataGrid<PersonRow>
        label="People"
        columns={columns}
        {...gridRows(rows, key)}
        rowId={personId}
        sort={{ column: params.sort, desc: params.dir === 'desc' }}
        onSortChange={(s) => setParams({ sort: s.column as PeopleParams['sort'], dir: s.desc ? 'desc' : 'asc' })}
        selected={selected}
        onSelectedChange={onSelected}
        rowLabel={selectLabel}
        testId="people-list"
        rowTestId="people-row"
        rowProps={personRowProps}
      />
      {bulkOpen && (
        <Suspense fallback={null}>
          <BulkOverrideDialog
            api={api}
            people={[...selectedRows.current.values()]}
            siteCountries={new Map(sites.map((s) => [s.id, s.countryCode]))}
            onClose={() => setBulkOpen(false)}
            onSaved={(message) => {
              setBulkOpen(false);
              setNotice(message);
              onSelected(new Set(), []);
              // Paths follow on the server's refresh: ask again shortly.
              setTimeout(rows.reload, 1500);
            }}
          />
        </Suspense>
      )}
      {route.item && (
        <Suspense fallback={null}>
          <PersonPanel api={api} idOrUpn={route.item} onClose={closePerson} onChanged={() => setTimeout(rows.reload, 1500)} />
        </Suspense>
      )}
    </main>
  );
}
