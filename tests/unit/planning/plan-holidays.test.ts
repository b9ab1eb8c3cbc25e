/**
 * The wave timeline's holidays (plan-holidays.ts): public holidays at the waves' sites, by country and
 * the region the settings give a site, on allowed cutover weekdays between the first and the last wave;
 * one entry per day and name, with every place it falls in and how many sites.
 */
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import { planHolidaysOf } from '../../../shared/services/plan-holidays';

const lookup = createHolidayLookup();
const sites = [
  { id: 'seattle', countryCode: 'US' },
  { id: 'austin', countryCode: 'US' },
  { id: 'munich', countryCode: 'DE' },
  { id: 'berlin', countryCode: 'DE' },
  { id: 'nowhere', countryCode: undefined },
];
const waves = [
  { date: '2026-12-01', siteIds: ['seattle', 'munich'] },
  { date: '2027-01-12', siteIds: ['austin', 'berlin', 'nowhere'] },
];
const everyDay = { scheduling: { cutoverWeekdays: [1, 2, 3, 4, 5, 6, 7] } } as never;

describe('the holidays of a plan', () => {
  it('lists each public holiday once with its places and sites, between the first and the last wave', () => {
    const answer = planHolidaysOf(waves, sites, { ...(everyDay as object), sites: [{ siteId: 'munich', region: 'BY' }] } as never, lookup);
    expect([answer.from, answer.to]).toEqual(['2026-12-01', '2027-01-12']);
    const on = (date: string) => answer.holidays.filter((h) => h.date === date);
    // Christmas Day under each country's own name, at its two sites; Epiphany only in Bavaria (munich's region).
    expect(on('2026-12-25')).toEqual([
      { date: '2026-12-25', name: '1. Weihnachtstag', places: ['DE', 'DE-BY'], sites: 2 },
      { date: '2026-12-25', name: 'Christmas Day', places: ['US'], sites: 2 },
    ]);
    expect(on('2027-01-06')).toEqual([expect.objectContaining({ places: ['DE-BY'], sites: 1 })]);
    expect(answer.holidays.map((h) => h.date)).toEqual([...answer.holidays.map((h) => h.date)].sort());
    expect(answer.holidays.every((h) => h.date >= answer.from! && h.date <= answer.to!)).toBe(true);
  });

  it('keeps to the cutover weekdays, and has nothing to say without waves', () => {
    // 25 December 2026 is a Friday, 1 January 2027 too: Tuesday to Thursday (the default) has neither.
    const weekdays = planHolidaysOf(waves, sites, {}, lookup);
    expect(weekdays.holidays.map((h) => h.date)).not.toContain('2026-12-25');
    expect(weekdays.holidays.every((h) => [2, 3, 4].includes(((new Date(`${h.date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1))).toBe(true);
    expect(planHolidaysOf([], sites, everyDay, lookup)).toEqual({ holidays: [] });
  });
});
