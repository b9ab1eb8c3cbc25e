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
