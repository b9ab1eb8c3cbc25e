/**
 * Where the Overview's wave timeline draws its marks, by arithmetic alone (no DOM), so that a plan of
 * 40 or 50 weekly waves stays readable in the same 600-unit-wide picture as a plan of three: marks
 * shrink to the space between waves, and a date is written only where it does not run into another.
 * The next cutover's date is always written, then the first and the last wave's, then the others
 * from left to right where they fit.
 */
export interface TimelineWave {
  number: number;
  date: string;
  users: number;
}

export interface TimelineMark {
  number: number;
  x: number;
  r: number;
  /** The date written under the mark, or undefined where it would run into another. */
  label?: string;
  next: boolean;
}

export interface TimelineLayout {
  marks: TimelineMark[];
  todayX: number;
}

/** The drawing's width in SVG units and the margin kept at each end. */
export const TIMELINE_WIDTH = 600;
const MARGIN = 20;
/** The largest and smallest mark radius. */
const MAX_R = 14;
const MIN_R = 2.5;
/** Units a written date takes at the timeline's 10-unit font, with a gap: "01-19" and "2027-01-19". */
const SHORT_LABEL_UNITS = 32;
const LONG_LABEL_UNITS = 58;

const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

/** Marks for `waves` (in date order) against `today` (yyyy-mm-dd). */
export function waveTimelineLayout(waves: readonly TimelineWave[], today: string): TimelineLayout {
  if (!waves.length) return { marks: [], todayX: MARGIN };
  const first = Math.min(dayNumber(today), dayNumber(waves[0].date));
  const last = Math.max(dayNumber(waves[waves.length - 1].date), first + 1);
  const span = TIMELINE_WIDTH - 2 * MARGIN;
  const x = (isoDate: string) => MARGIN + ((dayNumber(isoDate) - first) / (last - first)) * span;
  // Marks no wider than the space each wave has on average, so 50 weekly waves do not pile up.
  const rCap = Math.max(MIN_R, Math.min(MAX_R, span / waves.length / 2 - 0.5));
  const maxUsers = Math.max(1, ...waves.map((w) => w.users));
  const next = waves.find((w) => w.date >= today);
  // Waves within one year: the month and day say enough (the list below names the year); waves that
  // cross a year write it too.
  const oneYear = waves[0].date.slice(0, 4) === waves[waves.length - 1].date.slice(0, 4);
  const labelUnits = oneYear ? SHORT_LABEL_UNITS : LONG_LABEL_UNITS;
  const marks: TimelineMark[] = waves.map((w) => ({
    number: w.number,
    x: x(w.date),
    r: Math.max(MIN_R, rCap * (0.35 + 0.65 * Math.sqrt(w.users / maxUsers))),
    next: w === next,
  }));
  const written: number[] = [];
  const byPriority = [...new Set([next && waves.indexOf(next), 0, waves.length - 1].filter((i): i is number => i !== undefined && i >= 0))];
  for (let i = 0; i < waves.length; i++) if (!byPriority.includes(i)) byPriority.push(i);
  for (const i of byPriority) {
    const mark = marks[i];
    if (written.some((at) => Math.abs(at - mark.x) < labelUnits)) continue;
    mark.label = oneYear ? waves[i].date.slice(5) : waves[i].date;
    written.push(mark.x);
  }
  return { marks, todayX: x(today) };
}
