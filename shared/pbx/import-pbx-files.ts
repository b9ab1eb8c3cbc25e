/**
 * Reads a lines export (or several of one PBX, and optionally a blocks export), validates every row, normalises and matches
 * against the tenant snapshot, and returns the inventory with its report. No storage here: the service
 * stores the result only when there is no error (all or nothing).
 *
 * Streaming: rows are validated as they arrive; a file that keeps failing is abandoned early.
 */
import type { PbxInventory } from '../domain/pbx-inventory';
import type { TenantSnapshot } from '../domain/tenant-snapshot';
import type { BlockDraft } from './block-row-parser';
import { parseBlockRow } from './block-row-parser';
import type { BuildFacts } from './build-inventory';
import { buildInventory } from './build-inventory';
import type { ColumnMapping } from './column-mapping';
import { resolveBlockColumns } from './column-mapping';
import { findHeader } from './header-row';
import type { DidBucket, LayoutReport, PbxImportReport } from './import-report';
import { attention, classifyDids } from './import-report';
import { IssueLog } from './issue-log';
import { eachDataRow } from './data-rows';
import type { LinesAccumulator, LinesFileRead, LinesFileShared } from './lines-file-reader';
import { readLinesFile } from './lines-file-reader';
import { ExtensionDidRules } from './extension-did-rules';
import { SiteResolver } from './site-resolver';
import type { TableSource } from './table-source';
import { TableReadError } from './table-source';

export { MAX_CONSECUTIVE_BAD_ROWS } from './data-rows';

export interface PbxImportInput {
  lines: TableSource;
  /** More lines files of the same PBX (each read with its own layout), imported as one inventory. */
  moreLines?: TableSource[];
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

/** The block draft holding a number (binary search; equal-length E.164 compares as text). */
function blockLookup(drafts: readonly BlockDraft[]): ((e164: string) => BlockDraft | undefined) | undefined {
  if (drafts.length === 0) return undefined;
  const ranges = [...drafts].sort((a, b) => a.first.length - b.first.length || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  return (e164) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const { first, last } = ranges[mid];
      if (first.length < e164.length || (first.length === e164.length && first <= e164)) {
        if (last.length === e164.length && e164 <= last && first.length === e164.length) return ranges[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return undefined;
  };
}

export async function importPbxFiles(input: PbxImportInput): Promise<PbxImportResult> {
  const issues = new IssueLog();
  const sites = new SiteResolver(input.snapshot?.sites ?? []);

  // Blocks first: they are small, and a line's DID inside a block needs no per-number validation.
  let blocks: { file: string; drafts: BlockDraft[]; header: typeof blockColumnsHeader } | undefined;
  let blockColumnsHeader: Partial<Record<string, string>> = {};
  let blockColumns: LayoutReport['columns'] | undefined;
  if (input.blocks) {
    const blockHeader = await findHeader(input.blocks, resolveBlockColumns, (c) => c.index.first !== undefined, input.mapping, 'DID blocks');
    blockColumnsHeader = blockHeader.columns.header;
    blockColumns = blockHeader.columns.uses;
    const drafts: BlockDraft[] = [];
    const ctx = { file: input.blocks.name, columns: blockHeader.columns, sites, defaultCountry: input.defaultCountry, issues, btns: new Map() };
    await eachDataRow(input.blocks, blockHeader.rest, issues, (row) => {
      const draft = parseBlockRow(ctx, row);
      if (draft) drafts.push(draft);
    });
    blocks = { file: input.blocks.name, drafts, header: blockColumnsHeader };
  }

  const blockOf = blockLookup(blocks?.drafts ?? []);
  const inKnownBlock = blockOf && ((e164: string) => blockOf(e164) !== undefined);
  const rules = new ExtensionDidRules(blocks?.drafts ?? []);
  const deriveDid = rules.size > 0 ? rules : undefined;

  // Several lines files (a SfB users export with its common-area phones, analog devices and response
  // groups) are one inventory: each is read with its own layout, and the cross-row rules see them all.
  const into: LinesAccumulator = { drafts: [], siteKnown: [], didShareLevel: [] };
  const shared: LinesFileShared = { sites, defaultCountry: input.defaultCountry, issues, inKnownBlock, deriveDid, blockOf, mapping: input.mapping };
  const reads: LinesFileRead[] = [];
  for (const source of [input.lines, ...(input.moreLines ?? [])]) reads.push(await readLinesFile(source, shared, into));
  const headerOf = new Map(reads.map((r) => [r.file, r.columns.header]));
  const lineFile = reads.map((r) => r.file).join(', ');

  const facts: BuildFacts = { mainNumbers: new Map(), derivedDids: new Map() };
  const inventory = buildInventory({
    importedAt: input.importedAt,
    snapshot: input.snapshot,
    issues,
    lines: { file: input.lines.name, drafts: into.drafts, siteKnown: into.siteKnown, didShareLevel: into.didShareLevel, column: (f, file) => headerOf.get(file ?? input.lines.name)?.[f] ?? f },
    blocks: blocks && { file: blocks.file, drafts: blocks.drafts, column: (f) => blocks!.header[f] ?? f },
  }, facts);

  // A header with no rows (or rows that hold no line) would replace the stored inventory with an empty
  // one: refused, so a truncated or wrong export changes nothing.
  if (inventory.lines.length === 0 && issues.errorCount === 0) {
    issues.error(input.lines.name, 1, undefined, 'the lines file has no lines under its header: nothing was imported and the stored inventory is unchanged');
  }

  into.drafts.length = 0;
  into.siteKnown.length = 0;
  into.didShareLevel.length = 0;
  const buckets = classifyDids(
    inventory,
    reads.map((r) => ({ sightings: r.sightings, errorRows: issues.rowsWithErrors(r.file) })),
  );
  const dids = { matched: 0, unmatched: 0, ambiguous: 0, 'non-person': 0, 'main-number': 0, error: 0 };
  for (const b of buckets.values()) dids[b]++;
  const status = { matched: 0, unmatched: 0, ambiguous: 0, 'non-person': 0 };
  let unassigned = 0;
  for (const l of inventory.lines) {
    status[l.match.status]++;
    if (l.unassigned) unassigned++;
  }
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
      unassigned,
      errors: issues.errorCount,
      warnings: issues.warningCount,
    },
    layout: { ...reads[0].layout, blockColumns },
    ...(reads.length > 1 && { layouts: reads.map((r) => r.layout) }),
    mainNumbers: [...facts.mainNumbers].map(([number, lines]) => ({ number, lines })).sort((a, b) => (a.number < b.number ? -1 : 1)),
    derivedDids: [...facts.derivedDids].map(([rule, lines]) => ({ rule, lines })).sort((a, b) => (a.rule < b.rule ? -1 : 1)),
    dids,
    groups: inventory.groups.map((g) => ({ id: g.id, kind: g.kind, name: g.name, lines: g.lineIds.length, people: g.personIds.length })),
    unmatched: attention(inventory, 'unmatched'),
    ambiguous: attention(inventory, 'ambiguous'),
    unassigned: attention(inventory, 'unassigned'),
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
    dids: { matched: 0, unmatched: 0, ambiguous: 0, 'non-person': 0, 'main-number': 0, error: 0 },
    groups: [],
    unmatched: [],
    ambiguous: [],
    errors: [{ severity: 'error', file: err.file, row: err.row, reason: err.message }],
    warnings: [],
  };
}
