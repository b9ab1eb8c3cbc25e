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
import type { BuildFacts } from './build-inventory';
import { buildInventory } from './build-inventory';
import type { ColumnMapping } from './column-mapping';
import { addDerivedCells, resolveBlockColumns, resolveLineColumns } from './column-mapping';
import { findHeader } from './header-row';
import type { DidBucket, LayoutReport, PbxImportReport } from './import-report';
import { DidSightings, attention, classifyDids } from './import-report';
import { IssueLog } from './issue-log';
import { ExtensionDidRules } from './extension-did-rules';
import type { LineDraft } from './line-row-parser';
import type { DidShareLevel, LineParseContext } from './line-row-parser';
import { lineFieldIndexes, parseLineRow } from './line-row-parser';
import { lineSlots, multiLineUses } from './multi-line-columns';
import { headerKey } from './column-aliases';
import { DEVICE_TYPE_HINT } from './device-type';
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
  const lineFile = input.lines.name;

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

  const lineHeader = await findHeader(
    input.lines,
    resolveLineColumns,
    (c) => c.index.extension !== undefined || c.index.did !== undefined,
    input.mapping,
    'PBX lines',
  );
  const lineColumns = lineHeader.columns;
  const layout = lineColumns.layout;
  if (lineColumns.index.did === undefined && !deriveDid) {
    issues.warning(lineFile, lineHeader.headerRow, undefined, 'no DID column: lines are imported by extension only (map one with a column-mapping file if the export has it under another name)');
  }
  const lineDrafts: LineDraft[] = [];
  const siteKnown: boolean[] = [];
  const didShareLevel: DidShareLevel[] = [];
  const sightings = new DidSightings();
  const unknownModels = new Map<string, { count: number; row: number }>();
  let untyped = 0;
  const baseAt = lineFieldIndexes(lineColumns);
  const lineCtx: LineParseContext = {
    file: lineFile,
    columns: lineColumns,
    at: baseAt,
    sites,
    defaultCountry: input.defaultCountry,
    issues,
    inKnownBlock,
    layout,
    unknownModels,
    didIsMask: /^externalphonenumbermask/.test(headerKey(lineColumns.header.did ?? '')),
    deriveDid,
    blockOf,
  };
  // CUCM: each DIRECTORY NUMBER n of a row is a line of its own, read through its own columns.
  const slots = layout?.multiLine ? lineSlots(lineColumns, lineColumns.cells, baseAt) : [];
  const contexts: LineParseContext[] =
    slots.length > 0
      ? slots.map((slot) => ({ ...lineCtx, at: slot.at, lineIndex: slot.lineIndex, columns: { ...lineColumns, header: slot.header } }))
      : [lineCtx];
  const skipped = new Map<string, number>();
  const skipRow = layout?.skipRow;
  const keyIndex = new Map<string, number>();
  lineColumns.keys.forEach((k, i) => {
    if (k && !keyIndex.has(k)) keyIndex.set(k, i);
  });
  const derived = lineColumns.derived;
  const typeIndex = lineColumns.index.deviceType;
  await eachDataRow(input.lines, lineHeader.rest, issues, (row) => {
    if (derived.length > 0) addDerivedCells(derived, row.cells);
    if (skipRow) {
      const why = skipRow((key) => {
        const i = keyIndex.get(key);
        return i === undefined ? '' : (row.cells[i] ?? '').trim();
      });
      if (why) {
        skipped.set(why, (skipped.get(why) ?? 0) + 1);
        return;
      }
    }
    if (slots.length > 0 && contexts.every((ctx) => ctx.at.extension < 0 || !(row.cells[ctx.at.extension] ?? '').trim())) {
      // A CUCM device with no directory number at all (a phone not set up yet) holds no line.
      const why = 'are devices without any directory number';
      skipped.set(why, (skipped.get(why) ?? 0) + 1);
      return;
    }
    for (let c = 0; c < contexts.length; c++) {
      const ctx = contexts[c];
      // A phone's unused line positions are empty: only the lines it has are read.
      if (slots.length > 0 && (ctx.at.extension < 0 || !(row.cells[ctx.at.extension] ?? '').trim())) continue;
      const parsed = parseLineRow(ctx, row);
      if (parsed.didKey) sightings.add(row.row, parsed.didKey);
      if (parsed.draft) {
        lineDrafts.push(parsed.draft);
        siteKnown.push(parsed.siteKnown);
        didShareLevel.push(parsed.didShareLevel);
      }
    }
    if (!layout?.defaultDeviceType && (typeIndex === undefined || !(row.cells[typeIndex] ?? ''))) untyped++;
  });
  if (untyped > 0) {
    issues.warning(lineFile, 0, lineColumns.header.deviceType ?? 'deviceType', `${untyped} lines give no device type: they are treated as ip-phone (a person's phone)`);
  }
  for (const [model, { count, row }] of unknownModels) {
    issues.warning(
      lineFile,
      row,
      lineColumns.header.deviceType ?? 'deviceType',
      `unknown device model "${model}" on ${count} line${count === 1 ? '' : 's'}: imported as other (not a person's phone, never matched); expected ${DEVICE_TYPE_HINT}`,
    );
  }
  for (const [why, count] of skipped) {
    issues.warning(lineFile, 0, undefined, `${count} row${count === 1 ? '' : 's'} skipped: they ${why}`);
  }

  const facts: BuildFacts = { mainNumbers: new Map(), derivedDids: new Map() };
  const inventory = buildInventory({
    importedAt: input.importedAt,
    snapshot: input.snapshot,
    issues,
    lines: { file: lineFile, drafts: lineDrafts, siteKnown, didShareLevel, column: (f) => lineColumns.header[f] ?? f },
    blocks: blocks && { file: blocks.file, drafts: blocks.drafts, column: (f) => blocks!.header[f] ?? f },
  }, facts);

  lineDrafts.length = 0;
  siteKnown.length = 0;
  didShareLevel.length = 0;
  const buckets = classifyDids(inventory, sightings, issues.rowsWithErrors(lineFile));
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
    layout: {
      id: layout?.id,
      name: layout?.name ?? (input.mapping?.lines ? 'canonical columns with a column mapping' : 'canonical columns'),
      source: layout?.source,
      columns: layout?.multiLine ? multiLineUses(lineColumns.uses) : lineColumns.uses,
      blockColumns,
    },
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
