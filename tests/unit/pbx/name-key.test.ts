import { nameKey } from '../../../shared/pbx/name-key';

describe('name keys ignore case, accents, order and initials', () => {
  test.each([
    ['Jörg Müller', 'Müller, Jörg'],
    ['JORG MULLER', 'jörg müller'],
    ['Vance, Adele', 'Adele Vance'],
    ['Adele J. Vance', 'Adele Vance'],
    ['Zoë  Saldaña', 'zoe saldana'],
    ['Søren Kierkegaard', 'Soren Kierkegaard'],
    ['Straße, Anna', 'Anna Strasse'],
  ])('%s = %s', (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });
  test.each([
    ['Adele Vance', 'Adele Vane'],
    ['Megan Bowen', 'Megan Bowens'],
  ])('%s != %s', (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });
});
