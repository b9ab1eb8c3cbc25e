/**
 * The Overview's pictures: people by path, cost per path, migration status, blockers by gate, progress
 * per wave and per site, and the wave timeline - all from the one /api/overview answer. Each figure
 * links to the grid it counts.
 */
import { makeStyles, Title3 } from '@fluentui/react-components';
import type { OverviewView } from '../../api-types';
import { count, money, PATH_LABELS, people } from '../../format';
import { routeHref } from '../../route';
import { gateLabel, gateLabelWithCode } from '../../../../../shared/domain/decisions/gate-catalogue';
import { MEMBER_STATE_LABELS } from '../../../../../shared/domain/planning/migration-status';
import { BarChart, Donut, SERIES, StackedBar, WaveTimeline, type Datum } from './charts';
import { wavesToList } from '../../waves-shown';

/** Waves the progress chart draws: the last cutovers and the next ones (the Plan page has them all). */
const WAVES_CHARTED = 10;
const WAVES_CHARTED_PAST = 3;

const PATH_ORDER = ['OC', 'DR', 'CP', 'PBX'];
const PATH_COLOURS: Record<string, string> = { OC: SERIES[0], DR: SERIES[4], CP: SERIES[1], PBX: SERIES[6] };
const STATES = (
  [
    { state: 'done', color: SERIES[1] },
    { state: 'ready', color: SERIES[4] },
    { state: 'scheduled', color: SERIES[0] },
    { state: 'not-started', color: SERIES[6] },
    { state: 'drifted', color: SERIES[3] },
    { state: 'blocked', color: SERIES[5] },
  ] as const
).map((s) => ({ ...s, label: MEMBER_STATE_LABELS[s.state] }));

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '12px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: '20px 32px' },
});

export function OverviewCharts({ overview }: { overview: OverviewView }) {
  const styles = useStyles();
  const { paths, migration, blockers, plan, sites } = overview;
  // Everyone on their path in force: the admin's decision, or the site's recommendation where nothing is
  // decided yet - the people the plan moves. (Decided people alone undercount a half-decided tenant.)
  const decided = paths?.pathCounts.reduce((a, p) => a + p.decided, 0) ?? 0;
  const recommendedOnly = paths?.pathCounts.reduce((a, p) => a + p.recommended, 0) ?? 0;
  const pathsTitle = decided === 0 ? 'People by recommended path' : recommendedOnly === 0 ? 'People by path' : 'People by path (decided, or recommended until decided)';
  const byPath: Datum[] = paths
    ? [...paths.pathCounts]
        .sort((a, b) => PATH_ORDER.indexOf(a.path) - PATH_ORDER.indexOf(b.path))
        .map((p) => ({
          label: PATH_LABELS[p.path] ?? p.path,
          value: p.decided + p.recommended,
          shown: decided > 0 && recommendedOnly > 0 ? `${people(p.decided + p.recommended)}, ${count(p.decided)} decided` : people(p.decided + p.recommended),
          href: routeHref({ page: 'people', params: { path: p.path } }),
          color: PATH_COLOURS[p.path] ?? SERIES[2],
        }))
    : [];
  const cost: Datum[] = paths
    ? paths.costByPath.map((c) => ({
        label: PATH_LABELS[c.path] ?? c.path,
        value: c.monthly,
        shown: money(c.monthly, paths.currency),
        href: routeHref({ page: 'sites', params: { path: c.path } }),
        color: PATH_COLOURS[c.path] ?? SERIES[2],
      }))
    : [];
  const status: Datum[] = migration
    ? STATES.map((s) => ({
        label: s.label,
        value: migration.tenant[s.state],
        color: s.color,
        // Blocked people are a filter of the People grid; the other states are the plan's waves.
        href: s.state === 'blocked' ? routeHref({ page: 'people', params: { blocked: true } }) : routeHref({ page: 'plan' }),
      }))
    : [];
  const gates: Datum[] = (blockers?.byCode ?? []).slice(0, 8).map((g, i) => ({
    label: gateLabel(g.code),
    value: g.count,
    title: `${gateLabelWithCode(g.code)}: ${g.fix}`,
    color: SERIES[(i + 5) % SERIES.length],
    // The Blockers grid filtered to this gate; the bar's title names the gate's fix.
    href: routeHref({ page: 'blockers', params: { gate: g.code } }),
  }));
  const allWaves = migration?.waves ?? [];
  const chartedWaves = wavesToList(allWaves, migration?.today ?? '', WAVES_CHARTED, WAVES_CHARTED_PAST);
  const wavesTitle =
    chartedWaves.length < allWaves.length
      ? `Progress per wave (${chartedWaves[0].name} to ${chartedWaves[chartedWaves.length - 1].name}, of ${count(allWaves.length)})`
      : 'Progress per wave';
  const waves: Datum[] = chartedWaves.map((w) => ({
    label: w.name,
    value: w.counts.percentDone,
    shown: `${w.counts.percentDone}% (${w.date})`,
    color: SERIES[1],
    href: routeHref({ page: 'plan', params: { wave: w.number } }),
  }));
  // People at no site who are in a wave are one row among the sites: the last, not the first (its empty id sorts first).
  const siteBars: Datum[] = [...(sites?.first ?? [])].sort((a, b) => Number(a.siteId === '') - Number(b.siteId === '')).map((s) => ({
    label: s.name ?? (s.siteId || 'No site'),
    value: s.counts.percentDone,
    shown: `${s.counts.percentDone}%`,
    color: SERIES[0],
    href: s.siteId ? routeHref({ page: 'sites', item: s.siteId }) : routeHref({ page: 'people', params: { siteId: 'none' } }),
  }));
  if (!byPath.length && !status.length && !gates.length) return null;
  return (
    <section className={styles.section} aria-labelledby="overview-charts-title" data-testid="overview-charts">
      <Title3 as="h2" id="overview-charts-title">
        The migration in pictures
      </Title3>
      {plan && plan.waves.length > 0 && (
        <WaveTimeline
          testId="chart-timeline"
          today={migration?.today ?? plan.today}
          waves={plan.waves.map((w) => ({ number: w.number, name: w.name, date: w.date, users: w.users, href: routeHref({ page: 'plan', params: { wave: w.number } }) }))}
        />
      )}
      <div className={styles.grid}>
        {byPath.length > 0 && (
          <Donut
            testId="chart-paths"
            title={pathsTitle}
            unit=""
            centre={count(decided + recommendedOnly)}
            data={byPath}
          />
        )}
        {cost.length > 0 && <BarChart testId="chart-cost" title={`Monthly cost per path (total ${money(paths!.costTotal.monthly, paths!.currency)})`} unit="a month" data={cost} />}
        {status.length > 0 && <StackedBar testId="chart-status" title={`People by status (${migration!.tenant.percentDone}% done)`} unit="people" data={status} />}
        {gates.length > 0 && <BarChart testId="chart-gates" title={`Blockers by gate (${count(blockers!.total)} people blocked)`} unit="people" data={gates} sentenceLabels />}
        {waves.length > 0 && <BarChart testId="chart-waves" title={wavesTitle} unit="done" data={waves} />}
        {siteBars.length > 0 && (
          <BarChart
            testId="chart-sites"
            title={
              sites!.order === 'next-waves'
                ? `Sites in the next waves (${siteBars.length} of ${count(sites!.total)})`
                : `Progress per site (first ${siteBars.length} of ${count(sites!.total)})`
            }
            unit="done"
            data={siteBars}
          />
        )}
      </div>
    </section>
  );
}
