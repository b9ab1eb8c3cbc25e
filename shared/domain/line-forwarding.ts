/**
 * A person's own call forwarding on the PBX, as its export says, and what Teams keeps of it. People
 * notice at once when their calls stop going where they sent them: the assistant who picked up the
 * boss's unanswered calls, the colleague who covered a desk, the mobile a field worker forwarded to.
 *
 * Exports write it per line: Cisco UCM's Forward All / Forward No Answer destinations (each with a
 * voicemail flag beside it) and No Answer Ring Duration, FreePBX's no-answer destination and ring timer,
 * Mitel's and Unify's call forward columns. Teams has one immediate forward and one unanswered forward
 * per user (Set-CsUserCallingSettings), ringing the user 5 to 60 s first.
 */
import { noAnswerText, type NoAnswerDestination } from './hunt-methods';

export interface LineForwarding {
  /** Every call goes there at once (CUCM's Forward All, a do-not-disturb to the operator). */
  all?: NoAnswerDestination;
  /** A call the line did not answer goes there. */
  noAnswer?: NoAnswerDestination;
  /** After ringing this long, in seconds, when the export says. */
  noAnswerSeconds?: number;
}

/** The delays Set-CsUserCallingSettings -UnansweredDelay takes, in seconds; Teams' default is 20. */
export const TEAMS_UNANSWERED_DELAYS = [5, 10, 15, 20, 30, 40, 50, 60] as const;
export const TEAMS_UNANSWERED_DEFAULT_SECONDS = 20;

/** The Teams delay nearest the PBX's ring time (a tie goes to the longer: a call rings no shorter than it did). */
export function teamsUnansweredDelaySeconds(seconds: number): number {
  let best: number = TEAMS_UNANSWERED_DELAYS[0];
  for (const d of TEAMS_UNANSWERED_DELAYS) if (Math.abs(d - seconds) <= Math.abs(best - seconds)) best = d;
  return best;
}

/** "00:00:30", as -UnansweredDelay takes it. */
export function teamsDelayText(seconds: number): string {
  return `00:${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The forwarding in words ("all calls to extension 2001; unanswered after 30 s to voicemail"). */
export function forwardingText(forwarding: LineForwarding): string {
  const parts: string[] = [];
  if (forwarding.all) parts.push(`all calls to ${noAnswerText(forwarding.all)}`);
  if (forwarding.noAnswer) {
    const after = forwarding.noAnswerSeconds === undefined ? '' : ` after ${forwarding.noAnswerSeconds} s`;
    parts.push(`unanswered${after} to ${noAnswerText(forwarding.noAnswer)}`);
  }
  return parts.join('; ');
}

/** True when the line forwards anything. */
export function hasForwarding(forwarding: LineForwarding | undefined): forwarding is LineForwarding {
  return !!forwarding && (forwarding.all !== undefined || forwarding.noAnswer !== undefined);
}
