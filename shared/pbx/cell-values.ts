/** Small parsers for the free-text cells PBX exports hold: yes/no flags, group lists, country codes. */
import { isCountryCode } from './phone-number';

const TRUE_WORDS = new Set(['yes', 'y', 'true', '1', 'x', '✓', '✔', 'ja', 'oui', 'si', 'sí', 'on', 'enabled', 'agent']);
const FALSE_WORDS = new Set(['no', 'n', 'false', '0', '', '-', 'off', 'none', 'disabled', 'nein', 'non', 'novoicemail']);

/** true / false for flag words; undefined for any other text (a team name, a voicemail profile). */
export function parseFlag(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

/** "Sales; Support | Front desk" -> ["Sales", "Support", "Front desk"], first spelling kept, order kept. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[;,|]/)) {
    const name = part.trim().replace(/\s+/g, ' ');
    const key = name.toLowerCase();
    if (name && !seen.has(key)) {
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}

const COUNTRY_ALIASES: Record<string, string> = { UK: 'GB', USA: 'US', 'UNITED STATES': 'US', 'UNITED KINGDOM': 'GB', GERMANY: 'DE', FRANCE: 'FR', CANADA: 'CA', AUSTRALIA: 'AU', NETHERLANDS: 'NL', SPAIN: 'ES', ITALY: 'IT', IRELAND: 'IE', INDIA: 'IN', JAPAN: 'JP', SWITZERLAND: 'CH', AUSTRIA: 'AT', BELGIUM: 'BE', SWEDEN: 'SE', DENMARK: 'DK', NORWAY: 'NO', POLAND: 'PL' };

/** ISO 3166-1 alpha-2 (upper case) or undefined when the text names no supported country. */
export function parseCountry(text: string): string | undefined {
  const t = text.trim().toUpperCase();
  const code = COUNTRY_ALIASES[t] ?? t;
  return isCountryCode(code) ? code : undefined;
}
