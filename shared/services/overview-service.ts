/**
 * The tab's Overview in one small answer: tenant counts and the last sync, the PBX inventory's counts,
 * the plan's summary and plan-versus-tenant progress, and how many chats the bot's reminders no longer reach. Each part is a read model (a few kilobytes
 * whatever the tenant's size); a step not taken yet is null.
 */
import type { PlanSummary } from '../domain/planning/plan-summary';
import type { MigrationStatusSummary } from './migration-status-read-model';
import type { PbxSummary } from './pbx-import-service';
import type { PlanService } from './plan-service';
import { overdueOrders } from './order-tracking';
import type { TenantStatus } from './status-service';
import type { BlockerCounts, UnmetCounts } from './plan-read-model';
import type { DecisionsHeader } from './decisions-read-model';
import type { StateCounts } from '../domain/planning/migration-status';
import type { LicenceNeed } from '../domain/decisions/licence-seats';

export interface TenantOverview {
  status: TenantStatus;
  pbx: PbxSummary;
  plan: (PlanSummary & { unmetByCode: UnmetCounts; stale: boolean }) | null;
  migration: MigrationStatusSummary | null;
  /** People and cost per effective path (the decisions read model's counts); null before the first decisions. */
  paths: PathFigures | null;
  /**
   * People held by each readiness gate in the plan (most first), and the licences they need against the
   * tenant's free seats (licence-seats.ts); null without a plan.
   */
  blockers: (BlockerCounts & { licences: LicenceNeed[] }) | null;
  /**
   * Plan-versus-tenant counts of a few sites, each with its name from the tenant snapshot, and how many
   * sites there are; null without a plan. `order` says which sites: those with people in the waves still
   * to finish, the earliest wave's first ('next-waves'), or, once every wave is done (or in a status
   * stored before sites were keyed by wave), the first by id ('id').
   */
  sites: { total: number; order: 'next-waves' | 'id'; first: SiteProgress[] } | null;
  /** The chats and channels the bot reminds, and how many of them Teams refuses (paused; Settings > Reminders lists them). */
  reminders: { total: number; paused: number };
  /**
   * Port and upload orders still to do (not marked submitted or uploaded, or rejected) past their deadline
   * for a wave still to come (order-tracking.ts); null without a plan.
   */
  overdueOrders: { port: number; upload: number } | null;
}

type SiteProgress = { siteId: string; name?: string; counts: StateCounts };

export interface PathFigures {
  pathCounts: DecisionsHeader['pathCounts'];
  currency: string;
  costByPath: DecisionsHeader['costs']['byPath'];
  costTotal: DecisionsHeader['costs']['total'];
}

/** A missing step (no snapshot, no plan yet) is null here, not an error. */
const orNull = <T>(p: Promise<T>): Promise<T | null> =>
  p.catch((err: { code?: string }) => {
    if (err?.code === 'not-found') return null;
    throw err;
  });

export async function tenantOverview(
  parts: {
    status(tenantId: string): Promise<TenantStatus>;
    pbxSummary(tenantId: string): Promise<PbxSummary>;
    plan: PlanService;
    /** The decisions header, parsed once per version (it lists every site, for the People filter). */
    decisions?(tenantId: string): Promise<DecisionsHeader | undefined>;
    /** The names of a few sites, by id. */
    siteNames(tenantId: string, siteIds: readonly string[]): Promise<Map<string, string>>;
    /** How many conversations get reminders, and how many are paused (one small document). */
    reminders(tenantId: string): Promise<{ total: number; paused: number }>;
  },
  tenantId: string,
  today?: string,
): Promise<TenantOverview> {
  const [status, pbx, plan, migration, decisions, blockers, reminders, overdue] = await Promise.all([
    parts.status(tenantId),
    parts.pbxSummary(tenantId),
    orNull(parts.plan.summary(tenantId)),
    orNull(parts.plan.migrationSummary(tenantId, today)),
    parts.decisions ? parts.decisions(tenantId) : undefined,
    // Counts only: the first blocked people and constraints it also reads are one small page each.
    orNull(parts.plan.blockers(tenantId)),
    parts.reminders(tenantId),
    today ? orNull(overdueOrders(parts.plan, tenantId, today)) : null,
  ]);
  const sites = migration && (await sitesToDraw(parts.plan, tenantId, migration));
  const paths: PathFigures | null = decisions
    ? { pathCounts: decisions.pathCounts, currency: decisions.costs.currency, costByPath: decisions.costs.byPath, costTotal: decisions.costs.total }
    : null;
  // The Overview shows counts: lists it does not show stay with their own routes (the Plan page's
  // constraints, the PBX page's warnings), so a large tenant's Overview stays a few kilobytes.
  const { warnings: _warnings, ...pbxCounts } = pbx;
  return {
    status,
    pbx: pbxCounts,
    plan: plan && { ...plan, unmet: plan.unmet.slice(0, OVERVIEW_UNMET_SHOWN) },
    migration,
    paths,
    blockers: blockers && { total: blockers.total, byCode: blockers.byCode, licences: blockers.licences ?? [] },
    sites: sites && { ...sites, first: await withSiteNames(sites.first, (ids) => parts.siteNames(tenantId, ids)) },
    reminders,
    overdueOrders: overdue,
  };
}

/** Sites whose progress the Overview draws; the Sites grid has them all. */
const OVERVIEW_SITES_SHOWN = 10;
/** Waves looked into for those sites: enough for 10 sites unless waves hold very few sites each. */
const OVERVIEW_WAVES_READ = 10;

/**
 * The sites an admin watches next: those with people in the waves not yet done (an overdue wave
 * first), wave by wave in date order, each wave's sites by id, one indexed page per wave read; else
 * the first sites by id.
 */
async function sitesToDraw(plan: PlanService, tenantId: string, migration: MigrationStatusSummary): Promise<NonNullable<TenantOverview['sites']>> {
  const open = migration.waves
    .filter((w) => w.counts.done < w.counts.total)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.number - b.number))
    .slice(0, OVERVIEW_WAVES_READ);
  const chosen = new Map<string, SiteProgress>();
  for (const wave of open) {
    const page = await plan.migrationSites(tenantId, { wave: wave.number, offset: 0, limit: OVERVIEW_SITES_SHOWN });
    // A wave with people has sites: none means a status stored before sites were keyed by wave.
    if (page.items.length === 0) break;
    for (const site of page.items) if (chosen.size < OVERVIEW_SITES_SHOWN && !chosen.has(site.siteId)) chosen.set(site.siteId, site);
    if (chosen.size >= OVERVIEW_SITES_SHOWN) break;
  }
  if (chosen.size > 0) return { total: migration.sitesTotal, order: 'next-waves', first: [...chosen.values()] };
  const byId = await plan.migrationSites(tenantId, { offset: 0, limit: OVERVIEW_SITES_SHOWN });
  return { total: migration.sitesTotal, order: 'id', first: byId.items };
}

/** Unmet constraints listed in the Overview's plan summary; `totals.unmet` counts them all. */
const OVERVIEW_UNMET_SHOWN = 5;

/** The shown sites with the names admins know them by (their ids are slugs of those names). */
async function withSiteNames<T extends { siteId: string }>(rows: T[], namesOf: (ids: string[]) => Promise<Map<string, string>>): Promise<(T & { name?: string })[]> {
  const ids = rows.map((r) => r.siteId).filter((id) => id !== '');
  if (ids.length === 0) return rows;
  const names = await namesOf(ids);
  return rows.map((r) => (names.has(r.siteId) ? { ...r, name: names.get(r.siteId) } : r));
}
