/**
 * Who changed wave in a re-plan: the stored plan's members (read before the new plan replaces them)
 * against the plan just built. The answer is a count and the first people, small enough for a job
 * result; the tab shows it as "what moved".
 */
import type { Plan, WaveMember } from '../domain/plan';
import { MAX_PAGE_LIMIT, type Store } from '../store/store';
import { PLAN_MEMBERS, type PlanHeader } from './plan-read-model';

export interface PersonMove {
  personId: string;
  userPrincipalName: string;
  displayName: string;
  siteId?: string;
  /** The wave before and after (absent: not in a wave - blocked, staying or not scheduled). */
  from?: number;
  to?: number;
}

export interface PlanMoves {
  /** People whose wave changed, including people who joined or left the waves. */
  count: number;
  first: PersonMove[];
}

export const PLAN_MOVES_LISTED = 20;

/** Each member of the stored plan with the wave they are in. */
export async function storedMembers(store: Store, tenantId: string, header: PlanHeader): Promise<Map<string, { wave: number; member: WaveMember }>> {
  // The plan read model writes members under ids `<wave 4>:<position 7>`, and collections list in id
  // order: one read of the collection, each member's wave from the header's counts (a wave at a time
  // through the `wave:N` keys costs four times as much at 100,000 people).
  const waves = [...header.waves].sort((a, b) => a.number - b.number);
  const all = await store.listCollection<WaveMember, WaveMember>(tenantId, PLAN_MEMBERS, (m) => ({
    personId: m.personId,
    userPrincipalName: m.userPrincipalName,
    displayName: m.displayName,
    siteId: m.siteId,
  }) as WaveMember);
  if (all.length === waves.reduce((n, w) => n + w.members, 0)) {
    const out = new Map<string, { wave: number; member: WaveMember }>();
    let i = 0;
    for (const w of waves) for (let k = 0; k < w.members; k++, i++) out.set(all[i].personId, { wave: w.number, member: all[i] });
    return out;
  }
  // A plan stored another way: read it a wave at a time.
  const out = new Map<string, { wave: number; member: WaveMember }>();
  for (const w of waves) {
    for (let offset = 0; ; offset += MAX_PAGE_LIMIT) {
      const page = await store.pageCollection<WaveMember>(tenantId, PLAN_MEMBERS, { key: `wave:${w.number}`, offset, limit: MAX_PAGE_LIMIT });
      for (const m of page.items) out.set(m.personId, { wave: w.number, member: m });
      if (offset + page.items.length >= page.total || page.items.length === 0) break;
    }
  }
  return out;
}

export function planMoves(previous: Map<string, { wave: number; member: WaveMember }>, plan: Plan, listed = PLAN_MOVES_LISTED): PlanMoves {
  const first: PersonMove[] = [];
  let count = 0;
  const seen = new Set<string>();
  const note = (m: Pick<WaveMember, 'personId' | 'userPrincipalName' | 'displayName' | 'siteId'>, from?: number, to?: number) => {
    count++;
    if (first.length < listed) first.push({ personId: m.personId, userPrincipalName: m.userPrincipalName, displayName: m.displayName, siteId: m.siteId, from, to });
  };
  for (const w of plan.waves) {
    for (const m of w.members) {
      seen.add(m.personId);
      const before = previous.get(m.personId)?.wave;
      if (before !== w.number) note(m, before, w.number);
    }
  }
  for (const [personId, p] of previous) if (!seen.has(personId)) note(p.member, p.wave, undefined);
  return { count, first };
}
