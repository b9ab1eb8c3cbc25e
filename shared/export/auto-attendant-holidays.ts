/**
 * The public holidays a site's new auto attendant answers as holidays: those of the site's country (and
 * region, from the settings) from its cutover to the end of the following year, as date-holidays knows
 * them - the calendar the plan already keeps cutovers off. In Teams each holiday is a fixed schedule of
 * the tenant's, named for the holiday and the country ("Christmas Day (GB)"), so the auto attendants of
 * one country share it; its dates are date-time ranges "d/m/yyyy" (New-CsOnlineDateTimeRange), a
 * holiday of several days one range, at most 10 per schedule (New-CsOnlineSchedule). An auto attendant
 * takes at most 20 holiday sets (Teams' auto attendant limits): the first 20 holidays after the cutover.
 */
import { sharedHolidayLookup, type HolidayLookup } from '../domain/planning/cutover-calendar';
import { addDays } from '../domain/planning/plan-dates';
import { fitName, MAX_TEAMS_NAME_LENGTH } from '../domain/planning/teams-names';

/** Date-time ranges a fixed schedule takes (New-CsOnlineSchedule). */
export const MAX_RANGES_PER_SCHEDULE = 10;
/** Holiday sets (call handling associations of type Holiday) an auto attendant takes. */
export const MAX_HOLIDAYS_PER_ATTENDANT = 20;

export interface HolidaySchedule {
  /** The schedule's name in Teams: "<holiday> (<country>[-<region>])". */
  name: string;
  /** Each a whole-day span: from `start` 00:00 to `end` 00:00 (the day after its last), "d/m/yyyy". */
  ranges: { start: string; end: string }[];
}

export interface AutoAttendantHolidays {
  /** The calendar's country, with its region where the settings give one: "DE-BY". */
  calendar: string;
  /** The first and last day covered (yyyy-mm-dd). */
  from: string;
  to: string;
  /** In the order of their first day after the cutover. */
  schedules: HolidaySchedule[];
  /** Holidays beyond MAX_HOLIDAYS_PER_ATTENDANT, by name: for a person to add another way. */
  left: string[];
}

/** "2027-12-25" -> "25/12/2027", the form New-CsOnlineDateTimeRange reads. */
export function scheduleDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${d}/${m}/${y}`;
}

/**
 * The holidays of a site's country and region from `from` (its cutover day) to the end of the next
 * year; undefined without a country, or when its calendar has none (an unknown country).
 */
export function autoAttendantHolidays(
  countryCode: string | undefined,
  region: string | undefined,
  from: string,
  lookup: Required<Pick<HolidayLookup, 'holidaysOfYear'>> = sharedHolidayLookup(),
): AutoAttendantHolidays | undefined {
  if (!countryCode || !/^[A-Z]{2}$/.test(countryCode)) return undefined;
  const year = Number(from.slice(0, 4));
  const to = `${year + 1}-12-31`;
  const days = [...lookup.holidaysOfYear(year, countryCode, region), ...lookup.holidaysOfYear(year + 1, countryCode, region)]
    .filter(([day]) => day >= from && day <= to)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Each holiday's days, in date order; a run of consecutive days of one holiday is one range.
  const byName = new Map<string, { first: string; last: string }[]>();
  for (const [day, name] of days) {
    const runs = byName.get(name) ?? [];
    const last = runs.at(-1);
    if (last && addDays(last.last, 1) === day) last.last = day;
    else runs.push({ first: day, last: day });
    byName.set(name, runs);
  }
  if (!byName.size) return undefined;
  const calendar = region ? `${countryCode}-${region}` : countryCode;
  const holidays = [...byName];
  const schedules = holidays.slice(0, MAX_HOLIDAYS_PER_ATTENDANT).map(([holiday, runs]) => ({
    name: fitName(`${holiday} (${calendar})`, MAX_TEAMS_NAME_LENGTH),
    ranges: runs.slice(0, MAX_RANGES_PER_SCHEDULE).map((r) => ({ start: scheduleDate(r.first), end: scheduleDate(addDays(r.last, 1)) })),
  }));
  return { calendar, from, to, schedules, left: holidays.slice(MAX_HOLIDAYS_PER_ATTENDANT).map(([holiday]) => holiday) };
}
