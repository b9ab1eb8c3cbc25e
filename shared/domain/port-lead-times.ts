/**
 * Calendar days from a complete port request to the port date when Microsoft is the gaining carrier
 * (a PBX number ported to become a Calling Plan number), where the settings do not say for the
 * country: the usual 7-14 days after a complete request, at its upper end. Free of dependencies, so
 * the tab bundles it alone.
 */
export const DEFAULT_CALLING_PLAN_PORT_LEAD_DAYS = 14;
