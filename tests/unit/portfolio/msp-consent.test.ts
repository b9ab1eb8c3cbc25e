/**
 * The link rule and the consent it reads: a tenant with nothing stored may be linked; a tenant holding
 * data only by the MSP its admins allow (a consent for another MSP, or a revoked one, refuses everyone
 * else); consent names an MSP of the deployment by its GUID, never the tenant itself.
 */
import { allowMsp, CONSENT_PLACE, linkVerdict, NO_CONSENT } from '../../../shared/domain/portfolio/msp-consent';

const MSP = 'aaaaaaaa-1111-4111-8111-111111111111';
const OTHER = 'dddddddd-4444-4444-8444-444444444444';
const CUSTOMER = 'bbbbbbbb-2222-4222-8222-222222222222';
const stamp = { at: '2026-03-01T10:00:00.000Z', by: 'Ada Admin (c0c0)' };

describe('linkVerdict', () => {
  const consentFor = (msp: string) => allowMsp(CUSTOMER, msp, [MSP, OTHER], stamp);

  it('links a tenant with nothing stored, with or without consent', () => {
    expect(linkVerdict({ mspTenantId: MSP, customerTenantId: CUSTOMER, customerHoldsData: false, consent: undefined })).toEqual({ allowed: true, because: 'nothing-stored' });
  });

  it('links a tenant holding data only by the MSP its admins allow', () => {
    expect(linkVerdict({ mspTenantId: MSP.toUpperCase(), customerTenantId: CUSTOMER, customerHoldsData: true, consent: consentFor(MSP) })).toEqual({ allowed: true, because: 'customer-consent' });
    const refused = linkVerdict({ mspTenantId: OTHER, customerTenantId: CUSTOMER, customerHoldsData: true, consent: consentFor(MSP) });
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.message).toContain(CONSENT_PLACE);
    expect(!refused.allowed && refused.message).toContain(OTHER);
    expect(linkVerdict({ mspTenantId: MSP, customerTenantId: CUSTOMER, customerHoldsData: true, consent: NO_CONSENT }).allowed).toBe(false);
    expect(linkVerdict({ mspTenantId: MSP, customerTenantId: CUSTOMER, customerHoldsData: true, consent: undefined }).allowed).toBe(false);
  });
});

describe('allowMsp', () => {
  it('stores the MSP in lower case with who allowed it and when', () => {
    expect(allowMsp(CUSTOMER, ` ${MSP.toUpperCase()} `, [MSP], stamp)).toEqual({ allowedMsp: { mspTenantId: MSP, allowedAt: stamp.at, allowedBy: stamp.by } });
  });

  it('refuses at $.mspTenantId: not a GUID, the tenant itself, a tenant that is no MSP here', () => {
    for (const [id, message] of [
      ['contoso.onmicrosoft.com', /must be an Entra tenant id/],
      [CUSTOMER, /own id/],
      [OTHER, /not an MSP tenant of this deployment/],
    ] as const) {
      expect(() => allowMsp(CUSTOMER, id, [MSP], stamp)).toThrow(message);
      try {
        allowMsp(CUSTOMER, id, [MSP], stamp);
      } catch (e) {
        expect(e).toMatchObject({ code: 'bad-input', issues: [{ path: '$.mspTenantId' }] });
      }
    }
  });
});
