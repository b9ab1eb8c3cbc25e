import fc from 'fast-check';
import type { MigrationGroup, MigrationGroupKind, PbxLine } from '../../../shared/domain/pbx-inventory';
import { deriveMigrationGroups } from '../../../shared/pbx/migration-groups';

/** Groups as first specified: a Set of members per case-insensitive name, sorted when built. */
function referenceGroups(lines: readonly PbxLine[], bossOf: ReadonlyMap<string, PbxLine>, sharedLineKey: (line: PbxLine) => string | undefined): MigrationGroup[] {
  const groups = new Map<string, { id: string; kind: MigrationGroupKind; name: string; lines: Set<string>; people: Set<string> }>();
  const add = (kind: MigrationGroupKind, name: string, line: PbxLine) => {
    const key = `${kind}:${name.toLowerCase()}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id: `${kind}:${name}`, kind, name, lines: new Set(), people: new Set() }));
    g.lines.add(line.id);
    if (line.match.status === 'matched' && line.match.personId) g.people.add(line.match.personId);
  };
  for (const line of lines) {
    for (const hunt of line.huntGroups) add('hunt-group', hunt, line);
    if (line.pickupGroup) add('pickup-group', line.pickupGroup, line);
    const boss = bossOf.get(line.id);
    if (boss) {
      add('boss-delegate', boss.id, boss);
      add('boss-delegate', boss.id, line);
    }
    const shared = sharedLineKey(line);
    if (shared) add('shared-line', shared, line);
    if (line.callCentreAgent) add('call-centre', line.callCentreTeam ?? line.huntGroups[0] ?? (line.siteId ? `${line.siteId} agents` : 'agents'), line);
  }
  return [...groups.values()]
    .filter((g) => g.lines.size >= (g.kind === 'shared-line' ? 2 : 1))
    .map((g) => ({ id: g.id, kind: g.kind, name: g.name, lineIds: [...g.lines].sort(), personIds: [...g.people].sort() }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const groupName = fc.constantFrom('Sales', 'sales', 'SALES', 'Support', 'Front desk', 'front desk');
const lineSpec = fc.record({
  ext: fc.integer({ min: 1000, max: 1012 }),
  site: fc.constantFrom('seattle', 'london', undefined),
  hunts: fc.array(groupName, { maxLength: 3 }),
  pickup: fc.option(groupName, { nil: undefined }),
  agent: fc.boolean(),
  team: fc.option(groupName, { nil: undefined }),
  person: fc.option(fc.constantFrom('p1', 'p2', 'p3'), { nil: undefined }),
  boss: fc.option(fc.nat(20), { nil: undefined }),
  shared: fc.option(fc.constantFrom('seattle/2000', 'london/2001'), { nil: undefined }),
});

test('groups equal the reference definition for any lines', () => {
  fc.assert(
    fc.property(fc.array(lineSpec, { maxLength: 20 }), (specs) => {
      const lines: PbxLine[] = specs.map((s, i) => ({
        id: `${s.site ?? 'no-site'}/${s.ext}@${i}`,
        extension: String(s.ext),
        siteId: s.site,
        deviceType: 'ip-phone',
        huntGroups: s.hunts,
        pickupGroup: s.pickup,
        callCentreAgent: s.agent,
        callCentreTeam: s.team,
        voicemail: false,
        source: { file: 'l.csv', row: i + 2 },
        match: s.person ? { status: 'matched', personId: s.person, explanation: '' } : { status: 'unmatched', explanation: '' },
      }));
      const bossOf = new Map<string, PbxLine>();
      specs.forEach((s, i) => {
        if (s.boss !== undefined && s.boss < lines.length && s.boss !== i) bossOf.set(lines[i].id, lines[s.boss]);
      });
      const shared = new Map(specs.map((s, i) => [lines[i].id, s.shared]));
      const sharedLineKey = (line: PbxLine) => shared.get(line.id);
      expect(deriveMigrationGroups(lines, bossOf, sharedLineKey)).toEqual(referenceGroups(lines, bossOf, sharedLineKey));
    }),
    { numRuns: 1000 },
  );
});
