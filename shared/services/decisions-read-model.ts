/**
 * Path decisions as read models. Recommendations, effective paths, readiness and cost depend on the
 * snapshot, the PBX inventory and the settings; at 100,000 people computing them takes seconds, so
 * requests never do: a refresh (on a worker thread, see decisions-refresher.ts) computes them once per
 * change of those inputs and stores
 *
 * - the `decisions` document: the input versions it was computed from, path counts, the readiness
 *   summary, cost totals and SBC sizing, and the site list with people counts (the People filter);
 * - `decisions.sites`: per site its recommendation, cost and readiness counts;
 * - `people.view`: one row per person as the People grid shows it, keyed by site, path, blocked state
 *   and kind, with search text, in name order;
 * - `readiness.gates`: every gate, keyed by site, code, person and severity.
 *
 * The commit expects the input documents still at the versions read, so a view computed from inputs
 * that changed meanwhile is never stored (the refresh computes again).
 */
import type { ReadinessGate, ReadinessSummary, SiteCost, SiteRecommendation } from '../domain/decision-types';
import { computeDecisions, type DecisionResult } from '../domain/decisions/compute-decisions';
import type { PbxInventory } from '../domain/pbx-inventory';
import type { PlanningSettings, PstnPath } from '../domain/planning-settings';
import type { Person, TenantSnapshot } from '../domain/tenant-snapshot';
import type { CollectionItem, Store, StoreChange } from '../store/store';

export const DECISIONS_DOCUMENT = 'decisions';
export const DECISION_SITES = 'decisions.sites';
export const PEOPLE_VIEW = 'people.view';
export const READINESS_GATES = 'readiness.gates';

/** Undecided people listed in the header; the count covers them all. */
const UNDECIDED_SHOWN = 100;

/** The documents decisions are computed from, at the versions read (null = absent). */
export interface DecisionInputs {
  snapshot: number | null;
  settings: number | null;
  inventory: number | null;
}

export interface SiteFacet {
  id: string;
  name: string;
  countryCode?: string;
  people: number;
}

/** A person as the People grid shows them. */
export interface PersonRow {
  id: string;
  displayName: string;
  userPrincipalName: string;
  department?: string;
  jobTitle?: string;
  kind: Person['kind'];
  accountEnabled: boolean;
  teamsPhone: Person['teamsPhone'];
  usageLocation?: string;
  siteId?: string;
  siteName?: string;
  /** Why the person maps to no site (site derivation's reason), when they do not. */
  unmappedReason?: string;
  /** First business phone (E.164 when parsed, else raw). */
  phone?: string;
  path?: PstnPath;
  /** Where the path came from (override / site-decision / recommendation). */
  pathSource?: string;
  /** Blocker gate codes that hold this person (own and site gates for their path). */
  blockers: string[];
}

export interface DecisionsHeader {
  inputs: DecisionInputs;
  settingsVersion: number | null;
  snapshotTakenAt: string;
  inventoryImportedAt?: string;
  pathCounts: DecisionResult['pathCounts'];
  undecided: { count: number; first: DecisionResult['undecided'] };
  readiness: Omit<ReadinessSummary, 'perSite'>;
  costs: Omit<DecisionResult['costs'], 'sites'>;
  people: number;
  /** Every site with its people count, by name (the People page's site filter). */
  sites: SiteFacet[];
}

export interface DecisionSiteRecord {
  /** The site's place in the snapshot's site order (records are keyed by site id). */
  order: number;
  siteId: string;
  recommendation: SiteRecommendation;
  cost?: SiteCost;
  readiness?: ReadinessSummary['perSite'][number];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per person: effective path, where it came from, and the blocker codes that hold them. */
export function personAnnotations(view: Pick<DecisionResult, 'paths' | 'readiness'>): Map<string, { path?: PstnPath; pathSource?: string; blockers: string[] }> {
  const blocked = new Set(view.readiness.blockedPersonIds);
  const own = new Map<string, string[]>();
  const siteGates = new Map<string, { code: string; path?: PstnPath }[]>();
  for (const g of view.readiness.gates) {
    if (g.severity !== 'blocker') continue;
    if (g.personId) (own.get(g.personId) ?? own.set(g.personId, []).get(g.personId)!).push(g.code);
    else if (g.siteId) (siteGates.get(g.siteId) ?? siteGates.set(g.siteId, []).get(g.siteId)!).push({ code: g.code, path: g.path });
  }
  const out = new Map<string, { path?: PstnPath; pathSource?: string; blockers: string[] }>();
  for (const p of view.paths) {
    let codes = own.get(p.personId) ?? [];
    if (blocked.has(p.personId) && !codes.length && p.siteId) {
      // Held by a gate of their site for their path (e.g. no emergency address), not by their own account.
      codes = (siteGates.get(p.siteId) ?? []).filter((g) => !g.path || g.path === p.path).map((g) => g.code);
      if (!codes.length) codes = ['blocked'];
    }
    out.set(p.personId, { path: p.path, pathSource: p.source, blockers: [...new Set(codes)] });
  }
  for (const id of blocked) if (!out.has(id)) out.set(id, { blockers: own.get(id) ?? ['blocked'] });
  return out;
}

/** The text a people search matches: names, addresses, department, title and phone numbers. */
export function personSearchText(p: Person): string {
  return [p.displayName, p.userPrincipalName, p.mail, p.department, p.jobTitle, ...p.businessPhones.map((b) => `${b.raw} ${b.e164 ?? ''}`)]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}

/** Record ids in name order (then UPN, then id, so every id is unique). */
function personRowId(p: Person): string {
  return `${p.displayName}\u0001${p.userPrincipalName}\u0001${p.id}`;
}

/** Computes decisions from the inputs and returns the changes that store them as read models. */
export function decisionsReadModelChanges(
  snapshot: TenantSnapshot,
  inventory: PbxInventory | undefined,
  settings: { settings: PlanningSettings; version: number | null },
  inputs: DecisionInputs,
): StoreChange[] {
  const result = computeDecisions(snapshot, inventory, settings.settings);
  const annotations = personAnnotations(result);
  const siteNames = new Map(snapshot.sites.map((s) => [s.id, s.name]));
  const unmappedReasons = new Map(snapshot.unmappedPeople.map((u) => [u.personId, u.reason]));
  const perSite = new Map<string, number>();
  const people: CollectionItem[] = [];
  for (const p of snapshot.people) {
    const a = annotations.get(p.id);
    if (p.siteId) perSite.set(p.siteId, (perSite.get(p.siteId) ?? 0) + 1);
    const phone = p.businessPhones[0] ? (p.businessPhones[0].e164 ?? p.businessPhones[0].raw) : undefined;
    const row: PersonRow = {
      id: p.id,
      displayName: p.displayName,
      userPrincipalName: p.userPrincipalName,
      department: p.department,
      jobTitle: p.jobTitle,
      kind: p.kind,
      accountEnabled: p.accountEnabled,
      teamsPhone: p.teamsPhone,
      usageLocation: p.usageLocation,
      siteId: p.siteId,
      siteName: p.siteId ? siteNames.get(p.siteId) : undefined,
      unmappedReason: p.siteId ? undefined : unmappedReasons.get(p.id),
      phone,
      path: a?.path,
      pathSource: a?.pathSource,
      blockers: a?.blockers ?? [],
    };
    people.push({
      id: personRowId(p),
      data: row,
      keys: [`site:${p.siteId ?? 'none'}`, `path:${a?.path ?? 'none'}`, `blocked:${row.blockers.length > 0}`, `kind:${p.kind}`],
      search: personSearchText(p),
    });
  }
  people.sort((x, y) => compareText(x.id, y.id));

  const costBySite = new Map(result.costs.sites.map((c) => [c.siteId, c]));
  const readinessBySite = new Map(result.readiness.summary.perSite.map((r) => [r.siteId, r]));
  const sites: CollectionItem[] = result.recommendations.map((rec, order) => {
    const record: DecisionSiteRecord = { order, siteId: rec.siteId, recommendation: rec, cost: costBySite.get(rec.siteId), readiness: readinessBySite.get(rec.siteId) };
    return { id: rec.siteId, data: record };
  });

  const gates: CollectionItem[] = result.readiness.gates.map((g: ReadinessGate, i) => ({
    id: String(i).padStart(8, '0'),
    data: g,
    keys: [`severity:${g.severity}`, `code:${g.code}`, ...(g.siteId ? [`site:${g.siteId}`] : []), ...(g.personId ? [`person:${g.personId}`] : [])],
  }));

  const { perSite: _perSite, ...readiness } = result.readiness.summary;
  const { sites: _siteCosts, ...costs } = result.costs;
  const header: DecisionsHeader = {
    inputs,
    settingsVersion: settings.version,
    snapshotTakenAt: snapshot.takenAt,
    ...(inventory && { inventoryImportedAt: inventory.importedAt }),
    pathCounts: result.pathCounts,
    undecided: { count: result.undecided.length, first: result.undecided.slice(0, UNDECIDED_SHOWN) },
    readiness,
    costs,
    people: snapshot.people.length,
    sites: snapshot.sites
      .map((s) => ({ id: s.id, name: s.name, countryCode: s.countryCode, people: perSite.get(s.id) ?? 0 }))
      .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id)),
  };
  return [
    { type: 'replace-collection', collection: PEOPLE_VIEW, items: people },
    { type: 'replace-collection', collection: DECISION_SITES, items: sites },
    { type: 'replace-collection', collection: READINESS_GATES, items: gates },
    { type: 'put-document', kind: DECISIONS_DOCUMENT, data: header },
  ];
}

export async function loadDecisionsHeader(store: Store, tenantId: string): Promise<DecisionsHeader | undefined> {
  return (await store.getDocument<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT))?.data;
}

export function sameInputs(a: DecisionInputs, b: DecisionInputs): boolean {
  return a.snapshot === b.snapshot && a.settings === b.settings && a.inventory === b.inventory;
}
