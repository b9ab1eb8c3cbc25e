/**
 * Small accessible charts for the Overview, drawn with CSS and SVG (nothing to download at runtime,
 * a few kilobytes in the bundle). Every figure is a link into the grid it counts (`#/people?path=DR`)
 * whose text says what it is ("Direct Routing: 1,234 people"), so a screen reader or keyboard user
 * gets the same facts as the picture; shapes are decoration (aria-hidden).
 */
import type { ReactNode } from 'react';
import { makeStyles, mergeClasses, Text, tokens } from '@fluentui/react-components';
import { count, people } from '../../format';
import { routeHref } from '../../route';
import { TIMELINE_WIDTH, waveTimelineLayout } from './wave-timeline-layout';
import { wavesToList } from '../../waves-shown';

export interface Datum {
  label: string;
  value: number;
  /** Where the figure leads: a hash such as `#/people?path=OC`. */
  href?: string;
  color: string;
  /** The figure as shown next to the bar (defaults to the number). */
  shown?: string;
  /** More on hover (a gate's fix). */
  title?: string;
}

/** Theme-aware series colours (Fluent palette tokens, distinct in light, dark and high contrast). */
export const SERIES = [
  tokens.colorPaletteBlueForeground2,
  tokens.colorPaletteGreenForeground1,
  tokens.colorPaletteMarigoldForeground1,
  tokens.colorPaletteBerryForeground1,
  tokens.colorPaletteTealForeground2,
  tokens.colorPaletteRedForeground1,
  tokens.colorNeutralForeground3,
];

const useStyles = makeStyles({
  chart: { display: 'flex', flexDirection: 'column', gap: '6px', minWidth: 0 },
  bars: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '4px' },
  bar: {
    display: 'grid',
    gridTemplateColumns: 'minmax(110px, 38%) 1fr max-content',
    alignItems: 'center',
    columnGap: '8px',
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    borderRadius: tokens.borderRadiusSmall,
    padding: '2px 4px',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  track: { height: '14px', backgroundColor: tokens.colorNeutralBackground4, borderRadius: tokens.borderRadiusSmall, overflow: 'hidden' },
  fill: { height: '100%', borderRadius: tokens.borderRadiusSmall, forcedColorAdjust: 'none' },
  label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  /** Labels that are short sentences (a gate's "No Teams Phone licence"): half the row, and two lines before they are cut. */
  sentenceBar: { gridTemplateColumns: 'minmax(110px, 50%) 1fr max-content' },
  sentenceLabel: { overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflowWrap: 'anywhere' },
  value: { fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
  stack: { display: 'flex', height: '18px', borderRadius: tokens.borderRadiusSmall, overflow: 'hidden', backgroundColor: tokens.colorNeutralBackground4 },
  legend: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexWrap: 'wrap', columnGap: '12px', rowGap: '2px' },
  swatch: { display: 'inline-block', width: '10px', height: '10px', borderRadius: '2px', marginRight: '4px', forcedColorAdjust: 'none' },
  legendLink: {
    color: tokens.colorNeutralForeground1,
    textDecorationLine: 'none',
    ':hover': { textDecorationLine: 'underline' },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  donutRow: { display: 'flex', gap: '16px', alignItems: 'center', flexWrap: 'wrap' },
});

function Figure({ href, className, children, testId, title }: { href?: string; className: string; children: ReactNode; testId?: string; title?: string }) {
  return href ? (
    <a href={href} className={className} data-testid={testId} title={title}>
      {children}
    </a>
  ) : (
    <span className={className} data-testid={testId}>
      {children}
    </span>
  );
}

/** Horizontal bars, one link per figure. */
export function BarChart({ title, data, unit, testId, sentenceLabels }: { title: string; data: Datum[]; unit: string; testId?: string; sentenceLabels?: boolean }) {
  const styles = useStyles();
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <figure className={styles.chart} style={{ margin: 0 }} data-testid={testId}>
      <figcaption>
        <Text weight="semibold">{title}</Text>
      </figcaption>
      <ul className={styles.bars}>
        {data.map((d) => (
          <li key={d.label}>
            <Figure href={d.href} className={mergeClasses(styles.bar, sentenceLabels && styles.sentenceBar)} testId={testId && `${testId}-bar`} title={d.title}>
              <span className={sentenceLabels ? styles.sentenceLabel : styles.label}>{d.label}</span>
              <span className={styles.track} aria-hidden>
                <span className={styles.fill} style={{ display: 'block', width: `${(100 * d.value) / max}%`, backgroundColor: d.color }} />
              </span>
              <span className={styles.value}>
                {d.shown ?? count(d.value)}
                <span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clipPath: 'inset(50%)' }}> {unit}</span>
              </span>
            </Figure>
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** One bar split into parts (a whole and its states), with a legend of links. */
export function StackedBar({ title, data, unit, testId }: { title: string; data: Datum[]; unit: string; testId?: string }) {
  const styles = useStyles();
  const total = data.reduce((a, d) => a + d.value, 0) || 1;
  return (
    <figure className={styles.chart} style={{ margin: 0 }} data-testid={testId}>
      <figcaption>
        <Text weight="semibold">{title}</Text>
      </figcaption>
      <div className={styles.stack} aria-hidden>
        {/* A gap between parts keeps them apart where the theme gives every series one colour (high contrast). */}
        {data.map((d) =>
          d.value ? (
            <span key={d.label} className={styles.fill} style={{ width: `${(100 * d.value) / total}%`, backgroundColor: d.color, borderRadius: 0, borderRight: `2px solid ${tokens.colorNeutralBackground1}` }} />
          ) : null,
        )}
      </div>
      <Legend data={data} unit={unit} testId={testId} />
    </figure>
  );
}

function Legend({ data, unit, testId }: { data: Datum[]; unit: string; testId?: string }) {
  const styles = useStyles();
  return (
    <ul className={styles.legend}>
      {data.map((d) => (
        <li key={d.label}>
          <Figure href={d.href} className={styles.legendLink} testId={testId && `${testId}-item`}>
            <span className={styles.swatch} style={{ backgroundColor: d.color }} aria-hidden />
            {d.label}: {d.shown ?? count(d.value)}
            {unit ? ` ${unit}` : ''}
          </Figure>
        </li>
      ))}
    </ul>
  );
}

/** A donut of parts of a whole with its legend (the legend carries the figures and links). */
export function Donut({ title, data, unit, centre, testId }: { title: string; data: Datum[]; unit: string; centre: string; testId?: string }) {
  const styles = useStyles();
  const total = data.reduce((a, d) => a + d.value, 0);
  const r = 42;
  const c = 2 * Math.PI * r;
  let start = 0;
  return (
    <figure className={styles.chart} style={{ margin: 0 }} data-testid={testId}>
      <figcaption>
        <Text weight="semibold">{title}</Text>
      </figcaption>
      <div className={styles.donutRow}>
        <svg width="120" height="120" viewBox="0 0 120 120" aria-hidden focusable="false">
          <circle cx="60" cy="60" r={r} fill="none" stroke={tokens.colorNeutralBackground4} strokeWidth="16" />
          {total > 0 &&
            data.map((d) => {
              const length = (c * d.value) / total;
              const segment = (
                <circle
                  key={d.label}
                  cx="60"
                  cy="60"
                  r={r}
                  fill="none"
                  stroke={d.color}
                  strokeWidth="16"
                  strokeDasharray={`${Math.max(0, length - 2)} ${c - Math.max(0, length - 2)}`}
                  strokeDashoffset={-start}
                  transform="rotate(-90 60 60)"
                  style={{ forcedColorAdjust: 'none' }}
                />
              );
              start += length;
              return segment;
            })}
          <text x="60" y="64" textAnchor="middle" fontSize="14" fill={tokens.colorNeutralForeground1}>
            {centre}
          </text>
        </svg>
        <Legend data={data} unit={unit} testId={testId} />
      </div>
    </figure>
  );
}

/** Waves the list under the timeline names at most (from the next cutover on); the Plan page has them all. */
const LISTED_WAVES = 6;

/**
 * The waves on a date line: one mark per wave (size by people), dates written where they fit, and a
 * short list of the coming waves, each a link to the wave (the marks are decoration, see the list).
 */
export function WaveTimeline({ waves, today, testId }: { waves: { number: number; name: string; date: string; users: number; href: string }[]; today: string; testId?: string }) {
  const styles = useStyles();
  if (!waves.length) return null;
  const { marks, todayX } = waveTimelineLayout(waves, today);
  const listed = wavesToList(waves, today, LISTED_WAVES);
  const next = waves.find((w) => w.date >= today);
  return (
    <figure className={styles.chart} style={{ margin: 0 }} data-testid={testId}>
      <figcaption>
        <Text weight="semibold">Wave timeline</Text>
      </figcaption>
      <svg viewBox={`0 0 ${TIMELINE_WIDTH} 70`} width="100%" style={{ maxWidth: 720 }} aria-hidden focusable="false">
        <line x1="20" x2={TIMELINE_WIDTH - 20} y1="35" y2="35" stroke={tokens.colorNeutralStroke1} strokeWidth="2" />
        <line x1={todayX} x2={todayX} y1="15" y2="55" stroke={tokens.colorPaletteRedForeground1} strokeDasharray="3 3" />
        {marks.map((m) => (
          <g key={m.number}>
            <circle cx={m.x} cy="35" r={m.r} fill={m.next ? tokens.colorBrandForeground1 : tokens.colorNeutralForeground3} opacity="0.85" />
            {m.label && (
              <text x={m.x} y="66" textAnchor="middle" fontSize="10" fill={tokens.colorNeutralForeground1} data-testid={testId && `${testId}-date`}>
                {m.label}
              </text>
            )}
          </g>
        ))}
      </svg>
      <ul className={styles.legend}>
        {listed.map((w) => (
          <li key={w.number}>
            <a href={w.href} className={styles.legendLink} data-testid={testId && `${testId}-wave`}>
              {w.name}: {w.date}, {people(w.users)}{w === next ? ' (next cutover)' : ''}
            </a>
          </li>
        ))}
        {listed.length < waves.length && (
          <li>
            <a href={routeHref({ page: 'plan' })} className={styles.legendLink} data-testid={testId && `${testId}-all`}>
              All {count(waves.length)} waves in the plan
            </a>
          </li>
        )}
      </ul>
    </figure>
  );
}
