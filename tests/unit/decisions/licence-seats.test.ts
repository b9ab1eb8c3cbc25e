/**
 * Licences to buy: the blocked people's licence gates against the seats the tenant's subscriptions have
 * free, as `/subscribedSkus` gives them (prepaid enabled and in-grace units less those consumed; Company
 * SKUs and SKUs without a voice plan left out; a seat of a SKU that includes several voice plans goes to
 * one person, so its seats are shared between the kinds short of single-plan seats).
 */
import { licenceNeeds, licenceNeedText } from '../../../shared/domain/decisions/licence-seats';
import { voiceSkuSeats } from '../../../shared/domain/licence-mapping';
import { countBlockers } from '../../../shared/domain/planning/plan-summary';
import { SERVICE_PLANS, SKUS } from '../../../shared/domain/microsoft-ids';
import { demoSubscribedSkus, demoUserLicences } from '../../../shared/demo/demo-licences';

describe('licence seats', () => {
  it("reads each voice SKU's seats from subscribedSkus, as Graph may send them", () => {
    const seats = voiceSkuSeats([
      { skuId: SKUS.microsoft365E5.toUpperCase(), skuPartNumber: 'SPE_E5', appliesTo: 'User', capabilityStatus: 'Enabled', consumedUnits: 90, prepaidUnits: { enabled: 100, warning: 0 }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone, servicePlanName: 'MCOEV' }] },
      // In its grace period: its units are `warning`, still assignable.
      { skuId: SKUS.teamsPhoneStandard, skuPartNumber: 'MCOEV', appliesTo: 'User', capabilityStatus: 'Warning', consumedUnits: 3, prepaidUnits: { enabled: 0, warning: 5 }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone, servicePlanName: 'MCOEV' }] },
      // No voice plan, a Company SKU, nulls where a directory leaves fields out: none counts.
      { skuId: SKUS.microsoft365E3, skuPartNumber: 'SPE_E3', appliesTo: 'User', capabilityStatus: 'Enabled', consumedUnits: 10, prepaidUnits: { enabled: 10 }, servicePlans: [] },
      { skuId: SKUS.communicationsCredits, skuPartNumber: 'MCOPSTNC', appliesTo: 'Company', capabilityStatus: 'Enabled', consumedUnits: 0, prepaidUnits: { enabled: 1 }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone }] },
      { skuId: SKUS.teamsPhoneResourceAccount, skuPartNumber: null, appliesTo: null, capabilityStatus: null, consumedUnits: null, prepaidUnits: null, servicePlans: [null, { servicePlanId: SERVICE_PLANS.teamsPhoneResourceAccount }] },
      null,
    ]);
    expect(seats).toEqual(
      [
        { skuId: SKUS.microsoft365E5, skuPartNumber: 'SPE_E5', kinds: ['teamsPhone'], capabilityStatus: 'Enabled', enabled: 100, warning: 0, consumed: 90 },
        { skuId: SKUS.teamsPhoneStandard, skuPartNumber: 'MCOEV', kinds: ['teamsPhone'], capabilityStatus: 'Warning', enabled: 0, warning: 5, consumed: 3 },
        { skuId: SKUS.teamsPhoneResourceAccount, skuPartNumber: SKUS.teamsPhoneResourceAccount, kinds: ['resourceAccount'], capabilityStatus: '', enabled: 0, warning: 0, consumed: 0 },
      ].sort((a, b) => (a.skuId < b.skuId ? -1 : 1)),
    );

    const needs = licenceNeeds(
      {
        byCode: [
          { code: 'no-teams-phone-licence', count: 40 },
          { code: 'teams-phone-turned-off', count: 7 },
          { code: 'no-usage-location', count: 3 },
          { code: 'resource-account-no-licence', count: 1 },
        ],
      },
      seats,
    );
    expect(needs).toEqual([
      { kind: 'teamsPhone', needed: 40, turnedOff: 7, free: 12, toBuy: 28, skus: [{ skuPartNumber: 'SPE_E5', free: 10, inGrace: false }, { skuPartNumber: 'MCOEV', free: 2, inGrace: true }] },
      { kind: 'resourceAccount', needed: 1, free: 0, toBuy: 1, skus: [] },
    ]);
    expect(licenceNeedText(needs[0])).toBe('Teams Phone: 40 people need a licence; 12 seats free (SPE_E5 10, MCOEV 2 in grace): buy 28. 7 more people hold it turned off in a licence: turn it on.');
    expect(licenceNeedText(needs[1])).toBe('Teams Phone Resource Account: 1 person needs a licence; 0 seats free: buy 1.');
  });

  it('says before which wave to buy: the first whose blocked people, with those of the waves before, outnumber the free seats', () => {
    const seats = voiceSkuSeats([{ skuId: 'e5', skuPartNumber: 'SPE_E5', capabilityStatus: 'Enabled', consumedUnits: 95, prepaidUnits: { enabled: 100 }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone }] }]);
    const gate = (count: number) => ({ byCode: [{ code: 'no-teams-phone-licence', count }] });
    const schedule = {
      waves: [
        { number: 0, date: '2027-01-05' },
        { number: 1, date: '2027-01-12' },
        { number: 2, date: '2027-01-19' },
      ],
      // 3 at the pilot's sites, 4 more first needed in wave 2 (wave 1's sites have none).
      byFirstWave: { '0': gate(3), '2': gate(4) },
    };
    const [need] = licenceNeeds({ byCode: [{ code: 'no-teams-phone-licence', count: 8 }] }, seats, schedule);
    expect(need).toMatchObject({ needed: 8, free: 5, toBuy: 3, buyBy: { wave: 2, date: '2027-01-19' } });
    expect(licenceNeedText(need)).toBe('Teams Phone: 8 people need a licence; 5 seats free (SPE_E5 5): buy 3 before 2027-01-19 (wave 2).');
    // Enough seats, or the blocked people at no wave's site alone short: no date.
    expect(licenceNeeds({ byCode: [{ code: 'no-teams-phone-licence', count: 5 }] }, seats, schedule)[0].buyBy).toBeUndefined();
    expect(licenceNeeds({ byCode: [{ code: 'no-teams-phone-licence', count: 8 }] }, seats, { ...schedule, byFirstWave: { '0': gate(1) } })[0]).toMatchObject({ toBuy: 3 });
    expect(licenceNeeds({ byCode: [{ code: 'no-teams-phone-licence', count: 8 }] }, seats, { ...schedule, byFirstWave: { '0': gate(1) } })[0].buyBy).toBeUndefined();
  });

  it('gives a seat of a SKU with several voice plans to one person: single-plan seats first, then the shared ones to the kinds still short', () => {
    const seats = voiceSkuSeats([
      // Teams Phone with Calling Plan: 6 seats free, each for one person, Teams Phone or Calling Plan.
      { skuId: 'bundle', skuPartNumber: 'MCOEV_CP', capabilityStatus: 'Enabled', consumedUnits: 4, prepaidUnits: { enabled: 10 }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone }, { servicePlanId: 'x', servicePlanName: 'MCOPSTN1' }] },
      { skuId: 'tp', skuPartNumber: 'MCOEV', capabilityStatus: 'Enabled', consumedUnits: 0, prepaidUnits: { enabled: 2 }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone }] },
    ]);
    const [tp, cp] = licenceNeeds({ byCode: [{ code: 'no-teams-phone-licence', count: 5 }, { code: 'cp-without-licence', count: 4 }] }, seats);
    // Teams Phone: 2 of its own, 3 of the bundle; Calling Plan: the bundle's other 3, one short.
    expect(tp).toMatchObject({ needed: 5, free: 8, toBuy: 0 });
    expect(tp.takenByOthers).toBe(3);
    expect(cp).toMatchObject({ needed: 4, free: 6, takenByOthers: 3, sharedWith: ['teamsPhone'], toBuy: 1 });
    expect(licenceNeedText(cp)).toBe('Calling Plan: 4 people need a licence; 6 seats free (MCOEV_CP 6), 3 of them needed for Teams Phone: buy 1.');
    // Alone, the Calling Plan people have the bundle's seats to themselves.
    expect(licenceNeeds({ byCode: [{ code: 'cp-without-licence', count: 4 }] }, seats)[0]).toEqual({ kind: 'callingPlan', needed: 4, free: 6, toBuy: 0, skus: [{ skuPartNumber: 'MCOEV_CP', free: 6, inGrace: false }] });
  });

  it('gives one seat of a Teams Phone with Calling Plan subscription to a person lacking both, and the single-plan seats to those lacking one', () => {
    const bundle = (free: number) => ({ skuId: 'bundle', skuPartNumber: 'MCOEV_CP', capabilityStatus: 'Enabled', consumedUnits: 0, prepaidUnits: { enabled: free }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone }, { servicePlanId: 'x', servicePlanName: 'MCOPSTN1' }] });
    const tpAlone = (free: number) => ({ skuId: 'tp', skuPartNumber: 'MCOEV', capabilityStatus: 'Enabled', consumedUnits: 0, prepaidUnits: { enabled: free }, servicePlans: [{ servicePlanId: SERVICE_PLANS.teamsPhone }] });
    const byCode = [
      { code: 'no-teams-phone-licence', count: 5 },
      { code: 'cp-without-licence', count: 4 },
    ];
    // 4 people lack both, 1 lacks Teams Phone alone; 4 bundle seats serve the 4, the lone MCOEV seat the fifth.
    const [tp, cp] = licenceNeeds({ byCode, teamsPhoneAndCallingPlan: 4 }, voiceSkuSeats([bundle(4), tpAlone(1)]));
    expect(tp).toMatchObject({ needed: 5, free: 5, toBuy: 0 });
    expect(cp).toMatchObject({ needed: 4, free: 4, toBuy: 0 });
    expect(tp.takenByOthers).toBeUndefined();
    expect(cp.takenByOthers).toBeUndefined();
    // Counted apart (as before the overlap was known), the same seats fell 4 short.
    const apart = licenceNeeds({ byCode }, voiceSkuSeats([bundle(4), tpAlone(1)]));
    expect(apart.map((n) => n.toBuy)).toEqual([0, 4]);
    // Fewer bundle seats than people lacking both: each of the others needs one of each kind.
    const [tp2, cp2] = licenceNeeds({ byCode, teamsPhoneAndCallingPlan: 4 }, voiceSkuSeats([bundle(1), tpAlone(1)]));
    expect([tp2.toBuy, cp2.toBuy]).toEqual([3, 3]);
    // A single-plan seat left over goes to someone lacking both; the bundle seat then serves another whole.
    const [tp3, cp3] = licenceNeeds({ byCode, teamsPhoneAndCallingPlan: 4 }, voiceSkuSeats([bundle(1), tpAlone(3)]));
    expect([tp3.toBuy, cp3.toBuy]).toEqual([1, 3]);
  });

  it('counts the blocked people who lack both Teams Phone and Calling Plan, each once', () => {
    const gate = (code: string) => ({ code, message: code, fix: 'fix' });
    const person = (id: string, ...codes: string[]) => ({ personId: id, userPrincipalName: `${id}@contoso.com`, gates: codes.map(gate) });
    const counts = countBlockers([
      person('a', 'no-teams-phone-licence', 'cp-without-licence', 'no-usage-location'),
      person('b', 'no-teams-phone-licence'),
      person('c', 'cp-without-licence'),
      person('d', 'cp-without-licence', 'no-teams-phone-licence'),
    ]);
    expect(counts).toMatchObject({ total: 4, teamsPhoneAndCallingPlan: 2 });
    expect(counts.byCode.map((c) => [c.code, c.count])).toEqual([
      ['cp-without-licence', 3],
      ['no-teams-phone-licence', 3],
      ['no-usage-location', 1],
    ]);
    // None such: nothing added to what read models store.
    expect(countBlockers([person('b', 'no-teams-phone-licence')])).not.toHaveProperty('teamsPhoneAndCallingPlan');
  });

  it('says when the seats are enough, unknown, or only turned off', () => {
    const seats = voiceSkuSeats([{ skuId: 'cp', skuPartNumber: 'MCOPSTN1', capabilityStatus: 'Enabled', consumedUnits: 1, prepaidUnits: { enabled: 10 }, servicePlans: [{ servicePlanId: 'x', servicePlanName: 'MCOPSTN1' }] }]);
    const [cp] = licenceNeeds({ byCode: [{ code: 'cp-without-licence', count: 4 }] }, seats);
    expect(licenceNeedText(cp)).toBe('Calling Plan: 4 people need a licence; 9 seats free (MCOPSTN1 9): enough.');
    const [unknown] = licenceNeeds({ byCode: [{ code: 'cp-without-licence', count: 1 }] }, undefined);
    expect(unknown).toEqual({ kind: 'callingPlan', needed: 1, skus: [] });
    expect(licenceNeedText(unknown)).toBe("Calling Plan: 1 person needs a licence (free seats unknown: the tenant's subscriptions could not be read).");
    const [off] = licenceNeeds({ byCode: [{ code: 'teams-phone-turned-off', count: 1 }] }, seats);
    expect(licenceNeedText(off)).toBe('Teams Phone: 1 person holds it turned off in a licence: turn it on.');
    expect(licenceNeeds({ byCode: [{ code: 'no-usage-location', count: 9 }] }, seats)).toEqual([]);
  });

  it("finds the demo tenant's free seats where its subscriptions are: consumed from its users' licences", () => {
    const licences = [demoUserLicences('enabled', false, 1), demoUserLicences('none', false, 5), demoUserLicences('none', true, 2)];
    const seats = voiceSkuSeats(demoSubscribedSkus('t', licences));
    const e5 = seats.find((s) => s.skuPartNumber === 'SPE_E5')!;
    // Two E5 licences (one with Teams Phone turned off), bought in fifties.
    expect(e5).toMatchObject({ kinds: ['teamsPhone'], enabled: 50, consumed: 2 });
    expect(seats.map((s) => s.skuPartNumber).sort()).toEqual(['MCOEV', 'MCOPSTN1', 'PHONESYSTEM_VIRTUALUSER', 'SPE_E5']);
  });
});
