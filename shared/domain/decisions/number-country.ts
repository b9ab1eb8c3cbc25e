/**
 * Which country a number belongs to, fast enough for 100,000 people. Parsing every number with
 * libphonenumber costs ~15 µs each; instead calling codes owned by one country are answered from a
 * table, and shared calling codes (+1, +44, +7 ...) are parsed once per leading-digit prefix, which is
 * what decides the country there (the NANP area code, the UK Crown dependency codes, ...).
 */
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js';

export interface NumberCountry {
  /** Calling code without `+` ("1", "44"). */
  callingCode: string;
  /** ISO country when it can be told; undefined for e.g. fictional +1 555 numbers. */
  country?: string;
}

const countriesByCallingCode = new Map<string, string[]>();
const callingCodeByCountry = new Map<string, string>();
for (const c of getCountries()) {
  const code = getCountryCallingCode(c);
  callingCodeByCountry.set(c, code);
  const list = countriesByCallingCode.get(code);
  if (list) list.push(c);
  else countriesByCallingCode.set(code, [c]);
}

/** The calling code of an ISO country ("US" -> "1"), undefined when unknown. */
export function callingCodeOf(country: string): string | undefined {
  return callingCodeByCountry.get(country.toUpperCase());
}

export class NumberCountryResolver {
  /** Keyed by the number's first 8 characters (+, up to 3 calling-code digits, 4 more): enough to decide. */
  private readonly memo = new Map<string, NumberCountry | null>();

  resolve(e164: string): NumberCountry | undefined {
    if (!e164.startsWith('+')) return undefined;
    const key = e164.slice(0, 8);
    let hit = this.memo.get(key);
    if (hit === undefined) {
      hit = this.compute(e164) ?? null;
      this.memo.set(key, hit);
    }
    return hit ?? undefined;
  }

  private compute(e164: string): NumberCountry | undefined {
    const semi = e164.indexOf(';');
    const digits = semi < 0 ? e164.slice(1) : e164.slice(1, semi);
    // Calling codes are prefix-free, so the first 1-3 digit match is the only one.
    for (let len = 1; len <= 3; len++) {
      const code = digits.slice(0, len);
      const owners = countriesByCallingCode.get(code);
      if (!owners) continue;
      if (owners.length === 1) return { callingCode: code, country: owners[0] };
      // Invalid (e.g. fictional 555) numbers are remembered too: numbers sharing a prefix share validity.
      return { callingCode: code, country: parsePhoneNumberFromString(`+${digits}`)?.country };
    }
    return undefined;
  }

  /**
   * True when the number certainly belongs to another country than `country`: a different calling code,
   * or the same calling code but a country libphonenumber can tell apart (+1 CA vs US).
   */
  differs(e164: string, country: string): boolean {
    const nc = this.resolve(e164);
    if (!nc) return false;
    const upper = callingCodeByCountry.has(country) ? country : country.toUpperCase();
    const own = callingCodeByCountry.get(upper);
    if (own !== undefined && own !== nc.callingCode) return true;
    return nc.country !== undefined && nc.country !== upper;
  }
}
