import { buildCoexistenceRouting } from '../../../shared/domain/planning/coexistence-routing';
import type { NumberBlock } from '../../../shared/domain/pbx-inventory';

const block: NumberBlock = {
  id: '+14255550100-+14255550199',
  first: '+14255550100',
  last: '+14255550199',
  count: 100,
  carrier: 'Contoso Telecom',
  siteId: 'redmond',
  portConstraint: 'partial-allowed',
  source: { file: 'blocks.csv', row: 2 },
};

function routing(path: 'DR' | 'OC') {
  return buildCoexistenceRouting({
    blocks: [block],
    waves: [{ number: 1, date: '2027-02-01' }],
    today: '2027-01-01',
    moves: ['+14255550150', '+14255550151'].map((number) => ({ number, waveNumber: 1, path, sbcId: path === 'DR' ? 'sbc-1' : undefined, operatorId: path === 'OC' ? 'op-1' : undefined })),
    ata: [],
    movedExtensions: [],
    siteSbc: () => 'sbc-1',
  });
}

describe('coexistence routing', () => {
  // Teams checks the number of every call its users make against the unassigned-number treatments:
  // a treatment over the numbers still on the PBX would take Teams users' calls to those colleagues.
  it.each(['DR', 'OC'] as const)('gives Teams no unassigned-number treatment for the part of a %s block still on the PBX', (path) => {
    const afterWave1 = routing(path).find((r) => r.afterWave === 1)!;
    expect(Object.keys(afterWave1)).not.toContain('unassignedNumberPatterns');
    // The numbers left on the PBX are still reached from Teams through the SBC.
    const route = new RegExp(afterWave1.teamsToPbxRoutes[0].numberPattern);
    expect(route.test('+14255550149')).toBe(true);
    expect(afterWave1.sbcRules.map((r) => r.target)).toEqual(['teams', 'pbx']);
  });
});
