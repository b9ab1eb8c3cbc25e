/**
 * The PBX groups a plan moves, wave by wave (plan-groups.ts): a group split over waves shows in each,
 * naming where its other members go; hunt groups and call centres come first; members are listed in
 * order up to the limit and counted beyond it; a plan stored before members carried groups has none.
 */
import type { Plan } from '../../../shared/domain/plan';
import { waveGroups, WAVE_GROUP_MEMBERS_LISTED } from '../../../shared/domain/planning/plan-groups';
import { byGroupKind, GROUP_BECOMES, GROUP_KIND_LABELS, GROUP_KIND_ORDER, GROUP_TEAMS_SET_UP, groupIdLabel, splitGroupId } from '../../../shared/domain/migration-group-labels';
import { buildFixturePlan, HOSTILE_GROUP } from '../export/support/fixture-plan';

describe('waveGroups', () => {
  it('lists each group in each wave it has members in, hunt groups first, with its sites and where the rest go', () => {
    const groups = waveGroups(buildFixturePlan());
    const name = HOSTILE_GROUP.slice('hunt-group:'.length);
    expect(groups.map((g) => [g.wave, g.kind, g.name, g.members, g.siteIds, g.elsewhere])).toEqual([
      [0, 'hunt-group', name, 3, ['seattle'], [{ wave: 1, members: 1 }]],
      [0, 'boss-delegate', 'User 1', 2, ['seattle'], []],
      [1, 'hunt-group', name, 1, ['denver'], [{ wave: 0, members: 3 }]],
      [1, 'pickup-group', 'London desk', 2, ['denver', 'london'], []],
    ]);
    expect(groups[0]).toMatchObject({ id: HOSTILE_GROUP, upns: ['user1@contoso.com', 'user2@contoso.com', 'user3@contoso.com'] });
    // The hunt group's pilot number moves with its last member, in wave 1.
    expect(groups.map((g) => g.pilotNumbers)).toEqual([undefined, undefined, ['+13035550199'], undefined]);
  });

  it('names the first members in order and counts them all', () => {
    const plan = buildFixturePlan();
    const pilot = plan.waves[0];
    const agents = Array.from({ length: WAVE_GROUP_MEMBERS_LISTED + 7 }, (_, i) => ({
      ...pilot.members[5],
      personId: `agent-${i}`,
      userPrincipalName: `agent${String(WAVE_GROUP_MEMBERS_LISTED + 7 - i).padStart(3, '0')}@contoso.com`,
      groupIds: ['call-centre:Support'],
    }));
    plan.waves[0] = { ...pilot, members: [...pilot.members, ...agents] };
    const support = waveGroups(plan).find((g) => g.name === 'Support')!;
    expect(support.members).toBe(WAVE_GROUP_MEMBERS_LISTED + 7);
    expect(support.upns).toHaveLength(WAVE_GROUP_MEMBERS_LISTED);
    expect(support.upns[0]).toBe('agent001@contoso.com');
    expect(waveGroups(plan).filter((g) => g.wave === 0).map((g) => g.kind)).toEqual(['hunt-group', 'call-centre', 'boss-delegate']);
  });

  it('finds none in a plan stored before members carried their groups, and is the same for the same plan', () => {
    const plan = buildFixturePlan();
    const old: Plan = { ...plan, waves: plan.waves.map((w) => ({ ...w, members: w.members.map(({ groupIds: _, ...m }) => m as typeof w.members[number]) })) };
    expect(waveGroups(old)).toEqual([]);
    expect(waveGroups(buildFixturePlan())).toEqual(waveGroups(plan));
  });
});

describe('group words', () => {
  it('names every kind, orders every kind, and says what each becomes in Teams', () => {
    const kinds = Object.keys(GROUP_KIND_LABELS).sort();
    expect([...GROUP_KIND_ORDER].sort()).toEqual(kinds);
    for (const kind of kinds) {
      expect(byGroupKind(GROUP_BECOMES, kind)).not.toBe('');
      expect(byGroupKind(GROUP_TEAMS_SET_UP, kind)).toMatch(/-Cs[A-Za-z]+/);
    }
    expect(byGroupKind(GROUP_TEAMS_SET_UP, 'paging-group')).toBe('');
  });

  it('splits an id at its first colon only, and words an unknown kind as it is', () => {
    expect(splitGroupId('hunt-group:Sales: desk 2')).toEqual({ kind: 'hunt-group', name: 'Sales: desk 2' });
    expect(splitGroupId('no kind')).toEqual({ kind: '', name: 'no kind' });
    expect(groupIdLabel('boss-delegate:Anna')).toBe('Boss and delegate Anna');
    expect(groupIdLabel('paging-group:Lobby')).toBe('paging-group Lobby');
  });
});
