/**
 * A site's business hours, when its main number's auto attendant answers as open: ranges of a day on
 * some weekdays (1 = Monday ... 7 = Sunday, as the scheduling settings spell weekdays), in the site's
 * time zone, on the 15-minute boundaries Teams schedules take (New-CsOnlineTimeRange). Written and read
 * as one line for the tab's field - "Mon-Fri 08:00-18:00, Sat 09:00-12:00" - and stored as records.
 * Dependency-free, so the tab bundles it as it is.
 */

export interface BusinessHoursRange {
  weekdays: number[];
  /** hh:mm, 00:00 to 23:45, on a quarter hour. */
  from: string;
  /** hh:mm, after `from`, up to 24:00 (the end of the day). */
  to: string;
}

/** A time a Teams weekly schedule takes: a quarter hour from 00:00, up to 24:00. */
export const QUARTER_HOUR = /^(?:(?:[01]\d|2[0-3]):(?:00|15|30|45)|24:00)$/;

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
/** The names the weekly schedule's parameters take (-MondayHours ...). */
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** "08:00" -> 480. */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** Weekdays as the field shows them: runs of three or more as "Mon-Fri", others listed ("Mon,Wed"). */
function daysText(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j] + 1) j++;
    if (j - i >= 2) parts.push(`${DAY_NAMES[days[i] - 1]}-${DAY_NAMES[days[j] - 1]}`);
    else for (let k = i; k <= j; k++) parts.push(DAY_NAMES[days[k] - 1]);
    i = j + 1;
  }
  return parts.join(',');
}

/** The ranges as one line: "Mon-Fri 08:00-18:00, Sat 09:00-12:00". */
export function formatBusinessHours(ranges: readonly BusinessHoursRange[]): string {
  return ranges.map((r) => `${daysText(r.weekdays)} ${r.from}-${r.to}`).join(', ');
}

function dayOf(word: string): number | undefined {
  const at = DAY_NAMES.findIndex((d) => d.toLowerCase() === word.slice(0, 3).toLowerCase());
  // "Mon", "monday", "Tues": the first three letters name the day, the rest must spell it on.
  return at >= 0 && WEEKDAY_NAMES[at].toLowerCase().startsWith(word.toLowerCase()) ? at + 1 : undefined;
}

function timeOf(text: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const time = `${m[1].padStart(2, '0')}:${m[2] ?? '00'}`;
  return QUARTER_HOUR.test(time) ? time : undefined;
}

/**
 * One line back into ranges: entries separated by commas or semicolons, each weekdays (a day, a span
 * "Mon-Fri", or days joined by "," or "/") then "hh:mm-hh:mm"; "9-17" reads as 09:00-17:00. Empty text
 * is no business hours. The error names the entry it could not read.
 */
export function parseBusinessHours(text: string): { ranges: BusinessHoursRange[] } | { error: string } {
  const unreadable = { error: `"${text.trim()}" is not business hours I can read: write them as "Mon-Fri 08:00-18:00, Sat 09:00-12:00".` };
  const ranges: BusinessHoursRange[] = [];
  // Day lists may hold commas too ("Mon,Wed 9-12"): an entry ends at its hours.
  const ENTRY = /([A-Za-z][A-Za-z\s,/–-]*?)\s+(\d{1,2}(?::\d{2})?)\s*[-–]\s*(\d{1,2}(?::\d{2})?)/g;
  const between = /^[\s,;]*$/;
  let at = 0;
  for (const m of text.matchAll(ENTRY)) {
    if (!between.test(text.slice(at, m.index))) return unreadable;
    at = m.index + m[0].length;
    const entry = m[0].trim();
    const weekdays: number[] = [];
    for (const part of m[1].split(/[,/]/).map((p) => p.trim()).filter(Boolean)) {
      const span = /^([a-z]+)\s*[-–]\s*([a-z]+)$/i.exec(part);
      const first = dayOf(span ? span[1] : part);
      const last = span ? dayOf(span[2]) : first;
      if (!first || !last || last < first) return { error: `"${part}" in "${entry}" is not a weekday or a span of them (Mon-Fri).` };
      for (let d = first; d <= last; d++) weekdays.push(d);
    }
    const from = timeOf(m[2]);
    const to = timeOf(m[3]);
    if (!from || !to) return { error: `"${entry}": hours are on the quarter hour, from 00:00 to 24:00 (Teams schedules take no other).` };
    if (minutesOfDay(to) <= minutesOfDay(from)) return { error: `"${entry}": the hours end before they start.` };
    ranges.push({ weekdays: [...new Set(weekdays)].sort((a, b) => a - b), from, to });
  }
  if (!between.test(text.slice(at))) return unreadable;
  return { ranges };
}

/** Each weekday's ranges in order, by weekday (1-7); a day with none is closed. */
export function hoursByWeekday(ranges: readonly BusinessHoursRange[]): Map<number, { from: string; to: string }[]> {
  const byDay = new Map<number, { from: string; to: string }[]>();
  for (const r of ranges) for (const d of r.weekdays) byDay.set(d, [...(byDay.get(d) ?? []), { from: r.from, to: r.to }]);
  for (const list of byDay.values()) list.sort((a, b) => minutesOfDay(a.from) - minutesOfDay(b.from));
  return new Map([...byDay].sort(([a], [b]) => a - b));
}

/** The first weekday on which two ranges overlap, in words ("Sat: 09:00-12:00 and 11:00-14:00"), or undefined. */
export function overlappingHours(ranges: readonly BusinessHoursRange[]): string | undefined {
  for (const [day, list] of hoursByWeekday(ranges)) {
    for (let i = 1; i < list.length; i++) {
      if (minutesOfDay(list[i].from) < minutesOfDay(list[i - 1].to)) return `${DAY_NAMES[day - 1]}: ${list[i - 1].from}-${list[i - 1].to} and ${list[i].from}-${list[i].to}`;
    }
  }
  return undefined;
}
