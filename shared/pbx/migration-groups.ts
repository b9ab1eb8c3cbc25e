/**
 * Derives the groups of lines that must cut over in the same wave: hunt groups, pickup groups,
 * boss-delegate pairs, shared lines (one number on several devices) and call-centre teams.
 * Deterministic: groups sorted by id, members by line id.
 */
import type { MigrationGroup, MigrationGroupKind, PbxLine } from '../domain/pbx-inventory';

/** Sorted, without repeats (as `[...new Set(ids)].sort()`); a list already strictly ascending is kept as it is. */
function sortedUnique(ids: string[]): string[] {
  let ascending = true;
  for (let i = 1; i < ids.length && ascending; i++) ascending = ids[i - 1] < ids[i];
  if (ascending) return ids;
  ids.sort();
  let kept = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[kept - 1]) ids[kept++] = ids[i];
  ids.length = kept;
  return ids;
}

/** The groups of one kind: by name ignoring case, and by each spelling seen (see GroupBuilder.add). */
interface GroupsOfKind {
  byKey: Map<string, MigrationGroup>;
  bySpelling: Map<string, MigrationGroup>;
}

/**
 * The line's place in the hunt of its group `name`: its one position, or the one written for that group
 * where the line gives one per hunt group.
 */
function huntPositionIn(line: PbxLine, name: string): number | undefined {
  const order = line.huntOrder;
  if (!order) return undefined;
  if (order.length === 1) return order[0];
  const at = line.huntGroups.indexOf(name);
  return at < 0 ? undefined : order[at];
}

class GroupBuilder {
  private readonly kinds = new Map<MigrationGroupKind, GroupsOfKind>();
  /** Each hunting group's lines' places in its hunt, where the lines gave them. */
  private readonly positions = new Map<MigrationGroup, Map<string, number>>();

  add(kind: MigrationGroupKind, name: string, line: PbxLine): void {
    let groups = this.kinds.get(kind);
    if (!groups) this.kinds.set(kind, (groups = { byKey: new Map(), bySpelling: new Map() }));
    // An export repeats a group's name, spelled the same, on every member line: looking the spelling
    // up first spares lower-casing it again for each of them.
    let g = groups.bySpelling.get(name);
    if (!g) {
      // Names typed by people ("Sales", "sales") are one group; the id keeps the first spelling seen.
      const key = name.toLowerCase();
      g = groups.byKey.get(key);
      if (!g) groups.byKey.set(key, (g = { id: `${kind}:${name}`, kind, name, lineIds: [], personIds: [] }));
      groups.bySpelling.set(name, g);
    }
    g.lineIds.push(line.id);
    if (line.match.status === 'matched' && line.match.personId) g.personIds.push(line.match.personId);
    // Hunting is the group's: the first member line that says gives each part (method, ring time, no-answer, queue).
    if (kind === 'hunt-group' || kind === 'call-centre') {
      if (line.huntMethod !== undefined) g.huntMethod ??= line.huntMethod;
      if (line.huntRingSeconds !== undefined) g.huntRingSeconds ??= line.huntRingSeconds;
      if (line.huntNoAnswer !== undefined) g.huntNoAnswer ??= line.huntNoAnswer;
      if (line.huntMaxSeconds !== undefined) g.huntMaxSeconds ??= line.huntMaxSeconds;
      if (line.huntQueueLimit !== undefined) g.huntQueueLimit ??= line.huntQueueLimit;
      if (line.huntQueueFull !== undefined) g.huntQueueFull ??= line.huntQueueFull;
      const position = huntPositionIn(line, name);
      if (position !== undefined) {
        let places = this.positions.get(g);
        if (!places) this.positions.set(g, (places = new Map()));
        if (!places.has(line.id)) places.set(line.id, position);
      }
    }
  }

  /** A person behind the group who is not the matched owner of one of its lines (another owner of a shared line). */
  addPerson(kind: MigrationGroupKind, name: string, personId: string): void {
    const g = this.kinds.get(kind)?.bySpelling.get(name);
    if (g) g.personIds.push(personId);
  }

  build(minimumLines: (kind: MigrationGroupKind) => number): MigrationGroup[] {
    const out: MigrationGroup[] = [];
    for (const { byKey } of this.kinds.values()) {
      for (const g of byKey.values()) {
        g.lineIds = sortedUnique(g.lineIds);
        g.personIds = sortedUnique(g.personIds);
        // Two people on one line are worth a group even when the line is all the group has.
        if (g.lineIds.length < minimumLines(g.kind) && g.personIds.length < 2) continue;
        const places = this.positions.get(g);
        // Stable on the id order: lines at one place, and those without any (last), stay by id.
        if (places) {
          const placeOf = (id: string) => places.get(id) ?? Number.MAX_SAFE_INTEGER;
          g.huntOrder = [...g.lineIds].sort((a, b) => placeOf(a) - placeOf(b));
        }
        out.push(g);
      }
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** A group the lines' own fields do not tell: the appearances of one line on other owners' devices. */
export interface ExtraGroup {
  kind: MigrationGroupKind;
  name: string;
  lines: PbxLine[];
  personIds: string[];
}

/** `bossOf` maps a delegate line id to the boss's line (resolved and loop-checked by the caller). */
export function deriveMigrationGroups(
  lines: readonly PbxLine[],
  bossOf: ReadonlyMap<string, PbxLine>,
  sharedLineKey: (line: PbxLine) => string | undefined,
  extra: readonly ExtraGroup[] = [],
): MigrationGroup[] {
  const builder = new GroupBuilder();
  for (const g of extra) {
    for (const line of g.lines) builder.add(g.kind, g.name, line);
    for (const p of g.personIds) builder.addPerson(g.kind, g.name, p);
  }
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
