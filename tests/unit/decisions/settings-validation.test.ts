import { groupReferences, jsonPath, staleReferences, userReferences, validateSettings } from '../../../shared/domain/decisions/settings-validation';
import type { PlanningSettingsInput } from '../../../shared/domain/planning-settings';
import { BASE, person, site, snapshot } from './fixtures';

const snap = snapshot([person('a'), person('b')], [site('sea', 'US'), site('lon', 'GB')]);
const withDecisions = (decisions: PlanningSettingsInput['decisions'], extra: PlanningSettingsInput = {}) => ({ ...BASE, ...extra, decisions });

describe('settings validation', () => {
  it('formats JSON paths', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['decisions', 'sites', 2, 'operatorId'])).toBe('$.decisions.sites[2].operatorId');
    expect(jsonPath(['a b'])).toBe('$["a b"]');
  });

  it('accepts a valid document and fills defaults', () => {
    const r = validateSettings(BASE, snap);
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([]);
    expect(r.settings?.traffic).toEqual({ erlangPerUser: 0.05, gradeOfService: 0.01 });
  });

  it('locates every schema error by JSON path, including unknown keys', () => {
    const r = validateSettings(
      {
        operators: [{ id: 'x', name: 'X', countries: ['usa'], portLeadTimeDays: -1, pricePerUserPerMonth: 5 }],
        sbcs: [{ id: 's', fqdn: 'not a host', pricePerSessionPerYear: 1 }],
        traffic: { gradeOfService: 2 },
        decisions: { sites: [{ siteId: 'sea', path: 'XX' }], users: [{ user: 'a', path: 'DR', reason: '' }] },
        scheduling: { startDate: '2026-02-30' },
        operater: [],
      },
      snap,
    );
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => i.path).sort()).toEqual(
      [
        '$.operators[0].countries[0]',
        '$.operators[0].portLeadTimeDays',
        '$.sbcs[0].fqdn',
        '$.traffic.gradeOfService',
        '$.decisions.sites[0].path',
        '$.decisions.users[0].reason',
        '$.scheduling.startDate',
        '$.operater',
      ].sort(),
    );
    expect(r.issues.every((i) => i.severity === 'error' && i.code === 'schema' && i.message.length > 0)).toBe(true);
  });

  const refCases: { name: string; input: PlanningSettingsInput; path: string; code: string; severity?: 'error' | 'warning' }[] = [
    { name: 'unknown operator', input: withDecisions({ sites: [{ siteId: 'sea', path: 'OC', operatorId: 'nope' }] }), path: '$.decisions.sites[0].operatorId', code: 'unknown-operator' },
    { name: 'unknown SBC', input: withDecisions({ sites: [{ siteId: 'sea', path: 'DR', sbcId: 'nope' }] }), path: '$.decisions.sites[0].sbcId', code: 'unknown-sbc' },
    { name: 'unknown site', input: withDecisions({ sites: [{ siteId: 'mars', path: 'CP' }] }), path: '$.decisions.sites[0].siteId', code: 'unknown-site' },
    { name: 'OC decision without operator', input: withDecisions({ sites: [{ siteId: 'sea', path: 'OC' }] }), path: '$.decisions.sites[0].operatorId', code: 'oc-without-operator' },
    { name: 'DR decision without SBC', input: withDecisions({ sites: [{ siteId: 'sea', path: 'DR' }] }), path: '$.decisions.sites[0].sbcId', code: 'dr-without-sbc' },
    { name: 'operator on a DR decision', input: withDecisions({ sites: [{ siteId: 'sea', path: 'DR', sbcId: 'sbc-1', operatorId: 'op-a' }] }), path: '$.decisions.sites[0].operatorId', code: 'contradictory' },
    { name: 'stayUntil on an OC decision', input: withDecisions({ sites: [{ siteId: 'sea', path: 'OC', operatorId: 'op-a', stayUntil: '2027-01-01' }] }), path: '$.decisions.sites[0].stayUntil', code: 'contradictory' },
    { name: 'two decisions for one site', input: withDecisions({ sites: [{ siteId: 'sea', path: 'CP' }, { siteId: 'sea', path: 'PBX' }] }), path: '$.decisions.sites[1].siteId', code: 'duplicate' },
    { name: 'override on a user not in the snapshot', input: withDecisions({ users: [{ user: 'ghost@contoso.example', path: 'CP', reason: 'x' }] }), path: '$.decisions.users[0].user', code: 'unknown-user' },
    { name: 'OC override without operator', input: withDecisions({ users: [{ user: 'a', path: 'OC', reason: 'x' }] }), path: '$.decisions.users[0].operatorId', code: 'oc-without-operator' },
    {
      name: 'same user twice with different paths (id and UPN)',
      input: withDecisions({ users: [{ user: 'a', path: 'CP', reason: 'x' }, { user: 'A@contoso.example', path: 'DR', sbcId: 'sbc-1', reason: 'y' }] }),
      path: '$.decisions.users[1].user',
      code: 'contradictory-override',
    },
    { name: 'same override twice', input: withDecisions({ users: [{ user: 'a', path: 'CP', reason: 'x' }, { user: 'a', path: 'CP', reason: 'x' }] }), path: '$.decisions.users[1].user', code: 'duplicate-override', severity: 'warning' },
    { name: 'duplicate operator id', input: { ...BASE, operators: [BASE.operators![0], BASE.operators![0]] }, path: '$.operators[1].id', code: 'duplicate' },
    { name: 'operator enabled where not offered', input: { ...BASE, operators: [{ ...BASE.operators![0], enabledCountries: ['FR'] }] }, path: '$.operators[0].enabledCountries[0]', code: 'enabled-not-offered' },
    { name: 'SBC serving an unknown site', input: { ...BASE, sbcs: [{ ...BASE.sbcs![0], siteIds: ['mars'] }] }, path: '$.sbcs[0].siteIds[0]', code: 'unknown-site' },
    { name: 'freeze ending before it starts', input: { ...BASE, scheduling: { startDate: '2026-03-02', changeFreezes: [{ from: '2026-12-20', to: '2026-12-01' }] } }, path: '$.scheduling.changeFreezes[0].to', code: 'date-order' },
    { name: 'unknown pilot site', input: { ...BASE, scheduling: { startDate: '2026-03-02', pilot: { siteId: 'mars' } } }, path: '$.scheduling.pilot.siteId', code: 'unknown-site' },
    { name: 'attributes for an unknown site', input: { ...BASE, sites: [{ siteId: 'mars' }] }, path: '$.sites[0].siteId', code: 'unknown-site', severity: 'warning' },
    { name: 'operator not in the snapshot', input: { ...BASE, sites: [{ siteId: 'sea', operator: 'ghost@contoso.example' }] }, path: '$.sites[0].operator', code: 'unknown-user' },
    {
      name: 'business hours overlapping within a day',
      input: { ...BASE, sites: [{ siteId: 'sea', businessHours: [{ weekdays: [1, 2, 3, 4, 5], from: '09:00', to: '13:00' }, { weekdays: [5], from: '12:00', to: '18:00' }] }] },
      path: '$.sites[0].businessHours',
      code: 'overlapping-hours',
    },
    {
      name: 'one subnet at two sites (written two ways)',
      input: { ...BASE, sites: [{ siteId: 'sea', subnets: ['2001:db8:20::/48'] }, { siteId: 'lon', subnets: ['10.30.0.0/16', '2001:0DB8:0020::/48'] }] },
      path: '$.sites[1].subnets[1]',
      code: 'duplicate',
    },
    { name: 'an address inside a subnet, not the subnet', input: { ...BASE, sites: [{ siteId: 'sea', subnets: ['10.20.1.5/16'] }] }, path: '$.sites[0].subnets[0]', code: 'schema' },
    { name: 'branch appliances at a site without subnets', input: { ...BASE, sites: [{ siteId: 'sea', survivableBranchAppliances: ['sba1.contoso.example'] }] }, path: '$.sites[0].survivableBranchAppliances', code: 'sba-without-subnets' },
    {
      name: 'one branch appliance at two sites',
      input: { ...BASE, sites: [{ siteId: 'sea', subnets: ['10.1.0.0/16'], survivableBranchAppliances: ['sba1.contoso.example'] }, { siteId: 'lon', subnets: ['10.2.0.0/16'], survivableBranchAppliances: ['SBA1.contoso.example'] }] },
      path: '$.sites[1].survivableBranchAppliances[0]',
      code: 'duplicate',
    },
    {
      name: 'one Shared Calling callback number at two sites',
      input: { ...BASE, sites: [{ siteId: 'sea', sharedCalling: { emergencyCallbackNumbers: ['+14255550190'] } }, { siteId: 'lon', sharedCalling: { emergencyCallbackNumbers: ['+442071234567', '+14255550190'] } }] },
      path: '$.sites[1].sharedCalling.emergencyCallbackNumbers[1]',
      code: 'duplicate',
    },
    { name: 'a callback number that is not E.164', input: { ...BASE, sites: [{ siteId: 'sea', sharedCalling: { emergencyCallbackNumbers: ['425 555 0190'] } }] }, path: '$.sites[0].sharedCalling.emergencyCallbackNumbers[0]', code: 'schema' },
    { name: 'network sites without trusted IP addresses', input: { ...BASE, sites: [{ siteId: 'sea', subnets: ['10.1.0.0/16'] }] }, path: '$.tenant.trustedIps', code: 'no-trusted-ips', severity: 'warning' },
    { name: 'a trusted address inside a range', input: { ...BASE, tenant: { trustedIps: ['203.0.113.9/28'] } }, path: '$.tenant.trustedIps[0]', code: 'schema' },
    { name: 'SBC standing at an unknown site', input: { ...BASE, sbcs: [{ ...BASE.sbcs![0], networkSite: 'mars' }] }, path: '$.sbcs[0].networkSite', code: 'unknown-site', severity: 'warning' },
    { name: 'SBC policy name Teams refuses', input: { ...BASE, sbcs: [{ ...BASE.sbcs![0], voiceRoutingPolicy: "VRP EU'; Remove-Item" }] }, path: '$.sbcs[0].voiceRoutingPolicy', code: 'invalid-policy-name' },
    { name: 'decision policy name too long', input: withDecisions({ sites: [{ siteId: 'sea', path: 'DR', sbcId: 'sbc-1', voiceRoutingPolicy: `VRP-${'x'.repeat(61)}` }] }), path: '$.decisions.sites[0].voiceRoutingPolicy', code: 'invalid-policy-name' },
    { name: 'override policy name with a slash', input: withDecisions({ users: [{ user: 'a', path: 'DR', sbcId: 'sbc-1', voiceRoutingPolicy: 'VRP/Seattle', reason: 'x' }] }), path: '$.decisions.users[0].voiceRoutingPolicy', code: 'invalid-policy-name' },
    { name: 'operator not serving the site', input: withDecisions({ sites: [{ siteId: 'lon', path: 'OC', operatorId: 'op-a' }] }, { operators: [{ ...BASE.operators![0], countries: ['US'], enabledCountries: ['US'] }] }), path: '$.decisions.sites[0].operatorId', code: 'operator-not-in-country', severity: 'warning' },
  ];

  it.each(refCases)('$name: $code at $path', (c) => {
    const r = validateSettings(c.input, snap);
    const hit = r.issues.find((i) => i.code === c.code);
    expect(hit).toMatchObject({ path: c.path, severity: c.severity ?? 'error' });
    expect(r.ok).toBe((c.severity ?? 'error') === 'warning');
  });

  it('pins name a known PBX group when the context lists groups; the groups asked for are the pins\' own', () => {
    const input = { ...BASE, scheduling: { startDate: '2026-03-02', pins: [{ groupId: 'hunt-group:Sales', wave: 1 }, { siteId: 'sea', wave: 2 }, { groupId: 'pickup-group:Gone', wave: 1 }] } };
    expect(groupReferences(input)).toEqual(['hunt-group:Sales', 'pickup-group:Gone']);
    const r = validateSettings(input, { ...snap, groupIds: new Set(['hunt-group:Sales']) });
    expect(r.ok).toBe(false);
    expect(r.issues).toEqual([expect.objectContaining({ path: '$.scheduling.pins[2].groupId', code: 'unknown-group', severity: 'error' })]);
    // A context without groups (the inventory not at hand) does not check them.
    expect(validateSettings(input, snap).ok).toBe(true);
  });

  it('keeps a policy name saved before names were checked as a warning, so other saves go through; a new one is refused', () => {
    const saved = withDecisions({ sites: [{ siteId: 'sea', path: 'DR', sbcId: 'sbc-1', voiceRoutingPolicy: 'VRP/Seattle' }] });
    const stale = staleReferences(saved, snap);
    const later = withDecisions({ sites: [...saved.decisions!.sites!, { siteId: 'lon', path: 'OC', operatorId: 'op-a' }] });
    const r = validateSettings(later, snap, stale);
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'invalid-policy-name', path: '$.decisions.sites[0].voiceRoutingPolicy', message: expect.stringMatching(/"VRP\/Seattle".*saved before names were checked/) }),
    ]);
    const another = withDecisions({ sites: [...saved.decisions!.sites!, { siteId: 'lon', path: 'DR', sbcId: 'sbc-1', voiceRoutingPolicy: 'VRP/London' }] });
    expect(validateSettings(another, snap, stale).issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'invalid-policy-name', path: '$.decisions.sites[1].voiceRoutingPolicy' }),
    ]);
  });

  it("names an existing resource account for a site's auto attendant: one the tenant has, a resource account, one site's only", () => {
    const withRa = snapshot([person('a'), person('aa-sea', { kind: 'resourceAccount' })], [site('sea', 'US'), site('lon', 'GB')]);
    const sites = (...accounts: string[]) => ({ ...BASE, sites: accounts.map((a, i) => ({ siteId: i ? 'lon' : 'sea', autoAttendantAccount: a })) });
    expect(userReferences(sites('AA-Sea@contoso.example'))).toEqual(['AA-Sea@contoso.example']);
    expect(validateSettings(sites('AA-Sea@contoso.example'), withRa)).toMatchObject({ ok: true, issues: [] });
    const issues = (input: unknown) => validateSettings(input, withRa).issues.map((i) => [i.path, i.code]);
    expect(issues(sites('ghost@contoso.example'))).toEqual([['$.sites[0].autoAttendantAccount', 'unknown-user']]);
    expect(issues(sites('a@contoso.example'))).toEqual([['$.sites[0].autoAttendantAccount', 'not-a-resource-account']]);
    expect(issues(sites('aa-sea@contoso.example', 'AA-SEA@contoso.example'))).toEqual([['$.sites[1].autoAttendantAccount', 'duplicate']]);
    expect(issues(sites("aa'; Stop-Computer"))).toEqual([['$.sites[0].autoAttendantAccount', 'schema']]);
    // The attributes of a site the tenant does not have are ignored, its account with them.
    expect(issues({ ...BASE, sites: [{ siteId: 'mars', autoAttendantAccount: 'ghost@contoso.example' }] })).toEqual([['$.sites[0].siteId', 'unknown-site']]);
    // A resource account that left the tenant after the save stays a warning, like any stale reference.
    const saved = sites('gone@contoso.example');
    const r = validateSettings(saved, withRa, staleReferences(saved, withRa));
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'unknown-user', path: '$.sites[0].autoAttendantAccount' })]);
  });

  it("names an existing resource account for a PBX group's call queue: a known hunt group or call-centre team, a resource account, one queue's only", () => {
    const withRa = { ...snapshot([person('a'), person('cq-desk', { kind: 'resourceAccount' }), person('aa-sea', { kind: 'resourceAccount' })], [site('sea', 'US'), site('lon', 'GB')]), groupIds: new Set(['hunt-group:Desk', 'hunt-group:Help', 'call-centre:desk', 'pickup-group:Floor 2']) };
    const queues = (...entries: [string, string][]) => ({ ...BASE, callQueueAccounts: entries.map(([groupId, account]) => ({ groupId, account })) });
    const issues = (input: unknown) => validateSettings(input, withRa).issues.map((i) => [i.path, i.code]);
    expect(groupReferences(queues(['hunt-group:Desk', 'cq-desk@contoso.example']))).toEqual(['hunt-group:Desk']);
    expect(userReferences(queues(['hunt-group:Desk', 'cq-desk@contoso.example']))).toEqual(['cq-desk@contoso.example']);
    expect(issues(queues(['hunt-group:Desk', 'cq-desk@contoso.example']))).toEqual([]);
    expect(issues(queues(['hunt-group:Gone', 'cq-desk@contoso.example']))).toEqual([['$.callQueueAccounts[0].groupId', 'unknown-group']]);
    expect(issues(queues(['pickup-group:Floor 2', 'cq-desk@contoso.example']))).toEqual([['$.callQueueAccounts[0].groupId', 'not-a-queue-group']]);
    expect(issues(queues(['hunt-group:Desk', 'a@contoso.example']))).toEqual([['$.callQueueAccounts[0].account', 'not-a-resource-account']]);
    expect(issues(queues(['hunt-group:Desk', 'cq-desk@contoso.example'], ['hunt-group:Help', 'CQ-DESK@contoso.example']))).toEqual([['$.callQueueAccounts[1].account', 'duplicate']]);
    expect(issues(queues(['hunt-group:Desk', 'cq-desk@contoso.example'], ['hunt-group:Desk', 'aa-sea@contoso.example']))).toEqual([['$.callQueueAccounts[1].groupId', 'duplicate']]);
    // A hunt group and a call-centre team of one name become one queue: its account is named once.
    const twins = validateSettings(queues(['hunt-group:Desk', 'cq-desk@contoso.example'], ['call-centre:desk', 'aa-sea@contoso.example']), withRa).issues;
    expect(twins.map((i) => [i.path, i.code])).toEqual([['$.callQueueAccounts[1].groupId', 'duplicate']]);
    expect(twins[0].message).toBe('"call-centre:desk" and "hunt-group:Desk" ($.callQueueAccounts[0]) become one call queue: name its account once.');
    // One account for a site's auto attendant and a queue: refused, the account holds one number.
    const both = { ...queues(['hunt-group:Desk', 'aa-sea@contoso.example']), sites: [{ siteId: 'sea', autoAttendantAccount: 'aa-sea@contoso.example' }] };
    expect(issues(both)).toEqual([['$.callQueueAccounts[0].account', 'duplicate']]);
  });

  it('takes one proxy SBC in front of downstream SBCs, each with a bypass mode at a network site (Local Media Optimization)', () => {
    const sbc = (id: string, extra: object) => ({ id, fqdn: `${id}.contoso.example`, pricePerSessionPerYear: 1, ...extra });
    const lmo = (...sbcs: object[]) => ({
      ...BASE,
      sbcs,
      sites: [
        { siteId: 'sea', subnets: ['10.20.0.0/16'] },
        { siteId: 'lon', subnets: ['10.44.0.0/16'] },
      ],
    });
    const errors = (input: object) => validateSettings(input, snap).issues.filter((i) => i.severity === 'error').map((i) => [i.path, i.code]);
    const proxy = sbc('hub', { networkSite: 'sea', bypassMode: 'Always' });
    expect(errors(lmo(proxy, sbc('branch', { siteIds: ['lon'], bypassMode: 'OnlyForLocalUsers', proxySbc: 'hub' })))).toEqual([]);
    expect(errors(lmo(proxy, sbc('branch', { siteIds: ['lon'], proxySbc: 'hub' })))).toEqual([['$.sbcs[1].bypassMode', 'downstream-without-bypass-mode']]);
    expect(errors(lmo(proxy, sbc('branch', { siteIds: ['lon'], bypassMode: 'Always', proxySbc: 'nowhere' })))).toEqual([['$.sbcs[1].proxySbc', 'unknown-sbc']]);
    expect(errors(lmo(sbc('hub', { networkSite: 'sea', bypassMode: 'Always', proxySbc: 'hub' })))).toEqual([['$.sbcs[0].proxySbc', 'unknown-sbc']]);
    expect(errors(lmo(sbc('hub', { networkSite: 'sea' }), sbc('branch', { siteIds: ['lon'], bypassMode: 'Always', proxySbc: 'hub' })))).toEqual([['$.sbcs[1].proxySbc', 'proxy-without-bypass-mode']]);
    const chained = lmo(proxy, sbc('mid', { networkSite: 'lon', bypassMode: 'Always', proxySbc: 'hub' }), sbc('leaf', { networkSite: 'lon', bypassMode: 'Always', proxySbc: 'mid' }));
    expect(errors(chained)).toEqual([['$.sbcs[2].proxySbc', 'proxy-chain']]);
    // Local users are told from remote ones by network site: the SBC's site must have its subnets.
    const noSubnets = { ...BASE, sbcs: [sbc('hub', { networkSite: 'sea', bypassMode: 'Always' })] };
    expect(errors(noSubnets)).toEqual([['$.sbcs[0].bypassMode', 'bypass-without-network-site']]);
    expect(validateSettings(noSubnets, snap).issues[0].message).toBe('SBC hub uses Local Media Optimization, which tells local users from remote ones by network site: give site sea its subnets.');
    expect(errors({ ...BASE, sbcs: [sbc('hub', { siteIds: ['sea', 'lon'], bypassMode: 'Always' })] })).toEqual([['$.sbcs[0].bypassMode', 'bypass-without-network-site']]);
    // A branch decided onto the proxy while its own downstream SBC serves it: saved, with a warning.
    const branch = sbc('branch', { siteIds: ['lon'], bypassMode: 'OnlyForLocalUsers', proxySbc: 'hub' });
    const ontoProxy = { ...lmo(proxy, branch), decisions: { sites: [{ siteId: 'lon', path: 'DR', sbcId: 'hub' }], users: [] } };
    const warned = validateSettings(ontoProxy, snap).issues.filter((i) => i.code === 'proxy-instead-of-downstream');
    expect(warned.map((i) => [i.severity, i.path])).toEqual([['warning', '$.decisions.sites[0].sbcId']]);
    expect(warned[0].message).toBe('Site lon is decided onto proxy SBC hub, but its downstream SBC branch serves it: decide it onto branch, so its calls keep their media on the branch (Local Media Optimization).');
    const ontoBranch = { ...ontoProxy, decisions: { sites: [{ siteId: 'lon', path: 'DR', sbcId: 'branch' }], users: [] } };
    expect(validateSettings(ontoBranch, snap).issues.filter((i) => i.code === 'proxy-instead-of-downstream')).toEqual([]);
  });

  it('without a snapshot, skips tenant references but still checks the document itself', () => {
    const r = validateSettings(withDecisions({ sites: [{ siteId: 'mars', path: 'OC', operatorId: 'nope' }], users: [{ user: 'ghost', path: 'CP', reason: 'x' }] }));
    expect(r.issues.map((i) => i.code)).toEqual(['unknown-operator']);
  });
});
