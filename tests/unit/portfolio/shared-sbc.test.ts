/** Shared (multi-tenant) SBC sizing, table-driven against Erlang B and textbook Erlang B figures. */
import { channelsFor, erlangB } from '../../../shared/domain/decisions/erlang-b';
import { customerGatewayFqdn, sizeSharedSbc, type SharedSbc, type SharedSbcCustomer } from '../../../shared/domain/portfolio/shared-sbc';

const SBC: SharedSbc = { id: 'msp-sbc-1', fqdn: 'sbc.msp.example', sessionCapacity: 1000, licensedSessions: 1000, pricePerSessionPerYear: 100, teamsAddOnPerSessionPerYear: 20 };
const traffic = { erlangPerUser: 0.05, gradeOfService: 0.01 };

const customer = (n: number, waves: [string, number][], extra: Partial<SharedSbcCustomer> = {}): SharedSbcCustomer => ({
  tenantId: `0000000${n}-0000-4000-8000-000000000000`,
  displayName: `Customer ${n}`,
  gatewayFqdn: `c${n}.sbc.msp.example`,
  waves: waves.map(([date, users], i) => ({ number: i + 1, date, users })),
  ...extra,
});

describe('shared SBC sizing', () => {
  it.each([
    // erlangs, grade of service, channels (textbook Erlang B table)
    [5, 0.01, 11],
    [10, 0.01, 18],
    [15, 0.01, 24],
    [20, 0.01, 30],
    [50, 0.01, 64],
    [10, 0.05, 15],
  ])('pooled %p E at GoS %p needs %p sessions, the least that meets the grade', (erlangs, gos, channels) => {
    const users = erlangs / traffic.erlangPerUser;
    const report = sizeSharedSbc(SBC, [customer(1, [['2027-01-10', users]])], { erlangPerUser: traffic.erlangPerUser, gradeOfService: gos });
    expect(report.sessions).toBe(channels);
    expect(erlangB(erlangs, channels)).toBeLessThanOrEqual(gos);
    expect(erlangB(erlangs, channels - 1)).toBeGreaterThan(gos);
  });

  it.each<[string, SharedSbcCustomer[], Partial<SharedSbc>, { sessions: number; alone: number[]; capacityAt?: [number, number]; licencesAt?: [number, number]; trunkAt?: [number, number]; trunkGroups: number }]>([
    [
      'three customers of 100 pool to 15 E: 24 sessions instead of 3 x 11',
      [customer(1, [['2027-01-10', 100]]), customer(2, [['2027-01-17', 100]]), customer(3, [['2027-01-24', 100]])],
      {},
      { sessions: 24, alone: [11, 11, 11], trunkGroups: 3 },
    ],
    [
      'the wave that pushes the pooled sessions over the capacity is flagged (third customer, its first wave)',
      [customer(1, [['2027-01-10', 100]]), customer(2, [['2027-01-17', 100]]), customer(3, [['2027-01-24', 60], ['2027-02-01', 40]])],
      { sessionCapacity: 20, licensedSessions: 18 },
      { sessions: 24, alone: [11, 11, 11], capacityAt: [3, 1], licencesAt: [3, 1], trunkGroups: 3 },
    ],
    [
      'licences run out before the hardware does',
      [customer(1, [['2027-01-10', 200], ['2027-02-10', 200]])],
      { sessionCapacity: 100, licensedSessions: 20 },
      { sessions: 30, alone: [30], licencesAt: [1, 2], trunkGroups: 1 },
    ],
    [
      'trunk groups are counted per customer (two each here) against the limit when a customer first moves',
      [customer(1, [['2027-01-10', 10]]), customer(2, [['2027-01-11', 10]]), customer(3, [['2027-01-12', 10]], { trunkGroups: 3 })],
      { trunkGroupLimit: 5, trunkGroupsPerCustomer: 2 },
      { sessions: channelsFor(1.5, 0.01), alone: [channelsFor(0.5, 0.01), channelsFor(0.5, 0.01), channelsFor(0.5, 0.01)], trunkAt: [3, 1], trunkGroups: 7 },
    ],
    [
      'people already on the SBC count from the start, waves on the same day go in customer order',
      [customer(2, [['2027-01-10', 100]]), customer(1, [['2027-01-10', 100]], { usersAlready: 100 })],
      { sessionCapacity: 18 },
      { sessions: 24, alone: [11, 18], capacityAt: [2, 1], trunkGroups: 2 },
    ],
  ])('%s', (_label, customers, sbc, expected) => {
    const report = sizeSharedSbc({ ...SBC, ...sbc }, customers, traffic);
    expect(report.sessions).toBe(expected.sessions);
    expect(report.sessions).toBe(channelsFor(report.users * traffic.erlangPerUser, traffic.gradeOfService));
    expect(report.shares.map((s) => s.sessionsAlone)).toEqual(expected.alone);
    expect(report.poolingSaves).toBe(expected.alone.reduce((a, b) => a + b, 0) - expected.sessions);
    expect(report.trunkGroups).toBe(expected.trunkGroups);
    const at = (step?: { tenantId: string; wave: number }) => step && [Number(step.tenantId[7]), step.wave];
    expect(at(report.firstOver.capacity)).toEqual(expected.capacityAt);
    expect(at(report.firstOver.licences)).toEqual(expected.licencesAt);
    expect(at(report.firstOver.trunkGroups)).toEqual(expected.trunkAt);
    // Every step is sized with Erlang B on the pooled traffic so far.
    for (const s of report.steps) expect(s.sessions).toBe(channelsFor(s.users * traffic.erlangPerUser, traffic.gradeOfService));
  });

  it('spreads the per-session licence (with the Teams add-on) over the customers by traffic share', () => {
    const report = sizeSharedSbc({ ...SBC, licensedSessions: 20 }, [customer(1, [['2027-01-10', 300]]), customer(2, [['2027-01-10', 100]])], traffic);
    // 400 users = 20 E -> 30 sessions > 20 licensed: the SBC needs 30 licences at 120 a year.
    expect(report.sessions).toBe(30);
    expect(report.yearlyLicenceCost).toBe(3600);
    expect(report.shares.map((s) => [s.share, s.yearly, s.monthly])).toEqual([
      [0.75, 2700, 225],
      [0.25, 900, 75],
    ]);
    expect(report.shares[0].gatewayFqdn).toBe('c1.sbc.msp.example');
  });

  it('keeps each customer on its own gateway FQDN under the shared SBC', () => {
    expect(customerGatewayFqdn(SBC, 'Contoso.SBC.msp.example')).toBe('contoso.sbc.msp.example');
    expect(() => customerGatewayFqdn(SBC, 'sbc.msp.example')).toThrow(/subdomain/);
    expect(() => customerGatewayFqdn(SBC, 'contoso.sbc.other.example')).toThrow(/subdomain/);
  });
});
