/**
 * What each wave's cutover runbook sets up in Teams for the PBX groups (group-set-ups.ts): a group is set
 * up by the wave its last members move in and listed as later before that; a boss's delegates, a pickup
 * group's call groups and a hunt group's queue; one queue for a hunt group and a call-centre team of one
 * name; unique resource accounts; what Teams cannot take or the plan does not say, left to a person.
 */
import type { Plan, WaveMember } from '../../../shared/domain/plan';
import { MAX_CALL_GROUP_TARGETS, MAX_CALL_QUEUE_USERS, waveGroupSetUps } from '../../../shared/export/group-set-ups';
import { buildFixtureInput, buildFixturePlan, HOSTILE_GROUP } from './support/fixture-plan';
import { waveRunbook } from '../../../shared/export/runbooks';
import { groupRows } from '../../../shared/export/group-rows';
import { buildLookups } from '../../../shared/export/export-model';

interface MemberSpec {
  upn: string;
  groups: string[];
  lineId?: string;
}

/** A plan of the given waves (0, 1, ...), each a list of members with their groups. */
function planOf(...waves: MemberSpec[][]): Plan {
  const plan = buildFixturePlan();
  const template = plan.waves[0].members[5];
  plan.waves = waves.map((specs, n) => ({
    ...plan.waves[0],
    number: n,
    members: specs.map((s, i): WaveMember => ({ ...template, personId: `w${n}-p${i}`, userPrincipalName: s.upn, lineId: s.lineId, groupIds: s.groups })),
  }));
  return plan;
}

describe('waveGroupSetUps', () => {
  it("makes the delegates the boss's delegates, the boss told apart by the line the group is named after", () => {
    const plan = planOf([
      { upn: 'anna@contoso.com', groups: ['boss-delegate:hq/2001'], lineId: 'hq/2001' },
      { upn: 'ben@contoso.com', groups: ['boss-delegate:hq/2001'], lineId: 'hq/2002' },
      { upn: 'cara@contoso.com', groups: ['boss-delegate:hq/2001'], lineId: 'hq/2003' },
    ]);
    expect(waveGroupSetUps(plan, 0).delegations).toEqual([
      { group: 'Boss and delegate hq/2001', boss: 'anna@contoso.com', delegate: 'ben@contoso.com' },
      { group: 'Boss and delegate hq/2001', boss: 'anna@contoso.com', delegate: 'cara@contoso.com' },
    ]);
  });

  it('sets a group up in the wave of its last members and lists it as later in the waves before', () => {
    const plan = planOf(
      [{ upn: 'ben@contoso.com', groups: ['boss-delegate:hq/2001'], lineId: 'hq/2002' }],
      [{ upn: 'anna@contoso.com', groups: ['boss-delegate:hq/2001'], lineId: 'hq/2001' }],
    );
    expect(waveGroupSetUps(plan, 0)).toMatchObject({ delegations: [], notes: [{ group: 'Boss and delegate hq/2001', result: 'LATER', step: 'set up by the wave 1 runbook, when its last members move' }] });
    expect(waveGroupSetUps(plan, 1).delegations).toEqual([{ group: 'Boss and delegate hq/2001', boss: 'anna@contoso.com', delegate: 'ben@contoso.com' }]);
  });

  it("leaves a boss-delegate group to a person when the boss's line is not in the plan", () => {
    const plan = planOf([{ upn: 'ben@contoso.com', groups: ['boss-delegate:hq/2001'], lineId: 'hq/2002' }]);
    expect(waveGroupSetUps(plan, 0)).toMatchObject({ delegations: [], notes: [{ result: 'ACTION', step: expect.stringContaining('New-CsUserCallingDelegate') }] });
  });

  it("lists each pickup group with its members (each gets a call group of the others), and leaves a group larger than a call group to a person", () => {
    const small = planOf(['a', 'b', 'c'].map((u) => ({ upn: `${u}@contoso.com`, groups: ['pickup-group:PG-1'] })));
    expect(waveGroupSetUps(small, 0).pickupGroups).toEqual([{ group: 'Pickup group PG-1', members: ['a@contoso.com', 'b@contoso.com', 'c@contoso.com'] }]);
    const large = planOf(Array.from({ length: MAX_CALL_GROUP_TARGETS + 2 }, (_, i) => ({ upn: `u${i}@contoso.com`, groups: ['pickup-group:PG-2'] })));
    expect(waveGroupSetUps(large, 0)).toMatchObject({ pickupGroups: [], notes: [{ result: 'ACTION', step: expect.stringContaining(`${MAX_CALL_GROUP_TARGETS + 2} members`) }] });
  });

  it('builds one call queue for a hunt group and the call-centre team named after it, with its agents', () => {
    const plan = planOf([
      { upn: 'a@contoso.com', groups: ['hunt-group:Service Desk', 'call-centre:service desk'] },
      { upn: 'b@contoso.com', groups: ['hunt-group:Service Desk'] },
      { upn: 'c@contoso.com', groups: ['call-centre:service desk'] },
    ]);
    expect(waveGroupSetUps(plan, 0).callQueues).toEqual([
      {
        groupIds: ['call-centre:service desk', 'hunt-group:Service Desk'],
        group: 'Call centre service desk and Hunt group Service Desk',
        name: 'service desk',
        resourceAccount: 'cq-service-desk@contoso.com',
        agents: ['a@contoso.com', 'b@contoso.com', 'c@contoso.com'],
        // No site's language given: Teams' own.
        languageId: 'en-US',
      },
    ]);
  });

  it("lists a queue's agents in the order its PBX group hunted, where the export gave it; agents without a place follow by name", () => {
    const plan = planOf([
      { upn: 'a@contoso.com', groups: ['hunt-group:Service Desk'], lineId: 'hq/2003' },
      { upn: 'b@contoso.com', groups: ['hunt-group:Service Desk'], lineId: 'hq/2001' },
      { upn: 'c@contoso.com', groups: ['hunt-group:Service Desk'], lineId: 'hq/2009' },
      { upn: 'd@contoso.com', groups: ['hunt-group:Service Desk'], lineId: 'hq/2002' },
    ]);
    const hunting = new Map([['hunt-group:Service Desk', { huntOrder: ['hq/2002', 'hq/2001', 'hq/2003'] }]]);
    expect(waveGroupSetUps(plan, 0, new Map(), hunting).callQueues).toEqual([
      expect.objectContaining({ agents: ['d@contoso.com', 'b@contoso.com', 'a@contoso.com', 'c@contoso.com'], agentsInHuntOrder: true }),
    ]);
    // Without the export's order the agents are listed by name, and nothing claims an order.
    const [byName] = waveGroupSetUps(plan, 0).callQueues;
    expect(byName.agents).toEqual(['a@contoso.com', 'b@contoso.com', 'c@contoso.com', 'd@contoso.com']);
    expect(byName.agentsInHuntOrder).toBeUndefined();
  });

  it("gives a queue its group's pilot number when the plan moves one, and names it where a person sets the group up", () => {
    const plan = planOf([
      { upn: 'a@contoso.com', groups: ['hunt-group:Service Desk', 'call-centre:service desk'] },
      { upn: 'b@contoso.com', groups: ['hunt-group:Service Desk'] },
    ]);
    const pilot = { groupId: 'call-centre:service desk', lineId: 'hq/5000', number: '+14255555000', path: 'DR' as const, numberType: 'directRouting' as const };
    plan.waves[0].groupNumbers = [pilot];
    expect(waveGroupSetUps(plan, 0).callQueues).toEqual([expect.objectContaining({ name: 'service desk', pilot })]);
    const large = planOf(Array.from({ length: MAX_CALL_QUEUE_USERS + 1 }, (_, i) => ({ upn: `agent${i}@contoso.com`, groups: ['call-centre:service desk'] })));
    large.waves[0].groupNumbers = [pilot];
    expect(waveGroupSetUps(large, 0).notes[0].step).toMatch(/give its resource account the pilot number \+14255555000$/);
  });

  it('gives every queue a resource account of its own, in the domain of its agents', () => {
    const plan = planOf([
      { upn: 'a@contoso.com', groups: ['hunt-group:Sales (EU)'] },
      { upn: 'b@contoso.com', groups: ['hunt-group:Sales EU'] },
      { upn: 'c@Fabrikam.COM', groups: ['hunt-group:Ventes, Zürich'] },
    ]);
    expect(waveGroupSetUps(plan, 0).callQueues.map((q) => q.resourceAccount)).toEqual(['cq-sales-eu@contoso.com', 'cq-sales-eu-2@contoso.com', 'cq-ventes-zurich@fabrikam.com']);
    // Names in other scripts are transliterated as site ids are; a name of symbols alone is a "group".
    const other = planOf([
      { upn: 'd@contoso.com', groups: ['hunt-group:東京'] },
      { upn: 'e@contoso.com', groups: ['hunt-group:***'] },
    ]);
    expect(waveGroupSetUps(other, 0).callQueues.map((q) => q.resourceAccount)).toEqual(['cq-group@contoso.com', 'cq-dong-jing@contoso.com']);
  });

  it("sets a queue up on the tenant's own account where the settings name one, and gives no new queue that UPN", () => {
    const plan = planOf([
      { upn: 'a@contoso.com', groups: ['hunt-group:Service Desk', 'call-centre:service desk'] },
      { upn: 'b@contoso.com', groups: ['hunt-group:Sales'] },
      { upn: 'c@contoso.com', groups: ['hunt-group:Support'] },
    ]);
    // Named for one of the merged unit's groups; the other account takes the UPN Sales' new one would have had.
    const named = new Map([
      ['call-centre:service desk', 'ra-cq-desk@contoso.com'],
      ['hunt-group:Support', 'cq-sales@contoso.com'],
    ]);
    expect(waveGroupSetUps(plan, 0, named).callQueues.map((q) => [q.name, q.resourceAccount, q.existingAccount])).toEqual([
      ['service desk', 'ra-cq-desk@contoso.com', true],
      ['Sales', 'cq-sales-2@contoso.com', undefined],
      ['Support', 'cq-sales@contoso.com', true],
    ]);
    // Without the settings (or with others) the same plan is worked out again, not read from the cache.
    expect(waveGroupSetUps(plan, 0).callQueues.map((q) => q.resourceAccount)).toEqual(['cq-service-desk@contoso.com', 'cq-sales@contoso.com', 'cq-support@contoso.com']);
  });

  it('leaves a queue of more agents than a queue takes by name to a person', () => {
    const plan = planOf(Array.from({ length: MAX_CALL_QUEUE_USERS + 1 }, (_, i) => ({ upn: `agent${i}@contoso.com`, groups: ['call-centre:Support'] })));
    expect(waveGroupSetUps(plan, 0)).toMatchObject({ callQueues: [], notes: [{ group: 'Call centre Support', result: 'ACTION', step: expect.stringContaining('-DistributionLists') }] });
  });

  it('skips a group with a member whose UPN is not a UPN, and leaves shared lines to a person', () => {
    const plan = planOf([
      { upn: "x'; Stop-Computer; '@contoso.com", groups: ['hunt-group:Sales'] },
      { upn: 'a@contoso.com', groups: ['hunt-group:Sales', 'shared-line:+14255550100'] },
      { upn: 'b@contoso.com', groups: ['shared-line:+14255550100'] },
    ]);
    const setUps = waveGroupSetUps(plan, 0);
    expect(setUps.callQueues).toEqual([]);
    expect(setUps.skipped).toEqual([{ what: 'Hunt group Sales', reason: expect.stringContaining('not a plain UPN') }]);
    expect(setUps.notes).toEqual([{ group: 'Shared line +14255550100', result: 'ACTION', step: expect.stringContaining('shared line appearance') }]);
  });

  it("keeps the pilot number of a queue left to a person with why, found by the number (the Resource accounts sheet reads it)", () => {
    const plan = planOf([
      { upn: 'ann@contoso.com', groups: ['hunt-group:Sales'] },
      { upn: 'bad name@contoso.com', groups: ['hunt-group:Sales'] },
      { upn: 'cy@contoso.com', groups: ['hunt-group:Support'] },
    ]);
    const pilot = (groupId: string, number: string) => ({ groupId, lineId: `hq/${number.slice(-4)}`, number, path: 'DR' as const });
    plan.waves[0].groupNumbers = [pilot('hunt-group:Sales', '+14255550150'), pilot('hunt-group:Support', '+14255550160')];
    const s = waveGroupSetUps(plan, 0);
    expect(s.pilotsLeft).toEqual([{ number: '+14255550150', why: expect.stringContaining('not a plain UPN (bad name@contoso.com)') }]);
    expect(s.callQueues.map((q) => q.pilot?.number)).toEqual(['+14255550160']);
  });

  it('has nothing to set up for a wave without groups or a plan stored before members carried them', () => {
    const plan = planOf([{ upn: 'a@contoso.com', groups: [] }]);
    delete (plan.waves[0].members[0] as Partial<WaveMember>).groupIds;
    expect(waveGroupSetUps(plan, 0)).toEqual({ delegations: [], pickupGroups: [], callQueues: [], notes: [], skipped: [], pilotsLeft: [] });
  });
});

describe('call queue routing', () => {
  it('routes a queue as its PBX group hunted, where the export said, and every agent at once otherwise', () => {
    const input = buildFixtureInput();
    const queueRecord = (text: string) => text.split('\n').find((l) => l.includes("ResourceAccount = 'cq-"))!;
    expect(queueRecord(waveRunbook(input, input.plan.waves[1]).text)).toContain("RoutingMethod = 'Attendant'");
    const serial = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntMethod: 'top-down' as const }]]) };
    const text = waveRunbook(serial, serial.plan.waves[1]).text;
    expect(queueRecord(text)).toContain("RoutingMethod = 'Serial'");
    expect(text).toContain('-RoutingMethod $q.RoutingMethod');
    // Serial offers calls in the agents' order; without the export's hunt order a person checks it.
    expect(queueRecord(text)).toContain('AgentsInHuntOrder = $false');
    expect(text).toContain("if ($q.RoutingMethod -eq 'Serial' -and -not $q.AgentsInHuntOrder) { Write-Action -Target $q.Name -Step 'agent order' -Result 'ACTION'");
    const row = groupRows(serial, buildLookups(serial)).find((r) => r[2] === 'Hunt group' && r[0] === 1)!;
    expect(row[9]).toMatch(/Routing method Serial: the PBX hunted top-down\.$/);
  });

  it("lists a Serial queue's agents in the PBX's hunt order where the export gave it, with nothing left to check", () => {
    const input = buildFixtureInput();
    const queue = (i: typeof input) => waveGroupSetUps(i.plan, 1, new Map(), i.hunting).callQueues[0];
    const agents = queue(input).agents;
    expect(agents.length).toBeGreaterThan(1);
    const lineOf = new Map(input.plan.waves.flatMap((w) => w.members).map((m) => [m.userPrincipalName, m.lineId!]));
    // The PBX hunted them in the reverse of their names' order.
    const ordered = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntMethod: 'top-down' as const, huntOrder: [...agents].reverse().map((upn) => lineOf.get(upn)!) }]]) };
    expect(queue(ordered)).toMatchObject({ agents: [...agents].reverse(), agentsInHuntOrder: true });
    const record = waveRunbook(ordered, ordered.plan.waves[1]).text.split('\n').find((l) => l.includes("ResourceAccount = 'cq-"))!;
    expect(record).toContain("RoutingMethod = 'Serial'");
    expect(record).toContain('AgentsInHuntOrder = $true');
    expect(record).toContain(`Agents = '${[...agents].reverse().join(';')}'`);
    const row = groupRows(ordered, buildLookups(ordered)).find((r) => r[2] === 'Hunt group' && r[0] === 1)!;
    expect(row[9]).toMatch(/Routing method Serial: the PBX hunted top-down\. Agents in the PBX's hunt order\.$/);
  });

  it('rings each agent as long as the PBX rang each member, within what Teams takes, and for Teams\' default where the export did not say', () => {
    const input = buildFixtureInput();
    const record = (i: typeof input) => waveRunbook(i, i.plan.waves[1]).text.split('\n').find((l) => l.includes("ResourceAccount = 'cq-"))!;
    const text = waveRunbook(input, input.plan.waves[1]).text;
    expect(record(input)).toContain('AgentAlertTime = $null');
    expect(text).toContain('if ($null -ne $q.AgentAlertTime) { $alert.AgentAlertTime = $q.AgentAlertTime }');
    expect(text).toContain('-UseDefaultMusicOnHold $true @alert');
    const rows = (i: typeof input) => groupRows(i, buildLookups(i)).find((r) => r[2] === 'Hunt group' && r[0] === 1)![9];
    const twenty = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntRingSeconds: 20 }]]) };
    expect(record(twenty)).toContain('AgentAlertTime = 20');
    expect(rows(twenty)).toMatch(/ Each agent rings 20 s, as on the PBX\.$/);
    // CUCM's default RNA reversion timeout is 10 s: Teams rings an agent 15 s at least.
    const ten = { ...input, hunting: new Map([[HOSTILE_GROUP, { huntRingSeconds: 10 }]]) };
    expect(record(ten)).toContain('AgentAlertTime = 15');
    expect(rows(ten)).toMatch(/ Each agent rings 15 s \(the PBX rang 10 s; Teams takes 15-180 s\)\.$/);
  });
});
