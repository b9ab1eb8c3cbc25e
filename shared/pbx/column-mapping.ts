/**
 * Resolves a header row to canonical fields: an explicit mapping file first (for exports whose headers no
 * alias knows), then the alias tables. The mapping file is JSON:
 *   { "lines": { "extension": "Their Header", "did": "Public DID" }, "blocks": { "first": "Range Start" } }
 */
import { z } from 'zod';
import type { BlockField, LineField } from './column-aliases';
import { BLOCK_ALIASES, BLOCK_FIELDS, LINE_ALIASES, LINE_FIELDS, headerKey } from './column-aliases';

export interface ColumnMapping {
  lines?: Partial<Record<LineField, string>>;
  blocks?: Partial<Record<BlockField, string>>;
}

const lineSchema = z.object(Object.fromEntries(LINE_FIELDS.map((f) => [f, z.string().min(1).optional()]))).strict();
const blockSchema = z.object(Object.fromEntries(BLOCK_FIELDS.map((f) => [f, z.string().min(1).optional()]))).strict();
const mappingSchema = z.object({ lines: lineSchema.optional(), blocks: blockSchema.optional() }).strict();

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
        `lines fields: ${LINE_FIELDS.join(', ')}; blocks fields: ${BLOCK_FIELDS.join(', ')}`
      : `${where || 'top level'}: ${issue.message}`;
  throw new MappingError(`Invalid ${source}: ${hint}.`);
}

export interface ResolvedColumns<F extends string> {
  /** Field -> column index in the row. */
  index: Partial<Record<F, number>>;
  /** Field -> the header text as the file spells it (for messages). */
  header: Partial<Record<F, string>>;
  /** Mapped headers the row does not hold. */
  missingMapped: string[];
  unused: string[];
}

function resolve<F extends string>(
  cells: string[],
  fields: readonly F[],
  aliases: Record<F, string[]>,
  explicit: Partial<Record<F, string>> | undefined,
): ResolvedColumns<F> {
  const byKey = new Map<string, number>();
  cells.forEach((c, i) => {
    const k = headerKey(c);
    if (k && !byKey.has(k)) byKey.set(k, i);
  });
  const index: Partial<Record<F, number>> = {};
  const header: Partial<Record<F, string>> = {};
  const taken = new Set<number>();
  const missingMapped: string[] = [];
  for (const f of fields) {
    const wanted = explicit?.[f];
    if (wanted === undefined) continue;
    const i = byKey.get(headerKey(wanted));
    if (i === undefined) missingMapped.push(wanted);
    else {
      index[f] = i;
      header[f] = cells[i];
      taken.add(i);
    }
  }
  for (const f of fields) {
    if (index[f] !== undefined || explicit?.[f] !== undefined) continue;
    for (const alias of aliases[f]) {
      const i = byKey.get(alias);
      if (i !== undefined && !taken.has(i)) {
        index[f] = i;
        header[f] = cells[i];
        taken.add(i);
        break;
      }
    }
  }
  const unused = cells.filter((c, i) => c !== '' && !taken.has(i));
  return { index, header, missingMapped, unused };
}

export function resolveLineColumns(cells: string[], mapping?: ColumnMapping): ResolvedColumns<LineField> {
  return resolve(cells, LINE_FIELDS, LINE_ALIASES, mapping?.lines);
}

export function resolveBlockColumns(cells: string[], mapping?: ColumnMapping): ResolvedColumns<BlockField> {
  return resolve(cells, BLOCK_FIELDS, BLOCK_ALIASES, mapping?.blocks);
}
