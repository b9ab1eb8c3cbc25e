/**
 * The Groups sheets: the PBX's migration groups each wave moves (plan-groups.ts), for the cutover team
 * that rebuilds them in Teams, with their members and what each group becomes there.
 */
import type { Plan, Wave } from '../domain/plan';
import { byGroupKind, groupKindLabel, GROUP_TEAMS_SET_UP } from '../domain/migration-group-labels';
import { groupHuntingOf, queueHuntingNotes } from '../domain/hunt-methods';
import { waveGroups, type WaveGroup } from '../domain/planning/plan-groups';
import type { ExportInput } from './export-input';
import type { Lookups } from './export-model';
import type { ColumnSpec } from './sheet-writer';

export const GROUP_COLUMNS: ColumnSpec[] = [
  { header: 'Wave', width: 7, kind: 'integer' },
  { header: 'Cutover date', width: 12, kind: 'date' },
  { header: 'Kind', width: 18 },
  { header: 'Group', width: 28 },
  { header: 'Pilot number', width: 16, kind: 'wrap' },
  { header: 'Sites', width: 22, kind: 'wrap' },
  { header: 'Members in the wave', width: 10, kind: 'integer' },
  { header: 'Members (UPN)', width: 40, kind: 'wrap' },
  { header: 'Members in other waves', width: 22, kind: 'wrap' },
  { header: 'Set up in Teams', width: 70, kind: 'wrap' },
];

export type GroupRow = [number, string, string, string, string, string, number, string, string, string];

/** The plan's groups by wave, worked out once per plan: every wave workbook asks for its own. */
const byPlan = new WeakMap<Plan, Map<number, WaveGroup[]>>();

function groupsByWave(plan: Plan): Map<number, WaveGroup[]> {
  let index = byPlan.get(plan);
  if (!index) {
    index = new Map();
    for (const g of waveGroups(plan)) {
      const list = index.get(g.wave);
      if (list) list.push(g);
      else index.set(g.wave, [g]);
    }
    byPlan.set(plan, index);
  }
  return index;
}

/** The groups with members in each wave (or in `only`), wave by wave in plan order. */
export function groupRows(input: ExportInput, lookups: Lookups, only?: Wave): GroupRow[] {
  const index = groupsByWave(input.plan);
  const rows: GroupRow[] = [];
  for (const wave of only ? [only] : input.plan.waves) {
    for (const g of index.get(wave.number) ?? []) {
      const listed = g.members > g.upns.length ? [...g.upns, `and ${g.members - g.upns.length} more`] : g.upns;
      rows.push([
        wave.number,
        wave.date,
        groupKindLabel(g.kind),
        g.name,
        (g.pilotNumbers ?? []).join('\n'),
        g.siteIds.map((id) => lookups.siteName(id)).sort().join('\n'),
        g.members,
        listed.join('\n'),
        g.elsewhere.map((e) => `Wave ${e.wave}: ${e.members}`).join('\n'),
        withRouting(byGroupKind(GROUP_TEAMS_SET_UP, g.kind), input, g.id),
      ]);
    }
  }
  return rows;
}

/**
 * A call queue's set-up with what the runbook takes from the PBX export where it said: the routing
 * method (how the group hunted), the agents' order, and how long each agent rings.
 */
function withRouting(setUp: string, input: ExportInput, groupId: string): string {
  const h = input.hunting?.get(groupId);
  const notes = h ? queueHuntingNotes(groupHuntingOf(h)) : [];
  return [setUp, ...notes].join(' ');
}

/** How many groups the plan's waves hold (a group split over waves counts once). */
export function groupCount(input: ExportInput): number {
  const ids = new Set<string>();
  for (const list of groupsByWave(input.plan).values()) for (const g of list) ids.add(g.id);
  return ids.size;
}
