/**
 * How a moving main number's new auto attendant will answer, from the site's settings as they are now:
 * the call handling the cutover runbook builds (attendantCallHandling, main-number-set-ups.ts), for a page
 * of main numbers the wave panel, `vmp status --groups` and the API list. One site record read by key per
 * row; the holiday calendars are kept per process.
 */
import { formatBusinessHours } from '../domain/business-hours';
import type { AttendantAnswering } from '../domain/migration-group-labels';
import type { PlanningSettings, SiteAttributes } from '../domain/planning-settings';
import { attendantCallHandling } from '../export/main-number-set-ups';
import type { Store } from '../store/store';
import { loadSnapshotSite } from './snapshot-repository';

/** The wave panel's, the CLI's and the routing answer's name for it. */
export type MainNumberAnswering = AttendantAnswering;

/** How a site's attendant set up on `cutover` will answer, from its country and its attributes in the settings. */
export function answeringOf(countryCode: string | undefined, attributes: SiteAttributes | undefined, cutover: string): AttendantAnswering {
  const { locale, holidays, businessHours, operator } = attendantCallHandling(countryCode, attributes, cutover);
  return {
    ...(attributes?.autoAttendantAccount && { account: attributes.autoAttendantAccount }),
    ...(operator && { operator }),
    languageId: locale.languageId,
    timeZoneId: locale.timeZoneId,
    ...(businessHours && { businessHours: formatBusinessHours(businessHours) }),
    ...(holidays && { holidays: { calendar: holidays.calendar, count: holidays.schedules.length, to: holidays.to } }),
  };
}

/** Each main number with how its attendant will answer, set up on the wave's date `cutover`: one site record read by key per row. */
export async function withAnswering<T extends { siteId: string }>(
  store: Store,
  tenantId: string,
  items: readonly T[],
  cutover: string,
  settings: Pick<PlanningSettings, 'sites'> | undefined,
): Promise<(T & { answering: AttendantAnswering })[]> {
  const attributes = new Map((settings?.sites ?? []).map((a) => [a.siteId, a]));
  return Promise.all(
    items.map(async (m) => ({ ...m, answering: answeringOf((await loadSnapshotSite(store, tenantId, m.siteId))?.countryCode, attributes.get(m.siteId), cutover) })),
  );
}
