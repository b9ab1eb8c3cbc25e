/**
 * Progress against the plan (`#/progress?state=drifted`, `?wave=3`, `?site=<id>`, `?show=fixups`): every
 * person with their state as the last sync found them - done, ready, scheduled (overdue once the wave
 * date has passed), not started, blocked, drifted - a page at a time from the status read model, by
 * state, wave and site together (`?state=blocked&site=<id>`); and the fix-ups that bring drifted
 * people back to the plan with their PowerShell, to copy for the selected rows.
 */
import { useCallback, useMemo, useState } from 'react';
import { Badge, Button, Field, Link, makeStyles, Select, Text, Title2, tokens } from '@fluentui/react-components';
import { CopyRegular, DismissRegular } from '@fluentui/react-icons';
import type { PageProps } from '../../App';
import { errorText } from '../../api-client';
import { ErrorBar, InfoBar, isNotAvailable } from '../../components/Feedback';
import { CommandBar, DataGrid, gridRows, usePagedRows, type GridColumn } from '../../components/data-grid';
import { SiteFilter } from '../../components/SiteFilter';
import { WaveFilter } from '../../components/WaveFilter';
import { DownloadButton } from '../../components/DownloadButton';
import { ExportViewButton } from '../../components/ExportViewButton';
import { useAsync } from '../../hooks/use-async';
import { useSiteList } from '../../hooks/use-site-list';
import { count } from '../../format';
import { routeHref } from '../../route';
import { MEMBER_STATE_LABELS, MEMBER_STATES_SHOWN, type MemberState } from '../../../../../shared/domain/planning/migration-status';
import { progressApi, type FixUp, type MembersAnswer, type MemberStatus, type ProgressFilter } from './progress-api';

const PAGE_SIZE = 200;

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px', height: 'calc(100vh - 48px)', boxSizing: 'border-box' },
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  muted: { color: tokens.colorNeutralForeground3 },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

const STATE_COLORS: Record<MemberState, 'success' | 'brand' | 'informative' | 'subtle' | 'danger' | 'warning'> = {
  done: 'success',
  ready: 'brand',
  scheduled: 'informative',
  'not-started': 'subtle',
  blocked: 'danger',
  drifted: 'warning',
};

function filterOf(params: Record<string, string>): ProgressFilter {
  if (params.show === 'fixups') return { show: 'fixups' };
  const state = MEMBER_STATES_SHOWN.find((s) => s === params.state);
  return { ...(state && { state }), ...(params.wave && { wave: params.wave }), ...(params.site && { site: params.site }) };
}

export function ProgressPage({ api, route, navigate }: PageProps) {
  const styles = useStyles();
  const filter = useMemo(() => filterOf(route.params), [route.params]);
  const key = JSON.stringify(filter);
  // A state, wave or site chosen keeps the others; the fix-ups are listed alone.
  const setFilter = useCallback((next: ProgressFilter) => navigate({ page: 'progress', params: { ...next } }, { replace: true }), [navigate]);
  const refine = (change: ProgressFilter) => {
    const { show: _fixUps, ...kept } = filter;
    const next: Record<string, string | undefined> = { ...kept, ...change };
    setFilter(Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as ProgressFilter);
  };
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [copied, setCopied] = useState<string>();
  const waves = useAsync(() => api.planWaves(), [api]);
  const siteCounts = useAsync(() => (filter.site ? progressApi.siteCounts(api, filter.site, filter.wave) : Promise.resolve(undefined)), [api, filter.site, filter.wave]);
  const sites = useSiteList(api);
  const waveName = useCallback((n?: number) => (n === undefined ? '' : (waves.data?.waves.find((w) => w.number === n)?.name ?? `Wave ${n}`)), [waves.data]);

  // With the fix-ups shown, only the members' summary is (the counts in the Show list): a one-row page.
  const members = usePagedRows<MemberStatus, MembersAnswer>(
    `members ${key}`,
    (offset, limit, signal) => progressApi.members(api, filter, offset, filter.show === 'fixups' ? 1 : limit, signal),
    PAGE_SIZE,
  );
  const fixUps = usePagedRows<FixUp, { total: number; items: FixUp[] }>(`fixups ${key}`, (offset, limit, signal) =>
    filter.show === 'fixups' ? progressApi.fixUps(api, offset, limit, signal) : Promise.resolve({ total: 0, items: [] }), PAGE_SIZE);
  const summary = members.last?.summary;

  const person = (upn: string | undefined, id: string) =>
    upn ? (
      <Link href={routeHref({ page: 'people', item: upn })} data-testid="progress-person">
        {upn}
      </Link>
    ) : (
      <span className={styles.muted}>{id}</span>
    );

  const memberColumns: GridColumn<MemberStatus>[] = [
    { id: 'person', label: 'Person', width: 'minmax(200px, 2fr)', title: (r) => r.userPrincipalName ?? r.personId, render: (r) => person(r.userPrincipalName, r.personId) },
    { id: 'site', label: 'Site', width: 'minmax(110px, 1fr)', title: (r) => r.siteId, render: (r) => (r.siteId ? sites.nameOf(r.siteId) : <span className={styles.muted}>no site</span>) },
    { id: 'wave', label: 'Wave', width: '100px', render: (r) => waveName(r.waveNumber) || <span className={styles.muted}>none</span> },
    {
      id: 'state',
      label: 'State',
      width: '180px',
      render: (r) => (
        <span data-testid="progress-state">
          <Badge appearance="tint" color={STATE_COLORS[r.state]}>
            {MEMBER_STATE_LABELS[r.state]}
            {r.overdue ? ', overdue' : ''}
          </Badge>
        </span>
      ),
    },
    { id: 'detail', label: 'Detail', width: 'minmax(220px, 3fr)', title: (r) => r.detail, render: (r) => r.detail },
    {
      id: 'expected',
      label: 'Planned',
      width: 'minmax(150px, 1.2fr)',
      render: (r) => (r.expected?.number ? `${r.expected.number}${r.expected.numberType ? ` · ${r.expected.numberType}` : ''}` : '–'),
    },
    {
      id: 'actual',
      label: 'In Teams',
      width: 'minmax(150px, 1.2fr)',
      title: (r) => r.actual?.map((a) => `${a.number} (${a.numberType})`).join('\n'),
      render: (r) => (r.actual?.length ? r.actual.map((a) => `${a.number} · ${a.numberType}`).join(', ') : '–'),
    },
  ];

  const fixUpId = (r: FixUp) => `${r.personId}|${r.problem}`;
  const fixUpColumns: GridColumn<FixUp>[] = [
    { id: 'person', label: 'Person', width: 'minmax(200px, 1.5fr)', title: (r) => r.userPrincipalName ?? r.personId, render: (r) => person(r.userPrincipalName, r.personId) },
    { id: 'problem', label: 'Problem', width: 'minmax(200px, 2fr)', title: (r) => r.problem, render: (r) => r.problem },
    { id: 'action', label: 'Fix', width: 'minmax(180px, 1.5fr)', title: (r) => r.action, render: (r) => r.action },
    {
      id: 'powershell',
      label: 'PowerShell (MicrosoftTeams)',
      width: 'minmax(260px, 3fr)',
      title: (r) => r.powershell.join('\n'),
      render: (r) => <span className={styles.code}>{r.powershell.join(' ; ')}</span>,
    },
  ];

  async function copyPowerShell() {
    const lines = fixUps.loaded().filter((r) => selected.has(fixUpId(r))).flatMap((r) => r.powershell);
    try {
      await navigator.clipboard.writeText(`${lines.join('\n')}\n`);
      setCopied(`${count(lines.length)} command${lines.length === 1 ? '' : 's'} copied.`);
    } catch (e) {
      setCopied(`Not copied: ${errorText(e)}`);
    }
  }

  const showFixUps = filter.show === 'fixups';
  const rows = showFixUps ? fixUps : members;
  const noPlan = isNotAvailable(rows.error);
  // The counts in the Show list are those of the tenant, the wave, the site or the site's people in the wave chosen.
  const scopeCounts = !summary ? undefined : filter.site ? siteCounts.data : filter.wave ? summary.waves.find((w) => String(w.number) === filter.wave)?.counts : summary.tenant;
  const stateCount = (s: MemberState) => (scopeCounts ? ` (${count(scopeCounts[s])})` : '');
  return (
    <main className={styles.page}>
      <Title2 as="h1">Progress</Title2>
      {noPlan ? (
        <InfoBar title="No plan yet">Make a plan on the Plan page: each person's state against it (done, ready, scheduled, drifted...) is listed here after every sync.</InfoBar>
      ) : (
        <>
          {summary && (
            <Text data-testid="progress-summary">
              {summary.tenant.percentDone}% of {count(summary.tenant.total)} moved, as the sync of {new Date(summary.snapshotTakenAt).toLocaleString()} found them; overdue as of {summary.today}.
            </Text>
          )}
          <div className={styles.filters} role="search" aria-label="Filter people by progress">
            <Field label="Show">
              <Select
                value={showFixUps ? 'fixups' : (filter.state ?? '')}
                onChange={(_e, d) => {
                  setSelected(new Set());
                  if (d.value === 'fixups') setFilter({ show: 'fixups' });
                  else refine({ state: (d.value || undefined) as MemberState | undefined });
                }}
                data-testid="progress-show"
              >
                <option value="">Everyone{scopeCounts ? ` (${count(scopeCounts.total)})` : ''}</option>
                {MEMBER_STATES_SHOWN.map((s) => (
                  <option key={s} value={s}>
                    {MEMBER_STATE_LABELS[s]}
                    {stateCount(s)}
                  </option>
                ))}
                <option value="fixups">Fix-ups for drift, with PowerShell{summary ? ` (${count(summary.fixUpsTotal)})` : ''}</option>
              </Select>
            </Field>
            <WaveFilter waves={waves.data?.waves ?? []} value={filter.wave} onChange={(wave) => refine({ wave: wave || undefined })} disabled={showFixUps} testId="progress-wave" />
            {!showFixUps && <SiteFilter sites={sites.sites} value={filter.site} onChange={(site) => refine({ site: site || undefined })} testId="progress-site" />}
          </div>
          <CommandBar
            label="Progress actions"
            status={<span data-testid="progress-total">{rows.total === undefined ? 'Loading…' : showFixUps ? `${count(rows.total)} fix-ups` : `${count(rows.total)} people`}</span>}
          >
            {!showFixUps && <ExportViewButton total={members.total} onExport={() => progressApi.download(api, filter)} testId="progress-export" />}
            {showFixUps && (
              <>
                <Button icon={<CopyRegular />} disabled={selected.size === 0} onClick={copyPowerShell} data-testid="progress-copy">
                  Copy PowerShell ({count(selected.size)})
                </Button>
                <Button icon={<DismissRegular />} appearance="subtle" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
                  Clear selection
                </Button>
                <DownloadButton
                  label="Download all as a script (.ps1)"
                  busyLabel="Preparing…"
                  errorTitle="The script could not be downloaded"
                  disabled={!fixUps.total}
                  testId="progress-script"
                  onDownload={() => progressApi.downloadScript(api)}
                />
              </>
            )}
          </CommandBar>
          {copied && (
            <Text role="status" data-testid="progress-copied">
              {copied}
            </Text>
          )}
          {rows.error !== undefined && <ErrorBar error={rows.error} onRetry={rows.reload} />}
          {rows.total === 0 && <Text data-testid="progress-empty">{showFixUps ? 'Nothing drifted from the plan: no fix-ups.' : 'Nobody here.'}</Text>}
          {showFixUps ? (
            <DataGrid<FixUp>
              label="Fix-ups for drift from the plan"
              columns={fixUpColumns}
              {...gridRows(fixUps, key)}
              rowId={fixUpId}
              selected={selected}
              onSelectedChange={setSelected}
              rowLabel={(r) => `Select the fix-up of ${r.userPrincipalName ?? r.personId}`}
              testId="progress-fixups"
              rowTestId="progress-fixup-row"
            />
          ) : (
            <DataGrid<MemberStatus>
              label="People and their state against the plan"
              columns={memberColumns}
              {...gridRows(members, key)}
              rowId={(r) => r.personId}
              testId="progress-list"
              rowTestId="progress-row"
              rowProps={(r) => ({ 'data-state': r.state, 'data-upn': r.userPrincipalName ?? '' })}
            />
          )}
        </>
      )}
    </main>
  );
}
