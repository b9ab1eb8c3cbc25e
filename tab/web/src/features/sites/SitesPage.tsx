/**
 * Sites & decisions: every site with its recommendation, decision, readiness and cost per path in a
 * sortable, filterable grid (filters and order in the URL), names shown and ids on hover. Select sites
 * to decide them in one change; open a site (`#/sites/<siteId>`) to decide it with a preview of cost
 * and readiness. A site list has at most a few thousand rows: it is sorted and filtered in the browser.
 */
import { useCallback, useMemo, useState } from 'react';
import { Badge, Button, Field, Link, makeStyles, MessageBar, MessageBarBody, SearchBox, Select, Spinner, Text, Title2, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, CheckmarkCircleRegular, DismissRegular, EditRegular } from '@fluentui/react-icons';
import type { PageProps } from '../../App';
import { errorText } from '../../api-client';
import type { DecisionsView, PstnPath, SettingsDocument } from '../../api-types';
import { useAsync } from '../../hooks/use-async';
import { useSiteList } from '../../hooks/use-site-list';
import { ErrorBar, InfoBar, isNotAvailable } from '../../components/Feedback';
import { SiteRulesEditor } from '../../components/SiteRulesEditor';
import { DownloadButton } from '../../components/DownloadButton';
import { useReturnFocus } from '../../components/use-return-focus';
import { byNumber, byText, CommandBar, DataGrid, sortRows, type GridColumn } from '../../components/data-grid';
import { count, money, PATH_LABELS } from '../../format';
import { routeHref } from '../../route';
import { BulkDecideDialog } from './BulkDecideDialog';
import { SitePanel } from './SitePanel';
import { buildSiteRows, pathInForce, type SiteRow } from './site-rows';
import { MEMBER_STATE_LABELS, MEMBER_STATES_SHOWN, SITE_PROGRESS_LABELS, SITE_PROGRESSES, siteHasProgress, type SiteProgress, type StateCounts } from '../../../../../shared/domain/planning/migration-status';

const PATHS: PstnPath[] = ['OC', 'DR', 'CP', 'PBX'];

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  gridBox: { display: 'flex', flexDirection: 'column', height: '60vh', minHeight: '320px' },
  muted: { color: tokens.colorNeutralForeground3 },
  // Inline, so a cell too narrow for every path ends in an ellipsis (its title lists them all).
  costs: { fontVariantNumeric: 'tabular-nums' },
  cost: { marginRight: '8px' },
  chosenCost: { marginRight: '8px', fontWeight: tokens.fontWeightSemibold },
  mutedCost: { marginRight: '8px', color: tokens.colorNeutralForeground3 },
  // A badge as wide as its cell at most, its text cut with an ellipsis rather than at the cell's edge.
  fittedBadge: { maxWidth: '100%', minWidth: 0, overflow: 'hidden' },
  badgeText: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

const COMPARATORS = {
  name: byText<SiteRow>((r) => r.name),
  country: byText<SiteRow>((r) => r.countryCode),
  people: byNumber<SiteRow>((r) => r.people),
  recommendation: byText<SiteRow>((r) => r.recommendation?.path),
  decision: byText<SiteRow>((r) => r.decision?.path ?? '~'),
  blockers: byNumber<SiteRow>((r) => r.peopleBlocked ?? 0),
  cost: byNumber<SiteRow>((r) => r.currentMonthly),
  // Sites outside the plan after those with nobody moved yet.
  moved: byNumber<SiteRow>((r) => r.progress?.percentDone ?? -1),
};

export function SitesPage({ api, route, navigate }: PageProps) {
  const styles = useStyles();
  const settings = useAsync<SettingsDocument>(() => api.settings(), [api]);
  const decisions = useAsync<DecisionsView>(() => api.decisions(), [api]);
  const facets = useSiteList(api);
  // No plan yet (404): no progress to show, which is no error on this page.
  const progress = useAsync<Map<string, StateCounts>>(() => api.allSiteProgress().catch((e) => (isNotAvailable(e) ? new Map() : Promise.reject(e))), [api]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  // The dialog is opened from state, not a DialogTrigger: focus goes back to its button when it closes.
  useReturnFocus(bulkOpen);
  const [saved, setSaved] = useState<string>();
  const p = route.params;

  const setParams = useCallback(
    (patch: Record<string, string | undefined>) => navigate({ page: 'sites', item: route.item, params: { ...route.params, ...patch } }, { replace: true }),
    [navigate, route.item, route.params],
  );

  const allRows = useMemo(() => buildSiteRows(decisions.data, settings.data, facets.sites, progress.data), [decisions.data, settings.data, facets.sites, progress.data]);
  const countries = useMemo(() => [...new Set(allRows.map((r) => r.countryCode).filter((c): c is string => !!c))].sort(), [allRows]);
  const rows = useMemo(() => {
    const q = (p.q ?? '').trim().toLowerCase();
    const filtered = allRows.filter(
      (r) =>
        (!q || r.name.toLowerCase().includes(q) || r.id.includes(q)) &&
        (!p.country || r.countryCode === p.country) &&
        (!p.path || pathInForce(r) === p.path) &&
        (!p.decided || (p.decided === 'yes' ? !!r.decision : p.decided === 'no' ? !r.decision : !!r.decision && r.decision.path !== r.recommendation?.path)) &&
        (!p.blocked || (p.blocked === 'true') === ((r.peopleBlocked ?? 0) > 0 || r.siteBlockers.length > 0)) &&
        (!p.progress || (!!r.progress && siteHasProgress(r.progress, p.progress as SiteProgress))),
    );
    return sortRows(filtered, p.sort ? { column: p.sort, desc: p.dir === 'desc' } : undefined, COMPARATORS);
  }, [allRows, p]);

  const operatorName = useCallback((id?: string) => settings.data?.settings.operators?.find((o) => o.id === id)?.name ?? id, [settings.data]);
  const sbcName = useCallback((id?: string) => settings.data?.settings.sbcs?.find((s) => s.id === id)?.fqdn ?? id, [settings.data]);
  const currency = decisions.data?.costs?.currency ?? settings.data?.settings.costs?.currency ?? 'USD';

  function reloadAll() {
    settings.reload();
    decisions.reload();
    facets.reload();
    progress.reload();
  }

  const openSite = (r: SiteRow) => navigate({ page: 'sites', item: r.id, params: route.params });
  const closeSite = () => navigate({ page: 'sites', params: route.params }, { replace: true });

  const columns: GridColumn<SiteRow>[] = [
    {
      id: 'name',
      label: 'Site',
      width: 'minmax(130px, 2fr)',
      sortable: true,
      title: (r) => `${r.name} (${r.id})`,
      render: (r) => (
        <Link
          href={routeHref({ page: 'sites', item: r.id, params: route.params })}
          onClick={(e) => {
            e.preventDefault();
            openSite(r);
          }}
          data-testid="open-site"
        >
          {r.name}
        </Link>
      ),
    },
    { id: 'country', label: 'Country', width: '80px', sortable: true, render: (r) => r.countryCode ?? '–' },
    { id: 'people', label: 'Users', width: '70px', sortable: true, render: (r) => count(r.people) },
    {
      id: 'recommendation',
      label: 'Recommendation',
      width: 'minmax(150px, 1.5fr)',
      sortable: true,
      title: (r) => (r.recommendation ? [r.recommendation.operatorId, r.recommendation.sbcId, ...r.recommendation.reasons].filter(Boolean).join('\n') : undefined),
      render: (r) =>
        r.recommendation ? (
          <span data-testid="recommendation">
            {r.recommendation.path}
            {r.recommendation.operatorId ? ` · ${operatorName(r.recommendation.operatorId)}` : r.recommendation.sbcId ? ` · ${sbcName(r.recommendation.sbcId)}` : ''}
          </span>
        ) : (
          '–'
        ),
    },
    {
      id: 'decision',
      label: 'Decided path',
      width: 'minmax(120px, 1.2fr)',
      sortable: true,
      title: (r) => (r.decision ? [r.decision.operatorId, r.decision.sbcId, r.decision.note].filter(Boolean).join(' · ') || undefined : undefined),
      render: (r) =>
        r.decision ? (
          <span data-testid="decided-path">
            <Badge appearance="filled" color={r.recommendation && r.recommendation.path !== r.decision.path ? 'warning' : 'brand'} className={styles.fittedBadge}>
              <span className={styles.badgeText}>
                {r.decision.path}
                {r.decision.operatorId ? ` · ${operatorName(r.decision.operatorId)}` : ''}
                {r.decision.sbcId ? ` · ${sbcName(r.decision.sbcId)}` : ''}
                {r.decision.stayUntil ? ` until ${r.decision.stayUntil}` : ''}
              </span>
            </Badge>
          </span>
        ) : (
          <span data-testid="decided-path">
            <Badge appearance="outline" color="informative">
              not decided
            </Badge>
          </span>
        ),
    },
    {
      id: 'blockers',
      label: 'Blocked',
      width: 'minmax(110px, 1fr)',
      sortable: true,
      title: (r) => (r.siteBlockers.length ? `Site gates: ${r.siteBlockers.join(', ')}` : undefined),
      render: (r) =>
        r.siteBlockers.length || r.peopleBlocked ? (
          // The name starts with the visible text (WCAG 2.5.3 label in name) and says where.
          <Link
            href={routeHref({ page: 'people', params: { siteId: r.id, blocked: 'true' } })}
            aria-label={`${blockedText(r)} blocked at ${r.name}`}
          >
            {blockedText(r)}
          </Link>
        ) : decisions.data ? (
          <Badge color="success" appearance="tint">
            none
          </Badge>
        ) : (
          '–'
        ),
    },
    {
      id: 'moved',
      label: 'Moved',
      width: '100px',
      sortable: true,
      title: (r) => (r.progress ? progressTitle(r.progress) : undefined),
      // The share and the people moved (the Users column has the total; the title every state).
      // The site's people on the Progress page.
      render: (r) =>
        r.progress ? (
          <Link href={routeHref({ page: 'progress', params: { site: r.id } })} data-testid="site-moved">{`${r.progress.percentDone}% (${count(r.progress.done)})`}</Link>
        ) : (
          '–'
        ),
    },
    {
      id: 'cost',
      label: 'Monthly cost per path',
      width: 'minmax(190px, 2fr)',
      sortable: true,
      title: (r) => pricedPaths(r).map((path) => `${path}: ${r.costs.has(path) ? money(r.costs.get(path), currency) : `n/a (${r.unavailable.get(path)})`}`).join('\n') || undefined,
      render: (r) => (
        <span className={styles.costs}>
          {pricedPaths(r).length === 0
            ? '–'
            : pricedPaths(r).map((path) => (
                <span key={path} className={path === pathInForce(r) ? styles.chosenCost : r.costs.has(path) ? styles.cost : styles.mutedCost}>
                  {path}: {r.costs.has(path) ? money(r.costs.get(path), currency) : 'n/a'}
                </span>
              ))}
        </span>
      ),
    },
    {
      id: 'actions',
      label: 'Actions',
      width: '90px',
      render: (r) => (
        <Button icon={<EditRegular />} size="small" onClick={() => openSite(r)} aria-label={`Decide ${r.name}`} data-testid={`edit-decision-${r.id}`}>
          Decide
        </Button>
      ),
    },
  ];

  const loading = (settings.loading && !settings.data) || (decisions.loading && !decisions.data) || (facets.loading && !facets.data);
  const selectedRows = rows.filter((r) => selected.has(r.id));
  return (
    <main className={styles.page}>
      <Title2 as="h1">Sites &amp; decisions</Title2>
      <div className={styles.toolbar}>
        <Text data-testid="settings-version">Settings version {settings.data ? (settings.data.version ?? 'none saved yet') : '…'}</Text>
        {settings.data?.updatedBy && (
          <Text className={styles.muted}>
            last saved by {settings.data.updatedBy}
            {settings.data.updatedAt ? ` at ${new Date(settings.data.updatedAt).toLocaleString()}` : ''}
          </Text>
        )}
        <Button icon={<ArrowClockwiseRegular />} onClick={reloadAll}>
          Reload
        </Button>
      </div>
      {saved && (
        <MessageBar intent="success" data-testid="decision-saved">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      {settings.error !== undefined && <ErrorBar title="Settings could not be loaded" error={settings.error} onRetry={settings.reload} />}
      {decisions.error !== undefined &&
        (isNotAvailable(decisions.error) ? (
          <InfoBar>Recommendations and costs are not available yet: {errorText(decisions.error)}</InfoBar>
        ) : (
          <ErrorBar title="Recommendations could not be loaded" error={decisions.error} onRetry={decisions.reload} />
        ))}
      {loading && <Spinner label="Loading sites…" />}
      {!loading && allRows.length === 0 && (
        <InfoBar>
          No sites yet: sync the tenant on the{' '}
          <Button appearance="transparent" size="small" onClick={() => navigate('overview')}>
            Overview
          </Button>{' '}
          page.
        </InfoBar>
      )}
      {!loading && allRows.length > 0 && (
        <>
          <div className={styles.filters} role="search" aria-label="Filter sites">
            <Field label="Search">
              <SearchBox value={p.q ?? ''} onChange={(_e, d) => setParams({ q: d.value || undefined })} data-testid="sites-search" />
            </Field>
            <Field label="Country">
              <Select value={p.country ?? ''} onChange={(_e, d) => setParams({ country: d.value || undefined })} data-testid="sites-country">
                <option value="">Every country</option>
                {countries.map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </Select>
            </Field>
            <Field label="Path in force">
              <Select value={p.path ?? ''} onChange={(_e, d) => setParams({ path: d.value || undefined })} data-testid="sites-path">
                <option value="">Any path</option>
                {PATHS.map((path) => (
                  <option key={path} value={path}>
                    {PATH_LABELS[path]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Decision">
              <Select value={p.decided ?? ''} onChange={(_e, d) => setParams({ decided: d.value || undefined })} data-testid="sites-decided">
                <option value="">Any</option>
                <option value="yes">Decided</option>
                <option value="no">Not decided</option>
                <option value="differs">Differs from the recommendation</option>
              </Select>
            </Field>
            <Field label="Readiness">
              <Select value={p.blocked ?? ''} onChange={(_e, d) => setParams({ blocked: d.value || undefined })}>
                <option value="">Any</option>
                <option value="true">Something blocked</option>
                <option value="false">Nothing blocked</option>
              </Select>
            </Field>
            <Field label="Migration">
              <Select value={p.progress ?? ''} onChange={(_e, d) => setParams({ progress: d.value || undefined })} data-testid="sites-progress" disabled={!progress.data?.size}>
                <option value="">Any</option>
                {SITE_PROGRESSES.map((sp) => (
                  <option key={sp} value={sp}>
                    {capitalised(SITE_PROGRESS_LABELS[sp])}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <CommandBar label="Site actions" status={<span data-testid="sites-total">{`${count(rows.length)} of ${count(allRows.length)} sites`}</span>}>
            {/* Focusable when nothing is selected: a save clears the selection, and the closing dialog returns the focus here. */}
            <Button icon={<CheckmarkCircleRegular />} disabledFocusable={selectedRows.length === 0 || !settings.data} onClick={() => setBulkOpen(true)} data-testid="bulk-decide">
              Decide path ({count(selectedRows.length)})
            </Button>
            <Button icon={<DismissRegular />} appearance="subtle" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
            <DownloadButton
              label="Export to Excel"
              busyLabel="Exporting…"
              errorTitle="The export failed"
              disabled={rows.length === 0}
              testId="sites-export"
              onDownload={() => api.downloadSites(rows.map((r) => r.id))}
            />
          </CommandBar>
          <div className={styles.gridBox}>
            <DataGrid<SiteRow>
              label="Sites and their PSTN path decisions"
              columns={columns}
              rowCount={rows.length}
              rowAt={(i) => rows[i]}
              rowId={(r) => r.id}
              sort={p.sort ? { column: p.sort, desc: p.dir === 'desc' } : { column: 'name', desc: false }}
              onSortChange={(s) => setParams({ sort: s.column, dir: s.desc ? 'desc' : undefined })}
              selected={selected}
              onSelectedChange={(next) => setSelected(next)}
              rowLabel={(r) => `Select ${r.name}`}
              testId="sites-table"
              rowTestId="site-row"
              rowProps={(r) => ({ 'data-site-id': r.id })}
            />
          </div>
        </>
      )}
      {/* Re-applied rules move people between sites: the grid above reloads to show it. */}
      <SiteRulesEditor api={api} onApplied={reloadAll} />
      {bulkOpen && settings.data && (
        <BulkDecideDialog
          api={api}
          sites={selectedRows}
          doc={settings.data}
          onClose={() => setBulkOpen(false)}
          onSaved={(_doc, message) => {
            setBulkOpen(false);
            setSaved(message);
            setSelected(new Set());
            settings.reload();
            decisions.reload();
          }}
        />
      )}
      {route.item && (
        <SitePanel
          api={api}
          siteId={route.item}
          onClose={closeSite}
          onReloaded={reloadAll}
          onSaved={(message) => {
            setSaved(message);
            settings.reload();
            decisions.reload();
          }}
        />
      )}
    </main>
  );
}

/** "18 of 48 moved", then every non-zero state of the site's people, one a line: the Moved cell's title. */
function progressTitle(c: StateCounts): string {
  const states = MEMBER_STATES_SHOWN.filter((st) => c[st] > 0).map((st) => `${MEMBER_STATE_LABELS[st]}: ${count(c[st])}`);
  return [`${count(c.done)} of ${count(c.total)} moved`, ...states].join('\n');
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The paths the site has a price or a reason for, in the usual order. */
const pricedPaths = (r: SiteRow): PstnPath[] => PATHS.filter((path) => r.costs.has(path) || r.unavailable.has(path));

/** "6 people · 1 site gate": the Blocked cell's text, also the start of its link's accessible name. */
function blockedText(r: { peopleBlocked?: number; siteBlockers: readonly unknown[] }): string {
  return `${count(r.peopleBlocked ?? 0)} people${r.siteBlockers.length ? ` · ${r.siteBlockers.length} site gate${r.siteBlockers.length === 1 ? '' : 's'}` : ''}`;
}
