/**
 * Pilot numbers of hunt groups and call-centre teams: the group's own number, on a line no person owns
 * (a Skype for Business response group's LineUri, a CUCM hunt pilot or CTI route point exported as a
 * line). It moves with the group, in the wave of the group's last members, to the resource account of
 * the call queue that replaces the group (the wave's cutover runbook creates both). Left on the PBX, it
 * would ring a hunt group whose agents are gone; left out of the block split, its block would be ported
 * or uploaded without it.
 */
import type { MigrationGroup, PbxLine } from '../pbx-inventory';
import type { GroupNumber, Wave, WaveMember } from '../plan';
import { groupMembersByWave, lastWaveOf } from './plan-groups';

/** The kinds of group a call queue replaces, and so whose pilot number moves. */
const QUEUE_KINDS: ReadonlySet<string> = new Set(['hunt-group', 'call-centre']);

export interface GroupNumbersInput {
  groups: readonly MigrationGroup[];
  linesById: ReadonlyMap<string, PbxLine>;
  waves: readonly Wave[];
  /** Numbers a person moves with already (their line's DID): never a pilot. */
  claimed: (did: string) => boolean;
}

/**
 * The pilot numbers that move, by wave number, in group id order. A group none of whose members move
 * keeps its pilot on the PBX; a number that is the pilot of several groups (a hunt group and the
 * call-centre team named after it) moves once, with the first group by id.
 */
export function groupPilotNumbers({ groups, linesById, waves, claimed }: GroupNumbersInput): Map<number, GroupNumber[]> {
  const membersByGroup = groupMembersByWave(waves);
  const byWave = new Map<number, GroupNumber[]>();
  const taken = new Set<string>();
  for (const group of [...groups].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const moving = membersByGroup.get(group.id);
    if (!moving || !QUEUE_KINDS.has(group.kind)) continue;
    const last = lastWaveOf(moving);
    const lastMembers = moving.get(last)!;
    for (const lineId of group.lineIds) {
      const line = linesById.get(lineId);
      if (!line?.did || !isPilotLine(line) || claimed(line.did) || taken.has(line.did)) continue;
      taken.add(line.did);
      // The pilot goes the way of the group's members at its site (the first by UPN), else of its first member.
      const sameSite = lastMembers.filter((m) => m.siteId !== undefined && m.siteId === line.siteId);
      const like = firstByUpn(sameSite.length ? sameSite : lastMembers);
      const pilot: GroupNumber = { groupId: group.id, lineId: line.id, number: line.did, path: like.path };
      if (line.extension) pilot.extension = line.extension;
      if (like.numberType) pilot.numberType = like.numberType;
      if (like.operatorId) pilot.operatorId = like.operatorId;
      if (like.sbcId) pilot.sbcId = like.sbcId;
      if (line.siteId) pilot.siteId = line.siteId;
      const list = byWave.get(last);
      if (list) list.push(pilot);
      else byWave.set(last, [pilot]);
    }
  }
  return byWave;
}

/**
 * A line that is a group's number rather than a phone: of no device type a person or a device has (an
 * export gives such lines 'other'; a fax pool is a hunt group too, and its numbers stay with the ATA or
 * the fax service), and nobody owns it.
 */
function isPilotLine(line: PbxLine): boolean {
  return line.deviceType === 'other' && line.match.status !== 'matched' && !line.ownerUpn && !line.ownerName;
}

function firstByUpn(members: WaveMember[]): WaveMember {
  return members.reduce((a, b) => (b.userPrincipalName < a.userPrincipalName ? b : a));
}
