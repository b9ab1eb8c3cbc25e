/**
 * Call park at a site whose people parked calls on the PBX (a receptionist parking a call for someone on
 * the shop floor, a warehouse announcing a park code). Teams lets a user park and pick up a call only
 * under a call park policy that allows it, and its global policy does not unless a tenant changed it: the
 * cutover grants the site's people a policy that does (call-park-set-ups.ts), with the pickup codes and
 * ring-back time the PBX used where the site's settings give them. Written and read as one line for the
 * tab's field - "on", "700-799", "700-799, 120 s" - and stored as a record. Dependency-free, so the tab
 * bundles it as it is.
 */

export interface CallPark {
  /** The first pickup code Teams hands out (10-9999; with pickupRangeEnd). */
  pickupRangeStart?: number;
  /** The last one, above the first. */
  pickupRangeEnd?: number;
  /** How long a parked call waits before it rings back the person who parked it (120-1800 s). */
  parkTimeoutSeconds?: number;
}

/** What New-CsTeamsCallParkPolicy takes, and its defaults. */
export const TEAMS_CALL_PARK = {
  pickupCodes: { min: 10, max: 9999 },
  parkTimeoutSeconds: { min: 120, max: 1800 },
  defaults: { pickupRangeStart: 10, pickupRangeEnd: 99, parkTimeoutSeconds: 300 },
} as const;

/** Every field, Teams' default where the site's settings give none. */
export function callParkWithDefaults(c: CallPark): Required<CallPark> {
  return { ...TEAMS_CALL_PARK.defaults, ...c };
}

/** Why the settings' call park cannot be, or undefined; the field it is about. */
export function callParkProblem(c: CallPark): { field: keyof CallPark; message: string } | undefined {
  const { min, max } = TEAMS_CALL_PARK.pickupCodes;
  if ((c.pickupRangeStart === undefined) !== (c.pickupRangeEnd === undefined)) {
    return { field: c.pickupRangeStart === undefined ? 'pickupRangeStart' : 'pickupRangeEnd', message: `give both ends of the pickup codes (${min}-${max}), or neither for Teams' ${TEAMS_CALL_PARK.defaults.pickupRangeStart}-${TEAMS_CALL_PARK.defaults.pickupRangeEnd}` };
  }
  if (c.pickupRangeStart !== undefined && c.pickupRangeEnd !== undefined && c.pickupRangeStart >= c.pickupRangeEnd) {
    return { field: 'pickupRangeEnd', message: `the last pickup code must be above the first (${c.pickupRangeStart})` };
  }
  return undefined;
}

/** "" (no call park), "on" (Teams' defaults), "700-799", "120 s" or "700-799, 120 s". */
export function formatCallPark(c: CallPark | undefined): string {
  if (!c) return '';
  const parts: string[] = [];
  if (c.pickupRangeStart !== undefined && c.pickupRangeEnd !== undefined) parts.push(`${c.pickupRangeStart}-${c.pickupRangeEnd}`);
  if (c.parkTimeoutSeconds !== undefined) parts.push(`${c.parkTimeoutSeconds} s`);
  return parts.length ? parts.join(', ') : 'on';
}

/** The tab's line read back: empty is no call park; an error names what is wrong. */
export function parseCallPark(text: string): { callPark?: CallPark } | { error: string } {
  const line = text.trim();
  if (!line) return {};
  if (/^(on|yes)$/i.test(line)) return { callPark: {} };
  const callPark: CallPark = {};
  for (const part of line.split(/\s*,\s*/)) {
    const range = /^(\d{1,4})\s*-\s*(\d{1,4})$/.exec(part);
    const seconds = /^(\d{1,4})\s*s(ec(onds?)?)?$/i.exec(part);
    if (range && callPark.pickupRangeStart === undefined) {
      callPark.pickupRangeStart = Number(range[1]);
      callPark.pickupRangeEnd = Number(range[2]);
    } else if (seconds && callPark.parkTimeoutSeconds === undefined) {
      callPark.parkTimeoutSeconds = Number(seconds[1]);
    } else {
      return { error: `"${part}" is neither pickup codes (700-799) nor a ring-back time (120 s): write "on", "700-799", "120 s" or "700-799, 120 s"` };
    }
  }
  const { pickupCodes, parkTimeoutSeconds } = TEAMS_CALL_PARK;
  for (const code of [callPark.pickupRangeStart, callPark.pickupRangeEnd]) {
    if (code !== undefined && (code < pickupCodes.min || code > pickupCodes.max)) return { error: `pickup codes run from ${pickupCodes.min} to ${pickupCodes.max} in Teams (${code})` };
  }
  const timeout = callPark.parkTimeoutSeconds;
  if (timeout !== undefined && (timeout < parkTimeoutSeconds.min || timeout > parkTimeoutSeconds.max)) {
    return { error: `Teams rings a parked call back after ${parkTimeoutSeconds.min}-${parkTimeoutSeconds.max} s (${timeout} s)` };
  }
  const problem = callParkProblem(callPark);
  return problem ? { error: problem.message } : { callPark };
}
