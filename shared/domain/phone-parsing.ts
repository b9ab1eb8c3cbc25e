/**
 * businessPhones is free text in the wild ("+1 (425) 555-0100", "425-555-0100 x123", "0044 20 ...").
 * Parse it to E.164 with the full (`max`) metadata so that only numbers that really exist in the
 * numbering plan count as valid; everything else is kept raw and flagged, never dropped.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { ParsedPhone } from './tenant-snapshot';

/** Extension written without a number ("x123", "ext. 4411"): an internal extension only. */
const EXTENSION_ONLY = /^\s*(?:x|ext\.?|extension)\s*(\d{2,8})\s*$/i;

/**
 * @param raw the directory text, exactly as stored
 * @param countryHint two-letter ISO code (usually the user's usage location) for national formats
 */
export function parseBusinessPhone(raw: string, countryHint?: string): ParsedPhone {
  const text = raw.trim();
  const extOnly = EXTENSION_ONLY.exec(text);
  if (extOnly) return { raw, extension: extOnly[1], valid: false };
  // "tel:" URIs and a "(0)" trunk prefix after a country code are common in signatures copied into AD.
  const cleaned = text.replace(/^tel:/i, '').replace(/(\+\d{1,3})\s*\(0\)\s*/, '$1 ');
  if (!/\d/.test(cleaned)) return { raw, valid: false };
  const country = normaliseCountryHint(countryHint);
  try {
    let parsed = parsePhoneNumberFromString(cleaned, country ? { defaultCountry: country } : undefined);
    // "0044 20 ..." is written everywhere, also where the international prefix is not 00 (US 011, JP 010).
    if ((!parsed || !parsed.isValid()) && /^00[1-9]/.test(cleaned)) {
      parsed = parsePhoneNumberFromString(`+${cleaned.slice(2)}`);
    }
    if (!parsed || !parsed.isValid()) {
      return parsed?.ext ? { raw, extension: parsed.ext, valid: false } : { raw, valid: false };
    }
    const result: ParsedPhone = { raw, e164: parsed.number, valid: true };
    if (parsed.ext) result.extension = parsed.ext;
    return result;
  } catch {
    return { raw, valid: false };
  }
}

export function parseBusinessPhones(raws: readonly (string | null | undefined)[] | null | undefined, countryHint?: string): ParsedPhone[] {
  if (!raws) return [];
  const out: ParsedPhone[] = [];
  for (const r of raws) if (typeof r === 'string' && r.trim() !== '') out.push(parseBusinessPhone(r, countryHint));
  return out;
}

function normaliseCountryHint(hint: string | undefined): CountryCode | undefined {
  if (!hint) return undefined;
  const up = hint.trim().toUpperCase();
  // Graph's usageLocation is ISO 3166-1 alpha-2; "UK" appears in free-text country fields.
  const code = up === 'UK' ? 'GB' : up;
  return /^[A-Z]{2}$/.test(code) ? (code as CountryCode) : undefined;
}
