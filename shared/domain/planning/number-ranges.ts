/**
 * Consecutive numbers as ranges, and ranges as compact regular expressions: SBC rules, Teams
 * unassigned-number patterns, voice routes and dial-plan rules all take regexes, and one rule per
 * number would not scale (nor fit the 50-rule dial plan limit).
 */

/**
 * The longest number pattern the plan gives Teams (a voice route's NumberPattern, a dial-plan rule's
 * Pattern, an unassigned-number treatment's Pattern); the runbooks refuse longer ones. Extensions and
 * numbers left on the PBX are rarely consecutive in a large site - 2,500 DIDs scattered over a block
 * made a 3,400-character regex - so a pattern that would be longer is split into several (see
 * chunkedPatterns), each its own rule or route.
 */
export const MAX_TEAMS_PATTERN_LENGTH = 500;

export interface DigitRange {
  /** Inclusive bounds, digit strings of equal length (leading zeros kept). */
  first: string;
  last: string;
}

/** E.164 digits as a number: at most 15 digits, well inside the safe integer range. */
export function e164ToNumber(e164: string): number {
  return Number(e164.startsWith('+') ? e164.slice(1) : e164);
}

export function numberToE164(value: number): string {
  return `+${value}`;
}

/** Sorted, de-duplicated values merged into runs of consecutive values. */
export function mergeConsecutive(sortedValues: readonly number[]): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  for (const v of sortedValues) {
    const cur = out[out.length - 1];
    if (cur && v <= cur.last + 1) {
      if (v > cur.last) cur.last = v;
    } else out.push({ first: v, last: v });
  }
  return out;
}

/** Ranges of [first, last] not covered by the sorted, merged `taken` runs. */
export function complementRanges(
  first: number,
  last: number,
  taken: readonly { first: number; last: number }[],
): { first: number; last: number }[] {
  const out: { first: number; last: number }[] = [];
  let next = first;
  for (const t of taken) {
    if (t.last < next) continue;
    if (t.first > last) break;
    if (t.first > next) out.push({ first: next, last: Math.min(t.first - 1, last) });
    next = Math.max(next, t.last + 1);
  }
  if (next <= last) out.push({ first: next, last });
  return out;
}

function digitClass(lo: number, hi: number): string {
  if (lo === hi) return String(lo);
  if (lo === 0 && hi === 9) return '\\d';
  if (hi === lo + 1) return `[${lo}${hi}]`;
  return `[${lo}-${hi}]`;
}

function anyDigits(n: number): string {
  if (n <= 0) return '';
  return n <= 3 ? '\\d'.repeat(n) : `\\d{${n}}`;
}

/**
 * Regex alternatives (no anchors) that match exactly the digit strings in [lo, hi], both of equal
 * length. The classic split: common prefix, a lower partial range, full middle digits, an upper
 * partial range; a side that is already "all zeros"/"all nines" folds into the middle.
 */
export function digitRangeAlternatives(lo: string, hi: string): string[] {
  if (lo.length !== hi.length) throw new RangeError(`range bounds must have the same length: ${lo}..${hi}`);
  if (lo > hi) throw new RangeError(`range is empty: ${lo}..${hi}`);
  let p = 0;
  while (p < lo.length && lo[p] === hi[p]) p++;
  const prefix = lo.slice(0, p);
  if (p === lo.length) return [prefix];
  const a = lo.slice(p);
  const b = hi.slice(p);
  const rest = a.length - 1;
  const aTailZero = /^0*$/.test(a.slice(1));
  const bTailNine = /^9*$/.test(b.slice(1));
  const a0 = Number(a[0]);
  const b0 = Number(b[0]);
  const out: string[] = [];
  const midLo = aTailZero ? a0 : a0 + 1;
  const midHi = bTailNine ? b0 : b0 - 1;
  if (!aTailZero) for (const alt of digitRangeAlternatives(a.slice(1), '9'.repeat(rest))) out.push(`${prefix}${a[0]}${alt}`);
  if (midLo <= midHi) out.push(`${prefix}${digitClass(midLo, midHi)}${anyDigits(rest)}`);
  if (!bTailNine) for (const alt of digitRangeAlternatives('0'.repeat(rest), b.slice(1))) out.push(`${prefix}${b[0]}${alt}`);
  return out;
}

function commonPrefix(values: readonly string[]): string {
  if (values.length === 0) return '';
  let p = values[0];
  for (const v of values) {
    let i = 0;
    while (i < p.length && i < v.length && p[i] === v[i]) i++;
    p = p.slice(0, i);
    if (!p) break;
  }
  return p;
}

/** Wraps alternatives as `^<lead><common prefix>(a|b)$`, factoring the shared prefix out. */
function anchored(lead: string, alternatives: readonly string[]): string {
  if (alternatives.length === 1) return `^${lead}${alternatives[0]}$`;
  // Never cut a `\d`, a class or a quantifier in half: shorten the prefix to plain digits.
  let prefix = commonPrefix(alternatives);
  const plain = /^\d*/.exec(prefix)![0];
  prefix = plain;
  const tails = alternatives.map((a) => a.slice(prefix.length) || '');
  return `^${lead}${prefix}(${tails.join('|')})$`;
}

/** `numberRangeToRegex('+14255550100', '+14255550199')` -> `^\+14255550(1\d\d)$`-like regex. */
export function numberRangeToRegex(first: string, last: string): string {
  return numbersRangesToRegex([{ first, last }]);
}

/** One regex for several E.164 ranges (each first/last of equal length). */
export function numbersRangesToRegex(ranges: readonly DigitRange[]): string {
  const alts: string[] = [];
  for (const r of ranges) alts.push(...digitRangeAlternatives(r.first.replace(/^\+/, ''), r.last.replace(/^\+/, '')));
  return anchored('\\+', alts);
}

/** One regex (capturing the whole string as $1) for ranges of extension digits. */
export function extensionRangesToRegex(ranges: readonly DigitRange[]): string {
  const alts: string[] = [];
  for (const r of ranges) alts.push(...digitRangeAlternatives(r.first, r.last));
  return `^(${alts.join('|')})$`;
}

/** E.164 number runs -> DigitRange list, for the regex builders. */
export function runsToRanges(runs: readonly { first: number; last: number }[]): DigitRange[] {
  return runs.map((r) => ({ first: numberToE164(r.first), last: numberToE164(r.last) }));
}

/**
 * Consecutive slices of `ranges` (in their order) whose regexes, built by `toRegex`, are each at most
 * `maxLength` long, with the fewest slices a greedy cut gives: one pattern when the whole fits. A
 * regex only grows as ranges are added (more alternatives, a shorter shared prefix), so the longest
 * slice that fits is found by doubling and then halving. A single range longer than the limit (it
 * cannot be: one range is a few alternatives) is still returned alone, for the exporter to refuse.
 */
export function chunkedPatterns<R>(ranges: readonly R[], toRegex: (slice: readonly R[]) => string, maxLength = MAX_TEAMS_PATTERN_LENGTH): { pattern: string; ranges: readonly R[] }[] {
  if (ranges.length === 0) return [];
  const whole = toRegex(ranges);
  if (whole.length <= maxLength) return [{ pattern: whole, ranges }];
  const out: { pattern: string; ranges: readonly R[] }[] = [];
  for (let from = 0; from < ranges.length; ) {
    const fits = (count: number) => toRegex(ranges.slice(from, from + count)).length <= maxLength;
    // The largest count that fits lies in [good, bad).
    let good = 1;
    let bad = 2;
    while (from + bad - 1 < ranges.length && fits(bad)) {
      good = bad;
      bad *= 2;
    }
    bad = Math.min(bad, ranges.length - from + 1);
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      if (fits(mid)) good = mid;
      else bad = mid;
    }
    const slice = ranges.slice(from, from + good);
    out.push({ pattern: toRegex(slice), ranges: slice });
    from += good;
  }
  return out;
}
