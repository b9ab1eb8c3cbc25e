/** The portfolio mapping's pure rules: principals, link/grant/revoke checks, the role a subject holds; the overview rows' sort and filter. */
import {
  EMPTY_PORTFOLIO,
  grantAccess,
  indexPortfolio,
  linkCustomer,
  parsePrincipal,
  revokeAccess,
  roleFor,
  unlinkCustomer,
  type PortfolioDocument,
} from '../../../shared/domain/portfolio/portfolio-mapping';
import { filterRows, portfolioRow, sortRows, type CustomerFacts } from '../../../shared/domain/portfolio/portfolio-overview';
import { factsOf } from '../../../shared/services/portfolio-service';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const C1 = 'bbbbbbbb-2222-4222-8222-000000000001';
const C2 = 'bbbbbbbb-2222-4222-8222-000000000002';
const USER = 'a0a0a0a0-0000-4000-8000-000000000001';
const GROUP = 'eeeeeeee-0000-4000-8000-000000000009';
const stamp = { at: '2026-12-01T00:00:00Z', by: 'test' };

describe('portfolio mapping rules', () => {
  it.each([
    ['user', USER.toUpperCase(), { kind: 'user', id: USER }],
    ['user', ' Ada@Contoso.Example ', { kind: 'upn', id: 'ada@contoso.example' }],
    ['group', GROUP, { kind: 'group', id: GROUP }],
    ['group', 'ada@contoso.example', undefined],
    ['user', 'just-a-name', undefined],
  ] as const)('parses %s %p', (kind, value, expected) => {
    expect(parsePrincipal(kind, value)).toEqual(expected);
  });

  function mapped(): PortfolioDocument {
    let doc = linkCustomer(EMPTY_PORTFOLIO, MSP, C2, 'Fabrikam', stamp);
    doc = linkCustomer(doc, MSP, C1.toUpperCase(), ' Contoso ', stamp);
    doc = grantAccess(doc, C1, parsePrincipal('user', USER)!, 'viewer', stamp);
    doc = grantAccess(doc, C1, parsePrincipal('group', GROUP)!, 'admin', stamp);
    return grantAccess(doc, C2, parsePrincipal('user', 'ada@contoso.example')!, 'viewer', stamp);
  }

  it('keeps customers in tenant id order, names trimmed, ids lower-case', () => {
    expect(mapped().customers.map((c) => [c.tenantId, c.displayName])).toEqual([
      [C1, 'Contoso'],
      [C2, 'Fabrikam'],
    ]);
  });

  it('answers the strongest role of any principal of the subject, case aside; nothing for an unmapped tenant', () => {
    const index = indexPortfolio(mapped());
    expect(roleFor(index, { userId: USER }, C1)).toBe('viewer');
    expect(roleFor(index, { userId: USER, groupIds: [GROUP.toUpperCase()] }, C1.toUpperCase())).toBe('admin');
    expect(roleFor(index, { userId: 'someone', upn: 'ADA@contoso.example' }, C2)).toBe('viewer');
    expect(roleFor(index, { userId: 'someone', upn: 'ada@contoso.example' }, C1)).toBeUndefined();
    expect(roleFor(index, { userId: USER, groupIds: [GROUP] }, MSP)).toBeUndefined();
  });

  it.each<[string, (d: PortfolioDocument) => unknown, RegExp]>([
    ['linking the MSP itself', (d) => linkCustomer(d, MSP, MSP, 'Me', stamp), /its own customer/],
    ['linking twice', (d) => linkCustomer(d, MSP, C1, 'Again', stamp), /already a customer/],
    ['linking a non-GUID', (d) => linkCustomer(d, MSP, 'contoso', 'X', stamp), /must be a tenant id/],
    ['an empty name', (d) => linkCustomer(d, MSP, 'cccccccc-3333-4333-8333-333333333333', '  ', stamp), /displayName/],
    ['granting on an unlinked tenant', (d) => grantAccess(d, 'cccccccc-3333-4333-8333-333333333333', { kind: 'user', id: USER }, 'admin', stamp), /link it first/],
    ['revoking what was not granted', (d) => revokeAccess(d, C2, { kind: 'user', id: USER }), /holds no grant/],
    ['unlinking an unknown tenant', (d) => unlinkCustomer(d, 'cccccccc-3333-4333-8333-333333333333'), /not a customer/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => change(mapped())).toThrow(message);
  });

  it('a new grant for the same principal replaces its role; a revoke removes only that principal', () => {
    let doc = grantAccess(mapped(), C1, { kind: 'user', id: USER }, 'admin', stamp);
    expect(doc.customers[0].grants.filter((g) => g.principal.id === USER)).toHaveLength(1);
    doc = revokeAccess(doc, C1, { kind: 'user', id: USER });
    expect(doc.customers[0].grants.map((g) => g.principal.kind)).toEqual(['group']);
    expect(unlinkCustomer(doc, C1).customers.map((c) => c.tenantId)).toEqual([C2]);
  });
});

describe('portfolio overview rows', () => {
  const facts = (over: Partial<CustomerFacts>): CustomerFacts => ({
    users: 100,
    lastSyncAt: '2026-12-03T00:00:00Z',
    planned: true,
    planBuiltAt: '2026-11-01T00:00:00Z',
    blocked: 0,
    unmet: 0,
    progress: { done: 10, total: 100, percentDone: 10, drifted: 1 },
    waves: [],
    ...over,
  });
  const wave = (number: number, date: string, done: number, total: number) => ({ number, name: `Wave ${number}`, date, time: '18:00', members: total, sites: 1, done, total });
  const now = new Date('2026-12-03T12:00:00Z');

  it('counts overdue people of past waves and finds the next open cutover', () => {
    const row = portfolioRow({ tenantId: C1, displayName: 'Contoso', role: 'admin' }, facts({ waves: [wave(1, '2026-11-20', 30, 40), wave(2, '2026-12-02', 10, 10), wave(3, '2026-12-10', 0, 20), wave(4, '2026-12-24', 0, 30)] }), '2026-12-03', now);
    expect(row).toMatchObject({ overdue: 10, behind: true, nextCutover: { wave: 3, date: '2026-12-10' }, wavesLeft: 2, lastSyncAgeHours: 12 });
    // Without a status's counts the next cutover says nothing of numbers; with them, how many of its people have theirs in Teams.
    expect(row.nextCutover).not.toHaveProperty('inTeams');
    const counted = portfolioRow({ tenantId: C1, displayName: 'Contoso', role: 'admin' }, facts({ waves: [{ ...wave(3, '2026-12-10', 0, 20), inTeams: 15 }] }), '2026-12-03', now);
    expect(counted.nextCutover).toEqual({ wave: 3, name: 'Wave 3', date: '2026-12-10', people: 20, inTeams: 15 });
  });

  it("counts a wave's numbers in Teams from the status: ready and assigned, not the scheduled or drifted", () => {
    const counts = { 'not-started': 0, scheduled: 5, ready: 6, done: 7, drifted: 2, blocked: 0, total: 20, percentDone: 35 };
    const plan = { summary: { totals: { unmet: 0 } }, builtAt: '2026-12-01T00:00:00Z', blockers: { all: { total: 0, byCode: [] } }, waves: [{ number: 1, name: 'Wave 1', date: '2026-12-10', time: '19:00', members: 20, siteIds: ['a'] }, { number: 2, name: 'Wave 2', date: '2026-12-17', time: '19:00', members: 9, siteIds: ['b'] }] };
    const status = { tenant: counts, waves: [{ number: 1, name: 'Wave 1', date: '2026-12-10', counts }] };
    const waves = factsOf(undefined, status as never, plan as never).waves;
    expect(waves[0]).toMatchObject({ number: 1, done: 7, total: 20, inTeams: 13 });
    // A wave the status does not count (none stored for it) says nothing of numbers.
    expect(waves[1]).not.toHaveProperty('inTeams');
  });

  it('sorts with missing values last either way and filters by text, behind and cutover day', () => {
    const rows = [
      portfolioRow({ tenantId: C1, displayName: 'Beta', role: 'admin' }, facts({ progress: null, blocked: 3, waves: [wave(1, '2026-12-05', 0, 5)] }), '2026-12-03', now),
      portfolioRow({ tenantId: C2, displayName: 'Alpha', role: 'viewer' }, facts({ waves: [wave(1, '2026-12-01', 0, 5), wave(2, '2026-12-20', 0, 5)] }), '2026-12-03', now),
    ];
    expect(sortRows(rows, 'progress', false).map((r) => r.displayName)).toEqual(['Alpha', 'Beta']);
    expect(sortRows(rows, 'progress', true).map((r) => r.displayName)).toEqual(['Alpha', 'Beta']);
    expect(sortRows(rows, 'nextCutover', true).map((r) => r.displayName)).toEqual(['Alpha', 'Beta']);
    expect(filterRows(rows, { search: 'alp' }).map((r) => r.displayName)).toEqual(['Alpha']);
    expect(filterRows(rows, { behind: true }).map((r) => r.displayName)).toEqual(['Alpha']);
    expect(filterRows(rows, { cutoverBy: '2026-12-10' }).map((r) => r.displayName)).toEqual(['Beta']);
    // Only those with drifted (Beta has no plan versus tenant yet) or blocked people.
    expect(filterRows(rows, { drifted: true }).map((r) => r.displayName)).toEqual(['Alpha']);
    expect(filterRows(rows, { blocked: true }).map((r) => r.displayName)).toEqual(['Beta']);
  });
});
