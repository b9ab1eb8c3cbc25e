/**
 * What an import tells the admin: counts, groups, the lines that need a person picked, and every error
 * and warning with its location. Also accounts for every DID of the input in exactly one bucket.
 */
import type { ImportIssue, MigrationGroupKind, PbxInventory } from '../domain/pbx-inventory';

export type DidBucket = 'matched' | 'unmatched' | 'ambiguous' | 'non-person' | 'error';

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
    errors: number;
    warnings: number;
  };
  /** Each distinct DID of the input counted once, in the bucket of its first appearance (error wins). */
  dids: Record<DidBucket, number>;
  groups: Array<{ id: string; kind: MigrationGroupKind; name: string; lines: number; people: number }>;
  unmatched: LineNeedingAttention[];
  ambiguous: LineNeedingAttention[];
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

/** Row-level DID record: every data row with a DID, valid or not. */
export interface DidSighting {
  row: number;
  didKey: string;
}

export function classifyDids(
  inventory: Pick<PbxInventory, 'lines'>,
  sightings: readonly DidSighting[],
  rowHasError: (row: number) => boolean,
): Map<string, DidBucket> {
  const buckets = new Map<string, DidBucket>();
  for (const s of sightings) if (rowHasError(s.row)) buckets.set(s.didKey, 'error');
  const ordered = [...inventory.lines].sort((a, b) => a.source.row - b.source.row);
  for (const line of ordered) {
    if (!line.did || buckets.has(line.did)) continue;
    buckets.set(line.did, line.match.status);
  }
  // A DID on a row that failed for another reason and never became a line is still accounted for.
  for (const s of sightings) if (!buckets.has(s.didKey)) buckets.set(s.didKey, 'error');
  return buckets;
}

export function attention(inventory: PbxInventory, status: 'unmatched' | 'ambiguous'): LineNeedingAttention[] {
  return inventory.lines
    .filter((l) => l.match.status === status)
    .map((l) => {
      const item: LineNeedingAttention = { lineId: l.id, row: l.source.row, explanation: l.match.explanation };
      if (l.extension) item.extension = l.extension;
      if (l.did) item.did = l.did;
      const owner = l.ownerUpn ?? l.ownerName;
      if (owner) item.owner = owner;
      if (l.siteName) item.siteName = l.siteName;
      if (l.match.candidateIds) item.candidateIds = l.match.candidateIds;
      return item;
    });
}
