/**
 * "What moved" after a re-plan at 100k users / 2,000 sites: the stored plan's members (one read of the
 * collection, waves from the header's counts) compared with a new plan that pins 200 sites elsewhere -
 * the cost the plan build adds when it replaces a plan. The floor is reading the members collection.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import { buildPlan } from '../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../shared/domain/planning/cutover-calendar';
import type { Plan, WaveMember } from '../shared/domain/plan';
import { PLAN_DOCUMENT, PLAN_MEMBERS, planReadModels, type PlanHeader } from '../shared/services/plan-read-model';
import { planMoves, storedMembers } from '../shared/services/plan-moves';
import { SqliteStore } from '../shared/store/sqlite-store';
import { syntheticPlanInputs } from './support/synthetic-plan-inputs';

interface Prepared {
  dir: string;
  store: SqliteStore;
  tenantId: string;
  header: PlanHeader;
  next: Plan;
}

async function prepare(): Promise<Prepared> {
  const input = syntheticPlanInputs(2000, 50);
  const holidays = createHolidayLookup();
  const plan = buildPlan({ ...input, holidays });
  const sites = [...new Set(input.snapshot.people.map((p) => p.siteId ?? ''))].filter(Boolean).sort();
  const pins = sites.filter((_s, i) => i % 10 === 0).map((siteId, i) => ({ siteId, wave: 1 + ((i * 7) % 60) }));
  const next = buildPlan({ ...input, holidays, settings: { ...input.settings, scheduling: { ...input.settings.scheduling!, pins } } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-moves-'));
  const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  await store.upsertTenant(input.tenantId, 'bench');
  const models = planReadModels(plan, { settingsVersion: 1, builtAt: '2026-01-05T00:00:00.000Z', artefact: 'plan/bench.json' });
  await store.commit(input.tenantId, 'bench', [{ type: 'put-document', kind: PLAN_DOCUMENT, data: models.header, expectedVersion: null }, ...models.changes]);
  return { dir, store, tenantId: input.tenantId, header: models.header, next };
}

async function teardown(p: Prepared): Promise<void> {
  await p.store.close();
  fs.rmSync(p.dir, { recursive: true, force: true });
}

export default defineBench({
  name: 'plan-moves',
  cases: [
    {
      id: 'floor-read-members-100k',
      label: 'floor: read the 100k stored plan members at once',
      size: '100k users',
      setup: prepare,
      run: async (p: Prepared) => ({ members: (await p.store.listCollection<WaveMember>(p.tenantId, PLAN_MEMBERS)).length }),
      teardown,
      rounds: 3,
    },
    {
      id: 'plan-moves-100k',
      label: 'who changed wave: stored members by wave vs. a re-plan pinning 200 sites',
      size: '100k users',
      setup: prepare,
      run: async (p: Prepared) => {
        const moves = planMoves(await storedMembers(p.store, p.tenantId, p.header), p.next);
        return { moved: moves.count, listed: moves.first.length };
      },
      teardown,
      floor: 'floor-read-members-100k',
      targets: { maxRatio: 2 },
      rounds: 3,
    },
  ],
});
