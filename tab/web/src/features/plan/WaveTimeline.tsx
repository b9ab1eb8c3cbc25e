/**
 * The waves in date order with the change freezes and site blackouts between them: each wave with
 * its date and time, its people against the capacity per wave, and the next cutover highlighted.
 * A wave is a link to `#/plan?wave=N` (its members open below). A list, so a screen reader reads it
 * as one; the capacity bar has its figures in words.
 */
import { Badge, Link, ProgressBar, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { count, counted, people } from '../../format';

export interface TimelineWave {
  number: number;
  name: string;
  date: string;
  time: string;
  members: number;
  siteIds: string[];
}
export interface TimelineRange {
  from: string;
  to: string;
  label: string;
  kind: 'freeze' | 'blackout' | 'holiday';
}

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: '4px 0 8px', display: 'flex', gap: '8px', overflowX: 'auto' },
  item: {
    minWidth: '170px',
    maxWidth: '220px',
    padding: '8px 10px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
    display: 'flex',
    flexDirection: 'column',
    gap: '4px',
    flexShrink: 0,
  },
  // On the brand tint the link takes the body colour: the brand link colour is too close to it in dark themes.
  next: { border: `2px solid ${tokens.colorBrandStroke1}`, backgroundColor: tokens.colorBrandBackground2, '& a, & a:hover': { color: tokens.colorNeutralForeground1 } },
  selected: { outline: `2px solid ${tokens.colorNeutralForeground1}` },
  range: { backgroundColor: tokens.colorNeutralBackground3, border: `1px dashed ${tokens.colorNeutralStroke1}` },
  muted: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

type Entry = { date: string; wave?: TimelineWave; range?: TimelineRange };

export function WaveTimeline({
  waves,
  ranges,
  capacity,
  today,
  selected,
  siteName,
}: {
  waves: TimelineWave[];
  ranges: TimelineRange[];
  capacity?: number;
  today: string;
  selected?: number;
  siteName: (id: string) => string;
}) {
  const styles = useStyles();
  const next = waves.find((w) => w.date >= today)?.number;
  const last = waves.length ? waves[waves.length - 1].date : today;
  const first = waves.length ? waves[0].date : today;
  // Ranges that touch the plan's span; in date order with the waves.
  const entries: Entry[] = [
    ...waves.map((w): Entry => ({ date: w.date, wave: w })),
    ...ranges.filter((r) => r.to >= first && r.from <= last).map((r): Entry => ({ date: r.from, range: r })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.range ? -1 : 1));
  return (
    <ol className={styles.list} aria-label="Wave timeline" data-testid="wave-timeline">
      {entries.map((e, i) =>
        e.wave ? (
          <li
            key={`w${e.wave.number}`}
            className={mergeClasses(styles.item, e.wave.number === next && styles.next, e.wave.number === selected && styles.selected)}
            data-testid="timeline-wave"
            data-wave={e.wave.number}
            aria-current={e.wave.number === selected ? 'true' : undefined}
          >
            <Link href={`#/plan?wave=${e.wave.number}`}>
              <strong>{e.wave.name}</strong>
            </Link>
            <Text>
              {e.wave.date} {e.wave.time}
            </Text>
            {e.wave.number === next && (
              <Badge appearance="filled" color="brand" data-testid="next-cutover">
                Next cutover
              </Badge>
            )}
            <Text className={styles.muted}>
              {people(e.wave.members)} · {counted(e.wave.siteIds.length, 'site')}
            </Text>
            {/* The bar is the wave's share of the capacity per wave, not of the tenant. */}
            {capacity ? (
              <ProgressBar
                value={Math.min(1, e.wave.members / capacity)}
                title={`${people(e.wave.members)} of the ${count(capacity)} a wave takes`}
                aria-label={`${e.wave.name}: ${people(e.wave.members)} of the ${count(capacity)} a wave takes`}
              />
            ) : null}
            <Text className={styles.muted} truncate wrap={false} title={e.wave.siteIds.map(siteName).join(', ')}>
              {e.wave.siteIds.slice(0, 3).map(siteName).join(', ')}
              {e.wave.siteIds.length > 3 ? ` +${e.wave.siteIds.length - 3}` : ''}
            </Text>
          </li>
        ) : (
          <li key={`r${i}`} className={mergeClasses(styles.item, styles.range)} data-testid={`timeline-${e.range!.kind}`}>
            <strong>{e.range!.kind === 'freeze' ? 'Change freeze' : e.range!.kind === 'blackout' ? 'Site kept out' : 'Public holiday'}</strong>
            <Text>
              {e.range!.from}
              {e.range!.to !== e.range!.from ? ` to ${e.range!.to}` : ''}
            </Text>
            <Text className={styles.muted}>{e.range!.label}</Text>
          </li>
        ),
      )}
    </ol>
  );
}
