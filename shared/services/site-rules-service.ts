/**
 * Site mapping rules as use cases: read and save the tenant's `site-mapping-rules` document (versioned,
 * optimistic concurrency, audited in the same commit), preview candidate rules against the stored
 * snapshot without syncing, and re-apply saved rules to the stored snapshot so that people's sites
 * change without reading Graph again. The next sync applies the saved rules in any case.
 *
 * Preview and apply re-run the sync's own site derivation (`rederiveSites`) on the stored people and
 * places sites, so they show what a sync with the same directory data would produce.
 */
import { rederiveSites, type SiteDerivation, type SiteMappingRule } from '../domain/site-derivation';
import { validateSiteRules, type SiteRulesDocument } from '../domain/site-rules-validation';
import type { SettingsIssue } from '../domain/decisions/settings-validation';
import type { Person, Site, TenantSnapshot } from '../domain/tenant-snapshot';
import { ConcurrencyConflictError, type Store, type StoreChange } from '../store/store';
import { NoSnapshotError } from './decision-service';
import { loadSnapshot, loadSnapshotSites, siteAssignmentChanges, SNAPSHOT_DOCUMENT, type SnapshotHeader } from './snapshot-repository';
import { TenantNotFoundError } from './status-service';
import { SITE_RULES_DOCUMENT } from './sync-service';
import { counted } from '../domain/counted';

export { SITE_RULES_DOCUMENT };
export type { SiteRulesDocument };

/** How many unmapped people a preview lists by name (the People page lists them all). */
export const UNMAPPED_SAMPLE_SIZE = 20;
/** Re-derivations tried when syncs keep replacing the snapshot while rules are being applied. */
const APPLY_ATTEMPTS = 3;

/** The rules were refused: every problem with its JSON path; nothing was saved. */
export class SiteRulesValidationError extends Error {
  readonly code = 'bad-input';
  constructor(readonly issues: SettingsIssue[]) {
    super(`The site mapping rules have ${counted(issues.length, 'error')}; nothing was saved. First: ${issues[0]?.path}: ${issues[0]?.message}`);
    this.name = 'SiteRulesValidationError';
  }
}

export interface SiteRulesView {
  rules: SiteMappingRule[];
  /** null: nothing saved yet; save with expectedVersion null. */
  version: number | null;
  updatedAt?: string;
  updatedBy?: string;
  /** The stored snapshot the rules act on; absent before the first sync. */
  snapshot?: SnapshotSiteState;
}

export interface SnapshotSiteState {
  takenAt: string;
  unmappedPeople: number;
  /** The rules version last re-applied to this snapshot; absent when its sites are as the sync derived them. */
  appliedRulesVersion?: number;
  /** False when saved rules cannot be re-applied to this snapshot (`note` says why): the next sync applies them. */
  canApply: boolean;
  note?: string;
}

export interface SiteRef {
  id: string;
  name: string;
}

export interface UnmappedSample {
  personId: string;
  displayName: string;
  userPrincipalName: string;
  reason: string;
  /** True when the person has a site today and would lose it. */
  newlyUnmapped: boolean;
}

export interface SiteRulesPreview {
  snapshotTakenAt: string;
  people: number;
  /** Per candidate rule, in order: the site it maps to and how many people it would map (the first matching rule wins). */
  rules: { index: number; siteName: string; siteId: string; people: number; newSite: boolean }[];
  /** People with no site in the stored snapshot (before) and with the candidate rules (after). */
  unmapped: { before: number; after: number; sample: UnmappedSample[] };
  /** People whose site would change, including people who gain or lose one. */
  peopleMoving: number;
  sites: { before: number; after: number; added: SiteRef[]; removed: SiteRef[] };
  /** False when the snapshot predates stored place aliases: `notes` says what may differ from a sync. */
  exact: boolean;
  notes: string[];
}

export interface SiteRulesSaveResult {
  version: number;
  /** Set when the rules were also re-applied to the stored snapshot, in the same commit. */
  applied?: { peopleMoving: number; unmappedBefore: number; unmappedAfter: number; sites: number };
  /** Why re-applying was asked for but not done (the rules are saved; the next sync applies them). */
  notApplied?: string;
}

export interface SiteRulesService {
  get(tenantId: string): Promise<SiteRulesView>;
  /** Applies candidate rules to the stored snapshot in memory; nothing is saved. */
  preview(tenantId: string, input: unknown): Promise<SiteRulesPreview>;
  /** Saves if `expectedVersion` is still current; `apply` also re-derives the stored snapshot's sites in the same commit. */
  save(tenantId: string, actor: string, input: unknown, expectedVersion: number | null, options?: { apply?: boolean }): Promise<SiteRulesSaveResult>;
}

const APPROXIMATE_NOTE =
  'The stored snapshot was taken before sites kept the names of their rooms and room lists: officeLocation is matched ' +
  'only against each place site\'s own name here, so people a room or room-list name placed may show as unmapped. ' +
  'The next sync gives an exact result.';

/** The fields site derivation and the preview's sample need: 100,000 people stay small in memory. */
function siteFields(p: Person): Person {
  return {
    id: p.id,
    kind: p.kind,
    displayName: p.displayName,
    userPrincipalName: p.userPrincipalName,
    officeLocation: p.officeLocation,
    city: p.city,
    country: p.country,
    usageLocation: p.usageLocation,
    siteId: p.siteId,
  } as Person;
}

function parseSiteRules(input: unknown): SiteRulesDocument {
  const result = validateSiteRules(input);
  if (!result.ok) throw new SiteRulesValidationError(result.issues);
  return result.document;
}

/** What candidate rules change against the stored snapshot: per-rule counts, unmapped before/after, sites added and removed. */
function comparePreview(snapshot: TenantSnapshot, rules: readonly SiteMappingRule[], derivation: SiteDerivation & { exact: boolean }): SiteRulesPreview {
  const beforeIds = new Set(snapshot.sites.map((s) => s.id));
  const afterIds = new Set(derivation.sites.map((s) => s.id));
  let peopleMoving = 0;
  for (const p of snapshot.people) if (p.siteId !== derivation.siteOf.get(p.id)) peopleMoving++;
  const byId = new Map(snapshot.people.map((p) => [p.id, p]));
  // Regressions first: people who have a site today and would lose it.
  const sample = derivation.unmapped
    .map((u) => {
      const p = byId.get(u.personId);
      return { personId: u.personId, displayName: p?.displayName ?? u.personId, userPrincipalName: p?.userPrincipalName ?? '', reason: u.reason, newlyUnmapped: p?.siteId !== undefined };
    })
    .sort((a, b) => Number(b.newlyUnmapped) - Number(a.newlyUnmapped))
    .slice(0, UNMAPPED_SAMPLE_SIZE);
  const ref = (s: Site): SiteRef => ({ id: s.id, name: s.name });
  return {
    snapshotTakenAt: snapshot.takenAt,
    people: snapshot.people.length,
    rules: derivation.ruleMatches.map((m, index) => ({ index, siteName: rules[index].siteName, siteId: m.siteId, people: m.people, newSite: !beforeIds.has(m.siteId) })),
    unmapped: { before: snapshot.unmappedPeople.length, after: derivation.unmapped.length, sample },
    peopleMoving,
    sites: {
      before: snapshot.sites.length,
      after: derivation.sites.length,
      added: derivation.sites.filter((s) => !beforeIds.has(s.id)).map(ref),
      removed: snapshot.sites.filter((s) => !afterIds.has(s.id)).map(ref),
    },
    exact: derivation.exact,
    notes: derivation.exact ? [] : [APPROXIMATE_NOTE],
  };
}

/** The snapshot with people's sites, the sites and the unmapped list replaced by a re-derivation. */
function withDerivation(snapshot: TenantSnapshot, derivation: SiteDerivation, applied: NonNullable<TenantSnapshot['siteRulesApplied']>): TenantSnapshot {
  const people = snapshot.people.map((p) => {
    const siteId = derivation.siteOf.get(p.id);
    if (siteId === p.siteId) return p;
    const { siteId: _old, ...rest } = p;
    return siteId ? { ...rest, siteId } : rest;
  });
  return { ...snapshot, people, sites: derivation.sites, unmappedPeople: derivation.unmapped, siteRulesApplied: applied };
}

export function createSiteRulesService(store: Store, now: () => Date = () => new Date()): SiteRulesService {
  async function requireTenant(tenantId: string): Promise<void> {
    if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
  }

  async function get(tenantId: string): Promise<SiteRulesView> {
    await requireTenant(tenantId);
    const [doc, header] = await Promise.all([
      store.getDocument<SiteRulesDocument>(tenantId, SITE_RULES_DOCUMENT),
      store.getDocument<SnapshotHeader>(tenantId, SNAPSHOT_DOCUMENT),
    ]);
    const view: SiteRulesView = doc
      ? { rules: doc.data.rules, version: doc.version, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy }
      : { rules: [], version: null };
    if (header) {
      const exact = (await loadSnapshotSites(store, tenantId)).every((s) => s.source !== 'places' || s.aliases !== undefined);
      view.snapshot = {
        takenAt: header.data.takenAt,
        unmappedPeople: header.data.counts.unmappedPeople,
        ...(header.data.siteRulesApplied && { appliedRulesVersion: header.data.siteRulesApplied.rulesVersion }),
        canApply: exact,
        ...(!exact && { note: APPROXIMATE_NOTE }),
      };
    }
    return view;
  }

  async function preview(tenantId: string, input: unknown): Promise<SiteRulesPreview> {
    const { rules } = parseSiteRules(input);
    await requireTenant(tenantId);
    const snapshot = await loadSnapshot(store, tenantId, { person: siteFields });
    if (!snapshot) throw new NoSnapshotError(tenantId);
    return comparePreview(snapshot, rules, rederiveSites(snapshot, rules));
  }

  function conflict(err: ConcurrencyConflictError, saved: SiteRulesDocument | undefined, submitted: SiteRulesDocument): ConcurrencyConflictError {
    const e = new ConcurrencyConflictError(SITE_RULES_DOCUMENT, err.expectedVersion, err.actualVersion, err.lastUpdatedBy, err.lastUpdatedAt);
    const theirs = saved?.rules ?? [];
    const differ: number[] = [];
    for (let i = 0; i < Math.max(theirs.length, submitted.rules.length); i++) {
      if (JSON.stringify(theirs[i] ?? null) !== JSON.stringify(submitted.rules[i] ?? null)) differ.push(i + 1);
    }
    e.message += differ.length
      ? ` The saved version has ${counted(theirs.length, 'rule')}; rules that differ from yours: ${differ.join(', ')}.`
      : ' The saved version has the same rules as yours.';
    return e;
  }

  /**
   * The changes that re-apply `rules` to the stored snapshot, or why that cannot be done. The snapshot
   * header's version guards the commit: a sync finishing in between is never overwritten.
   */
  async function applyChanges(
    tenantId: string,
    rules: readonly SiteMappingRule[],
    rulesVersion: number,
    actor: string,
  ): Promise<{ changes: StoreChange[]; summary: NonNullable<SiteRulesSaveResult['applied']> } | { reason: string }> {
    const header = await store.getDocument<SnapshotHeader>(tenantId, SNAPSHOT_DOCUMENT);
    if (!header) return { reason: 'There is no snapshot yet: the first sync applies the rules.' };
    const snapshot = await loadSnapshot(store, tenantId);
    if (!snapshot) return { reason: 'There is no snapshot yet: the first sync applies the rules.' };
    const derivation = rederiveSites(snapshot, rules);
    if (!derivation.exact) return { reason: `${APPROXIMATE_NOTE} The rules were saved without being applied.` };
    const result = comparePreview(snapshot, rules, derivation);
    const next = withDerivation(snapshot, derivation, { rulesVersion, at: now().toISOString(), by: actor });
    const summary = { peopleMoving: result.peopleMoving, unmappedBefore: result.unmapped.before, unmappedAfter: result.unmapped.after, sites: derivation.sites.length };
    return {
      changes: [
        ...siteAssignmentChanges(next, header.version),
        { type: 'audit', action: 'site-rules.apply', kind: SNAPSHOT_DOCUMENT, before: { takenAt: snapshot.takenAt, unmapped: summary.unmappedBefore, sites: snapshot.sites.length }, after: { rulesVersion, ...summary } },
      ],
      summary,
    };
  }

  async function save(tenantId: string, actor: string, input: unknown, expectedVersion: number | null, options: { apply?: boolean } = {}): Promise<SiteRulesSaveResult> {
    const document = parseSiteRules(input);
    await requireTenant(tenantId);
    for (let attempt = 1; ; attempt++) {
      const current = await store.getDocument<SiteRulesDocument>(tenantId, SITE_RULES_DOCUMENT);
      const currentVersion = current?.version ?? null;
      if (currentVersion !== expectedVersion) {
        throw conflict(new ConcurrencyConflictError(SITE_RULES_DOCUMENT, expectedVersion, currentVersion, current?.updatedBy, current?.updatedAt), current?.data, document);
      }
      const version = (currentVersion ?? 0) + 1;
      const changes: StoreChange[] = [
        { type: 'put-document', kind: SITE_RULES_DOCUMENT, data: document, expectedVersion },
        {
          type: 'audit',
          action: 'site-rules.save',
          kind: SITE_RULES_DOCUMENT,
          before: current ? { version: current.version, rules: current.data.rules } : null,
          after: { version, rules: document.rules },
        },
      ];
      const apply = options.apply ? await applyChanges(tenantId, document.rules, version, actor) : undefined;
      if (apply && 'changes' in apply) changes.push(...apply.changes);
      try {
        await store.commit(tenantId, actor, changes);
      } catch (err) {
        if (!(err instanceof ConcurrencyConflictError)) throw err;
        // A sync replaced the snapshot after it was read: derive again from the new one (nothing was written).
        if (err.kind === SNAPSHOT_DOCUMENT && attempt < APPLY_ATTEMPTS) continue;
        if (err.kind === SITE_RULES_DOCUMENT) {
          throw conflict(err, (await store.getDocument<SiteRulesDocument>(tenantId, SITE_RULES_DOCUMENT))?.data, document);
        }
        throw err;
      }
      return {
        version,
        ...(apply && 'summary' in apply && { applied: apply.summary }),
        ...(apply && 'reason' in apply && { notApplied: apply.reason }),
      };
    }
  }

  return { get, preview, save };
}
