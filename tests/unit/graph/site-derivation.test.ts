import fc from 'fast-check';
import { deriveSites, PersonForSites, PlaceForSites, slugify } from '../../../shared/domain/site-derivation';
import { PLACES as places } from '../../support/places';

const person = (id: string, extra: Partial<PersonForSites>): PersonForSites => ({ id, kind: 'user', ...extra });

describe('deriveSites', () => {
  it('maps people by rule, by building alias, by unique city, and creates office-location sites', () => {
    const people = [
      person('a', { officeLocation: 'SEA-B2', city: 'Seattle', usageLocation: 'US' }),
      person('b', { officeLocation: 'Building 4' }),
      person('c', { officeLocation: 'London Docklands', city: 'London', country: 'UK' }),
      person('d', { officeLocation: 'LON-FS', city: 'London', country: 'United Kingdom' }),
      person('e', { city: 'Austin', country: 'United States' }),
      person('f', {}),
      person('g', { officeLocation: 'Remote' }),
      person('h', { officeLocation: 'London City, Floor 3', city: 'London', usageLocation: 'GB' }),
    ];
    const without = deriveSites({ places, people });
    const siteOf = Object.fromEntries(without.siteOf);
    expect(siteOf).toEqual({ a: 'seattle', b: 'seattle', c: 'london-docklands', e: 'austin', h: 'london-city' });
    expect(without.unmapped.map((u) => u.personId)).toEqual(['d', 'f', 'g']);
    expect(without.unmapped[0].reason).toMatch(/city "London" has 2 sites \(London City, London Docklands\).*"LON-FS".*mapping rule/);
    expect(without.unmapped[1].reason).toMatch(/no officeLocation, city/);
    expect(without.unmapped[2].reason).toMatch(/"Remote" matches no site/);
    expect(without.sites.find((s) => s.id === 'austin')).toMatchObject({ source: 'office-location', countryCode: 'US', peopleCount: 1 });

    const withRules = deriveSites({ places, people, rules: [{ officeLocation: 'LON-FS', siteName: 'London City' }, { officeLocation: 'remote', siteName: 'Home workers', countryCode: 'US' }] });
    expect(withRules.siteOf.get('d')).toBe('london-city');
    expect(withRules.siteOf.get('g')).toBe('home-workers');
    expect(withRules.sites.find((s) => s.id === 'home-workers')?.source).toBe('mapping-rule');
  });

  it('gives clashing names stable, distinct ids', () => {
    const people = [person('x', { city: 'Paris', country: 'FR' }), person('y', { city: 'Paris', country: 'US' })];
    const one = deriveSites({ places: [], people });
    const two = deriveSites({ places: [], people: [...people].reverse() });
    expect(one.sites.map((s) => s.id)).toEqual(['paris', 'paris-us']);
    expect(two.sites).toEqual(one.sites);
    expect(slugify('São Paulo')).toBe('sao-paulo');
    expect(slugify('Zürich')).toBe('zurich');
  });

  it('transliterates letters and scripts NFKD leaves whole, so ids are readable and distinct', () => {
    expect(slugify('København')).toBe('kobenhavn');
    expect(slugify('Łódź')).toBe('lodz');
    expect(slugify('Straße 5')).toBe('strasse-5');
    expect(slugify('東京')).not.toBe(slugify('大阪'));
    expect(slugify('Москва')).toBe('moskva');
    // ASCII and accented Latin names keep the ids they had.
    expect(slugify('AT&T Tower, Floor 3')).toBe('at-t-tower-floor-3');
    expect(slugify('Zürich')).toBe('zurich');
  });

  it('a city written in another language or an older form is one site with its canonical name', () => {
    const people = [
      person('a', { city: 'Warszawa', country: 'Polska' }),
      person('b', { city: 'Warsaw', country: 'Poland' }),
      person('c', { city: 'KØBENHAVN', usageLocation: 'DK' }),
      person('d', { city: 'Copenhagen', country: 'Denmark' }),
      person('e', { city: 'Bombay', usageLocation: 'IN' }),
      // Not the Italian capital: a town in Texas keeps its own name.
      person('f', { city: 'Roma', usageLocation: 'US' }),
      person('g', { city: 'Rome', usageLocation: 'IT' }),
      person('h', { city: 'Roma', usageLocation: 'IT' }),
    ];
    for (const order of [people, [...people].reverse()]) {
      const result = deriveSites({ places: [], people: order });
      expect(Object.fromEntries(result.siteOf)).toEqual({ a: 'warsaw', b: 'warsaw', c: 'copenhagen', d: 'copenhagen', e: 'mumbai', f: 'roma', g: 'rome', h: 'rome' });
      expect(result.sites.map((s) => [s.id, s.name, s.countryCode])).toEqual([
        ['copenhagen', 'Copenhagen', 'DK'],
        ['mumbai', 'Mumbai', 'IN'],
        ['roma', 'Roma', 'US'],
        ['rome', 'Rome', 'IT'],
        ['warsaw', 'Warsaw', 'PL'],
      ]);
    }
  });

  it('places, rules and office locations agree across the languages of a city name', () => {
    const munich: PlaceForSites = { kind: 'building', id: 'm1', displayName: 'Munich Leopoldstraße', address: { street: 'Leopoldstraße 32', city: 'München', countryCode: 'DE' } };
    const people = [
      person('a', { city: 'Munich', usageLocation: 'DE' }),
      person('b', { officeLocation: 'Warszawa', usageLocation: 'PL' }),
      person('c', { city: 'Milano', usageLocation: 'IT' }),
      person('d', { city: 'Wien', usageLocation: 'AT' }),
    ];
    const result = deriveSites({
      places: [munich],
      people,
      rules: [
        { officeLocation: 'WAW-ZL', siteName: 'Warsaw', countryCode: 'PL' },
        { city: 'Milan', siteName: 'Milan', countryCode: 'IT' },
        { city: 'Vienna', country: 'AT', siteName: 'Vienna', countryCode: 'AT' },
      ],
    });
    expect(Object.fromEntries(result.siteOf)).toEqual({ a: 'munich-leopoldstrasse', b: 'warsaw', c: 'milan', d: 'vienna' });
    expect(result.ruleMatches.map((m) => m.people)).toEqual([0, 1, 1]);
    expect(result.sites).toHaveLength(4);
  });

  // A person with only a city (no country, no usage location) joins the one site in that city and takes its country.
  const berlinPlace: PlaceForSites = { kind: 'building', id: 'b9', displayName: 'Berlin', address: { street: 'Friedrichstraße 68', city: 'Berlin', countryCode: 'DE' } };
  it.each<[string, PlaceForSites[], PersonForSites[], Record<string, string>, { id: string; countryCode?: string }[]]>([
    ['city only, before the person who defines the site', [], [person('a', { city: 'Berlin' }), person('b', { city: 'Berlin', country: 'Germany' })], { a: 'berlin', b: 'berlin' }, [{ id: 'berlin', countryCode: 'DE' }]],
    ['city only, after the person who defines the site', [], [person('b', { city: 'Berlin', usageLocation: 'DE' }), person('a', { city: 'berlin' })], { a: 'berlin', b: 'berlin' }, [{ id: 'berlin', countryCode: 'DE' }]],
    ['city only, a building in that city', [berlinPlace], [person('a', { city: 'Berlin' }), person('b', { city: 'Berlin', country: 'DE' })], { a: 'berlin', b: 'berlin' }, [{ id: 'berlin', countryCode: 'DE' }]],
    ['city only, no site there: a country-less site', [], [person('a', { city: 'Hamburg' })], { a: 'hamburg' }, [{ id: 'hamburg' }]],
    ['city only, the city is ambiguous across countries: unmapped', [], [person('a', { city: 'Paris' }), person('x', { city: 'Paris', country: 'FR' }), person('y', { city: 'Paris', country: 'US' })], { x: 'paris', y: 'paris-us' }, [{ id: 'paris', countryCode: 'FR' }, { id: 'paris-us', countryCode: 'US' }]],
  ])('city without a country: %s', (_name, placesIn, people, expected, sites) => {
    for (const order of [people, [...people].reverse()]) {
      const result = deriveSites({ places: placesIn, people: order });
      expect(Object.fromEntries(result.siteOf)).toEqual(expected);
      expect(result.sites.map((s) => ({ id: s.id, ...(s.countryCode ? { countryCode: s.countryCode } : {}) }))).toEqual(sites);
    }
  });

  it('every person is either placed at an existing site or listed with a reason (property)', () => {
    const text = fc.option(fc.constantFrom('Seattle', 'London', 'SEA-B2', 'London City', 'Austin', 'Building 4', '', 'x'), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.record({ officeLocation: text, city: text, country: fc.option(fc.constantFrom('US', 'UK', 'Germany'), { nil: undefined }) }), { maxLength: 40 }), (records) => {
        const people = records.map((r, i) => person(`p${i}`, r));
        const result = deriveSites({ places, people, rules: [{ officeLocation: 'SEA-*', siteName: 'Seattle' }] });
        const ids = new Set(result.sites.map((s) => s.id));
        const unmapped = new Set(result.unmapped.map((u) => u.personId));
        for (const p of people) {
          const site = result.siteOf.get(p.id);
          expect(site === undefined).toBe(unmapped.has(p.id));
          if (site) expect(ids.has(site)).toBe(true);
        }
        expect(ids.size).toBe(result.sites.length);
        const total = result.sites.reduce((n, s) => n + (s.peopleCount ?? 0), 0);
        expect(total + unmapped.size).toBe(people.length);
      }),
    );
  });
});
