import { buildDialPlans, MAX_RULES_PER_DIAL_PLAN } from '../../../shared/domain/planning/dial-plans';
import { MAX_TEAMS_PATTERN_LENGTH } from '../../../shared/domain/planning/number-ranges';
import { serviceNumbersOf } from '../../../shared/domain/service-numbers';
import { emergencyNumbersOf } from '../../../shared/domain/emergency-numbers';
import { CATALOGUE } from '../../../shared/demo/demo-catalogue';

/** The first rule whose pattern matches, as Teams applies a dial plan's rules in order. */
function normalise(rules: { pattern: string; translation: string }[], dialled: string): string | undefined {
  const rule = rules.find((r) => new RegExp(r.pattern).test(dialled));
  return rule && dialled.replace(new RegExp(rule.pattern), rule.translation);
}

describe('dial plans', () => {
  it('merges a site\'s extensions into one rule per DID prefix and normalises to E.164', () => {
    const lines = Array.from({ length: 300 }, (_, i) => ({ siteId: 'sea', extension: String(1000 + i), did: `+1425555${1000 + i}` }));
    const { dialPlans } = buildDialPlans({ lines, siteMainNumber: () => undefined });
    expect(dialPlans).toHaveLength(1);
    expect(dialPlans[0].rules).toHaveLength(1);
    const rule = dialPlans[0].rules[0];
    expect('1234'.replace(new RegExp(rule.pattern), rule.translation)).toBe('+14255551234');
    expect(new RegExp(rule.pattern).test('1300')).toBe(false);
  });

  it('reaches PBX-only extensions through the site main number with ;ext=', () => {
    const { dialPlans } = buildDialPlans({ lines: [{ siteId: 'ber', extension: '77' }], siteMainNumber: () => '+493012345600' });
    const r = dialPlans[0].rules[0];
    expect('77'.replace(new RegExp(r.pattern), r.translation)).toBe('+493012345600;ext=77');
  });

  it('leaves an extension that is an emergency number of its site out of short dialing, and says so', () => {
    // Berlin's 3-digit extensions 100-199 include 110 and 112, Germany's police and emergency numbers.
    const lines = [
      ...Array.from({ length: 100 }, (_, i) => ({ siteId: 'ber', extension: String(100 + i), did: `+4930123${100 + i}` })),
      { siteId: 'sea', extension: '112', did: '+14255550112' },
    ];
    const emergency: Record<string, string[]> = { ber: emergencyNumbersOf('DE').numbers.slice(), sea: emergencyNumbersOf('US').numbers.slice() };
    const r = buildDialPlans({ lines, siteMainNumber: () => undefined, siteEmergencyNumbers: (s) => emergency[s] });
    const berlin = r.dialPlans.find((d) => d.siteId === 'ber')!.rules;
    expect(normalise(berlin, '112')).toBeUndefined();
    expect(normalise(berlin, '110')).toBeUndefined();
    expect(normalise(berlin, '111')).toBe('+4930123111');
    expect(normalise(berlin, '199')).toBe('+4930123199');
    // 112 is no emergency number in the US: Seattle keeps its extension.
    expect(normalise(r.dialPlans.find((d) => d.siteId === 'sea')!.rules, '112')).toBe('+14255550112');
    expect(r.unmet.filter((u) => u.code === 'extension-is-emergency-number')).toEqual([
      {
        code: 'extension-is-emergency-number',
        message: 'Extensions 110, 112 at ber are emergency numbers there: left out of short dialing, so that dialing them from Teams reaches emergency services',
        siteIds: ['ber'],
      },
    ]);
  });

  it("leaves a national service short code out of short dialing: 711 and 988 at a US site reach the service, not the extension", () => {
    const lines = Array.from({ length: 300 }, (_, i) => ({ siteId: 'sea', extension: String(700 + i), did: `+1425555${1700 + i}` }));
    const r = buildDialPlans({ lines, siteMainNumber: () => undefined, siteServiceNumbers: (s) => (s === 'sea' ? serviceNumbersOf('US') : []) });
    const seattle = r.dialPlans.find((d) => d.siteId === 'sea')!.rules;
    expect(normalise(seattle, '711')).toBeUndefined();
    expect(normalise(seattle, '811')).toBeUndefined();
    expect(normalise(seattle, '988')).toBeUndefined();
    expect(normalise(seattle, '712')).toBe('+14255551712');
    expect(normalise(seattle, '987')).toBe('+14255551987');
    expect(r.unmet.filter((u) => u.code === 'extension-is-service-number')).toEqual([
      {
        code: 'extension-is-service-number',
        message: 'Extensions 711, 811, 988 at sea are national service numbers there: left out of short dialing, so that dialing them from Teams reaches the service',
        siteIds: ['sea'],
      },
    ]);
    expect(serviceNumbersOf('de')).toEqual(['115']);
    expect(serviceNumbersOf('XK')).toEqual([]);
  });

  it('leaves a 4-digit helpline out of a 4-digit plan: 1177 at a Swedish site is healthcare advice', () => {
    const lines = Array.from({ length: 100 }, (_, i) => ({ siteId: 'sto', extension: String(1150 + i), did: `+4681234${1150 + i}` }));
    const r = buildDialPlans({ lines, siteMainNumber: () => undefined, siteServiceNumbers: (s) => (s === 'sto' ? serviceNumbersOf('SE') : []) });
    const stockholm = r.dialPlans.find((d) => d.siteId === 'sto')!.rules;
    expect(normalise(stockholm, '1177')).toBeUndefined();
    expect(normalise(stockholm, '1176')).toBe('+46812341176');
    expect(r.unmet.find((u) => u.code === 'extension-is-service-number')?.message).toMatch(/^Extension 1177 at sto is a national service number there/);
  });

  it('knows the emergency numbers of the countries the planner meets, and 112 elsewhere', () => {
    expect(emergencyNumbersOf('us')).toEqual({ numbers: ['911', '933'], known: true });
    expect(emergencyNumbersOf('GB').numbers).toEqual(['999', '112']);
    expect(emergencyNumbersOf('AU').numbers).toContain('000');
    expect(emergencyNumbersOf('XK')).toEqual({ numbers: ['112'], known: false });
    expect(emergencyNumbersOf(undefined).known).toBe(false);
    for (const country of CATALOGUE.map((c) => c.countryCode)) expect({ country, known: emergencyNumbersOf(country).known }).toEqual({ country, known: true });
  });

  it('never exceeds 50 rules and says what was left out', () => {
    // 80 different DID prefixes at one site: 80 groups.
    const lines = Array.from({ length: 80 }, (_, i) => ({ siteId: 'big', extension: '100', did: `+1425${String(i).padStart(3, '0')}0100` }));
    const r = buildDialPlans({ lines, siteMainNumber: () => undefined });
    expect(r.dialPlans[0].rules.length).toBe(MAX_RULES_PER_DIAL_PLAN);
    expect(r.unmet.find((u) => u.code === 'dial-plan-rule-limit')?.siteIds).toEqual(['big']);
  });

  it('splits a large site\'s scattered extensions into several rules Teams accepts, each extension still reaching its DID', () => {
    // 2,500 people whose extensions (the DID's last 5 digits) are spread over a 10,000 block: one group.
    const exts = Array.from({ length: 2_500 }, (_, i) => 10_000 + ((i * 7919) % 10_000)).sort((a, b) => a - b);
    const lines = exts.map((e) => ({ siteId: 'sea', extension: String(e), did: `+120643${e}` }));
    const { dialPlans, unmet } = buildDialPlans({ lines, siteMainNumber: () => undefined });
    const rules = dialPlans[0].rules;
    expect(rules.length).toBeGreaterThan(1);
    expect(rules.length).toBeLessThanOrEqual(MAX_RULES_PER_DIAL_PLAN);
    expect(unmet).toEqual([]);
    for (const r of rules) expect(r.pattern.length).toBeLessThanOrEqual(MAX_TEAMS_PATTERN_LENGTH);
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
    expect(rules[0].description).toMatch(/extensions of 5 digits to their DIDs \(part 1 of \d+\)$/);
    expect(rules.reduce((n, r) => n + Number(/^(\d+) /.exec(r.description)![1]), 0)).toBe(2_500);
    for (const e of exts) expect(normalise(rules, String(e))).toBe(`+120643${e}`);
    const taken = new Set(exts);
    const free = Array.from({ length: 10_000 }, (_, i) => 10_000 + i).filter((e) => !taken.has(e));
    for (const e of free.slice(0, 500)) expect(normalise(rules, String(e))).toBeUndefined();
  });

  it('detects the same extension range at two sites and proposes site codes', () => {
    const lines = [
      ...Array.from({ length: 100 }, (_, i) => ({ siteId: 'a', extension: String(2000 + i), did: `+1206555${2000 + i}` })),
      ...Array.from({ length: 50 }, (_, i) => ({ siteId: 'b', extension: String(2050 + i), did: `+1312555${2050 + i}` })),
    ];
    const r = buildDialPlans({ lines, siteMainNumber: () => undefined });
    expect(r.collisions).toHaveLength(1);
    expect(r.collisions[0]).toMatchObject({ extensionRange: '2050-2099', siteIds: ['a', 'b'] });
    expect(r.collisions[0].proposal).toMatch(/site code/);
    const a = r.dialPlans.find((d) => d.siteId === 'a')!;
    const toB = a.rules.find((x) => x.name.startsWith('a-to-b'))!;
    expect(`${r.siteCodes.get('b')}2060`.replace(new RegExp(toB.pattern), toB.translation)).toBe('+13125552060');
    for (const d of r.dialPlans) expect(d.rules.length).toBeLessThanOrEqual(MAX_RULES_PER_DIAL_PLAN);
  });

  it('bounds the rules even when 2,000 sites share the same extensions', () => {
    const lines = Array.from({ length: 2000 }, (_, s) => ({ siteId: `s${String(s).padStart(4, '0')}`, extension: '1000', did: `+1${String(2000000000 + s * 10000 + 1000)}` }));
    const r = buildDialPlans({ lines, siteMainNumber: () => undefined });
    for (const d of r.dialPlans) expect(d.rules.length).toBeLessThanOrEqual(MAX_RULES_PER_DIAL_PLAN);
    const limit = r.unmet.filter((u) => u.code === 'dial-plan-rule-limit');
    expect(limit).toHaveLength(1);
    expect(limit[0].siteIds).toHaveLength(2000);
    expect(limit[0].message).toMatch(/2000 sites/);
  });
});
