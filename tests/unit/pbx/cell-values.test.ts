import fc from 'fast-check';
import { splitList } from '../../../shared/pbx/cell-values';

/** The list as first specified: split on every separator, tidy each name, first spelling wins. */
function referenceSplitList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[;,|]/)) {
    const name = part.trim().replace(/\s+/g, ' ');
    const key = name.toLowerCase();
    if (name && !seen.has(key)) {
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}

describe('group lists', () => {
  test.each([
    ['', []],
    ['Sales', ['Sales']],
    ['  Front   desk ', ['Front desk']],
    ['Front\tdesk', ['Front desk']],
    ['Sales; Support | Front desk', ['Sales', 'Support', 'Front desk']],
    ['Sales,sales, SALES', ['Sales']],
    [' ; , ', []],
  ])('%j -> %j', (text, expected) => {
    expect(splitList(text)).toEqual(expected);
  });

  test('equal to the reference definition for any text', () => {
    const piece = fc.constantFrom('Sales', 'sales', 'Front desk', ' ', '  ', '\t', '\u00a0', '\n', ';', ',', '|', 'Ünited', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }).map((p) => p.join('')), (text) => {
        expect(splitList(text)).toEqual(referenceSplitList(text));
      }),
      { numRuns: 2000 },
    );
  });
});
