/**
 * Reads single PBX inventory records by id for the person and site panels. The inventory's record
 * collections are written by the PBX import (pbx-import-service.ts); the panels read only the records
 * they show, by key, through this one accessor, so a change to how the inventory is stored is met here.
 */
import type { GroupHunting, HuntMethod } from '../domain/hunt-methods';
import type { MigrationGroup, NumberBlock, PbxLine } from '../domain/pbx-inventory';
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

/** How the inventory's hunt and call-centre groups hunted, by group id, for the groups whose export said. */
export interface InventoryHunting {
  methods: Map<string, HuntMethod>;
  /** The group's line ids in hunting order. */
  orders: Map<string, string[]>;
  /** How long the group rang each member, in seconds. */
  ringSeconds: Map<string, number>;
}

type HuntingFields = Pick<MigrationGroup, 'id' | 'huntMethod' | 'huntOrder' | 'huntRingSeconds'>;

/**
 * The inventory's groups' hunting: one pass over the groups (ten thousand in a 100,000-line PBX),
 * keeping only what the export said.
 */
export async function readGroupHunting(store: Store, tenantId: string): Promise<InventoryHunting> {
  const found = await store.listCollection<MigrationGroup, HuntingFields | undefined>(tenantId, GROUPS, (g) =>
    g.huntMethod || g.huntOrder || g.huntRingSeconds !== undefined ? { id: g.id, huntMethod: g.huntMethod, huntOrder: g.huntOrder, huntRingSeconds: g.huntRingSeconds } : undefined,
  );
  return huntingOf(found.filter((g) => g !== undefined));
}

/** The same, of groups in hand. */
export function huntingOf(groups: readonly HuntingFields[]): InventoryHunting {
  const hunting: InventoryHunting = { methods: new Map(), orders: new Map(), ringSeconds: new Map() };
  for (const g of groups) {
    if (g.huntMethod) hunting.methods.set(g.id, g.huntMethod);
    if (g.huntOrder) hunting.orders.set(g.id, g.huntOrder);
    if (g.huntRingSeconds !== undefined) hunting.ringSeconds.set(g.id, g.huntRingSeconds);
  }
  return hunting;
}

/**
 * How the named groups hunted, where the export said (the Plan page's groups, a page at a time): one
 * keyed read per group.
 */
export async function huntingOfGroups(store: Store, tenantId: string, groupIds: readonly string[]): Promise<Map<string, GroupHunting>> {
  const out = new Map<string, GroupHunting>();
  for (const g of await readPbxGroups(store, tenantId, groupIds)) {
    const hunting: GroupHunting = {};
    if (g.huntMethod) hunting.method = g.huntMethod;
    if (g.huntOrder) hunting.inHuntOrder = true;
    if (g.huntRingSeconds !== undefined) hunting.ringSeconds = g.huntRingSeconds;
    if (Object.keys(hunting).length) out.set(g.id, hunting);
  }
  return out;
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
