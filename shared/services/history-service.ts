/**
 * The tenant's history for the tab: who changed what and when (the store's audit trail, a page at a
 * time, newest first), one entry with a readable diff of the settings between its two versions, and
 * what is needed to put an earlier settings version back (the restore itself is an ordinary settings
 * save carrying the current version, audited as `settings.restore`).
 */
import { describeChange, diffSettings, type SettingsChange } from '../domain/settings-diff';
import { describeAuditEntry } from './audit-entry-words';
import type { AuditEntry, Store } from '../store/store';
import { SETTINGS_DOCUMENT } from './settings-document';
import { loadSnapshotSites } from './snapshot-repository';

export interface HistoryItem {
  id: number;
  at: string;
  actor: string;
  action: string;
  kind: string;
  /** What happened, in words. */
  title: string;
  /** Settings entries: the version before (null = none) and the version saved. */
  versions?: { before: number | null; after: number };
  /** The first changes in words ("operators[EuroLink].pricePerUserPerMonth: 3 -> 4"). */
  preview?: string[];
  changeCount?: number;
  /** The settings version this entry saved can be put back. */
  restorable?: boolean;
}

export interface HistoryPage {
  items: HistoryItem[];
  offset: number;
  limit: number;
  /** More entries after this page. */
  hasMore: boolean;
}

export interface HistoryDetail extends HistoryItem {
  changes: (SettingsChange & { text: string })[];
  /** An entry without a settings diff: what it recorded, in words ("Users: 100,000"). */
  facts: string[];
  /** Settings entries: the settings of the version saved, to restore. */
  settings?: unknown;
}

export const HISTORY_PAGE_MAX = 100;
/** What `kind` may filter by: a document or collection name (planning-settings, snapshot, plan). */
export const HISTORY_KIND = /^[a-z0-9.-]{1,64}$/i;

const PREVIEW = 3;

interface SettingsPayload {
  version?: number;
  settings?: unknown;
  restoredFromVersion?: number;
  /** Written with the save: the first changes in words and their count (entries before it lack it). */
  changes?: { count: number; preview: string[] };
}

const asPayload = (v: unknown): SettingsPayload | undefined => (v && typeof v === 'object' ? (v as SettingsPayload) : undefined);

function titleOf(e: AuditEntry): string {
  const after = asPayload(e.after);
  switch (e.action) {
    case 'settings.save':
      return after?.version ? `Planning settings saved as version ${after.version}` : 'Planning settings saved';
    case 'settings.restore':
      return `Planning settings version ${after?.restoredFromVersion ?? '?'} restored as version ${after?.version ?? '?'}`;
    default:
      return describeAuditEntry(e).title;
  }
}

export function createHistoryService(store: Store) {
  async function siteNames(tenantId: string): Promise<(id: string) => string | undefined> {
    const sites = await loadSnapshotSites(store, tenantId);
    const names = new Map(sites.map((s) => [s.id, s.name]));
    return (id) => names.get(id);
  }

  /** An entry as the list shows it; `full` entries (read one by one) carry the settings to diff. */
  function summarise(e: AuditEntry, siteName?: (id: string) => string | undefined): HistoryItem & { diff?: ReturnType<typeof diffSettings> } {
    const item: HistoryItem & { diff?: ReturnType<typeof diffSettings> } = { id: e.id, at: e.at, actor: e.actor, action: e.action, kind: e.kind, title: titleOf(e) };
    if (e.kind !== SETTINGS_DOCUMENT) return item;
    const before = asPayload(e.before);
    const after = asPayload(e.after);
    if (after?.version === undefined) return item;
    item.versions = { before: before?.version ?? null, after: after.version };
    // Every settings save stores the settings it saved (listed entries come without them).
    item.restorable = true;
    if (after.changes) {
      item.changeCount = after.changes.count;
      item.preview = after.changes.preview.slice(0, PREVIEW);
    }
    if (siteName && after.settings !== undefined) {
      const diff = diffSettings(before?.settings ?? {}, after.settings, { siteName });
      item.changeCount = diff.total;
      item.preview = diff.changes.slice(0, PREVIEW).map(describeChange);
      item.diff = diff;
    }
    return item;
  }

  return {
    async list(tenantId: string, page: { offset?: number; limit?: number; kind?: string } = {}): Promise<HistoryPage> {
      const offset = page.offset ?? 0;
      const limit = Math.min(Math.max(page.limit ?? 50, 1), HISTORY_PAGE_MAX);
      // One entry more than asked says whether there is a next page. The settings each save holds stay
      // in the store: the list reads what changed from the summary written with the save.
      const entries = await store.listAudit(tenantId, limit + 1, { offset, kind: page.kind, omit: ['settings'] });
      const items = entries.slice(0, limit).map((e) => summarise(e));
      return { items, offset, limit, hasMore: entries.length > limit };
    },

    async get(tenantId: string, id: number): Promise<HistoryDetail | undefined> {
      const [entry, siteName] = await Promise.all([store.getAudit(tenantId, id), siteNames(tenantId)]);
      if (!entry) return undefined;
      const { diff, ...item } = summarise(entry, siteName);
      return {
        ...item,
        changes: (diff?.changes ?? []).map((c) => ({ ...c, text: describeChange(c) })),
        facts: entry.kind === SETTINGS_DOCUMENT ? [] : describeAuditEntry(entry).facts,
        ...(item.restorable && { settings: asPayload(entry.after)?.settings, restorable: asPayload(entry.after)?.settings !== undefined }),
      };
    },
  };
}

export type HistoryService = ReturnType<typeof createHistoryService>;
