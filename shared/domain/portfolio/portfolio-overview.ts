/**
 * One row per customer of the portfolio overview, from that customer's small read models (snapshot
 * header, plan header, migration-status header), and the sorting and filtering the overview offers.
 * Pure: "today" is passed in, so overdue waves and the next cutover are the same for the same day.
 */
import type { PortfolioRole } from './portfolio-mapping';

/** What a customer's read models say, independent of the day: kept while their versions hold. */
export interface CustomerFacts {
  users: number | null;
  lastSyncAt: string | null;
  planned: boolean;
  planBuiltAt: string | null;
  /** People blocked by a readiness gate and constraints not met, from the plan header. */
  blocked: number;
  unmet: number;
  /**
   * Licence seats to buy for the blocked people (licence-seats.ts): 0 when none is needed, null when the
   * tenant's subscriptions could not be read or there is no plan; absent from facts stored before it was kept.
   */
  licencesToBuy?: number | null;
  /** The first wave before which seats must be bought (licence-seats.ts `buyBy`); absent when none is short, or from older facts. */
  licencesBuyBy?: { wave: number; date: string };
  /** Plan versus tenant (null until a plan and a snapshot meet). */
  progress: { done: number; total: number; percentDone: number; drifted: number } | null;
  waves: CustomerWave[];
  /** Why the scheduled sync last passed this customer by (no credential, delegated access); absent once one is queued. */
  syncSkipped?: SyncSkip;
}

export interface SyncSkip {
  at: string;
  reason: string;
}

export interface CustomerWave {
  number: number;
  name: string;
  date: string;
  time: string;
  members: number;
  sites: number;
  /** From the migration status; 0 before one exists. */
  done: number;
  total: number;
  /** Of `total`, people whose number is in Teams already (ready or assigned): absent before a migration status. */
  inTeams?: number;
}

export interface PortfolioRow {
  tenantId: string;
  displayName: string;
  role: PortfolioRole;
  users: number | null;
  lastSyncAt: string | null;
  /** Whole hours since the last sync, as of `now`. */
  lastSyncAgeHours: number | null;
  /** Present when the scheduled sync skips this customer: when it last did, and why. */
  syncSkipped?: SyncSkip;
  planned: boolean;
  percentDone: number | null;
  done: number;
  total: number;
  drifted: number;
  blocked: number;
  unmet: number;
  /** Licence seats to buy for the blocked people; null when unknown. */
  licencesToBuy: number | null;
  /** The first wave before which seats must be bought; null when none is short or unknown. */
  licencesBuyBy: { wave: number; date: string } | null;
  /** People of waves whose date has passed who are not done. */
  overdue: number;
  behind: boolean;
  /** With, once a migration status counts them, how many of the wave's people have their number in Teams. */
  nextCutover: { wave: number; name: string; date: string; people?: number; inTeams?: number } | null;
  wavesLeft: number;
}

export function portfolioRow(customer: { tenantId: string; displayName: string; role: PortfolioRole }, facts: CustomerFacts, today: string, now: Date): PortfolioRow {
  let overdue = 0;
  let next: CustomerWave | undefined;
  let wavesLeft = 0;
  for (const w of facts.waves) {
    const open = w.total === 0 || w.done < w.total;
    if (w.date < today) {
      if (w.total > w.done) overdue += w.total - w.done;
    } else if (open) {
      wavesLeft++;
      if (!next || w.date < next.date) next = w;
    }
  }
  const syncedAt = facts.lastSyncAt ? Date.parse(facts.lastSyncAt) : NaN;
  return {
    tenantId: customer.tenantId,
    displayName: customer.displayName,
    role: customer.role,
    users: facts.users,
    lastSyncAt: facts.lastSyncAt,
    lastSyncAgeHours: Number.isFinite(syncedAt) ? Math.max(0, Math.floor((now.getTime() - syncedAt) / 3_600_000)) : null,
    ...(facts.syncSkipped && { syncSkipped: facts.syncSkipped }),
    planned: facts.planned,
    percentDone: facts.progress ? facts.progress.percentDone : null,
    done: facts.progress?.done ?? 0,
    total: facts.progress?.total ?? 0,
    drifted: facts.progress?.drifted ?? 0,
    blocked: facts.blocked,
    unmet: facts.unmet,
    licencesToBuy: facts.licencesToBuy ?? null,
    licencesBuyBy: facts.licencesBuyBy ?? null,
    overdue,
    behind: overdue > 0,
    nextCutover: next ? { wave: next.number, name: next.name, date: next.date, ...(next.inTeams !== undefined && { people: next.total, inTeams: next.inTeams }) } : null,
    wavesLeft,
  };
}

export const PORTFOLIO_SORTS = ['name', 'progress', 'nextCutover', 'blocked', 'licencesToBuy', 'drifted', 'overdue', 'lastSync', 'users'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

export interface PortfolioFilter {
  /** Lower-case text found in the name or tenant id. */
  search?: string;
  /** Only customers with overdue people (true) or without (false). */
  behind?: boolean;
  /** Only customers whose next cutover is on or before this day (yyyy-mm-dd). */
  cutoverBy?: string;
  /** Only customers not synced for at least this many hours (or never). */
  staleHours?: number;
  /** Only customers with people drifted from the plan. */
  drifted?: boolean;
  /** Only customers with people blocked. */
  blocked?: boolean;
}

export function filterRows(rows: readonly PortfolioRow[], f: PortfolioFilter): PortfolioRow[] {
  const terms = (f.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (terms.length) {
      const text = `${r.displayName} ${r.tenantId}`.toLowerCase();
      if (!terms.every((t) => text.includes(t))) return false;
    }
    if (f.behind !== undefined && r.behind !== f.behind) return false;
    if (f.cutoverBy !== undefined && (!r.nextCutover || r.nextCutover.date > f.cutoverBy)) return false;
    if (f.staleHours !== undefined && r.lastSyncAgeHours !== null && r.lastSyncAgeHours < f.staleHours) return false;
    if (f.drifted && !(r.drifted > 0)) return false;
    if (f.blocked && !(r.blocked > 0)) return false;
    return true;
  });
}

/** Missing values (never synced, no plan) sort last whatever the direction; ties by name then id. */
export function sortRows(rows: PortfolioRow[], sort: PortfolioSort, descending: boolean): PortfolioRow[] {
  const value = (r: PortfolioRow): string | number | null => {
    switch (sort) {
      case 'name':
        return r.displayName.toLowerCase();
      case 'progress':
        return r.percentDone;
      case 'nextCutover':
        return r.nextCutover?.date ?? null;
      case 'blocked':
        return r.blocked;
      case 'licencesToBuy':
        return r.licencesToBuy;
      case 'drifted':
        return r.drifted;
      case 'overdue':
        return r.overdue;
      case 'lastSync':
        return r.lastSyncAt;
      case 'users':
        return r.users;
    }
  };
  const keyed = rows.map((r) => ({ r, v: value(r) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
    } else if (a.v !== b.v) {
      const c = a.v < b.v ? -1 : 1;
      return descending ? -c : c;
    }
    const n = a.r.displayName.localeCompare(b.r.displayName);
    return n !== 0 ? n : a.r.tenantId < b.r.tenantId ? -1 : 1;
  });
  return keyed.map((k) => k.r);
}
