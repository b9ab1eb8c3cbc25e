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
  // Tenants repeat switchboard numbers and formats: the full parse runs once per (text, country).
  const key = country ? `${country}|${cleaned}` : `|${cleaned}`;
  const known = parsedByText.get(key);
  if (known !== undefined) return withRaw(known, raw);
  const result = parseWithMetadata(cleaned, country);
  if (parsedByText.size >= PARSE_CACHE_LIMIT) parsedByText.clear();
  parsedByText.set(key, result);
  return withRaw(result, raw);
}

/** What the parse found, without the raw text (the same cleaned text can come from several raw spellings). */
type ParseOutcome = Omit<ParsedPhone, 'raw'>;

const PARSE_CACHE_LIMIT = 20_000;
const parsedByText = new Map<string, ParseOutcome>();

/** A new object for every caller (people own their ParsedPhone), with the keys in the order callers always got. */
function withRaw(outcome: ParseOutcome, raw: string): ParsedPhone {
  if (outcome.valid) {
    const result: ParsedPhone = { raw, e164: outcome.e164, valid: true };
    if (outcome.extension !== undefined) result.extension = outcome.extension;
    return result;
  }
  return outcome.extension !== undefined ? { raw, extension: outcome.extension, valid: false } : { raw, valid: false };
}

function parseWithMetadata(cleaned: string, country: CountryCode | undefined): ParseOutcome {
  try {
    let parsed = parsePhoneNumberFromString(cleaned, country ? { defaultCountry: country } : undefined);
    // isValid() runs the numbering-plan patterns again on every call: ask once per parse.
    let valid = !!parsed && parsed.isValid();
    // "0044 20 ..." is written everywhere, also where the international prefix is not 00 (US 011, JP 010).
    if (!valid && /^00[1-9]/.test(cleaned)) {
      parsed = parsePhoneNumberFromString(`+${cleaned.slice(2)}`);
      valid = !!parsed && parsed.isValid();
    }
    if (!parsed || !valid) {
      return parsed?.ext ? { extension: parsed.ext, valid: false } : { valid: false };
    }
    const result: ParseOutcome = { e164: parsed.number, valid: true };
    if (parsed.ext) result.extension = parsed.ext;
    return result;
  } catch {
    return { valid: false };
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
