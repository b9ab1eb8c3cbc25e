/**
 * What each person's Teams call forwarding becomes at their cutover, from how the PBX forwarded their
 * calls (line-forwarding.ts): Set-CsUserCallingSettings' immediate forward, or its unanswered forward
 * after the delay nearest the PBX's ring time, or a step for a person where Teams cannot do the same.
 *
 * A forward to an extension goes where that extension is answered once the plan has moved it (a person,
 * a call queue's or an auto attendant's resource account, by its SIP address) and, before then, to the
 * number the PBX still answers for it. Teams keeps one forward a user: while all calls forward, the
 * no-answer forward is not set. A no-answer forward to voicemail after the default ring time is what
 * Teams does already, and is left as it is.
 */
import { noAnswerText, type NoAnswerDestination } from '../domain/hunt-methods';
import { forwardingText, hasForwarding, TEAMS_UNANSWERED_DEFAULT_SECONDS, teamsUnansweredDelaySeconds } from '../domain/line-forwarding';
import type { Wave, WaveMember } from '../domain/plan';
import type { ExportInput } from './export-input';
import { exportExtensionDirectory, exportGroupSetUps } from './group-set-ups';
import { isE164, isUpn } from './powershell';
import type { ExtensionDirectory } from './queue-timeouts';

/** Where Teams sends the calls: voicemail, a number (E.164), or an account (UPN; the runbook forwards to its SIP address). */
export type TeamsForwardTarget = { type: 'Voicemail' } | { type: 'SingleTarget'; number: string } | { type: 'SingleTarget'; account: string };

/** One user's forwarding as the cutover sets it. */
export type TeamsForwarding =
  | ({ setting: 'Immediate' } & TeamsForwardTarget)
  | ({ setting: 'Unanswered'; delaySeconds: number } & TeamsForwardTarget)
  /** The PBX dropped unanswered calls: Teams lets them ring until the caller hangs up. */
  | { setting: 'UnansweredOff' };

export interface ForwardingSetUp {
  upn: string;
  displayName: string;
  /** The PBX's forwarding in words. */
  pbx: string;
  /** What the cutover sets; absent where nothing can be set or nothing differs from Teams' default. */
  teams?: TeamsForwarding;
  /** What a person does besides (or instead), each a sentence. */
  steps: string[];
  /** Why nothing needs setting though the PBX forwarded: what else in Teams does it already. */
  covered?: string;
}

/** What a forward's target is looked up in. */
export interface ForwardingLookups {
  /** Who answers an extension once the plan has moved it. */
  directory: () => ExtensionDirectory;
  /** The wave whose runbook makes `delegate` a Teams delegate of `boss` (the PBX's boss-delegate group), if any does. */
  delegationWave: (boss: string, delegate: string) => number | undefined;
}

/** The forwarding set-ups of a wave's people whose PBX forwarding asks for something in Teams, in member order. */
export function waveForwardingSetUps(input: ExportInput, wave: Wave): ForwardingSetUp[] {
  const setUps: ForwardingSetUp[] = [];
  let lookups: ForwardingLookups | undefined;
  for (const m of wave.members) {
    if (!hasForwarding(m.forwarding) || !isUpn(m.userPrincipalName)) continue;
    const setUp = memberForwarding(m, wave.number, (lookups ??= exportLookups(input)));
    // A forward Teams makes by default (CUCM's usual no-answer to voicemail) is no work for anyone.
    if (setUp.teams || setUp.steps.length || setUp.covered) setUps.push(setUp);
  }
  return setUps;
}

/** Worked out once per export: its runbooks and workbooks ask wave by wave. */
const lookupsByInput = new WeakMap<ExportInput, { plan: ExportInput['plan']; lookups: ForwardingLookups }>();

function exportLookups(input: ExportInput): ForwardingLookups {
  const known = lookupsByInput.get(input);
  if (known && known.plan === input.plan) return known.lookups;
  const delegations = new Map<string, number>();
  for (const w of input.plan.waves) for (const d of exportGroupSetUps(input, w.number).delegations) delegations.set(`${d.boss}\u0000${d.delegate}`, w.number);
  const lookups: ForwardingLookups = { directory: () => exportExtensionDirectory(input), delegationWave: (boss, delegate) => delegations.get(`${boss}\u0000${delegate}`) };
  lookupsByInput.set(input, { plan: input.plan, lookups });
  return lookups;
}

export function memberForwarding(member: WaveMember, wave: number, lookups: ForwardingLookups): ForwardingSetUp {
  const forwarding = member.forwarding!;
  const setUp: ForwardingSetUp = { upn: member.userPrincipalName, displayName: member.displayName, pbx: forwardingText(forwarding), steps: [] };
  const resolve = (destination: NoAnswerDestination, exit: Exit) => forwardTarget(destination, exit, member, wave, lookups, setUp);
  if (forwarding.all) {
    if (forwarding.all.kind === 'disconnect') {
      setUp.steps.push('the PBX dropped every call (do not disturb): Teams has no forward to nowhere; the user sets Do not disturb in Teams if they still want it');
    } else {
      const target = resolve(forwarding.all, 'all');
      if (target) setUp.teams = { setting: 'Immediate', ...target };
    }
    if (forwarding.noAnswer && forwarding.noAnswer.kind !== 'voicemail') setUp.steps.push(`the PBX also forwarded unanswered calls to ${noAnswerText(forwarding.noAnswer)}: Teams keeps one forward, so that one is not set while all calls forward`);
    return setUp;
  }
  const noAnswer = forwarding.noAnswer!;
  const delaySeconds = forwarding.noAnswerSeconds === undefined ? TEAMS_UNANSWERED_DEFAULT_SECONDS : teamsUnansweredDelaySeconds(forwarding.noAnswerSeconds);
  if (noAnswer.kind === 'disconnect') {
    setUp.teams = { setting: 'UnansweredOff' };
  } else if (noAnswer.kind === 'voicemail' && delaySeconds === TEAMS_UNANSWERED_DEFAULT_SECONDS) {
    // Teams' default: nothing to set.
  } else {
    const target = resolve(noAnswer, 'noAnswer');
    if (target) setUp.teams = { setting: 'Unanswered', delaySeconds, ...target };
  }
  return setUp;
}

/** Which of the PBX's forwards: all calls, or unanswered ones. */
type Exit = 'all' | 'noAnswer';
const CALLS: Record<Exit, string> = { all: 'all calls', noAnswer: 'unanswered calls' };

/** Where Teams forwards to for a PBX destination, or undefined with the step a person takes (or why none is needed). */
function forwardTarget(
  destination: NoAnswerDestination,
  exit: Exit,
  member: WaveMember,
  wave: number,
  lookups: ForwardingLookups,
  setUp: ForwardingSetUp,
): TeamsForwardTarget | undefined {
  const steps = setUp.steps;
  const sentTo = `the PBX forwarded ${CALLS[exit]} to ${noAnswerText(destination)}`;
  switch (destination.kind) {
    case 'voicemail':
      return { type: 'Voicemail' };
    case 'number':
      if (isE164(destination.number)) return { type: 'SingleTarget', number: destination.number };
      steps.push(`${sentTo}, which is not a number Teams can dial: set the forward by hand`);
      return undefined;
    case 'disconnect':
      return undefined;
    case 'extension': {
      const target = lookups.directory().find(destination.extension, new Set(member.siteId ? [member.siteId] : []));
      if (!target) {
        steps.push(`${sentTo}: no one in the plan has that extension at the user's site (someone staying on the PBX, or a group or attendant the plan does not move); set the forward by hand`);
        return undefined;
      }
      if (target.upn === member.userPrincipalName) return undefined;
      const named = target.kind === 'person' ? target.upn : `the ${target.kind} ${target.upn}`;
      // The boss's own delegate (the assistant who picked up their calls): the delegation the cutover sets
      // up rings the delegates with the boss already; a forward to them as well would only ring them twice.
      const delegatedIn = exit === 'noAnswer' && target.kind === 'person' ? lookups.delegationWave(member.userPrincipalName, target.upn) : undefined;
      if (delegatedIn !== undefined && delegatedIn <= wave) {
        setUp.covered = `${target.upn} rings with them as their Teams delegate (set up with their PBX group)`;
        return undefined;
      }
      if (target.wave <= wave && isUpn(target.upn)) return { type: 'SingleTarget', account: target.upn };
      if (target.did && isE164(target.did)) {
        const after =
          delegatedIn !== undefined
            ? `remove the forward after wave ${delegatedIn}, whose runbook makes ${target.upn} their Teams delegate, ringing with them`
            : `forward to ${target.upn} after that wave`;
        steps.push(`${sentTo} (${named}), in Teams from wave ${target.wave}: the forward goes to ${target.did} until then; ${after}`);
        return { type: 'SingleTarget', number: target.did };
      }
      steps.push(`${sentTo} (${named}), which moves in wave ${target.wave} and has no number the PBX answers meanwhile: set the forward after that wave`);
      return undefined;
    }
  }
}

/** What the cutover sets, in words (the Call forwarding sheet). */
export function teamsForwardingText(teams: TeamsForwarding | undefined): string {
  if (!teams) return '';
  if (teams.setting === 'UnansweredOff') return 'unanswered calls ring on (no forward)';
  const to = teams.type === 'Voicemail' ? 'voicemail' : 'account' in teams ? teams.account : 'number' in teams ? teams.number : '';
  return teams.setting === 'Immediate' ? `all calls to ${to}` : `unanswered after ${teams.delaySeconds} s to ${to}`;
}
