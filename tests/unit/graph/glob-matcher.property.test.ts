/**
 * Site-rule globs (`*` = any text) are matched without regular expressions: the same answers as the
 * anchored regular expression they stand for, and no pattern the rule limits allow can stall the server.
 */
import fc from 'fast-check';
import { globMatcher } from '../../../shared/domain/site-derivation';

const reference = (glob: string) => new RegExp(`^${glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

describe('globMatcher', () => {
  it('answers as the anchored regular expression does, for any glob and text over a small alphabet', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '-', ' ', '.', '(') , maxLength: 12 });
    const glob = fc.string({ unit: fc.constantFrom('a', 'b', '*', '-', '.', '('), maxLength: 8 });
    fc.assert(
      fc.property(glob, text, (g, t) => globMatcher(g)(t) === reference(g).test(t)),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['sea-*', 'sea-b2', true],
    ['*floor*', 'paris, floor 3', true],
    ['london*', 'londo', false],
    ['a*a', 'a', false],
    ['*', '', true],
    ['', '', true],
    ['**x**', 'abcx', true],
  ])('%j matches %j: %s', (g, t, expected) => {
    expect(globMatcher(g)(t)).toBe(expected);
  });

  it('the worst pattern the limits allow (200 characters) against a long text answers at once', () => {
    const worst = `${'*'.repeat(199)}#`;
    const alternating = `${'*a'.repeat(99)}*#`;
    const text = 'a'.repeat(200);
    const started = process.hrtime.bigint();
    for (let i = 0; i < 1_000; i++) {
      expect(globMatcher(worst)(text)).toBe(false);
      expect(globMatcher(alternating)(text)).toBe(false);
    }
    // 2,000 matches: a backtracking regular expression took seconds for one.
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(1);
  });
});
