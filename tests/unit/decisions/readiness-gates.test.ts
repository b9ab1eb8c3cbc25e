import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { gateLabel, gateLabelWithCode, READINESS_GATES } from '../../../shared/domain/decisions/gate-catalogue';
import type { PlanningSettingsInput } from '../../../shared/domain/planning-settings';
import type { Person, TenantNumber } from '../../../shared/domain/tenant-snapshot';
import { BASE, inventory, line, person, settings, site, snapshot, tenantNumber } from './fixtures';

const phone = (e164: string) => [{ raw: e164, e164, valid: true }];
/** A person who is ready on every path: licensed, located, TeamsOnly, with a US number of their own. */
const ready = (id: string, over: Partial<Person> = {}) => person(id, { businessPhones: phone('+14255550100'), callingPlan: true, ...over });

interface Case {
  name: string;
  code: string;
  people?: Person[];
  numbers?: TenantNumber[];
  settings?: PlanningSettingsInput;
  /** The path forced on site "sea" by a decision. */
  path?: 'OC' | 'DR' | 'CP';
  cloud?: 'gcc-high';
  severity?: 'blocker' | 'warning';
  says: RegExp;
}

const DESK = { notify: ['security@contoso.example'] };
const decide = (path: 'OC' | 'DR' | 'CP') =>
  path === 'OC' ? { siteId: 'sea', path, operatorId: 'op-a' } : path === 'DR' ? { siteId: 'sea', path, sbcId: 'sbc-1' } : { siteId: 'sea', path };

/** BASE with Shared Calling at site "sea". */
const SHARED_CALLING: PlanningSettingsInput = { ...BASE, sites: [{ ...BASE.sites![0], sharedCalling: { emergencyCallbackNumbers: ['+14255550190'] } }, BASE.sites![1]] };

const cases: Case[] = [
  { name: 'disabled account', code: 'account-disabled', people: [ready('a', { accountEnabled: false })], says: /a@contoso.example is disabled/ },
  { name: 'no Teams Phone', code: 'no-teams-phone-licence', people: [ready('a', { teamsPhone: 'none' })], says: /no Teams Phone licence/ },
  { name: 'Teams Phone turned off in a licence held', code: 'teams-phone-turned-off', people: [ready('a', { teamsPhone: 'none', teamsPhoneTurnedOff: true })], says: /includes Teams Phone, with Teams Phone turned off/ },
  { name: 'Teams Phone in grace', code: 'teams-phone-licence-grace', severity: 'warning', people: [ready('a', { teamsPhone: 'grace' })], says: /grace period/ },
  { name: 'no usage location', code: 'no-usage-location', people: [ready('a', { usageLocation: undefined })], says: /no usage location/ },
  { name: 'usage location GB, US number', code: 'usage-location-mismatch', people: [ready('a', { usageLocation: 'GB' })], says: /usage location is GB but the planned number \+14255550100 is from US/ },
  { name: 'usage location CA, US number (same calling code)', code: 'usage-location-mismatch', people: [ready('a', { usageLocation: 'CA' })], says: /is from US/ },
  { name: 'CP without licence', code: 'cp-without-licence', path: 'CP', people: [ready('a', { callingPlan: false })], says: /no Calling Plan licence/ },
  {
    name: 'number synced from on-prem',
    code: 'number-synced-from-on-prem',
    people: [ready('a')],
    numbers: [tenantNumber('+14255550100', { numberSource: 'onPremises' })],
    says: /on-premises AD/,
  },
  {
    name: 'number held by someone else',
    code: 'number-assigned-to-other',
    people: [ready('a'), ready('b', { businessPhones: phone('+14255550111') })],
    numbers: [tenantNumber('+14255550100', { assignmentStatus: 'userAssigned', assignmentTargetId: 'b' })],
    says: /already assigned in Teams to b@contoso.example/,
  },
  { name: 'same number for two people', code: 'number-planned-twice', people: [ready('a'), ready('b')], says: /planned for a@contoso.example and 1 other/ },
  { name: 'no number', code: 'no-number', people: [ready('a', { businessPhones: [] })], says: /no number to assign/ },
  {
    name: 'Shared Calling at a site without a main number',
    code: 'shared-calling-no-main-number',
    settings: SHARED_CALLING,
    people: [ready('a', { businessPhones: [] })],
    says: /site sea has Shared Calling, but the PBX export gives the site no main number/,
  },
  { name: 'Islands mode', code: 'not-teams-only', people: [ready('a', { teamsUpgradeMode: 'Islands' })], says: /Islands mode/ },
  {
    name: 'resource account without licence',
    code: 'resource-account-no-licence',
    people: [ready('ra', { kind: 'resourceAccount', teamsPhone: 'none', resourceAccountLicence: false })],
    says: /Resource account ra@contoso.example has no Teams Phone Resource Account licence/,
  },
  { name: 'resource account without number', code: 'resource-account-no-number', severity: 'warning', people: [ready('ra', { kind: 'resourceAccount', resourceAccountLicence: true, businessPhones: [] })], says: /no number planned/ },
  { name: 'OC site without emergency address', code: 'site-no-emergency-address', path: 'OC', settings: { ...BASE, sites: [{ siteId: 'sea', emergencyAddress: 'missing' }] }, says: /SEA has no emergency address/ },
  { name: 'CP site with pending address', code: 'site-emergency-address-pending', path: 'CP', settings: { ...BASE, sites: [{ siteId: 'sea', emergencyAddress: 'pending' }] }, says: /not validated yet/ },
  { name: 'DR site without emergency routing', code: 'site-no-emergency-routing', path: 'DR', settings: { ...BASE, sites: [{ siteId: 'sea', emergencyAddress: 'validated', emergencyRouting: false }] }, says: /no emergency call routing/ },
  {
    name: 'Location-Based Routing site without subnets',
    code: 'site-lbr-no-subnets',
    path: 'DR',
    settings: { ...BASE, sbcs: [{ ...BASE.sbcs![0], siteIds: ['sea'] }], sites: [{ siteId: 'sea', emergencyAddress: 'validated', emergencyRouting: true, locationBasedRouting: true }] },
    says: /SEA uses Location-Based Routing but lists no subnets/,
  },
  {
    name: 'Location-Based Routing site whose SBC serves several sites',
    code: 'site-lbr-sbc-elsewhere',
    path: 'DR',
    settings: { ...BASE, sbcs: [{ ...BASE.sbcs![0], siteIds: ['sea', 'lon'] }], sites: [{ siteId: 'sea', emergencyAddress: 'validated', emergencyRouting: true, locationBasedRouting: true, subnets: ['10.20.0.0/16'] }] },
    says: /its SBC sbc-1 stands at no network site/,
  },
  { name: 'US site without a security desk', code: 'site-no-security-desk', severity: 'warning', path: 'OC', settings: { ...BASE, sites: [{ siteId: 'sea', emergencyAddress: 'validated' }] }, says: /SEA has no security desk: Kari's Law/ },
  { name: 'operator not enabled', code: 'oc-operator-not-enabled', path: 'OC', settings: { ...BASE, operators: [{ ...BASE.operators![0], enabledCountries: ['GB'] }] }, says: /not enabled for US/ },
  { name: 'operator not in country', code: 'oc-operator-not-in-country', path: 'OC', settings: { ...BASE, operators: [{ ...BASE.operators![0], countries: ['GB'], enabledCountries: ['GB'] }] }, says: /does not offer Operator Connect in US/ },
  { name: 'OC in GCC High', code: 'oc-national-cloud', path: 'OC', cloud: 'gcc-high', says: /not offered in the gcc-high cloud/ },
  { name: 'CP not offered', code: 'cp-not-offered', path: 'CP', settings: { ...BASE, callingPlan: [] }, says: /no Calling Plan is configured for US/ },
  { name: 'DR without SBC', code: 'dr-without-sbc', settings: { ...BASE, sbcs: [], decisions: { users: [{ user: 'a', path: 'DR', reason: 'test' }] } }, says: /no SBC is named/ },
  {
    name: 'DR without voice routing policy',
    code: 'dr-without-voice-routing-policy',
    severity: 'warning',
    path: 'DR',
    settings: { ...BASE, sbcs: [{ ...BASE.sbcs![0], voiceRoutingPolicy: undefined }] },
    says: /no voice routing policy/,
  },
  { name: 'OC override without operator', code: 'oc-without-operator', settings: { ...BASE, decisions: { users: [{ user: 'a', path: 'OC', reason: 'test' }] } }, says: /no operator is named/ },
  { name: 'person without site on an override', code: 'no-site', severity: 'warning', people: [ready('a', { siteId: undefined })], settings: { ...BASE, decisions: { users: [{ user: 'a', path: 'OC', operatorId: 'op-a', reason: 'HQ exec' }] } }, says: /not mapped to a site/ },
  { name: 'site without country', code: 'site-no-country', severity: 'warning', path: 'DR', says: /country of SEA is unknown/ },
];

function run(c: Case) {
  const base = c.settings ?? BASE;
  const s = settings({
    ...base,
    ...(c.cloud && { tenant: { cloud: c.cloud } }),
    decisions: { sites: c.path ? [decide(c.path)] : [], users: base.decisions?.users ?? [] },
  });
  const sites = [site('sea', c.code === 'site-no-country' ? undefined : 'US')];
  return computeDecisions(snapshot(c.people ?? [ready('a')], sites, c.numbers ?? []), undefined, s);
}

describe('readiness gates: one case per gate', () => {
  it.each(cases)('$name -> $code', (c) => {
    const result = run(c);
    const hits = result.readiness.gates.filter((g) => g.code === c.code);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits[0].message).toMatch(c.says);
    expect(hits[0].fix.length).toBeGreaterThan(10);
    expect(hits[0].severity).toBe(c.severity ?? 'blocker');
    const blocked = result.readiness.blockedPersonIds.length > 0;
    expect(blocked).toBe((c.severity ?? 'blocker') === 'blocker');
  });

  it('covers every gate in the catalogue', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(new Set(READINESS_GATES.map((g) => g.code)));
  });

  it.each(['OC', 'DR', 'CP'] as const)('a fully prepared person at a prepared %s site has no gate', (path) => {
    const r = run({ name: 'ready', code: '', path, says: /x/ });
    expect(r.readiness.gates).toEqual([]);
    expect(r.readiness.summary).toMatchObject({ peopleMoving: 1, peopleReady: 1, peopleBlocked: 0, sitesBlocked: 0 });
  });

  describe('Shared Calling', () => {
    const gatesOf = (lines: Parameters<typeof inventory>[0]) =>
      computeDecisions(snapshot([ready('a', { businessPhones: [] })], [site('sea', 'US')]), inventory(lines), settings({ ...SHARED_CALLING, decisions: { sites: [decide('OC')] } })).readiness;

    it('a person with no number of their own is ready where the site has a main number to share', () => {
      for (const main of [line('sea', '2000', { did: '+14255552000', deviceType: 'auto-attendant' }), line('sea', '2010', { mainNumber: '+14255552000' })]) {
        const r = gatesOf([main]);
        expect(r.gates).toEqual([]);
        expect(r.summary).toMatchObject({ peopleMoving: 1, peopleReady: 1, peopleBlocked: 0 });
      }
    });

    it('needs no Calling Plan licence of their own at a Calling Plan site: they call out on the main number\'s', () => {
      const r = computeDecisions(
        snapshot([ready('a', { businessPhones: [], callingPlan: false })], [site('sea', 'US')]),
        inventory([line('sea', '2010', { mainNumber: '+14255552000' })]),
        settings({ ...SHARED_CALLING, decisions: { sites: [decide('CP')] } }),
      ).readiness;
      expect(r.gates).toEqual([]);
    });

    it('an auto attendant line without a DID, or a matched one, gives no main number', () => {
      const matched = line('sea', '2000', { did: '+14255552000', deviceType: 'auto-attendant', match: { status: 'matched', personId: 'x', explanation: 'name' } as never });
      for (const l of [line('sea', '2000', { deviceType: 'auto-attendant' }), matched]) expect(gatesOf([l]).gates.map((g) => g.code)).toEqual(['shared-calling-no-main-number']);
    });
  });

  describe('Location-Based Routing', () => {
    const dr = (attrs: object, sbc: object = {}, country = 'US') => {
      const s = settings({ ...BASE, sbcs: [{ ...BASE.sbcs![0], ...sbc }], sites: [{ siteId: 'sea', emergencyAddress: 'validated', emergencyRouting: true, securityDesk: DESK, ...attrs }], decisions: { sites: [decide('DR')] } });
      return computeDecisions(snapshot([ready('a')], [site('sea', country)]), undefined, s).readiness.gates.map((g) => g.code);
    };

    it('is on in India unless the site turns it off, off elsewhere unless turned on', () => {
      expect(dr({}, {}, 'IN')).toEqual(['site-lbr-no-subnets', 'site-lbr-sbc-elsewhere']);
      expect(dr({ locationBasedRouting: false }, {}, 'IN')).not.toContain('site-lbr-no-subnets');
      expect(dr({})).toEqual([]);
      expect(dr({ locationBasedRouting: true })).toContain('site-lbr-no-subnets');
    });

    it('is met by the site\'s subnets and an SBC standing at the site, named or as its one site', () => {
      expect(dr({ subnets: ['10.20.0.0/16'] }, { siteIds: ['sea'] }, 'IN')).toEqual([]);
      expect(dr({ subnets: ['10.20.0.0/16'] }, { countries: ['IN'], networkSite: 'sea' }, 'IN')).toEqual([]);
    });

    it('names the site the SBC stands at when it is another', () => {
      const s = settings({ ...BASE, sbcs: [{ ...BASE.sbcs![0], networkSite: 'lon' }], sites: [{ siteId: 'sea', emergencyAddress: 'validated', emergencyRouting: true, securityDesk: DESK, subnets: ['10.20.0.0/16'] }], decisions: { sites: [decide('DR')] } });
      const r = computeDecisions(snapshot([ready('a')], [site('sea', 'IN'), site('lon', 'GB')]), undefined, s);
      expect(r.readiness.gates.map((g) => g.message)).toEqual([expect.stringMatching(/its SBC sbc-1 stands at LON: its clients could not reach the PSTN through it/)]);
    });

    it('does not gate Operator Connect at the site', () => {
      const s = settings({ ...BASE, sites: [{ siteId: 'sea', emergencyAddress: 'validated', securityDesk: DESK, locationBasedRouting: true }], decisions: { sites: [decide('OC')] } });
      expect(computeDecisions(snapshot([ready('a')], [site('sea', 'US')]), undefined, s).readiness.gates).toEqual([]);
    });
  });

  it('does not gate people who stay on the PBX', () => {
    const s = settings({ ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'PBX', stayUntil: '2027-01-01' }] } });
    const r = computeDecisions(snapshot([person('a', { accountEnabled: false, teamsPhone: 'none' })], [site('sea', 'US')]), undefined, s);
    expect(r.readiness.gates).toEqual([]);
    expect(r.paths[0]).toMatchObject({ path: 'PBX', stayUntil: '2027-01-01' });
  });

  it('a site gate holds only the people on the path it is about', () => {
    // OC site without an emergency address; one person overridden to DR (the site has DR emergency routing).
    const s = settings({
      ...BASE,
      sites: [{ siteId: 'sea', emergencyAddress: 'missing', emergencyRouting: true }],
      decisions: { sites: [decide('OC')], users: [{ user: 'b', path: 'DR', sbcId: 'sbc-1', reason: 'compliance unit' }] },
    });
    const r = computeDecisions(snapshot([ready('a'), ready('b', { businessPhones: phone('+14255550101') })], [site('sea', 'US')]), undefined, s);
    expect(r.readiness.blockedPersonIds).toEqual(['a']);
    expect(r.readiness.summary.perSite).toEqual([{ siteId: 'sea', moving: 2, ready: 1, blocked: 1, siteBlockers: ['site-no-emergency-address'] }]);
  });

  it("takes the planned number from the person's matched PBX line first", () => {
    const inv = inventory([line('sea', '2001', { did: '+442071234567', match: { status: 'matched', personId: 'a', rule: 'upn', explanation: 'upn' } })]);
    const r = computeDecisions(snapshot([ready('a')], [site('sea', 'US')]), inv, settings(BASE));
    expect(r.paths[0]).toMatchObject({ plannedNumber: '+442071234567', plannedNumberSource: 'pbx-did', lineId: 'sea/2001' });
    expect(r.readiness.gates.map((g) => g.code)).toEqual(['usage-location-mismatch']);
  });
});

describe('gate labels', () => {
  it('every gate reads as its catalogue label; a code this build does not know reads as itself', () => {
    for (const g of READINESS_GATES) {
      expect(gateLabel(g.code)).toBe(g.summary);
      expect(gateLabelWithCode(g.code)).toBe(`${g.summary} (${g.code})`);
    }
    expect(new Set(READINESS_GATES.map((g) => g.summary)).size).toBe(READINESS_GATES.length);
    expect(gateLabel('gate-from-a-newer-build')).toBe('gate-from-a-newer-build');
    expect(gateLabelWithCode('gate-from-a-newer-build')).toBe('gate-from-a-newer-build');
  });
});
