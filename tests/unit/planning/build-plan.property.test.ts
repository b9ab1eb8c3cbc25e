/**
 * Invariants of the rollout plan over generated tenants: groups never split, capacities hold, no
 * cutover on a holiday, a disallowed weekday or in a freeze, OC waves after the port lead time, the
 * BTN only in the last port of its block, no number twice, and every person accounted for.
 */
import fc from 'fast-check';
import { PlanningSettingsSchema } from '../../../shared/domain/planning-settings';
import { buildPlan, type BuildPlanInput } from '../../../shared/domain/planning/build-plan';
import { createHolidayLookup } from '../../../shared/domain/planning/cutover-calendar';
import { MAX_RULES_PER_DIAL_PLAN } from '../../../shared/domain/planning/dial-plans';
import { MAX_TEAMS_PATTERN_LENGTH } from '../../../shared/domain/planning/number-ranges';
import { addDays, isoWeekday, toDay } from '../../../shared/domain/planning/plan-dates';
import { serializePlan } from '../../../shared/domain/planning/serialize-plan';
import { DR_UPLOAD_ORDER_MAX_NUMBERS, PORT_ORDER_MAX_NUMBERS } from '../../../shared/domain/planning/split-number-blocks';
import type { Plan } from '../../../shared/domain/plan';
import { syntheticInputs } from './support/synthetic-tenant';

const holidays = createHolidayLookup();
const TODAY = '2026-01-05';

const specArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  sites: fc.integer({ min: 1, max: 6 }),
  usersPerSite: fc.integer({ min: 1, max: 40 }),
  blocksPerSite: fc.integer({ min: 1, max: 3 }),
  blockedShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
  groupShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
  leadDays: fc.integer({ min: 0, max: 60 }),
  wholeBlockShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
  decommission: fc.option(fc.constantFrom('2026-02-01', '2026-04-01'), { nil: undefined }),
  capacity: fc.record({ users: fc.integer({ min: 0, max: 80 }), sites: fc.integer({ min: 0, max: 4 }), numbers: fc.integer({ min: 0, max: 80 }) }),
  weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
  minDays: fc.integer({ min: 0, max: 14 }),
  maxWaves: fc.integer({ min: 1, max: 40 }),
  freeze: fc.option(fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 0, max: 60 }) }), { nil: undefined }),
  pilotSize: fc.integer({ min: 0, max: 5 }),
  huntPilots: fc.boolean(),
  mainNumbers: fc.boolean(),
});

type Spec = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

function inputsFor(spec: Spec): BuildPlanInput {
  const freezes = spec.freeze ? [{ from: addDays(TODAY, spec.freeze.start), to: addDays(TODAY, spec.freeze.start + spec.freeze.length), reason: 'quarter end' }] : [];
  const input = syntheticInputs({
    ...spec,
    today: TODAY,
    scheduling: {
      startDate: TODAY,
      waveCapacity: spec.capacity,
      cutoverWeekdays: spec.weekdays,
      minDaysBetweenWaves: spec.minDays,
      maxWaves: spec.maxWaves,
      changeFreezes: freezes,
      pilot: { users: [], siteId: 'site-0000', size: spec.pilotSize },
    },
  });
  return { ...input, holidays };
}

function checkInvariants(input: BuildPlanInput, plan: Plan): void {
  const s = PlanningSettingsSchema.parse(input.settings).scheduling!;
  const sites = new Map(input.snapshot.sites.map((x) => [x.id, x]));
  const attrs = new Map(input.settings.sites.map((x) => [x.siteId, x]));
  const waveOf = new Map<string, number>();
  // Every person in exactly one of: a wave, the blocked list, staying on the PBX (with a reason).
  const seen = new Map<string, number>();
  const mark = (id: string) => seen.set(id, (seen.get(id) ?? 0) + 1);
  for (const w of plan.waves) for (const m of w.members) {
    mark(m.personId);
    waveOf.set(m.personId, w.number);
  }
  for (const b of plan.blocked) {
    mark(b.personId);
    expect(b.gates.length).toBeGreaterThan(0);
  }
  for (const st of plan.stayingOnPbx) {
    mark(st.personId);
    expect(st.reason).toBeTruthy();
  }
  for (const p of input.snapshot.people) expect(seen.get(p.id)).toBe(1);

  // Groups never split across waves.
  for (const g of input.inventory!.groups) {
    const waves = new Set(g.personIds.filter((p) => waveOf.has(p)).map((p) => waveOf.get(p)));
    expect(waves.size).toBeLessThanOrEqual(1);
    if (waves.size === 1) for (const p of g.personIds) expect(plan.blocked.some((b) => b.personId === p)).toBe(false);
  }

  const oversized = new Set(plan.unmet.filter((u) => u.code === 'group-exceeds-wave-capacity').map((u) => u.waveNumber));
  const freezes = s.changeFreezes;
  const lead = input.settings.operators[0].portLeadTimeDays;
  const numbers = new Set<string>();
  let prevDate = '';
  for (const w of plan.waves) {
    // Capacities, unless a group larger than the capacity moves alone (and says so).
    if (!oversized.has(w.number)) {
      expect(w.members.length).toBeLessThanOrEqual(s.waveCapacity.users);
      expect(new Set(w.members.map((m) => m.siteId ?? '')).size).toBeLessThanOrEqual(s.waveCapacity.sites);
      expect(w.members.filter((m) => m.numberToAssign).length).toBeLessThanOrEqual(s.waveCapacity.numbers);
    }
    // Calendar: allowed weekday, no freeze, no public holiday at any site of the wave.
    expect(s.cutoverWeekdays).toContain(isoWeekday(toDay(w.date)));
    for (const f of freezes) expect(w.date >= f.from && w.date <= f.to).toBe(false);
    for (const siteId of w.siteIds) expect(holidays.holidayName(w.date, sites.get(siteId)?.countryCode, attrs.get(siteId)?.region)).toBeUndefined();
    expect(w.date >= TODAY).toBe(true);
    if (prevDate) expect(toDay(w.date) - toDay(prevDate)).toBeGreaterThanOrEqual(Math.max(1, s.minDaysBetweenWaves));
    prevDate = w.date;
    for (const m of w.members) {
      if (m.path === 'OC') expect(w.date >= addDays(TODAY, lead)).toBe(true);
      if (m.numberToAssign) {
        expect(numbers.has(m.numberToAssign)).toBe(false);
        numbers.add(m.numberToAssign);
      }
    }
  }
  expect(plan.waves.length).toBeLessThanOrEqual(s.maxWaves + 1);

  // Pilot numbers of PBX groups: each moves once, in the wave of its group's last members, never as a
  // person's number, and is uploaded (Direct Routing) or ported (Operator Connect) like one.
  const lastWaveOfGroup = new Map<string, number>();
  for (const w of plan.waves) for (const m of w.members) for (const id of m.groupIds) lastWaveOfGroup.set(id, w.number);
  for (const w of plan.waves) {
    for (const n of w.groupNumbers ?? []) {
      expect(numbers.has(n.number)).toBe(false);
      numbers.add(n.number);
      expect(lastWaveOfGroup.get(n.groupId)).toBe(w.number);
      if (n.path === 'DR') expect(plan.uploadOrders.some((o) => o.waveNumber === w.number && o.numbers.includes(n.number))).toBe(true);
      if (n.path === 'OC') expect(plan.portOrders.some((o) => o.waveNumber <= w.number && o.numbers.includes(n.number))).toBe(true);
    }
  }

  // Main numbers: each moves once, in the wave of its site's last people, only when nobody at the site is
  // left on the PBX, and is uploaded or ported like them; otherwise it stays with its block.
  const lastWaveOfSite = new Map<string, number>();
  for (const w of plan.waves) for (const m of w.members) if (m.siteId) lastWaveOfSite.set(m.siteId, w.number);
  const sitesLeft = new Set(plan.stayingOnPbx.map((st) => st.siteId));
  const sitesBlocked = new Set(plan.blocked.map((b) => b.siteId));
  const movedMain = new Set<string>();
  for (const w of plan.waves) {
    for (const n of w.mainNumbers ?? []) {
      expect(numbers.has(n.number)).toBe(false);
      numbers.add(n.number);
      movedMain.add(n.siteId);
      expect(lastWaveOfSite.get(n.siteId)).toBe(w.number);
      expect(sitesLeft.has(n.siteId)).toBe(false);
      // Moving ahead of blocked people is never silent.
      if (sitesBlocked.has(n.siteId)) expect(plan.unmet.some((u) => u.code === 'main-number-before-blocked-people' && u.siteIds?.includes(n.siteId))).toBe(true);
      if (n.path === 'DR') expect(plan.uploadOrders.some((o) => o.waveNumber === w.number && o.numbers.includes(n.number))).toBe(true);
      if (n.path === 'OC') expect(plan.portOrders.some((o) => o.waveNumber <= w.number && o.numbers.includes(n.number))).toBe(true);
    }
  }
  for (const line of input.inventory!.lines) {
    if (line.deviceType !== 'auto-attendant' || !line.siteId || movedMain.has(line.siteId)) continue;
    expect(plan.blockSplits.some((b) => b.staying.includes(line.did!))).toBe(true);
  }

  // Port orders: <= 999, never before today, no number twice, one carrier account an order (and one
  // order an account, wave and operator until it is full), the BTN only in the account's last order.
  const ported = new Set<string>();
  const accountOfBlock = new Map(input.inventory!.blocks.map((b) => [b.id, `${b.carrier}|${b.accountNumber ?? b.id}`]));
  const byAccount = new Map<string, typeof plan.portOrders>();
  for (const o of plan.portOrders) {
    expect(o.numbers.length).toBeGreaterThan(0);
    expect(o.numbers.length).toBeLessThanOrEqual(PORT_ORDER_MAX_NUMBERS);
    expect(o.submitBy >= TODAY).toBe(true);
    for (const n of o.numbers) {
      expect(ported.has(n)).toBe(false);
      ported.add(n);
    }
    const accounts = new Set(o.blockIds.map((id) => accountOfBlock.get(id)));
    expect(accounts.size).toBeLessThanOrEqual(1);
    const account = [...accounts][0] ?? '';
    const l = byAccount.get(account) ?? [];
    l.push(o);
    byAccount.set(account, l);
  }
  for (const [account, orders] of byAccount) {
    if (!account) continue;
    const sameDate = new Map<string, number[]>();
    for (const o of orders) sameDate.set(`${o.waveNumber}|${o.operatorId}`, [...(sameDate.get(`${o.waveNumber}|${o.operatorId}`) ?? []), o.numbers.length]);
    for (const sizes of sameDate.values()) expect(sizes.slice(0, -1).every((n) => n === PORT_ORDER_MAX_NUMBERS)).toBe(true);
  }
  for (const b of input.inventory!.blocks) {
    const orders = byAccount.get(accountOfBlock.get(b.id)!) ?? [];
    orders.forEach((o, i) => {
      const hasBtn = !!b.btn && o.numbers.includes(b.btn);
      expect(o.includesBtn).toBe(hasBtn);
      if (hasBtn) {
        expect(i).toBe(orders.length - 1);
        expect(o.kind).toBe('full');
      }
      if (o.kind === 'partial') expect(hasBtn).toBe(false);
    });
  }
  for (const o of plan.uploadOrders) expect(o.numbers.length).toBeLessThanOrEqual(DR_UPLOAD_ORDER_MAX_NUMBERS);
  for (const d of plan.dialPlans) expect(d.rules.length).toBeLessThanOrEqual(MAX_RULES_PER_DIAL_PLAN);
  // Every pattern the plan gives Teams fits what the runbooks accept (long ones are split, never dropped).
  for (const d of plan.dialPlans) for (const r of d.rules) expect(r.pattern.length).toBeLessThanOrEqual(MAX_TEAMS_PATTERN_LENGTH);
  for (const r of plan.routing) {
    for (const v of r.teamsToPbxRoutes) expect(v.numberPattern.length).toBeLessThanOrEqual(MAX_TEAMS_PATTERN_LENGTH);
  }
}

describe('buildPlan invariants (property)', () => {
  it('holds for generated tenants and settings', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const input = inputsFor(spec);
        const plan = buildPlan(input);
        checkInvariants(input, plan);
        // Nobody disappears without an explanation.
        if (plan.waves.length === 0 && input.effectivePaths.some((p) => p.path !== 'PBX')) {
          expect(plan.unmet.length + plan.blocked.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('is deterministic: same inputs (in any order) give byte-identical output', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), (spec, shuffleSeed) => {
        const input = inputsFor(spec);
        const a = serializePlan(buildPlan(input));
        const shuffle = <T>(xs: readonly T[]): T[] => {
          const out = [...xs];
          let s = shuffleSeed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        };
        const shuffled: BuildPlanInput = {
          ...input,
          snapshot: { ...input.snapshot, people: shuffle(input.snapshot.people) },
          effectivePaths: shuffle(input.effectivePaths),
          readiness: shuffle(input.readiness),
          inventory: { ...input.inventory!, lines: shuffle(input.inventory!.lines), blocks: shuffle(input.inventory!.blocks) },
        };
        expect(serializePlan(buildPlan(shuffled))).toBe(a);
      }),
      { numRuns: 30 },
    );
  });
});
