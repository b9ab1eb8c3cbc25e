import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { channelsFor } from '../../../shared/domain/decisions/erlang-b';
import { BASE, person, settings, site, snapshot } from './fixtures';

describe('cost model', () => {
  const people = (n: number, siteId: string, from = 0) => Array.from({ length: n }, (_, i) => person(`${siteId}-${from + i}`, { siteId }));

  it('prices each path for a site and shows what changing the decision does', () => {
    // 200 people in Seattle, decided OC at 8/user; DR at 0.05 E/user -> 10 E -> 18 sessions.
    const s = settings({ ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'OC', operatorId: 'op-a' }] } });
    const r = computeDecisions(snapshot(people(200, 'sea'), [site('sea', 'US')]), undefined, s);
    const sea = r.costs.sites[0];
    expect(sea).toMatchObject({ siteId: 'sea', users: 200, decidedPath: 'OC', decided: true, current: { monthly: 1600, yearly: 19200 } });
    const opt = Object.fromEntries(sea.options.map((o) => [o.path, o]));
    expect(opt.OC).toMatchObject({ monthly: 1600, deltaMonthly: 0, operatorId: 'op-a' });
    const drMonthly = (18 * (1.25 + 10)) / 12 + 200 * 2;
    expect(opt.DR).toMatchObject({ sessions: 18, sbcId: 'sbc-1', monthly: Math.round(drMonthly * 100) / 100 });
    expect(opt.DR.deltaMonthly).toBeCloseTo(drMonthly - 1600, 1);
    expect(opt.CP).toMatchObject({ monthly: 2400, yearly: 28800, deltaMonthly: 800 });
    expect(opt.PBX).toMatchObject({ monthly: 0, deltaMonthly: -1600 });
    expect(r.costs.total).toEqual({ monthly: 1600, yearly: 19200 });
  });

  it('sizes DR per SBC on pooled traffic, below the sum of per-site sizing', () => {
    const s = settings({ ...BASE, operators: [], callingPlan: [] });
    const r = computeDecisions(snapshot([...people(100, 'sea'), ...people(100, 'lon')], [site('sea', 'US'), site('lon', 'GB')]), undefined, s);
    expect(r.costs.sbcs).toEqual([
      expect.objectContaining({ sbcId: 'sbc-1', users: 200, erlangs: 10, sessions: 18, licensedSessions: 0, shortfall: 18 }),
    ]);
    const perSite = r.costs.sites.map((x) => x.options.find((o) => o.path === 'DR')!.sessions!);
    expect(perSite).toEqual([channelsFor(5, 0.01), channelsFor(5, 0.01)]);
    expect(perSite[0] + perSite[1]).toBeGreaterThan(18);
    const dr = r.costs.byPath.find((p) => p.path === 'DR')!;
    expect(dr).toMatchObject({ people: 200, monthly: Math.round(((18 * 11.25) / 12 + 400) * 100) / 100 });
    expect(r.costs.sites[0].unavailable).toEqual([
      { path: 'OC', reason: 'No operator serves US.' },
      { path: 'CP', reason: 'No Calling Plan configured for US.' },
    ]);
  });

  it('costs overrides by their own path and leaves disabled accounts out', () => {
    const s = settings({
      ...BASE,
      costs: { pbxPerUserPerMonth: 20 },
      decisions: { sites: [{ siteId: 'sea', path: 'PBX' }], users: [{ user: 'sea-0', path: 'CP', reason: 'needs a number now' }] },
    });
    const list = people(3, 'sea');
    list[2].accountEnabled = false;
    const r = computeDecisions(snapshot(list, [site('sea', 'US')]), undefined, s);
    expect(r.costs.sites[0].current).toEqual({ monthly: 12 + 20, yearly: 384 });
    expect(r.costs.byPath.filter((p) => p.people > 0)).toEqual([
      { path: 'CP', people: 1, monthly: 12, yearly: 144 },
      { path: 'PBX', people: 1, monthly: 20, yearly: 240 },
    ]);
  });
});
