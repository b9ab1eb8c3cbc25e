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
  /** Stable codes of the rules that fired (see RECOMMENDATION_RULES), in the order of `reasons`. */
  ruleCodes?: string[];
  siteName?: string;
  countryCode?: string;
  /** People mapped to the site (users and resource accounts). */
  people?: number;
}

/** Where the number a person would get in Teams comes from, in order of preference. */
export type PlannedNumberSource = 'pbx-did' | 'teams-number' | 'business-phone';

/** A person who has no path at all: no override and no (known) site to inherit one from. */
export interface UndecidedPerson {
  personId: string;
  reason: string;
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
  /** The number (E.164) this person would get in Teams, when one is known. */
  plannedNumber?: string;
  plannedNumberSource?: PlannedNumberSource;
  /** The matched PBX line the person moves off, when there is one. */
  lineId?: string;
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
  /** Site gates: the path (and operator/SBC) the gate is about; people on another path are not held by it. */
  path?: PstnPath;
  operatorId?: string;
  sbcId?: string;
}

export interface ReadinessSummary {
  /** Per gate code: how many gates, and how many people or sites they hold. */
  byCode: { code: string; severity: ReadinessSeverity; count: number }[];
  /** People with a path other than PBX. */
  peopleMoving: number;
  /** People on OC/DR/CP with no blocker of their own and none at their site for their path. */
  peopleReady: number;
  peopleBlocked: number;
  sitesBlocked: number;
  perSite: { siteId: string; moving: number; ready: number; blocked: number; siteBlockers: string[] }[];
}

export interface PathCost {
  path: PstnPath;
  monthly: number;
  yearly: number;
  /** DR only: sessions sized with Erlang B. */
  sessions?: number;
  operatorId?: string;
  sbcId?: string;
  /** This option minus the site's current cost (monthly): what changing the decision to it does. */
  deltaMonthly?: number;
}

export interface SiteCost {
  siteId: string;
  users: number;
  /** The site's common-area phones, costed with its people in every option (absent: none). */
  commonAreaPhones?: number;
  decidedPath: PstnPath;
  /** Cost of each path that is possible for the site. */
  options: PathCost[];
  /** Whether decidedPath is the admin's decision (false: the recommendation stands in). */
  decided?: boolean;
  /** The cost of the site as its people's effective paths stand (overrides included). */
  current?: { monthly: number; yearly: number };
  /** Paths not offered here and why ("no Calling Plan in BR"). */
  unavailable?: { path: PstnPath; reason: string }[];
}

export interface CostReport {
  currency: string;
  sites: SiteCost[];
  /** Totals per effective path; DR is sized per SBC with pooled traffic, so it is below the sum of sites. */
  byPath: { path: PstnPath; people: number; commonAreaPhones?: number; monthly: number; yearly: number }[];
  total: { monthly: number; yearly: number };
  sbcs: SbcSizing[];
  assumptions: string[];
}

export interface SbcSizing {
  sbcId: string;
  users: number;
  erlangs: number;
  /** Erlang B channels at the grade of service: the figure for -MaxConcurrentSessions. */
  sessions: number;
  licensedSessions: number;
  /** Sessions above what is licensed (0 when enough). */
  shortfall?: number;
  monthly?: number;
  yearly?: number;
}
