/**
 * What a different decision would do before it is saved, from the site's stored records: the monthly
 * cost of the chosen path (operator or SBC when chosen) against the site's cost as it stands, and the
 * site gates that hold people on that path (against those holding them now). Pure, for the panel.
 */
import type { PstnPath, ReadinessGate } from '../../api-types';
import type { SiteDetailView } from '../../api-types';

export interface DecisionPreview {
  /** Monthly cost on the chosen path; undefined when the path is not offered here. */
  monthly?: number;
  /** Monthly cost as the site stands now. */
  currentMonthly?: number;
  delta?: number;
  /** Why the path is not offered at the site. */
  unavailable?: string;
  /** Site blockers on the chosen path / on the path in force now. */
  blockers: ReadinessGate[];
  currentBlockers: ReadinessGate[];
}

function gatesFor(detail: SiteDetailView, path: PstnPath | undefined): ReadinessGate[] {
  return detail.siteGates.filter((g) => g.severity === 'blocker' && (!g.path || g.path === path));
}

export function previewDecision(detail: SiteDetailView, choice: { path?: PstnPath; operatorId?: string; sbcId?: string }): DecisionPreview {
  const inForce = detail.decision?.path ?? detail.recommendation?.path;
  const path = choice.path ?? detail.recommendation?.path;
  const options = (detail.cost?.options ?? []).filter((o) => o.path === path);
  const exact = options.find((o) => (choice.operatorId && o.operatorId === choice.operatorId) || (choice.sbcId && o.sbcId === choice.sbcId));
  const cheapest = options.reduce<(typeof options)[number] | undefined>((best, o) => (!best || o.monthly < best.monthly ? o : best), undefined);
  const option = exact ?? cheapest;
  const currentMonthly = detail.cost?.current?.monthly;
  return {
    monthly: option?.monthly,
    currentMonthly,
    delta: option && currentMonthly !== undefined ? option.monthly - currentMonthly : undefined,
    unavailable: detail.cost?.unavailable?.find((u) => u.path === path)?.reason,
    blockers: gatesFor(detail, path),
    currentBlockers: gatesFor(detail, inForce),
  };
}
