/**
 * The demo tenant's data problems (disabled accounts, missing licences, usage locations and DIDs, numbers
 * set in on-premises AD): the default 400-user demo shows each several times; a large tenant has them at
 * the few-percent shares of a real one, not a sixth of its people. And the site count can be chosen.
 */
import { CATALOGUE } from '../../../shared/demo/demo-catalogue';
import { generateDemoTenant, type DemoTenant } from '../../../shared/demo/demo-tenant-generator';

function problems(t: DemoTenant) {
  const usage = new Map(t.users.map((u) => [u.userPrincipalName, u.usageLocation]));
  const users = t.people.filter((p) => p.kind === 'user');
  const count = (f: (p: (typeof users)[number]) => boolean) => users.filter(f).length;
  return {
    users: users.length,
    disabled: count((p) => !p.accountEnabled),
    noTeamsPhone: count((p) => p.teamsPhone === 'none'),
    grace: count((p) => p.teamsPhone === 'grace'),
    noUsageLocation: count((p) => !usage.get(p.upn)),
    noDid: count((p) => !p.did),
    numberOnPremises: t.numberAssignments.filter((n) => n.numberSource === 'onPremises').length,
    /** People with at least one problem that holds them back (grace is only a warning). */
    held: count((p) => !p.accountEnabled || p.teamsPhone === 'none' || !usage.get(p.upn) || !p.did),
  };
}

describe('demo tenant data problems', () => {
  it('shows every kind several times in the default 400-user demo', () => {
    const p = problems(generateDemoTenant({ users: 400, seed: 42 }));
    for (const kind of ['disabled', 'noTeamsPhone', 'grace', 'noUsageLocation', 'noDid', 'numberOnPremises'] as const) {
      expect({ kind, several: p[kind] >= 5 }).toEqual({ kind, several: true });
    }
  });

  it('keeps a large tenant at a few percent of people held back, each kind still present', () => {
    const p = problems(generateDemoTenant({ users: 10_000, seed: 42 }));
    for (const kind of ['disabled', 'noTeamsPhone', 'grace', 'noUsageLocation', 'noDid', 'numberOnPremises'] as const) {
      expect({ kind, present: p[kind] >= 20 }).toEqual({ kind, present: true });
    }
    expect(p.held / p.users).toBeGreaterThan(0.01);
    expect(p.held / p.users).toBeLessThan(0.05);
  });

  it('spreads a tenant over the sites asked for (at most the catalogue)', () => {
    expect(generateDemoTenant({ users: 500, seed: 42, sites: CATALOGUE.length }).sites).toHaveLength(CATALOGUE.length);
    expect(generateDemoTenant({ users: 500, seed: 42, sites: 999 }).sites).toHaveLength(CATALOGUE.length);
    const t = generateDemoTenant({ users: 500, seed: 42, sites: 12 });
    expect(t.sites.map((s) => s.name)).toEqual(generateDemoTenant({ users: 500, seed: 42, sites: 40 }).sites.slice(0, 12).map((s) => s.name));
    // Every site has people.
    const withPeople = new Set(t.people.map((p) => p.siteId));
    expect(t.sites.filter((s) => !withPeople.has(s.id))).toEqual([]);
  });
});
