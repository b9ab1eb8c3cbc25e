/**
 * The cross-row part of the import, pure and deterministic: line ids, shared lines versus duplicates,
 * duplicate DIDs, block overlaps and membership, BTNs, delegate loops, matching and migration groups.
 * Every problem goes to the IssueLog with its file, row and column.
 */
import type { LineMatch, MigrationGroup, NumberBlock, PbxInventory, PbxLine } from '../domain/pbx-inventory';
import type { TenantSnapshot } from '../domain/tenant-snapshot';
import { BlockIndex, assignBtns, blockFromDraft } from './block-index';
import type { BlockDraft } from './block-row-parser';
import type { IssueLog } from './issue-log';
import type { LineDraft } from './line-row-parser';
import { PersonIndex, matchLine } from './line-matcher';
import { deriveMigrationGroups } from './migration-groups';

export interface BuildInput {
  importedAt: string;
  snapshot?: Pick<TenantSnapshot, 'people'>;
  lines: {
    file: string;
    drafts: LineDraft[];
    /** Per draft, by index: the tenant snapshot knows the line's site. */
    siteKnown: readonly boolean[];
    column: (field: 'extension' | 'did' | 'delegateOf' | 'deviceName') => string;
  };
  blocks?: { file: string; drafts: BlockDraft[]; column: (field: 'first' | 'btn') => string };
  issues: IssueLog;
}

/** The draft becomes the line: it already has every field, so this adds none (see LineDraft). */
function completeLine(draft: LineDraft, id: string, match: LineMatch): PbxLine {
  draft.id = id;
  draft.match = match;
  return draft as PbxLine;
}

function lineKey(d: LineDraft): string {
  return `${d.siteId ?? 'no-site'}/${d.extension ?? d.did}`;
}

export function buildInventory(input: BuildInput): PbxInventory {
  const { issues } = input;
  const lineFile = input.lines.file;
  const col = input.lines.column;

  // Blocks first: lines look their DIDs up in them.
  let blockIndex: BlockIndex | undefined;
  if (input.blocks) {
    const { file, drafts, column } = input.blocks;
    blockIndex = new BlockIndex(drafts.map((d) => blockFromDraft(d, file)));
    blockIndex.reportOverlaps(file, column('first'), issues);
    assignBtns(blockIndex, file, column('btn'), issues);
  }

  // Same site + extension on several rows: a shared line when each row names its own device, else a duplicate.
  // Per-draft facts live in arrays indexed like the drafts: 100,000 rows need no Map keyed by object.
  const drafts = input.lines.drafts;
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
  const sharedKeyAt = new Map<number, string>();
  for (const [key, index] of firstWithKey) {
    const members = sameKey.get(key);
    if (!members) {
      idAt[index] = key;
      continue;
    }
    const group = members.map((i) => drafts[i]);
    const first = group[0];
    const what = first.extension ? `extension ${first.extension}` : `DID ${first.did}`;
    if (!group.every((d) => d.deviceName)) {
      idAt[index] = key;
      for (const d of group.slice(1)) {
        issues.error(lineFile, d.source.row, col('extension'), `duplicate ${what}: also on row ${first.source.row} (for a shared line, give each appearance its device name)`);
      }
      continue;
    }
    const devices = new Map<string, LineDraft>();
    for (let m = 0; m < group.length; m++) {
      const d = group[m];
      const device = d.deviceName!.toLowerCase();
      const dup = devices.get(device);
      if (dup) {
        issues.error(lineFile, d.source.row, col('deviceName'), `duplicate line: ${what} on device ${d.deviceName} is already on row ${dup.source.row}`);
        continue;
      }
      devices.set(device, d);
      if (d !== first && d.did && first.did && d.did !== first.did) {
        issues.error(lineFile, d.source.row, col('did'), `shared ${what} has DID ${first.did} on row ${first.source.row} but ${d.did} here`);
      }
      idAt[members[m]] = `${key}@${d.deviceName}`;
      sharedKeyAt.set(members[m], key);
    }
  }

  // One DID belongs to one line (shared appearances aside).
  const didOwner = new Map<string, number>();
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    if (!d.did) continue;
    const ownerIndex = didOwner.get(d.did);
    if (ownerIndex === undefined) didOwner.set(d.did, i);
    else if (keys[ownerIndex] !== keys[i]) {
      const owner = drafts[ownerIndex];
      const where = owner.extension ? ` (extension ${owner.extension})` : '';
      issues.error(lineFile, d.source.row, col('did'), `duplicate DID ${d.did}: also on row ${owner.source.row}${where}`);
    }
  }

  const people = new PersonIndex(input.snapshot);
  const lines: PbxLine[] = [];
  const lineAt: Array<PbxLine | undefined> = new Array(drafts.length);
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i];
    const id = idAt[i];
    if (!id) continue;
    const line = completeLine(d, id, matchLine(people, d, input.lines.siteKnown[i]));
    if (line.did && blockIndex) {
      const block = blockIndex.find(line.did);
      if (block) line.blockId = block.id;
      else issues.warning(lineFile, line.source.row, col('did'), `DID ${line.did} is in no block of ${input.blocks!.file}: its carrier and porting are unknown`);
    }
    lines.push(line);
    lineAt[i] = line;
  }

  // `lines` is still in draft order here (sorted by row below).
  const bossOf = resolveDelegates(input, lines);
  const sharedByLineId = new Map<string, string>();
  for (const [i, key] of sharedKeyAt) {
    const line = lineAt[i];
    if (line) sharedByLineId.set(line.id, key);
  }
  const groups: MigrationGroup[] = deriveMigrationGroups(lines, bossOf, (line) => sharedByLineId.get(line.id));

  lines.sort((a, b) => a.source.row - b.source.row);
  const blocks: NumberBlock[] = blockIndex ? blockIndex.blocks : [];
  return { importedAt: input.importedAt, lines, blocks, groups, warnings: issues.sorted('warning') };
}

/**
 * Resolves each delegate-of extension to the boss's line (same site first, then a unique extension
 * anywhere), and rejects loops (a line that is, through its bosses, its own delegate).
 */
function resolveDelegates(input: BuildInput, lines: readonly PbxLine[]): Map<string, PbxLine> {
  const { issues } = input;
  const file = input.lines.file;
  const column = input.lines.column('delegateOf');
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
        issues.warning(file, line.source.row, column, `boss extension ${line.delegateOf} exists at ${anywhere.length} sites and none is this line's site: pair not grouped`);
        continue;
      }
    }
    if (!boss) {
      issues.warning(file, line.source.row, column, `boss extension ${line.delegateOf} is not in the export: the boss-delegate pair cannot be grouped`);
      continue;
    }
    if (boss.extension === line.extension && (boss.siteId ?? '') === (line.siteId ?? '')) {
      issues.error(file, line.source.row, column, `conflicting delegate loop: extension ${line.extension} is named as its own boss`);
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
        issues.error(file, l.source.row, column, `conflicting delegate loop: ${text} (each line is, through its bosses, its own delegate)`);
        bossOf.delete(l.id);
      }
    }
    for (const l of path) state.set(l, 2);
  }
  return bossOf;
}
