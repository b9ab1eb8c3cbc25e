/** The Overview's wave timeline: readable for three waves and for fifty, by arithmetic alone. */
import { TIMELINE_WIDTH, waveTimelineLayout } from '../../../tab/web/src/features/overview/wave-timeline-layout';
import { wavesFrom, wavesToList } from '../../../tab/web/src/waves-shown';

/** `count` weekly waves from `start`, `users` people each. */
function weekly(count: number, start = '2027-01-12', users = 2_500) {
  const day0 = Date.parse(`${start}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({ number: i, date: new Date(day0 + i * 7 * 86_400_000).toISOString().slice(0, 10), users }));
}

describe('waveTimelineLayout', () => {
  it('gives a short plan full-size marks and writes every date', () => {
    const { marks, todayX } = waveTimelineLayout(weekly(3), '2027-01-01');
    expect(marks.map((m) => m.label)).toEqual(['01-12', '01-19', '01-26']);
    expect(marks.every((m) => m.r === 14)).toBe(true);
    expect(todayX).toBe(20);
    expect(marks.filter((m) => m.next).map((m) => m.number)).toEqual([0]);
  });

  it('keeps 50 weekly waves apart: marks no wider than their share, dates that never overlap', () => {
    const { marks } = waveTimelineLayout(weekly(50), '2026-12-14');
    const spacing = marks[1].x - marks[0].x;
    for (const m of marks) expect(2 * m.r).toBeLessThanOrEqual(Math.max(spacing, 5));
    const written = marks.filter((m) => m.label !== undefined).map((m) => m.x);
    for (let i = 1; i < written.length; i++) expect(written[i] - written[i - 1]).toBeGreaterThanOrEqual(32);
    // Enough dates to read the scale, and the first and the last wave among them.
    expect(written.length).toBeGreaterThanOrEqual(10);
    expect(marks[0].label).toBe('01-12');
    expect(marks[49].label).toBeDefined();
    for (const m of marks) {
      expect(m.x).toBeGreaterThanOrEqual(20);
      expect(m.x).toBeLessThanOrEqual(TIMELINE_WIDTH - 20);
    }
  });

  it('always writes the next cutover, even where a neighbour would have taken its place', () => {
    const waves = weekly(40);
    const { marks } = waveTimelineLayout(waves, waves[21].date);
    expect(marks[21].next).toBe(true);
    expect(marks[21].label).toBe(waves[21].date.slice(5));
    expect(marks[20].label).toBeUndefined();
    expect(marks[22].label).toBeUndefined();
  });

  it('writes the year when the plan crosses one, with room for the longer dates', () => {
    const { marks } = waveTimelineLayout(weekly(30, '2027-10-05'), '2027-09-20');
    const written = marks.filter((m) => m.label !== undefined);
    expect(written[0].label).toBe('2027-10-05');
    expect(written.some((m) => m.label!.startsWith('2028-'))).toBe(true);
    for (let i = 1; i < written.length; i++) expect(written[i].x - written[i - 1].x).toBeGreaterThanOrEqual(58);
  });

  it('sizes marks by people, smaller waves smaller', () => {
    const waves = [...weekly(2)];
    waves[1].users = 100;
    const { marks } = waveTimelineLayout(waves, '2027-01-01');
    expect(marks[0].r).toBeGreaterThan(marks[1].r);
    expect(marks[1].r).toBeGreaterThanOrEqual(2.5);
  });
});

describe('wavesToList', () => {
  it('lists every wave of a short plan, and six from the next cutover of a long one', () => {
    expect(wavesToList(weekly(4), '2027-01-01', 6)).toHaveLength(4);
    const waves = weekly(37);
    expect(wavesToList(waves, waves[10].date, 6).map((w) => w.number)).toEqual([10, 11, 12, 13, 14, 15]);
    // Near the end, and after the last wave: the last six.
    expect(wavesToList(waves, waves[34].date, 6).map((w) => w.number)).toEqual([31, 32, 33, 34, 35, 36]);
    expect(wavesToList(waves, '2030-01-01', 6).map((w) => w.number)).toEqual([31, 32, 33, 34, 35, 36]);
  });

  it('starts with the waves just past when asked (the progress chart), never before the first', () => {
    const waves = weekly(37);
    expect(wavesToList(waves, waves[10].date, 6, 2).map((w) => w.number)).toEqual([8, 9, 10, 11, 12, 13]);
    expect(wavesToList(waves, waves[1].date, 6, 3).map((w) => w.number)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(wavesToList(waves, '2020-01-01', 6, 3).map((w) => w.number)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('wavesFrom', () => {
  it('lists from the wave picked, the last ones near the end, from the first for an unknown number', () => {
    const waves = weekly(37);
    expect(wavesFrom(waves, 10, 4).map((w) => w.number)).toEqual([10, 11, 12, 13]);
    expect(wavesFrom(waves, 35, 4).map((w) => w.number)).toEqual([33, 34, 35, 36]);
    expect(wavesFrom(waves, 99, 4).map((w) => w.number)).toEqual([0, 1, 2, 3]);
    expect(wavesFrom(weekly(2), 1, 4).map((w) => w.number)).toEqual([0, 1]);
  });
});
