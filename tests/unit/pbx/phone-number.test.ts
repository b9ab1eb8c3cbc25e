import { addToE164, applyNumberMask, normaliseDid, quickE164, spanOf } from '../../../shared/pbx/phone-number';

describe('normaliseDid: DIDs in any common format become E.164 in the line\'s country', () => {
  test.each([
    ['+1 (425) 555-0101', 'US', '+14255550101', '1'],
    ['425-555-0101', 'US', '+14255550101', '1'],
    ['425.555.0101', 'US', '+14255550101', '1'],
    ['(425) 555 0101', 'US', '+14255550101', '1'],
    ['14255550101', 'US', '+14255550101', '1'],
    ['tel:+14255550101', undefined, '+14255550101', '1'],
    ['020 7946 0101', 'GB', '+442079460101', '44'],
    ['0044 20 7946 0101', 'GB', '+442079460101', '44'],
    ['+44 (0)20 7946 0101', undefined, '+442079460101', '44'],
    ['030 901820', 'DE', '+4930901820', '49'],
    ['+61 2 9374 4000', 'US', '+61293744000', '61'],
    ['01 44 55 66 77', 'FR', '+33144556677', '33'],
  ])('%s in %s -> %s (country calling code %s)', (raw, country, e164, countryCallingCode) => {
    expect(normaliseDid(raw, country)).toEqual({ ok: true, e164, countryCallingCode });
  });

  test('an extension written after the number is kept apart', () => {
    expect(normaliseDid('+1 425 555 0101 x1234', 'US')).toEqual({ ok: true, e164: '+14255550101', extension: '1234', countryCallingCode: '1' });
  });

  test.each([
    ['1234', 'US', /looks like an extension/],
    ['425-555-010', 'US', /not a valid number in US/],
    ['hello', 'US', /not a phone number/],
    ['4255550101', undefined, /country is unknown/],
    ['+1 425 555', undefined, /not a valid number|not a phone number/],
    ['', 'US', /not a phone number/],
    // Excel's General format saves long numbers like this in a CSV (a comma in European locales).
    ['1.42556E+10', 'US', /scientific notation.*format the column as Text/],
    ['4,42079E+11', 'GB', /scientific notation/],
  ])('%s in %s is rejected with a reason', (raw, country, reason) => {
    const r = normaliseDid(raw, country);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('CUCM external phone number masks are completed from the directory number', () => {
  test.each([
    ['42555501XX', '1001', '4255550101'],
    ['+1425555XXXX', '0101', '+14255550101'],
    ['425555XXXX', '12', undefined],
    ['4255550101', '1001', undefined],
    ['42555501XX', undefined, undefined],
  ])('mask %s with DN %s -> %s', (mask, dn, result) => {
    expect(applyNumberMask(mask, dn)).toBe(result);
  });
});

describe('block arithmetic keeps the number length', () => {
  test.each([
    ['+14255550100', 99n, '+14255550199'],
    ['+442079460100', 0n, '+442079460100'],
    ['+99999999999', 1n, undefined],
  ])('%s + %s -> %s', (first, n, last) => {
    expect(addToE164(first, n)).toBe(last);
  });
  test('span counts both ends', () => {
    expect(spanOf('+14255550100', '+14255550199')).toBe(100n);
  });
});

describe('quickE164: plain digit rules agree with full parsing for the spellings they accept', () => {
  test.each([
    ['+1 (425) 555-0101', 'GB', '+14255550101', '1'],
    ['(425) 555-0101', 'US', '+14255550101', '1'],
    ['1-425-555-0101', 'CA', '+14255550101', '1'],
    ['+44 20 7946 0101', 'US', '+442079460101', '44'],
  ])('%s in %s -> %s', (raw, country, e164, countryCallingCode) => {
    expect(quickE164(raw, country)).toBe(e164);
    expect(normaliseDid(raw, country)).toEqual({ ok: true, e164, countryCallingCode });
  });
  test.each([
    ['+44 (0)20 7946 0101', 'GB'],
    ['020 7946 0101', 'GB'],
    ['425 555 0101 x12', 'US'],
    ['555-0101', 'US'],
    ['tel:+14255550101', 'US'],
  ])('%s in %s needs the full parser', (raw, country) => {
    expect(quickE164(raw, country)).toBeUndefined();
  });
  test('a number inside a known block skips validation; outside it is validated', () => {
    const block = (e164: string) => e164.startsWith('+1425555');
    expect(normaliseDid('425-555-0101', 'US', block)).toEqual({ ok: true, e164: '+14255550101' });
    expect(normaliseDid('425-555-01', 'US', block).ok).toBe(false);
  });
});
