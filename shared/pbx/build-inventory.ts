/**
 * The cross-row part of the import, pure and deterministic: line ids, shared lines versus duplicates,
 * duplicate DIDs, block overlaps and membership, BTNs, delegate loops, matching and migration groups.
 * Every problem goes to the IssueLog with its file, row and column.
 */
import type { LineMatch, MigrationGroup, NumberBlock, PbxDevice, PbxInventory, PbxLine } from '../domain/pbx-inventory';
import type { TenantSnapshot } from '../domain/tenant-snapshot';
import { BlockIndex, assignBtns, blockFromDraft } from './block-index';
import type { BlockDraft } from './block-row-parser';
import type { IssueLog } from './issue-log';
import type { DidShareLevel, LineDraft } from './line-row-parser';
import { PersonIndex, matchLine } from './line-matcher';
import type { ExtraGroup } from './migration-groups';
import { deriveMigrationGroups } from './migration-groups';

export interface BuildInput {
  importedAt: string;
  snapshot?: Pick<TenantSnapshot, 'people'>;
  lines: {
    file: string;
    drafts: LineDraft[];
    /** Per draft, by index: the tenant snapshot knows the line's site. */
    siteKnown: readonly boolean[];
    /** Per draft, by index: whether its DID may be a main number several lines share (see DidShareLevel). */
    didShareLevel?: readonly DidShareLevel[];
    /** The header of a field's column in a lines file (the first file when none is named). */
    column: (field: 'extension' | 'did' | 'delegateOf' | 'deviceName', file?: string) => string;
  };
  blocks?: { file: string; drafts: BlockDraft[]; column: (field: 'first' | 'btn') => string };
  issues: IssueLog;
}

/** What the cross-row pass found besides the inventory: main numbers and the DIDs derived from extensions. */
export interface BuildFacts {
  /** Main number -> how many lines ring through it. */
  mainNumbers: Map<string, number>;
  /** Rule -> how many lines got their DID through it. */
  derivedDids: Map<string, number>;
}

/** The draft becomes the line: it already has every field, so this adds none (see LineDraft). */
function completeLine(draft: LineDraft, id: string, match: LineMatch): PbxLine {
  draft.id = id;
  draft.match = match;
  return draft as PbxLine;
}

/** The line's id: `<site>/<extension>` (or DID). */
function lineIdOf(d: LineDraft): string {
  return `${d.siteId ?? 'no-site'}/${d.extension ?? d.did}`;
}

/**
 * Which rows are appearances of one line. A CUCM directory number is unique within its route partition,
 * whatever device pool (site) each of its devices is in: a desk phone and a Jabber client in two pools
 * are one line. Without a partition, site and extension identify it.
 */
function lineKey(d: LineDraft): string {
  if (d.partition && d.extension) return `pt:${d.partition.toLowerCase()}/${d.extension}`;
  return lineIdOf(d);
}

function ownerKey(d: LineDraft): string {
  return (d.ownerUpn ?? d.ownerId ?? d.ownerName ?? '').toLowerCase();
}

function deviceOf(d: LineDraft): PbxDevice {
  const device: PbxDevice = { name: d.deviceName!, deviceType: d.deviceType, row: d.source.row };
  if (d.deviceModel) device.model = d.deviceModel;
  if (d.lineIndex !== undefined) device.lineIndex = d.lineIndex;
  if (d.ownerUpn) device.ownerUpn = d.ownerUpn;
  if (d.ownerName) device.ownerName = d.ownerName;
  if (d.siteName) device.siteName = d.siteName;
  return device;
}

/** Position of the line on a device: a line without an index is its device's first. */
const positionOf = (d: LineDraft) => d.lineIndex ?? 1;

export function buildInventory(input: BuildInput, facts: BuildFacts = { mainNumbers: new Map(), derivedDids: new Map() }): PbxInventory {
  const { issues } = input;
  const col = input.lines.column;
  /** "row 12", or "row 12 of other.csv" when the row is in another lines file than `d`'s. */
  const rowOf = (other: LineDraft, d: LineDraft) => `row ${other.source.row}${other.source.file !== d.source.file ? ` of ${other.source.file}` : ''}`;

  // Blocks first: lines look their DIDs up in them.
  let blockIndex: BlockIndex | undefined;
  if (input.blocks) {
    const { file, drafts, column } = input.blocks;
    blockIndex = new BlockIndex(drafts.map((d) => blockFromDraft(d, file)));
    blockIndex.reportOverlaps(file, column('first'), issues);
    assignBtns(blockIndex, file, column('btn'), issues);
  }

  // Same line on several rows: appearances of one line when each row names its own device, else a duplicate.
  // Per-draft facts live in arrays indexed like the drafts: 100,000 rows need no Map keyed by object.
  const drafts = input.lines.drafts;
  const shareLevel = input.lines.didShareLevel;
  const keys = drafts.map(lineKey);
  const firstWithKey = new Map<string, number>();
  const sameKey = new Map<string, number[]>();
  for (let i = 0; i < drafts.length; i++) {
    const k = keys[i];
    const first = firstWithKey.get(k);
    if (first === undefined) firstWithKey.set(k, i);
    else {
      const list = sameKey.get(k);
      if (list) list.push(i);
      else sameKey.set(k, [first, i]);
    }
  }
  const idAt: Array<string | undefined> = new Array(drafts.length);
  // Ids from partition keys may meet (one extension in two partitions at one site): the later gets the partition.
  const partitionIds = new Set<string>();
  const idFor = (i: number): string => {
    // Without a partition the key is the id already (no second string per line).
    if (!keys[i].startsWith('pt:')) return keys[i];
    const d = drafts[i];
    const id = lineIdOf(d);
    if (!partitionIds.has(id)) {
      partitionIds.add(id);
      return id;
    }
    return `${id}~${d.partition}`;
  };
  /** Primary draft index -> the draft indexes of all its appearances (only for lines on several devices). */
  const appearances = new Map<number, number[]>();
  for (const [key, index] of firstWithKey) {
    const members = sameKey.get(key);
    if (!members) {
      idAt[index] = idFor(index);
      continue;
    }
    const group = members.map((i) => drafts[i]);
    const first = group[0];
    const what = first.extension ? `extension ${first.extension}` : `DID ${first.did}`;
    if (!group.every((d) => d.deviceName)) {
      idAt[index] = idFor(index);
      for (const d of group.slice(1)) {
        issues.error(d.source.file, d.source.row, col('extension', d.source.file), `duplicate ${what}: also on ${rowOf(first, d)} (for a shared line, give each appearance its device name)`);
      }
      continue;
    }
    const devices = new Map<string, LineDraft>();
    const kept: number[] = [];
    let did: LineDraft | undefined;
    for (let m = 0; m < group.length; m++) {
      const d = group[m];
      const device = d.deviceName!.toLowerCase();
      const dup = devices.get(device);
      if (dup) {
        issues.error(d.source.file, d.source.row, col('deviceName', d.source.file), `duplicate line: ${what} on device ${d.deviceName} is already on ${rowOf(dup, d)}`);
        continue;
      }
      devices.set(device, d);
      if (d.did && did && d.did !== did.did) {
        issues.error(d.source.file, d.source.row, col('did', d.source.file), `shared ${what} has DID ${did.did} on ${rowOf(did, d)} but ${d.did} here`);
        continue;
      }
      if (d.did) did ??= d;
      kept.push(members[m]);
    }
    // The line's home is the device it is line 1 of (the first row when the export numbers no lines).
    let primary = kept[0];
    for (const i of kept) if (positionOf(drafts[i]) < positionOf(drafts[primary])) primary = i;
    idAt[primary] = idFor(primary);
    if (kept.length > 1) appearances.set(primary, kept);
  }
  // One line with several devices: the primary row becomes it, and learns the DID another appearance wrote.
  for (const [primary, kept] of appearances) {
    const line = drafts[primary];
    line.devices = kept.map((i) => deviceOf(drafts[i]));
    if (!line.did) {
      const withDid = kept.find((i) => drafts[i].did);
      if (withDid !== undefined) {
        line.did = drafts[withDid].did;
        line.didRaw = drafts[withDid].didRaw;
        if (shareLevel) (shareLevel as DidShareLevel[])[primary] = shareLevel[withDid];
      }
    }
  }

  // One DID belongs to one line. Lines whose number may be shared (a CUCM mask without X, a LineURI)
  // and that share it ring through it as their main number; two DIDs of their own are a duplicate.
  resolveSharedDids(drafts, idAt, shareLevel, (d) => col('did', d.source.file), issues);

  const people = new PersonIndex(input.snapshot);
  const lines: PbxLine[] = [];
  const lineAt: Array<PbxLine | undefined> = new Array(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    const id = idAt[i];
    if (!id) continue;
    let match = matchLine(people, d, input.lines.siteKnown[i]);
    if (d.unassigned) {
      if (match.status === 'unmatched') {
        const number = d.did ?? d.mainNumber;
        match = {
          status: 'unmatched',
          explanation: `spare or unnamed station (no owner): extension ${d.extension ?? '-'}${number ? ` and number ${number}` : ''} must be ported or released`,
        };
      } else d.unassigned = undefined;
    }
    const line = completeLine(d, id, match);
    if (line.mainNumber) facts.mainNumbers.set(line.mainNumber, (facts.mainNumbers.get(line.mainNumber) ?? 0) + 1);
    if (line.didRule) facts.derivedDids.set(line.didRule, (facts.derivedDids.get(line.didRule) ?? 0) + 1);
    if (line.did && blockIndex) {
      const block = blockIndex.find(line.did);
      if (block) line.blockId = block.id;
      else issues.warning(line.source.file, line.source.row, col('did', line.source.file), `DID ${line.did} is in no block of ${input.blocks!.file}: its carrier and porting are unknown`);
    }
    lines.push(line);
    lineAt[i] = line;
  }

  // `lines` is still in draft order here (sorted by row below).
  const bossOf = resolveDelegates(input, lines);
  const extra = appearanceGroups(drafts, keys, idAt, appearances, lineAt, people, input.lines.siteKnown);
  const groups: MigrationGroup[] = deriveMigrationGroups(lines, bossOf, () => undefined, extra);

  lines.sort((a, b) => a.source.row - b.source.row);
  const blocks: NumberBlock[] = blockIndex ? blockIndex.blocks : [];
  return { importedAt: input.importedAt, lines, blocks, groups, warnings: issues.sorted('warning') };
}

/**
 * Among the lines with one number: the line of the lowest share level keeps it when it is the only one
 * there (two of level 0 are a duplicate DID: an error); every other line rings through it as a main number.
 */
function resolveSharedDids(
  drafts: LineDraft[],
  idAt: ReadonlyArray<string | undefined>,
  shareLevel: readonly DidShareLevel[] | undefined,
  column: (d: LineDraft) => string,
  issues: IssueLog,
): void {
  const holders = new Map<string, number | number[]>();
  let shared: Set<string> | undefined;
  for (let i = 0; i < drafts.length; i++) {
    const did = drafts[i].did;
    if (!did || !idAt[i]) continue;
    const found = holders.get(did);
    if (found === undefined) holders.set(did, i);
    else {
      if (Array.isArray(found)) found.push(i);
      else holders.set(did, [found, i]);
      (shared ??= new Set()).add(did);
    }
  }
  if (!shared) return;
  const level = (i: number) => shareLevel?.[i] ?? 0;
  for (const did of shared) {
    const list = holders.get(did) as number[];
    const lowest = Math.min(...list.map(level));
    const atLowest = list.filter((i) => level(i) === lowest);
    if (lowest === 0 && atLowest.length > 1) {
      const owner = drafts[atLowest[0]];
      const where = owner.extension ? ` (extension ${owner.extension})` : '';
      for (const i of atLowest.slice(1)) {
        const d = drafts[i];
        const on = `row ${owner.source.row}${owner.source.file !== d.source.file ? ` of ${owner.source.file}` : ''}`;
        issues.error(d.source.file, d.source.row, column(d), `duplicate DID ${did}: also on ${on}${where}`);
      }
    }
    const keeper = atLowest.length === 1 ? atLowest[0] : lowest === 0 ? atLowest[0] : undefined;
    for (const i of list) {
      if (i === keeper || (lowest === 0 && level(i) === 0)) continue;
      drafts[i].mainNumber = did;
      drafts[i].did = undefined;
    }
  }
}

/**
 * Groups from lines on several devices with different owners: a line on another owner's phone at a
 * later position (CUCM line 2..n: a boss's line on the assistant's phone) is a boss-delegate pair; the
 * same line as line 1 of several owners' phones is a shared line. Each group holds the line, the other
 * owner's own line on that device when there is one, and the people behind both.
 */
function appearanceGroups(
  drafts: readonly LineDraft[],
  keys: readonly string[],
  idAt: ReadonlyArray<string | undefined>,
  appearances: ReadonlyMap<number, number[]>,
  lineAt: ReadonlyArray<PbxLine | undefined>,
  people: PersonIndex,
  siteKnown: readonly boolean[],
): ExtraGroup[] {
  const out: ExtraGroup[] = [];
  if (appearances.size === 0) return out;
  // The other lines on the devices involved (few): device name -> draft indexes.
  const wanted = new Set<string>();
  for (const kept of appearances.values()) for (const i of kept) wanted.add(drafts[i].deviceName!.toLowerCase());
  const onDevice = new Map<string, number[]>();
  const primaryOfKey = new Map<string, number>();
  for (let i = 0; i < drafts.length; i++) {
    if (idAt[i]) primaryOfKey.set(keys[i], i);
    const name = drafts[i].deviceName?.toLowerCase();
    if (!name || !wanted.has(name)) continue;
    const list = onDevice.get(name);
    if (list) list.push(i);
    else onDevice.set(name, [i]);
  }
  for (const [primary, kept] of appearances) {
    const home = drafts[primary];
    const line = lineAt[primary];
    if (!line) continue;
    const homeOwner = ownerKey(home);
    for (const i of kept) {
      if (i === primary) continue;
      const d = drafts[i];
      const owner = ownerKey(d);
      if (!owner || owner === homeOwner) continue;
      const kind = positionOf(d) > 1 && positionOf(home) === 1 ? 'boss-delegate' : 'shared-line';
      const group: ExtraGroup = { kind, name: line.id, lines: [line], personIds: [] };
      // The other owner's own line: the lowest position on that device among the other lines.
      let own: number | undefined;
      for (const j of onDevice.get(d.deviceName!.toLowerCase()) ?? []) {
        if (keys[j] === keys[i]) continue;
        if (own === undefined || positionOf(drafts[j]) < positionOf(drafts[own])) own = j;
      }
      const ownLine = own === undefined ? undefined : lineAt[primaryOfKey.get(keys[own])!];
      if (ownLine) group.lines.push(ownLine);
      // The appearance's owner as a person, by owner id or name only (the number is the line's, not theirs).
      const match = matchLine(people, { ...d, did: undefined }, siteKnown[i]);
      if (match.status === 'matched' && match.personId) group.personIds.push(match.personId);
      out.push(group);
    }
  }
  return out;
}

/**
 * Resolves each delegate-of extension to the boss's line (same site first, then a unique extension
 * anywhere), and rejects loops (a line that is, through its bosses, its own delegate).
 */
function resolveDelegates(input: BuildInput, lines: readonly PbxLine[]): Map<string, PbxLine> {
  const { issues } = input;
  const column = (line: PbxLine) => input.lines.column('delegateOf', line.source.file);
  // Only the lines that name a boss (few) and the extensions they name take part: one pass finds them,
  // and the later passes walk those lines instead of the whole export.
  const delegates: PbxLine[] = [];
  const named = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const delegateOf = lines[i].delegateOf;
    if (!delegateOf) continue;
    delegates.push(lines[i]);
    named.add(delegateOf);
  }
  const bossOf = new Map<string, PbxLine>();
  if (delegates.length === 0) return bossOf;
  // Only extensions some line names as its boss are ever looked up: index just those.
  const bySiteExt = new Map<string, PbxLine>();
  const byExt = new Map<string, PbxLine[]>();
  for (const line of lines) {
    if (!line.extension || !named.has(line.extension)) continue;
    const k = `${line.siteId ?? ''}|${line.extension}`;
    if (!bySiteExt.has(k)) bySiteExt.set(k, line);
    const list = byExt.get(line.extension);
    if (!list) byExt.set(line.extension, [line]);
    else if (!list.some((l) => (l.siteId ?? '') === (line.siteId ?? ''))) list.push(line);
  }
  for (const line of delegates) {
    if (!line.delegateOf) continue;
    let boss = bySiteExt.get(`${line.siteId ?? ''}|${line.delegateOf}`);
    if (!boss) {
      const anywhere = byExt.get(line.delegateOf) ?? [];
      if (anywhere.length === 1) boss = anywhere[0];
      else if (anywhere.length > 1) {
        issues.warning(line.source.file, line.source.row, column(line), `boss extension ${line.delegateOf} exists at ${anywhere.length} sites and none is this line's site: pair not grouped`);
        continue;
      }
    }
    if (!boss) {
      issues.warning(line.source.file, line.source.row, column(line), `boss extension ${line.delegateOf} is not in the export: the boss-delegate pair cannot be grouped`);
      continue;
    }
    if (boss.extension === line.extension && (boss.siteId ?? '') === (line.siteId ?? '')) {
      issues.error(line.source.file, line.source.row, column(line), `conflicting delegate loop: extension ${line.extension} is named as its own boss`);
      continue;
    }
    bossOf.set(line.id, boss);
  }
  // Each line has at most one boss, so loops are cycles of a functional graph: walk each path once.
  // Only lines with a boss can be on a loop, so only their paths are walked.
  const state = new Map<PbxLine, 1 | 2>();
  const linesById = new Map<string, PbxLine>();
  for (const line of delegates) if (bossOf.has(line.id)) linesById.set(line.id, line);
  for (const start of linesById.values()) {
    const path: PbxLine[] = [];
    let current: PbxLine | undefined = start;
    while (current && !state.has(current)) {
      state.set(current, 1);
      path.push(current);
      current = bossOf.get(current.id);
    }
    if (current && state.get(current) === 1) {
      const cycle = path.slice(path.indexOf(current));
      const text = [...cycle, current].map((l) => l.extension ?? l.id).join(' -> ');
      for (const l of cycle) {
        issues.error(l.source.file, l.source.row, column(l), `conflicting delegate loop: ${text} (each line is, through its bosses, its own delegate)`);
        bossOf.delete(l.id);
      }
    }
    for (const l of path) state.set(l, 2);
  }
  return bossOf;
}
