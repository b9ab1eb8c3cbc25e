/**
 * Which days a wave may cut over: allowed weekdays, no change freeze, and no public holiday in the
 * country (and region) of any site in the wave. Holidays come from date-holidays, which is slow to
 * evaluate, so each country/region/year is computed once and kept.
 */
import Holidays from 'date-holidays';
import { fromDay, isoWeekday, toDay } from './plan-dates';

export interface ChangeFreeze {
  from: string;
  to: string;
  reason?: string;
}

export interface HolidayLookup {
  /** The public holiday's name on that date for the country/region, or undefined. */
  holidayName(date: string, countryCode: string | undefined, region?: string): string | undefined;
  /** A year's public holidays for the country/region, date (yyyy-mm-dd) -> name; empty for an unknown country. */
  holidaysOfYear?(year: number, countryCode: string, region?: string): ReadonlyMap<string, string>;
}

/** Public holidays only (type "public"): observances and optional days do not stop a cutover. */
export function createHolidayLookup(): Required<HolidayLookup> {
  const cache = new Map<string, Map<string, string>>();
  const calendars = new Map<string, Holidays | null>();
  const calendarFor = (country: string, region?: string): Holidays | null => {
    const key = `${country}/${region ?? ''}`;
    let cal = calendars.get(key);
    if (cal === undefined) {
      try {
        // An unknown country or region gives an instance without rules: getHolidays is then empty.
        cal = region ? new Holidays(country, region) : new Holidays(country);
      } catch {
        cal = null;
      }
      calendars.set(key, cal);
    }
    return cal;
  };
  const holidaysOfYear = (year: number, countryCode: string, region?: string): Map<string, string> => {
    const key = `${countryCode}/${region ?? ''}/${year}`;
    let days = cache.get(key);
    if (!days) {
      days = new Map();
      const cal = calendarFor(countryCode, region);
      const list = cal ? cal.getHolidays(year) || [] : [];
      for (const h of list) {
        if (h.type !== 'public') continue;
        // A holiday may span several days (start..end, end exclusive); mark each local date.
        const first = toDay(h.date.slice(0, 10));
        const spanDays = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
        for (let d = first; d < first + spanDays; d++) if (!days.has(fromDay(d))) days.set(fromDay(d), h.name);
      }
      cache.set(key, days);
    }
    return days;
  };
  return {
    holidayName(date, countryCode, region) {
      return countryCode ? holidaysOfYear(Number(date.slice(0, 4)), countryCode, region).get(date) : undefined;
    },
    holidaysOfYear,
  };
}

let shared: Required<HolidayLookup> | undefined;

/**
 * One lookup for the process: date-holidays is slow to evaluate and its calendars never change, so the
 * plan builds, the stored holidays and the auto attendants' holidays share what each country cost once.
 */
export function sharedHolidayLookup(): Required<HolidayLookup> {
  return (shared ??= createHolidayLookup());
}

export interface CalendarRules {
  /** 1 = Monday ... 7 = Sunday. */
  weekdays: readonly number[];
  freezes: readonly ChangeFreeze[];
}

export class CutoverCalendar {
  private readonly weekdays: Set<number>;
  private readonly freezes: { from: number; to: number; label: string }[];

  constructor(
    rules: CalendarRules,
    readonly holidays: HolidayLookup = createHolidayLookup(),
  ) {
    this.weekdays = new Set(rules.weekdays);
    this.freezes = rules.freezes
      .map((f) => ({ from: toDay(f.from), to: toDay(f.to), label: `${f.from}..${f.to}${f.reason ? ` (${f.reason})` : ''}` }))
      .sort((a, b) => a.from - b.from || a.to - b.to);
  }

  /** Why the date is not allowed for any site (weekday, freeze), or undefined when it is. */
  globalReason(date: string): string | undefined {
    const day = toDay(date);
    const wd = isoWeekday(day);
    if (!this.weekdays.has(wd)) return `weekday ${wd} is not an allowed cutover weekday`;
    for (const f of this.freezes) if (day >= f.from && day <= f.to) return `change freeze ${f.label}`;
    return undefined;
  }

  /** Why the date is not allowed at a site with this country/region (holiday), or undefined. */
  siteReason(date: string, countryCode: string | undefined, region?: string): string | undefined {
    const name = this.holidays.holidayName(date, countryCode, region);
    return name ? `public holiday ${name} in ${countryCode}${region ? `-${region}` : ''}` : undefined;
  }

  /** First date >= from that passes the weekday and freeze rules, searching up to `horizon` (inclusive). */
  nextGlobalDate(from: string, horizon: string): string | undefined {
    const end = toDay(horizon);
    for (let day = toDay(from); day <= end; day++) {
      const date = fromDay(day);
      if (!this.globalReason(date)) return date;
    }
    return undefined;
  }

  /** A sentence on why no date in [from, horizon] is allowed: used when the search fails. */
  explainNoDate(from: string, horizon: string): string {
    if (this.weekdays.size === 0) return 'no cutover weekday is allowed';
    const covering = this.freezes.filter((f) => f.to >= toDay(from)).map((f) => f.label);
    return `no allowed cutover date between ${from} and ${horizon}: ${covering.length ? `change freeze ${covering.join(', ')} and ` : ''}allowed weekdays ${[...this.weekdays].sort().join(',')}`;
  }
}
