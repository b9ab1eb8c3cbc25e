/**
 * What a routing answer reads of a plan for one number (routing-simulator.ts answers from it): the
 * wave member given the number, the DID block that holds it and that block's routing stages. Kept
 * apart from the simulator so that read models can store the same facts without loading the phone
 * number library.
 */
import type { Plan, RoutingRule, WaveMember } from '../plan';
import { e164ToNumber } from './number-ranges';

/**
 * The facts about one number. A whole plan gives them (`routeFactsOf`); so do the stored plan's read
 * models, a few records found by the number (plan-route-facts.ts), so a server answers without reading
 * the whole plan.
 */
export interface RouteFacts {
  /** Every wave's number, date and cutover time: a routing stage takes effect with its wave. */
  waves: readonly { number: number; date: string; time: string }[];
  /** The wave member the plan gives this number to (the first, in wave order), and its wave. */
  owner?: { member: WaveMember; waveNumber: number };
  /**
   * The voice app the plan moves this number to, when no member takes it: a site's main number to its
   * auto attendant, a PBX group's pilot to its call queue, a common-area phone's to its account.
   */
  voiceApp?: VoiceAppNumber;
  /** The first DID block, in the plan's order, whose range holds the number. */
  block?: { blockId: string; carrier?: string };
  /** The block's routing stages: those that set its rules (all blocks' or its own), in the plan's order, each with its rules for the block. */
  stages: readonly BlockRoutingStage[];
}

/** A number the plan moves to a voice app's resource account (or a common-area phone's account), and the wave that moves it. */
export interface VoiceAppNumber {
  /** E.164. */
  number: string;
  kind: 'auto-attendant' | 'call-queue' | 'common-area-phone';
  waveNumber: number;
  /** The site whose main number it is (auto attendant). */
  siteId?: string;
  /** The PBX group whose pilot it is (call queue), as members carry it (`<kind>:<name>`). */
  groupId?: string;
  /** The common-area phone's name (its site is `siteId`). */
  name?: string;
}

/** Every number the plan moves to a voice app (main numbers, group pilots) or a common-area phone: the first wave that moves it wins. */
export function voiceAppNumbersOf(plan: Plan): Map<string, VoiceAppNumber> {
  const out = new Map<string, VoiceAppNumber>();
  for (const w of plan.waves) {
    for (const m of w.mainNumbers ?? []) if (!out.has(m.number)) out.set(m.number, { number: m.number, kind: 'auto-attendant', waveNumber: w.number, siteId: m.siteId });
    for (const g of w.groupNumbers ?? []) if (!out.has(g.number)) out.set(g.number, { number: g.number, kind: 'call-queue', waveNumber: w.number, groupId: g.groupId });
    for (const p of w.commonAreaPhones ?? []) {
      if (p.number && !out.has(p.number)) out.set(p.number, { number: p.number, kind: 'common-area-phone', waveNumber: w.number, siteId: p.siteId, name: p.name });
    }
  }
  return out;
}

export interface BlockRoutingStage {
  afterWave: number;
  effectiveFrom: string;
  rules: RoutingRule[];
}

/** Whether a block's range (first and last number) holds the number. */
export function blockHolds(block: { first?: string; last?: string }, value: number): boolean {
  return !!block.first && !!block.last && e164ToNumber(block.first) <= value && value <= e164ToNumber(block.last);
}

/**
 * Each block's routing stages: the stages of `routing` that set its rules (all blocks' or its own), in
 * the plan's order, each with the block's rules alone. One pass over the routing, with a lookup per
 * block and stage: scanning every stage's blocks and rules per block cost 1,000 x 7,500 at 100k.
 */
export function routingStagesByBlock(routing: Plan['routing'], blockIds: readonly string[]): Map<string, BlockRoutingStage[]> {
  const byBlock = new Map<string, BlockRoutingStage[]>(blockIds.map((id) => [id, []]));
  const every = [...byBlock.keys()];
  for (const r of routing) {
    const rulesOf = new Map<string, RoutingRule[]>();
    for (const rule of r.sbcRules) {
      if (rule.blockId === undefined) continue;
      const list = rulesOf.get(rule.blockId);
      if (list) list.push(rule);
      else rulesOf.set(rule.blockId, [rule]);
    }
    for (const id of r.changedBlockIds ? new Set(r.changedBlockIds) : every) {
      byBlock.get(id)?.push({ afterWave: r.afterWave, effectiveFrom: r.effectiveFrom, rules: rulesOf.get(id) ?? [] });
    }
  }
  return byBlock;
}

/** The facts about an E.164 number in a whole plan. */
export function routeFactsOf(plan: Plan, number: string): RouteFacts {
  let owner: RouteFacts['owner'];
  for (const w of plan.waves) {
    const member = w.members.find((x) => x.numberToAssign === number || x.privateNumber === number);
    if (member) {
      owner = { member, waveNumber: w.number };
      break;
    }
  }
  const value = e164ToNumber(number);
  const block = plan.blockSplits.find((b) => blockHolds(b, value));
  const voiceApp = owner ? undefined : voiceAppNumbersOf(plan).get(number);
  return {
    waves: plan.waves.map((w) => ({ number: w.number, date: w.date, time: w.time })),
    ...(owner && { owner }),
    ...(voiceApp && { voiceApp }),
    ...(block && { block: { blockId: block.blockId, carrier: block.carrier } }),
    stages: block ? (routingStagesByBlock(plan.routing, [block.blockId]).get(block.blockId) ?? []) : [],
  };
}
