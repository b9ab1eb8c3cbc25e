/** What the path-decision step produces for planning, the tab, the bot and the exports. */
import type { PstnPath } from './planning-settings';

export interface SiteRecommendation {
  siteId: string;
  path: PstnPath;
  operatorId?: string;
  sbcId?: string;
  /** Sentences an admin can read, most decisive first. */
  reasons: string[];
  /** The admin's decision, when there is one; the recommendation never replaces it. */
  decided?: { path: PstnPath; operatorId?: string; sbcId?: string; voiceRoutingPolicy?: string; stayUntil?: string };
  /** True when the admin decided differently from the recommendation. */
  differsFromDecision: boolean;
}

export interface EffectivePath {
  personId: string;
  siteId?: string;
  path: PstnPath;
  operatorId?: string;
  sbcId?: string;
  voiceRoutingPolicy?: string;
  stayUntil?: string;
  /** Where the path came from: user override > site decision > recommendation (not yet decided). */
  source: 'override' | 'site-decision' | 'recommendation';
  decided: boolean;
  reason?: string;
}

export type ReadinessSeverity = 'blocker' | 'warning';

export interface ReadinessGate {
  /** Stable code, e.g. `no-teams-phone-licence`. */
  code: string;
  severity: ReadinessSeverity;
  /** What is wrong, for an admin. */
  message: string;
  /** What to do about it. */
  fix: string;
  personId?: string;
  siteId?: string;
}

export interface PathCost {
  path: PstnPath;
  monthly: number;
  yearly: number;
  /** DR only: sessions sized with Erlang B. */
  sessions?: number;
}

export interface SiteCost {
  siteId: string;
  users: number;
  decidedPath: PstnPath;
  /** Cost of each path that is possible for the site. */
  options: PathCost[];
}

export interface SbcSizing {
  sbcId: string;
  users: number;
  erlangs: number;
  /** Erlang B channels at the grade of service: the figure for -MaxConcurrentSessions. */
  sessions: number;
  licensedSessions: number;
}
