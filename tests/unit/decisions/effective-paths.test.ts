import fc from 'fast-check';
import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { buildDecisionIndex } from '../../../shared/domain/decisions/decision-index';
import { plannedNumberFor } from '../../../shared/domain/decisions/effective-paths';
import type { PlanningSettingsInput, PstnPath } from '../../../shared/domain/planning-settings';
import { BASE, inventory, line, person, settings, site, snapshot, tenantNumber } from './fixtures';

describe('effective paths', () => {
  const sites = [site('sea', 'US'), site('lon', 'GB')];

  it('override > site decision > recommendation (marked not decided) > undecided', () => {
    const s = settings({
      ...BASE,
      decisions: {
        sites: [{ siteId: 'sea', path: 'DR', sbcId: 'sbc-1' }],
        users: [{ user: 'B@Contoso.Example', path: 'OC', operatorId: 'op-a', reason: 'Executive on the operator bundle' }],
      },
    });
    const people = [person('a'), person('b'), person('c', { siteId: 'lon' }), person('d', { siteId: undefined }), person('e', { siteId: 'gone' })];
    const r = computeDecisions(snapshot(people, sites), undefined, s);
    const by = new Map(r.paths.map((p) => [p.personId, p]));
    expect(by.get('a')).toMatchObject({ path: 'DR', sbcId: 'sbc-1', voiceRoutingPolicy: 'VRP-Global', source: 'site-decision', decided: true });
    expect(by.get('b')).toMatchObject({ path: 'OC', operatorId: 'op-a', source: 'override', decided: true, reason: 'Executive on the operator bundle' });
    expect(by.get('c')).toMatchObject({ path: 'OC', operatorId: 'op-a', source: 'recommendation', decided: false });
    expect(by.get('c')!.reason).toMatch(/^Recommended, not yet decided: Operator Connect with Example Telecom/);
    expect(r.undecided.map((u) => u.personId)).toEqual(['d', 'e']);
    expect(r.undecided[1].reason).toMatch(/site "gone", which is not in the tenant snapshot/);
    expect(r.pathCounts).toEqual([
      { path: 'OC', decided: 1, recommended: 1 },
      { path: 'DR', decided: 1, recommended: 0 },
      { path: 'CP', decided: 0, recommended: 0 },
      { path: 'PBX', decided: 0, recommended: 0 },
    ]);
  });

  it("gives a common area phone's account (Microsoft Teams Shared Devices) no path: it is a device, not a person", () => {
    const people = [person('a'), person('cap', { sharedDevice: true })];
    const r = computeDecisions(snapshot(people, sites), undefined, settings({ ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'DR', sbcId: 'sbc-1' }], users: [] } }));
    expect(r.paths.map((p) => p.personId)).toEqual(['a']);
    expect(r.undecided).toEqual([]);
    expect(r.readiness.gates.filter((g) => g.personId === 'cap')).toEqual([]);
  });

  it('planned number: PBX DID, else the Teams number held, else a valid business phone', () => {
    const people = [
      person('a', { businessPhones: [{ raw: '+1 425 555 0199', e164: '+14255550199', valid: true }] }),
      person('b', { businessPhones: [{ raw: 'call me', valid: false }, { raw: '+14255550177', e164: '+14255550177', valid: true }] }),
      person('c', { businessPhones: [{ raw: '+14255550199', e164: '+14255550199', valid: true }] }),
    ];
    const numbers = [
      tenantNumber('+14255550150', { assignmentStatus: 'userAssigned', assignmentTargetId: 'a', assignmentCategory: 'private' }),
      tenantNumber('+14255550160', { assignmentStatus: 'userAssigned', assignmentTargetId: 'a', assignmentCategory: 'primary' }),
    ];
    const inv = inventory([
      line('sea', '3001', { match: { status: 'matched', personId: 'c', rule: 'upn', explanation: 'x' } }),
      line('sea', '3000', { did: '+14255550130', match: { status: 'matched', personId: 'c', rule: 'upn', explanation: 'x' } }),
    ]);
    const idx = buildDecisionIndex(snapshot(people, sites, numbers), inv, settings(BASE));
    expect(plannedNumberFor(people[0], idx)).toEqual({ number: '+14255550160', source: 'teams-number' });
    expect(plannedNumberFor(people[1], idx)).toEqual({ number: '+14255550177', source: 'business-phone' });
    expect(plannedNumberFor(people[2], idx)).toEqual({ number: '+14255550130', source: 'pbx-did', lineId: 'sea/3000' });
  });
});

describe('effective paths: properties', () => {
  const paths: PstnPath[] = ['OC', 'DR', 'CP', 'PBX'];
  const choice = (path: PstnPath) =>
    path === 'OC' ? { path, operatorId: 'op-a' } : path === 'DR' ? { path, sbcId: 'sbc-1' } : path === 'PBX' ? { path, stayUntil: '2027-06-30' } : { path };
  const siteIds = ['sea', 'lon', 'par'];
  const arb = fc.record({
    people: fc.array(fc.record({ site: fc.option(fc.constantFrom(...siteIds, 'nowhere'), { nil: undefined }) }), { maxLength: 40 }),
    siteDecisions: fc.dictionary(fc.constantFrom(...siteIds), fc.constantFrom(...paths)),
    overrides: fc.dictionary(fc.nat({ max: 39 }).map(String), fc.constantFrom(...paths)),
    pbxStays: fc.subarray(siteIds),
  });

  it('every person has exactly one effective path or is listed undecided; an override always wins; a decision is never replaced', () => {
    fc.assert(
      fc.property(arb, (g) => {
        const people = g.people.map((p, i) => person(`p${i}`, { siteId: p.site }));
        const input: PlanningSettingsInput = {
          ...BASE,
          sites: siteIds.map((id) => ({ siteId: id, pbxStays: g.pbxStays.includes(id) })),
          decisions: {
            sites: Object.entries(g.siteDecisions).map(([siteId, p]) => ({ siteId, ...choice(p) })),
            users: Object.entries(g.overrides)
              .filter(([i]) => Number(i) < people.length)
              .map(([i, p]) => ({ user: `p${i}`, reason: 'property test', ...choice(p) })),
          },
        };
        const r = computeDecisions(snapshot(people, [site('sea', 'US'), site('lon', 'GB'), site('par', 'FR')]), undefined, settings(input));
        const seen = new Map<string, number>();
        for (const p of r.paths) seen.set(p.personId, (seen.get(p.personId) ?? 0) + 1);
        for (const u of r.undecided) seen.set(u.personId, (seen.get(u.personId) ?? 0) + 1);
        expect(seen.size).toBe(people.length);
        for (const n of seen.values()) expect(n).toBe(1);
        for (const ep of r.paths) {
          const i = ep.personId.slice(1);
          const override = g.overrides[i];
          const decision = ep.siteId !== undefined ? g.siteDecisions[ep.siteId] : undefined;
          if (override !== undefined) expect(ep).toMatchObject({ path: override, source: 'override', decided: true });
          else if (decision !== undefined) expect(ep).toMatchObject({ path: decision, source: 'site-decision', decided: true });
          else expect(ep).toMatchObject({ source: 'recommendation', decided: false });
        }
        for (const u of r.undecided) expect(g.overrides[u.personId.slice(1)]).toBeUndefined();
        for (const rec of r.recommendations) {
          const d = g.siteDecisions[rec.siteId];
          expect(rec.decided?.path).toBe(d);
          expect(rec.differsFromDecision).toBe(d !== undefined && d !== rec.path);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same inputs give the same output', () => {
    const people = Array.from({ length: 30 }, (_, i) => person(`p${i}`, { siteId: siteIds[i % 3], businessPhones: [{ raw: 'x', e164: `+1425555${String(1000 + i)}`, valid: true }] }));
    const snap = snapshot(people, [site('sea', 'US'), site('lon', 'GB'), site('par', 'FR')]);
    expect(JSON.stringify(computeDecisions(snap, undefined, settings(BASE)))).toBe(JSON.stringify(computeDecisions(snap, undefined, settings(BASE))));
  });
});
