/**
 * The synthetic tenant the planning-side benches share: 50 users and one DID block per site, 10%
 * in migration groups, 3% blocked, waves of up to 1,000 users / 50 sites on any weekday. One place, so
 * the planning, plan-moves and notifications figures describe the same tenant.
 */
import type { BuildPlanInput } from '../../shared/domain/planning/build-plan';
import type { PlanningSettingsInput } from '../../shared/domain/planning-settings';
import { syntheticInputs } from '../../tests/unit/planning/support/synthetic-tenant';

export function syntheticPlanInputs(sites: number, usersPerSite: number, scheduling: Partial<NonNullable<PlanningSettingsInput['scheduling']>> = {}): BuildPlanInput {
  return syntheticInputs({
    seed: 42,
    sites,
    usersPerSite,
    blocksPerSite: 1,
    groupShare: 0.1,
    blockedShare: 0.03,
    wholeBlockShare: 0.05,
    today: '2026-01-05',
    scheduling: {
      startDate: '2026-01-05',
      waveCapacity: { users: 1000, sites: 50, numbers: 1000 },
      minDaysBetweenWaves: 2,
      cutoverWeekdays: [1, 2, 3, 4, 5],
      maxWaves: 200,
      ...scheduling,
    },
  });
}
