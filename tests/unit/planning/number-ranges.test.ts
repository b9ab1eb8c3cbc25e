import fc from 'fast-check';
import {
  chunkedPatterns,
  complementRanges,
  extensionRangesToRegex,
  mergeConsecutive,
  numberRangeToRegex,
  numbersRangesToRegex,
  runsToRanges,
} from '../../../shared/domain/planning/number-ranges';

describe('numberRangeToRegex', () => {
  it('writes a 100-number range as one compact pattern', () => {
    expect(numberRangeToRegex('+14255550100', '+14255550199')).toBe('^\\+142555501\\d\\d$');
  });

  it('splits an unaligned range into alternatives under a shared prefix', () => {
    expect(numberRangeToRegex('+14255550110', '+14255550299')).toBe('^\\+14255550(1[1-9]\\d|2\\d\\d)$');
  });

  it('matches a single number exactly', () => {
    const re = new RegExp(numberRangeToRegex('+14255550100', '+14255550100'));
    expect(re.test('+14255550100')).toBe(true);
    expect(re.test('+14255550101')).toBe(false);
  });

  it('matches exactly the numbers inside the range (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999 }), fc.array(fc.integer({ min: 0, max: 99_999 }), { maxLength: 30 }), (a, b, probes) => {
        const lo = Math.min(a, b);
        const hi = Math.max(a, b);
        const num = (v: number) => `+1425555${String(v).padStart(5, '0')}`;
        const re = new RegExp(numberRangeToRegex(num(lo), num(hi)));
        for (const p of [...probes, lo, hi, lo - 1, hi + 1].filter((v) => v >= 0 && v <= 99_999)) {
          expect(re.test(num(p))).toBe(p >= lo && p <= hi);
        }
      }),
    );
  });

  it('stays small: a range needs at most 2 alternatives per digit', () => {
    const re = numberRangeToRegex('+14255550117', '+14255552341');
    expect(re.split('|').length).toBeLessThanOrEqual(2 * 4);
  });
});

describe('ranges', () => {
  it('merges consecutive values and finds the gaps', () => {
    const runs = mergeConsecutive([1, 2, 3, 7, 8, 10]);
    expect(runs).toEqual([{ first: 1, last: 3 }, { first: 7, last: 8 }, { first: 10, last: 10 }]);
    expect(complementRanges(0, 11, runs)).toEqual([{ first: 0, last: 0 }, { first: 4, last: 6 }, { first: 9, last: 9 }, { first: 11, last: 11 }]);
  });

  it('keeps leading zeros in extension regexes', () => {
    const re = new RegExp(extensionRangesToRegex([{ first: '0100', last: '0199' }]));
    expect(re.test('0150')).toBe(true);
    expect(re.test('150')).toBe(false);
    expect('0150'.replace(re, '+1425555$1')).toBe('+14255550150');
  });
});

describe('chunkedPatterns', () => {
  const num = (v: number) => `+1206431${String(v).padStart(4, '0')}`;
  /** Every other number of a 10,000 block from `from`, `count` of them: runs of one, as PBX leftovers are. */
  const scattered = (count: number) => runsToRanges(Array.from({ length: count }, (_, i) => ({ first: 12064310000 + 2 * i, last: 12064310000 + 2 * i })));

  it('keeps one pattern when the whole fits', () => {
    const ranges = scattered(5);
    expect(chunkedPatterns(ranges, numbersRangesToRegex)).toEqual([{ pattern: numbersRangesToRegex(ranges), ranges }]);
    expect(chunkedPatterns([], numbersRangesToRegex)).toEqual([]);
  });

  it('splits a long pattern into consecutive slices that each fit and together match exactly the same numbers (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 9_999 }), { minLength: 1, maxLength: 600 }), fc.integer({ min: 40, max: 500 }), (values, max) => {
        const sorted = [...values].sort((a, b) => a - b);
        const runs = mergeConsecutive(sorted.map((v) => 12064310000 + v));
        const ranges = runsToRanges(runs);
        const chunks = chunkedPatterns(ranges, numbersRangesToRegex, max);
        expect(chunks.flatMap((c) => c.ranges)).toEqual(ranges);
        for (const c of chunks) if (c.ranges.length > 1) expect(c.pattern.length).toBeLessThanOrEqual(max);
        const res = chunks.map((c) => new RegExp(c.pattern));
        const inside = new Set(sorted);
        for (let v = 0; v < 10_000; v += 7) expect(res.some((re) => re.test(num(v)))).toBe(inside.has(v));
        for (const v of sorted) expect(res.filter((re) => re.test(num(v)))).toHaveLength(1);
      }),
      { numRuns: 40 },
    );
  });

  it('cuts greedily: every slice but the last would overflow with the next range', () => {
    const ranges = scattered(2_000);
    const chunks = chunkedPatterns(ranges, numbersRangesToRegex);
    expect(chunks.length).toBeGreaterThan(1);
    chunks.slice(0, -1).forEach((c, i) => {
      expect(c.pattern.length).toBeLessThanOrEqual(500);
      expect(numbersRangesToRegex([...c.ranges, chunks[i + 1].ranges[0]]).length).toBeGreaterThan(500);
    });
  });
});
