/** A small hand-built plan for the export tests: two waves, DR + OC + CP, hostile display names. */
import type { Plan, Wave, WaveMember } from '../../../../shared/domain/plan';
import { PlanningSettingsSchema } from '../../../../shared/domain/planning-settings';
import type { ExportInput, PersonSummary } from '../../../../shared/export/export-input';

/** Display names that try formula, command and quote injection. */
export const HOSTILE_NAMES = [
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '@foo',
  '-2+3',
  "O'Brien",
  '$(Remove-Item C:\\)',
  '`whoami`',
  '"; Stop-Computer; "',
  'Line one\nLine two',
  'Zo\u00eb \u2019quoted\u2018 \u201aLow\u201b \u65e5\u672c',
  '\tTabbed',
  '\rCarriage',
] as const;

/** A hunt group named like a formula, with a colon in its name (ids are `<kind>:<name>`). */
export const HOSTILE_GROUP = 'hunt-group:=SUM(1,2) Sales: desk';

export const GENERATED_AT = '2026-11-25T01:00:00.000Z';

function member(i: number, overrides: Partial<WaveMember> = {}): WaveMember {
  const ext = String(1000 + i);
  return {
    personId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    userPrincipalName: `user${i}@contoso.com`,
    displayName: `User ${i}`,
    siteId: 'seattle',
    department: 'Sales',
    lineId: `seattle/${ext}`,
    extension: ext,
    currentDid: `+1425555${ext}`,
    numberToAssign: `+1425555${ext}`,
    path: 'DR',
    numberType: 'directRouting',
    sbcId: 'sbc1',
    voiceRoutingPolicy: 'VRP-US-Seattle',
    dialPlan: 'DP-Seattle',
    groupIds: [],
    ...overrides,
  };
}

export function buildFixturePlan(): Plan {
  const wave1Members: WaveMember[] = HOSTILE_NAMES.map((name, i) =>
    member(i + 1, { displayName: name, department: i === 0 ? '=HYPERLINK("http://x","y")' : 'Sales' }),
  );
  // An apostrophe is legal in a UPN and must survive quoting.
  wave1Members[4] = { ...wave1Members[4], userPrincipalName: "o'brien@contoso.com" };
  // A UPN that is not a UPN: the script must skip it, not run it.
  wave1Members.push(member(40, { userPrincipalName: "x'; Stop-Computer; '@contoso.com", displayName: 'Evil UPN' }));
  // PBX groups: a hunt group whose name is hostile and holds a colon, split over both waves; a boss and delegate.
  for (const i of [0, 1, 2]) wave1Members[i] = { ...wave1Members[i], groupIds: [HOSTILE_GROUP] };
  for (const i of [1, 0]) wave1Members[i] = { ...wave1Members[i], groupIds: [...wave1Members[i].groupIds, 'boss-delegate:User 1'] };
  const wave2Members: WaveMember[] = [
    member(50, { siteId: 'london', path: 'OC', numberType: 'operatorConnect', sbcId: undefined, operatorId: 'op-uk', voiceRoutingPolicy: undefined, dialPlan: 'DP-London', currentDid: '+442071234050', numberToAssign: '+442071234050', extension: '0050', emergencyLocation: '6f1c2d3e-4b5a-4c6d-8e9f-0a1b2c3d4e5f' }),
    member(51, { groupIds: ['pickup-group:London desk'], siteId: 'london', path: 'OC', numberType: 'operatorConnect', sbcId: undefined, operatorId: 'op-uk', voiceRoutingPolicy: undefined, dialPlan: 'DP-London', currentDid: '+442071234051', numberToAssign: '+442071234051', extension: '0051' }),
    member(52, { groupIds: ['pickup-group:London desk', HOSTILE_GROUP], siteId: 'denver', path: 'CP', numberType: 'callingPlan', sbcId: undefined, voiceRoutingPolicy: undefined, dialPlan: undefined, currentDid: undefined, numberToAssign: '+13035550152', extension: undefined, emergencyLocation: 'Denver HQ, 1st floor' }),
  ];
  const waves: Wave[] = [
    {
      number: 0,
      name: 'Pilot',
      date: '2026-12-08',
      time: '19:00',
      siteIds: ['seattle'],
      members: wave1Members,
      prerequisites: ['SBC sbc1 paired with the tenant', 'Numbers uploaded to the tenant (order up-1)'],
      portOrderIds: [],
      uploadOrderIds: ['up-1'],
      // Seattle's auto attendant line, which its people's lines ring through, moves with the site's last people.
      mainNumbers: [{ siteId: 'seattle', number: '+14255551000', lineId: 'seattle/1000', extension: '1000', linesRingingThrough: 12, path: 'DR', numberType: 'directRouting', sbcId: 'sbc1' }],
    },
    {
      number: 1,
      name: "Wave 1 - London & Denver ('UK')",
      date: '2027-01-12',
      time: '19:00',
      siteIds: ['london', 'denver'],
      members: wave2Members,
      prerequisites: ['Port order po-1 completed by the operator'],
      portOrderIds: ['po-1'],
      uploadOrderIds: [],
      // The split hunt group's pilot moves with its last member, on that member's path.
      groupNumbers: [{ groupId: HOSTILE_GROUP, lineId: 'denver/pilot', number: '+13035550199', path: 'CP', numberType: 'callingPlan', siteId: 'denver' }],
      // Denver's (a site named like a formula) moves ahead of its blocked person, with nobody reached through it by extension.
      mainNumbers: [{ siteId: 'denver', number: '+13035550100', lineId: 'denver/aa', path: 'CP', numberType: 'callingPlan' }],
    },
  ];
  return {
    tenantId: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    inputs: { today: '2026-11-24', settingsVersion: 7, snapshotTakenAt: '2026-11-24T08:00:00.000Z', inventoryImportedAt: '2026-11-24T09:00:00.000Z' },
    waves,
    blockSplits: [
      { blockId: '+14255551000-+14255551099', moves: [{ waveNumber: 0, numbers: wave1Members.map((m) => m.numberToAssign!) }], staying: ['+14255551090'], flag: undefined },
      { blockId: '+442071234000-+442071234099', moves: [{ waveNumber: 1, numbers: ['+442071234050', '+442071234051'] }], staying: [], flag: 'Partial port: the BTN +442071234000 moves last' },
    ],
    portOrders: [
      { id: 'po-1', waveNumber: 1, blockIds: ['+442071234000-+442071234099'], carrier: 'BT', accountNumber: '=1+1', operatorId: 'op-uk', kind: 'partial', numbers: ['+442071234050', '+442071234051'], includesBtn: false, submitBy: '2026-12-15' },
    ],
    uploadOrders: [{ id: 'up-1', waveNumber: 0, sbcId: 'sbc1', numbers: wave1Members.map((m) => m.numberToAssign!), uploadBy: '2026-12-05' }],
    routing: [
      {
        afterWave: -1,
        effectiveFrom: '2026-11-24',
        changedBlockIds: ['+14255551000-+14255551099'],
        sbcRules: [{ pattern: '^\\+1425555(1\\d{3})$', kind: 'range', target: 'pbx', via: 'sbc', blockId: '+14255551000-+14255551099', sbcId: 'sbc1', description: 'Whole block to the PBX' }],
        teamsToPbxRoutes: [{ name: 'VMP-To-PBX-Seattle', numberPattern: '^\\+1425555(1\\d{3})$', sbcId: 'sbc1' }],
        pbxToTeamsRoutes: [],
      },
      {
        afterWave: 0,
        effectiveFrom: '2026-12-08',
        changedBlockIds: ['+14255551000-+14255551099'],
        sbcRules: [
          { pattern: '+14255551001', kind: 'number', target: 'teams', via: 'sbc', blockId: '+14255551000-+14255551099', sbcId: 'sbc1', description: '=HYPERLINK("x") moved in the pilot' },
          { pattern: '^\\+1425555(1\\d{3})$', kind: 'range', target: 'pbx', via: 'sbc', blockId: '+14255551000-+14255551099', sbcId: 'sbc1', description: 'Rest of the block stays on the PBX' },
        ],
        teamsToPbxRoutes: [],
        pbxToTeamsRoutes: [{ siteId: 'seattle', extensionPattern: '1001', description: 'Pilot extension to Teams' }],
      },
    ],
    dialPlans: [
      {
        name: 'DP-Seattle',
        siteId: 'seattle',
        rules: [{ name: 'Ext4', pattern: '^(1\\d{3})$', translation: '+1425555$1', isInternalExtension: true, description: "4-digit extensions ('Seattle')" }],
      },
      { name: 'DP-London', siteId: 'london', rules: [{ name: 'Ext4', pattern: '^(0\\d{3})$', translation: '+44207123$1', isInternalExtension: true, description: 'London extensions' }] },
    ],
    extensionCollisions: [{ extensionRange: '1000-1099', siteIds: ['seattle', 'denver'], proposal: 'Prefix Denver extensions with 7' }],
    blocked: [
      {
        personId: 'blocked-1',
        userPrincipalName: 'blocked1@contoso.com',
        siteId: 'denver',
        gates: [{ code: 'no-teams-phone-licence', message: 'No Teams Phone licence', fix: '=Assign Teams Phone Standard' }],
      },
    ],
    stayingOnPbx: [{ personId: 'fax-1', siteId: 'denver', until: '2027-06-30', reason: 'fax' }],
    unmet: [
      { code: 'lead-time-beyond-horizon', message: 'Port order po-1 is tight', siteIds: ['london'] },
      { code: 'main-number-before-blocked-people', message: 'main number +13035550100 of +Denver moves to a Teams auto attendant in wave 1 while 1 person there is blocked on the PBX', waveNumber: 1, siteIds: ['denver'], personIds: ['blocked-1'] },
    ],
    assumptions: ['Cutover at 19:00 local time', '-Numbers stay in their blocks'],
  };
}

const PEOPLE: Record<string, PersonSummary> = {
  'blocked-1': { userPrincipalName: 'blocked1@contoso.com', displayName: '@blocked person', department: 'Ops', siteId: 'denver' },
  'fax-1': { userPrincipalName: 'fax1@contoso.com', displayName: 'Fax line', siteId: 'denver' },
};

export function buildFixtureInput(plan: Plan = buildFixturePlan()): ExportInput {
  const settings = PlanningSettingsSchema.parse({
    tenant: { trustedIps: ['203.0.113.0/28'] },
    operators: [{ id: 'op-uk', name: 'Operator UK', countries: ['GB'], portLeadTimeDays: 14, pricePerUserPerMonth: 8 }],
    sbcs: [
      { id: 'sbc1', fqdn: 'sbc1.contoso.com', pricePerSessionPerYear: 15, licensedSessions: 20, voiceRoutingPolicy: 'VRP-US-Seattle', networkSite: 'seattle' },
    ],
    // Seattle as a toll-bypass-restricted site would be: Location-Based Routing on, its subnets tied to
    // its emergency location, its SBC standing at it.
    sites: [
      {
        siteId: 'seattle',
        emergencyRouting: true,
        emergencyLocationId: '9bd1a5b0-6a2d-4f1e-8c3a-0e5d1f2a3b4c',
        subnets: ['10.20.0.0/16', '2001:db8:20::/48'],
        locationBasedRouting: true,
        securityDesk: { notify: ['security@contoso.com', "o'brien@contoso.com"], mode: 'ConferenceMuted', dialOutNumber: '+14255550199' },
        survivableBranchAppliances: ['sba1.seattle.contoso.com'],
        sharedCalling: { emergencyCallbackNumbers: ['+14255551090', '+14255551091'] },
        // The PBX's park range and its reversion timer, as far as Teams takes it (120 s at the least).
        callPark: { pickupRangeStart: 700, pickupRangeEnd: 799, parkTimeoutSeconds: 120 },
      },
      // Call park with Teams' own pickup codes and ring-back time.
      { siteId: 'denver', securityDesk: { notify: ['denver-desk@contoso.com'] }, callPark: {} },
    ],
    decisions: { sites: [{ siteId: 'seattle', path: 'DR', sbcId: 'sbc1' }], users: [] },
  });
  return {
    tenant: { id: plan.tenantId, name: "Contoso 'Test' =Tenant" },
    generatedAt: GENERATED_AT,
    plan,
    sites: [
      { id: 'seattle', name: 'Seattle', countryCode: 'US', source: 'places', peopleCount: 13 },
      { id: 'london', name: 'London', countryCode: 'GB', source: 'places', peopleCount: 2 },
      { id: 'denver', name: '+Denver', countryCode: 'US', source: 'office-location', peopleCount: 3 },
    ],
    person: (id) => PEOPLE[id],
    settings,
    recommendations: [
      { siteId: 'seattle', path: 'DR', sbcId: 'sbc1', reasons: ['PBX coexistence during migration'], differsFromDecision: false, decided: { path: 'DR', sbcId: 'sbc1' } },
      { siteId: 'london', path: 'OC', operatorId: 'op-uk', reasons: ['Operator available in GB'], differsFromDecision: false },
    ],
    siteCosts: [
      { siteId: 'seattle', users: 13, decidedPath: 'DR', options: [{ path: 'DR', monthly: 120.5, yearly: 1446, sessions: 4 }] },
      { siteId: 'london', users: 2, decidedPath: 'OC', options: [{ path: 'OC', monthly: 16, yearly: 192 }] },
    ],
    sbcSizing: [{ sbcId: 'sbc1', users: 13, erlangs: 0.65, sessions: 4, licensedSessions: 20 }],
    readiness: [
      { code: 'no-teams-phone-licence', severity: 'blocker', message: 'No Teams Phone licence', fix: 'Assign it', personId: 'blocked-1', siteId: 'denver' },
      { code: 'emergency-address-pending', severity: 'warning', message: 'Emergency address pending', fix: '-Validate the address', siteId: 'london' },
    ],
  };
}
