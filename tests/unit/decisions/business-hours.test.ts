/**
 * A site's business hours as the tab's one-line field writes and reads them, and as the settings check
 * them: weekdays and quarter-hour ranges Teams schedules take, no overlap within a day.
 */
import { formatBusinessHours, hoursByWeekday, overlappingHours, parseBusinessHours } from '../../../shared/domain/business-hours';
import { SiteAttributesSchema } from '../../../shared/domain/planning-settings';

const ranges = (text: string) => {
  const r = parseBusinessHours(text);
  if ('error' in r) throw new Error(r.error);
  return r.ranges;
};

describe('business hours as one line', () => {
  it('reads days, spans and hours in the forms admins write them, and writes them back one way', () => {
    expect(ranges('Mon-Fri 08:00-18:00, Sat 09:00-12:00')).toEqual([
      { weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' },
      { weekdays: [6], from: '09:00', to: '12:00' },
    ]);
    expect(ranges('monday - friday 9-17; sat/sun 10:30-12:15')).toEqual([
      { weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' },
      { weekdays: [6, 7], from: '10:30', to: '12:15' },
    ]);
    expect(formatBusinessHours(ranges('Mon,Wed,Thu,Fri 9-13, Mon-Fri 14-18'))).toBe('Mon,Wed-Fri 09:00-13:00, Mon-Fri 14:00-18:00');
    expect(formatBusinessHours(ranges('Tue,Thu 0-24'))).toBe('Tue,Thu 00:00-24:00');
    expect(ranges('  ')).toEqual([]);
    // What it writes, it reads back the same.
    for (const text of ['Mon-Fri 08:00-18:00, Sat 09:00-12:00', 'Mon,Wed 07:45-12:00', 'Sun 00:00-24:00']) expect(formatBusinessHours(ranges(text))).toBe(text);
  });

  it('says which entry it cannot read', () => {
    const error = (text: string) => (parseBusinessHours(text) as { error: string }).error;
    expect(error('weekdays')).toMatch(/is not business hours I can read/);
    expect(error('Mon-Fri 08:00-18:00 and more')).toMatch(/is not business hours I can read/);
    expect(error('Mon-Fri 08:10-17:00')).toBe('"Mon-Fri 08:10-17:00": hours are on the quarter hour, from 00:00 to 24:00 (Teams schedules take no other).');
    expect(error('Mon-Fri 18-8')).toBe('"Mon-Fri 18-8": the hours end before they start.');
    expect(error('Fri-Mon 8-17')).toBe('"Fri-Mon" in "Fri-Mon 8-17" is not a weekday or a span of them (Mon-Fri).');
    expect(error('Mo 8-17')).toMatch(/"Mo" in "Mo 8-17" is not a weekday/);
  });

  it('lists each weekday with its ranges in order, and finds ranges that overlap within a day', () => {
    const week = hoursByWeekday(ranges('Mon-Fri 14-18, Mon-Fri 9-13, Sat 9-12'));
    expect([...week.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(week.get(1)).toEqual([
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ]);
    expect(overlappingHours(ranges('Mon-Fri 9-13, Mon-Fri 13-18'))).toBeUndefined();
    expect(overlappingHours(ranges('Mon-Fri 9-13, Fri 12-18'))).toBe('Fri: 09:00-13:00 and 12:00-18:00');
  });

  it('the settings take quarter hours up to 24:00, ending after they start', () => {
    const parse = (businessHours: unknown) => SiteAttributesSchema.safeParse({ siteId: 's', businessHours });
    expect(parse([{ weekdays: [1, 2, 3, 4, 5], from: '08:00', to: '24:00' }]).success).toBe(true);
    const paths = (businessHours: unknown) => (parse(businessHours).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths([{ weekdays: [1], from: '08:10', to: '17:00' }])).toEqual(['businessHours.0.from']);
    expect(paths([{ weekdays: [1], from: '17:00', to: '08:00' }])).toEqual(['businessHours.0.to']);
    expect(paths([{ weekdays: [8], from: '08:00', to: '17:00' }])).toEqual(['businessHours.0.weekdays.0']);
    expect(paths([])).toEqual(['businessHours']);
  });
});
