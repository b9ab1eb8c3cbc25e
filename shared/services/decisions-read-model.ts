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
 * The header names the input versions the view was computed from; a reader that finds other versions
 * now knows the view is behind (see decisions-refresher.ts).
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
  /** A common area phone's account (Microsoft Teams Shared Devices): a device, never planned as a person. */
  sharedDevice?: true;
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
  /** Extensions of the PBX lines matched to this person (search and the grid). */
  extensions?: string[];
  /** Ids of the PBX lines matched to this person (`pbx.lines` records), read by the person panel. */
  lineIds?: string[];
  /** Migration groups (hunt, pickup, delegate, shared line, call centre) the person belongs to. */
  groupIds?: string[];
}

/**
 * Orders the People grid can be sorted by besides name (the view's own id order). Each is a collection
 * of pointers to `people.view` rows whose ids sort in that order and which carry the view's keys and
 * search text, so a sorted, filtered, searched page is still one indexed page read. Each costs the
 * refresh a third more writing at 100,000 people, so only orders a filter cannot give are kept: the
 * path is a filter (and a key), not an order.
 */
export const PEOPLE_SORTS = ['site', 'readiness'] as const;
export type PeopleSort = 'name' | (typeof PEOPLE_SORTS)[number];

export function peopleSortCollection(sort: Exclude<PeopleSort, 'name'>): string {
  return `${PEOPLE_VIEW}.by-${sort}`;
}

/** The id prefix that places a row in a sort order (the row id after it breaks ties by name). */
function sortPrefix(sort: Exclude<PeopleSort, 'name'>, row: Pick<PersonRow, 'siteId' | 'siteName'> & { blockers: { length: number } }): string {
  switch (sort) {
    case 'site':
      // No site sorts after every named site.
      return row.siteName ? `0${row.siteName.toLowerCase()}\u0002${row.siteId}` : '1';
    case 'readiness':
      return String(row.blockers.length).padStart(3, '0');
  }
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
export function personAnnotations(view: Pick<DecisionResult, 'paths' | 'readiness'>): Map<string, PersonAnnotation> {
  const blocked = new Set(view.readiness.blockedPersonIds);
  const own = new Map<string, string[]>();
  const siteGates = new Map<string, { code: string; path?: PstnPath }[]>();
  for (const g of view.readiness.gates) {
    if (g.severity !== 'blocker') continue;
    if (g.personId) (own.get(g.personId) ?? own.set(g.personId, []).get(g.personId)!).push(g.code);
    else if (g.siteId) (siteGates.get(g.siteId) ?? siteGates.set(g.siteId, []).get(g.siteId)!).push({ code: g.code, path: g.path });
  }
  const out = new Map<string, PersonAnnotation>();
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

const digitsOf = (text: string | undefined) => (text ?? '').replace(/\D/g, '');

/**
 * The text a people search matches: the display name, the UPN's local part (never its domain: every
 * UPN of a tenant shares it, so "le" in "contoso.example" matched everyone), phone digits and PBX
 * extensions. Phone numbers are kept as digits only; the query's phone-like terms are reduced the same way.
 */
export function personSearchText(p: Person, extensions: readonly string[] = []): string {
  const local = p.userPrincipalName.split('@')[0];
  const phones = new Set(p.businessPhones.flatMap((b) => [digitsOf(b.e164), digitsOf(b.raw)]).filter(Boolean));
  return [p.displayName, local, ...phones, ...extensions].filter(Boolean).join('\n').toLowerCase();
}

/** Record ids in name order (then UPN, then id, so every id is unique). */
export function personRowId(p: Pick<Person, 'displayName' | 'userPrincipalName' | 'id'>): string {
  return `${p.displayName}\u0001${p.userPrincipalName}\u0001${p.id}`;
}

/** Per person: the PBX lines matched to them and the migration groups they belong to. */
function inventoryByPerson(inventory: PbxInventory | undefined): Map<string, { extensions: string[]; lineIds: string[]; groupIds: string[] }> {
  const out = new Map<string, { extensions: string[]; lineIds: string[]; groupIds: string[] }>();
  const entry = (id: string) => out.get(id) ?? out.set(id, { extensions: [], lineIds: [], groupIds: [] }).get(id)!;
  for (const line of inventory?.lines ?? []) {
    if (line.match.status !== 'matched' || !line.match.personId) continue;
    const e = entry(line.match.personId);
    e.lineIds.push(line.id);
    if (line.extension && !e.extensions.includes(line.extension)) e.extensions.push(line.extension);
  }
  for (const group of inventory?.groups ?? []) for (const personId of group.personIds) entry(personId).groupIds.push(group.id);
  return out;
}

/** A person's effective path, where it came from and the blocker codes that hold them. */
export interface PersonAnnotation {
  path?: PstnPath;
  pathSource?: string;
  blockers: string[];
}

function sameAnnotation(a: PersonAnnotation | undefined, b: PersonAnnotation | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.path === b.path && a.pathSource === b.pathSource && a.blockers.length === b.blockers.length && a.blockers.every((code, i) => code === b.blockers[i]);
}

/**
 * The People view's records of each person: their row and its place in each sort order. A row depends
 * on the snapshot and the inventory, and on the settings only through the person's annotation.
 */
function peopleRecords(snapshot: TenantSnapshot, inventory: PbxInventory | undefined) {
  const siteNames = new Map(snapshot.sites.map((s) => [s.id, s.name]));
  const unmappedReasons = new Map(snapshot.unmappedPeople.map((u) => [u.personId, u.reason]));
  const pbxOf = inventoryByPerson(inventory);
  const sortIds = (p: Person, rowId: string, blockers: number) => {
    const placed = { siteId: p.siteId, siteName: p.siteId ? siteNames.get(p.siteId) : undefined, blockers: { length: blockers } };
    return PEOPLE_SORTS.map((sort) => `${sortPrefix(sort, placed)}\u0002${rowId}`);
  };
  return {
    /** The ids the person's records had in each sort order under an earlier annotation. */
    sortIds: (p: Person, a: PersonAnnotation | undefined) => sortIds(p, personRowId(p), a?.blockers.length ?? 0),
    records(p: Person, a: PersonAnnotation | undefined): { row: CollectionItem; sorted: CollectionItem[] } {
      const pbx = pbxOf.get(p.id);
      const phone = p.businessPhones[0] ? (p.businessPhones[0].e164 ?? p.businessPhones[0].raw) : undefined;
      const row: PersonRow = {
        id: p.id,
        displayName: p.displayName,
        userPrincipalName: p.userPrincipalName,
        department: p.department,
        jobTitle: p.jobTitle,
        kind: p.kind,
        ...(p.sharedDevice && { sharedDevice: true as const }),
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
        ...(pbx?.extensions.length && { extensions: pbx.extensions }),
        ...(pbx?.lineIds.length && { lineIds: pbx.lineIds }),
        ...(pbx?.groupIds.length && { groupIds: pbx.groupIds }),
      };
      const rowId = personRowId(p);
      const keys = [`site:${p.siteId ?? 'none'}`, `path:${a?.path ?? 'none'}`, `blocked:${row.blockers.length > 0}`, `kind:${p.kind}`];
      const search = personSearchText(p, pbx?.extensions);
      return {
        row: { id: rowId, data: row, keys, search },
        sorted: sortIds(p, rowId, row.blockers.length).map((id) => ({ id, data: rowId, keys, search })),
      };
    },
  };
}

/**
 * The People view and its sort orders. With the annotations the stored view was written with (the
 * snapshot and inventory unchanged since), only the people whose annotation changed are written, as a
 * patch: a site decision rewrites that site's people, not 100,000 rows three times over.
 */
function peopleViewChanges(
  snapshot: TenantSnapshot,
  inventory: PbxInventory | undefined,
  annotations: ReadonlyMap<string, PersonAnnotation>,
  stored: ReadonlyMap<string, PersonAnnotation> | undefined,
): StoreChange[] {
  const records = peopleRecords(snapshot, inventory);
  let whole: { people: CollectionItem[]; sorted: CollectionItem[][] } | undefined;
  const all = () => {
    if (whole) return whole;
    const people: CollectionItem[] = [];
    const sorted = PEOPLE_SORTS.map(() => [] as CollectionItem[]);
    for (const p of snapshot.people) {
      const r = records.records(p, annotations.get(p.id));
      people.push(r.row);
      r.sorted.forEach((item, i) => sorted[i].push(item));
    }
    people.sort((x, y) => compareText(x.id, y.id));
    for (const items of sorted) items.sort((x, y) => compareText(x.id, y.id));
    return (whole = { people, sorted });
  };
  const collections = [PEOPLE_VIEW, ...PEOPLE_SORTS.map(peopleSortCollection)];
  if (!stored) {
    const { people, sorted } = all();
    return collections.map((collection, i): StoreChange => ({ type: 'replace-collection', collection, items: i === 0 ? people : sorted[i - 1] }));
  }
  const put = collections.map(() => [] as CollectionItem[]);
  const remove = collections.map(() => [] as string[]);
  for (const p of snapshot.people) {
    const before = stored.get(p.id);
    const now = annotations.get(p.id);
    if (sameAnnotation(before, now)) continue;
    const r = records.records(p, now);
    put[0].push(r.row);
    const earlier = records.sortIds(p, before);
    r.sorted.forEach((item, i) => {
      put[i + 1].push(item);
      if (earlier[i] !== item.id) remove[i + 1].push(earlier[i]);
    });
  }
  return collections.map(
    (collection, i): StoreChange => ({ type: 'patch-collection', collection, put: put[i], remove: remove[i], whole: () => (i === 0 ? all().people : all().sorted[i - 1]) }),
  );
}

/**
 * Computes decisions from the inputs and returns the changes that store them as read models, and the
 * annotations written (for the next refresh's patch). `stored`: the annotations the stored view holds,
 * when it was computed from this snapshot and inventory.
 */
export function decisionsReadModelChanges(
  snapshot: TenantSnapshot,
  inventory: PbxInventory | undefined,
  settings: { settings: PlanningSettings; version: number | null },
  inputs: DecisionInputs,
  stored?: ReadonlyMap<string, PersonAnnotation>,
): { changes: StoreChange[]; annotations: Map<string, PersonAnnotation> } {
  const result = computeDecisions(snapshot, inventory, settings.settings);
  const annotations = personAnnotations(result);
  const perSite = new Map<string, number>();
  for (const p of snapshot.people) if (p.siteId) perSite.set(p.siteId, (perSite.get(p.siteId) ?? 0) + 1);

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
  const changes: StoreChange[] = [
    ...peopleViewChanges(snapshot, inventory, annotations, stored),
    { type: 'replace-collection', collection: DECISION_SITES, items: sites },
    { type: 'replace-collection', collection: READINESS_GATES, items: gates },
    { type: 'put-document', kind: DECISIONS_DOCUMENT, data: header },
  ];
  return { changes, annotations };
}

export async function loadDecisionsHeader(store: Store, tenantId: string): Promise<DecisionsHeader | undefined> {
  return (await store.getDocument<DecisionsHeader>(tenantId, DECISIONS_DOCUMENT))?.data;
}

export function sameInputs(a: DecisionInputs, b: DecisionInputs): boolean {
  return a.snapshot === b.snapshot && a.settings === b.settings && a.inventory === b.inventory;
}
