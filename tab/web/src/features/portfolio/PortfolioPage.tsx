/**
 * The MSP's portfolio: one row per customer tenant the user may act for - progress, next cutover,
 * overdue, blocked and drifted people, last sync - sorted and filtered by the server a page at a time,
 * exported as a workbook. Clicking a customer switches the tab to it (X-Tenant-Id) and opens its Overview.
 */
import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Input,
  Link,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Tooltip,
  makeStyles,
} from '@fluentui/react-components';
import { SidewaysScroll } from '../../components/SidewaysScroll';
import { ArrowDownloadRegular } from '@fluentui/react-icons';
import type { PageProps } from '../../App';
import { errorText } from '../../api-client';
import { ErrorBar, InfoBar } from '../../components/Feedback';
import { count, dateTime, today } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { usePagedList } from '../../hooks/use-paged-list';
import { PORTFOLIO_EXPORT_PATH, portfolioOverview, tenantChoices, type PortfolioOverview, type PortfolioQuery, type PortfolioRow, type PortfolioSort } from './portfolio-api';
import { PortfolioSettings } from './PortfolioSettings';
import { SharedSbcs } from './SharedSbcs';

const PAGE_SIZE = 50;

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px' },
  bar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  sortButton: { fontWeight: 'inherit', padding: 0, minWidth: 0 },
});

const COLUMNS: { sort?: PortfolioSort; label: string }[] = [
  { sort: 'name', label: 'Customer' },
  { sort: 'users', label: 'Users' },
  { sort: 'progress', label: '% done' },
  { sort: 'nextCutover', label: 'Next cutover' },
  { sort: 'overdue', label: 'Overdue' },
  { sort: 'blocked', label: 'Blocked' },
  { sort: 'licencesToBuy', label: 'Licences to buy' },
  { sort: 'drifted', label: 'Drifted' },
  { sort: 'lastSync', label: 'Last sync' },
];

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export function PortfolioPage({ api, route, navigate }: PageProps) {
  const styles = useStyles();
  const p = route.params;
  const [search, setSearch] = useState(p.search ?? '');
  const [debounced, setDebounced] = useState(search);
  const [downloadError, setDownloadError] = useState<string>();
  const [downloading, setDownloading] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(t);
  }, [search]);

  const sort = (p.sort as PortfolioSort | undefined) ?? 'name';
  const order = p.order === 'desc' ? 'desc' : 'asc';
  const behind = p.behind === 'true';
  const thisWeek = p.week === 'true';
  const drifted = p.drifted === 'true';
  const blocked = p.blocked === 'true';
  const offset = Number(p.offset ?? 0) || 0;
  // Filter and sort state lives in the hash (a reload or a shared link shows the same view).
  const setParams = (changes: Record<string, string | number | boolean | undefined>) =>
    navigate({ page: 'portfolio', params: { ...p, offset: undefined, ...changes } }, { replace: true });
  useEffect(() => {
    if ((p.search ?? '') !== debounced) setParams({ search: debounced || undefined });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const list = usePagedList<PortfolioRow, PortfolioOverview>({
    key: JSON.stringify([sort, order, debounced, behind, thisWeek, drifted, blocked]),
    pageSize: PAGE_SIZE,
    mode: 'pages',
    // The offset is in the hash with the filters: Previous/Next replace it there.
    offset,
    onOffsetChange: (to) => setParams({ offset: to || undefined }),
    load: (at, limit) => {
      const q: PortfolioQuery = { sort, order, offset: at, limit, search: debounced || undefined, behind: behind || undefined, drifted: drifted || undefined, blocked: blocked || undefined };
      // "Next cutovers this week": the next cutover falls within seven days from today.
      if (thisWeek) q.cutoverBy = addDays(today(), 7);
      return portfolioOverview(api, q);
    },
    items: (v) => v.items,
    total: (v) => v.total,
  });
  const data = { data: list.answer, error: list.error, loading: list.loading, reload: list.reload };

  // Only an MSP tenant's admins manage the mapping.
  const choices = useAsync(() => tenantChoices(api), [api]);

  const toggleSort = (s: PortfolioSort) => setParams({ sort: s, order: s === sort && order === 'asc' ? 'desc' : 'asc' });

  const open = (row: PortfolioRow) => {
    api.actingTenant.set(row.tenantId);
    navigate('overview');
  };

  async function download() {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      await api.download(PORTFOLIO_EXPORT_PATH, 'portfolio.xlsx');
    } catch (e) {
      setDownloadError(errorText(e));
    } finally {
      setDownloading(false);
    }
  }

  const view = data.data;
  return (
    <main className={styles.page} data-testid="portfolio-page">
      <Title2 as="h1">Portfolio</Title2>
      <div className={styles.bar}>
        <Input placeholder="Find a customer" value={search} onChange={(_e, d) => setSearch(d.value)} aria-label="Find a customer" data-testid="portfolio-search" />
        <Checkbox label="Behind schedule" checked={behind} onChange={(_e, d) => setParams({ behind: d.checked === true || undefined })} data-testid="portfolio-behind" />
        <Checkbox label="Cutover this week" checked={thisWeek} onChange={(_e, d) => setParams({ week: d.checked === true || undefined })} data-testid="portfolio-week" />
        <Checkbox label="With drift" checked={drifted} onChange={(_e, d) => setParams({ drifted: d.checked === true || undefined })} data-testid="portfolio-drifted" />
        <Checkbox label="With blocked people" checked={blocked} onChange={(_e, d) => setParams({ blocked: d.checked === true || undefined })} data-testid="portfolio-blocked" />
        <Button icon={<ArrowDownloadRegular />} onClick={download} disabled={downloading} data-testid="portfolio-export">
          Export to Excel
        </Button>
        {downloading && <Spinner size="tiny" label="Preparing the workbook…" />}
      </div>
      {downloadError && <ErrorBar error={downloadError} />}
      {data.error !== undefined && <ErrorBar error={data.error} onRetry={data.reload} />}
      {view && (
        <Text data-testid="portfolio-totals">
          {count(view.totals.customers)} customers · {count(view.totals.behind)} behind · {count(view.totals.blocked)} people blocked · {count(view.totals.licencesToBuy)} licences to buy · {count(view.totals.drifted)} drifted
          {view.totals.neverSynced ? ` · ${count(view.totals.neverSynced)} never synced` : ''}
        </Text>
      )}
      {view && view.totals.customers === 0 && (
        <InfoBar title="No customers yet">
          {choices.data?.msp
            ? 'Link a customer tenant under Portfolio settings below, then grant its engineers access; each customer appears here with its progress.'
            : 'Customer tenants appear here once an MSP admin links them and grants you access (in Portfolio settings, with vmp portfolio link and grant, or the API).'}
        </InfoBar>
      )}
      {!view && data.loading && <Spinner label="Loading the portfolio…" />}
      {view && view.totals.customers > 0 && (
        <>
          <SidewaysScroll minWidth={900}>
            <Table aria-label="Customer tenants" size="small" data-testid="portfolio-table">
              <TableHeader>
                <TableRow>
                  {COLUMNS.map((c) => (
                    <TableHeaderCell key={c.label} sortDirection={c.sort === sort ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
                      <Button appearance="transparent" className={styles.sortButton} onClick={() => toggleSort(c.sort!)} data-testid={`portfolio-sort-${c.sort}`}>
                        {c.label}
                      </Button>
                    </TableHeaderCell>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {view.items.map((r) => (
                  <TableRow key={r.tenantId} data-testid="portfolio-row" data-tenant={r.tenantId}>
                    <TableCell>
                      <Link onClick={() => open(r)} data-testid="portfolio-open">
                        {r.displayName}
                      </Link>
                      {r.role === 'viewer' && (
                        <Badge appearance="outline" size="small" style={{ marginLeft: 6 }}>
                          view only
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell>{r.users === null ? '–' : count(r.users)}</TableCell>
                    <TableCell>{r.percentDone === null ? (r.planned ? 'planned' : 'no plan') : `${r.percentDone}%`}</TableCell>
                    <TableCell>
                      {r.nextCutover ? `${r.nextCutover.date} · ${r.nextCutover.name}` : '–'}
                      {r.nextCutover?.inTeams !== undefined && (
                        <Text size={200} block data-testid="portfolio-next-numbers">
                          {count(r.nextCutover.inTeams)}/{count(r.nextCutover.people ?? 0)} numbers in Teams
                        </Text>
                      )}
                    </TableCell>
                    <TableCell>{r.overdue ? <Badge color="danger">{count(r.overdue)}</Badge> : 0}</TableCell>
                    <TableCell>{count(r.blocked)}</TableCell>
                    {/* Unknown: no plan yet, or the customer's subscriptions could not be read. */}
                    <TableCell data-testid="portfolio-licences-to-buy">
                      {r.licencesToBuy === null ? '–' : count(r.licencesToBuy)}
                      {r.licencesBuyBy && (
                        <Text size={200} block data-testid="portfolio-licences-buy-by">
                          before {r.licencesBuyBy.date} (wave {r.licencesBuyBy.wave})
                        </Text>
                      )}
                    </TableCell>
                    <TableCell>{count(r.drifted)}</TableCell>
                    <TableCell>
                      {r.lastSyncAt ? dateTime(r.lastSyncAt) : 'never'}
                      {/* The scheduled sync passes this customer by (no credential, or reached on behalf of guest admins). */}
                      {r.syncSkipped && (
                        <Tooltip content={r.syncSkipped.reason} relationship="description">
                          <Badge appearance="outline" color="warning" size="small" style={{ marginLeft: 6 }} tabIndex={0} data-testid="portfolio-sync-skipped">
                            not synced on schedule
                          </Badge>
                        </Tooltip>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </SidewaysScroll>
          <div className={styles.bar}>
            <Text data-testid="portfolio-range">
              {view.total === 0 ? 'No customer matches.' : `${count(view.offset + 1)}–${count(view.offset + view.items.length)} of ${count(view.total)}`}
            </Text>
            <Button disabled={!list.hasPrevious} onClick={list.previous}>
              Previous
            </Button>
            <Button disabled={!list.hasNext} onClick={list.next} data-testid="portfolio-next">
              Next
            </Button>
          </div>
        </>
      )}
      {choices.data?.msp && <SharedSbcs api={api} />}
      {choices.data?.msp && <PortfolioSettings api={api} onChanged={data.reload} />}
    </main>
  );
}
