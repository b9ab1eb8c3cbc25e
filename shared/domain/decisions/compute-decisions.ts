/**
 * Everything the decision step produces, in one pure, deterministic call: recommendations, effective
 * paths, readiness and cost. The planner, the tab, the bot and the CLI all use this one function, so
 * they can never disagree about who goes where.
 */
import type {
  CostReport,
  EffectivePath,
  ReadinessGate,
  ReadinessSummary,
  SiteRecommendation,
  UndecidedPerson,
} from '../decision-types';
import type { PbxInventory } from '../pbx-inventory';
import type { PlanningSettings, PstnPath } from '../planning-settings';
import type { TenantSnapshot } from '../tenant-snapshot';
import { computeCosts } from './cost-model';
import { buildDecisionIndex, type DecisionIndex } from './decision-index';
import { computeEffectivePaths } from './effective-paths';
import { computeReadiness } from './readiness-gates';
import { recommendSitePath } from './recommend-site-path';

export interface PathCounts {
  path: PstnPath;
  /** People on the path by the admin's decision (override or site decision). */
  decided: number;
  /** People on the path only because the site's recommendation stands in. */
  recommended: number;
}

export interface DecisionResult {
  recommendations: SiteRecommendation[];
  paths: EffectivePath[];
  undecided: UndecidedPerson[];
  pathCounts: PathCounts[];
  readiness: { gates: ReadinessGate[]; summary: ReadinessSummary; blockedPersonIds: string[] };
  costs: CostReport;
}

export function computeDecisions(
  snapshot: TenantSnapshot,
  inventory: PbxInventory | undefined,
  settings: PlanningSettings,
): DecisionResult {
  const index = buildDecisionIndex(snapshot, inventory, settings);
  return computeFromIndex(index);
}

export function computeFromIndex(index: DecisionIndex): DecisionResult {
  const recommendations: SiteRecommendation[] = [];
  const recBySite = new Map<string, SiteRecommendation>();
  for (const site of index.snapshot.sites) {
    const rec = recommendSitePath(index.siteFacts.get(site.id)!, index.settings, index.decisionBySite.get(site.id));
    recommendations.push(rec);
    recBySite.set(site.id, rec);
  }
  const { paths, undecided, people } = computeEffectivePaths(index, recBySite);
  const counts = new Map<PstnPath, PathCounts>(
    (['OC', 'DR', 'CP', 'PBX'] as const).map((p) => [p, { path: p, decided: 0, recommended: 0 }]),
  );
  for (const ep of paths) {
    const c = counts.get(ep.path)!;
    if (ep.decided) c.decided++;
    else c.recommended++;
  }
  const readiness = computeReadiness(index, paths, people);
  const costs = computeCosts(index, recBySite, paths, people);
  return { recommendations, paths, undecided, pathCounts: [...counts.values()], readiness, costs };
}
