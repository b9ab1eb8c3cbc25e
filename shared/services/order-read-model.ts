/**
 * Port and upload orders as read models. An upload order holds up to 10,000 numbers and a port order up
 * to 999: a list page of whole orders grew with the tenant (at 100,000 users a page of upload orders was
 * 628 KB, of port orders 770 KB, to show five numbers of each). So the plan's commit writes:
 *
 * - `plan.port-orders` and `plan.upload-orders`: one row per order (keyed `wave:N` and `order:<id>`) with its first
 *   numbers and how many it has (and how many DID blocks a port order covers);
 * - `plan.order-numbers`: every order's numbers in chunks of 1,000 (keyed `order:<id>`), read a page at
 *   a time when someone opens an order or exports the list.
 *
 * Plans stored before the chunks hold whole orders in the rows: they are read as rows, and their numbers
 * are found by scanning the rows (a plan has tens to hundreds of orders).
 */
import type { PortOrder, UploadOrder } from '../domain/plan';
import { MAX_PAGE_LIMIT, pageBounds, type CollectionItem, type CollectionPage, type Store, type StoreChange } from '../store/store';

export const PLAN_PORT_ORDERS = 'plan.port-orders';
export const PLAN_UPLOAD_ORDERS = 'plan.upload-orders';
export const PLAN_ORDER_NUMBERS = 'plan.order-numbers';
export const ORDER_COLLECTIONS = [PLAN_PORT_ORDERS, PLAN_UPLOAD_ORDERS, PLAN_ORDER_NUMBERS] as const;

/** Numbers a row carries: what the Coexistence grid shows inline. */
export const ORDER_FIRST_NUMBERS = 5;
/** Numbers per `plan.order-numbers` record: one page of the numbers route reads one or two of them. */
export const ORDER_NUMBERS_CHUNK = 1000;

/** What a row says of an order's numbers: how many, and the first ones; all of them a page at a time (`pageOrderNumbers`). */
interface ListedNumbers {
  numberCount: number;
  firstNumbers: string[];
}
/** A port order as its list shows it: its block ids counted too (an account can hold hundreds of one-number blocks). */
export type PortOrderRow = Omit<PortOrder, 'numbers' | 'blockIds'> & ListedNumbers & { blockCount: number };
export type UploadOrderRow = Omit<UploadOrder, 'numbers'> & ListedNumbers;

const listed = (numbers: readonly string[]): ListedNumbers => ({ numberCount: numbers.length, firstNumbers: numbers.slice(0, ORDER_FIRST_NUMBERS) });

export function portOrderRow({ numbers, blockIds, ...rest }: PortOrder): PortOrderRow {
  return { ...rest, ...listed(numbers), blockCount: blockIds.length };
}

export function uploadOrderRow({ numbers, ...rest }: UploadOrder): UploadOrderRow {
  return { ...rest, ...listed(numbers) };
}

interface OrderNumbersChunk {
  /** How many numbers the whole order has. */
  total: number;
  numbers: string[];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The changes that store the plan's orders: rows by wave and numbers by order. */
export function orderChanges(portOrders: readonly PortOrder[], uploadOrders: readonly UploadOrder[]): StoreChange[] {
  const chunks: CollectionItem[] = [];
  let sequence = 0;
  const rows = <O extends PortOrder | UploadOrder>(orders: readonly O[], toRow: (o: O) => PortOrderRow | UploadOrderRow): CollectionItem[] =>
    orders.map((order, i) => {
      const seq = pad(sequence++, 6);
      // An order without numbers still gets one (empty) chunk: no chunk at all means a plan stored before them.
      for (let start = 0; start === 0 || start < order.numbers.length; start += ORDER_NUMBERS_CHUNK) {
        const data: OrderNumbersChunk = { total: order.numbers.length, numbers: order.numbers.slice(start, start + ORDER_NUMBERS_CHUNK) };
        chunks.push({ id: `${seq}:${pad(start / ORDER_NUMBERS_CHUNK, 4)}`, data, keys: [`order:${order.id}`] });
      }
      // Keyed by its id too: tracking an order (order-tracking.ts) finds its row in one read.
      return { id: pad(i, 6), data: toRow(order), keys: [`wave:${order.waveNumber}`, `order:${order.id}`] };
    });
  return [
    { type: 'replace-collection', collection: PLAN_PORT_ORDERS, items: rows(portOrders, portOrderRow) },
    { type: 'replace-collection', collection: PLAN_UPLOAD_ORDERS, items: rows(uploadOrders, uploadOrderRow) },
    { type: 'replace-collection', collection: PLAN_ORDER_NUMBERS, items: chunks },
  ];
}

/** One page of a plan's port orders (of one wave), as rows; plans stored before the rows hold whole orders. */
export async function pagePortOrderRows(store: Store, tenantId: string, query: OrderPageQuery): Promise<CollectionPage<PortOrderRow>> {
  const page = await store.pageCollection<PortOrderRow | PortOrder>(tenantId, PLAN_PORT_ORDERS, orderPage(query));
  return { ...page, items: page.items.map((o) => ('numbers' in o ? portOrderRow(o) : o)) };
}

export async function pageUploadOrderRows(store: Store, tenantId: string, query: OrderPageQuery): Promise<CollectionPage<UploadOrderRow>> {
  const page = await store.pageCollection<UploadOrderRow | UploadOrder>(tenantId, PLAN_UPLOAD_ORDERS, orderPage(query));
  return { ...page, items: page.items.map((o) => ('numbers' in o ? uploadOrderRow(o) : o)) };
}

interface OrderPageQuery {
  wave?: number;
  offset?: number;
  limit?: number;
}

const orderPage = (query: OrderPageQuery) => ({ key: query.wave !== undefined ? `wave:${query.wave}` : undefined, offset: query.offset, limit: query.limit ?? 100 });

/** A page of one order's numbers, in the order's order; undefined when the plan has no such order. */
export async function pageOrderNumbers(store: Store, tenantId: string, orderId: string, query: { offset?: number; limit?: number }): Promise<CollectionPage<string> | undefined> {
  const { offset, limit } = pageBounds({ offset: query.offset, limit: query.limit ?? MAX_PAGE_LIMIT });
  const key = `order:${orderId}`;
  const first = Math.floor(offset / ORDER_NUMBERS_CHUNK);
  const last = Math.floor((offset + limit - 1) / ORDER_NUMBERS_CHUNK);
  const chunks = await store.pageCollection<OrderNumbersChunk>(tenantId, PLAN_ORDER_NUMBERS, { key, offset: first, limit: last - first + 1 });
  if (chunks.total === 0) return legacyOrderNumbers(store, tenantId, orderId, offset, limit);
  // Past the end: the first chunk still says how many there are.
  const total = chunks.items[0]?.total ?? (await store.pageCollection<OrderNumbersChunk>(tenantId, PLAN_ORDER_NUMBERS, { key, limit: 1 })).items[0].total;
  const from = offset - first * ORDER_NUMBERS_CHUNK;
  return { items: chunks.items.flatMap((c) => c.numbers).slice(from, from + limit), total, offset };
}

/** A plan stored before the chunks: the order is found among the rows, which hold its numbers. */
async function legacyOrderNumbers(store: Store, tenantId: string, orderId: string, offset: number, limit: number): Promise<CollectionPage<string> | undefined> {
  for (const collection of [PLAN_PORT_ORDERS, PLAN_UPLOAD_ORDERS]) {
    for (let at = 0; ; at += MAX_PAGE_LIMIT) {
      const page = await store.pageCollection<Partial<PortOrder | UploadOrder>>(tenantId, collection, { offset: at, limit: MAX_PAGE_LIMIT });
      const order = page.items.find((o) => o.id === orderId);
      if (order) return order.numbers ? { items: order.numbers.slice(offset, offset + limit), total: order.numbers.length, offset } : undefined;
      if (at + MAX_PAGE_LIMIT >= page.total) break;
    }
  }
  return undefined;
}
