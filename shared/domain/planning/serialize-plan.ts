/**
 * Canonical JSON for a plan: object keys sorted at every level, arrays in the order the planner built
 * them (already sorted by explicit keys), undefined fields left out. Same inputs -> same bytes.
 */
import type { Plan } from '../plan';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

export function serializePlan(plan: Plan, indent = 2): string {
  return `${JSON.stringify(canonical(plan), null, indent)}\n`;
}

/**
 * Pieces handed out by planJsonChunks: about this many characters each. Kept under V8's large-object
 * size (128 KB), so a piece is made in the young generation and dies there once written.
 */
const CHUNK_CHARS = 48 * 1024;

/**
 * Arrays at least this long are written element by element, each element as one canonical copy and one
 * native JSON.stringify: they are the plan's long record lists (wave members, blocked people, orders),
 * whose elements are small. Shorter arrays and objects are walked, so a long list inside them is found.
 */
const RECORD_LIST_LENGTH = 32;

/**
 * The same bytes as `serializePlan(plan, 0)` (compact canonical JSON and a final newline), as a sequence
 * of pieces of about CHUNK_CHARS characters. A 100,000-user plan is ~60 MB of JSON: built whole, it
 * needed a canonical copy of the entire plan (that lived until the string was done, so the collector
 * moved all of it to the old generation) plus the whole string. Here only one record's copy and one piece
 * are alive at a time.
 */
export function* planJsonChunks(plan: Plan): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  const push = (text: string) => {
    parts.push(text);
    size += text.length;
  };
  // Plans nest a few levels deep: plain recursion, handing out a piece between records.
  function* value(v: unknown): Generator<string> {
    if (Array.isArray(v)) {
      push('[');
      for (let i = 0; i < v.length; i++) {
        if (i > 0) push(',');
        const item: unknown = v[i];
        if (v.length >= RECORD_LIST_LENGTH || !item || typeof item !== 'object') push(JSON.stringify(canonical(item)) ?? 'null');
        else yield* value(item);
        if (size >= CHUNK_CHARS) {
          yield parts.join('');
          parts = [];
          size = 0;
        }
      }
      push(']');
      return;
    }
    if (v && typeof v === 'object') {
      push('{');
      let first = true;
      for (const key of Object.keys(v).sort()) {
        const field: unknown = (v as Record<string, unknown>)[key];
        // What JSON.stringify leaves out of an object (canonical() drops undefined; functions and symbols are skipped).
        if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
        push(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
        first = false;
        if (field && typeof field === 'object') yield* value(field);
        else push(JSON.stringify(field));
      }
      push('}');
      return;
    }
    push(JSON.stringify(v));
  }
  yield* value(plan);
  push('\n');
  yield parts.join('');
}
