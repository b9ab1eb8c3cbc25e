import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Link,
  makeStyles,
  ProgressBar,
  Spinner,
  Text,
  Title2,
  Title3,
  tokens,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
} from '@fluentui/react-components';
import { ArrowSyncRegular } from '@fluentui/react-icons';
import type { ApiClient, Me } from '../../api-client';
import type { TenantStatus } from '../../../../../shared/services/status-service';
import type { Job, MigrationStatusView, OverviewView, PbxSummaryView, PlanSummaryView, SyncProgressView } from '../../api-types';
import { routeHref, type PageId } from '../../route';
import { ErrorBar, isNotAvailable } from '../../components/Feedback';
import { count, counted, dateTime } from '../../format';
import { OverviewCharts } from './OverviewCharts';
import {
  commonAreaPhoneProgressText,
  commonAreaPhoneTotals,
  mainNumberProgressText,
  mainNumberTotals,
  MEMBER_STATE_LABELS,
  MEMBER_STATES_SHOWN,
  pilotProgressText,
  pilotTotals,
} from '../../../../../shared/domain/planning/migration-status';
import { licenceNeedText, licencesToBuy, type LicenceNeed } from '../../../../../shared/domain/decisions/licence-seats';
import { NUMBER_TYPE_LABELS } from '../../../../../shared/domain/tenant-snapshot';

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))', gap: '12px' },
  warnings: { margin: '4px 0 0', paddingLeft: '20px' },
  figure: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  sync: { display: 'flex', flexDirection: 'column', gap: '6px', maxWidth: '520px' },
  kv: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: '16px', rowGap: '4px' },
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
});

/** A running sync job's progress as the sync control shows it. */
function progressOf(job: Job): SyncProgressView {
  const c = job.progress.counters ?? {};
  return { jobId: job.id, state: 'running', phase: job.progress.phase, pages: c.pages, users: c.users, elapsedMs: c.elapsedMs };
}

function isRunning(p: SyncProgressView | undefined): boolean {
  return p?.state === 'running';
}

/** How often, and how many times, the Overview asks again for paths and costs still being computed. */
const PATH_RETRY_MS = 3_000;
const PATH_RETRIES = 20;

export function OverviewPage({ api, inTeams, navigate }: { api: ApiClient; inTeams: boolean; navigate?: (p: PageId) => void }) {
  const styles = useStyles();
  const [me, setMe] = useState<Me>();
  const [overview, setOverview] = useState<OverviewView>();
  const [error, setError] = useState<string>();

  // One small request for every figure on the page (each part is a stored read model).
  const loadStatus = useCallback(
    () =>
      Promise.all([api.me(), api.overview()])
        .then(([m, o]) => {
          setMe(m);
          setOverview(o);
        })
        .catch((e: Error) => setError(e.message)),
    [api],
  );
  const status: TenantStatus | undefined = overview?.status;
  useEffect(() => {
    loadStatus();
  }, [loadStatus]);
  // Paths and costs come from the decisions read model, which the server starts computing when the
  // Overview finds it missing (a first start): ask again a few times until it is there.
  const [pathRetries, setPathRetries] = useState(0);
  useEffect(() => {
    if (!overview || overview.paths || !overview.status.counts || pathRetries >= PATH_RETRIES) return;
    const timer = setTimeout(() => {
      setPathRetries((n) => n + 1);
      api.overview().then(setOverview, () => undefined);
    }, PATH_RETRY_MS);
    return () => clearTimeout(timer);
  }, [api, overview, pathRetries]);

  if (error)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  if (!status || !me) return <Spinner label="Loading the tenant…" />;
  const c = status.counts;
  // The numbers' card says how many are free, and each type's split in its tooltip (a sync stored before they were counted: the total alone).
  const numbers = status.numbers;
  const figures: [string, number | undefined, { text: string; title: string }?][] = [
    ['Users', c?.users],
    ['Resource accounts', c?.resourceAccounts],
    // Common area phones' accounts, once the sync finds any (they are devices, not people to move).
    ...(c?.sharedDevices ? [['Shared devices', c.sharedDevices] as [string, number]] : []),
    ['Teams Phone licensed', c?.teamsPhoneEnabled],
    ['Sites', c?.sites],
    [
      'Numbers in Teams',
      c?.numbers,
      numbers && {
        text: `${count(numbers.reduce((sum, t) => sum + t.free, 0))} free`,
        title: numbers.map((t) => `${NUMBER_TYPE_LABELS[t.numberType]}: ${count(t.total)} (${count(t.free)} free, ${count(t.users)} to users, ${count(t.services)} to services)`).join('\n'),
      },
    ],
    ['Not mapped to a site', c?.unmappedPeople],
  ];
  return (
    <main className={styles.page}>
      <header>
        <Title2 as="h1" data-testid="tenant-name">
          {status.tenant.name}
        </Title2>
        <div>
          <Text>Signed in as {me.name}</Text>{' '}
          {me.mode === 'local' && <Badge appearance="tint" color="warning">local development mode</Badge>}{' '}
          {!inTeams && <Badge appearance="outline">browser</Badge>}
        </div>
        <Text size={200} data-testid="last-sync">
          {status.lastSync ? `Last sync ${new Date(status.lastSync.at).toLocaleString()}` : 'Not synced yet'}
          {status.lastSync?.warnings ? ` · ${counted(status.lastSync.warnings, 'warning')}` : ''}
        </Text>
      </header>
      {status.lastSync?.warningDetails.length ? (
        <MessageBar intent="warning" layout="multiline" data-testid="sync-warnings">
          <MessageBarBody>
            <MessageBarTitle>What the last sync could not read as usual</MessageBarTitle>
            <ul className={styles.warnings}>
              {status.lastSync.warningDetails.map((w, i) => (
                <li key={i} data-code={w.code}>
                  {w.message}
                </li>
              ))}
            </ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {overview?.reminders?.paused ? (
        <MessageBar intent="warning" data-testid="overview-reminders-paused">
          <MessageBarBody>
            Teams refuses the bot's reminders in {counted(overview.reminders.paused, 'chat or channel', 'chats or channels')}: nobody there hears about cutovers or deadlines.{' '}
            <Link href={routeHref({ page: 'settings', item: 'reminders' })}>See which in Settings &gt; Reminders</Link>.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {overview?.overdueOrders && overview.overdueOrders.port + overview.overdueOrders.upload > 0 ? (
        <MessageBar intent="warning" data-testid="overview-orders-overdue">
          <MessageBarBody>
            {overdueOrdersText(overview.overdueOrders)}{' '}
            <Link href={routeHref({ page: 'coexistence' })}>Submit them, or mark them done, on the Coexistence page</Link>.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <SyncControl api={api} onDone={loadStatus} viewOnly={me.actingRole === 'viewer'} />
      <section className={styles.grid} aria-label="Tenant counts">
        {figures.map(([label, value, detail]) => (
          <Card key={label} data-testid={`count-${label.toLowerCase().replace(/\s+/g, '-')}`} title={detail?.title}>
            <CardHeader header={<Text weight="semibold">{label}</Text>} />
            <span className={styles.figure}>{count(value)}</span>
            {detail && (
              <Text size={200} data-testid="count-detail">
                {detail.text}
              </Text>
            )}
          </Card>
        ))}
      </section>
      <OverviewCharts overview={overview!} />
      <PbxSummaryCard summary={overview!.pbx} navigate={navigate} />
      <PlanSummaryCard summary={overview!.plan} licences={overview!.blockers?.licences ?? []} navigate={navigate} />
      <MigrationStatusCard status={overview!.migration} />
    </main>
  );
}

/** Starts a tenant sync (a job on the server) and follows the job until it ends; a running sync is picked up on load. */
function SyncControl({ api, onDone, viewOnly }: { api: ApiClient; onDone: () => void; viewOnly: boolean }) {
  const styles = useStyles();
  const [progress, setProgress] = useState<SyncProgressView>();
  const [error, setError] = useState<unknown>();
  const [starting, setStarting] = useState(false);
  const unmounted = useRef(false);

  /** Polls the sync job to its end, then shows the finished sync as /sync/progress reports it. */
  const follow = useCallback(
    async (jobId: string) => {
      try {
        await api.finishJob(jobId, { onProgress: (job) => !unmounted.current && setProgress(progressOf(job)), stopped: () => unmounted.current });
      } catch {
        // A failed sync is shown from its progress below, with the previous snapshot kept.
      }
      if (unmounted.current) return;
      try {
        setProgress(await api.syncProgress());
        onDone();
      } catch (e) {
        if (!unmounted.current && !isNotAvailable(e)) setError(e);
      }
    },
    [api, onDone],
  );

  useEffect(() => {
    unmounted.current = false;
    api
      .syncProgress()
      .then((p) => {
        if (unmounted.current) return;
        setProgress(p);
        if (isRunning(p) && p.jobId) void follow(p.jobId);
      })
      .catch(() => {});
    return () => {
      unmounted.current = true;
    };
  }, [api, follow]);

  async function start() {
    setStarting(true);
    setError(undefined);
    try {
      const answer = await api.startSync();
      setProgress(answer.progress);
      void follow(answer.job.id);
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  }

  const running = isRunning(progress);
  // Graph gives no total before the last page: the bar is indeterminate and the text counts up.
  const failed = progress?.state === 'failed';
  return (
    <section className={styles.sync} aria-label="Tenant sync">
      <div className={styles.row}>
        <Button appearance="primary" icon={<ArrowSyncRegular />} onClick={start} disabled={running || starting || viewOnly} title={viewOnly ? 'View only: a sync needs the admin role' : undefined} data-testid="sync-button">
          {running ? 'Syncing…' : 'Sync tenant now'}
        </Button>
        {progress?.state === 'succeeded' && (
          <Badge color="success" data-testid="sync-done">
            sync finished: {count(progress.result?.counts.people)} people, {count(progress.pages)} pages,{' '}
            {((progress.elapsedMs ?? 0) / 1000).toFixed(1)} s
            {progress.result?.warnings.length ? `, ${counted(progress.result.warnings.length, 'warning')}` : ''}
          </Badge>
        )}
      </div>
      {running && (
        <div aria-live="polite" data-testid="sync-progress">
          <ProgressBar thickness="large" aria-label="Sync progress" />
          <Text size={200}>
            {progress?.phase ? `${progress.phase}: ` : ''}
            {progress?.pages !== undefined ? `${count(progress.pages)} pages, ` : ''}
            {progress?.users !== undefined ? `${count(progress.users)} users` : 'starting'}
            {progress?.elapsedMs !== undefined ? `, ${(progress.elapsedMs / 1000).toFixed(1)} s` : ''}
          </Text>
        </div>
      )}
      {failed && (
        <ErrorBar
          title="The last sync failed; the previous snapshot is kept."
          error={progress?.error ?? 'unknown error'}
        />
      )}
      {error !== undefined && <ErrorBar error={error} />}
    </section>
  );
}

function Figures({ items }: { items: [string, ReactNode][] }) {
  const styles = useStyles();
  return (
    <div className={styles.kv}>
      {items.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <Text>{k}</Text>
          <Text weight="semibold">{v}</Text>
        </div>
      ))}
    </div>
  );
}

function PbxSummaryCard({ summary: s, navigate }: { summary: PbxSummaryView; navigate?: (p: PageId) => void }) {
  const styles = useStyles();
  const num = (k: keyof NonNullable<PbxSummaryView['counts']>): number | undefined => s?.counts?.[k];
  return (
    <section className={styles.section} aria-labelledby="pbx-summary-title" data-testid="pbx-summary">
      <Title3 as="h2" id="pbx-summary-title">
        PBX inventory
      </Title3>
      {!s.imported ? (
        <Text>
          No PBX inventory imported yet. <Link onClick={() => navigate?.('pbx')}>Import the PBX lines and DID blocks</Link>.
        </Text>
      ) : (
        <Figures
          items={[
            ['Imported', `${dateTime(s.importedAt)}${s.importedBy ? ` by ${s.importedBy}` : ''}`],
            ['Lines', count(num('lines'))],
            ['DID blocks', count(num('blocks'))],
            ['Migration groups', count(num('groups'))],
            ['Matched to users', count(num('matched'))],
            ['Unmatched', count(num('unmatched'))],
            ['Ambiguous', count(num('ambiguous'))],
            ['Non-person devices', count(num('nonPerson'))],
            ['Warnings', count(num('warnings'))],
          ]}
        />
      )}
    </section>
  );
}

function PlanSummaryCard({ summary: p, licences, navigate }: { summary: PlanSummaryView | null; licences: readonly LicenceNeed[]; navigate?: (p: PageId) => void }) {
  const styles = useStyles();
  // The seats the blocked people lack, when any is needed: unknown where the subscriptions could not be read.
  const toBuy = licences.length ? licencesToBuy(licences) : undefined;
  return (
    <section className={styles.section} aria-labelledby="plan-summary-title" data-testid="plan-summary">
      <Title3 as="h2" id="plan-summary-title">
        Rollout plan
      </Title3>
      {!p ? (
        <Text>
          No plan yet. <Link onClick={() => navigate?.('plan')}>Open the Plan page to make one</Link>.
        </Text>
      ) : (
        <Figures
          items={[
            ['Waves', count(p.waves.length)],
            ['First cutover', p.waves[0]?.date ?? '–'],
            ['Last cutover', p.lastCutover ?? p.waves[p.waves.length - 1]?.date ?? '–'],
            ['People in waves', count(p.totals.inWaves)],
            ['Blocked', count(p.totals.blocked)],
            ...(toBuy !== undefined
              ? [
                  [
                    'Licences to buy',
                    <Link href={routeHref({ page: 'blockers' })} data-testid="overview-licences" title={licences.map(licenceNeedText).join('\n')}>
                      {toBuy === null ? 'unknown' : count(toBuy)}
                    </Link>,
                  ] as [string, ReactNode],
                ]
              : []),
            ['Staying on the PBX', count(p.totals.stayingOnPbx)],
            ['Port orders / number uploads', `${count(p.totals.portOrders)} / ${count(p.totals.uploadOrders)}`],
            [
              'Constraints not met',
              p.totals.unmet > 0 ? (
                <Link href={routeHref({ page: 'plan', params: { view: 'constraints' } })} data-testid="overview-unmet">
                  {count(p.totals.unmet)}
                </Link>
              ) : (
                '0'
              ),
            ],
            ['Up to date', p.stale ? 'no: the settings changed since; re-plan' : 'yes'],
          ]}
        />
      )}
    </section>
  );
}

function MigrationStatusCard({ status }: { status: MigrationStatusView | null }) {
  const styles = useStyles();
  if (!status) return null;
  const t = status.tenant;
  const pilots = pilotTotals(status.waves);
  // Absent for a status stored before main numbers were tracked: the card reads as it did.
  const mainNumbers = mainNumberTotals(status.waves);
  const phones = commonAreaPhoneTotals(status.waves);

  return (
    <section className={styles.section} aria-labelledby="migration-status-title" data-testid="migration-status">
      <Title3 as="h2" id="migration-status-title">
        Migration status
      </Title3>
      {t ? (
        <>
          <ProgressBar value={t!.percentDone / 100} thickness="large" aria-label={`${t!.percentDone}% done`} />
          <Text>
            {t!.percentDone}% of {count(t!.total)} done (as of {status.today})
          </Text>
          {pilots && <Text data-testid="overview-pilots">{pilotProgressText(pilots)}</Text>}
          {mainNumbers && <Text data-testid="overview-main-numbers">{mainNumberProgressText(mainNumbers)}</Text>}
          {phones && <Text data-testid="overview-common-area-phones">{commonAreaPhoneProgressText(phones)}</Text>}
          {/* Each state's people on the Progress page. */}
          <Figures
            items={MEMBER_STATES_SHOWN.map((s) => [
              MEMBER_STATE_LABELS[s],
              t![s] > 0 ? (
                <Link href={routeHref({ page: 'progress', params: { state: s } })} data-testid={`overview-state-${s}`}>
                  {count(t![s])}
                </Link>
              ) : (
                count(0)
              ),
            ])}
          />
          <Text>
            <Link href={routeHref({ page: 'progress' })} data-testid="overview-progress">
              Everyone's state
            </Link>
            {t!.drifted > 0 && (
              <>
                {' · '}
                <Link href={routeHref({ page: 'progress', params: { show: 'fixups' } })} data-testid="overview-fixups">
                  {count(status.fixUpsTotal)} fix-ups for drift, with PowerShell
                </Link>
              </>
            )}
          </Text>
        </>
      ) : (
        <Text>No status yet.</Text>
      )}
    </section>
  );
}

/** "3 port orders and 1 upload order are past their deadline for waves still to come, not marked submitted or uploaded." */
function overdueOrdersText(o: { port: number; upload: number }): string {
  const parts = [o.port ? counted(o.port, 'port order') : '', o.upload ? counted(o.upload, 'upload order') : ''].filter(Boolean);
  const one = o.port + o.upload === 1;
  return `${parts.join(' and ')} ${one ? 'is' : 'are'} past ${one ? 'its' : 'their'} deadline for a wave still to come and not marked ${o.upload && !o.port ? 'uploaded' : o.port && !o.upload ? 'submitted' : 'submitted or uploaded'}.`;
}
