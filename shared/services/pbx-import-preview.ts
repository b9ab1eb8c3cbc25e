/**
 * The PBX import's preview: what an import of these files would store and what it would replace, storing
 * nothing. It reads the files exactly as the import does (readPbxImport) and adds what the admin needs
 * to decide: counts, the first lines as they will be stored (people and sites by name), and the stored
 * inventory it replaces with how many lines are added, removed or changed. The tab (through a
 * `pbx-import` job in preview mode) and `vmp import-pbx --dry-run` both call previewPbxImport.
 */
import type { DeviceType, ImportIssue, MigrationGroupKind, PbxInventory, PbxLine } from '../domain/pbx-inventory';
import type { PbxImportReport } from '../pbx/import-report';
import type { Store } from '../store/store';
import { PBX_INVENTORY_DOCUMENT, PBX_LINES_COLLECTION, readPbxImport, type PbxImportRequest, type PbxInventoryHeader } from './pbx-import-service';
import { findPeople, loadSnapshotSites } from './snapshot-repository';

/** Lines shown as they will be stored. */
export const PREVIEW_FIRST_LINES = 20;

/** One line of the export as the import would store it, with names where the store keeps ids. */
export interface PreviewLine {
  file: string;
  row: number;
  extension?: string;
  did?: string;
  /** The number the line rings through when it has no DID of its own. */
  mainNumber?: string;
  /** The matched person ("Megan Bowen <megan@contoso.com>"), else the owner as the export writes it. */
  owner?: string;
  match: PbxLine['match']['status'];
  site?: string;
  deviceType: DeviceType;
  /** Devices the line appears on (a desk phone and a softphone are two). */
  devices: number;
  /** Hunt and pickup groups by name. */
  groups: string[];
  voicemail: boolean;
  unassigned?: boolean;
}

/** How the lines of the new export differ from the stored ones (by line id; a moved row is no change). */
export interface LineDifferences {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/** The stored inventory the import would replace. */
export type ReplacedInventory =
  | { imported: false }
  | {
      imported: true;
      /** Send it as the import's expectedVersion: an import made meanwhile is then refused (409). */
      version: number;
      importedAt: string;
      importedBy: string;
      files: PbxInventoryHeader['files'];
      counts: PbxInventoryHeader['counts'];
      layout?: PbxInventoryHeader['layout'];
      /** Absent when the new files have errors (nothing would be replaced). */
      lines?: LineDifferences;
    };

export interface PbxImportPreview {
  /** Whether importing these files would be accepted (no error). */
  accepted: boolean;
  files: PbxImportReport['files'];
  layout?: PbxImportReport['layout'];
  counts: PbxImportReport['counts'] & {
    /** Lines with a DID of their own. */
    dids: number;
    /** Lines with an extension. */
    extensions: number;
    /** Lines whose owner forwards their calls (the cutover sets each in Teams). */
    forwarding: number;
    /** Lines whose outbound calls showed another number than their own, or none. */
    callerIds: number;
  };
  devicesByType: Array<{ deviceType: DeviceType; devices: number }>;
  groupsByKind: Array<{ kind: MigrationGroupKind; groups: number }>;
  mainNumbers?: PbxImportReport['mainNumbers'];
  derivedDids?: PbxImportReport['derivedDids'];
  firstLines: PreviewLine[];
  replaces: ReplacedInventory;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

export async function previewPbxImport(store: Store, tenantId: string, request: PbxImportRequest, options: { now: Date }): Promise<PbxImportPreview> {
  const stored = await store.getDocument<PbxInventoryHeader>(tenantId, PBX_INVENTORY_DOCUMENT);
  const { report, inventory } = await readPbxImport(store, tenantId, request, options.now.toISOString());
  const lines = inventory?.lines ?? [];
  let replaces: ReplacedInventory = { imported: false };
  if (stored) {
    const h = stored.data;
    replaces = { imported: true, version: stored.version, importedAt: h.importedAt, importedBy: h.importedBy, files: h.files, counts: h.counts, ...(h.layout && { layout: h.layout }) };
    if (report.accepted && inventory) replaces.lines = await compareWithStoredLines(store, tenantId, inventory.lines);
  }
  const preview: PbxImportPreview = {
    accepted: report.accepted,
    files: report.files,
    counts: { ...report.counts, ...lineCounts(lines) },
    devicesByType: devicesByType(lines),
    groupsByKind: groupsByKind(inventory),
    firstLines: await firstLines(store, tenantId, lines.slice(0, PREVIEW_FIRST_LINES)),
    replaces,
    errors: report.errors,
    warnings: report.warnings,
  };
  if (report.layout) preview.layout = report.layout;
  if (report.mainNumbers?.length) preview.mainNumbers = report.mainNumbers;
  if (report.derivedDids?.length) preview.derivedDids = report.derivedDids;
  return preview;
}

/** Each device once: a line on several devices counts each of them by its own type. */
function devicesByType(lines: readonly PbxLine[]): PbxImportPreview['devicesByType'] {
  const counts = new Map<DeviceType, number>();
  for (const l of lines) {
    if (l.devices?.length) for (const d of l.devices) counts.set(d.deviceType, (counts.get(d.deviceType) ?? 0) + 1);
    else counts.set(l.deviceType, (counts.get(l.deviceType) ?? 0) + 1);
  }
  return [...counts].map(([deviceType, devices]) => ({ deviceType, devices })).sort((a, b) => b.devices - a.devices || (a.deviceType < b.deviceType ? -1 : 1));
}

function groupsByKind(inventory: PbxInventory | undefined): PbxImportPreview['groupsByKind'] {
  const counts = new Map<MigrationGroupKind, number>();
  for (const g of inventory?.groups ?? []) counts.set(g.kind, (counts.get(g.kind) ?? 0) + 1);
  return [...counts].map(([kind, groups]) => ({ kind, groups })).sort((a, b) => b.groups - a.groups || (a.kind < b.kind ? -1 : 1));
}

/** The first lines with the matched people and the sites by name: each person read by key, the sites once (a few thousand at most). */
async function firstLines(store: Store, tenantId: string, lines: readonly PbxLine[]): Promise<PreviewLine[]> {
  if (lines.length === 0) return [];
  const ids = lines.map((l) => l.match.personId).filter((id): id is string => !!id);
  const [people, sites] = await Promise.all([ids.length ? findPeople(store, tenantId, ids) : [], loadSnapshotSites(store, tenantId)]);
  const personName = new Map(people.map((p) => [p.id, `${p.displayName} <${p.userPrincipalName}>`]));
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  return lines.map((l) => {
    const row: PreviewLine = {
      file: l.source.file,
      row: l.source.row,
      match: l.match.status,
      deviceType: l.deviceType,
      devices: l.devices?.length || 1,
      groups: [...l.huntGroups, ...(l.pickupGroup ? [l.pickupGroup] : [])],
      voicemail: l.voicemail,
    };
    if (l.extension) row.extension = l.extension;
    if (l.did) row.did = l.did;
    if (l.mainNumber) row.mainNumber = l.mainNumber;
    const owner = (l.match.personId && personName.get(l.match.personId)) || l.ownerName || l.ownerUpn || l.ownerId;
    if (owner) row.owner = owner;
    const site = (l.siteId && siteName.get(l.siteId)) || l.siteName;
    if (site) row.site = site;
    if (l.unassigned) row.unassigned = true;
    return row;
  });
}

/**
 * Compares the new lines with the stored ones by line id, streaming the stored collection once (each
 * stored line is compared as it is read and then dropped). Where a line sits in the file is no change.
 */
async function compareWithStoredLines(store: Store, tenantId: string, lines: readonly PbxLine[]): Promise<LineDifferences> {
  const incoming = new Map<string, PbxLine>();
  for (const l of lines) incoming.set(l.id, l);
  let removed = 0;
  let changed = 0;
  let kept = 0;
  await store.listCollection<PbxLine, 0>(tenantId, PBX_LINES_COLLECTION, (old) => {
    const now = incoming.get(old.id);
    if (!now) removed++;
    else {
      kept++;
      if (!sameLine(old, now)) changed++;
    }
    return 0;
  });
  return { added: incoming.size - kept, removed, changed, unchanged: kept - changed };
}

/** Whether two lines hold the same data, ignoring where they were read from (file, rows). */
export function sameLine(a: PbxLine, b: PbxLine): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (key === 'source') continue;
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (key === 'devices') {
      const dx = (x as PbxLine['devices']) ?? [];
      const dy = (y as PbxLine['devices']) ?? [];
      if (dx.length !== dy.length || dx.some((d, i) => !sameValue({ ...d, row: 0 }, { ...dy[i], row: 0 }))) return false;
    } else if (!sameValue(x, y)) return false;
  }
  return true;
}

/** Structural equality of JSON values; an undefined property is the same as an absent one. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameValue(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!sameValue(ra[k], rb[k])) return false;
  return true;
}

/** The preview's counts of lines with a DID, an extension, forwarding and another caller ID: one pass over 100,000 lines, no arrays. */
function lineCounts(lines: readonly PbxLine[]): Pick<PbxImportPreview['counts'], 'dids' | 'extensions' | 'forwarding' | 'callerIds'> {
  const counts = { dids: 0, extensions: 0, forwarding: 0, callerIds: 0 };
  for (const l of lines) {
    if (l.did) counts.dids++;
    if (l.extension) counts.extensions++;
    if (l.forwarding) counts.forwarding++;
    if (l.callerId) counts.callerIds++;
  }
  return counts;
}
