import { parseBusinessPhone } from '../../../shared/domain/phone-parsing';
import { indexSkus, licenceFacts, licenceFactsFromLicences, LicencesBySku, voiceSkuStates } from '../../../shared/domain/licence-mapping';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { OTHER_SERVICE_PLANS, SERVICE_PLANS, SKUS } from '../../../shared/domain/microsoft-ids';
import { mergeDeltaUser, toPerson } from '../../../shared/graph/snapshot-mapping';

describe('parseBusinessPhone', () => {
  const cases: [string, string | undefined, { e164?: string; extension?: string; valid: boolean }][] = [
    ['+1 (425) 555-0100', 'US', { e164: '+14255550100', valid: true }],
    ['425-555-0100 x123', 'US', { e164: '+14255550100', extension: '123', valid: true }],
    ['020 3794 0123', 'GB', { e164: '+442037940123', valid: true }],
    ['0044 20 3794 0123', 'US', { e164: '+442037940123', valid: true }],
    ['0081 3 1231 0002', 'JP', { e164: '+81312310002', valid: true }],
    ['+49 (0)30 9018200', 'DE', { e164: '+49309018200', valid: true }],
    ['tel:+4930901820', undefined, { e164: '+4930901820', valid: true }],
    ['+1 206 430 0123 ext. 55', 'US', { e164: '+12064300123', extension: '55', valid: true }],
    ['020 3794 0123', undefined, { valid: false }], // national format without a country: kept raw, flagged
    ['ext 4411', 'US', { extension: '4411', valid: false }],
    ['n/a', 'US', { valid: false }],
    ['+1 555', 'US', { valid: false }],
  ];
  it.each(cases)('%s (%s)', (raw, country, expected) => {
    const parsed = parseBusinessPhone(raw, country);
    expect(parsed.raw).toBe(raw);
    expect(parsed.valid).toBe(expected.valid);
    expect(parsed.e164).toBe(expected.e164);
    expect(parsed.extension).toBe(expected.extension);
  });

  it('accepts UK as a country hint (free-text country fields say UK)', () => {
    expect(parseBusinessPhone('020 3794 0123', 'uk').e164).toBe('+442037940123');
  });
});

describe('licenceFacts', () => {
  const plan = (servicePlanId: string, capabilityStatus: string) => ({ servicePlanId, capabilityStatus });
  const cases: [string, Parameters<typeof licenceFacts>[0], ReturnType<typeof licenceFacts>][] = [
    ['no plans', [], { teamsPhone: 'none', callingPlan: false, resourceAccountLicence: false }],
    ['null plans', null, { teamsPhone: 'none', callingPlan: false, resourceAccountLicence: false }],
    ['Teams Phone enabled', [plan(SERVICE_PLANS.teamsPhone, 'Enabled')], { teamsPhone: 'enabled', callingPlan: false, resourceAccountLicence: false }],
    ['Teams Phone in grace (Warning)', [plan(SERVICE_PLANS.teamsPhone, 'Warning')], { teamsPhone: 'grace', callingPlan: false, resourceAccountLicence: false }],
    ['Teams Phone suspended', [plan(SERVICE_PLANS.teamsPhone, 'Suspended')], { teamsPhone: 'none', callingPlan: false, resourceAccountLicence: false }],
    ['enabled wins over grace', [plan(SERVICE_PLANS.teamsPhone, 'Warning'), plan(SERVICE_PLANS.teamsPhone.toUpperCase(), 'Enabled')], { teamsPhone: 'enabled', callingPlan: false, resourceAccountLicence: false }],
    ['Calling Plan', [plan('4ed3ff63-69d7-4fb7-b984-5aec7f605ca8', 'Enabled')], { teamsPhone: 'none', callingPlan: true, resourceAccountLicence: false }],
    ['deleted Calling Plan', [plan('4ed3ff63-69d7-4fb7-b984-5aec7f605ca8', 'Deleted')], { teamsPhone: 'none', callingPlan: false, resourceAccountLicence: false }],
    ['resource account', [plan(SERVICE_PLANS.teamsPhoneResourceAccount, 'Enabled')], { teamsPhone: 'none', callingPlan: false, resourceAccountLicence: true }],
    ['null entries and fields', [null, { servicePlanId: null, capabilityStatus: null }], { teamsPhone: 'none', callingPlan: false, resourceAccountLicence: false }],
  ];
  it.each(cases)('%s', (_name, plans, expected) => expect(licenceFacts(plans)).toEqual(expected));
});

describe('licences read against the tenant SKUs (assignedLicenses + subscribedSkus)', () => {
  const E5 = 'sku-e5';
  const sku = (skuId: string, capabilityStatus: string, plans: [string, string][], appliesTo = 'User') => ({
    skuId,
    capabilityStatus,
    appliesTo,
    servicePlans: plans.map(([servicePlanName, servicePlanId]) => ({ servicePlanName, servicePlanId })),
  });
  const skus = indexSkus([
    sku(E5, 'Enabled', [['TEAMS1', SERVICE_PLANS.teams], ['MCOEV', SERVICE_PLANS.teamsPhone.toUpperCase()]]),
    sku('sku-phone-grace', 'Warning', [['MCOEV', SERVICE_PLANS.teamsPhone]]),
    sku('sku-phone-suspended', 'Suspended', [['MCOEV', SERVICE_PLANS.teamsPhone]]),
    // A Calling Plan whose service plan id is not in the table: its name still says what it is.
    sku('SKU-NEW-CALLING-PLAN', 'Enabled', [['MCOPSTN_NEW_REGION', '99999999-0000-4000-8000-000000000001']]),
    sku('sku-ra', 'Enabled', [['MCOEV_VIRTUALUSER', SERVICE_PLANS.teamsPhoneResourceAccount]]),
    // Microsoft Teams Shared Devices (MCOCAP): Teams Phone, on a common area phone's account.
    sku(SKUS.teamsSharedDevices.toUpperCase(), 'Enabled', [['MCOEV', SERVICE_PLANS.teamsPhone]]),
    // Company-level SKUs are never a user's licence, whatever their plans are called.
    sku('sku-credits', 'Enabled', [['MCOPSTNC', '99999999-0000-4000-8000-000000000002']], 'Company'),
    // Communications Credits inside a user SKU: named MCOPSTN*, but no Calling Plan.
    sku('sku-with-credits', 'Enabled', [['MCOPSTNC', OTHER_SERVICE_PLANS.MCOPSTNC], ['MCOPSTNPP', '99999999-0000-4000-8000-000000000003']]),
    null,
  ]);
  const none = { teamsPhone: 'none' as const, callingPlan: false, resourceAccountLicence: false, unknownSkus: 0 };
  const cases: [string, Parameters<typeof licenceFactsFromLicences>[0], ReturnType<typeof licenceFactsFromLicences>][] = [
    ['no licences', [], none],
    ['null licences', null, none],
    ['E5 includes Teams Phone', [{ skuId: E5, disabledPlans: [] }], { ...none, teamsPhone: 'enabled' }],
    // No Teams Phone, but turning it on needs no new licence.
    ['E5 with Teams Phone disabled', [{ skuId: E5.toUpperCase(), disabledPlans: [SERVICE_PLANS.teamsPhone.toUpperCase()] }], { ...none, teamsPhoneTurnedOff: true }],
    ['a SKU in its grace period', [{ skuId: 'sku-phone-grace' }], { ...none, teamsPhone: 'grace' }],
    ['a suspended SKU', [{ skuId: 'sku-phone-suspended' }], none],
    ['enabled wins over grace', [{ skuId: 'sku-phone-grace' }, { skuId: E5 }], { ...none, teamsPhone: 'enabled' }],
    ['a Calling Plan known by its plan name', [{ skuId: 'sku-new-calling-plan' }], { ...none, callingPlan: true }],
    ['Communications Credits are not a Calling Plan', [{ skuId: 'sku-with-credits' }], none],
    ['resource account licence', [{ skuId: 'sku-ra' }], { ...none, resourceAccountLicence: true }],
    ['Microsoft Teams Shared Devices: a common area phone, not a person', [{ skuId: SKUS.teamsSharedDevices.toUpperCase() }], { ...none, teamsPhone: 'enabled', sharedDevice: true }],
    ['a company SKU assigned anyway counts as unknown', [{ skuId: 'sku-credits' }], { ...none, unknownSkus: 1 }],
    ['a SKU the tenant does not list', [{ skuId: 'sku-gone' }, null, { skuId: null }], { ...none, unknownSkus: 1 }],
  ];
  it.each(cases)('%s', (_name, licences, expected) => expect(licenceFactsFromLicences(licences, skus)).toEqual(expected));

  it("marks a common area phone's account, and keeps the mark through a delta that does not carry licences", () => {
    const bySku = new LicencesBySku(skus);
    const user = { id: 'cap-1', userPrincipalName: 'cap-seattle-lobby-phone@contoso.com', assignedLicenses: [{ skuId: SKUS.teamsSharedDevices }] };
    const phone = toPerson(user, 'value[0]', bySku);
    expect(phone).toMatchObject({ kind: 'user', teamsPhone: 'enabled', sharedDevice: true });
    expect(mergeDeltaUser(phone, { id: 'cap-1', displayName: 'Seattle Lobby' }, 'value[0]', bySku).sharedDevice).toBe(true);
    expect(toPerson({ ...user, id: 'u-1', assignedLicenses: [{ skuId: E5 }] }, 'value[1]', bySku).sharedDevice).toBeUndefined();
  });

  it('counts every user holding a SKU the tenant does not list, also when their combination was seen before', () => {
    const bySku = new LicencesBySku(skus);
    for (let i = 0; i < 3; i++) expect(bySku.factsOf([{ skuId: E5 }, { skuId: 'sku-gone' }])).toMatchObject({ teamsPhone: 'enabled' });
    expect(bySku.factsOf([{ skuId: E5, disabledPlans: [SERVICE_PLANS.teamsPhone] }])).toMatchObject({ teamsPhone: 'none' });
    expect(bySku.usersWithUnknownSkus).toBe(3);
  });

  it('keeps the state of the SKUs that carry voice plans, so a later sync can tell a grace period began', () => {
    const states = voiceSkuStates(
      indexSkus([
        sku('b-phone', 'Warning', [['MCOEV', SERVICE_PLANS.teamsPhone]]),
        sku('a-office', 'Enabled', [['TEAMS1', SERVICE_PLANS.teams]]),
        sku('A-E5', 'Enabled', [['MCOEV', SERVICE_PLANS.teamsPhone]]),
      ]),
    );
    expect(states).toEqual({ 'a-e5': 'Enabled', 'b-phone': 'Warning' });
    expect(Object.keys(states)).toEqual(['a-e5', 'b-phone']);
  });

  it('gives every demo tenant user the same facts as their assignedPlans', () => {
    for (const [users, seed] of [
      [300, 1],
      [2_500, 42],
    ]) {
      const demo = generateDemoTenant({ users, seed });
      const index = indexSkus(demo.subscribedSkus);
      const bySku = new LicencesBySku(index);
      const kinds = new Set<string>();
      for (const u of demo.users) {
        const { unknownSkus, teamsPhoneTurnedOff, ...fromLicences } = licenceFactsFromLicences(u.assignedLicenses, index);
        expect(unknownSkus).toBe(0);
        expect(fromLicences).toEqual(licenceFacts(u.assignedPlans));
        // Only the licences tell that Teams Phone is turned off in one of them (assignedPlans leaves it out).
        const disabled = (u.assignedLicenses ?? []).some((l) => l?.disabledPlans?.includes(SERVICE_PLANS.teamsPhone));
        expect(teamsPhoneTurnedOff ?? false).toBe(disabled && fromLicences.teamsPhone === 'none');
        // The same through the per-combination memo the sync uses.
        expect(bySku.factsOf(u.assignedLicenses)).toMatchObject({ ...fromLicences, ...(teamsPhoneTurnedOff && { teamsPhoneTurnedOff }) });
        kinds.add(JSON.stringify(fromLicences));
      }
      expect(bySku.usersWithUnknownSkus).toBe(0);
      // Enabled, grace, none, Calling Plan and resource accounts all occur.
      expect(kinds.size).toBeGreaterThanOrEqual(5);
    }
  });
});
