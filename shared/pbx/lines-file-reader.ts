/**
 * Reads one lines export: finds its header, recognises its vendor layout, and validates every row into
 * line drafts (CUCM: every DIRECTORY NUMBER n of a row), skipping the rows a layout says are not lines.
 * The drafts of several files of one PBX go into one accumulator; the cross-row rules run on them all.
 */
import { HUNT_METHOD_HINT } from './hunt-method';
import type { BlockDraft } from './block-row-parser';
import type { LineField } from './column-aliases';
import { headerKey } from './column-aliases';
import type { ColumnMapping, ResolvedColumns } from './column-mapping';
import { addDerivedCells, resolveLineColumns } from './column-mapping';
import { eachDataRow } from './data-rows';
import { DEVICE_TYPE_HINT } from './device-type';
import type { ExtensionDidRules } from './extension-did-rules';
import { findHeader } from './header-row';
import type { LayoutReport } from './import-report';
import { DidSightings } from './import-report';
import type { IssueLog } from './issue-log';
import type { DidShareLevel, LineDraft, LineParseContext, TalliedField, UnreadCells } from './line-row-parser';
import { lineFieldIndexes, parseLineRow } from './line-row-parser';
import { lineSlots, multiLineUses } from './multi-line-columns';
import type { SiteResolver } from './site-resolver';
import type { TableSource } from './table-source';

/** Per draft, by index: parallel arrays (no object per row). */
export interface LinesAccumulator {
  drafts: LineDraft[];
  siteKnown: boolean[];
  didShareLevel: DidShareLevel[];
}

/** What every lines file of the import shares. */
export interface LinesFileShared {
  sites: SiteResolver;
  defaultCountry?: string;
  issues: IssueLog;
  inKnownBlock?: (e164: string) => boolean;
  deriveDid?: ExtensionDidRules;
  blockOf?: (e164: string) => BlockDraft | undefined;
  mapping?: ColumnMapping;
}

export interface LinesFileRead {
  file: string;
  columns: ResolvedColumns<LineField>;
  /** Every row's DID, for the report's DID accounting. */
  sightings: DidSightings;
  layout: LayoutReport;
}

/** The row holds a directory number at the context's line position (module-level: no closure per row). */
function hasLine(c: LineParseContext, cells: readonly string[]): boolean {
  return c.at.extension >= 0 && (cells[c.at.extension] ?? '').trim() !== '';
}

/** The warning for a hunting or forwarding cell the import could not read, given `"<text>" on <n> lines`. */
const UNREAD_CELL: Record<TalliedField, (what: string) => string> = {
  huntMethod: (what) => `unknown hunting method ${what}: their groups' call queues ring every agent at once; expected ${HUNT_METHOD_HINT}`,
  huntOrder: (what) =>
    `hunt order ${what} is not a place in the hunt: expected a whole number, or one per hunt group of the line ("3" or "3;1"); those lines hunt after the numbered ones`,
  huntRingSeconds: (what) => `ring time ${what} is not a number of seconds (1-3600, as "20" or "20 s"): their groups' call queues ring each agent for Teams' default 30 s`,
  huntNoAnswer: (what) =>
    `no-answer destination ${what} is not an extension, a phone number, voicemail or hang-up: their groups' call queues keep Teams' default (disconnect after 20 minutes) until a person sets it`,
  huntMaxSeconds: (what) => `maximum hunt time ${what} is not a number of seconds (1-3600, as "60" or "60 s"): their groups' call queues time out after one round of their agents`,
  huntQueueLimit: (what) =>
    `queue limit ${what} is not a number of callers (0-999, as "25"; 0 or "unlimited" for no limit): their groups' call queues are full at Teams' default of 50 waiting calls`,
  huntQueueFull: (what) =>
    `queue-full destination ${what} is not an extension, a phone number, voicemail or hang-up: their groups' call queues keep Teams' default (busy) for calls over the limit until a person sets it`,
  forwardAll: (what) => `forward-all destination ${what} is not an extension, a phone number or voicemail: those people's calls are not forwarded in Teams until they set it`,
  forwardNoAnswer: (what) =>
    `forward-no-answer destination ${what} is not an extension, a phone number, voicemail or hang-up: those people keep Teams' default (voicemail after 20 s) until they set it`,
  callerId: (what) =>
    `outbound caller ID ${what} is neither a phone number the import can read (a national number needs the line's site or a default country) nor a withheld one ("Anonymous"): those people show their own number from Teams until a person sets a caller ID policy`,
  forwardNoAnswerSeconds: (what) => `no-answer ring time ${what} is not a number of seconds (1-3600, as "20" or "20 s"): those people's unanswered calls forward after Teams' default 20 s`,
};

export async function readLinesFile(source: TableSource, shared: LinesFileShared, into: LinesAccumulator): Promise<LinesFileRead> {
  const { issues } = shared;
  const file = source.name;
  const found = await findHeader(source, resolveLineColumns, (c) => c.index.extension !== undefined || c.index.did !== undefined, shared.mapping, 'PBX lines');
  const columns = found.columns;
  const layout = columns.layout;
  if (columns.index.did === undefined && !shared.deriveDid) {
    issues.warning(file, found.headerRow, undefined, 'no DID column: lines are imported by extension only (map one with a column-mapping file if the export has it under another name)');
  }
  const sightings = new DidSightings();
  const unknownModels = new Map<string, { count: number; row: number }>();
  const unreadHunting: UnreadCells = new Map();
  let untyped = 0;
  const baseAt = lineFieldIndexes(columns);
  const ctx: LineParseContext = {
    file,
    columns,
    at: baseAt,
    sites: shared.sites,
    defaultCountry: shared.defaultCountry,
    issues,
    inKnownBlock: shared.inKnownBlock,
    layout,
    unknownModels,
    unreadHunting,
    didIsMask: /^externalphonenumbermask/.test(headerKey(columns.header.did ?? '')),
    deriveDid: shared.deriveDid,
    blockOf: shared.blockOf,
  };
  // CUCM: each DIRECTORY NUMBER n of a row is a line of its own, read through its own columns.
  const slots = layout?.multiLine ? lineSlots(columns, columns.cells, baseAt) : [];
  const contexts: LineParseContext[] =
    slots.length > 0 ? slots.map((slot) => ({ ...ctx, at: slot.at, lineIndex: slot.lineIndex, columns: { ...columns, header: slot.header } })) : [ctx];
  const skipped = new Map<string, number>();
  const skip = (why: string) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
  const skipRow = layout?.skipRow;
  const keyIndex = new Map<string, number>();
  columns.keys.forEach((k, i) => {
    if (k && !keyIndex.has(k)) keyIndex.set(k, i);
  });
  const derived = columns.derived;
  const typeIndex = columns.index.deviceType;
  await eachDataRow(source, found.rest, issues, (row) => {
    if (derived.length > 0) addDerivedCells(derived, row.cells);
    if (skipRow) {
      const why = skipRow((key) => {
        const i = keyIndex.get(key);
        return i === undefined ? '' : (row.cells[i] ?? '').trim();
      });
      if (why) {
        skip(why);
        return;
      }
    }
    // A CUCM device with no directory number at all (a phone not set up yet) holds no line.
    if (slots.length > 0 && !contexts.some((c) => hasLine(c, row.cells))) {
      skip('are devices without any directory number');
      return;
    }
    for (let c = 0; c < contexts.length; c++) {
      // A phone's unused line positions are empty: only the lines it has are read.
      if (slots.length > 0 && !hasLine(contexts[c], row.cells)) continue;
      const parsed = parseLineRow(contexts[c], row);
      if (parsed.didKey) sightings.add(row.row, parsed.didKey);
      if (parsed.draft) {
        into.drafts.push(parsed.draft);
        into.siteKnown.push(parsed.siteKnown);
        into.didShareLevel.push(parsed.didShareLevel);
      }
    }
    if (!layout?.defaultDeviceType && (typeIndex === undefined || !(row.cells[typeIndex] ?? ''))) untyped++;
  });
  const typeColumn = columns.header.deviceType ?? 'deviceType';
  if (untyped > 0) issues.warning(file, 0, typeColumn, `${untyped} lines give no device type: they are treated as ip-phone (a person's phone)`);
  for (const [model, { count, row }] of unknownModels) {
    issues.warning(
      file,
      row,
      typeColumn,
      `unknown device model "${model}" on ${count} line${count === 1 ? '' : 's'}: imported as other (not a person's phone, never matched); expected ${DEVICE_TYPE_HINT}`,
    );
  }
  for (const { field, text, count, row } of unreadHunting.values()) {
    const lines = `${count} line${count === 1 ? '' : 's'}`;
    issues.warning(file, row, columns.header[field] ?? field, UNREAD_CELL[field](`"${text}" on ${lines}`));
  }
  for (const [why, count] of skipped) issues.warning(file, 0, undefined, `${count} row${count === 1 ? '' : 's'} skipped: they ${why}`);
  return {
    file,
    columns,
    sightings,
    layout: {
      file,
      id: layout?.id,
      name: layout?.name ?? (shared.mapping?.lines ? 'canonical columns with a column mapping' : 'canonical columns'),
      source: layout?.source,
      columns: layout?.multiLine ? multiLineUses(columns.uses) : columns.uses,
    },
  };
}
