/**
 * The Coexistence view's lists - block splits, port and upload orders, the SBC routing table after a
 * stage, unassigned-number treatments and voice routes, dial plans, extension collisions - each as a
 * page reader (the same paged reads the grids use, in the order shown) and as a workbook of the current
 * view through the shared list writer (list-export.ts). Sites, operators and SBCs by name, ids beside.
 */
import { portOrderGainer, type DialPlan, type ExtensionCollision } from '../domain/plan';
import type { PlanningSettings } from '../domain/planning-settings';
import type { Site } from '../domain/tenant-snapshot';
import { MAX_PAGE_LIMIT, type CollectionPage, type Store } from '../store/store';
import type { BlockSplitRow, CoexistenceRoute, CoexistenceRouteKind, SbcRuleSet } from './coexistence-read-model';
import { ROUTE_KIND_LABELS, ROUTE_TARGET_LABELS } from './coexistence-labels';
import type { CoexistenceService } from './coexistence-service';
import type { PortOrderRow, UploadOrderRow } from './order-read-model';
import { describeOrderStanding, type Tracked } from './order-tracking';
import { SETTINGS_DOCUMENT } from './decision-service';
import type { ListColumn, ListDetails, ListWorkbook } from './list-export';
import { pageInOrder, type PageReader } from './list-order';
import type { PlanService } from './plan-service';
import { SNAPSHOT_SITES } from './snapshot-repository';

export const COEXISTENCE_LISTS = ['blocks', 'port-orders', 'upload-orders', 'sbc-rules', 'routes', 'dial-plans', 'collisions'] as const;
export type CoexistenceList = (typeof COEXISTENCE_LISTS)[number];

/** Every filter a Coexistence list takes (each list reads the ones it knows). */
export interface CoexistenceListFilter {
  q?: string;
  wave?: number;
  siteId?: string;
  split?: boolean;
  flagged?: boolean;
  /** The routing stage (-1 = today); required for `sbc-rules`. */
  afterWave?: number;
  kind?: CoexistenceRouteKind;
  blockId?: string;
  sbcId?: string;
  /** The reverse of the list's stored order (the grid's one sortable column). */
  desc?: boolean;
}

/** One Coexistence list in the order shown, a page at a time. */
export function coexistenceListReader(coexistence: CoexistenceService, plans: PlanService, tenantId: string, list: CoexistenceList, f: CoexistenceListFilter): PageReader<unknown> {
  const stored: PageReader<unknown> = (offset, limit) => {
    const page = { offset, limit, q: f.q };
    switch (list) {
      case 'blocks':
        return coexistence.blocks(tenantId, { ...page, wave: f.wave, siteId: f.siteId, flagged: f.flagged, split: f.split });
      case 'port-orders':
        return withNumbers(plans, tenantId, plans.portOrders(tenantId, { offset, limit, wave: f.wave }));
      case 'upload-orders':
        return withNumbers(plans, tenantId, plans.uploadOrders(tenantId, { offset, limit, wave: f.wave }));
      case 'sbc-rules':
        return coexistence.sbcRules(tenantId, { ...page, afterWave: f.afterWave ?? -1, blockId: f.blockId, sbcId: f.sbcId });
      case 'routes':
        return coexistence.routes(tenantId, { ...page, kind: f.kind, afterWave: f.afterWave });
      case 'dial-plans':
        return coexistence.dialPlans(tenantId, { ...page, siteId: f.siteId });
      case 'collisions':
        return coexistence.collisions(tenantId, { ...page, siteId: f.siteId });
    }
  };
  return (offset, limit) => pageInOrder(stored, { offset, limit, desc: f.desc });
}

/** An order row with its numbers when they fit the list's cell; larger orders list them on the details sheet only. */
type WithNumbers<R> = R & { numbers?: string[] };

/**
 * The most numbers the "Number list" cell holds: one per line, E.164 is at most 16 characters, and Excel
 * refuses a cell over 32,767 (a 2,500-number order was cut there). Every number is on the details sheet.
 */
const NUMBER_LIST_CELL_MAX = 1_900;
const ORDER_NUMBERS_SHEET = 'Order numbers';

/** Every number of an order, a stored chunk at a time. */
async function* numbersOf(plans: PlanService, tenantId: string, orderId: string): AsyncGenerator<string> {
  for (let offset = 0; ; offset += MAX_PAGE_LIMIT) {
    const part = await plans.orderNumbers(tenantId, orderId, { offset, limit: MAX_PAGE_LIMIT });
    yield* part?.items ?? [];
    if (!part || offset + MAX_PAGE_LIMIT >= part.total) return;
  }
}

/** The order rows with the numbers their cell lists (the row itself carries only the first few). */
async function withNumbers<R extends { id: string; numberCount: number }>(plans: PlanService, tenantId: string, rows: Promise<CollectionPage<R>>): Promise<CollectionPage<WithNumbers<R>>> {
  const page = await rows;
  const items: WithNumbers<R>[] = [];
  for (const row of page.items) {
    if (row.numberCount > NUMBER_LIST_CELL_MAX) {
      items.push(row);
      continue;
    }
    const numbers: string[] = [];
    for await (const n of numbersOf(plans, tenantId, row.id)) numbers.push(n);
    items.push({ ...row, numbers });
  }
  return { ...page, items };
}

const numberListCell = (o: WithNumbers<PortOrderRow | UploadOrderRow>) =>
  o.numbers ? o.numbers.join('\n') : `${o.numberCount.toLocaleString('en-US')} numbers: every one is on the sheet "${ORDER_NUMBERS_SHEET}"`;

/** The details sheet of an order list: one row per number, in the orders' order. */
function orderNumbersSheet(plans: PlanService, tenantId: string, wave: (n: number | undefined) => string): ListDetails<WithNumbers<PortOrderRow | UploadOrderRow>> {
  return {
    sheet: ORDER_NUMBERS_SHEET,
    columns: [
      { header: 'Order', width: 22 },
      { header: 'Wave', width: 24 },
      { header: 'Number', width: 16, kind: 'phone' },
    ],
    async *rowsOf(o) {
      const at = wave(o.waveNumber);
      for await (const n of o.numbers ?? numbersOf(plans, tenantId, o.id)) yield [o.id, at, n];
    },
  };
}

const SHEETS: Record<CoexistenceList, string> = {
  blocks: 'Number blocks',
  'port-orders': 'Port orders',
  'upload-orders': 'Upload orders',
  'sbc-rules': 'SBC routing',
  routes: 'Treatments and routes',
  'dial-plans': 'Dial plans',
  collisions: 'Extension collisions',
};

/** Names for the ids the plan holds: sites read by key as rows need them, operators and SBCs from the settings. */
async function namesFor(store: Store, tenantId: string) {
  const settings = (await store.getDocument<PlanningSettings>(tenantId, SETTINGS_DOCUMENT))?.data;
  const operators = new Map((settings?.operators ?? []).map((o) => [o.id, o.name]));
  const sbcs = new Map((settings?.sbcs ?? []).map((s) => [s.id, s.fqdn]));
  const sites = new Map<string, string>();
  return {
    operator: (id?: string) => (id ? (operators.get(id) ?? id) : ''),
    sbc: (id?: string) => (id ? (sbcs.get(id) ?? id) : ''),
    site: (id?: string) => (id ? (sites.get(id) ?? id) : ''),
    /** Reads the sites a page names before its rows are written. */
    async learnSites(ids: Iterable<string | undefined>) {
      for (const id of ids) if (id && !sites.has(id)) sites.set(id, (await store.getRecord<Site>(tenantId, SNAPSHOT_SITES, id))?.name ?? id);
    },
  };
}

function sitesOf(list: CoexistenceList, row: unknown): (string | undefined)[] {
  return list === 'collisions' ? (row as ExtensionCollision).siteIds : [(row as { siteId?: string }).siteId];
}

/** The workbook of one list's current view. */
export async function coexistenceListWorkbook(
  store: Store,
  coexistence: CoexistenceService,
  plans: PlanService,
  tenantId: string,
  list: CoexistenceList,
  filter: CoexistenceListFilter,
): Promise<ListWorkbook<unknown>> {
  const names = await namesFor(store, tenantId);
  const { waves } = await coexistence.overview(tenantId);
  const wave = (n: number | undefined) => {
    if (n === undefined) return '';
    if (n < 0) return 'today';
    const w = waves.find((x) => x.number === n);
    return w ? `${w.name} (${w.date})` : `Wave ${n}`;
  };
  const read = coexistenceListReader(coexistence, plans, tenantId, list, filter);
  const withSites: PageReader<unknown> = async (offset, limit) => {
    const page = await read(offset, limit);
    await names.learnSites(page.items.flatMap((r) => sitesOf(list, r)));
    return page;
  };
  const columns = columnsOf(list, names, wave) as ListColumn<unknown>[];
  const details = list === 'port-orders' || list === 'upload-orders' ? (orderNumbersSheet(plans, tenantId, wave) as ListDetails<unknown>) : undefined;
  return { sheet: SHEETS[list], columns, read: withSites, ...(details && { details }) };
}

type Names = Awaited<ReturnType<typeof namesFor>>;

/** Where an order stands (order-tracking.ts), as the Coexistence grid's Status column says it. */
function trackingColumns<R extends PortOrderRow | UploadOrderRow>(kind: 'port' | 'upload'): ListColumn<WithNumbers<Tracked<R>>>[] {
  return [
    // The reference has a column of its own.
    { header: 'Status', width: 16, value: (o) => describeOrderStanding(kind, o.tracking && { state: o.tracking.state }) },
    { header: 'Reference', width: 18, value: (o) => o.tracking?.reference },
    { header: 'Confirmed port date (FOC)', width: 14, kind: 'date', value: (o) => o.tracking?.focDate },
    { header: 'Needs attention', width: 50, kind: 'wrap', value: (o) => o.trackingWarnings?.join('\n') },
  ];
}

function columnsOf(list: CoexistenceList, names: Names, wave: (n: number | undefined) => string): ListColumn<never>[] {
  switch (list) {
    case 'blocks': {
      const c: ListColumn<BlockSplitRow>[] = [
        { header: 'First number', width: 16, kind: 'phone', value: (b) => b.first },
        { header: 'Last number', width: 16, kind: 'phone', value: (b) => b.last },
        { header: 'Block id', width: 20, value: (b) => b.blockId },
        { header: 'Site', width: 24, value: (b) => names.site(b.siteId) },
        { header: 'Site id', width: 16, value: (b) => b.siteId },
        { header: 'Carrier', width: 18, value: (b) => b.carrier },
        { header: 'Moves', width: 60, kind: 'wrap', value: (b) => b.moves.map((m) => `${wave(m.waveNumber)}: ${m.count} number${m.count === 1 ? '' : 's'}`).join('\n') },
        { header: 'Staying on the PBX', width: 10, kind: 'integer', value: (b) => b.staying.count },
        { header: 'Spare', width: 8, kind: 'integer', value: (b) => b.spareCount },
        { header: 'Needs a decision', width: 40, kind: 'wrap', value: (b) => b.flag },
      ];
      return c as ListColumn<never>[];
    }
    case 'port-orders': {
      const c: ListColumn<WithNumbers<Tracked<PortOrderRow>>>[] = [
        { header: 'Order', width: 22, value: (o) => o.id },
        { header: 'Wave', width: 24, value: (o) => wave(o.waveNumber) },
        { header: 'Carrier', width: 18, value: (o) => o.carrier },
        { header: 'Account', width: 16, kind: 'phone', value: (o) => o.accountNumber },
        { header: 'Includes the BTN', width: 10, value: (o) => (o.includesBtn ? 'yes (full port)' : 'no') },
        { header: 'Kind', width: 10, value: (o) => o.kind },
        { header: 'Ported to', width: 24, value: (o) => portOrderGainer(o, names.operator) },
        { header: 'Operator id', width: 16, value: (o) => o.operatorId },
        { header: 'Numbers', width: 10, kind: 'integer', value: (o) => o.numberCount },
        { header: 'Number list', width: 60, kind: 'wrap', value: numberListCell },
        { header: 'Submit by', width: 12, kind: 'date', value: (o) => o.submitBy },
        { header: 'Lift the port freeze by', width: 14, kind: 'date', value: (o) => o.liftFreezeBy },
        ...trackingColumns<PortOrderRow>('port'),
      ];
      return c as ListColumn<never>[];
    }
    case 'upload-orders': {
      const c: ListColumn<WithNumbers<Tracked<UploadOrderRow>>>[] = [
        { header: 'Order', width: 22, value: (o) => o.id },
        { header: 'Wave', width: 24, value: (o) => wave(o.waveNumber) },
        { header: 'SBC', width: 30, value: (o) => names.sbc(o.sbcId) },
        { header: 'SBC id', width: 16, value: (o) => o.sbcId },
        { header: 'Numbers', width: 10, kind: 'integer', value: (o) => o.numberCount },
        { header: 'Number list', width: 60, kind: 'wrap', value: numberListCell },
        { header: 'Upload by', width: 12, kind: 'date', value: (o) => o.uploadBy },
        ...trackingColumns<UploadOrderRow>('upload'),
      ];
      return c as ListColumn<never>[];
    }
    case 'sbc-rules': {
      const via = (r: SbcRuleSet['rules'][number]) => (r.sbcId ? ` ${names.sbc(r.sbcId)}` : r.operatorId ? ` ${names.operator(r.operatorId)}` : '');
      const c: ListColumn<SbcRuleSet>[] = [
        { header: 'Block id', width: 20, value: (r) => r.blockId },
        { header: 'Site', width: 24, value: (r) => names.site(r.siteId) },
        { header: 'Site id', width: 16, value: (r) => r.siteId },
        { header: 'In force from', width: 12, kind: 'date', value: (r) => r.effectiveFrom },
        { header: 'Until', width: 24, value: (r) => (r.untilWave !== undefined ? wave(r.untilWave) : 'onwards') },
        { header: 'Rules, in order', width: 80, kind: 'wrap', value: (r) => r.rules.map((x, i) => `${i + 1}. ${x.pattern} -> ${ROUTE_TARGET_LABELS[x.target] ?? x.target} via ${x.via}${via(x)}`).join('\n') },
      ];
      return c as ListColumn<never>[];
    }
    case 'routes': {
      const c: ListColumn<CoexistenceRoute>[] = [
        { header: 'What', width: 30, value: (r) => ROUTE_KIND_LABELS[r.kind] },
        { header: 'After', width: 24, value: (r) => wave(r.afterWave) },
        { header: 'From', width: 12, kind: 'date', value: (r) => r.effectiveFrom },
        { header: 'Numbers', width: 30, value: (r) => (r.kind === 'teams-to-pbx' ? r.numberPattern : r.extensionPattern) },
        {
          header: 'Where to',
          width: 50,
          kind: 'wrap',
          value: (r) => (r.kind === 'teams-to-pbx' ? `${r.name} through ${names.sbc(r.sbcId)}` : `${names.site(r.siteId)}: ${r.description}`),
        },
      ];
      return c as ListColumn<never>[];
    }
    case 'dial-plans': {
      const c: ListColumn<DialPlan>[] = [
        { header: 'Dial plan', width: 24, value: (d) => d.name },
        { header: 'Site', width: 24, value: (d) => names.site(d.siteId) },
        { header: 'Site id', width: 16, value: (d) => d.siteId },
        { header: 'Normalisation rules', width: 80, kind: 'wrap', value: (d) => d.rules.map((r) => `${r.pattern} -> ${r.translation}: ${r.description}`).join('\n') },
      ];
      return c as ListColumn<never>[];
    }
    case 'collisions': {
      const c: ListColumn<ExtensionCollision>[] = [
        { header: 'Extensions', width: 16, value: (x) => x.extensionRange },
        { header: 'Sites', width: 40, value: (x) => x.siteIds.map((s) => names.site(s)).join(', ') },
        { header: 'Site ids', width: 30, value: (x) => x.siteIds.join(', ') },
        { header: 'Proposal', width: 60, kind: 'wrap', value: (x) => x.proposal },
      ];
      return c as ListColumn<never>[];
    }
  }
}
