/**
 * Reads single PBX inventory records by id for the person and site panels. The inventory's record
 * collections are written by the PBX import (pbx-import-service.ts); the panels read only the records
 * they show, by key, through this one accessor, so a change to how the inventory is stored is met here.
 */
import { groupHuntingOf, type GroupHunting } from '../domain/hunt-methods';
import { becomesCallQueue } from '../domain/migration-group-labels';
import { GROUP_HUNTING_FIELDS, type GroupHuntingField, type GroupHuntingRecord, type MigrationGroup, type NumberBlock, type PbxLine } from '../domain/pbx-inventory';
import type { Store } from '../store/store';
import { PBX_INVENTORY_DOCUMENT } from './pbx-import-service';

/** The import's collection names (pbx-import-service.ts). */
const LINES = 'pbx.lines';
const BLOCKS = 'pbx.blocks';
const GROUPS = 'pbx.groups';

export async function readPbxLines(store: Store, tenantId: string, lineIds: readonly string[]): Promise<PbxLine[]> {
  const lines = await Promise.all(lineIds.map((id) => store.getRecord<PbxLine>(tenantId, LINES, id)));
  return lines.filter((l): l is PbxLine => l !== undefined);
}

export async function readPbxGroups(store: Store, tenantId: string, groupIds: readonly string[]): Promise<MigrationGroup[]> {
  const groups = await Promise.all(groupIds.map((id) => store.getRecord<MigrationGroup>(tenantId, GROUPS, id)));
  return groups.filter((g): g is MigrationGroup => g !== undefined);
}

/** A group's id and hunting fields, or undefined for a group whose export said nothing of how it hunted. */
function huntingEntryOf(g: MigrationGroup): [string, GroupHuntingRecord] | undefined {
  if (GROUP_HUNTING_FIELDS.every((field) => g[field] === undefined)) return undefined;
  const record: GroupHuntingRecord = {};
  for (const field of GROUP_HUNTING_FIELDS) (record as Record<GroupHuntingField, unknown>)[field] = g[field];
  return [g.id, record];
}

function huntingMap(entries: readonly ([string, GroupHuntingRecord] | undefined)[]): Map<string, GroupHuntingRecord> {
  return new Map(entries.filter((e) => e !== undefined));
}

/**
 * How the inventory's hunt and call-centre groups hunted, by group id, for the groups whose export said:
 * one pass over the groups (ten thousand in a 100,000-line PBX), keeping only those.
 */
export async function readGroupHunting(store: Store, tenantId: string): Promise<Map<string, GroupHuntingRecord>> {
  return huntingMap(await store.listCollection(tenantId, GROUPS, huntingEntryOf));
}

/** The same, of groups in hand. */
export function huntingOf(groups: readonly MigrationGroup[]): Map<string, GroupHuntingRecord> {
  return huntingMap(groups.map(huntingEntryOf));
}

/**
 * A page of a wave's groups (the Plan page's, `vmp status --groups`), each that becomes a call queue with
 * how its PBX group hunted, where the export said: one keyed read per such group.
 */
export async function withHunting<G extends { id: string; kind: string }>(store: Store, tenantId: string, groups: readonly G[]): Promise<(G & { hunting?: GroupHunting })[]> {
  const queues = await readPbxGroups(store, tenantId, groups.filter((g) => becomesCallQueue(g.kind)).map((g) => g.id));
  const hunting = new Map(queues.map((g) => [g.id, groupHuntingOf(g)]));
  return groups.map((g) => {
    const found = hunting.get(g.id);
    return found && Object.keys(found).length ? { ...g, hunting: found } : g;
  });
}

/**
 * Blocks by site, kept per inventory version: blocks are few (a 100,000-line PBX has about a thousand)
 * and carry no site key, so they are listed once after each import rather than on every panel.
 */
const blocksBySite = new Map<string, { version: number; bySite: Map<string, NumberBlock[]> }>();
const TENANTS_KEPT = 8;

export async function readSiteBlocks(store: Store, tenantId: string, siteId: string): Promise<NumberBlock[]> {
  const version = (await store.getDocumentVersion(tenantId, PBX_INVENTORY_DOCUMENT))?.version;
  if (version === undefined) return [];
  let hit = blocksBySite.get(tenantId);
  if (!hit || hit.version !== version) {
    const bySite = new Map<string, NumberBlock[]>();
    for (const b of await store.listCollection<NumberBlock>(tenantId, BLOCKS)) {
      const key = b.siteId ?? '';
      (bySite.get(key) ?? bySite.set(key, []).get(key)!).push(b);
    }
    hit = { version, bySite };
    blocksBySite.delete(tenantId);
    blocksBySite.set(tenantId, hit);
    while (blocksBySite.size > TENANTS_KEPT) blocksBySite.delete(blocksBySite.keys().next().value!);
  }
  return hit.bySite.get(siteId) ?? [];
}
