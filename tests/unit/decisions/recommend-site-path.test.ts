import { buildDecisionIndex, type SiteFacts } from '../../../shared/domain/decisions/decision-index';
import { RECOMMENDATION_RULES, recommendSitePath } from '../../../shared/domain/decisions/recommend-site-path';
import type { PlanningSettingsInput } from '../../../shared/domain/planning-settings';
import { BASE, inventory, line, person, settings, site, snapshot } from './fixtures';

function facts(over: Partial<SiteFacts> = {}): SiteFacts {
  return { siteId: 'sea', siteName: 'Seattle', countryCode: 'US', people: 50, callCentreAgents: 0, ataDevices: [], commonAreaPhones: 0, ...over };
}
const attrs = (a: Record<string, unknown>) => ({ attributes: settings({ sites: [{ siteId: 'sea', ...a }] }).sites[0] });

describe('recommendSitePath: one case per rule of the decision framework', () => {
  const cases: { name: string; facts: Partial<SiteFacts>; settings?: PlanningSettingsInput; path: string; rule: string; says: RegExp; operatorId?: string; sbcId?: string }[] = [
    { name: 'compliance recording', facts: attrs({ complianceRecording: true }), path: 'DR', rule: 'compliance', says: /requires compliance recording/ },
    { name: 'lawful intercept', facts: attrs({ lawfulIntercept: true }), path: 'DR', rule: 'compliance', says: /lawful intercept/ },
    { name: 'data residency', facts: attrs({ dataResidency: true }), path: 'DR', rule: 'compliance', says: /data residency/ },
    { name: 'contact centre flag', facts: attrs({ contactCentre: true }), path: 'DR', rule: 'contact-centre', says: /runs a contact centre/ },
    { name: 'call-centre agents in the PBX', facts: { callCentreAgents: 12 }, path: 'DR', rule: 'contact-centre', says: /12 call-centre agent lines/ },
    { name: 'PBX stays', facts: attrs({ pbxStays: true }), path: 'DR', rule: 'pbx-stays', says: /PBX at Seattle stays/ },
    { name: 'fax and elevator lines', facts: { ataDevices: [{ type: 'elevator', count: 2 }, { type: 'fax', count: 1 }] }, path: 'DR', rule: 'ata-devices', says: /2 elevators, 1 fax.*ATA/ },
    { name: 'carrier contract kept', facts: attrs({ keepCarrierContract: true }), path: 'DR', rule: 'keep-carrier-contract', says: /carrier contract/ },
    {
      name: 'MSP with a multi-tenant SBC',
      facts: {},
      settings: { ...BASE, tenant: { mspDelivered: true }, sbcs: [...BASE.sbcs!, { id: 'msp', fqdn: 'mt.msp.example', pricePerSessionPerYear: 1, multiTenant: true }] },
      path: 'DR',
      rule: 'msp-multi-tenant-sbc',
      says: /multi-tenant SBC mt\.msp\.example/,
      sbcId: 'msp',
    },
    { name: 'GCC High', facts: {}, settings: { ...BASE, tenant: { cloud: 'gcc-high' } }, path: 'DR', rule: 'national-cloud', says: /not offered in the gcc-high cloud/ },
    { name: 'unknown country', facts: { countryCode: undefined }, path: 'DR', rule: 'unknown-country', says: /country of Seattle is unknown/ },
    { name: 'no operator, small site, CP offered', facts: { countryCode: 'US', people: 4 }, settings: { ...BASE, operators: [] }, path: 'CP', rule: 'no-operator-small-site', says: /small \(4 people, at most 10\)/ },
    { name: 'no operator, large site', facts: { people: 40 }, settings: { ...BASE, operators: [] }, path: 'DR', rule: 'no-operator', says: /No Operator Connect operator is configured for US/, sbcId: 'sbc-1' },
    { name: 'no operator, small site, no CP', facts: { countryCode: 'BR', people: 3 }, path: 'DR', rule: 'no-operator', says: /configured for BR/ },
    { name: 'operator enabled', facts: {}, path: 'OC', rule: 'operator-available', says: /Example Telecom is enabled for US/, operatorId: 'op-a' },
    {
      name: 'operator offered but not enabled',
      facts: {},
      settings: { ...BASE, operators: [{ ...BASE.operators![0], enabledCountries: [] }] },
      path: 'OC',
      rule: 'operator-available',
      says: /enable the operator for US in the Teams admin center/,
      operatorId: 'op-a',
    },
  ];

  it.each(cases)('$name -> $path ($rule)', (c) => {
    const rec = recommendSitePath(facts(c.facts), settings(c.settings ?? BASE));
    expect(rec.path).toBe(c.path);
    expect(rec.ruleCodes?.[0]).toBe(c.rule);
    expect(rec.reasons[0]).toMatch(c.says);
    if (c.operatorId) expect(rec.operatorId).toBe(c.operatorId);
    if (c.sbcId) expect(rec.sbcId).toBe(c.sbcId);
    if (rec.path !== 'OC') expect(rec.operatorId).toBeUndefined();
  });

  it('covers every rule in the catalogue', () => {
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(RECOMMENDATION_RULES.map((r) => r.code)));
  });

  it('lists every DR reason, most decisive first, and says what OC was given up', () => {
    const rec = recommendSitePath(facts({ ...attrs({ complianceRecording: true, pbxStays: true }), callCentreAgents: 2 }), settings(BASE));
    expect(rec.ruleCodes).toEqual(['compliance', 'contact-centre', 'pbx-stays']);
    expect(rec.reasons[rec.reasons.length - 1]).toMatch(/Example Telecom offers Operator Connect in US, but the reasons above need Direct Routing/);
  });

  it('common-area phones alone do not force Direct Routing (they run Teams)', () => {
    const idx = buildDecisionIndex(
      snapshot([person('a')], [site('sea', 'US')]),
      inventory([line('sea', '100', { deviceType: 'common-area' }), line('sea', '101', { deviceType: 'fax' })]),
      settings(BASE),
    );
    expect(idx.siteFacts.get('sea')!.ataDevices).toEqual([{ type: 'fax', count: 1 }]);
  });

  it('counts call-centre agents and ATA devices from the PBX inventory per site', () => {
    const idx = buildDecisionIndex(
      snapshot([person('a')], [site('sea', 'US'), site('lon', 'GB')]),
      inventory([line('sea', '1', { callCentreAgent: true }), line('sea', '2', { callCentreAgent: true }), line('lon', '3', { deviceType: 'door' })]),
      settings(BASE),
    );
    expect(recommendSitePath(idx.siteFacts.get('sea')!, idx.settings).ruleCodes).toEqual(['contact-centre']);
    expect(recommendSitePath(idx.siteFacts.get('lon')!, idx.settings).ruleCodes).toEqual(['ata-devices']);
  });

  it('prefers an enabled operator, then the cheaper one', () => {
    const s = settings({
      ...BASE,
      operators: [
        { id: 'cheap', name: 'Cheap', countries: ['US'], portLeadTimeDays: 7, pricePerUserPerMonth: 3 },
        { id: 'on-b', name: 'B', countries: ['US'], enabledCountries: ['US'], portLeadTimeDays: 7, pricePerUserPerMonth: 9 },
        { id: 'on-a', name: 'A', countries: ['US'], enabledCountries: ['US'], portLeadTimeDays: 7, pricePerUserPerMonth: 7 },
      ],
    });
    expect(recommendSitePath(facts(), s).operatorId).toBe('on-a');
  });

  it('picks the SBC naming the site over one naming the country over one serving all', () => {
    const s = settings({
      ...BASE,
      operators: [],
      sbcs: [
        { id: 'all', fqdn: 'all.example.net', pricePerSessionPerYear: 1 },
        { id: 'country', fqdn: 'us.example.net', countries: ['US'], pricePerSessionPerYear: 1 },
        { id: 'own', fqdn: 'sea.example.net', siteIds: ['sea'], pricePerSessionPerYear: 1 },
      ],
    });
    expect(recommendSitePath(facts(), s).sbcId).toBe('own');
    expect(recommendSitePath(facts({ siteId: 'nyc' }), s).sbcId).toBe('country');
    expect(recommendSitePath(facts({ siteId: 'rio', countryCode: 'BR' }), s).sbcId).toBe('all');
  });

  it('says so when no SBC serves a DR site', () => {
    const rec = recommendSitePath(facts(attrs({ pbxStays: true })), settings({ ...BASE, sbcs: [] }));
    expect(rec.sbcId).toBeUndefined();
    expect(rec.reasons.join(' ')).toMatch(/No SBC in the settings serves Seattle/);
  });

  it('reports the admin decision next to the recommendation and never replaces it', () => {
    const rec = recommendSitePath(facts(), settings(BASE), { siteId: 'sea', path: 'DR', sbcId: 'sbc-1' });
    expect(rec.path).toBe('OC');
    expect(rec.decided).toEqual({ path: 'DR', sbcId: 'sbc-1' });
    expect(rec.differsFromDecision).toBe(true);
    expect(recommendSitePath(facts(), settings(BASE), { siteId: 'sea', path: 'OC', operatorId: 'op-a' }).differsFromDecision).toBe(false);
  });
});
