/**
 * Turns what an export says about how a group hunts ("Top Down", "ucd-mia", "memoryhunt") into the
 * planner's hunting method, as device-type.ts does for devices.
 */
import type { HuntMethod } from '../domain/hunt-methods';
import { headerKey } from './column-aliases';

/** The vendors' words (domain/hunt-methods.ts names whose), compared as headers are ("Longest Idle Time" -> longestidletime). */
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
  const key = headerKey(text);
  return key ? WORDS[key] : undefined;
}

export const HUNT_METHOD_HINT = 'Top Down, Circular, Longest Idle Time, Broadcast, ucd-mia, circ, ddc, Terminal, Ring All, Hunt, memoryhunt or the like';
