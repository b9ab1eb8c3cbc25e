/**
 * The PBX's migration groups as the plan moves them, for the cutover team that rebuilds them in Teams:
 * one row per group and wave it has members in (a group the plan had to split shows in each of its
 * waves, naming the others), with its members and what the group becomes in Teams. The plan keeps each
 * group's id on its members (`WaveMember.groupIds`, `<kind>:<name>`), so nothing but the plan is read.
 */
import type { Plan, Wave, WaveMember } from '../domain/plan';
import type { MigrationGroupKind } from '../domain/pbx-inventory';
import { groupKindLabel, splitGroupId } from '../domain/migration-group-labels';
import type { ExportInput } from './export-input';
import type { Lookups } from './export-model';
import type { ColumnSpec } from './sheet-writer';

export const GROUP_COLUMNS: ColumnSpec[] = [
  { header: 'Wave', width: 7, kind: 'integer' },
  { header: 'Cutover date', width: 12, kind: 'date' },
  { header: 'Kind', width: 18 },
  { header: 'Group', width: 28 },
  { header: 'Sites', width: 22, kind: 'wrap' },
  { header: 'Members in the wave', width: 10, kind: 'integer' },
  { header: 'Members (UPN)', width: 40, kind: 'wrap' },
  { header: 'Members in other waves', width: 22, kind: 'wrap' },
  { header: 'Set up in Teams', width: 70, kind: 'wrap' },
];

export type GroupRow = [number, string, string, string, string, number, string, string, string];

/** A cell names this many members at most (a call-centre team can have hundreds), then counts the rest. */
export const MAX_LISTED_MEMBERS = 50;

/**
 * What each kind of PBX group becomes in Teams, with the cmdlets that build it (MicrosoftTeams module);
 * keyed by kind, so a new kind cannot go without one.
 */
export const TEAMS_SET_UP: Record<MigrationGroupKind, string> = {
  'hunt-group':
    "Call queue: a resource account (Teams Phone Resource Account licence) given the group's number, New-CsCallQueue with these members as agents (-Users), joined by New-CsOnlineApplicationInstanceAssociation. Agents need Teams Phone.",
  'call-centre':
    "Call queue for these agents (New-CsCallQueue with a resource account holding a Teams Phone Resource Account licence), or the contact centre's own Teams connector. Agents need Teams Phone.",
  'pickup-group':
    "Group call pickup: give each member a call group of the others (Set-CsUserCallingSettings -CallGroupTargets) and choose how members are told of the group's calls (-GroupNotificationOverride).",
  'boss-delegate':
    "Delegation: make the delegate the boss's delegate (New-CsUserCallingDelegate -ReceiveCalls $true -MakeCalls $true) and ring the boss's calls on the delegate too (Set-CsUserCallingSettings -ForwardingTargetType MyDelegates). Both need Teams Phone.",
  'shared-line':
    "Shared line appearance: the line's owner makes the others delegates (New-CsUserCallingDelegate), or a call queue answers the shared number. All need Teams Phone.",
};

/** The plan's groups, worked out once per plan: every wave workbook asks for its own. */
interface GroupIndex {
  /** Each group's members per wave number, the waves in plan order. */
  members: Map<string, Map<number, WaveMember[]>>;
  /** The groups with members in each wave, in the order the sheets list them. */
  inWave: Map<number, string[]>;
}

const indexed = new WeakMap<Plan, GroupIndex>();

function groupIndex(plan: Plan): GroupIndex {
  const known = indexed.get(plan);
  if (known) return known;
  const members = new Map<string, Map<number, WaveMember[]>>();
  for (const wave of plan.waves) {
    for (const m of wave.members) {
      // A plan stored before members carried their groups has none.
      for (const id of m.groupIds ?? []) {
        let byWave = members.get(id);
        if (!byWave) members.set(id, (byWave = new Map()));
        const list = byWave.get(wave.number);
        if (list) list.push(m);
        else byWave.set(wave.number, [m]);
      }
    }
  }
  const inWave = new Map<number, string[]>();
  for (const id of sortedGroupIds(members.keys())) {
    for (const n of members.get(id)!.keys()) {
      const list = inWave.get(n);
      if (list) list.push(id);
      else inWave.set(n, [id]);
    }
  }
  const index = { members, inWave };
  indexed.set(plan, index);
  return index;
}

const KIND_ORDER: readonly string[] = ['hunt-group', 'call-centre', 'pickup-group', 'boss-delegate', 'shared-line'] satisfies MigrationGroupKind[];

/** Hunt groups and call centres first (they need resource accounts and numbers), then by kind and name. */
function sortedGroupIds(ids: Iterable<string>): string[] {
  const keyed = [...ids].map((id) => {
    const { kind, name } = splitGroupId(id);
    const rank = KIND_ORDER.indexOf(kind);
    return { id, rank: rank < 0 ? KIND_ORDER.length : rank, name };
  });
  keyed.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.id);
}

/** The groups with members in each wave (or in `only`), wave by wave in plan order. */
export function groupRows(input: ExportInput, lookups: Lookups, only?: Wave): GroupRow[] {
  const index = groupIndex(input.plan);
  const rows: GroupRow[] = [];
  for (const wave of only ? [only] : input.plan.waves) {
    for (const id of index.inWave.get(wave.number) ?? []) {
      const byWave = index.members.get(id)!;
      const members = byWave.get(wave.number)!;
      const { kind, name } = splitGroupId(id);
      const upns = members.map((m) => m.userPrincipalName).sort();
      const listed = upns.slice(0, MAX_LISTED_MEMBERS);
      if (upns.length > listed.length) listed.push(`and ${upns.length - listed.length} more`);
      const sites = [...new Set(members.map((m) => lookups.siteName(m.siteId)).filter(Boolean))].sort();
      const elsewhere = [...byWave].filter(([n]) => n !== wave.number).map(([n, list]) => `Wave ${n}: ${list.length}`);
      rows.push([
        wave.number,
        wave.date,
        groupKindLabel(kind),
        name,
        sites.join('\n'),
        members.length,
        listed.join('\n'),
        elsewhere.join('\n'),
        (TEAMS_SET_UP as Record<string, string>)[kind] ?? '',
      ]);
    }
  }
  return rows;
}

/** How many groups the plan's waves hold (a group split over waves counts once). */
export function groupCount(input: ExportInput): number {
  return groupIndex(input.plan).members.size;
}
