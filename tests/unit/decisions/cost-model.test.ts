import { computeDecisions } from '../../../shared/domain/decisions/compute-decisions';
import { channelsFor } from '../../../shared/domain/decisions/erlang-b';
import { BASE, inventory, line, person, settings, site, snapshot } from './fixtures';

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

  describe('common-area phones', () => {
    const phones = (siteId: string, n: number) => Array.from({ length: n }, (_, i) => line(siteId, `19${i}`, { deviceType: 'common-area', did: `+1206555019${i}` }));

    it('costs a site\'s phones in every option and on its decided path, as a person there is', () => {
      const s = settings({ ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'OC', operatorId: 'op-a' }] } });
      // 3 lobby phones, plus an owned desk phone and a fax, which are not common-area phones.
      const lines = [...phones('sea', 3), line('sea', '200', { match: { status: 'matched', personId: 'sea-0', rule: 'upn' } as never }), line('sea', '201', { deviceType: 'fax' })];
      const r = computeDecisions(snapshot(people(10, 'sea'), [site('sea', 'US')]), inventory(lines), s);
      const sea = r.costs.sites[0];
      expect(sea).toMatchObject({ users: 10, commonAreaPhones: 3, current: { monthly: 13 * 8 } });
      const opt = Object.fromEntries(sea.options.map((o) => [o.path, o]));
      expect(opt.OC).toMatchObject({ monthly: 104, deltaMonthly: 0 });
      expect(opt.CP).toMatchObject({ monthly: 13 * 12, deltaMonthly: 13 * 12 - 104 });
      expect(opt.DR.sessions).toBe(channelsFor(13 * 0.05, 0.01));
      expect(r.costs.byPath.find((p) => p.path === 'OC')).toEqual({ path: 'OC', people: 10, commonAreaPhones: 3, monthly: 104, yearly: 1248 });
      expect(r.costs.total.monthly).toBe(104);
      expect(r.costs.assumptions.join(' ')).toMatch(/3 common-area phones are costed on their site's decided or recommended path/);
    });

    it('sizes a Direct Routing site\'s phones into its SBC\'s pooled sessions', () => {
      const s = settings({ ...BASE, operators: [], callingPlan: [] });
      const r = computeDecisions(snapshot(people(100, 'sea'), [site('sea', 'US')]), inventory(phones('sea', 4)), s);
      expect(r.costs.sbcs[0]).toMatchObject({ sbcId: 'sbc-1', users: 104, sessions: channelsFor(104 * 0.05, 0.01) });
      const dr = r.costs.byPath.find((p) => p.path === 'DR')!;
      expect(dr).toMatchObject({ people: 100, commonAreaPhones: 4 });
      expect(r.costs.sites[0].current!.monthly).toBe(r.costs.sites[0].options.find((o) => o.path === 'DR')!.monthly);
    });

    it('names the Calling Plan licence a phone on Calling Plan needs, and leaves a site nobody moves from out', () => {
      const s = settings({ ...BASE, decisions: { sites: [{ siteId: 'sea', path: 'CP' }] } });
      const r = computeDecisions(snapshot(people(2, 'sea'), [site('sea', 'US'), site('lon', 'GB')]), inventory([...phones('sea', 1), ...phones('lon', 2)]), s);
      expect(r.costs.sites.map((c) => [c.siteId, c.commonAreaPhones])).toEqual([['sea', 1]]);
      expect(r.costs.byPath.find((p) => p.path === 'CP')).toMatchObject({ people: 2, commonAreaPhones: 1, monthly: 36 });
      expect(r.costs.assumptions.find((a) => a.includes('common-area'))).toMatch(/^1 common-area phone is costed on its site's .*Shared Devices licence \(and on Calling Plan a Calling Plan licence each\) is not costed/);
    });
  });
});
