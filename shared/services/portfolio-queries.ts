/**
 * The portfolio questions an MSP user asks in words (the bot's "which customers are behind?", "next
 * cutovers this week", "status of Contoso"), answered for the customers that user may act for.
 *
 * Who may see what is not decided here: a tenant holds a portfolio only when it is an MSP tenant of the
 * deployment (MSP_TENANT_IDS), exactly as the API's acting-tenant check and portfolio routes say, and
 * every answer comes from PortfolioService, whose rows are already limited to the subject's grants.
 * Every list is one bounded page with its total, so a card or a CLI table can say "and N more".
 */
import type { GrantSubject } from '../domain/portfolio/portfolio-mapping';
import type { Store } from '../store/store';
import { findPeople } from './snapshot-repository';
import type { GroupMembershipLookup } from './viewer-access';
import type { PortfolioRow } from '../domain/portfolio/portfolio-overview';
import type { CustomerChoice, PortfolioCutover, PortfolioOverview, PortfolioService } from './portfolio-service';

export interface PortfolioPage<T> {
  total: number;
  items: T[];
}

export interface PortfolioQueries {
  /** The customers the subject may act for; empty when the home tenant holds no portfolio or grants them none. */
  customers(homeTenantId: string, subject: GrantSubject): Promise<CustomerChoice[]>;
  /** Totals over every granted customer and the first `limit` by next cutover (soonest first). */
  summary(homeTenantId: string, subject: GrantSubject, limit: number): Promise<PortfolioOverview>;
  /** Customers with people in past waves who are not done, most overdue people first. */
  behind(homeTenantId: string, subject: GrantSubject, limit: number): Promise<PortfolioOverview>;
  /** The customers with drifted (or blocked) people, most first. */
  withPeople(homeTenantId: string, subject: GrantSubject, kind: 'drifted' | 'blocked', limit: number): Promise<PortfolioOverview>;
  /** Each customer's waves dated in the period (yyyy-mm-dd, inclusive), soonest first. */
  cutovers(homeTenantId: string, subject: GrantSubject, period: { from: string; to: string }, limit: number): Promise<PortfolioPage<PortfolioCutover>>;
  /** One customer's row, or undefined when the subject may not act for it. */
  customer(homeTenantId: string, subject: GrantSubject, tenantId: string): Promise<PortfolioRow | undefined>;
}

export interface PortfolioQueriesOptions {
  /**
   * The MSP tenant's synced directory: a subject known only by object id (a bot message carries no UPN)
   * gets its UPN from the last sync's people - one keyed read - so grants that name a UPN apply too.
   */
  directory?: Store;
  /**
   * For a subject without a token's `groups` claim (a bot message): which of the groups the portfolio's
   * grants name the user belongs to (viewer-access.ts's Graph lookup, cached there). Without it, or when
   * it fails, group grants admit nobody - never everybody.
   */
  groups?: GroupMembershipLookup;
}

/** configuredGroupLookup asks Graph about at most this many groups at a time. */
const GROUPS_PER_LOOKUP = 15;

export function createPortfolioQueries(portfolio: PortfolioService, mspTenantIds: readonly string[], options: PortfolioQueriesOptions = {}): PortfolioQueries {
  const msps = new Set(mspTenantIds.map((t) => t.toLowerCase()));
  // The group ids the portfolio's grants name, per MSP tenant and portfolio version.
  const namedGroups = new Map<string, { version: number | null; ids: string[] }>();
  async function groupsNamed(homeTenantId: string): Promise<string[]> {
    const view = await portfolio.get(homeTenantId);
    const hit = namedGroups.get(homeTenantId);
    if (hit && hit.version === view.version) return hit.ids;
    const ids = [...new Set(view.customers.flatMap((c) => c.grants.filter((g) => g.principal.kind === 'group').map((g) => g.principal.id)))].sort();
    namedGroups.set(homeTenantId, { version: view.version, ids });
    return ids;
  }

  async function memberOf(homeTenantId: string, userId: string): Promise<string[] | undefined> {
    const wanted = await groupsNamed(homeTenantId);
    if (!wanted.length || !options.groups) return undefined;
    try {
      const found: string[] = [];
      for (let i = 0; i < wanted.length; i += GROUPS_PER_LOOKUP) found.push(...(await options.groups(homeTenantId, userId, wanted.slice(i, i + GROUPS_PER_LOOKUP))));
      return found;
    } catch (err) {
      // A failed lookup admits through no group; grants by user and UPN still apply.
      console.error('Portfolio group membership lookup failed:', err);
      return undefined;
    }
  }

  /** The subject with what its identity lacks when it comes from a bot message: its UPN and its groups. */
  const withIdentity = async (homeTenantId: string, subject: GrantSubject): Promise<GrantSubject> => {
    let out = subject;
    if (!subject.upn && options.directory) {
      const [person] = await findPeople(options.directory, homeTenantId, [subject.userId]);
      if (person) out = { ...out, upn: person.userPrincipalName };
    }
    if (!subject.groupIds && options.groups) {
      const groupIds = await memberOf(homeTenantId, subject.userId);
      if (groupIds) out = { ...out, groupIds };
    }
    return out;
  };
  const holdsPortfolio = (homeTenantId: string) => msps.has(homeTenantId.toLowerCase());
  const empty = (): PortfolioOverview => ({
    today: '',
    total: 0,
    offset: 0,
    limit: 0,
    totals: { customers: 0, behind: 0, blocked: 0, licencesToBuy: 0, drifted: 0, neverSynced: 0 },
    items: [],
  });

  return {
    async customers(homeTenantId, subject) {
      return holdsPortfolio(homeTenantId) ? portfolio.customersFor(homeTenantId, await withIdentity(homeTenantId, subject)) : [];
    },

    async summary(homeTenantId, subject, limit) {
      if (!holdsPortfolio(homeTenantId)) return empty();
      return portfolio.overview(homeTenantId, await withIdentity(homeTenantId, subject), { sort: 'nextCutover', limit });
    },

    async behind(homeTenantId, subject, limit) {
      if (!holdsPortfolio(homeTenantId)) return empty();
      return portfolio.overview(homeTenantId, await withIdentity(homeTenantId, subject), { behind: true, sort: 'overdue', descending: true, limit });
    },

    async withPeople(homeTenantId, subject, kind, limit) {
      if (!holdsPortfolio(homeTenantId)) return empty();
      return portfolio.overview(homeTenantId, await withIdentity(homeTenantId, subject), { [kind]: true, sort: kind, descending: true, limit });
    },

    async cutovers(homeTenantId, subject, period, limit) {
      if (!holdsPortfolio(homeTenantId)) return { total: 0, items: [] };
      const all = await portfolio.cutoversBetween(homeTenantId, await withIdentity(homeTenantId, subject), period.from, period.to);
      return { total: all.length, items: all.slice(0, limit) };
    },

    async customer(homeTenantId, subject, tenantId) {
      if (!holdsPortfolio(homeTenantId)) return undefined;
      const id = tenantId.toLowerCase();
      // The search matches the tenant id too: one small page, then the exact one.
      const page = await portfolio.overview(homeTenantId, await withIdentity(homeTenantId, subject), { search: id, limit: 5 });
      return page.items.find((r) => r.tenantId === id);
    },
  };
}
