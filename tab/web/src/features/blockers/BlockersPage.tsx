/**
 * The Blockers grid (`#/blockers?gate=...&site=...&wave=N`): the plan's blocked people a page at a time
 * from the server, filtered there by gate, site and wave together, in the plan's order (site, then user
 * name) or its reverse; each person with the gates that hold them and the fix for each. Select people
 * to copy their user names (for a bulk fix in the admin centre or PowerShell), export the current view
 * to Excel, open a person's panel on the People page. The Overview's "blockers by gate" bars link here.
 * Above the grid, the licences the blocked people need against the tenant's free seats.
 */
import { useCallback, useMemo, useState } from 'react';
import { Button, Field, Link, makeStyles, Select, Text, Title2, tokens } from '@fluentui/react-components';
import { CopyRegular, DismissRegular } from '@fluentui/react-icons';
import type { PageProps } from '../../App';
import { errorText } from '../../api-client';
import { ErrorBar, InfoBar, isNotAvailable } from '../../components/Feedback';
import { CommandBar, DataGrid, gridRows, usePagedRows, type GridColumn } from '../../components/data-grid';
import { useAsync } from '../../hooks/use-async';
import { useSiteList } from '../../hooks/use-site-list';
import { SiteFilter } from '../../components/SiteFilter';
import { WaveFilter } from '../../components/WaveFilter';
import { routeHref } from '../../route';
import { count } from '../../format';
import { gateLabel, gateLabelWithCode } from '../../../../../shared/domain/decisions/gate-catalogue';
import { ExportViewButton } from '../../components/ExportViewButton';
import { blockersApi, type BlockedPersonRow, type BlockersFilter } from './blockers-api';
import { LicenceNeeds } from './LicenceNeeds';
import { TURNED_OFF_GATE } from '../../../../../shared/domain/decisions/licence-seats';

const PAGE_SIZE = 200;

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '12px', height: 'calc(100vh - 48px)', boxSizing: 'border-box' },
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  // A select is as wide as its longest option (a gate's name with its count): on a narrow screen it
  // is cut to the page's width instead of running off it.
  narrowable: { minWidth: 0, maxWidth: '100%' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** A person in the plan's list; a person's (or a site's) gate in the readiness list, one row per gate. */
const rowIdOf = (r: BlockedPersonRow) => `${r.personId}|${r.siteId ?? ''}|${r.gates.map((g) => g.code).join(',')}`;

function filterOf(params: Record<string, string>): BlockersFilter {
  const source = params.source === 'readiness' ? 'readiness' : undefined;
  // Readiness gates have no wave until the plan is made again: the wave filter is the plan's only.
  return { source, gate: params.gate || undefined, site: params.site || undefined, wave: source ? undefined : params.wave || undefined, dir: !source && params.dir === 'desc' ? 'desc' : undefined };
}

export function BlockersPage({ api, route, navigate }: PageProps) {
  const styles = useStyles();
  const filter = useMemo(() => filterOf(route.params), [route.params]);
  const key = JSON.stringify(filter);
  const setFilter = useCallback(
    (patch: Partial<BlockersFilter>) => navigate({ page: 'blockers', params: { ...filter, ...patch } }, { replace: true }),
    [navigate, filter],
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [copied, setCopied] = useState<string>();

  // Filter choices: gates with their counts and fix (the plan header), waves, and sites by name.
  const gates = useAsync(() => api.planBlockers(filter.wave !== undefined ? Number(filter.wave) : undefined), [api, filter.wave]);
  const waves = useAsync(() => api.planWaves(), [api]);
  const { sites: siteChoices } = useSiteList(api);

  const rows = usePagedRows<BlockedPersonRow, { total: number; items: BlockedPersonRow[] }>(
    key,
    (offset, limit, signal) => blockersApi.page(api, filter, offset, limit, signal),
    PAGE_SIZE,
  );
  const waveName = useCallback((n: number) => waves.data?.waves.find((w) => w.number === n)?.name ?? `Wave ${n}`, [waves.data]);

  const columns: GridColumn<BlockedPersonRow>[] = [
    {
      id: 'person',
      label: 'Person',
      width: 'minmax(180px, 2fr)',
      title: (r) => r.userPrincipalName,
      render: (r) =>
        r.userPrincipalName ? (
          <Link href={routeHref({ page: 'people', item: r.userPrincipalName })} data-testid="open-blocked-person">
            {r.displayName ?? r.userPrincipalName}
          </Link>
        ) : (
          // A site gate (readiness list): it holds everyone at the site on that path.
          <span className={styles.muted}>everyone at the site</span>
        ),
    },
    {
      id: 'site',
      label: 'Site',
      width: 'minmax(130px, 1fr)',
      // The plan stores its blocked people by site; readiness gates have no order of their own to offer.
      sortable: filter.source !== 'readiness',
      title: (r) => r.siteId ?? 'no site',
      render: (r) => r.siteName ?? r.siteId ?? <span className={styles.muted}>no site</span>,
    },
    {
      id: 'gate',
      label: 'Gate',
      width: 'minmax(170px, 1.5fr)',
      title: (r) => r.gates.map((g) => `${gateLabelWithCode(g.code)}: ${g.message}`).join('\n'),
      // Labels as text (several badges would not fit the cell); the filtered gate first.
      render: (r) => [...r.gates].sort((a, b) => Number(b.code === filter.gate) - Number(a.code === filter.gate)).map((g) => gateLabel(g.code)).join(', '),
    },
    {
      id: 'fix',
      label: 'The fix',
      width: 'minmax(220px, 3fr)',
      title: (r) => r.gates.map((g) => g.fix).join('\n'),
      render: (r) => (r.gates.find((g) => g.code === filter.gate) ?? r.gates[0])?.fix ?? '',
    },
    {
      // A blocked person is in no wave: these are the waves their site moves in, which they would join.
      id: 'wave',
      label: "Site's waves",
      width: 'minmax(110px, 0.7fr)',
      title: (r) => (r.waves.length ? `Their site moves in ${r.waves.map(waveName).join(', ')}` : 'Their site moves in no wave'),
      render: (r) => (r.waves.length ? r.waves.map(waveName).join(', ') : <span className={styles.muted}>none</span>),
    },
  ];

  const onSelected = (next: Set<string>) => setSelected(next);
  async function copyUpns() {
    const upns = [...new Set(rows.loaded().filter((r) => selected.has(rowIdOf(r)) && r.userPrincipalName).map((r) => r.userPrincipalName))];
    try {
      await navigator.clipboard.writeText(upns.join('\n'));
      setCopied(`${count(upns.length)} user name${upns.length === 1 ? '' : 's'} copied.`);
    } catch (e) {
      setCopied(`Not copied: ${errorText(e)}`);
    }
  }

  const noPlan = isNotAvailable(rows.error) || isNotAvailable(gates.error);
  const chosenGate = gates.data?.byCode.find((g) => g.code === filter.gate);
  return (
    <main className={styles.page}>
      <Title2 as="h1">Blockers</Title2>
      {noPlan ? (
        <InfoBar title="No plan yet">Make a plan on the Plan page: the people it cannot move, and why, are listed here.</InfoBar>
      ) : (
        <>
          <div className={styles.filters} role="search" aria-label="Filter blocked people">
            <Field label="Show">
              <Select value={filter.source ?? ''} onChange={(_e, d) => setFilter({ source: (d.value || undefined) as BlockersFilter['source'], wave: undefined })} data-testid="blockers-source">
                <option value="">Blocked in the plan</option>
                <option value="readiness">Blocker gates now (before a re-plan)</option>
              </Select>
            </Field>
            <Field label="Gate" className={styles.narrowable}>
              <Select className={styles.narrowable} value={filter.gate ?? ''} onChange={(_e, d) => setFilter({ gate: d.value || undefined })} data-testid="blockers-gate">
                <option value="">Every gate</option>
                {(gates.data?.byCode ?? []).map((g) => (
                  <option key={g.code} value={g.code}>
                    {filter.source === 'readiness' ? gateLabel(g.code) : `${gateLabel(g.code)} (${count(g.count)})`}
                  </option>
                ))}
                {filter.gate && !gates.data?.byCode.some((g) => g.code === filter.gate) && <option value={filter.gate}>{gateLabel(filter.gate)}</option>}
              </Select>
            </Field>
            <SiteFilter sites={siteChoices} value={filter.site} onChange={(site) => setFilter({ site })} testId="blockers-site" />
            <WaveFilter waves={waves.data?.waves ?? []} value={filter.wave} onChange={(wave) => setFilter({ wave })} disabled={filter.source === 'readiness'} testId="blockers-wave" />
          </div>
          {filter.source !== 'readiness' && <LicenceNeeds needs={gates.data?.licences ?? []} onGate={(gate) => setFilter({ gate })} />}
          {chosenGate && (
            <Text data-testid="blockers-gate-fix">
              <strong>{gateLabel(chosenGate.code)}</strong>: {chosenGate.fix}
              {chosenGate.code === TURNED_OFF_GATE && filter.source !== 'readiness' && (
                <>
                  {' '}
                  <Link as="button" onClick={() => void blockersApi.downloadTeamsPhoneOn(api).catch((e) => setCopied(`Not downloaded: ${errorText(e)}`))} data-testid="blockers-teams-phone-on">
                    PowerShell that turns it on for all {count(chosenGate.count)}
                  </Link>
                </>
              )}
            </Text>
          )}
          <CommandBar label="Blocked people actions" status={<span data-testid="blockers-total">{rows.total === undefined ? 'Loading…' : `${count(rows.total)} ${filter.source === 'readiness' ? 'blocker gates' : 'blocked people'}`}</span>}>
            <Button icon={<CopyRegular />} disabled={selected.size === 0} onClick={copyUpns} data-testid="blockers-copy">
              Copy user names ({count(selected.size)})
            </Button>
            <Button icon={<DismissRegular />} appearance="subtle" disabled={selected.size === 0} onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
            <ExportViewButton total={rows.total} onExport={() => blockersApi.download(api, filter)} testId="blockers-export" />
          </CommandBar>
          {copied && (
            <Text role="status" data-testid="blockers-copied">
              {copied}
            </Text>
          )}
          {rows.error !== undefined && <ErrorBar error={rows.error} onRetry={rows.reload} />}
          {rows.total === 0 && <Text data-testid="blockers-empty">Nobody is blocked{filter.gate || filter.site || filter.wave ? ' with these filters' : ''}.</Text>}
          <DataGrid<BlockedPersonRow>
            label="Blocked people"
            columns={columns}
            {...gridRows(rows, key)}
            rowId={rowIdOf}
            sort={filter.source === 'readiness' ? undefined : { column: 'site', desc: filter.dir === 'desc' }}
            onSortChange={(s) => setFilter({ dir: s.desc ? 'desc' : undefined })}
            selected={selected}
            onSelectedChange={onSelected}
            rowLabel={(r) => `Select ${r.displayName ?? (r.userPrincipalName || `the gate ${gateLabel(r.gates[0]?.code ?? '')} at ${r.siteName ?? r.siteId}`)}`}
            testId="blockers-list"
            rowTestId="blockers-row"
            rowProps={(r) => ({ 'data-upn': r.userPrincipalName, 'data-site': r.siteId ?? '' })}
          />
        </>
      )}
    </main>
  );
}
