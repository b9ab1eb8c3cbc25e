/**
 * Reads a lines export (and optionally a blocks export), validates every row, normalises and matches
 * against the tenant snapshot, and returns the inventory with its report. No storage here: the service
 * stores the result only when there is no error (all or nothing).
 *
 * Streaming: rows are validated as they arrive; a file that keeps failing is abandoned early.
 */
import type { PbxInventory } from '../domain/pbx-inventory';
import type { TenantSnapshot } from '../domain/tenant-snapshot';
import type { BlockDraft } from './block-row-parser';
import { parseBlockRow } from './block-row-parser';
import { buildInventory } from './build-inventory';
import type { ColumnMapping } from './column-mapping';
import { resolveBlockColumns, resolveLineColumns } from './column-mapping';
import { findHeader } from './header-row';
import type { DidBucket, PbxImportReport } from './import-report';
import { DidSightings, attention, classifyDids } from './import-report';
import { IssueLog } from './issue-log';
import type { LineDraft } from './line-row-parser';
import { lineFieldIndexes, parseLineRow } from './line-row-parser';
import { SiteResolver } from './site-resolver';
import type { TableRow, TableSource } from './table-source';
import { TableReadError } from './table-source';

/** After this many invalid rows in a row, the file is not a PBX export with a few mistakes: stop reading. */
export const MAX_CONSECUTIVE_BAD_ROWS = 500;

export interface PbxImportInput {
  lines: TableSource;
  blocks?: TableSource;
  mapping?: ColumnMapping;
  /** ISO country for numbers whose site and row give none. */
  defaultCountry?: string;
  snapshot?: Pick<TenantSnapshot, 'people' | 'sites'>;
  importedAt: string;
}

export interface PbxImportResult {
  inventory: PbxInventory;
  report: PbxImportReport;
  /** Every distinct DID of the lines file (E.164 when it parsed, else as written) and its one bucket. */
  didBuckets: Map<string, DidBucket>;
}

/** Every cell empty (a loop, not `every` with a callback: this runs once per row). */
function allEmpty(cells: readonly string[]): boolean {
  for (let i = 0; i < cells.length; i++) if (cells[i] !== '') return false;
  return true;
}

async function eachDataRow(
  source: TableSource,
  rest: AsyncIterator<readonly TableRow[]>,
  issues: IssueLog,
  handle: (row: TableRow) => void,
): Promise<void> {
  let badRun = 0;
  try {
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      const batch = next.value;
      for (let i = 0; i < batch.length; i++) {
        const row = batch[i];
        if (allEmpty(row.cells)) continue;
        const before = issues.errorCount;
        handle(row);
        badRun = issues.errorCount > before ? badRun + 1 : 0;
        if (badRun >= MAX_CONSECUTIVE_BAD_ROWS) {
          issues.error(
            source.name,
            row.row,
            undefined,
            `stopped reading ${source.name} at row ${row.row}: the last ${MAX_CONSECUTIVE_BAD_ROWS} rows were all invalid, so the rest of the file is not checked`,
            true,
          );
          return;
        }
      }
    }
  } finally {
    await rest.return?.();
  }
}

/** Membership test over the block drafts' ranges (binary search; equal-length E.164 compares as text). */
function knownBlockLookup(drafts: readonly BlockDraft[]): ((e164: string) => boolean) | undefined {
  if (drafts.length === 0) return undefined;
  const ranges = drafts.map((d) => [d.first, d.last] as const).sort((a, b) => a[0].length - b[0].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return (e164) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [first, last] = ranges[mid];
      if (first.length < e164.length || (first.length === e164.length && first <= e164)) {
        if (last.length === e164.length && e164 <= last && first.length === e164.length) return true;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return false;
  };
}

export async function importPbxFiles(input: PbxImportInput): Promise<PbxImportResult> {
  const issues = new IssueLog();
  const sites = new SiteResolver(input.snapshot?.sites ?? []);
  const lineFile = input.lines.name;

  // Blocks first: they are small, and a line's DID inside a block needs no per-number validation.
  let blocks: { file: string; drafts: BlockDraft[]; header: typeof blockColumnsHeader } | undefined;
  let blockColumnsHeader: Partial<Record<string, string>> = {};
  if (input.blocks) {
    const blockHeader = await findHeader(input.blocks, resolveBlockColumns, (c) => c.index.first !== undefined, input.mapping, 'DID blocks');
    blockColumnsHeader = blockHeader.columns.header;
    const drafts: BlockDraft[] = [];
    const ctx = { file: input.blocks.name, columns: blockHeader.columns, sites, defaultCountry: input.defaultCountry, issues, btns: new Map() };
    await eachDataRow(input.blocks, blockHeader.rest, issues, (row) => {
      const draft = parseBlockRow(ctx, row);
      if (draft) drafts.push(draft);
    });
    blocks = { file: input.blocks.name, drafts, header: blockColumnsHeader };
  }

  const inKnownBlock = knownBlockLookup(blocks?.drafts ?? []);

  const lineHeader = await findHeader(
    input.lines,
    resolveLineColumns,
    (c) => c.index.extension !== undefined || c.index.did !== undefined,
    input.mapping,
    'PBX lines',
  );
  const lineColumns = lineHeader.columns;
  if (lineColumns.index.did === undefined) {
    issues.warning(lineFile, lineHeader.headerRow, undefined, 'no DID column: lines are imported by extension only (map one with a column-mapping file if the export has it under another name)');
  }
  const lineDrafts: LineDraft[] = [];
  const siteKnown: boolean[] = [];
  const sightings = new DidSightings();
  let untyped = 0;
  const lineCtx = { file: lineFile, columns: lineColumns, at: lineFieldIndexes(lineColumns), sites, defaultCountry: input.defaultCountry, issues, inKnownBlock };
  await eachDataRow(input.lines, lineHeader.rest, issues, (row) => {
    const parsed = parseLineRow(lineCtx, row);
    if (parsed.didKey) sightings.add(row.row, parsed.didKey);
    if (parsed.draft) {
      lineDrafts.push(parsed.draft);
      siteKnown.push(parsed.siteKnown);
    }
    const typeIndex = lineColumns.index.deviceType;
    if (typeIndex === undefined || !(row.cells[typeIndex] ?? '')) untyped++;
  });
  if (untyped > 0) {
    issues.warning(lineFile, 0, lineColumns.header.deviceType ?? 'deviceType', `${untyped} lines give no device type: they are treated as ip-phone (a person's phone)`);
  }

  const inventory = buildInventory({
    importedAt: input.importedAt,
    snapshot: input.snapshot,
    issues,
    lines: { file: lineFile, drafts: lineDrafts, siteKnown, column: (f) => lineColumns.header[f] ?? f },
    blocks: blocks && { file: blocks.file, drafts: blocks.drafts, column: (f) => blocks!.header[f] ?? f },
  });

  lineDrafts.length = 0;
  siteKnown.length = 0;
  const buckets = classifyDids(inventory, sightings, issues.rowsWithErrors(lineFile));
  const dids = { matched: 0, unmatched: 0, ambiguous: 0, 'non-person': 0, error: 0 };
  for (const b of buckets.values()) dids[b]++;
  const status = { matched: 0, unmatched: 0, ambiguous: 0, 'non-person': 0 };
  for (const l of inventory.lines) status[l.match.status]++;
  const errors = issues.sorted('error');
  const report: PbxImportReport = {
    accepted: issues.errorCount === 0,
    importedAt: input.importedAt,
    files: input.blocks ? { lines: lineFile, blocks: input.blocks.name } : { lines: lineFile },
    counts: {
      lines: inventory.lines.length,
      blocks: inventory.blocks.length,
      numbersInBlocks: inventory.blocks.reduce((n, b) => n + b.count, 0),
      groups: inventory.groups.length,
      matched: status.matched,
      unmatched: status.unmatched,
      ambiguous: status.ambiguous,
      nonPerson: status['non-person'],
      errors: issues.errorCount,
      warnings: issues.warningCount,
    },
    dids,
    groups: inventory.groups.map((g) => ({ id: g.id, kind: g.kind, name: g.name, lines: g.lineIds.length, people: g.personIds.length })),
    unmatched: attention(inventory, 'unmatched'),
    ambiguous: attention(inventory, 'ambiguous'),
    errors,
    warnings: inventory.warnings,
  };
  return { inventory, report, didBuckets: buckets };
}

/** A whole-file failure (no header, binary data, unreadable workbook) as a rejected report. */
export function rejectedReport(err: TableReadError, files: PbxImportReport['files'], importedAt: string): PbxImportReport {
  return {
    accepted: false,
    importedAt,
    files,
    counts: { lines: 0, blocks: 0, numbersInBlocks: 0, groups: 0, matched: 0, unmatched: 0, ambiguous: 0, nonPerson: 0, errors: 1, warnings: 0 },
    dids: { matched: 0, unmatched: 0, ambiguous: 0, 'non-person': 0, error: 0 },
    groups: [],
    unmatched: [],
    ambiguous: [],
    errors: [{ severity: 'error', file: err.file, row: err.row, reason: err.message }],
    warnings: [],
  };
}
