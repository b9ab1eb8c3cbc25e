/**
 * The plan's unmet constraints, one entry per code: a short label an admin reads instead of the code,
 * and what to do about it. A plan names each unmet constraint once per group, site, block or reason
 * (a 100,000-user plan has about 150), so the tab groups them by code under these labels, and the
 * rollout workbook's Blocked and readiness sheet gives each its fix. Free of the planner's dependencies, so the tab
 * bundles it alone.
 */
export interface ConstraintDefinition {
  code: string;
  label: string;
  fix: string;
}

/** The catalogue, in the order a plan meets them (numbers, groups, operators, capacity, ports, dates, dial plans, pins). */
export const PLAN_CONSTRAINTS = [
  {
    code: 'number-claimed-twice',
    label: 'A number claimed by two people',
    fix: 'Correct the PBX line owners or the business phones so that each number belongs to one person, then plan again.',
  },
  {
    code: 'group-partly-stays-on-pbx',
    label: 'A migration group split between the PBX and Teams',
    fix: 'Decide the same path for the whole group (its members who stay on the PBX too), or keep the whole group on the PBX: hunting, pickup and delegation do not span the two systems.',
  },
  {
    code: 'operator-unknown',
    label: 'An operator the settings do not know',
    fix: 'Add the operator (with its countries and lead times) to the settings, or name a known operator in the site decision or override.',
  },
  {
    code: 'group-exceeds-wave-capacity',
    label: 'A migration group larger than a wave',
    fix: 'Raise the wave capacity (scheduling.waveCapacity), or split the group in the PBX: a group never splits across waves.',
  },
  {
    code: 'wave-capacity-zero',
    label: 'A wave capacity of zero',
    fix: 'Set scheduling.waveCapacity above zero for users, sites and numbers.',
  },
  {
    code: 'max-waves-reached',
    label: 'More people than the wave limit holds',
    fix: 'Raise scheduling.maxWaves or the wave capacity, or keep more sites on the PBX for now.',
  },
  {
    code: 'no-cutover-date',
    label: 'No cutover date free before the horizon',
    fix: 'Free a date: check the cutover weekdays, change freezes, blackouts and holidays, or extend the planning horizon.',
  },
  {
    code: 'lead-time-beyond-horizon',
    label: 'The earliest cutover falls after the planning horizon',
    fix: 'Extend the planning horizon, or shorten what sets the earliest date (a port or SBC lead time, a readiness date).',
  },
  {
    code: 'whole-block-port-split',
    label: 'A block the carrier ports only whole, planned in parts',
    fix: 'Move the block’s ported numbers (Operator Connect or Calling Plan) into one wave and to one path, port the whole block (its other numbers move too) or keep the block on the PBX.',
  },
  {
    code: 'btn-in-partial-port',
    label: 'A billing number (BTN) in a partial port',
    fix: 'Ask the carrier to move the account’s BTN to a number that stays, or port the whole account in one wave.',
  },
  {
    code: 'btn-waits-for-final-port',
    label: 'A BTN’s user cuts over before the account’s final port',
    fix: 'Give the BTN’s user a temporary number until the final port, or pin them to the final port’s wave.',
  },
  {
    code: 'btn-holder-before-final-port',
    label: 'A BTN holder cannot wait for the account’s final port',
    fix: 'Give the BTN holder a temporary number, or pin the groups that depend on each other to one wave.',
  },
  {
    code: 'port-orders-overlap',
    label: 'Two port orders of one carrier account pending at once',
    fix: 'Ask the losing carrier whether it accepts a second port request while one is pending; if not, space the account’s waves by the port lead time (pin them) or port its numbers in one wave.',
  },
  {
    code: 'number-outside-known-blocks',
    label: 'Operator Connect numbers in no imported DID block',
    fix: 'Import the DID blocks that hold them (carrier account and BTN), then plan again before submitting port orders.',
  },
  {
    code: 'main-number-before-blocked-people',
    label: 'A site’s main number moves while some of its people are blocked',
    fix: 'Clear the blocked people’s blockers before the wave, or until then give the Teams auto attendant a menu option that transfers to their PBX numbers: the Teams directory does not know them.',
  },
  {
    code: 'shared-calling-without-main-number',
    label: 'Shared Calling people without their site’s main number in Teams',
    fix: 'Move the site’s main number with them: decide a Teams path for the people staying on the PBX there, or clear their blockers; until then the people keep their PBX extensions.',
  },
  {
    code: 'decommission-date-missed',
    label: 'Cutovers on or after the PBX decommission date',
    fix: 'Move the decommission date later, or bring the site forward: pin it to an earlier wave, raise the wave capacity or shorten the lead time named.',
  },
  {
    code: 'decommission-with-people-left',
    label: 'People left on a PBX being decommissioned',
    fix: 'Clear their blockers or decide a Teams path for those staying on the PBX before the decommission date, or move the date.',
  },
  {
    code: 'extension-without-number',
    label: 'Extensions Teams cannot reach',
    fix: 'Import the site’s number blocks (the BTN, or the first number, is the main number Teams dials the PBX with ;ext=), or give the extensions DIDs.',
  },
  {
    code: 'extension-is-emergency-number',
    label: 'Extensions that are emergency numbers',
    fix: 'Give the extension another number before its people move: in Teams, dialing it reaches emergency services, not the extension.',
  },
  {
    code: 'extension-is-service-number',
    label: 'Extensions that are national service numbers',
    fix: 'Give the extension another number before its people move: in Teams, dialing it reaches the national service (711 relay, 988 crisis line...), not the extension.',
  },
  {
    code: 'dial-plan-rule-limit',
    label: 'A dial plan over its normalisation-rule limit',
    fix: 'Renumber extensions into fewer, unique ranges, or dial the full number across sites.',
  },
  {
    code: 'pin-not-honoured',
    label: 'A pin the plan could not keep',
    fix: 'Clear what holds the pinned people back (blockers, lead times, capacity), pin them to a later wave, or remove the pin.',
  },
] as const satisfies readonly ConstraintDefinition[];

export type ConstraintCode = (typeof PLAN_CONSTRAINTS)[number]['code'];

const BY_CODE = new Map<string, ConstraintDefinition>(PLAN_CONSTRAINTS.map((c) => [c.code, c]));

/** What an admin reads for a constraint: its label, or the code itself for a code this build does not know (an older plan's). */
export function constraintLabel(code: string): string {
  return BY_CODE.get(code)?.label ?? code;
}

/** What to do about a constraint; a code this build does not know gets the general advice. */
export function constraintFix(code: string): string {
  return BY_CODE.get(code)?.fix ?? 'Change the settings or the inputs named in the problem, then plan again.';
}

export interface ConstraintGroup<T> {
  code: string;
  label: string;
  fix: string;
  /** How many constraints of this kind there are (`items` may list only the first ones). */
  count: number;
  items: T[];
}

/** The constraints grouped by code, the largest group first (then by label), each group in the plan's order. */
export function groupConstraints<T extends { code: string }>(unmet: readonly T[]): ConstraintGroup<T>[] {
  const counts = new Map<string, number>();
  for (const u of unmet) counts.set(u.code, (counts.get(u.code) ?? 0) + 1);
  return constraintKinds([...counts].map(([code, count]) => ({ code, count })), unmet);
}

/**
 * The kinds of constraints from their counts (every constraint of the plan), each with the listed ones
 * of its kind (a stored plan's summary lists the first few), ordered as groupConstraints orders them.
 */
export function constraintKinds<T extends { code: string }>(counts: readonly { code: string; count: number }[], listed: readonly T[]): ConstraintGroup<T>[] {
  const kinds = new Map<string, ConstraintGroup<T>>(counts.map(({ code, count }) => [code, { code, label: constraintLabel(code), fix: constraintFix(code), count, items: [] }]));
  for (const u of listed) kinds.get(u.code)?.items.push(u);
  return [...kinds.values()].sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
}
