import { useEffect, useState } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Link,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { SidewaysScroll } from '../../components/SidewaysScroll';
import { ArrowDownloadRegular, CalendarSyncRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../../api-client';
import { errorText } from '../../api-client';
import type { BlockersView, PlanSummaryView, PlanWavesView, WaveMember, WaveMembersPage } from '../../api-types';
import { useAsync } from '../../hooks/use-async';
import { ErrorBar, InfoBar, isNotAvailable } from '../../components/Feedback';
import { count, today } from '../../format';
import type { Navigate, Route } from '../../route';
import { comparePlanWaves, type PlanChanges } from '../../../../../shared/domain/planning/plan-changes';
import { gateLabel } from '../../../../../shared/domain/decisions/gate-catalogue';
import { useSites } from '../settings/use-sites';
import { PinsSection } from './PinsSection';
import { ReplanSummary } from './ReplanSummary';
import { UnmetConstraints } from './UnmetConstraints';
import { WaveSites } from './WaveSites';
import { WaveGroups } from './WaveGroups';
import { WaveCommonAreaPhones } from './WaveCommonAreaPhones';
import { WaveMainNumbers } from './WaveMainNumbers';
import { PageBar } from '../../components/PageBar';
import { WaveTimeline, type TimelineRange } from './WaveTimeline';
import type { PlanHolidays } from '../../../../../shared/services/plan-holidays';
import type { PlanMoves } from '../../../../../shared/services/plan-moves';
import { callerIdText } from '../../../../../shared/domain/caller-id';

const MEMBERS_PAGE = 50;
const EXPORT_PATH = '/export/rollout.xlsx';

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '20px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  fixes: { margin: 0, paddingLeft: '20px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * The rollout plan (`#/plan[?wave=N]`): the wave timeline (capacity, freezes, blackouts, the next
 * cutover), the waves with their members (`?wave=N` opens one), pins and blackouts with the pins the
 * planner could not honour, and Re-plan, which runs the plan job and then says what moved.
 */
export function PlanPage({ api, route, navigate }: { api: ApiClient; route: Route; navigate: Navigate }) {
  const styles = useStyles();
  const summary = useAsync<PlanSummaryView>(() => api.planSummary(), [api]);
  const waves = useAsync<PlanWavesView>(() => api.planWaves(), [api]);
  const settings = useAsync(() => api.settings(), [api]);
  // Holidays follow the plan: read again when a re-plan replaced the waves.
  const holidays = useAsync(() => api.call<PlanHolidays>('GET', '/plan/holidays').catch(() => undefined), [api, waves.data?.builtAt]);
  const sites = useSites(api);
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? id;
  // Operators by name and SBCs by FQDN, from the settings (the plan holds their ids).
  const carrierName = (id: string) => {
    const st = settings.data?.settings as { operators?: { id: string; name: string }[]; sbcs?: { id: string; fqdn: string }[] } | undefined;
    return st?.operators?.find((o) => o.id === id)?.name ?? st?.sbcs?.find((x) => x.id === id)?.fqdn ?? id;
  };
  const [changes, setChanges] = useState<{ plan: PlanChanges; people?: PlanMoves }>();
  // `?view=pins` (the schedule form's link) scrolls to the pins once they are shown.
  const pinsShown = !!settings.data && !!summary.data;
  useEffect(() => {
    if (route.params.view === 'pins' && pinsShown) document.getElementById('pins-title')?.scrollIntoView({ block: 'start' });
    // `?view=constraints` (the Overview's count of unmet constraints) scrolls to their list.
    if (route.params.view === 'constraints' && pinsShown) document.getElementById('unmet-title')?.scrollIntoView({ block: 'start' });
  }, [route.params.view, pinsShown]);
  const selectedWave = route.params.wave !== undefined && /^\d+$/.test(route.params.wave) ? Number(route.params.wave) : undefined;
  const [making, setMaking] = useState(false);
  const [makeError, setMakeError] = useState<unknown>();
  const [downloadError, setDownloadError] = useState<unknown>();
  const [downloading, setDownloading] = useState(false);

  async function makePlan() {
    setMaking(true);
    setMakeError(undefined);
    setChanges(undefined);
    try {
      // What the plan was, to say what moved once the new one is built.
      const before = waves.data?.waves ?? (await api.planWaves().catch(() => undefined))?.waves ?? [];
      // The plan is built by a job on the server: queue it, then follow it to its end.
      const { job } = await api.makePlan({});
      const done = await api.finishJob(job.id);
      const after = await api.planWaves();
      waves.setData(after);
      setChanges({ plan: comparePlanWaves(before, after.waves), people: done.job.result?.moved as PlanMoves | undefined });
      summary.reload();
    } catch (e) {
      setMakeError(e);
    } finally {
      setMaking(false);
    }
  }

  async function download(e: React.MouseEvent) {
    // Always fetched, never followed as a plain link: in Teams the API needs the SSO token, and the
    // server may answer 202 with the export job that writes the workbook, which is followed first.
    e.preventDefault();
    if (downloading) return;
    setDownloadError(undefined);
    setDownloading(true);
    try {
      await api.download(EXPORT_PATH, 'rollout-plan.xlsx');
    } catch (err) {
      setDownloadError(err);
    } finally {
      setDownloading(false);
    }
  }

  const p = summary.data;
  const w = waves.data;
  return (
    <main className={styles.page}>
      <Title2 as="h1">Rollout plan</Title2>
      <div className={styles.toolbar}>
        {/* Focusable while planning, so the keyboard stays here once the new plan is shown. */}
        <Button appearance="primary" icon={<CalendarSyncRegular />} onClick={makePlan} disabledFocusable={making} data-testid="make-plan">
          {making ? 'Planning…' : p ? 'Re-plan' : 'Make the plan'}
        </Button>
        <Link href={`/api${EXPORT_PATH}`} download onClick={download} data-testid="download-plan">
          <ArrowDownloadRegular aria-hidden /> Download Excel plan
        </Link>
        {downloading && <Spinner size="tiny" label="Preparing the workbook…" data-testid="download-preparing" />}
        {p && (
          <Text className={styles.muted}>
            from settings v{p.settingsVersion}, planned on {p.today}
            {w?.builtAt ? ` (built ${new Date(w.builtAt).toLocaleString()})` : ''}
          </Text>
        )}
        {p?.stale && (
          <Badge color="warning" appearance="tint">
            settings changed since: re-plan
          </Badge>
        )}
      </div>
      {changes && <ReplanSummary changes={changes.plan} people={changes.people} siteName={siteName} />}
      {makeError !== undefined && <ErrorBar title="The plan could not be made" error={makeError} />}
      {downloadError !== undefined && <ErrorBar title="The workbook could not be downloaded" error={downloadError} />}
      {summary.error !== undefined &&
        (isNotAvailable(summary.error) ? (
          <InfoBar title="No plan yet">{errorText(summary.error)}</InfoBar>
        ) : (
          <ErrorBar error={summary.error} onRetry={summary.reload} />
        ))}
      {summary.loading && !p && <Spinner label="Loading the plan…" />}
      {p && (
        <>
          <Text data-testid="plan-totals">
            {count(p.totals.inWaves)} people in {count(p.waves.length)} wave{p.waves.length === 1 ? '' : 's'} · {count(p.totals.blocked)} blocked ·{' '}
            {count(p.totals.stayingOnPbx)} staying on the PBX · {count(p.totals.portOrders)} port orders · {count(p.totals.uploadOrders)} number
            uploads
          </Text>
          <section className={styles.section} aria-labelledby="waves-title">
            <Title3 as="h2" id="waves-title">
              Waves
            </Title3>
            {waves.error !== undefined && <ErrorBar error={waves.error} onRetry={waves.reload} />}
            {w && (
              <WaveTimeline
                waves={w.waves}
                ranges={[...timelineRanges(settings.data?.settings, siteName), ...holidayRanges(holidays.data, w.waves)]}
                capacity={(settings.data?.settings as { scheduling?: { waveCapacity?: { users?: number } } } | undefined)?.scheduling?.waveCapacity?.users}
                today={today()}
                selected={selectedWave}
                siteName={siteName}
              />
            )}
            {p.waves.length === 0 ? (
              <Text>No waves: nobody is ready to move yet.</Text>
            ) : (
              <Accordion
                collapsible
                multiple
                data-testid="waves"
                openItems={selectedWave !== undefined ? [selectedWave] : []}
                onToggle={(_e, d) => {
                  const opened = (d.openItems as number[]).filter((n) => n !== selectedWave);
                  navigate({ page: 'plan', params: { ...route.params, wave: opened.length ? opened[opened.length - 1] : undefined } }, { replace: true });
                }}
              >
                {(w?.waves ?? p.waves.map((x) => ({ ...x, siteIds: [] as string[], members: x.users, prerequisites: [] as string[] }))).map(
                  (wave) => {
                    const d = 'portSubmitBy' in wave ? wave : undefined;
                    return (
                      <AccordionItem key={wave.number} value={wave.number} data-testid="wave">
                        <AccordionHeader>
                          {/* One span: the header's button lays out its children as flex items, and on a narrow screen "Wave 1" became a column of its own. */}
                          <span>
                            <strong>{wave.name}</strong>&nbsp;· {wave.date} {wave.time} · {count(wave.members)} people ·{' '}
                            {wave.siteIds.length || '?'} site{wave.siteIds.length === 1 ? '' : 's'}
                            {d?.liftFreezeBy ? ` · port freeze lifted by ${d.liftFreezeBy}` : ''}
                            {d?.portSubmitBy ? ` · port orders by ${d.portSubmitBy}` : ''}
                            {d?.uploadBy ? ` · number upload by ${d.uploadBy}` : ''}
                          </span>
                        </AccordionHeader>
                        <AccordionPanel>
                          <div className={styles.section}>
                            <WaveSites api={api} wave={wave.number} siteIds={wave.siteIds} siteName={siteName} />
                            {wave.prerequisites.length > 0 && (
                              <>
                                <Text weight="semibold">Before the cutover</Text>
                                <ul className={styles.fixes}>
                                  {wave.prerequisites.map((x, i) => (
                                    <li key={i}>{x}</li>
                                  ))}
                                </ul>
                              </>
                            )}
                            <WaveGroups
                              api={api}
                              wave={wave.number}
                              siteName={siteName}
                              onSettingsSaved={() => {
                                settings.reload();
                                summary.reload();
                              }}
                            />
                            <WaveMainNumbers api={api} wave={wave.number} siteName={siteName} />
                            <WaveCommonAreaPhones api={api} wave={wave.number} />
                            <WaveMembers api={api} wave={wave.number} siteName={siteName} carrierName={carrierName} />
                          </div>
                        </AccordionPanel>
                      </AccordionItem>
                    );
                  },
                )}
              </Accordion>
            )}
          </section>
          {settings.data && (
            <PinsSection
              api={api}
              doc={settings.data}
              sites={sites}
              waveNumbers={p.waves.map((x) => x.number)}
              notHonoured={p.unmet.filter((u) => u.code === 'pin-not-honoured').map((u) => u.message)}
              notHonouredCount={p.unmetByCode.find((u) => u.code === 'pin-not-honoured')?.count ?? 0}
              onSaved={() => {
                settings.reload();
                summary.reload();
              }}
            />
          )}
          <BlockedList api={api} siteName={siteName} />
          {p.totals.unmet > 0 && <UnmetConstraints api={api} summary={p} />}
        </>
      )}
      <Text>
        Where a number rings on a given day, block splits, orders and the SBC routing per wave:{' '}
        <Link href="#/coexistence?view=question" data-testid="plan-to-coexistence">
          Coexistence
        </Link>
      </Text>
    </main>
  );
}

function WaveMembers({ api, wave, siteName, carrierName }: { api: ApiClient; wave: number; siteName: (id: string) => string; carrierName: (id: string) => string }) {
  const styles = useStyles();
  const [offset, setOffset] = useState(0);
  const state = useAsync<WaveMembersPage>(() => api.waveMembers(wave, offset, MEMBERS_PAGE), [api, wave, offset]);
  const members: WaveMember[] = state.data?.items ?? [];
  const total = state.data?.total ?? 0;
  if (state.error) return <ErrorBar error={state.error} onRetry={state.reload} />;
  if (!state.data) return <Spinner size="tiny" label="Loading members…" />;
  return (
    <div className={styles.section}>
      <SidewaysScroll minWidth={640}>
        <Table size="extra-small" aria-label={`Members of wave ${wave}`} data-testid="wave-members">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Site</TableHeaderCell>
              <TableHeaderCell>Path</TableHeaderCell>
              <TableHeaderCell>Extension</TableHeaderCell>
              <TableHeaderCell>Current DID</TableHeaderCell>
              <TableHeaderCell>Number to assign</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {members.map((m) => (
              <TableRow key={m.personId}>
                <TableCell>
                  {m.displayName}
                  <br />
                  <Text size={200} className={styles.muted}>
                    {m.userPrincipalName}
                  </Text>
                </TableCell>
                <TableCell title={m.siteId}>{m.siteId ? siteName(m.siteId) : '–'}</TableCell>
                <TableCell>
                  {m.path}
                  {m.operatorId ? ` · ${carrierName(m.operatorId)}` : m.sbcId ? ` · ${carrierName(m.sbcId)}` : ''}
                </TableCell>
                <TableCell>{m.extension ?? '–'}</TableCell>
                <TableCell>{m.currentDid ?? '–'}</TableCell>
                <TableCell>
                  {m.numberToAssign ?? (m.sharedCalling ? "Shared Calling: the site's main number" : '–')}
                  {m.privateNumber && <Text block size={200}>private line {m.privateNumber}</Text>}
                  {m.callerId && <Text block size={200}>calls show {callerIdText(m.callerId)}</Text>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </SidewaysScroll>
      <PageBar offset={offset} shown={members.length} total={total} pageSize={MEMBERS_PAGE} empty="No members" onOffset={setOffset} />
    </div>
  );
}

function BlockedList({ api, siteName }: { api: ApiClient; siteName: (id: string) => string }) {
  const styles = useStyles();
  const state = useAsync<BlockersView>(() => api.planBlockers(), [api]);
  const b = state.data;
  return (
    <section className={styles.section} aria-labelledby="blocked-title" data-testid="blocked">
      <Title3 as="h2" id="blocked-title">
        Blocked{b ? ` (${count(b.total)})` : ''}
      </Title3>
      {state.error !== undefined ? (
        <ErrorBar error={state.error} onRetry={state.reload} />
      ) : !b ? (
        <Spinner size="tiny" label="Loading blockers…" />
      ) : b.total === 0 ? (
        <Text>Nobody is blocked.</Text>
      ) : (
        <>
          <SidewaysScroll minWidth={640}>
            <Table size="extra-small" aria-label="What blocks people, and the fix">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Gate</TableHeaderCell>
                  <TableHeaderCell>People</TableHeaderCell>
                  <TableHeaderCell>Fix</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {b.byCode.map((c) => (
                  <TableRow key={c.code}>
                    <TableCell title={c.code}>{gateLabel(c.code)}</TableCell>
                    <TableCell>{count(c.count)}</TableCell>
                    <TableCell>{c.fix}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </SidewaysScroll>
          {b.top.length > 0 && (
            <>
              <Text weight="semibold">First {b.top.length} blocked people</Text>
              <ul className={styles.fixes}>
                {b.top.map((m) => (
                  <li key={m.personId}>
                    {m.userPrincipalName}
                    {m.siteId ? ` (${siteName(m.siteId)})` : ''}: {m.gates.map((g) => withoutName(g.message, m.userPrincipalName)).join('; ')}
                  </li>
                ))}
              </ul>
              <Text className={styles.muted}>The People page filters everyone blocked; the Excel plan lists them all.</Text>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** A gate's message without the person's name it starts with, which the line already gives ("… has no usage location"). */
function withoutName(message: string, upn: string): string {
  return message.startsWith(`${upn} `) ? message.slice(upn.length + 1) : message;
}

/** Change freezes and site blackouts from the settings, for the timeline. */
function timelineRanges(settings: unknown, siteName: (id: string) => string): TimelineRange[] {
  const sched = (settings as { scheduling?: { changeFreezes?: { from: string; to: string; reason?: string }[]; blackouts?: { siteId: string; from: string; to: string; reason?: string }[] } } | undefined)
    ?.scheduling;
  return [
    ...(sched?.changeFreezes ?? []).map((f) => ({ from: f.from, to: f.to, label: f.reason ?? 'no changes', kind: 'freeze' as const })),
    ...(sched?.blackouts ?? []).map((b) => ({ from: b.from, to: b.to, label: `${siteName(b.siteId)}${b.reason ? `: ${b.reason}` : ''}`, kind: 'blackout' as const })),
  ];
}

/** Days before a wave in which a public holiday may have moved it: the ones the timeline shows. */
const HOLIDAY_WINDOW_DAYS = 14;

/** Public holidays at the plan's sites on cutover weekdays (the days a wave could not take) shortly before a wave. */
function holidayRanges(h: PlanHolidays | undefined, waves: { date: string }[]): TimelineRange[] {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const waveDays = waves.map((w) => day(w.date));
  return (h?.holidays ?? [])
    .filter((x) => waveDays.some((w) => w - day(x.date) >= 0 && w - day(x.date) <= HOLIDAY_WINDOW_DAYS))
    .map((x) => ({ from: x.date, to: x.date, label: `${x.name} (${x.places.join(', ')})`, kind: 'holiday' as const }));
}
