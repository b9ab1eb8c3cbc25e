/**
 * A customer's licences to buy in the MSP portfolio: its plan's blocked people's licence gates against
 * its subscriptions' free seats, as the customer's own Blockers page has them; unknown (null) without a
 * plan or where the sync could not read the subscriptions.
 */
import type { SkuSeats } from '../../../shared/domain/licence-mapping';
import { portfolioRow } from '../../../shared/domain/portfolio/portfolio-overview';
import { factsOf } from '../../../shared/services/portfolio-service';
import type { PlanHeader } from '../../../shared/services/plan-read-model';
import type { SnapshotHeader } from '../../../shared/services/snapshot-repository';

const seats: SkuSeats[] = [
  { skuId: 'e5', skuPartNumber: 'SPE_E5', kinds: ['teamsPhone'], capabilityStatus: 'Enabled', enabled: 100, warning: 0, consumed: 97 },
  { skuId: 'cp', skuPartNumber: 'MCOPSTN1', kinds: ['callingPlan'], capabilityStatus: 'Enabled', enabled: 10, warning: 0, consumed: 10 },
];
const snapshot = (licenceSeats?: SkuSeats[]) => ({ takenAt: '2026-12-01T10:00:00.000Z', counts: { users: 120 }, ...(licenceSeats && { licenceSeats }) }) as unknown as SnapshotHeader;
const plan = {
  builtAt: '2026-12-01T11:00:00.000Z',
  summary: { totals: { unmet: 0 } },
  waves: [],
  blockers: {
    all: {
      total: 12,
      byCode: [
        { code: 'no-teams-phone-licence', count: 8, fix: '' },
        { code: 'teams-phone-turned-off', count: 2, fix: '' },
        { code: 'cp-without-licence', count: 2, fix: '' },
      ],
    },
    byWave: {},
  },
} as unknown as PlanHeader;
const customer = { tenantId: 't1', displayName: 'Contoso', role: 'admin' as const };
const rowOf = (s: SnapshotHeader | undefined, p: PlanHeader | undefined) => portfolioRow(customer, factsOf(s, undefined, p), '2026-12-03', new Date('2026-12-03T12:00:00Z'));

describe('licences to buy per customer', () => {
  it('adds up the seats each licence lacks: Teams Phone 8 needed, 3 free; Calling Plan 2 needed, none free', () => {
    expect(rowOf(snapshot(seats), plan).licencesToBuy).toBe(5 + 2);
  });

  it('says before which wave to buy: the first whose blocked people outnumber the free seats, the earliest of the licences', () => {
    const gate = (code: string, count: number) => ({ byCode: [{ code, count }] });
    const scheduled = {
      ...plan,
      waves: [
        { number: 1, name: 'Wave 1', date: '2027-01-12', time: '18:00', members: 10, siteIds: ['a'] },
        { number: 2, name: 'Wave 2', date: '2027-01-19', time: '18:00', members: 10, siteIds: ['b'] },
      ],
      // Teams Phone: 2 first needed in wave 1 (3 free), 6 in wave 2; Calling Plan: 2 in wave 2 (none free).
      blockers: { ...plan.blockers, byFirstWave: { '1': gate('no-teams-phone-licence', 2), '2': { byCode: [...gate('no-teams-phone-licence', 6).byCode, ...gate('cp-without-licence', 2).byCode] } } },
    } as unknown as PlanHeader;
    expect(rowOf(snapshot(seats), scheduled)).toMatchObject({ licencesToBuy: 7, licencesBuyBy: { wave: 2, date: '2027-01-19' } });
    // Without the waves' counts (a plan stored before them), or with seats enough: no date.
    expect(rowOf(snapshot(seats), plan).licencesBuyBy).toBeNull();
  });

  it('is 0 when nobody is blocked for a licence, unknown without a plan or without the seats', () => {
    const noLicenceGates = { ...plan, blockers: { all: { total: 1, byCode: [{ code: 'no-usage-location', count: 1, fix: '' }] }, byWave: {} } } as PlanHeader;
    expect(rowOf(snapshot(seats), noLicenceGates).licencesToBuy).toBe(0);
    expect(rowOf(snapshot(seats), undefined).licencesToBuy).toBeNull();
    expect(rowOf(snapshot(), plan).licencesToBuy).toBeNull();
  });
});
