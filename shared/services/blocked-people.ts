/**
 * The Blockers grid's rows: the plan's blocked people (`plan.blocked`, keyed by wave, gate and site)
 * a page at a time, filtered by any of those keys together, in the plan's order (site, then user
 * principal name) or its reverse - with each person's display name and site name read by key for the
 * page only, and the waves their site is in from the plan header. Never the tenant, never the plan.
 * With `source: 'readiness'` the rows are the blocker gates as the decisions stand now (the
 * `readiness.gates` read model through `/api/readiness`'s use case), one row per gate, site gates
 * included: what will block once the plan is made again.
 */
import type { ReadinessGate } from '../domain/decision-types';
import type { BlockedMember } from '../domain/plan';
import type { Person } from '../domain/tenant-snapshot';
import type { Store } from '../store/store';
import { pageInOrder, type OrderedPage, type PageReader } from './list-order';
import type { DecisionService } from './decision-service';
import { PLAN_BLOCKED } from './plan-read-model';
import { PlanInputError, type PlanService } from './plan-service';
import { siteNamesByKey } from './snapshot-repository';

const SNAPSHOT_PEOPLE = 'snapshot.people';

/** A blocked person as the grid shows them. */
export interface BlockedPersonRow extends BlockedMember {
  /** From the synced directory; absent when the person left it since the plan was made. */
  displayName?: string;
  siteName?: string;
  /** The waves the person's site is in (the wave they would move with once unblocked). */
  waves: number[];
}

/** `plan`: who the stored plan holds back; `readiness`: the blocker gates as the settings stand now (before a re-plan), one row per gate. */
export type BlockedSource = 'plan' | 'readiness';
export const BLOCKED_SOURCES: readonly BlockedSource[] = ['plan', 'readiness'];

export interface BlockedPeopleQuery {
  source?: BlockedSource;
  wave?: number;
  /** A gate code (`no-teams-phone-licence`). */
  gate?: string;
  siteId?: string;
  /** Reverse of the plan's order (site, then UPN). */
  desc?: boolean;
  offset?: number;
  limit?: number;
}

export interface BlockedPeopleService {
  page(tenantId: string, query: BlockedPeopleQuery): Promise<OrderedPage<BlockedPersonRow>>;
  /** The same rows as a page reader, for an export of the current view. */
  reader(tenantId: string, query: Omit<BlockedPeopleQuery, 'offset' | 'limit'>): Promise<PageReader<BlockedPersonRow>>;
}

/**
 * A plan stored before blocked people carried `site:` keys answers nothing for any site: say so rather
 * than show an empty list (two one-row reads, only when a site filter found nobody).
 */
async function refuseUnkeyedSites(store: Store, tenantId: string): Promise<void> {
  const first = (await store.pageCollection<BlockedMember>(tenantId, PLAN_BLOCKED, { limit: 1 })).items[0];
  if (!first?.siteId) return;
  const keyed = await store.pageCollection(tenantId, PLAN_BLOCKED, { key: `site:${first.siteId}`, limit: 1 });
  if (keyed.total === 0) throw new PlanInputError('This plan was stored before blocked people could be filtered by site: make the plan again (Plan page) to filter by site.');
}

export function createBlockedPeopleService(store: Store, plans: PlanService, decisions: Pick<DecisionService, 'listReadiness'>): BlockedPeopleService {
  /** The readiness gates that block (`/api/readiness`'s read), each with the person and site by name. */
  async function readinessReader(tenantId: string, query: Omit<BlockedPeopleQuery, 'offset' | 'limit'>): Promise<PageReader<BlockedPersonRow>> {
    if (query.wave !== undefined) throw new PlanInputError('wave filters the plan\'s blocked people only (source=plan): readiness gates have no wave until the plan is made again.');
    // Waves come from the plan when there is one; readiness exists before any plan.
    const waves = await plans.waves(tenantId).then((w) => w.waves, () => []);
    const wavesOfSite = new Map<string, number[]>();
    for (const w of waves) for (const s of w.siteIds) (wavesOfSite.get(s) ?? wavesOfSite.set(s, []).get(s)!).push(w.number);
    const siteNames = siteNamesByKey(store, tenantId);
    const stored: PageReader<ReadinessGate> = (offset, limit) =>
      decisions.listReadiness(tenantId, { severity: 'blocker', code: query.gate, siteId: query.siteId, offset, limit });
    return async (offset, limit) => {
      const page = await pageInOrder(stored, { offset, limit, desc: query.desc });
      const people = await Promise.all(page.items.map((g) => (g.personId ? store.getRecord<Person>(tenantId, SNAPSHOT_PEOPLE, g.personId) : undefined)));
      await siteNames.load(page.items.map((g, i) => g.siteId ?? people[i]?.siteId));
      const items = page.items.map((g, i): BlockedPersonRow => {
        const person = people[i];
        const siteId = g.siteId ?? person?.siteId;
        const row: BlockedPersonRow = {
          personId: g.personId ?? '',
          userPrincipalName: person?.userPrincipalName ?? '',
          siteId,
          gates: [{ code: g.code, message: g.message, fix: g.fix }],
          waves: siteId ? (wavesOfSite.get(siteId) ?? []) : [],
        };
        if (person?.displayName !== undefined) row.displayName = person.displayName;
        const siteName = siteNames.nameOf(siteId);
        if (siteName !== undefined) row.siteName = siteName;
        return row;
      });
      return { total: page.total, items };
    };
  }

  async function reader(tenantId: string, query: Omit<BlockedPeopleQuery, 'offset' | 'limit'>): Promise<PageReader<BlockedPersonRow>> {
    if (query.source === 'readiness') return readinessReader(tenantId, query);
    const { waves } = await plans.waves(tenantId);
    if (query.wave !== undefined && !waves.some((w) => w.number === query.wave)) {
      throw new PlanInputError(`The plan has no wave ${query.wave} (waves: ${waves.map((w) => w.number).join(', ') || 'none'}).`);
    }
    const wavesOfSite = new Map<string, number[]>();
    for (const w of waves) for (const s of w.siteIds) (wavesOfSite.get(s) ?? wavesOfSite.set(s, []).get(s)!).push(w.number);
    const allKeys = [
      ...(query.wave !== undefined ? [`wave:${query.wave}`] : []),
      ...(query.gate !== undefined ? [`gate:${query.gate}`] : []),
      ...(query.siteId !== undefined ? [`site:${query.siteId}`] : []),
    ];
    const siteNames = siteNamesByKey(store, tenantId);

    const stored: PageReader<BlockedMember> = async (offset, limit) => {
      const page = await store.pageCollection<BlockedMember>(tenantId, PLAN_BLOCKED, { allKeys, offset, limit });
      if (page.total === 0 && query.siteId !== undefined) await refuseUnkeyedSites(store, tenantId);
      return page;
    };
    const ordered: PageReader<BlockedMember> = async (offset, limit) => pageInOrder(stored, { offset, limit, desc: query.desc });
    return async (offset, limit) => {
      const page = await ordered(offset, limit);
      const people = await Promise.all(page.items.map((b) => store.getRecord<Person>(tenantId, SNAPSHOT_PEOPLE, b.personId)));
      await siteNames.load(page.items.map((b) => b.siteId));
      const items = page.items.map((b, i): BlockedPersonRow => {
        const row: BlockedPersonRow = { ...b, waves: b.siteId ? (wavesOfSite.get(b.siteId) ?? []) : [] };
        const name = people[i]?.displayName;
        if (name !== undefined) row.displayName = name;
        const siteName = siteNames.nameOf(b.siteId);
        if (siteName !== undefined) row.siteName = siteName;
        return row;
      });
      return { total: page.total, items };
    };
  }

  return {
    reader,
    async page(tenantId, query) {
      const offset = Math.max(0, Math.floor(query.offset ?? 0));
      const limit = Math.min(1000, Math.max(1, Math.floor(query.limit ?? 100)));
      const page = await (await reader(tenantId, query))(offset, limit);
      return { total: page.total, offset, items: page.items };
    },
  };
}
