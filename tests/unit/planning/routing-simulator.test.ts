import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { parseDateLoose, parseNumberLoose, RouteQuestionError, simulateRoute, waveDatePhrase } from '../../../shared/domain/planning/routing-simulator';
import { mainNumberSiteRef } from '../../../shared/domain/planning/route-phrases';
import { smallTenantInputs } from './support/small-tenant';

const inputs = smallTenantInputs();
const plan = buildPlan(inputs);
const OPERATOR_NAME = inputs.settings.operators.find((o) => o.id === 'contoso-oc')!.name;

describe('routing simulator ("where does it ring on day N")', () => {
  it('reads loose numbers and dates', () => {
    expect(parseNumberLoose('+1 (425) 555-0101')).toBe('+14255550101');
    expect(parseNumberLoose('425 555 0101')).toBe('+14255550101');
    expect(parseNumberLoose('hello')).toBeUndefined();
    expect(parseDateLoose('3 March', '2026-02-02')).toBe('2026-03-03');
    expect(parseDateLoose('March 3rd', '2026-02-02')).toBe('2026-03-03');
    expect(parseDateLoose('Jan 10', '2026-02-02')).toBe('2027-01-10');
    expect(parseDateLoose('2026/2/30', '2026-02-02')).toBeUndefined();
  });

  it('an OC number rings on the PBX before its wave and through the operator after', () => {
    const before = simulateRoute(plan, '+1 425 555 0101', '2026-02-11');
    expect(before.target).toBe('pbx');
    expect(before.hops).toEqual(['caller (PSTN)', 'carrier Lumen', 'PBX']);
    expect(before.rule?.afterWave).toBe(-1);
    const onTheDay = simulateRoute(plan, '+14255550101', '2026-02-12');
    expect(onTheDay.target).toBe('pbx');
    expect(onTheDay.laterThatDay).toMatch(/after the wave 0 cutover at 19:00/);
    const after = simulateRoute(plan, '(425) 555-0101', '13 February 2026');
    expect(after.target).toBe('teams');
    expect(after.hops).toEqual(['caller (PSTN)', 'operator contoso-oc', 'Teams (Operator Connect)', 'alice@contoso.test']);
    expect(after.rule?.afterWave).toBe(0);
    expect(after.owner?.personId).toBe('alice');
    // The rule was written with the operator's name; the hop takes it from the names the caller knows.
    expect(after.explanation).toContain(`ported to operator ${OPERATOR_NAME}:`);
    const named = simulateRoute(plan, '(425) 555-0101', '13 February 2026', { names: { operator: (id) => (id === 'contoso-oc' ? OPERATOR_NAME : undefined) } });
    expect(named.hops).toEqual(['caller (PSTN)', `operator ${OPERATOR_NAME}`, 'Teams (Operator Connect)', 'alice@contoso.test']);
  });

  it('a DR number goes carrier -> SBC -> PBX, then carrier -> SBC -> Teams', () => {
    expect(simulateRoute(plan, '+49 30 12345601', '2026-02-20').hops).toEqual(['caller (PSTN)', 'carrier Telekom', 'SBC sbc-eu', 'PBX']);
    const after = simulateRoute(plan, '+49 30 12345601', '2026-03-01');
    expect(after.target).toBe('teams');
    expect(after.hops).toEqual(['caller (PSTN)', 'carrier Telekom', 'SBC sbc-eu', 'Teams (Direct Routing)', 'frank@contoso.test']);
    // Ida's number, same block, still on the PBX until wave 3; after it, in Teams.
    expect(simulateRoute(plan, '+493012345603', '2026-03-01').target).toBe('pbx');
    expect(simulateRoute(plan, '+493012345603', '2026-03-11').target).toBe('teams');
  });

  it('a number staying on the PBX (the fax) stays there after every wave', () => {
    expect(simulateRoute(plan, '+14255550150', '2026-12-01').target).toBe('pbx');
  });

  it('a number outside every block and wave is reported as unchanged', () => {
    expect(simulateRoute(plan, '+12065550100', '2026-03-01').target).toBe('unknown');
  });

  it('names a number by its site\'s main number, and a day by a wave: its cutover day, the day after or before', () => {
    for (const text of ['the main number of Berlin', 'main number at New York', "Berlin's main number", 'our Berlin main line', 'Berlin main phone number', 'the auto attendant of Berlin', "Berlin's autoattendant"]) {
      expect(mainNumberSiteRef(text)).toMatch(/^(Berlin|New York)$/);
    }
    for (const text of ['+49 30 1234', 'the main number', 'main number', 'Berlin', 'the number of Berlin']) expect(mainNumberSiteRef(text)).toBeUndefined();
    const waves = [
      { number: 0, date: '2026-03-03' },
      { number: 2, date: '2026-04-14' },
    ];
    expect(waveDatePhrase('wave 2', waves)).toBe('2026-04-14');
    expect(waveDatePhrase('on wave 2?', waves)).toBe('2026-04-14');
    expect(waveDatePhrase('after wave 2', waves)).toBe('2026-04-15');
    expect(waveDatePhrase('the day before wave 0', waves)).toBe('2026-03-02');
    expect(waveDatePhrase('next Friday', waves)).toBeUndefined();
    expect(() => waveDatePhrase('after wave 1', waves)).toThrow('The plan has no wave 1 (waves: 0, 2).');
  });

  it('refuses unreadable input with a message that says what to write', () => {
    expect(() => simulateRoute(plan, 'abc', '2026-03-01')).toThrow(RouteQuestionError);
    expect(() => simulateRoute(plan, '+14255550101', 'someday')).toThrow(/yyyy-mm-dd/);
  });
});
