/**
 * When a wave's cutover happens as an instant: the plan gives a local date and time (the settings'
 * `scheduling.cutoverTime`), the site's time zone turns it into UTC. Neither Graph places nor the
 * settings carry a zone, so a site takes its country's zone when the country has exactly one (from
 * date-holidays, already the planner's calendar) and the tenant default otherwise (the US, Australia,
 * an unknown country). Pure: no clock, no machine time zone.
 */
import Holidays from 'date-holidays';

/** The zone of a country that has exactly one, else undefined. Cached: date-holidays is slow to build. */
const countryZones = new Map<string, string | undefined>();
export function singleZoneOfCountry(countryCode: string | undefined): string | undefined {
  if (!countryCode) return undefined;
  const code = countryCode.toUpperCase();
  if (!countryZones.has(code)) {
    let zones: string[] = [];
    try {
      zones = new Holidays(code).getTimezones() ?? [];
    } catch {
      zones = [];
    }
    countryZones.set(code, zones.length === 1 && isTimeZone(zones[0]) ? zones[0] : undefined);
  }
  return countryZones.get(code);
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(zone, f);
  }
  return f;
}

/** The offset of `zone` from UTC at `instantMs`, in minutes (Berlin in winter: +60). */
function offsetMinutes(zone: string, instantMs: number): number {
  const parts = formatterOf(zone).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60_000);
}

/**
 * The instant of local `date` (yyyy-mm-dd) at `time` (hh:mm) in `zone`. A local time that a DST change
 * skips resolves to the instant just after the gap; a repeated one to its first occurrence.
 */
export function zonedInstant(date: string, time: string, zone: string): Date {
  // Pure, and asked for the same few waves by every subscription of a run: remembered (bounded).
  const key = `${date} ${time} ${zone}`;
  const known = instants.get(key);
  if (known !== undefined) return new Date(known);
  if (instants.size >= 10_000) instants.clear();
  const at = computeZonedInstant(date, time, zone);
  instants.set(key, at);
  return new Date(at);
}

const instants = new Map<string, number>();

function computeZonedInstant(date: string, time: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offsets a day either side (a DST change is one of them at most): the instants they give
  // that read as `wall` locally, earliest first; none in a skipped hour, then the offset before the gap.
  const before = offsetMinutes(zone, wall - 86_400_000);
  const candidates = [...new Set([before, offsetMinutes(zone, wall), offsetMinutes(zone, wall + 86_400_000)])]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => instant + offsetMinutes(zone, instant) * 60_000 === wall)
    .sort((p, q) => p - q);
  return candidates[0] ?? wall - before * 60_000;
}

/** `date` and `time` as they read in `zone` at `instant`, e.g. for "cuts over on 2026-02-10 at 19:00 (Europe/Berlin)". */
export function localDateTime(instant: Date, zone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}
