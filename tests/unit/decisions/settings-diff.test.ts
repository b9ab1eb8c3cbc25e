/** The history's settings diff: items matched by key and labelled by name, one line per change. */
import { describeChange, diffSettings } from '../../../shared/domain/settings-diff';

const lines = (before: unknown, after: unknown) =>
  diffSettings(before, after, { siteName: (id) => ({ mad: 'Madrid', ber: 'Berlin' })[id] }).changes.map(describeChange);

describe('diffSettings', () => {
  it.each([
    [
      'a price of one operator, labelled by name',
      { operators: [{ id: 'op-x', name: 'EuroLink', pricePerUserPerMonth: 3 }, { id: 'op-y', name: 'Nordic', pricePerUserPerMonth: 5 }] },
      { operators: [{ id: 'op-x', name: 'EuroLink', pricePerUserPerMonth: 4 }, { id: 'op-y', name: 'Nordic', pricePerUserPerMonth: 5 }] },
      ['operators[EuroLink].pricePerUserPerMonth: 3 -> 4'],
    ],
    [
      'removing the first item is one removal, not a shift',
      { operators: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }] },
      { operators: [{ id: 'b', name: 'B' }] },
      ['operators[A]: removed (was {"id":"a","name":"A"})'],
    ],
    [
      'site decisions by site name, an added pin and a changed scalar',
      { decisions: { sites: [{ siteId: 'mad', path: 'OC' }] }, scheduling: { cutoverTime: '19:00' } },
      { decisions: { sites: [{ siteId: 'mad', path: 'DR' }] }, scheduling: { cutoverTime: '21:00', pins: [{ siteId: 'ber', wave: 2 }] } },
      ['decisions.sites[Madrid].path: OC -> DR', 'scheduling.cutoverTime: 19:00 -> 21:00', 'scheduling.pins: added [{"siteId":"ber","wave":2}]'],
    ],
    [
      'lists of plain values compare whole',
      { scheduling: { cutoverWeekdays: [2, 3] } },
      { scheduling: { cutoverWeekdays: [2, 3, 4] } },
      ['scheduling.cutoverWeekdays: [2,3] -> [2,3,4]'],
    ],
    ['nothing changed, keys in another order', { a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } }, []],
    [
      "an editor's $schema pointer is no setting",
      { scheduling: { cutoverTime: '19:00' } },
      { $schema: '../schemas/planning-settings.schema.json', scheduling: { cutoverTime: '21:00' } },
      ['scheduling.cutoverTime: 19:00 -> 21:00'],
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(lines(before, after)).toEqual(expected);
  });

  it('counts every change but keeps at most the limit', () => {
    const before = { decisions: { users: Array.from({ length: 30 }, (_, i) => ({ user: `u${i}`, path: 'OC' })) } };
    const after = { decisions: { users: before.decisions.users.map((u) => ({ ...u, path: 'DR' })) } };
    const d = diffSettings(before, after, {}, 10);
    expect(d.total).toBe(30);
    expect(d.changes).toHaveLength(10);
    expect(describeChange(d.changes[0])).toBe('decisions.users[u0].path: OC -> DR');
  });
});
