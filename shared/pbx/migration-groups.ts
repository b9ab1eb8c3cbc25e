/**
 * Derives the groups of lines that must cut over in the same wave: hunt groups, pickup groups,
 * boss-delegate pairs, shared lines (one number on several devices) and call-centre teams.
 * Deterministic: groups sorted by id, members by line id.
 */
import type { MigrationGroup, MigrationGroupKind, PbxLine } from '../domain/pbx-inventory';

class GroupBuilder {
  private readonly groups = new Map<string, { id: string; kind: MigrationGroupKind; name: string; lines: Set<string>; people: Set<string> }>();

  add(kind: MigrationGroupKind, name: string, line: PbxLine): void {
    // Names typed by people ("Sales", "sales") are one group; the id keeps the first spelling seen.
    const key = `${kind}:${name.toLowerCase()}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { id: `${kind}:${name}`, kind, name, lines: new Set(), people: new Set() }));
    g.lines.add(line.id);
    if (line.match.status === 'matched' && line.match.personId) g.people.add(line.match.personId);
  }

  build(minimumLines: (kind: MigrationGroupKind) => number): MigrationGroup[] {
    const out: MigrationGroup[] = [];
    for (const g of this.groups.values()) {
      if (g.lines.size < minimumLines(g.kind)) continue;
      out.push({ id: g.id, kind: g.kind, name: g.name, lineIds: [...g.lines].sort(), personIds: [...g.people].sort() });
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** `bossOf` maps a delegate line id to the boss's line (resolved and loop-checked by the caller). */
export function deriveMigrationGroups(lines: readonly PbxLine[], bossOf: ReadonlyMap<string, PbxLine>, sharedLineKey: (line: PbxLine) => string | undefined): MigrationGroup[] {
  const builder = new GroupBuilder();
  for (const line of lines) {
    for (const hunt of line.huntGroups) builder.add('hunt-group', hunt, line);
    if (line.pickupGroup) builder.add('pickup-group', line.pickupGroup, line);
    const boss = bossOf.get(line.id);
    if (boss) {
      const name = boss.id;
      builder.add('boss-delegate', name, boss);
      builder.add('boss-delegate', name, line);
    }
    const shared = sharedLineKey(line);
    if (shared) builder.add('shared-line', shared, line);
    if (line.callCentreAgent) {
      const team = line.callCentreTeam ?? line.huntGroups[0] ?? (line.siteId ? `${line.siteId} agents` : 'agents');
      builder.add('call-centre', team, line);
    }
  }
  // A shared line needs two appearances; every other group is worth keeping even with one member,
  // because later planning keys on it (a one-line hunt group still has to move with its pilot).
  return builder.build((kind) => (kind === 'shared-line' ? 2 : 1));
}
