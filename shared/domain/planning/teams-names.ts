/**
 * Names the plan gives Teams objects, kept within Teams' limits. Site ids are slugs of whatever the
 * tenant calls its offices ("Contoso Headquarters Building 25 - Redmond Campus"), so a name built from
 * one can be longer than Teams takes: a tenant dial plan's Identity is at most 49 characters, and the
 * runbooks accept at most 64 for the other names (voice routes, normalisation rules).
 */

/** Longest Identity of a tenant dial plan (New-CsTenantDialPlan). */
export const MAX_DIAL_PLAN_NAME_LENGTH = 49;
/** Longest name the runbooks give a voice route or a normalisation rule (see isPolicyName). */
export const MAX_TEAMS_NAME_LENGTH = 64;

/** Policy, dial plan, usage, route and rule names: what the Teams admin center itself accepts, roughly. */
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;

/** A name Teams takes for a policy, usage, voice route or normalisation rule (no trailing space). */
export const isPolicyName = (v: string | undefined): v is string => !!v && POLICY_NAME.test(v) && !/\s$/.test(v);
/** A tenant dial plan's Identity: letters, digits, '-' and '.', at most 49 characters (New-CsTenantDialPlan). */
const DIAL_PLAN_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9.-]{0,${MAX_DIAL_PLAN_NAME_LENGTH - 1}}$`);
export const isDialPlanName = (v: string | undefined): v is string => !!v && DIAL_PLAN_NAME.test(v);

/** FNV-1a (32 bits) in base 36: short, stable across runs and platforms, no dependency. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36).padStart(7, '0');
}

/**
 * `name` when it fits in `max`; otherwise its beginning and a hash of the whole name, so two long names
 * sharing a beginning still differ and the same name always gives the same result (plans are
 * deterministic, and a later plan must find the objects an earlier runbook created).
 */
export function fitName(name: string, max: number): string {
  if (name.length <= max) return name;
  const tag = `-${shortHash(name)}`;
  return name.slice(0, max - tag.length).replace(/[-. ]+$/, '') + tag;
}
