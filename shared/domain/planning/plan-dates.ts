/**
 * Calendar arithmetic on yyyy-mm-dd strings, always in UTC so that a plan never depends on the
 * machine's time zone. Day numbers (days since 1970-01-01) make comparisons and steps cheap.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function toDay(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`expected a date as yyyy-mm-dd, got "${date}"`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

export function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDay(toDay(date) + days);
}

/** 1 = Monday ... 7 = Sunday (ISO), as the settings spell weekdays. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}
