/**
 * What each person's outbound caller ID becomes at their cutover, from what their calls showed on the PBX
 * (caller-id.ts): a caller ID policy that shows the number of the resource account answering it in Teams
 * (an auto attendant's main number, a call queue's pilot), one that shows no number, or a step for a
 * person where Teams cannot show that number.
 *
 * The resource account may come later than the person: the main number moves in its site's last wave.
 * Until then the person's calls show their own number, and the wave that sets the account up grants them
 * the policy (`movedIn` names their own, earlier, wave).
 */
import { callerIdText } from '../domain/caller-id';
import type { Wave, WaveMember } from '../domain/plan';
import { fitName, MAX_TEAMS_NAME_LENGTH } from '../domain/planning/teams-names';
import type { ExportInput } from './export-input';
import { exportGroupSetUps } from './group-set-ups';
import { waveMainNumberSetUps } from './main-number-set-ups';
import { isPolicyName, isUpn } from './powershell';

/** A caller ID policy the runbooks make (New-CsCallingLineIdentity) and grant. */
export type CallerIdPolicy = { name: string; substitute: 'Anonymous' } | { name: string; substitute: 'Resource'; resourceAccount: string; number: string };

export interface CallerIdSetUp {
  upn: string;
  displayName: string;
  /** What the PBX showed, in words. */
  pbx: string;
  /** What the cutover grants; absent where Teams cannot show that number (see `steps`) or not yet. */
  policy?: CallerIdPolicy;
  /** Set when the person moved in an earlier wave and this one sets up the account whose number they show. */
  movedIn?: number;
  /** What a person does besides (or instead), each a sentence. */
  steps: string[];
}

/** The policy of withheld caller IDs. */
export const WITHHELD_CALLER_ID_POLICY = 'VMP-CallerId-Withheld';

/** A resource account's policy: named after its UPN, within Teams' limits (the same name every run). */
export function callerIdPolicyName(resourceAccount: string): string {
  return fitName(`VMP-CallerId-${resourceAccount.replace(/[^A-Za-z0-9._-]+/g, '-')}`, MAX_TEAMS_NAME_LENGTH);
}

/** Who answers a number in Teams, and from which wave (-1: in Teams already). */
interface NumberHolder {
  upn: string;
  wave: number;
  kind: 'auto attendant' | 'call queue' | 'resource account';
}

interface CallerIdLookups {
  /** The resource account answering a number in Teams once the plan has set it up, from the earliest wave that does. */
  holder: (number: string) => NumberHolder | undefined;
  /** Per wave, the people of earlier waves whose caller ID's account that wave sets up. */
  lateByWave: Map<number, { member: WaveMember; wave: number }[]>;
}

/** The caller ID set-ups of a wave: its own people whose PBX showed another number, then earlier people granted now. */
export function waveCallerIdSetUps(input: ExportInput, wave: Wave): CallerIdSetUp[] {
  const lookups = exportLookups(input);
  if (!lookups) return [];
  const setUps: CallerIdSetUp[] = [];
  for (const m of wave.members) {
    if (!m.callerId || !isUpn(m.userPrincipalName)) continue;
    setUps.push(memberCallerId(m, wave.number, lookups));
  }
  for (const { member, wave: movedIn } of lookups.lateByWave.get(wave.number) ?? []) {
    const setUp = memberCallerId(member, wave.number, lookups);
    setUp.movedIn = movedIn;
    setUp.steps = [];
    setUps.push(setUp);
  }
  return setUps;
}

function memberCallerId(member: WaveMember, wave: number, lookups: CallerIdLookups): CallerIdSetUp {
  const callerId = member.callerId!;
  const setUp: CallerIdSetUp = { upn: member.userPrincipalName, displayName: member.displayName, pbx: callerIdText(callerId), steps: [] };
  if (callerId.kind === 'withheld') {
    setUp.policy = { name: WITHHELD_CALLER_ID_POLICY, substitute: 'Anonymous' };
    return setUp;
  }
  const holder = member.callerIdAccount ? { upn: member.callerIdAccount, wave: -1, kind: 'resource account' as const } : lookups.holder(callerId.number);
  const shown = `the PBX showed ${callerId.number} for their calls`;
  if (!holder) {
    setUp.steps.push(
      `${shown}, which no auto attendant or call queue answers in Teams in the plan: Teams shows only a resource account's number in its place (a caller ID policy); give that number to one, or with Direct Routing have the SBC present it, or the calls show the user's own number`,
    );
    return setUp;
  }
  const name = callerIdPolicyName(holder.upn);
  if (!isPolicyName(name)) {
    setUp.steps.push(`${shown}, the number of ${holder.upn}: grant a caller ID policy that shows it by hand (its name has characters Teams does not accept)`);
    return setUp;
  }
  if (holder.wave > wave) {
    setUp.steps.push(`${shown}, the number of the ${holder.kind} ${holder.upn}, which answers it in Teams from wave ${holder.wave}: their calls show their own number until that wave's cutover grants the caller ID policy`);
    return setUp;
  }
  setUp.policy = { name, substitute: 'Resource', resourceAccount: holder.upn, number: callerId.number };
  return setUp;
}

/** Worked out once per export: its runbooks and workbooks ask wave by wave. */
const lookupsByInput = new WeakMap<ExportInput, { plan: ExportInput['plan']; lookups: CallerIdLookups | undefined }>();

/** Undefined for a plan where no call showed another number (most): nothing to look up. */
function exportLookups(input: ExportInput): CallerIdLookups | undefined {
  const known = lookupsByInput.get(input);
  if (known && known.plan === input.plan) return known.lookups;
  if (!input.plan.waves.some((w) => w.members.some((m) => m.callerId))) {
    lookupsByInput.set(input, { plan: input.plan, lookups: undefined });
    return undefined;
  }
  const holders = new Map<string, NumberHolder>();
  const add = (number: string | undefined, holder: NumberHolder) => {
    if (number && !holders.has(number)) holders.set(number, holder);
  };
  for (const w of input.plan.waves) {
    for (const a of waveMainNumberSetUps(input, w.number).autoAttendants) add(a.main.number, { upn: a.resourceAccount, wave: w.number, kind: 'auto attendant' });
    for (const q of exportGroupSetUps(input, w.number).callQueues) add(q.pilot?.number, { upn: q.resourceAccount, wave: w.number, kind: 'call queue' });
    for (const m of w.members) if (m.resourceAccount) add(m.numberToAssign, { upn: m.userPrincipalName, wave: w.number, kind: 'resource account' });
  }
  const lateByWave = new Map<number, { member: WaveMember; wave: number }[]>();
  for (const w of input.plan.waves) {
    for (const m of w.members) {
      if (m.callerId?.kind !== 'number' || m.callerIdAccount || !isUpn(m.userPrincipalName)) continue;
      const holder = holders.get(m.callerId.number);
      if (!holder || holder.wave <= w.number || !isPolicyName(callerIdPolicyName(holder.upn))) continue;
      const list = lateByWave.get(holder.wave);
      if (list) list.push({ member: m, wave: w.number });
      else lateByWave.set(holder.wave, [{ member: m, wave: w.number }]);
    }
  }
  const lookups: CallerIdLookups = { holder: (number) => holders.get(number), lateByWave };
  lookupsByInput.set(input, { plan: input.plan, lookups });
  return lookups;
}

/** What the cutover grants, in words (the Caller ID sheet). */
export function teamsCallerIdText(setUp: CallerIdSetUp): string {
  const p = setUp.policy;
  if (!p) return '';
  const granted = p.substitute === 'Anonymous' ? `${p.name}: calls show no number` : `${p.name}: calls show ${p.number} (${p.resourceAccount})`;
  return setUp.movedIn !== undefined ? `${granted}; the user moved in wave ${setUp.movedIn}` : granted;
}
