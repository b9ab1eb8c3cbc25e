/**
 * The complete SBC routing table in force after each wave. The plan stores routing incrementally:
 * an entry that lists `changedBlockIds` holds the full rule set of those blocks only; other blocks keep
 * the rules of the previous entry. An SBC admin needs the whole table per wave, so it is folded here.
 */
import type { Plan, RoutingRule } from '../domain/plan';

export interface RoutingTable {
  afterWave: number;
  effectiveFrom: string;
  rules: RoutingRule[];
}

export function routingTables(plan: Plan): RoutingTable[] {
  const entries = [...plan.routing].sort((a, b) => a.afterWave - b.afterWave);
  const byBlock = new Map<string, RoutingRule[]>();
  const order: string[] = [];
  const tables: RoutingTable[] = [];
  for (const entry of entries) {
    const grouped = new Map<string, RoutingRule[]>();
    for (const rule of entry.sbcRules) {
      const key = rule.blockId ?? '';
      const list = grouped.get(key) ?? [];
      list.push(rule);
      grouped.set(key, list);
    }
    // An entry without changedBlockIds is complete: it replaces everything.
    const replaced = entry.changedBlockIds ? new Set([...entry.changedBlockIds, ...grouped.keys()]) : undefined;
    if (!replaced) {
      byBlock.clear();
      order.length = 0;
    }
    for (const key of replaced ?? grouped.keys()) {
      if (!byBlock.has(key)) order.push(key);
      byBlock.set(key, grouped.get(key) ?? []);
    }
    const rules: RoutingRule[] = [];
    for (const key of order) rules.push(...(byBlock.get(key) ?? []));
    tables.push({ afterWave: entry.afterWave, effectiveFrom: entry.effectiveFrom, rules });
  }
  return tables;
}
