/**
 * How a moving main number's new auto attendant will answer, from the site's settings as they are now:
 * the call handling the cutover runbook builds (attendantCallHandling, main-number-set-ups.ts), for a page
 * of main numbers the wave panel, `vmp status --groups` and the API list. One site record read by key per
 * row; the holiday calendars are kept per process.
 */
import { formatBusinessHours } from '../domain/business-hours';
import type { PlanningSettings } from '../domain/planning-settings';
import { attendantCallHandling } from '../export/main-number-set-ups';
import type { Store } from '../store/store';
import { loadSnapshotSite } from './snapshot-repository';

export interface MainNumberAnswering {
  /** The tenant's own resource account the site's settings name; absent: the runbook creates one. */
  account?: string;
  /** Who "0" reaches (the site's settings); absent: no operator. */
  operator?: string;
  languageId: string;
  timeZoneId: string;
  /** The site's business hours as one line; absent: open at all hours. */
  businessHours?: string;
  /** The public holidays it answers as holidays: their calendar ("DE-BY"), how many, and up to when. */
  holidays?: { calendar: string; count: number; to: string };
}

/** Each main number with how its attendant will answer, set up on the wave's date `cutover`. */
export async function withAnswering<T extends { siteId: string }>(
  store: Store,
  tenantId: string,
  items: readonly T[],
  cutover: string,
  settings: Pick<PlanningSettings, 'sites'> | undefined,
): Promise<(T & { answering: MainNumberAnswering })[]> {
  const attributes = new Map((settings?.sites ?? []).map((a) => [a.siteId, a]));
  return Promise.all(
    items.map(async (m) => {
      const site = await loadSnapshotSite(store, tenantId, m.siteId);
      const attrs = attributes.get(m.siteId);
      const { locale, holidays, businessHours } = attendantCallHandling(site?.countryCode, attrs, cutover);
      const answering: MainNumberAnswering = {
        ...(attrs?.autoAttendantAccount && { account: attrs.autoAttendantAccount }),
        ...(attrs?.operator && { operator: attrs.operator }),
        languageId: locale.languageId,
        timeZoneId: locale.timeZoneId,
        ...(businessHours && { businessHours: formatBusinessHours(businessHours) }),
        ...(holidays && { holidays: { calendar: holidays.calendar, count: holidays.schedules.length, to: holidays.to } }),
      };
      return { ...m, answering };
    }),
  );
}
