/**
 * Turns what an export says about how a group hunts ("Top Down", "ucd-mia", "memoryhunt") into the
 * planner's hunting method, as device-type.ts does for devices.
 */
import type { HuntMethod, NoAnswerDestination } from '../domain/hunt-methods';
import { headerKey } from './column-aliases';
import { normaliseDid } from './phone-number';

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

/**
 * Where a group sends a call nobody answered, as exports write it: an extension ("2000"), a number
 * ("+1 206 555 0100", "tel:+12065550100"), voicemail ("Voicemail", SfB's TransferToVoicemailUri, a
 * FreePBX "ext-local,vmb2000,1"), or hang up ("Hangup", "Terminate", FreePBX "app-blackhole,hangup,1");
 * a FreePBX destination to a line or group ("from-did-direct,2000,1", "ext-group,600,1") is its extension.
 * `country` reads a national number. Undefined for anything else (a SIP address, an IVR).
 */
export function parseNoAnswerDestination(text: string, country: string | undefined): NoAnswerDestination | undefined {
  const trimmed = text.trim();
  const parts = trimmed.split(',').map((p) => p.trim());
  if (parts.length === 3 && /^\d+$/.test(parts[2])) {
    const [context, target] = parts;
    if (/^vm[bsu]?\d*$/i.test(target) || /voicemail/i.test(context)) return { kind: 'voicemail' };
    if (/blackhole/i.test(context)) return { kind: 'disconnect' };
    return /^\d{2,8}$/.test(target) ? { kind: 'extension', extension: target } : undefined;
  }
  const key = headerKey(trimmed);
  if (/voicemail|^vm$|^vmb?\d*$|^mailbox/.test(key)) return { kind: 'voicemail' };
  if (/^(hangup|hangupcall|disconnect|terminate|drop|busy|reject)$/.test(key)) return { kind: 'disconnect' };
  const target = trimmed.replace(/^(transfertopstn|transfertouri)\s+/i, '');
  if (/^\d{2,8}$/.test(target)) return { kind: 'extension', extension: target };
  const did = normaliseDid(target, country);
  return did.ok && !did.extension ? { kind: 'number', number: did.e164 } : undefined;
}
