/** Lead times of porting the planner assumes where the settings and the inventory say nothing more. Free of dependencies, so the tab bundles it alone. */

/**
 * Calendar days from a complete port request to the port date when Microsoft is the gaining carrier
 * (a PBX number ported to become a Calling Plan number), where the settings do not say for the
 * country: the usual 7-14 days after a complete request, at its upper end.
 */
export const DEFAULT_CALLING_PLAN_PORT_LEAD_DAYS = 14;

/**
 * Calendar days to have a carrier lift a freeze on an account (a local service freeze, port-out
 * protection) before its port request can be submitted: it usually takes one to three weeks.
 */
export const CARRIER_FREEZE_LIFT_DAYS = 21;
