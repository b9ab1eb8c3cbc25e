/**
 * The routing question ("where does +1 425 555 0100 ring tomorrow?") answered from the stored plan's
 * read models instead of its artefact: the number index says which wave member the number is given to,
 * the route blocks keyed by the thousand the number falls in say which DID block holds it and how that
 * block is routed stage by stage. Three or four small reads, whatever the tenant's size; parsing a
 * 100,000-user plan's 60 MB artefact held the event loop for about a second.
 */
import type { WaveMember } from '../domain/plan';
import { blockHolds, type RouteFacts, type VoiceAppNumber } from '../domain/planning/route-facts';
import { e164ToNumber } from '../domain/planning/number-ranges';
import { MAX_PAGE_LIMIT, type Store } from '../store/store';
import { COEX_ROUTE_BLOCKS, COEX_VOICE_APP_NUMBERS, routeKeyOf, WIDE_ROUTE_KEY, type RouteBlock } from './coexistence-read-model';
import { PLAN_MEMBERS, type PlanHeader } from './plan-read-model';
import { indexedRecordId, PLAN_NUMBER_INDEX } from './record-indexes';

/** The facts about an E.164 number; undefined when the plan was stored without these read models (read its artefact). */
export async function storedRouteFacts(store: Store, tenantId: string, header: PlanHeader, number: string): Promise<RouteFacts | undefined> {
  const value = e164ToNumber(number);
  const [memberId, near, wide, voiceApp] = await Promise.all([
    indexedRecordId(store, tenantId, PLAN_NUMBER_INDEX, number),
    store.pageCollection<RouteBlock>(tenantId, COEX_ROUTE_BLOCKS, { key: routeKeyOf(value), limit: MAX_PAGE_LIMIT }),
    store.pageCollection<RouteBlock>(tenantId, COEX_ROUTE_BLOCKS, { key: WIDE_ROUTE_KEY, limit: MAX_PAGE_LIMIT }),
    store.getRecord<VoiceAppNumber>(tenantId, COEX_VOICE_APP_NUMBERS, number),
  ]);
  if (memberId === undefined) return undefined;
  const member = memberId === null ? undefined : await store.getRecord<WaveMember>(tenantId, PLAN_MEMBERS, memberId);
  // Overlapping blocks are possible in an export: the plan's first wins, as in a whole-plan answer.
  const block = [...near.items, ...wide.items].filter((b) => blockHolds(b, value)).sort((a, b) => a.position - b.position)[0];
  return {
    waves: header.waves.map((w) => ({ number: w.number, date: w.date, time: w.time })),
    // Member record ids are `<wave 4>:<position 7>` (plan-read-model.ts).
    ...(member && memberId && { owner: { member, waveNumber: Number(memberId.slice(0, 4)) } }),
    // A plan stored before these records has none: its answers name no voice app, as before.
    ...(!member && voiceApp && { voiceApp }),
    ...(block && { block: { blockId: block.blockId, ...(block.carrier !== undefined && { carrier: block.carrier }) } }),
    stages: block?.stages ?? [],
  };
}
