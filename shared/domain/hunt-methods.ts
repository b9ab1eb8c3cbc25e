/**
 * How a PBX hunt group or call-centre group offers a call to its members, as the export names it, and
 * the Teams call queue routing method that does the same. The words are the vendors' own:
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

/** The Teams call queue routing method (New-CsCallQueue -RoutingMethod) of each. */
export const TEAMS_ROUTING_METHOD: Readonly<Record<HuntMethod, 'Attendant' | 'Serial' | 'RoundRobin' | 'LongestIdle'>> = {
  simultaneous: 'Attendant',
  'top-down': 'Serial',
  circular: 'RoundRobin',
  'longest-idle': 'LongestIdle',
};

/** The vendors' words, compared lower case with letters and digits only ("Longest Idle Time" -> longestidletime). */
const WORDS: Readonly<Record<string, HuntMethod>> = {
  simultaneous: 'simultaneous',
  broadcast: 'simultaneous',
  ringall: 'simultaneous',
  ringallprim: 'simultaneous',
  parallel: 'simultaneous',
  attendant: 'simultaneous',
  all: 'simultaneous',
  topdown: 'top-down',
  linear: 'top-down',
  terminal: 'top-down',
  serial: 'top-down',
  sequential: 'top-down',
  ddc: 'top-down',
  hunt: 'top-down',
  huntprim: 'top-down',
  prioritizedhunt: 'top-down',
  prioritisedhunt: 'top-down',
  firstavailable: 'top-down',
  firstnotonphone: 'top-down',
  cascade: 'top-down',
  circular: 'circular',
  circ: 'circular',
  roundrobin: 'circular',
  rotary: 'circular',
  memoryhunt: 'circular',
  memoryhuntprim: 'circular',
  nextagent: 'circular',
  huntrandomstart: 'circular',
  random: 'circular',
  longestidletime: 'longest-idle',
  longestidle: 'longest-idle',
  mostidle: 'longest-idle',
  ucd: 'longest-idle',
  uniform: 'longest-idle',
  ucdmia: 'longest-idle',
  ucdloa: 'longest-idle',
  eadmia: 'longest-idle',
  eadloa: 'longest-idle',
  longestwaiting: 'longest-idle',
  leasttalktime: 'longest-idle',
  fewestanswered: 'longest-idle',
};

/** The method a cell names; undefined for an empty cell or words no vendor above uses. */
export function parseHuntMethod(text: string): HuntMethod | undefined {
  const key = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return key ? WORDS[key] : undefined;
}

export const HUNT_METHOD_HINT = 'Top Down, Circular, Longest Idle Time, Broadcast, ucd-mia, circ, ddc, Terminal, Ring All, Hunt, memoryhunt or the like';
