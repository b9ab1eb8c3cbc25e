/**
 * Path decisions as use cases: read and save the planning settings (one versioned document per tenant,
 * optimistic concurrency, every change audited in the same commit), and compute recommendations,
 * effective paths, readiness and cost for the tab, the bot, the CLI and the planner.
 */
import type { ReadinessGate } from '../domain/decision-types';
import { computeDecisions, type DecisionResult } from '../domain/decisions/compute-decisions';
import { groupReferences, staleReferences, userReferences, validateSettings, type SettingsIssue } from '../domain/decisions/settings-validation';
import type { PbxInventory } from '../domain/pbx-inventory';
import { PlanningSettingsSchema, type PlanningSettings } from '../domain/planning-settings';
import { describeChange, diffSettings, settingsContent } from '../domain/settings-diff';
import type { Person, Site, TenantSnapshot } from '../domain/tenant-snapshot';
import { ConcurrencyConflictError, type Store } from '../store/store';
import { findPeople, loadSnapshot, loadSnapshotSites, SNAPSHOT_DOCUMENT } from './snapshot-repository';
import { knownPbxGroupIds, PBX_INVENTORY_DOCUMENT } from './pbx-import-service';
import { TenantNotFoundError } from './status-service';
import { DECISION_SITES, READINESS_GATES, type DecisionSiteRecord, type DecisionsHeader } from './decisions-read-model';
import { applySettingsChanges, canonicalJson, SettingsItemConflictError, type SettingsItemChange } from './settings-patch';
import type { DecisionsRefresher } from './decisions-refresher';
import { counted } from '../domain/counted';
import { SETTINGS_DOCUMENT, settingsVersion } from './settings-document';

export { computeDecisions, type DecisionResult } from '../domain/decisions/compute-decisions';

export { SETTINGS_DOCUMENT } from './settings-document';

export interface SettingsDocument {
  settings: PlanningSettings;
  /** null: nothing saved yet (the defaults are shown); save with expectedVersion null. */
  version: number | null;
  updatedAt?: string;
  updatedBy?: string;
}

/** The settings were refused: every problem with its JSON path; nothing was saved. */
export class SettingsValidationError extends Error {
  readonly code = 'bad-input';
  constructor(readonly issues: SettingsIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(`The planning settings have ${counted(errors.length, 'error')}; nothing was saved. First: ${errors[0]?.path}: ${errors[0]?.message}`);
    this.name = 'SettingsValidationError';
  }
}

export class NoSnapshotError extends Error {
  readonly code = 'not-found';
  constructor(readonly tenantId: string) {
    super(`Tenant ${tenantId} has no snapshot yet: run a sync first (\`vmp sync\`, or Sync in the tab).`);
    this.name = 'NoSnapshotError';
  }
}

export interface SaveResult {
  version: number;
  /** True when the content equals the saved version: nothing was written and no version was made. */
  unchanged?: boolean;
  /** Warnings saved with the document (errors refuse it instead). */
  issues: SettingsIssue[];
}

export interface ReadinessQuery {
  siteId?: string;
  code?: string;
  personId?: string;
  severity?: 'blocker' | 'warning';
  offset?: number;
  limit?: number;
}

export interface ReadinessPage {
  total: number;
  offset: number;
  limit: number;
  items: ReadinessGate[];
}

export type DecisionsView = DecisionResult & { settingsVersion: number | null; snapshotTakenAt: string; inventoryImportedAt?: string };

export interface PreloadedInputs {
  snapshot?: TenantSnapshot;
  /** `undefined` given explicitly = no inventory imported. */
  inventory?: PbxInventory | undefined;
}

export type InventoryLoader = (store: Store, tenantId: string) => Promise<PbxInventory | undefined>;

/** What GET /api/decisions answers: from the stored read models, never computed per request. */
export interface DecisionsSummary {
  settingsVersion: number | null;
  snapshotTakenAt: string;
  inventoryImportedAt?: string;
  recommendations: DecisionResult['recommendations'];
  pathCounts: DecisionResult['pathCounts'];
  undecided: DecisionsHeader['undecided'];
  readiness: DecisionResult['readiness']['summary'];
  costs: DecisionResult['costs'];
}

export interface DecisionService {
  getSettings(tenantId: string): Promise<SettingsDocument>;
  /** The saved settings' version (null = none saved yet). */
  getSettingsVersion(tenantId: string): Promise<number | null>;
  /** Validates against the tenant's snapshot, then saves if `expectedVersion` is still current. */
  saveSettings(tenantId: string, actor: string, input: unknown, expectedVersion: number | null, options?: SaveSettingsOptions): Promise<SaveResult>;
  /**
   * Changes some items of the settings (a site's decision, a person's override, a section), each
   * checked against the item as the admin read it: changes to different items never conflict.
   */
  changeSettingsItems(tenantId: string, actor: string, changes: SettingsItemChange[]): Promise<SaveResult>;
  /** Validation only (no save): the issues a save would report. */
  checkSettings(tenantId: string, input: unknown): Promise<SettingsIssue[]>;
  /**
   * Everything computed, for the planner and exports (which need every path and gate). A caller that
   * has already loaded the snapshot or the inventory passes them, so they are not read twice.
   */
  getDecisions(tenantId: string, preloaded?: PreloadedInputs): Promise<DecisionsView>;
  /** The decisions the tab shows, from the read models (brought up to date first when stale). */
  summary(tenantId: string): Promise<DecisionsSummary>;
  /**
   * `summary` as JSON text, kept per tenant while the view's inputs are unchanged: the Sites page asks
   * for it on every visit, and at 2,000 sites reading and serialising its records took 25-80 ms of the
   * event loop each time (on a machine about 2.4x slower than the benchmark tables).
   */
  summaryJson(tenantId: string): Promise<string>;
  /** The decisions header (counts, gates by code, sites), brought up to date first when stale. */
  header(tenantId: string): Promise<DecisionsHeader>;
  /** Readiness gates a page at a time, from the read models. */
  listReadiness(tenantId: string, query: ReadinessQuery): Promise<ReadinessPage>;
}

/** A fresh copy each time, so no caller can change the defaults another caller sees. */
export function defaultSettings(): PlanningSettings {
  return PlanningSettingsSchema.parse({});
}

/** Top-level sections that differ (decisions split into sites and users), for a conflict message. */
export function changedSections(a: PlanningSettings | undefined, b: PlanningSettings): string[] {
  const out: string[] = [];
  const keys = new Set([...Object.keys(settingsContent(a ?? {})), ...Object.keys(settingsContent(b))]);
  for (const key of [...keys].sort()) {
    const x = (a as Record<string, unknown> | undefined)?.[key];
    const y = (b as Record<string, unknown>)[key];
    if (key === 'decisions') {
      for (const sub of ['sites', 'users'] as const) {
        if (canonicalJson(a?.decisions?.[sub]) !== canonicalJson(b.decisions[sub])) out.push(`decisions.${sub}`);
      }
    } else if (canonicalJson(x) !== canonicalJson(y)) out.push(key);
  }
  return out;
}

export interface SaveSettingsOptions {
  /** The save puts back an earlier version (from the history): audited as `settings.restore`. */
  restoredFromVersion?: number;
  /**
   * The snapshot and inventory the caller holds (a plan built from inputs in hand): the settings are
   * validated against them instead of the stored tenant, which a one-shot run does not keep.
   */
  inputs?: PreloadedInputs & { snapshot: TenantSnapshot };
}

/** The people `refs` name in the snapshot in hand: as findPeople, by object id, else by UPN in any case. */
function peopleInHand(snapshot: TenantSnapshot, refs: readonly string[]): Person[] {
  const wanted = new Set(refs.map((r) => r.toLowerCase()));
  return wanted.size ? snapshot.people.filter((p) => wanted.has(p.id.toLowerCase()) || wanted.has(p.userPrincipalName.toLowerCase())) : [];
}

/** The first changes in words and their count, with site names where the snapshot has them. */
function summarizeSettingsChange(before: PlanningSettings | undefined, after: PlanningSettings, sites: Site[] | undefined): { count: number; preview: string[] } {
  const names = sites ? new Map(sites.map((s) => [s.id, s.name])) : undefined;
  const diff = diffSettings(before ?? {}, after, { siteName: (id) => names?.get(id) }, SETTINGS_CHANGE_PREVIEW);
  return { count: diff.total, preview: diff.changes.map(describeChange) };
}
const SETTINGS_CHANGE_PREVIEW = 3;

/** Tenants whose decisions summary text is kept (about 2 MB each at 2,000 sites). */
const SUMMARY_TEXTS_KEPT = 16;

export function createDecisionService(store: Store, options: { loadInventory?: InventoryLoader; refresher?: DecisionsRefresher } = {}): DecisionService {
  const loadInventory = options.loadInventory ?? (async () => undefined);
  // The last computation per tenant, reused while its inputs are unchanged (paging readiness is then cheap).
  const cache = new Map<string, { key: string; view: DecisionsView }>();

  async function getSettings(tenantId: string): Promise<SettingsDocument> {
    const doc = await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT);
    if (!doc) return { settings: defaultSettings(), version: null };
    return { settings: doc.data, version: doc.version, updatedAt: doc.updatedAt, updatedBy: doc.updatedBy };
  }

  /**
   * Validates against the tenant without loading it whole: its sites, the people the input names
   * (looked up by object id, else by UPN through the snapshot's `upn:` keys) and the PBX groups it pins
   * (each read by its key).
   */
  async function validateFor(
    tenantId: string,
    input: unknown,
    saved?: PlanningSettings,
    inHand?: SaveSettingsOptions['inputs'],
  ): Promise<{ settings?: PlanningSettings; issues: SettingsIssue[]; sites?: Site[] }> {
    if (!inHand && !(await store.getDocumentVersion(tenantId, SNAPSHOT_DOCUMENT))) return validateSettings(input, undefined);
    const userRefs = [...userReferences(input), ...userReferences(saved)];
    const groupRefs = new Set([...groupReferences(input), ...groupReferences(saved)]);
    const [sites, people, groupIds] = await Promise.all([
      inHand ? inHand.snapshot.sites : loadSnapshotSites(store, tenantId),
      inHand ? peopleInHand(inHand.snapshot, userRefs) : findPeople(store, tenantId, userRefs),
      inHand && 'inventory' in inHand
        ? new Set((inHand.inventory?.groups ?? []).filter((g) => groupRefs.has(g.id)).map((g) => g.id))
        : knownPbxGroupIds(store, tenantId, [...groupRefs]),
    ]);
    const context = { sites, people, groupIds };
    return { ...validateSettings(input, context, saved ? staleReferences(saved, context) : undefined), sites: context.sites };
  }

  function conflict(
    err: { expectedVersion: number | null; actualVersion: number | null; lastUpdatedBy?: string; lastUpdatedAt?: string },
    stored: PlanningSettings | undefined,
    submitted: PlanningSettings,
  ): ConcurrencyConflictError {
    const e = new ConcurrencyConflictError(SETTINGS_DOCUMENT, err.expectedVersion, err.actualVersion, err.lastUpdatedBy, err.lastUpdatedAt);
    const sections = changedSections(stored, submitted);
    e.message +=
      sections.length > 0
        ? ` Sections that differ between the saved version and yours: ${sections.join(', ')}.`
        : ' The saved version has the same content as yours.';
    return e;
  }

  async function saveSettings(tenantId: string, actor: string, input: unknown, expectedVersion: number | null, options: SaveSettingsOptions = {}): Promise<SaveResult> {
    if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
    const current = await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT);
    const result = await validateFor(tenantId, input, current?.data, options.inputs);
    if (!result.settings) throw new SettingsValidationError(result.issues);
    const settings = result.settings;
    const currentVersion = current?.version ?? null;
    if (currentVersion !== expectedVersion) {
      throw conflict({ expectedVersion, actualVersion: currentVersion, lastUpdatedBy: current?.updatedBy, lastUpdatedAt: current?.updatedAt }, current?.data, settings);
    }
    // Saving what is already saved changes nothing: same version (so a plan built from it stays
    // current and identical inputs give identical plans), no audit entry. An editor's `$schema`
    // pointer is not content: a file saved from an editor and the same settings from the tab are one.
    if (current && canonicalJson(settingsContent(current.data)) === canonicalJson(settingsContent(settings))) {
      return { version: current.version, issues: result.issues, unchanged: true };
    }
    const newVersion = (currentVersion ?? 0) + 1;
    try {
      await store.commit(tenantId, actor, [
        { type: 'put-document', kind: SETTINGS_DOCUMENT, data: settings, expectedVersion },
        {
          type: 'audit',
          action: options.restoredFromVersion !== undefined ? 'settings.restore' : 'settings.save',
          kind: SETTINGS_DOCUMENT,
          before: current ? { version: current.version, settings: current.data } : null,
          after: {
            version: newVersion,
            settings,
            ...(options.restoredFromVersion !== undefined && { restoredFromVersion: options.restoredFromVersion }),
            // The history lists entries without the settings they hold: what changed, in words, travels beside them.
            changes: summarizeSettingsChange(current?.data, settings, result.sites),
          },
        },
      ]);
    } catch (err) {
      // Someone saved between our read and our commit: the store refused atomically; explain what changed.
      if (err instanceof ConcurrencyConflictError) {
        const now = await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT);
        throw conflict(err, now?.data, settings);
      }
      throw err;
    }
    return { version: newVersion, issues: result.issues };
  }

  async function changeSettingsItems(tenantId: string, actor: string, changes: SettingsItemChange[]): Promise<SaveResult> {
    // Another admin may save between our read and our commit; the items are checked again on the new
    // version, so only a change to the same item is a conflict.
    for (let attempt = 1; ; attempt++) {
      const current = await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT);
      const base = current?.data ?? defaultSettings();
      const applied = applySettingsChanges(base, changes);
      if (applied.conflicts.length) throw new SettingsItemConflictError(applied.conflicts, current?.updatedBy, current?.updatedAt);
      try {
        return await saveSettings(tenantId, actor, applied.settings, current?.version ?? null);
      } catch (err) {
        if (!(err instanceof ConcurrencyConflictError) || attempt >= 5) throw err;
      }
    }
  }

  async function getDecisions(tenantId: string, preloaded: PreloadedInputs = {}): Promise<DecisionsView> {
    // Keyed by the input documents' versions: a hit reads three version numbers, not 100,000 records.
    const [snapshotVersion, settingsVersion, inventoryVersion] = await Promise.all([
      store.getDocumentVersion(tenantId, SNAPSHOT_DOCUMENT),
      store.getDocumentVersion(tenantId, SETTINGS_DOCUMENT),
      store.getDocumentVersion(tenantId, PBX_INVENTORY_DOCUMENT),
    ]);
    if (!snapshotVersion) {
      if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
      throw new NoSnapshotError(tenantId);
    }
    const key = `${snapshotVersion.version}|${settingsVersion?.version ?? 0}|${inventoryVersion?.version ?? 0}`;
    const hit = cache.get(tenantId);
    if (hit && hit.key === key) return hit.view;
    const [snapshot, inventory, settingsDoc] = await Promise.all([
      preloaded.snapshot ?? loadSnapshot(store, tenantId).then((s) => s!),
      'inventory' in preloaded ? preloaded.inventory : loadInventory(store, tenantId),
      getSettings(tenantId),
    ]);
    const view: DecisionsView = {
      ...computeDecisions(snapshot, inventory, settingsDoc.settings),
      settingsVersion: settingsDoc.version,
      snapshotTakenAt: snapshot.takenAt,
      ...(inventory && { inventoryImportedAt: inventory.importedAt }),
    };
    cache.set(tenantId, { key, view });
    return view;
  }

  /** The stored view, refreshed first when its inputs changed (the caller waits; the event loop does not). */
  async function freshView(tenantId: string): Promise<DecisionsHeader> {
    if (!options.refresher) throw new Error('The decisions read models need a refresher.');
    const { header } = await options.refresher.view(tenantId, { wait: true });
    if (header) return header;
    if (!(await store.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
    throw new NoSnapshotError(tenantId);
  }

  async function summary(tenantId: string): Promise<DecisionsSummary> {
    return summaryOf(tenantId, await freshView(tenantId));
  }

  async function summaryOf(tenantId: string, header: DecisionsHeader): Promise<DecisionsSummary> {
    const sites = (await store.listCollection<DecisionSiteRecord>(tenantId, DECISION_SITES)).sort((a, b) => a.order - b.order);
    const perSite = sites.flatMap((s) => (s.readiness ? [s.readiness] : []));
    return {
      settingsVersion: header.settingsVersion,
      snapshotTakenAt: header.snapshotTakenAt,
      ...(header.inventoryImportedAt !== undefined && { inventoryImportedAt: header.inventoryImportedAt }),
      recommendations: sites.map((s) => s.recommendation),
      pathCounts: header.pathCounts,
      undecided: header.undecided,
      readiness: { ...header.readiness, perSite },
      costs: { ...header.costs, sites: sites.flatMap((s) => (s.cost ? [s.cost] : [])) },
    };
  }

  /** The summary's text by tenant, the most recently used last; a view is identified by its inputs' versions. */
  const summaryTexts = new Map<string, { inputs: string; text: string }>();
  async function summaryJson(tenantId: string): Promise<string> {
    const header = await freshView(tenantId);
    const inputs = JSON.stringify(header.inputs);
    const hit = summaryTexts.get(tenantId);
    summaryTexts.delete(tenantId);
    if (hit?.inputs === inputs) {
      summaryTexts.set(tenantId, hit);
      return hit.text;
    }
    const text = JSON.stringify(await summaryOf(tenantId, header));
    // Read after the summary: a refresh that landed meanwhile gives other inputs, and the text is not kept under the old ones.
    if (JSON.stringify((await freshView(tenantId)).inputs) === inputs) {
      summaryTexts.set(tenantId, { inputs, text });
      while (summaryTexts.size > SUMMARY_TEXTS_KEPT) summaryTexts.delete(summaryTexts.keys().next().value!);
    }
    return text;
  }

  async function listReadiness(tenantId: string, query: ReadinessQuery): Promise<ReadinessPage> {
    await freshView(tenantId);
    const offset = Math.max(0, Math.floor(query.offset ?? 0));
    const limit = Math.min(1000, Math.max(1, Math.floor(query.limit ?? 100)));
    const keys = [
      ...(query.severity !== undefined ? [`severity:${query.severity}`] : []),
      ...(query.code !== undefined ? [`code:${query.code}`] : []),
      ...(query.siteId !== undefined ? [`site:${query.siteId}`] : []),
      ...(query.personId !== undefined ? [`person:${query.personId}`] : []),
    ];
    const page = await store.pageCollection<ReadinessGate>(tenantId, READINESS_GATES, { allKeys: keys, offset, limit });
    return { total: page.total, offset, limit, items: page.items };
  }

  return {
    getSettings,
    getSettingsVersion: (tenantId) => settingsVersion(store, tenantId),
    saveSettings,
    changeSettingsItems,
    checkSettings: async (tenantId, input) => (await validateFor(tenantId, input, (await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data)).issues,
    getDecisions,
    summary,
    summaryJson,
    header: freshView,
    listReadiness,
  };
}
