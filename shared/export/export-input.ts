/**
 * Everything the export writers read, gathered once by the export service. Writers are pure
 * functions over this (plus a directory or a stream), so they can be tested with hand-built plans.
 */
import type { GroupHuntingRecord } from '../domain/pbx-inventory';
import type { Plan } from '../domain/plan';
import type { PlanningSettings } from '../domain/planning-settings';
import type { ReadinessGate, SbcSizing, SiteCost, SiteRecommendation } from '../domain/decision-types';
import type { Site } from '../domain/tenant-snapshot';
import type { SkuSeats } from '../domain/licence-mapping';

/** What a number-assignment row needs to know about a person who is not a wave member. */
export interface PersonSummary {
  userPrincipalName: string;
  displayName: string;
  department?: string;
  siteId?: string;
}

export interface ExportInput {
  tenant: { id: string; name: string };
  /** ISO timestamp written into every file; passed in so that output is reproducible. */
  generatedAt: string;
  plan: Plan;
  sites: Site[];
  /** Looks up people who are blocked or stay on the PBX (they are not wave members). */
  person?: (personId: string) => PersonSummary | undefined;
  settings: PlanningSettings;
  recommendations?: SiteRecommendation[];
  siteCosts?: SiteCost[];
  sbcSizing?: SbcSizing[];
  readiness?: ReadinessGate[];
  /** The tenant's voice subscriptions' seats, as the last sync found them (absent when unread). */
  licenceSeats?: SkuSeats[];
  /**
   * How the PBX's hunt and call-centre groups hunted, by group id, for the groups whose export said:
   * their call queues' routing, agent order, agent alert time and timeout.
   */
  hunting?: ReadonlyMap<string, GroupHuntingRecord>;
}

/** The file names every writer agrees on, so the runbook index and the files never drift apart. */
export const FILE_NAMES = {
  rolloutWorkbook: 'rollout-plan.xlsx',
  waveWorkbook: (wave: number) => `wave-${pad(wave)}-number-assignments.xlsx`,
  waveRunbook: (wave: number) => `runbooks/wave-${pad(wave)}-cutover.ps1`,
  waveRollback: (wave: number) => `runbooks/wave-${pad(wave)}-rollback.ps1`,
  tenantSetup: 'runbooks/tenant-setup.ps1',
  drUpload: (orderId: string, part: number) => `csv/dr-upload-${safeFilePart(orderId)}${part > 1 ? `-part${part}` : ''}.csv`,
  portOrder: (orderId: string, part: number) => `csv/port-order-${safeFilePart(orderId)}${part > 1 ? `-part${part}` : ''}.csv`,
  sbcRouting: (afterWave: number) => `csv/sbc-routing-after-wave-${afterWave < 0 ? 'none' : pad(afterWave)}.csv`,
} as const;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Order ids come from the plan; only a conservative character set reaches a file name. */
export function safeFilePart(value: string): string {
  const cleaned = value.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80);
  return cleaned || 'order';
}
