/**
 * The PBX's migration groups as a plan moves them: one entry per group and wave it has members in (a
 * group the plan had to split shows in each of its waves, naming the others). The plan keeps each
 * group's id on its members (`WaveMember.groupIds`, `<kind>:<name>`), so nothing but the plan is read.
 * The workbooks' Groups sheets and the `plan.groups` read model (the tab's wave panel) both list these.
 */
import type { Plan, Wave, WaveMember } from '../plan';
import { GROUP_KIND_ORDER, splitGroupId } from '../migration-group-labels';

/** Members named per group (a call-centre team can have hundreds); `members` counts them all. */
export const WAVE_GROUP_MEMBERS_LISTED = 50;

export interface WaveGroup {
  /** `<kind>:<name>`, as the inventory and the members carry it. */
  id: string;
  kind: string;
  name: string;
  wave: number;
  /** The group's members in this wave. */
  members: number;
  /** The first WAVE_GROUP_MEMBERS_LISTED of their UPNs, in order. */
  upns: string[];
  /** Their sites, by id, in order. */
  siteIds: string[];
  /** The group's members in other waves, in plan order (a split group). */
  elsewhere: { wave: number; members: number }[];
  /** The group's own numbers moving in this wave (a hunt group's pilot, group-numbers.ts); absent when none. */
  pilotNumbers?: string[];
}

/**
 * The members of each group (by id) in each wave they move in, waves in plan order: the one grouping the
 * Groups sheets, the runbooks' group set-ups and the pilot numbers (group-numbers.ts) all read.
 */
export function groupMembersByWave(waves: readonly Wave[]): Map<string, Map<number, WaveMember[]>> {
  const byGroup = new Map<string, Map<number, WaveMember[]>>();
  for (const wave of waves) {
    for (const m of wave.members) {
      // A plan stored before members carried their groups has none.
      for (const id of m.groupIds ?? []) {
        let byWave = byGroup.get(id);
        if (!byWave) byGroup.set(id, (byWave = new Map()));
        const list = byWave.get(wave.number);
        if (list) list.push(m);
        else byWave.set(wave.number, [m]);
      }
    }
  }
  return byGroup;
}

/** The last wave a group's members move in. */
export function lastWaveOf(byWave: ReadonlyMap<number, unknown>): number {
  let last = -1;
  for (const n of byWave.keys()) if (n > last) last = n;
  return last;
}

/** Every group with members in each wave, wave by wave in plan order, then by kind and name (GROUP_KIND_ORDER). */
export function waveGroups(plan: Plan): WaveGroup[] {
  const byGroup = groupMembersByWave(plan.waves);
  const inWave = new Map<number, string[]>();
  for (const id of sortedGroupIds(byGroup.keys())) {
    for (const n of byGroup.get(id)!.keys()) {
      const list = inWave.get(n);
      if (list) list.push(id);
      else inWave.set(n, [id]);
    }
  }
  const out: WaveGroup[] = [];
  for (const wave of plan.waves) {
    const pilots = new Map<string, string[]>();
    for (const n of wave.groupNumbers ?? []) pilots.set(n.groupId, [...(pilots.get(n.groupId) ?? []), n.number]);
    for (const id of inWave.get(wave.number) ?? []) {
      const byWave = byGroup.get(id)!;
      const members = byWave.get(wave.number)!;
      const { kind, name } = splitGroupId(id);
      const group: WaveGroup = {
        id,
        kind,
        name,
        wave: wave.number,
        members: members.length,
        upns: members.map((m) => m.userPrincipalName).sort().slice(0, WAVE_GROUP_MEMBERS_LISTED),
        siteIds: [...new Set(members.flatMap((m) => (m.siteId ? [m.siteId] : [])))].sort(),
        elsewhere: [...byWave].filter(([n]) => n !== wave.number).map(([n, list]) => ({ wave: n, members: list.length })),
      };
      const numbers = pilots.get(id);
      if (numbers) group.pilotNumbers = numbers;
      out.push(group);
    }
  }
  return out;
}

function sortedGroupIds(ids: Iterable<string>): string[] {
  const order: readonly string[] = GROUP_KIND_ORDER;
  const keyed = [...ids].map((id) => {
    const { kind, name } = splitGroupId(id);
    const rank = order.indexOf(kind);
    return { id, rank: rank < 0 ? order.length : rank, name };
  });
  keyed.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.id);
}
