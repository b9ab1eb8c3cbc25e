/** The tab's location: the hash parsed into page, item and filters, and back; Teams subEntityIds as hashes. */
import { hashFromSubEntityId, parseRoute, routeHref, subEntityIdOf } from '../../../tab/web/src/route';

const PAGES = ['overview', 'people', 'sites', 'plan', 'coexistence', 'settings', 'audit'];

describe('parseRoute', () => {
  it('reads page, a decoded item and the filters', () => {
    expect(parseRoute('#/people/alice%40contoso.com?path=DR&blocked=true', PAGES)).toEqual({
      page: 'people',
      item: 'alice@contoso.com',
      params: { path: 'DR', blocked: 'true' },
    });
    expect(parseRoute('#/plan?wave=2', PAGES)).toEqual({ page: 'plan', params: { wave: '2' } });
    expect(parseRoute('#/settings/scheduling', PAGES)).toEqual({ page: 'settings', item: 'scheduling', params: {} });
  });

  it('lands on the overview for an empty or unknown page, and drops empty filters', () => {
    expect(parseRoute('', PAGES)).toEqual({ page: 'overview', params: {} });
    expect(parseRoute('#/nowhere/x?y=1', PAGES)).toEqual({ page: 'overview', params: {} });
    expect(parseRoute('#/people?q=&path=OC', PAGES).params).toEqual({ path: 'OC' });
  });

  it('keeps an item with slashes or a malformed escape readable', () => {
    expect(parseRoute('#/sites/a%2Fb', PAGES).item).toBe('a/b');
    expect(parseRoute('#/sites/100%', PAGES).item).toBe('100%');
  });
});

describe('routeHref', () => {
  it('writes the hash with the item encoded and the filters sorted, leaving out empty ones', () => {
    expect(routeHref({ page: 'people', item: 'alice@contoso.com', params: { path: 'DR', blocked: true, q: '', site: undefined } })).toBe(
      '#/people/alice%40contoso.com?blocked=true&path=DR',
    );
    expect(routeHref('audit')).toBe('#/audit');
  });

  it('round-trips with parseRoute', () => {
    const route = { page: 'coexistence', params: { view: 'question', number: '+14255550100', date: '2027-01-12' } };
    expect(parseRoute(routeHref(route), PAGES)).toEqual(route);
  });
});

describe('Teams subEntityId', () => {
  it('maps every shared form to the same hash', () => {
    for (const id of ['people/alice@contoso.com', '/people/alice@contoso.com', '#/people/alice@contoso.com']) {
      expect(parseRoute(hashFromSubEntityId(id)!, PAGES)).toEqual({ page: 'people', item: 'alice@contoso.com', params: {} });
    }
    expect(hashFromSubEntityId('')).toBeUndefined();
    expect(hashFromSubEntityId(undefined)).toBeUndefined();
  });

  it('is the hash without its #/ when the tab shares a view', () => {
    expect(subEntityIdOf({ page: 'plan', params: { wave: '3' } })).toBe('plan?wave=3');
  });
});
