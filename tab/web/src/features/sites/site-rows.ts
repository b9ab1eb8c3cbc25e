/** The Sites grid's rows: each site with its recommendation, decision, readiness and cost per path, from the decisions view, the settings and the site facets. */
import type { CostReport, DecisionsView, PstnPath, ReadinessSummary, SettingsDocument, SiteRecommendation } from '../../api-types';
import type { SiteFacet } from '../../../../../shared/services/people-query';
import type { SiteDecision } from '../../../../../shared/domain/planning-settings';
import type { StateCounts } from '../../../../../shared/domain/planning/migration-status';

export interface SiteRow {
  id: string;
  name: string;
  countryCode?: string;
  people?: number;
  recommendation?: SiteRecommendation;
  decision?: SiteDecision;
  siteBlockers: string[];
  peopleBlocked?: number;
  costs: Map<string, number>;
  /** Paths not offered at the site, with the reason (shown instead of a price). */
  unavailable: Map<string, string>;
  /** The monthly cost as the site stands (its people's effective paths). */
  currentMonthly?: number;
  /** Its people against the plan (moved, blocked, drifted...), once there is a plan. */
  progress?: StateCounts;
}

export function buildSiteRows(
  decisions: DecisionsView | undefined,
  settings: SettingsDocument | undefined,
  facets: SiteFacet[],
  progress: ReadonlyMap<string, StateCounts> = new Map(),
): SiteRow[] {
  const recs = decisions?.recommendations ?? [];
  const cost: CostReport | undefined = decisions?.costs;
  const readiness: ReadinessSummary | undefined = decisions?.readiness;
  const byId = new Map<string, SiteRow>();
  const row = (id: string): SiteRow => {
    let r = byId.get(id);
    if (!r) {
      r = { id, name: id, siteBlockers: [], costs: new Map(), unavailable: new Map() };
      byId.set(id, r);
    }
    return r;
  };
  for (const f of facets) Object.assign(row(f.id), { name: f.name, countryCode: f.countryCode, people: f.people });
  for (const rec of recs) {
    const r = row(rec.siteId);
    r.recommendation = rec;
    if (rec.siteName) r.name = rec.siteName;
    if (rec.countryCode) r.countryCode = rec.countryCode;
    if (rec.people !== undefined) r.people = rec.people;
  }
  for (const d of settings?.settings.decisions?.sites ?? []) row(d.siteId).decision = d as SiteDecision;
  for (const s of readiness?.perSite ?? []) {
    const r = row(s.siteId);
    r.siteBlockers = s.siteBlockers;
    r.peopleBlocked = s.blocked;
  }
  for (const s of cost?.sites ?? []) {
    const r = row(s.siteId);
    if (r.people === undefined) r.people = s.users;
    r.currentMonthly = s.current?.monthly;
    for (const o of s.options) {
      // Several operators or SBCs can price one path: show the cheapest per path.
      const prev = r.costs.get(o.path);
      if (prev === undefined || o.monthly < prev) r.costs.set(o.path, o.monthly);
    }
    for (const u of s.unavailable ?? []) r.unavailable.set(u.path, u.reason);
  }
  // Only sites the grid has for other reasons: a status row of a site since removed is not a site.
  for (const [siteId, counts] of progress) {
    const r = byId.get(siteId);
    if (r) r.progress = counts;
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The path in force for the site's people: the decision, else the recommendation. */
export const pathInForce = (r: SiteRow): PstnPath | undefined => r.decision?.path ?? r.recommendation?.path;
