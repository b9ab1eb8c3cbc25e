/** Device pools that name their site, and the blocks' extension rules that derive DIDs. */
import { SiteResolver } from '../../../shared/pbx/site-resolver';
import { ExtensionDidRules, rulesOfBlock } from '../../../shared/pbx/extension-did-rules';
import type { BlockDraft } from '../../../shared/pbx/block-row-parser';
import { seattleAndLondon } from '../../support/snapshots';

describe('SiteResolver: a device pool named after its site', () => {
  const sites = new SiteResolver([...seattleAndLondon(), { id: 'new-york', name: 'New York', countryCode: 'US', source: 'places' }]);
  test.each([
    ['DP_Seattle_Phones', 'seattle', true],
    ['SEA-Seattle-Softphones', 'seattle', true],
    ['DP New York', 'new-york', true],
    ['London', 'london', true],
    ['DP_Londonderry', 'dp-londonderry', false],
    ['Seattle to London trunk', 'seattle-to-london-trunk', false],
  ])('%s -> %s (known: %s)', (name, siteId, known) => {
    expect(sites.resolve(name)).toMatchObject({ siteId, known });
  });
});

describe('SiteResolver: a site named in another language', () => {
  const sites = new SiteResolver([
    { id: 'munich', name: 'Munich', countryCode: 'DE', source: 'places' },
    { id: 'warszawa', name: 'Warszawa', countryCode: 'PL', source: 'office-location' },
    { id: 'roma', name: 'Roma', countryCode: 'US', source: 'office-location' },
  ]);
  test.each([
    ['München', 'munich', true],
    ['MUENCHEN', 'munich', true],
    ['Warsaw', 'warszawa', true],
    ['DP_Warsaw_Phones', 'warszawa', true],
    // Roma, Texas is not Rome: the export's "Rome" is a site of its own.
    ['Rome', 'rome', false],
  ])('%s -> %s (known: %s)', (name, siteId, known) => {
    expect(sites.resolve(name)).toMatchObject({ siteId, known });
  });
});

const block = (b: Partial<BlockDraft>): BlockDraft => ({ row: 2, first: '+442079460000', last: '+442079460999', count: 1000, carrier: 'c', portConstraint: 'partial-allowed', ...b });

describe('extension rules of a block', () => {
  test('a block written with x covers extensions as long as its x, or with up to two fixed digits before them', () => {
    const rules = new ExtensionDidRules([block({ pattern: '+44 20 7946 0xxx', extensions: '+44 20 7946 0xxx', siteId: 'london' })]);
    expect(rules.derive('0123', undefined)).toMatchObject({ e164: '+442079460123', rule: 'extension 0xxx -> +44 20 7946 0xxx' });
    expect(rules.derive('123', undefined)).toMatchObject({ e164: '+442079460123', rule: 'extension xxx -> +44 20 7946 0xxx' });
    expect(rules.derive('1123', undefined)).toBeUndefined();
  });

  test('an extensions column maps the first extension onto the first number; a range cannot outgrow the block', () => {
    expect(new ExtensionDidRules([block({ extensions: '2xxx' })]).derive('2101', undefined)?.e164).toBe('+442079460101');
    expect(new ExtensionDidRules([block({ extensions: '5000-5099', first: '+442079460100', last: '+442079460199', count: 100 })]).derive('5042', undefined)?.e164).toBe('+442079460142');
    expect(rulesOfBlock(block({ extensions: '5000-5999', first: '+442079460100', last: '+442079460199', count: 100 }))).toEqual([]);
    expect(rulesOfBlock(block({ extensions: 'sales' }))).toEqual([]);
  });
});
