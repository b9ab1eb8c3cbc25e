import { parseBusinessPhone } from '../../../shared/domain/phone-parsing';
import { licenceFacts } from '../../../shared/domain/licence-mapping';
import { SERVICE_PLANS } from '../../../shared/domain/microsoft-ids';

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
