/** Small parsers for the free-text cells PBX exports hold: yes/no flags, group lists, country codes. */
import { isCountryCode } from './phone-number';
import type { QueueLimit } from '../domain/hunt-methods';

// CUCM's bulk exports write booleans as t / f.
const TRUE_WORDS = new Set(['yes', 'y', 't', 'true', '1', 'x', '✓', '✔', 'ja', 'oui', 'si', 'sí', 'on', 'enabled', 'agent']);
const FALSE_WORDS = new Set(['no', 'n', 'f', 'false', '0', '', '-', 'off', 'none', 'disabled', 'nein', 'non', 'novoicemail']);

/** true / false for flag words; undefined for any other text (a team name, a voicemail profile). */
export function parseFlag(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

const LIST_SEPARATOR = /[;,|]/;
/** Whitespace a tidy name does not hold: anything but a single space. */
const UNTIDY_SPACE = /[^\S ]| {2}/;

/** Runs of whitespace as one space (a trimmed name without any is returned as it is). */
function tidyName(trimmed: string): string {
  return UNTIDY_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/**
 * A hunt position, or one per group of the line ("3", "3; 1"): whole numbers 0-9999, in order, repeats
 * kept. Undefined when any part is something else.
 */
export function parsePositions(text: string): number[] | undefined {
  const parts = text.split(LIST_SEPARATOR).map((p) => p.trim());
  return parts.every((p) => /^\d{1,4}$/.test(p)) ? parts.map(Number) : undefined;
}

/** "20", "20 s", "20 sec", "20 seconds": whole seconds 1-3600; undefined for anything else. */
export function parseSeconds(text: string): number | undefined {
  const m = /^(\d{1,4})\s*(?:s|secs?|seconds?)?$/i.exec(text.trim());
  const seconds = m ? Number(m[1]) : NaN;
  return seconds >= 1 && seconds <= 3600 ? seconds : undefined;
}

/**
 * A queue's limit of waiting callers: a whole number ("25", "25 callers"), or no limit ("unlimited",
 * "none", "no limit", and 0, Asterisk's and FreePBX's word for it). Undefined for anything else.
 */
export function parseQueueLimit(text: string): QueueLimit | undefined {
  const trimmed = text.trim();
  if (/^(?:unlimited|none|no\s*limit|infinite)$/i.test(trimmed)) return 'unlimited';
  const m = /^(\d{1,3})\s*(?:callers?|calls?)?$/i.exec(trimmed);
  if (!m) return undefined;
  const limit = Number(m[1]);
  return limit === 0 ? 'unlimited' : limit;
}

/** "Sales; Support | Front desk" -> ["Sales", "Support", "Front desk"], first spelling kept, order kept. */
export function splitList(text: string): string[] {
  // Most cells (one per line of an export) are empty or name one group: nothing to split or deduplicate.
  if (!LIST_SEPARATOR.test(text)) {
    const name = tidyName(text.trim());
    return name ? [name] : [];
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(LIST_SEPARATOR)) {
    const name = tidyName(part.trim());
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
