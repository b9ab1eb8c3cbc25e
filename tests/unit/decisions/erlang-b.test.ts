import fc from 'fast-check';
import { channelsFor, erlangB } from '../../../shared/domain/decisions/erlang-b';

describe('Erlang B', () => {
  // Published Erlang B tables (1% and 2% grade of service).
  it.each([
    [10, 0.01, 18],
    [100, 0.01, 117],
    [4.461, 0.01, 10],
    [12.03, 0.01, 20],
    [37.9, 0.01, 50],
    [84.06, 0.01, 100],
    [5.084, 0.02, 10],
    [1, 0.01, 5],
  ])('%p E at %p needs %p channels', (erlangs, gos, channels) => {
    expect(channelsFor(erlangs, gos)).toBe(channels);
  });

  it('matches published blocking values', () => {
    expect(erlangB(10, 18)).toBeCloseTo(0.00714, 4);
    expect(erlangB(10, 17)).toBeGreaterThan(0.01);
    expect(erlangB(4.461, 10)).toBeCloseTo(0.01, 3);
    expect(erlangB(1, 1)).toBeCloseTo(0.5, 10);
  });

  it('needs no channel for no traffic and refuses nonsense', () => {
    expect(channelsFor(0, 0.01)).toBe(0);
    expect(() => channelsFor(-1, 0.01)).toThrow(RangeError);
    expect(() => channelsFor(1, 0)).toThrow(RangeError);
    expect(() => erlangB(1, 1.5)).toThrow(RangeError);
  });

  it('is the smallest channel count meeting the grade of service, and grows with traffic', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 2000, noNaN: true }), fc.constantFrom(0.001, 0.01, 0.02, 0.05), (a, gos) => {
        const n = channelsFor(a, gos);
        expect(erlangB(a, n)).toBeLessThanOrEqual(gos);
        expect(erlangB(a, n - 1)).toBeGreaterThan(gos);
        expect(channelsFor(a * 1.5, gos)).toBeGreaterThanOrEqual(n);
      }),
      { numRuns: 200 },
    );
  });
});
