/** What a re-plan moved, from the two plan headers. */
import { comparePlanWaves, type WaveHeader } from '../../../shared/domain/planning/plan-changes';

const w = (number: number, date: string, siteIds: string[], members: number): WaveHeader => ({ number, date, siteIds, members });

describe('comparePlanWaves', () => {
  it.each([
    ['the same plan: nothing moved', [w(1, '2026-03-03', ['a'], 5)], [w(1, '2026-03-03', ['a'], 5)], [], []],
    [
      'a site moved from wave 1 to wave 2',
      [w(1, '2026-03-03', ['a', 'b'], 10), w(2, '2026-03-10', ['c'], 4)],
      [w(1, '2026-03-03', ['b'], 6), w(2, '2026-03-10', ['a', 'c'], 8)],
      [{ siteId: 'a', before: [1], after: [2] }],
      [
        { number: 1, before: { date: '2026-03-03', members: 10 }, after: { date: '2026-03-03', members: 6 } },
        { number: 2, before: { date: '2026-03-10', members: 4 }, after: { date: '2026-03-10', members: 8 } },
      ],
    ],
    [
      'a new wave, a site split over two',
      [w(1, '2026-03-03', ['a'], 3)],
      [w(1, '2026-03-03', ['a'], 2), w(2, '2026-03-12', ['a'], 1)],
      [{ siteId: 'a', before: [1], after: [1, 2] }],
      [
        { number: 1, before: { date: '2026-03-03', members: 3 }, after: { date: '2026-03-03', members: 2 } },
        { number: 2, after: { date: '2026-03-12', members: 1 } },
      ],
    ],
  ])('%s', (_name, before, after, sites, waves) => {
    const c = comparePlanWaves(before, after);
    expect(c.sites).toEqual(sites);
    expect(c.waves).toEqual(waves);
  });
});
