/**
 * Validates one row of a DID-block export: first and last number (or a count) in the block's country,
 * carrier, account and BTN, port constraint and port type (full or partial). Overlaps and BTN placement
 * are checked across rows later.
 */
import type { NumberBlock, PortConstraint } from '../domain/pbx-inventory';
import type { BlockField } from './column-aliases';
import type { ResolvedColumns } from './column-mapping';
import { parseCountry } from './cell-values';
import type { IssueLog } from './issue-log';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { DidResult } from './phone-number';
import { addToE164, normaliseDid, spanOf } from './phone-number';
import type { SiteResolver } from './site-resolver';
import type { TableRow } from './table-source';

/** Larger "blocks" are typing mistakes (a wrong last number), not carrier blocks. */
export const MAX_BLOCK_SIZE = 1_000_000;

/** A block as its own row tells it (`btn` = the BTN written on this row), before ids and BTN spreading. */
export type BlockDraft = Omit<NumberBlock, 'id' | 'btnInBlock' | 'source'> & {
  row: number;
  /** The first number as written with its trailing x's ("+44 20 7946 0xxx"): the block is every number it covers. */
  pattern?: string;
};

export interface BlockParseContext {
  file: string;
  columns: ResolvedColumns<BlockField>;
  sites: SiteResolver;
  defaultCountry?: string;
  issues: IssueLog;
  /** BTNs normalised so far, by country and text: every block of an account repeats its BTN. */
  btns: Map<string, DidResult>;
}

export function parsePortConstraint(text: string): PortConstraint | undefined {
  const t = text.trim().toLowerCase().replace(/[^a-z]/g, '');
  if (t === '' || ['partial', 'partialallowed', 'partialok', 'yes', 'y', 'true', 'any', 'split', 'splitallowed'].includes(t)) return 'partial-allowed';
  if (['whole', 'wholeblock', 'wholeblockonly', 'full', 'fullonly', 'all', 'allornothing', 'no', 'n', 'false', 'nosplit', 'entire'].includes(t)) return 'whole-block';
  return undefined;
}

/**
 * A Port Type cell: true for a partial port of the account (the BTN stays with the carrier), false for a
 * full port or an empty cell, undefined when the text is neither.
 */
export function parsePartialPort(text: string): boolean | undefined {
  const t = text.trim().toLowerCase().replace(/[^a-z]/g, '');
  if (['partial', 'partialport', 'yes', 'y', 'true'].includes(t)) return true;
  if (['', 'full', 'fullport', 'whole', 'no', 'n', 'false'].includes(t)) return false;
  return undefined;
}

/** A Port Freeze cell: true for a frozen account, false for none or an empty cell, undefined when the text is neither. */
export function parsePortFreeze(text: string): boolean | undefined {
  // 1 and 0, as exports write booleans, before the letters-only reading below would make both empty.
  if (text.trim() === '1') return true;
  if (text.trim() === '0') return false;
  const t = text.trim().toLowerCase().replace(/[^a-z]/g, '');
  if (['yes', 'y', 'true', 'frozen', 'freeze', 'locked', 'lock', 'protected', 'on'].includes(t)) return true;
  if (['', 'no', 'n', 'false', 'none', 'lifted', 'unlocked', 'off'].includes(t)) return false;
  return undefined;
}

/** An Asterisk dialplan destination, "context,extension,priority" (FreePBX inbound routes). */
const DIALPLAN_DESTINATION = /^[a-z][\w-]*,[^,\s]*,\d+$/i;
/** The destination FreePBX writes for a DID routed straight to an extension. */
const DIRECT_TO_EXTENSION = /^from-did-direct,(\d{1,15}),\d+$/i;

/** Whether two E.164 numbers have the same country calling code (parses both). */
function sameCountry(a: string, b: string): boolean {
  const pa = parsePhoneNumberFromString(a);
  const pb = parsePhoneNumberFromString(b);
  return !!pa && !!pb && pa.countryCallingCode === pb.countryCallingCode;
}

export function parseBlockRow(ctx: BlockParseContext, { row, cells }: TableRow): BlockDraft | undefined {
  const { columns, issues, file } = ctx;
  const get = (f: BlockField): string => {
    const i = columns.index[f];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const col = (f: BlockField): string => columns.header[f] ?? f;
  let ok = true;
  const fail = (f: BlockField, reason: string) => {
    ok = false;
    issues.error(file, row, col(f), reason);
  };

  const siteName = get('site') || undefined;
  const site = siteName ? ctx.sites.resolve(siteName) : undefined;
  let country = site?.countryCode;
  const countryText = get('country');
  if (countryText) {
    const parsed = parseCountry(countryText);
    if (!parsed) fail('country', `unknown country "${countryText}": use a two-letter ISO code such as US, GB, DE`);
    else if (!country) country = parsed;
  }
  country ??= ctx.defaultCountry;

  let first: string | undefined;
  // Its country calling code, from the parse that validated it: the last number must share it.
  let firstCallingCode: string | undefined;
  let firstText = get('first');
  let lastText = get('last');
  // "+44 20 7946 0xxx": the block is 0000..0999 of that number, and extensions map onto it (Avaya DID blocks).
  let pattern: string | undefined;
  if (/\d[xX]+\s*$/.test(firstText)) {
    pattern = firstText.trim();
    firstText = pattern.replace(/[xX]/g, '0');
    if (!lastText && !get('count')) lastText = pattern.replace(/[xX]/g, '9');
  }
  let extensions = get('extensions');
  // FreePBX inbound routes name where the DID goes as a dialplan destination: the extension of a direct
  // route, or a ring group, queue or IVR (the number still has to be ported, but reaches no one line).
  let routedTo: string | undefined;
  if (DIALPLAN_DESTINATION.test(extensions)) {
    routedTo = extensions;
    extensions = DIRECT_TO_EXTENSION.exec(routedTo)?.[1] ?? '';
    if (!firstText) {
      issues.warning(file, row, col('first'), `an inbound route for any DID (no number) to ${routedTo}: not a number to port, skipped`);
      return undefined;
    }
    if (!lastText && !get('count')) lastText = firstText;
  }
  // A DID file row (a number and the extension it reaches) is a block of that one number.
  if (!pattern && !lastText && !get('count') && /^\d{1,15}$/.test(extensions)) lastText = firstText;
  if (!firstText) fail('first', 'missing first number of the block');
  else {
    const r = normaliseDid(firstText, country);
    if (r.ok) {
      first = r.e164;
      firstCallingCode = r.countryCallingCode;
    } else fail('first', `invalid number: ${r.reason}`);
  }

  let last: string | undefined;
  const countText = get('count');
  if (lastText && first) {
    const digits = lastText.replace(/\D/g, '');
    // Known when the last number was parsed; a completed short form is parsed by sameCountry instead.
    let lastCallingCode: string | undefined;
    if (!lastText.startsWith('+') && digits.length > 0 && digits.length < 7 && /^[\d\s-]+$/.test(lastText)) {
      // "last: 0199" = the last digits of the block's final number.
      last = first.slice(0, first.length - digits.length) + digits;
    } else {
      const r = normaliseDid(lastText, country);
      if (r.ok) {
        last = r.e164;
        lastCallingCode = r.countryCallingCode;
      } else fail('last', `invalid number: ${r.reason}`);
    }
    const sameCallingCode = lastCallingCode !== undefined ? lastCallingCode === firstCallingCode : last !== undefined && sameCountry(first, last);
    if (last && (last.length !== first.length || last < first || !sameCallingCode)) {
      fail('last', `last number ${last} does not follow first number ${first} (same length, not lower)`);
      last = undefined;
    }
  }
  let count: number | undefined;
  if (countText) {
    const n = Number(countText.replace(/[\s,]/g, ''));
    if (!Number.isInteger(n) || n < 1) fail('count', `invalid count "${countText}": expected a whole number of at least 1`);
    else count = n;
  }
  if (!lastText && !countText) fail('last', 'give the last number of the block or its count');
  if (first && count !== undefined) {
    if (last === undefined && !lastText) {
      last = addToE164(first, BigInt(count - 1));
      // The sum may carry into the country code (+1999... + 1 = +2000...): the last number must be valid too.
      const check = last ? normaliseDid(last, undefined) : undefined;
      if (!last || !check?.ok || check.countryCallingCode !== firstCallingCode) {
        fail('count', `${count} numbers from ${first} run past the end of its number range`);
        last = undefined;
      }
    } else if (last !== undefined && spanOf(first, last) !== BigInt(count)) {
      fail('count', `count ${count} disagrees with ${first}..${last}, which holds ${spanOf(first, last)} numbers`);
    }
  }
  if (first && last && spanOf(first, last) > BigInt(MAX_BLOCK_SIZE)) {
    fail('last', `block ${first}..${last} holds ${spanOf(first, last)} numbers; more than ${MAX_BLOCK_SIZE} is not a carrier DID block (check the last number)`);
  }

  let btn: string | undefined;
  const btnText = get('btn');
  if (btnText) {
    const key = `${country ?? ''}|${btnText}`;
    let r = ctx.btns.get(key);
    if (!r) ctx.btns.set(key, (r = normaliseDid(btnText, country)));
    if (r.ok) btn = r.e164;
    else fail('btn', `invalid number: ${r.reason}`);
  }
  const portText = get('portConstraint');
  const portConstraint = parsePortConstraint(portText);
  if (!portConstraint) fail('portConstraint', `unknown port constraint "${portText}": expected "whole-block" or "partial-allowed"`);
  const portTypeText = get('portType');
  const partialPort = parsePartialPort(portTypeText);
  if (partialPort === undefined) fail('portType', `unknown port type "${portTypeText}": expected "full" or "partial" (a partial port leaves the account's BTN with the carrier)`);
  const freezeText = get('portFreeze');
  const portFreeze = parsePortFreeze(freezeText);
  if (portFreeze === undefined) fail('portFreeze', `unknown port freeze "${freezeText}": expected "yes" (the account is frozen with its carrier) or "no"`);

  let carrier = get('carrier');
  if (!ok || !first || !last || !portConstraint) return undefined;
  if (!carrier) {
    issues.warning(file, row, col('carrier'), 'no carrier given: porting orders for this block cannot be planned until it is known');
    carrier = 'unknown';
  }
  const draft: BlockDraft = { row, first, last, count: Number(spanOf(first, last)), carrier, portConstraint };
  const trunk = get('trunk');
  if (trunk) draft.trunk = trunk;
  const account = get('account');
  if (account) draft.accountNumber = account;
  if (btn) draft.btn = btn;
  if (partialPort) draft.partialPort = true;
  if (portFreeze) draft.portFreeze = true;
  if (siteName) draft.siteName = siteName;
  if (site) draft.siteId = site.siteId;
  const dest = get('currentDestination') || routedTo;
  if (dest) draft.currentDestination = dest;
  if (extensions) draft.extensions = extensions;
  else if (pattern) draft.extensions = pattern;
  if (pattern) draft.pattern = pattern;
  return draft;
}
