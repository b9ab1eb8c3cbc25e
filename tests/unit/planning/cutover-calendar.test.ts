import { CutoverCalendar, createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import { isoWeekday, toDay } from '../../../shared/domain/planning/plan-dates';

const holidays = createHolidayLookup();

describe('cutover calendar', () => {
  it('knows public holidays per country and region, and ignores observances', () => {
    expect(holidays.holidayName('2026-01-06', 'DE', 'BY')).toBeDefined(); // Epiphany: Bavaria only
    expect(holidays.holidayName('2026-01-06', 'DE', 'BE')).toBeUndefined();
    expect(holidays.holidayName('2026-12-25', 'US', 'WA')).toBeDefined();
    expect(holidays.holidayName('2026-02-14', 'US', 'WA')).toBeUndefined(); // Valentine's Day is an observance
    expect(holidays.holidayName('2026-12-25', undefined)).toBeUndefined();
  });

  it('allows only the configured weekdays outside freezes', () => {
    const cal = new CutoverCalendar({ weekdays: [2, 3, 4], freezes: [{ from: '2026-03-02', to: '2026-03-06', reason: 'quarter close' }] }, holidays);
    expect(isoWeekday(toDay('2026-03-03'))).toBe(2);
    expect(cal.globalReason('2026-03-03')).toMatch(/change freeze 2026-03-02\.\.2026-03-06 \(quarter close\)/);
    expect(cal.globalReason('2026-03-07')).toMatch(/weekday 6/);
    expect(cal.nextGlobalDate('2026-03-02', '2026-12-31')).toBe('2026-03-10');
    expect(cal.siteReason('2026-01-06', 'DE', 'BY')).toMatch(/public holiday/);
  });

  it('gives up at the horizon instead of searching forever', () => {
    const cal = new CutoverCalendar({ weekdays: [1], freezes: [{ from: '2026-01-01', to: '2030-01-01' }] }, holidays);
    expect(cal.nextGlobalDate('2026-01-01', '2028-12-31')).toBeUndefined();
    expect(cal.explainNoDate('2026-01-01', '2028-12-31')).toMatch(/change freeze 2026-01-01\.\.2030-01-01/);
  });
});
