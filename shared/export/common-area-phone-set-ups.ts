/**
 * What each wave's cutover runbook sets up for the common-area phones the plan moves in it
 * (common-area-phones.ts): the phone's own account the plan names, licensed with Microsoft Teams Shared
 * Devices and granted an IP phone policy that signs the phone in as a common area phone. Its number,
 * routing policy, dial plan and the site's policies then go through the same per-user steps as a
 * person's (runbooks.ts), as a wave member of its own (`phoneAsMember`). Plain data: runbooks.ts writes
 * it as PowerShell.
 */
import type { CommonAreaPhone, WaveMember } from '../domain/plan';
import { copyRoute } from '../domain/planning/common-area-phones';
import type { ExportInput } from './export-input';
import type { SkippedItem } from './runbooks';

/** The IP phone policy the runbooks grant every common area phone's account (New-CsTeamsIPPhonePolicy -SignInMode CommonAreaPhoneSignIn). */
export const COMMON_AREA_PHONE_POLICY = 'VMP-CommonAreaPhone';

/** Why a phone has no account in the plan (common-area-phones.ts), as the runbook and the Resource accounts sheet say it. */
export const NO_PHONE_ACCOUNT = 'no user of the wave has a plain UPN (name@domain) whose domain its account could take; set the phone up by hand';

export interface CommonAreaPhoneSetUp {
  phone: CommonAreaPhone;
  /** The phone's account (the plan's `account`). */
  account: string;
  /** Its mail nickname: the UPN's name part. */
  mailNickname: string;
}

export interface WaveCommonAreaPhoneSetUps {
  phones: CommonAreaPhoneSetUp[];
  skipped: SkippedItem[];
}

/** The phones of one wave the runbook sets up, and those it leaves to a person (no account the plan could name). */
export function waveCommonAreaPhoneSetUps(input: ExportInput, waveNumber: number): WaveCommonAreaPhoneSetUps {
  const s: WaveCommonAreaPhoneSetUps = { phones: [], skipped: [] };
  for (const phone of input.plan.waves.find((w) => w.number === waveNumber)?.commonAreaPhones ?? []) {
    if (phone.account) s.phones.push({ phone, account: phone.account, mailNickname: phone.account.slice(0, phone.account.lastIndexOf('@')) });
    else s.skipped.push({ what: `common-area phone ${phone.displayName}`, reason: NO_PHONE_ACCOUNT });
  }
  return s;
}

/**
 * The phone as a wave member, for the per-user steps: its number, the site's routing policy, dial plan,
 * emergency location and policies. Undefined for a phone without a number: it calls inside Teams only,
 * and its account needs none of these.
 */
export function phoneAsMember({ phone, account }: CommonAreaPhoneSetUp): WaveMember | undefined {
  if (!phone.number) return undefined;
  const member: WaveMember = {
    personId: `common-area:${phone.lineId}`,
    userPrincipalName: account,
    displayName: phone.displayName,
    siteId: phone.siteId,
    lineId: phone.lineId,
    currentDid: phone.number,
    numberToAssign: phone.number,
    path: phone.path,
    groupIds: [],
  };
  if (phone.extension) member.extension = phone.extension;
  copyRoute(phone, member);
  return member;
}
