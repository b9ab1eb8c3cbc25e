/**
 * What each wave's cutover runbook sets up for the common-area phones the plan moves in it
 * (common-area-phones.ts): an account of the phone's own, `cap-<phone name>` in the domain of the site's
 * people (unique across the plan), licensed with Microsoft Teams Shared Devices and granted an IP phone
 * policy that signs the phone in as a common area phone. Its number, routing policy, dial plan and the
 * site's policies then go through the same per-user steps as a person's (runbooks.ts), as a wave member
 * of its own (`phoneAsMember`). Plain data: runbooks.ts writes it as PowerShell.
 */
import type { CommonAreaPhone, WaveMember } from '../domain/plan';
import type { ExportInput } from './export-input';
import { servedUpn } from './main-number-set-ups';
import { ResourceAccountNames } from './resource-account-names';
import type { SkippedItem } from './runbooks';

/** The IP phone policy the runbooks grant every common area phone's account (New-CsTeamsIPPhonePolicy -SignInMode CommonAreaPhoneSignIn). */
export const COMMON_AREA_PHONE_POLICY = 'VMP-CommonAreaPhone';

export interface CommonAreaPhoneSetUp {
  phone: CommonAreaPhone;
  /**
   * The account's display name, which Teams shows on the phone and to whom it calls: the PBX's name for
   * the phone, after its site's name where the PBX's does not say it ("Stockholm Kitchen phone 1").
   */
  displayName: string;
  /** The UPN of the phone's account. */
  account: string;
  /** Its mail nickname: the UPN's name part. */
  mailNickname: string;
}

export interface WaveCommonAreaPhoneSetUps {
  phones: CommonAreaPhoneSetUp[];
  skipped: SkippedItem[];
}

const EMPTY: WaveCommonAreaPhoneSetUps = { phones: [], skipped: [] };

/** Worked out once per export: the runbooks, rollbacks and workbooks ask for every wave's. */
const byInput = new WeakMap<ExportInput, { plan: ExportInput['plan']; byWave: Map<number, WaveCommonAreaPhoneSetUps> }>();

export function waveCommonAreaPhoneSetUps(input: ExportInput, waveNumber: number): WaveCommonAreaPhoneSetUps {
  let index = byInput.get(input);
  if (!index || index.plan !== input.plan) byInput.set(input, (index = { plan: input.plan, byWave: setUpsByWave(input) }));
  return index.byWave.get(waveNumber) ?? EMPTY;
}

function setUpsByWave(input: ExportInput): Map<number, WaveCommonAreaPhoneSetUps> {
  const siteNames = new Map(input.sites.map((s) => [s.id, s.name]));
  const accounts = new ResourceAccountNames();
  const byWave = new Map<number, WaveCommonAreaPhoneSetUps>();
  for (const wave of input.plan.waves) {
    const phones = wave.commonAreaPhones ?? [];
    if (!phones.length) continue;
    const into: WaveCommonAreaPhoneSetUps = { phones: [], skipped: [] };
    byWave.set(wave.number, into);
    for (const phone of phones) {
      // A new account takes the domain of the people at its site (else of the wave's).
      const served = servedUpn(wave, phone.siteId);
      if (!served) {
        into.skipped.push({ what: `common-area phone ${phone.name}`, reason: 'no user of the wave has a plain UPN (name@domain) whose domain its account could take; set the phone up by hand' });
        continue;
      }
      const site = siteNames.get(phone.siteId);
      const displayName = site && !phone.name.toLowerCase().includes(site.toLowerCase()) ? `${site} ${phone.name}` : phone.name;
      const account = accounts.next('cap', displayName, 'phone', served);
      into.phones.push({ phone, displayName, account, mailNickname: account.slice(0, account.lastIndexOf('@')) });
    }
  }
  return byWave;
}

/**
 * The phone as a wave member, for the per-user steps: its number, the site's routing policy, dial plan,
 * emergency location and policies. Undefined for a phone without a number: it calls inside Teams only,
 * and its account needs none of these.
 */
export function phoneAsMember({ phone, displayName, account }: CommonAreaPhoneSetUp): WaveMember | undefined {
  if (!phone.number) return undefined;
  const member: WaveMember = {
    personId: `common-area:${phone.lineId}`,
    userPrincipalName: account,
    displayName,
    siteId: phone.siteId,
    lineId: phone.lineId,
    currentDid: phone.number,
    numberToAssign: phone.number,
    path: phone.path,
    groupIds: [],
  };
  if (phone.extension) member.extension = phone.extension;
  if (phone.numberType) member.numberType = phone.numberType;
  if (phone.operatorId) member.operatorId = phone.operatorId;
  if (phone.sbcId) member.sbcId = phone.sbcId;
  if (phone.voiceRoutingPolicy) member.voiceRoutingPolicy = phone.voiceRoutingPolicy;
  if (phone.dialPlan) member.dialPlan = phone.dialPlan;
  if (phone.emergencyLocation) member.emergencyLocation = phone.emergencyLocation;
  return member;
}
