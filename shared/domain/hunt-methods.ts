/**
 * How a PBX hunt group or call-centre group offers a call to its members, and the Teams call queue
 * routing method that does the same. The PBX import reads it in the vendors' own words (pbx/hunt-method.ts):
 * - Cisco Unified CM line groups, "Distribution Algorithm": Top Down, Circular, Longest Idle Time, Broadcast;
 * - Avaya Communication Manager hunt groups, "Group Type": ucd-mia, ucd-loa, ead-mia, ead-loa, circ, ddc;
 * - Mitel MiVoice Business hunt groups, "Hunt Mode": Terminal, Circular (ring groups: Ring All, Cascade);
 * - Unify OpenScape Voice hunt groups: Linear, Circular, UCD, Parallel;
 * - 3CX ring groups, "Ring Strategy": Prioritized Hunt, Ring All; queues, "Polling Strategy": Hunt, Ring All,
 *   Hunt Random Start, Next Agent, Longest Waiting, Least Talk Time, Fewest Answered;
 * - FreePBX ring groups, "Ring Strategy": ringall, hunt, memoryhunt, firstavailable, firstnotonphone, random
 *   (each also as "-prim");
 * - Skype for Business Server response groups, "Routing Method": Parallel, Serial, Round Robin, Longest Idle,
 *   Attendant.
 */

/** Everyone at once; in a fixed order; in turn from where the last call stopped; to whoever has waited longest. */
export type HuntMethod = 'simultaneous' | 'top-down' | 'circular' | 'longest-idle';

export const HUNT_METHODS: readonly HuntMethod[] = ['simultaneous', 'top-down', 'circular', 'longest-idle'];

/**
 * How long Teams rings a call queue's agent before offering the call to the next (New-CsCallQueue
 * -AgentAlertTime): 15 to 180 seconds, 30 by default.
 */
export const TEAMS_AGENT_ALERT_SECONDS = { min: 15, max: 180, default: 30 } as const;

/** The agent alert time nearest to how long the PBX rang each member (CUCM's RNA reversion timeout, a ring time). */
export function teamsAgentAlertSeconds(pbxRingSeconds: number): number {
  return Math.min(TEAMS_AGENT_ALERT_SECONDS.max, Math.max(TEAMS_AGENT_ALERT_SECONDS.min, Math.round(pbxRingSeconds)));
}

/**
 * Where a hunt group sends a call nobody answered, as the PBX export says: a line's extension, a phone
 * number, voicemail, or nowhere (the call is dropped).
 */
export type NoAnswerDestination = { kind: 'extension'; extension: string } | { kind: 'number'; number: string } | { kind: 'voicemail' } | { kind: 'disconnect' };

/** The longest a Teams call queue holds a call before its timeout action (New-CsCallQueue -TimeoutThreshold; default 1,200 s). */
export const TEAMS_QUEUE_TIMEOUT_MAX_SECONDS = 2700;

/**
 * The timeout threshold Teams keeps for a wait of `seconds`: it rounds -TimeoutThreshold to the nearest
 * 15 s, so a PBX timer under 8 s would become 0 and time every call out before an agent rang; at least
 * 15 s, at most TEAMS_QUEUE_TIMEOUT_MAX_SECONDS.
 */
export function teamsQueueTimeoutSeconds(seconds: number): number {
  return Math.min(TEAMS_QUEUE_TIMEOUT_MAX_SECONDS, Math.max(15, Math.round(seconds / 15) * 15));
}

/**
 * How many callers a PBX group let wait before its queue was full (CUCM's maximum number of callers
 * allowed in queue, Avaya's queue limit, FreePBX's max callers), or no limit (`unlimited`; Asterisk's 0).
 */
export type QueueLimit = number | 'unlimited';

/**
 * How many calls a Teams call queue holds before its overflow action (New-CsCallQueue -OverflowThreshold):
 * 0 to 200, 50 by default; the action is to disconnect with a busy tone unless it is set.
 */
export const TEAMS_QUEUE_OVERFLOW = { max: 200, default: 50 } as const;

/** The overflow threshold nearest to the PBX's queue limit: at most Teams' 200 (also for a queue without a limit). */
export function teamsOverflowThreshold(limit: QueueLimit | undefined): number {
  if (limit === undefined) return TEAMS_QUEUE_OVERFLOW.default;
  return limit === 'unlimited' ? TEAMS_QUEUE_OVERFLOW.max : Math.min(TEAMS_QUEUE_OVERFLOW.max, Math.max(0, Math.round(limit)));
}

/** The Teams call queue routing method (New-CsCallQueue -RoutingMethod) of each. */
export const TEAMS_ROUTING_METHOD: Readonly<Record<HuntMethod, 'Attendant' | 'Serial' | 'RoundRobin' | 'LongestIdle'>> = {
  simultaneous: 'Attendant',
  'top-down': 'Serial',
  circular: 'RoundRobin',
  'longest-idle': 'LongestIdle',
};

/** What the PBX export said about how a group hunted (any part may be missing). */
export interface GroupHunting {
  method?: HuntMethod;
  /** The export gave the members' places in the hunt. */
  inHuntOrder?: boolean;
  /** How long the PBX rang each member, in seconds. */
  ringSeconds?: number;
  /** Where the PBX sent a call nobody answered, and after how long at most (seconds). */
  noAnswer?: NoAnswerDestination;
  maxSeconds?: number;
  /** How many callers the PBX let wait, and where it sent a call once that many waited. */
  queueLimit?: QueueLimit;
  queueFull?: NoAnswerDestination;
}

/** Where the PBX sent unanswered calls (or, with a full queue, new calls), in words. */
export function noAnswerText(destination: NoAnswerDestination): string {
  switch (destination.kind) {
    case 'extension':
      return `extension ${destination.extension}`;
    case 'number':
      return destination.number;
    case 'voicemail':
      return 'voicemail';
    case 'disconnect':
      return 'nowhere (they were dropped)';
  }
}

/**
 * What the group's call queue takes from how the PBX hunted, a sentence each (the Groups sheet, the
 * Plan page's groups): its routing method, its agents' order and how long each agent rings.
 */
export function queueHuntingNotes(hunting: GroupHunting): string[] {
  const notes: string[] = [];
  if (hunting.method) notes.push(`Routing method ${TEAMS_ROUTING_METHOD[hunting.method]}: the PBX hunted ${hunting.method}.`);
  if (hunting.inHuntOrder) notes.push("Agents in the PBX's hunt order.");
  if (hunting.ringSeconds !== undefined) {
    const alert = teamsAgentAlertSeconds(hunting.ringSeconds);
    notes.push(
      alert === hunting.ringSeconds
        ? `Each agent rings ${alert} s, as on the PBX.`
        : `Each agent rings ${alert} s (the PBX rang ${hunting.ringSeconds} s; Teams takes ${TEAMS_AGENT_ALERT_SECONDS.min}-${TEAMS_AGENT_ALERT_SECONDS.max} s).`,
    );
  }
  if (hunting.noAnswer) {
    const after = hunting.maxSeconds === undefined ? '' : ` after ${hunting.maxSeconds} s`;
    notes.push(`The PBX sent unanswered calls to ${noAnswerText(hunting.noAnswer)}${after}: the runbook sets the queue's timeout to match, or says what to do.`);
  }
  if (hunting.queueLimit !== undefined || hunting.queueFull) {
    const threshold = teamsOverflowThreshold(hunting.queueLimit);
    const limit =
      hunting.queueLimit === undefined
        ? `Teams' default of ${threshold} waiting calls`
        : threshold === hunting.queueLimit
          ? `${threshold} waiting calls, as on the PBX`
          : `${threshold} waiting calls (the PBX let ${hunting.queueLimit === 'unlimited' ? 'any number' : hunting.queueLimit} wait; Teams holds ${TEAMS_QUEUE_OVERFLOW.max} at most)`;
    const to = hunting.queueFull ? `, then calls go to ${noAnswerText(hunting.queueFull)} as on the PBX (or the runbook says what to do)` : ', then callers hear busy';
    notes.push(`The queue is full at ${limit}${to}.`);
  }
  return notes;
}

/** The same in a few words ("Serial · PBX order · 15 s per agent"), for a narrow cell whose title gives the notes. */
export function queueHuntingSummary(hunting: GroupHunting): string {
  const parts: string[] = [];
  if (hunting.method) parts.push(TEAMS_ROUTING_METHOD[hunting.method]);
  if (hunting.inHuntOrder) parts.push('PBX order');
  if (hunting.ringSeconds !== undefined) parts.push(`${teamsAgentAlertSeconds(hunting.ringSeconds)} s per agent`);
  if (hunting.noAnswer) parts.push(`no answer: ${noAnswerShort(hunting.noAnswer)}`);
  if (hunting.queueLimit !== undefined || hunting.queueFull) {
    parts.push(`full at ${teamsOverflowThreshold(hunting.queueLimit)}: ${hunting.queueFull ? noAnswerShort(hunting.queueFull) : 'busy'}`);
  }
  return parts.join(' · ');
}

/** Where unanswered calls went, in a word or a number. */
function noAnswerShort(destination: NoAnswerDestination): string {
  switch (destination.kind) {
    case 'extension':
      return `x${destination.extension}`;
    case 'number':
      return destination.number;
    case 'voicemail':
      return 'voicemail';
    case 'disconnect':
      return 'dropped';
  }
}

/** What a stored group's hunting fields say, as GroupHunting (the workbook and the Plan page read it so). */
export function groupHuntingOf(g: {
  huntMethod?: HuntMethod;
  huntOrder?: readonly string[];
  huntRingSeconds?: number;
  huntNoAnswer?: NoAnswerDestination;
  huntMaxSeconds?: number;
  huntQueueLimit?: QueueLimit;
  huntQueueFull?: NoAnswerDestination;
}): GroupHunting {
  const hunting: GroupHunting = {};
  if (g.huntMethod) hunting.method = g.huntMethod;
  if (g.huntOrder) hunting.inHuntOrder = true;
  if (g.huntRingSeconds !== undefined) hunting.ringSeconds = g.huntRingSeconds;
  if (g.huntNoAnswer) hunting.noAnswer = g.huntNoAnswer;
  if (g.huntMaxSeconds !== undefined) hunting.maxSeconds = g.huntMaxSeconds;
  if (g.huntQueueLimit !== undefined) hunting.queueLimit = g.huntQueueLimit;
  if (g.huntQueueFull) hunting.queueFull = g.huntQueueFull;
  return hunting;
}
