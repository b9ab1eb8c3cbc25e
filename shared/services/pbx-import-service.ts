/**
 * Imports a legacy PBX inventory for a tenant and stores it as one unit: lines, blocks and groups as
 * record collections and a header document, in ONE atomic commit with an audit entry. An import with
 * any error stores nothing, so the previous inventory stays as it was.
 */
import type { ImportIssue, MigrationGroup, NumberBlock, PbxInventory, PbxLine } from '../domain/pbx-inventory';
import type { ColumnMapping } from '../pbx/column-mapping';
import { parseColumnMapping } from '../pbx/column-mapping';
import type { PbxImportReport } from '../pbx/import-report';
import { importPbxFiles, rejectedReport } from '../pbx/import-pbx-files';
import { isCountryCode } from '../pbx/phone-number';
import type { TableSource } from '../pbx/table-source';
import { TableReadError } from '../pbx/table-source';
import type { Person, TenantSnapshot } from '../domain/tenant-snapshot';
import { ConcurrencyConflictError, type CollectionPage, type Store, type StoreChange } from '../store/store';
import { loadSnapshot } from './snapshot-repository';
import { counted } from '../domain/counted';
import { loadInventoryHeader, PBX_INVENTORY_DOCUMENT, type PbxInventoryHeader } from './pbx-inventory-header';

export { loadInventoryHeader, PBX_INVENTORY_DOCUMENT, type PbxInventoryHeader } from './pbx-inventory-header';

/** Shared by every person without a usable business phone (matching only reads it). */
const NO_PHONES: Person['businessPhones'] = [];

/** The business phones that have an E.164 form, as matching reads them (NO_PHONES when there are none). */
function phonesWithE164(phones: Person['businessPhones']): Person['businessPhones'] {
  let kept: Person['businessPhones'] | undefined;
  for (let i = 0; i < phones.length; i++) {
    const e164 = phones[i].e164;
    if (e164) (kept ??= []).push({ raw: '', e164, valid: true });
  }
  return kept ?? NO_PHONES;
}

/**
 * The fields matching reads. Every person gets the same object shape (a field the person lacks is
 * undefined, which matching treats as absent): the index builds and the matcher read these fields
 * 100,000 times each, and one shape keeps those reads cheap.
 */
function matchingFields(p: Person): Person {
  return {
    id: p.id,
    userPrincipalName: p.userPrincipalName,
    displayName: p.displayName,
    mail: p.mail || undefined,
    givenName: p.givenName || undefined,
    surname: p.surname || undefined,
    accountEnabled: p.accountEnabled,
    kind: p.kind,
    teamsPhone: p.teamsPhone,
    callingPlan: p.callingPlan,
    resourceAccountLicence: p.resourceAccountLicence,
    businessPhones: phonesWithE164(p.businessPhones),
    siteId: p.siteId || undefined,
    onPremisesSamAccountName: p.onPremisesSamAccountName || undefined,
  };
}

/** The stored lines, by line id (the preview compares a new export with them). */
export const PBX_LINES_COLLECTION = 'pbx.lines';
const LINES = PBX_LINES_COLLECTION;
const BLOCKS = 'pbx.blocks';
const GROUPS = 'pbx.groups';

export interface PbxImportRequest {
  lines: TableSource;
  /** More lines files of the same PBX (SfB users + common-area phones + analog devices + response groups). */
  moreLines?: TableSource[];
  blocks?: TableSource;
  mapping?: ColumnMapping;
  defaultCountry?: string;
}

export class PbxImportRejectedError extends Error {
  readonly code = 'bad-input';
  readonly issues: ImportIssue[];
  constructor(readonly report: PbxImportReport) {
    super(`The PBX import was rejected with ${counted(report.counts.errors, 'error')}; nothing was stored. First: ${describe(report.errors[0])}`);
    this.name = 'PbxImportRejectedError';
    this.issues = report.errors;
  }
}

function describe(issue: ImportIssue | undefined): string {
  if (!issue) return 'unknown error';
  return `${issue.file}${issue.row ? ` row ${issue.row}` : ''}${issue.column ? ` column "${issue.column}"` : ''}: ${issue.reason}`;
}

export function inventoryChanges(
  inventory: PbxInventory,
  header: PbxInventoryHeader,
  before: PbxInventoryHeader | undefined,
  expectedVersion?: number | null,
): StoreChange[] {
  // Records are keyed (tenant, collection, id) in a clustered B-tree: inserting in key order appends
  // instead of splitting pages all over the tree, which makes a 100,000-line commit several times faster.
  const byId = <T extends { id: string }>(items: readonly T[]) =>
    items.map((item) => ({ id: item.id, data: item })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return [
    { type: 'replace-collection', collection: LINES, items: byId(inventory.lines) },
    { type: 'replace-collection', collection: BLOCKS, items: byId(inventory.blocks) },
    // Groups carry their name, kind and id as search text: the tab's group picker searches 1,000s of them by name.
    { type: 'replace-collection', collection: GROUPS, items: byId(inventory.groups).map((item) => ({ ...item, search: groupSearchText(item.data) })) },
    { type: 'put-document', kind: PBX_INVENTORY_DOCUMENT, data: header, expectedVersion },
    {
      type: 'audit',
      action: 'import-pbx',
      kind: PBX_INVENTORY_DOCUMENT,
      before: before ? { importedAt: before.importedAt, files: before.files, counts: before.counts } : undefined,
      after: { importedAt: header.importedAt, files: header.files, counts: header.counts },
    },
  ];
}

/** What the import read, before anything is stored: `inventory` is absent when a file was refused whole. */
export interface PbxImportReading {
  report: PbxImportReport;
  inventory?: PbxInventory;
}

/** The files an import reads, as its header names them. */
function importFiles(request: PbxImportRequest): PbxImportReport['files'] {
  const lineFiles = [request.lines, ...(request.moreLines ?? [])].map((s) => s.name).join(', ');
  return request.blocks ? { lines: lineFiles, blocks: request.blocks.name } : { lines: lineFiles };
}

/**
 * Reads, validates and matches the files against the tenant's stored snapshot, storing nothing. The import
 * stores what this returns; the preview (pbx-import-preview.ts) shows it, so both read a file the same way.
 */
export async function readPbxImport(
  store: Store,
  tenantId: string,
  request: PbxImportRequest,
  importedAt: string,
  /** The tenant's stored snapshot when the caller holds it already (`vmp run`, right after its sync). */
  stored?: TenantSnapshot,
): Promise<PbxImportReading> {
  const files = importFiles(request);
  const defaultCountry = request.defaultCountry?.trim().toUpperCase();
  if (defaultCountry !== undefined && !isCountryCode(defaultCountry)) {
    return { report: rejectedReport(new TableReadError(request.lines.name, 0, `Unknown default country "${request.defaultCountry}": use a two-letter ISO code such as US or GB.`), files, importedAt) };
  }
  // Matching reads a few fields per person: keeping only those, person by person as they are read,
  // lets each full record be collected right away, so a 100,000-user tenant does not weigh on the import.
  const snapshot: Pick<TenantSnapshot, 'people' | 'sites'> | undefined = stored
    ? { people: stored.people.map(matchingFields), sites: stored.sites }
    : await loadSnapshot(store, tenantId, { person: matchingFields }).then((loaded) => loaded && { people: loaded.people, sites: loaded.sites });
  let result;
  try {
    result = await importPbxFiles({ ...request, defaultCountry, snapshot, importedAt });
  } catch (err) {
    if (err instanceof TableReadError) return { report: rejectedReport(err, files, importedAt) };
    throw err;
  }
  const { inventory, report } = result;
  if (!snapshot) {
    report.warnings = [
      { severity: 'warning', file: request.lines.name, row: 0, reason: 'the tenant has no synced snapshot yet: no line could be matched to a user (run a sync, then import again)' },
      ...report.warnings,
    ];
    report.counts.warnings++;
  }
  return { report, inventory };
}

/**
 * Validates, matches against the tenant's stored snapshot and (when there is no error) stores.
 * Returns the report either way; `report.accepted` says whether anything was stored.
 */
export async function importPbxInventory(
  store: Store,
  tenantId: string,
  request: PbxImportRequest,
  /**
   * `expectedVersion`: the inventory version the caller read (null = none imported yet); the import is
   * refused (ConcurrencyConflictError) when another import replaced it meanwhile. Omitted: the version
   * read when the import starts (the CLI, where the file given is the intent).
   */
  options: { actor: string; now: Date; expectedVersion?: number | null },
): Promise<PbxImportReport> {
  return (await importAndKeepPbxInventory(store, tenantId, request, options)).report;
}

/** An import's report and, when it was stored, the inventory as `loadInventory` would read it back. */
export interface KeptPbxImport {
  report: PbxImportReport;
  inventory?: PbxInventory;
}

/**
 * importPbxInventory for a caller that goes on to plan at once (`vmp run`): matches against the snapshot
 * it hands over (the stored one) and hands back the stored inventory, so neither is read from the store.
 */
export async function importAndKeepPbxInventory(
  store: Store,
  tenantId: string,
  request: PbxImportRequest,
  options: { actor: string; now: Date; expectedVersion?: number | null; snapshot?: TenantSnapshot },
): Promise<KeptPbxImport> {
  const importedAt = options.now.toISOString();
  // Read before validating: a second import that lands meanwhile makes this commit fail (conflict) instead of interleaving.
  const previous = await store.getDocument<PbxInventoryHeader>(tenantId, PBX_INVENTORY_DOCUMENT);
  const expectedVersion = options.expectedVersion === undefined ? (previous?.version ?? null) : options.expectedVersion;
  if (expectedVersion !== (previous?.version ?? null)) {
    throw new ConcurrencyConflictError(PBX_INVENTORY_DOCUMENT, expectedVersion, previous?.version ?? null, previous?.updatedBy, previous?.updatedAt);
  }
  const { inventory, report } = await readPbxImport(store, tenantId, request, importedAt, options.snapshot);
  if (!report.accepted || !inventory) return { report };
  if (!(await store.getTenant(tenantId))) await store.upsertTenant(tenantId, tenantId);
  const header: PbxInventoryHeader = { importedAt, importedBy: options.actor, files: importFiles(request), counts: report.counts, dids: report.dids, warnings: report.warnings };
  if (report.layout) header.layout = report.layout.id ? { id: report.layout.id, name: report.layout.name } : { name: report.layout.name };
  await store.commit(tenantId, options.actor, inventoryChanges(inventory, header, previous?.data, expectedVersion));
  // The store lists records by id before they are sorted: blocks start from that order too, so two
  // blocks with the same first number end up as they would when read back (lines and groups sort on
  // their ids in the end, so any start gives one order).
  const blocksById = [...inventory.blocks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { report, inventory: inventoryInStoredOrder(header, [...inventory.lines], blocksById, [...inventory.groups]) };
}

/** The stored inventory (lines in file order, blocks by number, groups by id), or undefined before any import. */
export async function loadInventory(store: Store, tenantId: string): Promise<PbxInventory | undefined> {
  const header = await loadInventoryHeader(store, tenantId);
  if (!header) return undefined;
  const [lines, blocks, groups] = await Promise.all([
    store.listCollection<PbxLine>(tenantId, LINES),
    store.listCollection<NumberBlock>(tenantId, BLOCKS),
    store.listCollection<MigrationGroup>(tenantId, GROUPS),
  ]);
  return inventoryInStoredOrder(header, lines, blocks, groups);
}

/**
 * The inventory the planner reads: lines in file order, blocks by number, groups by id (sorted in
 * place), with the header's import time and warnings. One order whether read back or kept by the import.
 */
function inventoryInStoredOrder(header: PbxInventoryHeader, lines: PbxLine[], blocks: NumberBlock[], groups: MigrationGroup[]): PbxInventory {
  lines.sort((a, b) => a.source.row - b.source.row || (a.id < b.id ? -1 : 1));
  blocks.sort((a, b) => a.first.length - b.first.length || (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  groups.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { importedAt: header.importedAt, lines, blocks, groups, warnings: header.warnings };
}

/** Warnings listed in the summary; the count covers them all. */
const SUMMARY_WARNINGS_SHOWN = 50;

/** What the tab's PBX page and the bot show: the last import's counts, DID buckets and first warnings. */
export interface PbxSummary {
  imported: boolean;
  /** The inventory document's version: an import that replaces it may send it as expectedVersion. */
  version?: number;
  importedAt?: string;
  importedBy?: string;
  files?: PbxImportReport['files'];
  counts?: PbxImportReport['counts'];
  dids?: PbxImportReport['dids'];
  /** The first warnings; `counts.warnings` says how many there are. */
  warnings?: ImportIssue[];
  /** The vendor layout the last import was read as. */
  layout?: PbxInventoryHeader['layout'];
}

export interface MigrationGroupRow {
  id: string;
  kind: string;
  name: string;
  lines: number;
  people: number;
}

export async function loadPbxSummary(store: Store, tenantId: string): Promise<PbxSummary> {
  const doc = await store.getDocument<PbxInventoryHeader>(tenantId, PBX_INVENTORY_DOCUMENT);
  if (!doc) return { imported: false };
  const header = doc.data;
  return {
    imported: true,
    version: doc.version,
    importedAt: header.importedAt,
    importedBy: header.importedBy,
    files: header.files,
    counts: header.counts,
    dids: header.dids,
    warnings: header.warnings.slice(0, SUMMARY_WARNINGS_SHOWN),
    ...(header.layout && { layout: header.layout }),
  };
}

/** What a group search matches: its name, its kind in words ("hunt group") and its id, lower case. */
function groupSearchText(g: MigrationGroup): string {
  return `${g.name} ${g.kind.replace(/-/g, ' ')} ${g.id}`.toLowerCase();
}

/**
 * The migration groups a page at a time (a 100,000-line PBX has thousands), optionally only those whose
 * name, kind or id holds every term of `search` (inventories imported before groups had search text
 * match a search only after their next import).
 */
export async function pagePbxGroups(store: Store, tenantId: string, offset: number, limit: number, search?: string): Promise<CollectionPage<MigrationGroupRow>> {
  const terms = search?.trim().toLowerCase().split(/\s+/).filter(Boolean).join(' ');
  const page = await store.pageCollection<MigrationGroup>(tenantId, GROUPS, { offset, limit, ...(terms ? { search: terms } : {}) });
  return { ...page, items: page.items.map((g) => ({ id: g.id, kind: g.kind, name: g.name, lines: g.lineIds.length, people: g.personIds.length })) };
}

/** Which of these migration group ids the stored inventory holds, each read by its key (never the whole collection). */
export async function knownPbxGroupIds(store: Store, tenantId: string, ids: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  const found = await Promise.all(unique.map((id) => store.getRecord<MigrationGroup>(tenantId, GROUPS, id)));
  return new Set(unique.filter((_id, i) => found[i] !== undefined));
}

export const PBX_MAPPING_DOCUMENT = 'pbx-column-mapping';

/** The column mapping the tenant saved for its next imports (the tab's mapping form). */
export interface SavedColumnMapping {
  mapping: ColumnMapping;
  /** null before the first save. */
  version: number | null;
  savedBy?: string;
  savedAt?: string;
}

export async function loadColumnMapping(store: Store, tenantId: string): Promise<SavedColumnMapping> {
  const doc = await store.getDocument<ColumnMapping>(tenantId, PBX_MAPPING_DOCUMENT);
  if (!doc) return { mapping: {}, version: null };
  return { mapping: doc.data, version: doc.version, savedBy: doc.updatedBy, savedAt: doc.updatedAt };
}

/**
 * Validates (MappingError, code bad-input, naming the key) and stores the mapping against the version the
 * caller read (ConcurrencyConflictError when someone saved meanwhile), with an audit entry.
 */
export async function saveColumnMapping(store: Store, tenantId: string, actor: string, value: unknown, expectedVersion: number | null): Promise<SavedColumnMapping> {
  const mapping = parseColumnMapping(value, 'column mapping');
  const current = await store.getDocument<ColumnMapping>(tenantId, PBX_MAPPING_DOCUMENT);
  if ((current?.version ?? null) !== expectedVersion) {
    throw new ConcurrencyConflictError(PBX_MAPPING_DOCUMENT, expectedVersion, current?.version ?? null, current?.updatedBy, current?.updatedAt);
  }
  if (!(await store.getTenant(tenantId))) await store.upsertTenant(tenantId, tenantId);
  await store.commit(tenantId, actor, [
    { type: 'put-document', kind: PBX_MAPPING_DOCUMENT, data: mapping, expectedVersion },
    { type: 'audit', action: 'pbx-mapping.save', kind: PBX_MAPPING_DOCUMENT, before: current ? { version: current.version, mapping: current.data } : null, after: { mapping } },
  ]);
  return loadColumnMapping(store, tenantId);
}

export interface PbxService {
  /** Stores the inventory, or throws PbxImportRejectedError (code bad-input, issues = errors) storing nothing. */
  importInventory(tenantId: string, request: PbxImportRequest, actor: string): Promise<PbxImportReport>;
  summary(tenantId: string): Promise<PbxSummary>;
  groups(tenantId: string, offset: number, limit: number, search?: string): Promise<CollectionPage<MigrationGroupRow>>;
  inventory(tenantId: string): Promise<PbxInventory | undefined>;
  /** The column mapping saved for the next import. */
  mapping(tenantId: string): Promise<SavedColumnMapping>;
  saveMapping(tenantId: string, actor: string, mapping: unknown, expectedVersion: number | null): Promise<SavedColumnMapping>;
}

export function createPbxService(store: Store, now: () => Date): PbxService {
  return {
    async importInventory(tenantId, request, actor) {
      const report = await importPbxInventory(store, tenantId, request, { actor, now: now() });
      if (!report.accepted) throw new PbxImportRejectedError(report);
      return report;
    },
    summary: (tenantId) => loadPbxSummary(store, tenantId),
    groups: (tenantId, offset, limit, search) => pagePbxGroups(store, tenantId, offset, limit, search),
    inventory: (tenantId) => loadInventory(store, tenantId),
    mapping: (tenantId) => loadColumnMapping(store, tenantId),
    saveMapping: (tenantId, actor, mapping, expectedVersion) => saveColumnMapping(store, tenantId, actor, mapping, expectedVersion),
  };
}
