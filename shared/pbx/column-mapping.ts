/**
 * Resolves a header row to canonical fields: an explicit mapping file first (for exports whose headers no
 * alias knows), then the recognised vendor layout's columns (vendor-layouts.ts), then the generic aliases.
 * The mapping file is JSON; for each field a header to rename, or a rule:
 *   { "lines": {
 *       "extension": { "column": "PRIMARY EXTENSION", "stripAfter": " in " },   // "2000 in PT_Internal" -> "2000"
 *       "ownerName": { "join": ["First Name", "Last Name"] },                    // "Ada" + "Lovelace" -> "Ada Lovelace"
 *       "did": "Public DID",                                                     // rename
 *       "ignore": ["devicetype"] },                                              // never read these columns
 *     "blocks": { "first": "Range Start" } }
 */
import { z } from 'zod';
import type { BlockField, LineField } from './column-aliases';
import { BLOCK_ALIASES, BLOCK_FIELDS, LINE_ALIASES, LINE_FIELDS, headerKey } from './column-aliases';
import type { VendorLayout } from './vendor-layouts';
import { detectLayout } from './vendor-layouts';

/** How a field is read from the file: one column as it is, or a rule over columns. */
export type ColumnRule =
  | string
  | { column: string; stripBefore?: string; stripAfter?: string }
  | { join: string[]; separator?: string };

type FieldRules<F extends string> = Partial<Record<F, ColumnRule>> & { ignore?: string[] };

export interface ColumnMapping {
  lines?: FieldRules<LineField>;
  blocks?: FieldRules<BlockField>;
}

const header = z.string().min(1);
const rule = z.union([
  header,
  z.object({ column: header, stripBefore: z.string().min(1).optional(), stripAfter: z.string().min(1).optional() }).strict(),
  z.object({ join: z.array(header).min(2).max(5), separator: z.string().max(5).optional() }).strict(),
]);
const rulesSchema = (fields: readonly string[]) =>
  z.object({ ...Object.fromEntries(fields.map((f) => [f, rule.optional()])), ignore: z.array(header).max(200).optional() }).strict();
const mappingSchema = z.object({ lines: rulesSchema(LINE_FIELDS).optional(), blocks: rulesSchema(BLOCK_FIELDS).optional() }).strict();

export class MappingError extends Error {
  readonly code = 'bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/** Validates a parsed mapping file; the message names the offending key. */
export function parseColumnMapping(value: unknown, source = 'column mapping'): ColumnMapping {
  const result = mappingSchema.safeParse(value);
  if (result.success) return result.data as ColumnMapping;
  const issue = result.error.issues[0];
  const where = issue.path.join('.');
  const hint =
    issue.code === 'unrecognized_keys'
      ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}${where ? ` in "${where}"` : ''}; ` +
        `lines fields: ${LINE_FIELDS.join(', ')}; blocks fields: ${BLOCK_FIELDS.join(', ')} (and "ignore")`
      : issue.code === 'invalid_union'
        ? `${where}: expected a header name, {"column": "...", "stripBefore"/"stripAfter": "..."} or {"join": ["...", "..."]}`
        : `${where || 'top level'}: ${issue.message}`;
  throw new MappingError(`Invalid ${source}: ${hint}.`);
}

/** A field whose value is computed from other cells (a mapping rule); written at `index` of each row. */
export interface DerivedCell {
  index: number;
  value: (cells: readonly string[]) => string;
}

/** How one column of the file is used, for the import report. */
export interface ColumnUse {
  header: string;
  /** The field it feeds (several for a joined field), or none. */
  fields: string[];
  /** "ignored: <why>" or "not used". */
  note?: string;
}

export interface ResolvedColumns<F extends string> {
  /** Field -> column index in the row. */
  index: Partial<Record<F, number>>;
  /** Field -> the header text as the file spells it (for messages). */
  header: Partial<Record<F, string>>;
  /** Mapped headers the row does not hold. */
  missingMapped: string[];
  unused: string[];
  /** The vendor layout the headers are (lines only). */
  layout?: VendorLayout;
  /** Cells to compute per row before reading it (mapping rules); empty for plain renames. */
  derived: DerivedCell[];
  /** Every non-empty column and its use. */
  uses: ColumnUse[];
  /** The header row as written, and its keys (headerKey), by column. */
  cells: string[];
  keys: string[];
}

function ruleColumns(r: ColumnRule): string[] {
  return typeof r === 'string' ? [r] : 'join' in r ? r.join : [r.column];
}

function applyStrip(text: string, r: { stripBefore?: string; stripAfter?: string }): string {
  let out = text;
  if (r.stripAfter) {
    const at = out.indexOf(r.stripAfter);
    if (at >= 0) out = out.slice(0, at);
  }
  if (r.stripBefore) {
    const at = out.lastIndexOf(r.stripBefore);
    if (at >= 0) out = out.slice(at + r.stripBefore.length);
  }
  return out.trim();
}

function resolve<F extends string>(
  cells: string[],
  fields: readonly F[],
  aliases: Record<F, string[]>,
  explicit: FieldRules<F> | undefined,
  layout: VendorLayout | undefined,
): ResolvedColumns<F> {
  const keys = cells.map(headerKey);
  const byKey = new Map<string, number>();
  keys.forEach((k, i) => {
    if (k && !byKey.has(k)) byKey.set(k, i);
  });
  const index: Partial<Record<F, number>> = {};
  const headerOf: Partial<Record<F, string>> = {};
  const taken = new Set<number>();
  const missingMapped: string[] = [];
  const derived: DerivedCell[] = [];
  const fieldsAt = new Map<number, string[]>();
  const use = (i: number, f: string) => {
    taken.add(i);
    const list = fieldsAt.get(i);
    if (list) list.push(f);
    else fieldsAt.set(i, [f]);
  };
  const ignoredWhy = new Map<number, string>();
  // The mapping's "ignore" wins over the layout's columns too; the layout's own ignores only over the generic aliases.
  const ignoredByMapping = new Set<number>();
  for (const h of explicit?.ignore ?? []) {
    const i = byKey.get(headerKey(h));
    if (i === undefined) missingMapped.push(h);
    else {
      ignoredWhy.set(i, 'ignored by the column mapping');
      ignoredByMapping.add(i);
    }
  }
  for (const [k, why] of Object.entries(layout?.ignored ?? {})) {
    const i = byKey.get(k);
    if (i !== undefined && !ignoredWhy.has(i)) ignoredWhy.set(i, `ignored: ${why}`);
  }
  for (const f of fields) {
    const wanted = explicit?.[f] as ColumnRule | undefined;
    if (wanted === undefined) continue;
    const at = ruleColumns(wanted).map((h) => ({ h, i: byKey.get(headerKey(h)) }));
    const missing = at.filter((a) => a.i === undefined).map((a) => a.h);
    if (missing.length > 0) {
      missingMapped.push(...missing);
      continue;
    }
    const columns = at.map((a) => a.i!);
    for (const i of columns) use(i, f);
    headerOf[f] = columns.map((i) => cells[i]).join(' + ');
    if (typeof wanted === 'string') {
      index[f] = columns[0];
      continue;
    }
    // A computed cell lives past the header's last column, so no real cell is overwritten.
    const slot = cells.length + derived.length;
    index[f] = slot;
    if ('join' in wanted) {
      const separator = wanted.separator ?? ' ';
      derived.push({ index: slot, value: (row) => columns.map((i) => (row[i] ?? '').trim()).filter(Boolean).join(separator) });
    } else {
      const source = columns[0];
      derived.push({ index: slot, value: (row) => applyStrip(row[source] ?? '', wanted) });
    }
  }
  const claim = (f: F, candidates: readonly string[] | undefined, generic: boolean) => {
    if (!candidates || index[f] !== undefined || explicit?.[f] !== undefined) return;
    for (const alias of candidates) {
      const i = byKey.get(alias);
      if (i !== undefined && !taken.has(i) && !ignoredByMapping.has(i) && !(generic && ignoredWhy.has(i))) {
        index[f] = i;
        headerOf[f] = cells[i];
        use(i, f);
        return;
      }
    }
  };
  const layoutAliases = layout?.aliases as Partial<Record<F, string[]>> | undefined;
  for (const f of fields) claim(f, layoutAliases?.[f], false);
  for (const f of fields) claim(f, aliases[f], true);
  const unused = cells.filter((c, i) => c !== '' && !taken.has(i));
  const uses: ColumnUse[] = [];
  cells.forEach((c, i) => {
    if (c === '') return;
    const fs = fieldsAt.get(i);
    if (fs) uses.push({ header: c, fields: fs });
    else uses.push({ header: c, fields: [], note: ignoredWhy.get(i) ?? 'not used' });
  });
  return { index, header: headerOf, missingMapped, unused, layout, derived, uses, cells, keys };
}

export function resolveLineColumns(cells: string[], mapping?: ColumnMapping): ResolvedColumns<LineField> {
  const layout = detectLayout(new Set(cells.map(headerKey)));
  return resolve(cells, LINE_FIELDS, LINE_ALIASES, mapping?.lines, layout);
}

/**
 * FreePBX Bulk Handler's "DIDs" export (its inbound routes, FreePBX core module: description, extension =
 * the incoming DID, cidnum, destination = "from-did-direct,1001,1"): a DID file whose number is under
 * "extension" and whose extension is inside the destination (block-row-parser.ts reads it).
 */
const FREEPBX_DIDS: FieldRules<BlockField> = { first: 'extension', extensions: 'destination' };

export function resolveBlockColumns(cells: string[], mapping?: ColumnMapping): ResolvedColumns<BlockField> {
  const keys = new Set(cells.map(headerKey));
  const freepbxDids = keys.has('extension') && keys.has('cidnum') && keys.has('destination');
  return resolve(cells, BLOCK_FIELDS, BLOCK_ALIASES, mapping?.blocks ?? (freepbxDids ? FREEPBX_DIDS : undefined), undefined);
}

/** Computes a row's derived cells in place (only when the mapping has rules). */
export function addDerivedCells(derived: readonly DerivedCell[], cells: string[]): void {
  for (let i = 0; i < derived.length; i++) {
    const d = derived[i];
    while (cells.length < d.index) cells.push('');
    cells[d.index] = d.value(cells);
  }
}
