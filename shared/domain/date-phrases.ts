/**
 * Date words as people type them ("today", "tomorrow", "next Friday", "3 March", "2026-03-03") and
 * periods ("this month", "next week", "in the next 10 days"), resolved against a given today
 * (yyyy-mm-dd) so the answer never depends on the machine's clock or time zone. One place for the bot
 * and the CLI; the routing simulator's own reader handles the explicit-date forms.
 */
import { parseDateLoose } from './planning/routing-simulator';
import { addDays, fromDay, isoWeekday, toDay } from './planning/plan-dates';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** 1 = Monday ... 7 = Sunday for a weekday word or its first three letters ("fri", "Friday"). */
function weekdayOf(word: string): number | undefined {
  const w = word.toLowerCase();
  if (w.length < 3) return undefined;
  const i = WEEKDAYS.findIndex((d) => d.startsWith(w));
  return i >= 0 ? i + 1 : undefined;
}

/** Cleans a phrase: lower case, no commas, no trailing "?!.", single spaces, no leading "on"/"at". */
function clean(text: string): string {
  return text
    .toLowerCase()
    .replace(/[,?!]/g, ' ')
    .replace(/\.+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:on|at|for)\s+/, '');
}

/**
 * One day: today, tomorrow, yesterday, (this|next) <weekday>, a weekday alone (the next one, today
 * included), "in N days", ISO dates, "3 March", "March 3rd 2027", "3/3/2027" (day first). Undefined
 * when the text is not a date this reads.
 */
export function resolveDatePhrase(text: string, today: string): string | undefined {
  const t = clean(text);
  if (!t) return undefined;
  if (t === 'today' || t === 'now' || t === 'tonight') return today;
  if (t === 'tomorrow' || t === 'tmrw' || t === 'tmr') return addDays(today, 1);
  if (t === 'yesterday') return addDays(today, -1);
  if (t === 'day after tomorrow' || t === 'the day after tomorrow') return addDays(today, 2);
  let m = /^in (\d{1,3}) days?$/.exec(t);
  if (m) return addDays(today, Number(m[1]));
  m = /^(?:(this|next|coming|the coming) )?([a-z]+)$/.exec(t);
  if (m) {
    const wd = weekdayOf(m[2]);
    if (wd !== undefined) {
      const day = toDay(today);
      let ahead = (wd - isoWeekday(day) + 7) % 7;
      // "next Friday" on a Friday is a week away; on other days it is the coming one (as most people mean it).
      if (m[1] === 'next' && ahead === 0) ahead = 7;
      return fromDay(day + ahead);
    }
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return parseDateLoose(`${m[3]}-${m[2]}-${m[1]}`, today);
  return parseDateLoose(t.replace(/^the /, ''), today);
}

export interface DatePeriod {
  /** First and last day, inclusive (yyyy-mm-dd). */
  from: string;
  to: string;
  /** How to say it back ("this month (1-30 Apr)" is the caller's to format): the words read. */
  label: string;
}

function monthStart(date: string): string {
  return `${date.slice(0, 8)}01`;
}

function monthEnd(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return fromDay(Math.round(Date.UTC(y, m, 1) / 86_400_000) - 1);
}

function nextMonthStart(date: string): string {
  return addDays(monthEnd(date), 1);
}

/**
 * A period: today, tomorrow, this/next week (Monday to Sunday), this/next month, this year, the next
 * N days/weeks, "by <date>" (today to that date), or one day as a period. Undefined when unreadable.
 */
export function resolvePeriod(text: string, today: string): DatePeriod | undefined {
  const t = clean(text).replace(/^(?:due |that are due |are due )/, '');
  if (!t) return undefined;
  const day = toDay(today);
  const monday = fromDay(day - (isoWeekday(day) - 1));
  if (t === 'this week' || t === 'the week') return { from: today, to: addDays(monday, 6), label: 'this week' };
  if (t === 'next week') return { from: addDays(monday, 7), to: addDays(monday, 13), label: 'next week' };
  if (t === 'this month' || t === 'the month') return { from: today, to: monthEnd(today), label: 'this month' };
  if (t === 'next month') {
    const start = nextMonthStart(today);
    return { from: start, to: monthEnd(start), label: 'next month' };
  }
  if (t === 'last month') {
    const end = addDays(monthStart(today), -1);
    return { from: monthStart(end), to: end, label: 'last month' };
  }
  if (t === 'this year') return { from: today, to: `${today.slice(0, 4)}-12-31`, label: 'this year' };
  let m = /^(?:in )?(?:the )?(?:next|coming) (\d{1,3}) (day|week)s?$/.exec(t);
  if (m) {
    const n = Number(m[1]) * (m[2] === 'week' ? 7 : 1);
    return { from: today, to: addDays(today, n), label: `in the next ${m[1]} ${m[2]}${m[1] === '1' ? '' : 's'}` };
  }
  m = /^(?:by|before|until) (.+)$/.exec(t);
  if (m) {
    const to = resolveDatePhrase(m[1], today);
    if (to) return { from: today, to, label: `by ${m[1]}` };
  }
  const one = resolveDatePhrase(t, today);
  return one ? { from: one, to: one, label: t } : undefined;
}
