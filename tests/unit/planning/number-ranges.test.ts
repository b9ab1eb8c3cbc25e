import fc from 'fast-check';
import {
  complementRanges,
  extensionRangesToRegex,
  mergeConsecutive,
  numberRangeToRegex,
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
