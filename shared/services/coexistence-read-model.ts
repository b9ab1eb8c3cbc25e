/**
 * Coexistence read models: what the tab's Coexistence view pages through while the PBX and Teams both
 * carry numbers. They are written with the plan's other read models (same commit), from the plan in
 * memory, so a request reads one page by key and never the plan artefact:
 *
 * - `plan.blocks`: each DID block's split across waves as number ranges (`site:`, `wave:`, `flagged`);
 * - `plan.sbc-rules`: each block's SBC rule set with the waves it is in force for (`after:N` for every
 *   stage it holds in, `block:`, `sbc:`), so "the table after wave N" is one key, folded once here;
 * - `plan.coexistence-routes`: the voice routes between Teams and the PBX as each wave changes them
 *   (`kind:`, `after:N`);
 * - `plan.dial-plans` (`site:`) and `plan.extension-collisions` (`site:` for every site involved).
 *
 * The plan header gets a small `coexistence` summary: counts and the routing stages.
 */
import type { BlockSplit, DialPlan, ExtensionCollision, Plan, RoutingRule } from '../domain/plan';
import { e164ToNumber, mergeConsecutive, numberToE164 } from '../domain/planning/number-ranges';
import { routingTables } from '../export/sbc-routing-table';
import { routingStagesByBlock, voiceAppNumbersOf, type BlockRoutingStage } from '../domain/planning/route-facts';
import type { CollectionItem, StoreChange } from '../store/store';

export const COEX_BLOCKS = 'plan.blocks';
export const COEX_SBC_RULES = 'plan.sbc-rules';
export const COEX_ROUTES = 'plan.coexistence-routes';
export const COEX_DIAL_PLANS = 'plan.dial-plans';
export const COEX_COLLISIONS = 'plan.extension-collisions';
/** Each DID block with its routing stages, keyed by the thousands of numbers it covers: what the routing question reads (plan-route-facts.ts). */
export const COEX_ROUTE_BLOCKS = 'plan.route-blocks';
/**
 * The numbers the plan moves to voice apps (main numbers, group pilots), by number, main numbers keyed by
 * site: the routing question says whose a number is, and finds "the main number of <site>".
 */
export const COEX_VOICE_APP_NUMBERS = 'plan.voice-app-numbers';
export const COEX_COLLECTIONS = [COEX_BLOCKS, COEX_SBC_RULES, COEX_ROUTES, COEX_DIAL_PLANS, COEX_COLLISIONS, COEX_ROUTE_BLOCKS, COEX_VOICE_APP_NUMBERS] as const;

/** A block as the routing question needs it: its place in the plan's order, its range and carrier, and its routing stages. */
export interface RouteBlock {
  position: number;
  blockId: string;
  first: string;
  last: string;
  carrier?: string;
  stages: BlockRoutingStage[];
}

/** Numbers per key of `plan.route-blocks`: a block is keyed by every thousand it touches. */
const ROUTE_KEY_SPAN = 1000;
/** A block touching more thousands than this (a million numbers) is keyed `range:wide` instead, and read with every question. */
const ROUTE_KEYS_PER_BLOCK = 1000;
export const WIDE_ROUTE_KEY = 'range:wide';

/** The `plan.route-blocks` key of the thousand a number (as e164ToNumber gives it) falls in. */
export function routeKeyOf(value: number): string {
  return `range:${Math.floor(value / ROUTE_KEY_SPAN)}`;
}

/** Ranges listed per wave of a block; the count always covers all. A block of 10,000 scattered numbers stays small. */
const RANGES_SHOWN = 25;

/** A run of consecutive numbers, `first` = `last` for a single number. */
export interface NumberRange {
  first: string;
  last: string;
}

/** One block's split: how many numbers move in each wave, as ranges, and what stays. */
export interface BlockSplitRow {
  blockId: string;
  first?: string;
  last?: string;
  carrier?: string;
  siteId?: string;
  moves: { waveNumber: number; count: number; ranges: NumberRange[] }[];
  staying: { count: number; ranges: NumberRange[] };
  spareCount?: number;
  flag?: string;
}

/** A block's SBC rules (first match wins) and the routing stages they are in force for. */
export interface SbcRuleSet {
  blockId: string;
  siteId?: string;
  /** The first stage (-1 = today, before any wave) and the stage that replaces them (absent: to the end). */
  fromWave: number;
  effectiveFrom: string;
  untilWave?: number;
  rules: RoutingRule[];
}

export type CoexistenceRouteKind = 'teams-to-pbx' | 'pbx-to-teams';

/** A change one wave makes to the voice routes between the systems. */
export type CoexistenceRoute = { afterWave: number; effectiveFrom: string } & (
  | { kind: 'teams-to-pbx'; name: string; numberPattern: string; sbcId: string }
  | { kind: 'pbx-to-teams'; siteId: string; extensionPattern: string; description: string }
);

export interface CoexistenceStage {
  afterWave: number;
  effectiveFrom: string;
  /** Rules in the complete SBC table after this stage; blocks whose rules this stage changed. */
  rules: number;
  changedBlocks: number;
  teamsToPbx: number;
  pbxToTeams: number;
}

export interface CoexistenceSummary {
  blocks: number;
  /** Blocks whose numbers move in more than one wave (a partial port or split upload). */
  splitBlocks: number;
  flaggedBlocks: number;
  dialPlans: number;
  collisions: number;
  stages: CoexistenceStage[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Stage keys sort and read naturally: `after:-1` is today. */
export const afterKey = (wave: number) => `after:${wave}`;

function rangesOf(numbers: readonly string[]): { count: number; ranges: NumberRange[] } {
  const values = numbers.map(e164ToNumber).sort((a, b) => a - b);
  const runs = mergeConsecutive(values);
  return { count: numbers.length, ranges: runs.slice(0, RANGES_SHOWN).map((r) => ({ first: numberToE164(r.first), last: numberToE164(r.last) })) };
}

function blockRow(b: BlockSplit): BlockSplitRow {
  const row: BlockSplitRow = {
    blockId: b.blockId,
    first: b.first,
    last: b.last,
    carrier: b.carrier,
    siteId: b.siteId,
    moves: b.moves.map((m) => ({ waveNumber: m.waveNumber, ...rangesOf(m.numbers) })),
    staying: rangesOf(b.staying),
  };
  if (b.spareCount !== undefined) row.spareCount = b.spareCount;
  if (b.flag) row.flag = b.flag;
  return row;
}

function searchOf(...parts: (string | undefined)[]): string {
  return parts.filter(Boolean).join(' ').toLowerCase();
}

/**
 * Each block's rule sets with their validity: the plan stores routing incrementally (a stage lists the
 * blocks it changed), folded here into runs of stages so the complete table per stage is one key.
 */
function sbcRuleSets(plan: Plan, siteOfBlock: Map<string, string | undefined>): CollectionItem[] {
  const stages = [...plan.routing].sort((a, b) => a.afterWave - b.afterWave);
  const open = new Map<string, { set: SbcRuleSet; stages: number[] }>();
  const closed: { set: SbcRuleSet; stages: number[] }[] = [];
  for (const stage of stages) {
    const grouped = new Map<string, RoutingRule[]>();
    for (const rule of stage.sbcRules) {
      const key = rule.blockId ?? '';
      (grouped.get(key) ?? grouped.set(key, []).get(key)!).push(rule);
    }
    const replaced = stage.changedBlockIds ? new Set([...stage.changedBlockIds, ...grouped.keys()]) : undefined;
    if (!replaced) {
      for (const o of open.values()) closed.push(o);
      open.clear();
    }
    for (const blockId of replaced ?? grouped.keys()) {
      const previous = open.get(blockId);
      if (previous) {
        previous.set.untilWave = stage.afterWave;
        closed.push(previous);
        open.delete(blockId);
      }
      const rules = grouped.get(blockId) ?? [];
      if (!rules.length) continue;
      open.set(blockId, {
        set: { blockId, siteId: siteOfBlock.get(blockId), fromWave: stage.afterWave, effectiveFrom: stage.effectiveFrom, rules },
        stages: [],
      });
    }
    for (const o of open.values()) o.stages.push(stage.afterWave);
  }
  closed.push(...open.values());
  // In force from the earliest stage, then by the block's first number: the table reads top-down.
  const firstOf = new Map(plan.blockSplits.map((b) => [b.blockId, b.first ?? '']));
  closed.sort((a, b) => a.set.fromWave - b.set.fromWave || (firstOf.get(a.set.blockId) ?? '').localeCompare(firstOf.get(b.set.blockId) ?? '') || a.set.blockId.localeCompare(b.set.blockId));
  return closed.map((o, i) => {
    const sbcs = [...new Set(o.set.rules.map((r) => r.sbcId).filter((s): s is string => !!s))];
    return {
      id: pad(i, 7),
      data: o.set,
      keys: [...o.stages.map(afterKey), `block:${o.set.blockId}`, ...sbcs.map((s) => `sbc:${s}`), ...(o.set.siteId ? [`site:${o.set.siteId}`] : [])],
      search: searchOf(o.set.blockId, o.set.siteId, ...o.set.rules.map((r) => r.pattern)),
    };
  });
}

function routeItems(plan: Plan): CollectionItem[] {
  const items: CollectionItem[] = [];
  for (const stage of [...plan.routing].sort((a, b) => a.afterWave - b.afterWave)) {
    const base = { afterWave: stage.afterWave, effectiveFrom: stage.effectiveFrom };
    const push = (route: CoexistenceRoute, search: string) =>
      items.push({ id: `${pad(stage.afterWave + 1, 4)}:${pad(items.length, 7)}`, data: route, keys: [`kind:${route.kind}`, afterKey(stage.afterWave)], search });
    for (const r of stage.teamsToPbxRoutes) push({ ...base, kind: 'teams-to-pbx', ...r }, searchOf(r.name, r.sbcId));
    for (const r of stage.pbxToTeamsRoutes) push({ ...base, kind: 'pbx-to-teams', ...r }, searchOf(r.siteId, r.extensionPattern));
  }
  return items;
}

/** The blocks with a range, keyed by the thousands of numbers they cover, each with its routing stages. */
function routeBlockItems(plan: Plan): CollectionItem[] {
  const items: CollectionItem[] = [];
  const stagesOf = routingStagesByBlock(plan.routing, plan.blockSplits.map((b) => b.blockId));
  plan.blockSplits.forEach((b, position) => {
    if (!b.first || !b.last) return; // no range: no number is found in it
    const low = Math.floor(e164ToNumber(b.first) / ROUTE_KEY_SPAN);
    const high = Math.floor(e164ToNumber(b.last) / ROUTE_KEY_SPAN);
    if (!(high >= low)) return; // an empty or unreadable range holds no number either
    const keys = high - low + 1 > ROUTE_KEYS_PER_BLOCK ? [WIDE_ROUTE_KEY] : Array.from({ length: high - low + 1 }, (_, k) => routeKeyOf((low + k) * ROUTE_KEY_SPAN));
    const data: RouteBlock = { position, blockId: b.blockId, first: b.first, last: b.last, stages: stagesOf.get(b.blockId) ?? [] };
    if (b.carrier !== undefined) data.carrier = b.carrier;
    items.push({ id: pad(position, 6), data, keys });
  });
  return items;
}

/** The coexistence collections of a plan and the summary for its header. */
export function coexistenceReadModels(plan: Plan): { summary: CoexistenceSummary; changes: StoreChange[] } {
  const siteOfBlock = new Map(plan.blockSplits.map((b) => [b.blockId, b.siteId]));
  const blocks: CollectionItem[] = plan.blockSplits.map((b, i) => ({
    id: pad(i, 6),
    data: blockRow(b),
    keys: [...(b.siteId ? [`site:${b.siteId}`] : []), ...b.moves.map((m) => `wave:${m.waveNumber}`), ...(b.flag ? ['flagged'] : []), ...(b.moves.length > 1 ? ['split'] : [])],
    search: searchOf(b.blockId, b.siteId, b.carrier, b.first, b.last),
  }));
  const dialPlans: CollectionItem[] = plan.dialPlans.map((d: DialPlan) => ({ id: d.siteId, data: d, keys: [`site:${d.siteId}`], search: searchOf(d.name, d.siteId) }));
  const collisions: CollectionItem[] = plan.extensionCollisions.map((c: ExtensionCollision, i) => ({
    id: pad(i, 6),
    data: c,
    keys: c.siteIds.map((s) => `site:${s}`),
    search: searchOf(c.extensionRange, ...c.siteIds),
  }));
  const tables = routingTables(plan);
  const stages: CoexistenceStage[] = [...plan.routing]
    .sort((a, b) => a.afterWave - b.afterWave)
    .map((r) => ({
      afterWave: r.afterWave,
      effectiveFrom: r.effectiveFrom,
      rules: tables.find((t) => t.afterWave === r.afterWave)?.rules.length ?? 0,
      changedBlocks: r.changedBlockIds?.length ?? new Set(r.sbcRules.map((x) => x.blockId)).size,
      teamsToPbx: r.teamsToPbxRoutes.length,
      pbxToTeams: r.pbxToTeamsRoutes.length,
    }));
  return {
    summary: {
      blocks: plan.blockSplits.length,
      splitBlocks: plan.blockSplits.filter((b) => b.moves.length > 1).length,
      flaggedBlocks: plan.blockSplits.filter((b) => b.flag).length,
      dialPlans: plan.dialPlans.length,
      collisions: plan.extensionCollisions.length,
      stages,
    },
    changes: [
      { type: 'replace-collection', collection: COEX_BLOCKS, items: blocks },
      { type: 'replace-collection', collection: COEX_SBC_RULES, items: sbcRuleSets(plan, siteOfBlock) },
      { type: 'replace-collection', collection: COEX_ROUTES, items: routeItems(plan) },
      { type: 'replace-collection', collection: COEX_DIAL_PLANS, items: dialPlans },
      { type: 'replace-collection', collection: COEX_COLLISIONS, items: collisions },
      { type: 'replace-collection', collection: COEX_ROUTE_BLOCKS, items: routeBlockItems(plan) },
      { type: 'replace-collection', collection: COEX_VOICE_APP_NUMBERS, items: [...voiceAppNumbersOf(plan)].map(([number, data]) => ({ id: number, data, keys: data.siteId ? [`site:${data.siteId}`] : [] })) },
    ],
  };
}
