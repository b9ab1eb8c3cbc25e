/** Who changed wave between two plans: everyone whose wave differs, joined or left the waves; the first few listed. */
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import type { Plan, WaveMember } from '../../../shared/domain/plan';
import type { Scheduling } from '../../../shared/domain/planning-settings';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planMoves, storedMembers } from '../../../shared/services/plan-moves';
import { PLAN_DOCUMENT, planReadModels } from '../../../shared/services/plan-read-model';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { smallTenantInputs } from './support/small-tenant';

const holidays = createHolidayLookup();
function plan(patch: Partial<Scheduling>): Plan {
  const input = smallTenantInputs();
  input.settings = { ...input.settings, scheduling: { ...input.settings.scheduling!, ...patch } };
  input.holidays = holidays;
  return buildPlan(input);
}
/** What storedMembers reads from the store: each member with their wave. */
const stored = (p: Plan) => new Map<string, { wave: number; member: WaveMember }>(p.waves.flatMap((w) => w.members.map((m) => [m.personId, { wave: w.number, member: m }] as const)));

describe('planMoves', () => {
  it('nothing moves between two identical plans', () => {
    expect(planMoves(stored(plan({})), plan({}))).toEqual({ count: 0, first: [] });
  });

  it('a pinned site: its people and those it displaced are listed with their waves', () => {
    const before = plan({});
    const after = plan({ pins: [{ siteId: 'seattle', wave: 3 }] });
    const moves = planMoves(stored(before), after);
    const waveOf = (p: Plan, id: string) => p.waves.find((w) => w.members.some((m) => m.personId === id))?.number;
    const expected = [...new Set([...before.waves, ...after.waves].flatMap((w) => w.members.map((m) => m.personId)))].filter((id) => waveOf(before, id) !== waveOf(after, id));
    expect(moves.count).toBe(expected.length);
    expect(moves.first.map((m) => m.personId).sort()).toEqual(expected.sort());
    expect(moves.first.find((m) => m.personId === 'alice')).toMatchObject({ from: 0, to: 3, siteId: 'seattle', userPrincipalName: 'alice@contoso.test' });
  });

  it('lists at most the first few, counting everyone', () => {
    const moves = planMoves(new Map(), plan({}), 2);
    expect(moves.first).toHaveLength(2);
    expect(moves.count).toBe(plan({}).waves.reduce((n, w) => n + w.members.length, 0));
  });

  it('reads the stored members with their waves from a real SQLite store, as the plan read model wrote them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-moves-'));
    const store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
    try {
      const p = plan({});
      await store.upsertTenant('contoso', 'Contoso');
      const models = planReadModels(p, { settingsVersion: 1, builtAt: '2026-02-01T00:00:00.000Z', artefact: 'plan/x.json' });
      await store.commit('contoso', 'test', [{ type: 'put-document', kind: PLAN_DOCUMENT, data: models.header, expectedVersion: null }, ...models.changes]);
      const read = await storedMembers(store, 'contoso', models.header);
      expect([...read].map(([id, v]) => [id, v.wave]).sort()).toEqual([...stored(p)].map(([id, v]) => [id, v.wave]).sort());
      expect(planMoves(read, p).count).toBe(0);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
