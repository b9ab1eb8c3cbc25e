/**
 * The small hand-built tenant's plan, compared byte for byte with the reviewed file in tests/golden.
 * After a deliberate change: UPDATE_GOLDEN=1 npx jest tests/unit/planning/plan-golden, then review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildPlan } from '../../../shared/domain/planning/build-plan';
import { serializePlan } from '../../../shared/domain/planning/serialize-plan';
import { smallTenantInputs } from './support/small-tenant';

const GOLDEN = path.join(__dirname, '../../golden/plan-small-tenant.json');

describe('plan golden: small two-site tenant', () => {
  it('matches the reviewed snapshot byte for byte, twice', () => {
    const first = serializePlan(buildPlan(smallTenantInputs()));
    const second = serializePlan(buildPlan(smallTenantInputs()));
    expect(second).toBe(first);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, first);
    expect(first).toBe(fs.readFileSync(GOLDEN, 'utf8'));
  });

  it('reads as the admin expects', () => {
    const plan = buildPlan(smallTenantInputs());
    expect(plan.waves.map((w) => [w.number, w.date, w.members.map((m) => m.personId)])).toEqual([
      [0, '2026-02-12', ['alice', 'bob']], // pilot: alice and her delegate, after the 10-day port lead time
      [1, '2026-02-19', ['dave', 'erin']],
      [2, '2026-02-26', ['frank', 'gina']], // hunt group together, after the SBC is ready (02-20)
      [3, '2026-03-10', ['ida']], // 03-05 falls in the quarter-close freeze
    ]);
    expect(plan.blocked.map((b) => b.personId)).toEqual(['carol']);
    expect(plan.stayingOnPbx).toEqual([{ personId: 'hans', siteId: 'berlin', until: '2026-12-31', reason: 'lab phone, replaced in December' }]);
    // Carol (blocked) and the fax keep numbers of account A-100 on the PBX: the BTN cannot go in a partial port.
    expect(plan.unmet.find((u) => u.code === 'btn-in-partial-port')?.personIds).toEqual(['dave']);
    expect(plan.portOrders.flatMap((o) => o.numbers)).not.toContain('+14255550100');
    // The whole-block block ports whole, spares included.
    const whole = plan.portOrders.find((o) => o.blockIds.includes('+14255550200-+14255550209'))!;
    expect(whole.numbers).toHaveLength(10);
    expect(whole.kind).toBe('full');
    expect(plan.extensionCollisions.map((c) => [c.extensionRange, c.siteIds])).toEqual([['0101', ['berlin', 'seattle']]]);
  });
});
