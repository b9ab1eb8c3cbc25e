/**
 * Public holidays that matter to the stored plan, for the wave timeline: those at the plan's sites
 * (their country and region) on an allowed cutover weekday between the first and the last wave - the
 * days a wave could not take. Worked out by the plan build from its waves, the snapshot's sites and the
 * settings it was built with, and stored beside the plan: a few thousand lookups, never the tenant's people.
 */
import { sharedHolidayLookup, type HolidayLookup } from '../domain/planning/cutover-calendar';
import { fromDay, isoWeekday, toDay } from '../domain/planning/plan-dates';
import type { PlanningSettings } from '../domain/planning-settings';
import type { Site } from '../domain/tenant-snapshot';
import type { Store } from '../store/store';
import type { DecisionService } from './decision-service';
import type { PlanWaveRow } from './plan-read-model';
import type { PlanService } from './plan-service';
import { loadSnapshotSites } from './snapshot-repository';

export interface PlanHoliday {
  date: string;
  name: string;
  /** Country (and region) codes where it is a public holiday, e.g. `US`, `DE-BY`. */
  places: string[];
  /** Plan sites it falls on. */
  sites: number;
}

export interface PlanHolidays {
  from?: string;
  to?: string;
  holidays: PlanHoliday[];
}

/** At most this many days are searched (a plan spans up to three years). */
const MAX_DAYS = 3 * 366;

/**
 * Written with the plan (same commit, `builtAt` naming the plan it belongs to): the plan build has the
 * waves, sites and settings in hand and its holiday calendars already evaluated, where a request would
 * evaluate a calendar per country, region and year on the event loop (~3 ms each: 0.3 s for the 100k
 * demo's 29 places, seconds for a 2,000-site tenant).
 */
export const PLAN_HOLIDAYS_DOCUMENT = 'plan.holidays';

export interface StoredPlanHolidays extends PlanHolidays {
  builtAt: string;
}

export function createPlanHolidays(store: Store, plan: PlanService, decisions: DecisionService, lookup: HolidayLookup = sharedHolidayLookup()) {
  // The answer per tenant, while the plan and the settings it was read with stay the same.
  const cache = new Map<string, { key: string; answer: PlanHolidays }>();
  return async function planHolidays(tenantId: string): Promise<PlanHolidays> {
    const [{ waves, builtAt }, stored] = await Promise.all([plan.waves(tenantId), store.getDocument<StoredPlanHolidays>(tenantId, PLAN_HOLIDAYS_DOCUMENT)]);
    if (stored?.data.builtAt === builtAt) {
      const { builtAt: _, ...answer } = stored.data;
      return answer;
    }
    // A plan stored before its holidays were: worked out here, once per plan and settings version.
    const key = `${builtAt}|${await decisions.getSettingsVersion(tenantId)}`;
    const hit = cache.get(tenantId);
    if (hit?.key === key) return hit.answer;
    const [sites, doc] = await Promise.all([loadSnapshotSites(store, tenantId), decisions.getSettings(tenantId)]);
    const answer = planHolidaysOf(waves, sites, doc.settings as Partial<PlanningSettings>, lookup);
    cache.set(tenantId, { key, answer });
    if (cache.size > 100) cache.delete(cache.keys().next().value!);
    return answer;
  };
}

/** The public holidays at the waves' sites (their country, and region from the settings) on allowed cutover weekdays between the first and the last wave. */
export function planHolidaysOf(waves: readonly Pick<PlanWaveRow, 'date' | 'siteIds'>[], sites: readonly Pick<Site, 'id' | 'countryCode'>[], settings: Partial<PlanningSettings>, lookup: HolidayLookup): PlanHolidays {
  if (waves.length === 0) return { holidays: [] };
  const from = waves[0].date;
  const to = waves[waves.length - 1].date;
  const weekdays = new Set(settings.scheduling?.cutoverWeekdays ?? [2, 3, 4]);
  const region = new Map((settings.sites ?? []).map((s) => [s.siteId, s.region]));
  const country = new Map(sites.map((s) => [s.id, s.countryCode]));
  // Places (country + region) of the plan's sites, with how many sites each has.
  const places = new Map<string, { country: string; region?: string; sites: number }>();
  for (const id of new Set(waves.flatMap((w) => w.siteIds))) {
    const c = country.get(id);
    if (!c) continue;
    const r = region.get(id);
    const key = r ? `${c}-${r}` : c;
    const p = places.get(key);
    if (p) p.sites++;
    else places.set(key, { country: c, region: r, sites: 1 });
  }
  const byDay = new Map<string, PlanHoliday>();
  const last = Math.min(toDay(to), toDay(from) + MAX_DAYS);
  for (let day = toDay(from); day <= last; day++) {
    if (!weekdays.has(isoWeekday(day))) continue;
    const date = fromDay(day);
    for (const [key, p] of places) {
      const name = lookup.holidayName(date, p.country, p.region);
      if (!name) continue;
      const k = `${date}|${name}`;
      const h = byDay.get(k);
      if (h) {
        h.places.push(key);
        h.sites += p.sites;
      } else byDay.set(k, { date, name, places: [key], sites: p.sites });
    }
  }
  const holidays = [...byDay.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.name < b.name ? -1 : 1));
  for (const h of holidays) h.places.sort();
  return { from, to, holidays };
}
