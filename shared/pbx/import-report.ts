/**
 * What an import tells the admin: counts, groups, the lines that need a person picked, and every error
 * and warning with its location. Also accounts for every DID of the input in exactly one bucket.
 */
import type { ImportIssue, MigrationGroupKind, PbxInventory } from '../domain/pbx-inventory';

/** `main-number`: a number several lines ring through (none of them owns it as its DID). */
export type DidBucket = 'matched' | 'unmatched' | 'ambiguous' | 'non-person' | 'main-number' | 'error';

/** The vendor layout the lines file was read as, and how each of its columns was used. */
export interface LayoutReport {
  /** The lines file read with this layout. */
  file?: string;
  /** Undefined: the canonical columns (or a mapping file) with the generic aliases. */
  id?: string;
  name: string;
  source?: string;
  columns: Array<{ header: string; fields: string[]; note?: string }>;
  /** The blocks file's columns, when there is one. */
  blockColumns?: Array<{ header: string; fields: string[]; note?: string }>;
}

export interface LineNeedingAttention {
  lineId: string;
  row: number;
  extension?: string;
  did?: string;
  owner?: string;
  siteName?: string;
  explanation: string;
  candidateIds?: string[];
}

export interface PbxImportReport {
  /** False when errors rejected the import: nothing was stored. */
  accepted: boolean;
  importedAt: string;
  files: { lines: string; blocks?: string };
  counts: {
    lines: number;
    blocks: number;
    numbersInBlocks: number;
    groups: number;
    matched: number;
    unmatched: number;
    ambiguous: number;
    nonPerson: number;
    /** Spare or unnamed stations (no owner): their numbers are to port or release. */
    unassigned?: number;
    errors: number;
    warnings: number;
  };
  /** How the (first) lines file and the blocks file were read (absent on a whole-file rejection). */
  layout?: LayoutReport;
  /** With several lines files: how each was read. */
  layouts?: LayoutReport[];
  /** Main numbers that lines without a DID of their own ring through, with how many lines. */
  mainNumbers?: Array<{ number: string; lines: number }>;
  /** DIDs derived from extensions through the blocks' mapping: each rule and how many lines it gave a DID. */
  derivedDids?: Array<{ rule: string; lines: number }>;
  /** Spare or unnamed stations (up to MAX_ATTENTION_LISTED). */
  unassigned?: LineNeedingAttention[];
  /** Each distinct DID of the input counted once, in the bucket of its first appearance (error wins). */
  dids: Record<DidBucket, number>;
  groups: Array<{ id: string; kind: MigrationGroupKind; name: string; lines: number; people: number }>;
  unmatched: LineNeedingAttention[];
  ambiguous: LineNeedingAttention[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/** Row-level DID record: every data row with a DID, valid or not, as parallel arrays (no object per row). */
export class DidSightings {
  readonly rows: number[] = [];
  /** The row's DID as E.164 when it parsed, else as written. */
  readonly keys: string[] = [];

  add(row: number, didKey: string): void {
    this.rows.push(row);
    this.keys.push(didKey);
  }
}

function sortedByRow<T extends { source: { row: number } }>(lines: readonly T[]): readonly T[] {
  for (let i = 1; i < lines.length; i++) {
    if (lines[i - 1].source.row > lines[i].source.row) return [...lines].sort((a, b) => a.source.row - b.source.row);
  }
  return lines;
}

/** Each DID in the bucket of its first line, except that a DID on any row with an error is an error. */
export function classifyDids(
  inventory: Pick<PbxInventory, 'lines'>,
  /** Per lines file: its rows' DIDs and its rows with at least one error (none for an accepted import). */
  files: ReadonlyArray<{ sightings: DidSightings; errorRows: ReadonlySet<number> }>,
): Map<string, DidBucket> {
  const buckets = new Map<string, DidBucket>();
  // Last line first, so that the first line of a DID is the one written last: one Map write per line.
  const lines = sortedByRow(inventory.lines);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (line.did) buckets.set(line.did, line.match.status);
  }
  // A main number no line owns as its DID is accounted for as such.
  for (let i = 0; i < lines.length; i++) {
    const main = lines[i].mainNumber;
    if (main && !buckets.has(main)) buckets.set(main, 'main-number');
  }
  // Every row that never became a line had an error: its DID lands here too, so none is left out.
  for (const { sightings, errorRows } of files) {
    if (errorRows.size === 0) continue;
    for (let i = 0; i < sightings.rows.length; i++) if (errorRows.has(sightings.rows[i])) buckets.set(sightings.keys[i], 'error');
  }
  return buckets;
}

/** Lines needing a person picked; `unassigned` lists the spare stations apart from the unmatched. */
export function attention(inventory: PbxInventory, status: 'unmatched' | 'ambiguous' | 'unassigned'): LineNeedingAttention[] {
  const wanted =
    status === 'unassigned'
      ? (l: PbxInventory['lines'][number]) => l.unassigned === true
      : (l: PbxInventory['lines'][number]) => l.match.status === status && !l.unassigned;
  return inventory.lines
    .filter(wanted)
    .map((l) => {
      const item: LineNeedingAttention = { lineId: l.id, row: l.source.row, explanation: l.match.explanation };
      if (l.extension) item.extension = l.extension;
      if (l.did) item.did = l.did;
      else if (l.mainNumber) item.did = l.mainNumber;
      const owner = l.ownerUpn ?? l.ownerId ?? l.ownerName;
      if (owner) item.owner = owner;
      if (l.siteName) item.siteName = l.siteName;
      if (l.match.candidateIds) item.candidateIds = l.match.candidateIds;
      return item;
    });
}
