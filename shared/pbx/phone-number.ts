/**
 * DIDs to E.164 with libphonenumber-js (full "max" metadata, so validity is checked per number range),
 * plus the digit arithmetic that DID blocks need. Numbers in a block share country code and length, so
 * comparing equal-length E.164 strings compares the numbers.
 */
import { parsePhoneNumberFromString, type CountryCode, getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';

export type DidResult =
  /** `countryCallingCode` when the number was fully parsed (not for the quick path of numbers in a known block). */
  | { ok: true; e164: string; extension?: string; countryCallingCode?: string }
  | { ok: false; reason: string };

export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code as CountryCode);
}

const nanp = new Map<string, boolean>();

/** A supported country of calling code 1 (memoised: asked once per line of a large import). */
function isNanpCountry(country: string): boolean {
  let known = nanp.get(country);
  if (known === undefined) {
    known = isCountryCode(country) && getCountryCallingCode(country as CountryCode) === '1';
    nanp.set(country, known);
  }
  return known;
}

/**
 * E.164 by plain digit rules, without validation, for the two unambiguous spellings: an international
 * number written with "+" (and no "(0)" trunk prefix), and a 10- or 11-digit NANP number. Undefined otherwise.
 */
export function quickE164(raw: string, country: string | undefined): string | undefined {
  if (!/^\+?[\d\s().\-/]+$/.test(raw) || raw.includes('(0)')) return undefined;
  const digits = raw.replace(/\D/g, '');
  if (raw.startsWith('+')) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : undefined;
  if (!country || !isNanpCountry(country)) return undefined;
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits[0] === '1') return `+${digits}`;
  return undefined;
}

/**
 * `inKnownBlock`: a number inside one of the carrier's DID blocks (whose ends were validated) is a real
 * number by the carrier's word, so the full per-number validation - the costliest step of a large
 * import - is skipped for it.
 */
export function normaliseDid(raw: string, country: string | undefined, inKnownBlock?: (e164: string) => boolean): DidResult {
  if (inKnownBlock) {
    const quick = quickE164(raw.trim(), country);
    if (quick && inKnownBlock(quick)) return { ok: true, e164: quick };
  }
  let text = raw.trim().replace(/^tel:/i, '');
  // Excel shows a long number in a General column as "1.42556E+10" and saves the CSV that way: the digits are gone.
  if (/^\+?\d(?:[.,]\d+)?E\+?\d{1,2}$/i.test(text)) {
    return { ok: false, reason: `"${raw}" is a number Excel wrote in scientific notation, so its digits are lost: format the column as Text and export again` };
  }
  if (/^00[1-9]/.test(text)) text = `+${text.slice(2)}`;
  const digits = text.replace(/\D/g, '');
  if (digits === '') return { ok: false, reason: `"${raw}" is not a phone number` };
  if (!text.startsWith('+') && digits.length <= 6) {
    return { ok: false, reason: `"${raw}" has ${digits.length} digits: it looks like an extension, not a DID` };
  }
  if (!text.startsWith('+') && !country) {
    return {
      ok: false,
      reason: `"${raw}" has no country code and the line's country is unknown: write it as +<country code>..., add a country column, or give a default country`,
    };
  }
  const parsed = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  if (!parsed) return { ok: false, reason: `"${raw}" is not a phone number${country ? ` in ${country}` : ''}` };
  if (!parsed.isValid()) {
    return { ok: false, reason: `"${raw}" is not a valid number${country && !text.startsWith('+') ? ` in ${country}` : ` (${parsed.number})`}` };
  }
  const { number: e164, countryCallingCode } = parsed;
  return parsed.ext ? { ok: true, e164, extension: parsed.ext, countryCallingCode } : { ok: true, e164, countryCallingCode };
}

/**
 * CUCM's "external phone number mask" writes the DID as a pattern ("+1425555XXXX") that the line's
 * directory number completes from the right. Returns undefined when the text is not such a mask.
 */
export function applyNumberMask(mask: string, extension: string | undefined): string | undefined {
  if (!/[xX]/.test(mask) || !extension) return undefined;
  const digits = extension.replace(/\D/g, '');
  const slots = (mask.match(/[xX]/g) ?? []).length;
  if (digits.length < slots) return undefined;
  let fill = digits.slice(digits.length - slots);
  return mask.replace(/[xX]/g, () => {
    const d = fill[0];
    fill = fill.slice(1);
    return d;
  });
}

/** `+<digits>` plus n, keeping the length (undefined when it would overflow the length). */
export function addToE164(e164: string, n: bigint): string | undefined {
  const digits = e164.slice(1);
  const next = (BigInt(digits) + n).toString();
  if (next.length !== digits.length) return undefined;
  return `+${next}`;
}

/** How many numbers from first to last inclusive (both E.164 of the same length). */
export function spanOf(first: string, last: string): bigint {
  return BigInt(last.slice(1)) - BigInt(first.slice(1)) + 1n;
}
