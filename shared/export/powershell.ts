/**
 * Getting plan values into PowerShell safely. The rule: every value from the plan, the directory or
 * the settings reaches a script ONLY as a single-quoted literal, built by `psQuote`. PowerShell does
 * not expand anything inside single quotes; the only way out of one is a quote character, and
 * PowerShell treats four characters as single quotes: ' and the typographic U+2018, U+2019, U+201A,
 * U+201B. Each is doubled, which PowerShell reads back as that one character, so the value arrives
 * unchanged and can never end the literal. Values never go into comments or double-quoted strings.
 * Identifier-like values (numbers, UPNs, GUIDs, FQDNs, policy names) are validated on top, so a bad
 * value is reported by the export instead of failing in the middle of a cutover.
 */
import { MAX_TEAMS_PATTERN_LENGTH } from '../domain/planning/number-ranges';
// Names are the planner's rules too (settings validation refuses a policy name Teams would not take).
export { isDialPlanName, isPolicyName } from '../domain/planning/teams-names';

import { psQuote } from '../domain/powershell-quote';
import { isUpn } from '../domain/upn';

export { psQuote };

/**
 * Display-only text (names in log lines and records) made plain: control characters and line breaks
 * become spaces for readability, and so do the bidirectional controls (U+202A-U+202E, U+2066-U+2069,
 * U+200E/U+200F, U+061C) - inside a literal they would make an editor show the rest of the line
 * reordered, hiding what the script does from the admin reviewing it ("Trojan Source").
 */
export function psDisplayText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001F\u007F\u0085\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, ' ');
}

/** Like psQuote, for display-only text (log lines): see psDisplayText. */
export function psQuoteText(value: string): string {
  return psQuote(psDisplayText(value));
}

/** An integer literal; anything else is a programming error, never input to pass through. */
export function psInt(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export function psBool(value: boolean): string {
  return value ? '$true' : '$false';
}

/** `@{ Key = 'value'; ... }` as a [pscustomobject]; keys are fixed names from this code, never input. */
export function psRecord(fields: Record<string, string | number | boolean | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) throw new Error(`bad PowerShell key ${key}`);
    const literal =
      value === undefined
        ? '$null'
        : typeof value === 'number'
          ? psInt(value)
          : typeof value === 'boolean'
            ? psBool(value)
            : psQuote(value);
    parts.push(`${key} = ${literal}`);
  }
  return `[pscustomobject]@{ ${parts.join('; ')} }`;
}

/**
 * Appended to each Set-CsPhoneNumberAssignment and Remove-CsPhoneNumberAssignment: module versions before
 * 4.2.1 report a failure by returning an object with Code and Message instead of throwing, so the step
 * would be taken as done. The throw hands it to the script's error handling like any other error.
 */
export const NUMBER_RESULT_CHECK = " | ForEach-Object { if ($_.Code) { throw ('{0}: {1}' -f $_.Code, $_.Message) } }";

/** A PowerShell array of records, one per line (an empty array is `@()`). */
export function psArray(name: string, records: string[], indent = '    '): string {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new Error(`bad PowerShell variable ${name}`);
  if (records.length === 0) return `$${name} = @()`;
  // CRLF like the rest of the script (Windows PowerShell's home); records are one line each.
  return `$${name} = @(\r\n${indent}${records.join(`\r\n${indent}`)}\r\n)`;
}

// --- validation of identifier-like values ---------------------------------------------------------

/** E.164, optionally with a DR extension suffix (`+14255550100;ext=1234`). */
export const E164 = /^\+[1-9][0-9]{1,14}(;ext=[0-9]{1,10})?$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_COUNTRY = /^[A-Z]{2}$/;

export { isUpn };
export const isE164 = (v: string | undefined): v is string => !!v && E164.test(v);
export const isGuid = (v: string | undefined): v is string => !!v && GUID.test(v);
export { isFqdn } from '../domain/fqdn';
export const isCountryCode = (v: string | undefined): v is string => !!v && ISO_COUNTRY.test(v);

/**
 * A .NET regex the cmdlets will accept: compiles in JavaScript too, holds no control characters, and is
 * no longer than the planner makes them (longer ones it splits into several rules or routes).
 */
export function isNumberPattern(v: string | undefined): v is string {
  if (!v || v.length > MAX_TEAMS_PATTERN_LENGTH || /[\u0000-\u001F]/.test(v)) return false;
  try {
    new RegExp(v);
    return true;
  } catch {
    return false;
  }
}

/** A name safe to build other names from (PSTN usage, route): letters, digits, dot, dash, underscore. */
export function psNamePart(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'x';
}
