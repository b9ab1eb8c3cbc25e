/**
 * Where each port and upload order stands outside the plan: the plan says what to order and by when;
 * only the admin knows that the port request went to the carrier (its reference), that the carrier
 * confirmed a date (the FOC, firm order commitment), that the numbers ported, or that the carrier
 * rejected the request (a BTN or address mismatch, a frozen account). Without it every order past its
 * submit-by day stays "overdue" for the rest of the project and the reminders keep coming.
 *
 * - `orders.tracking` records, one per tracked order (id = the order's id), beside the plan's order
 *   rows: a plan build replaces the rows, never the tracking. A tracked order the plan later changed
 *   (moved to another wave, or given other numbers) is flagged on its row, so the carrier's order is
 *   amended; tracking it again (the amended order) clears the flag.
 * - the `orders.tracking` document: how many orders are in each state, and the version every change
 *   is written against (If-Match), so two admins never overwrite each other's update.
 *
 * Rows carry their tracking where they are read (plan-service's portOrders/uploadOrders): the
 * Coexistence page, the bot's orders and porting answers, the reminders and the exports all see it.
 */
import { ConcurrencyConflictError, type CollectionItem, type Store } from '../store/store';
import { PLAN_PORT_ORDERS, PLAN_UPLOAD_ORDERS, type PortOrderRow, type UploadOrderRow } from './order-read-model';
// A type only: plan-service imports this module.
import type { PlanService } from './plan-service';
import { ORDER_STATE_WORDS, PORT_ORDER_STATES, UPLOAD_ORDER_STATES, type OrderState } from './order-state-words';

export const ORDER_TRACKING = 'orders.tracking';
export const ORDER_TRACKING_DOCUMENT = 'orders.tracking';

// The states and their words live in a file of their own, with no imports, for the tab's bundle.
export { PORT_ORDER_STATES, UPLOAD_ORDER_STATES, describeOrderState, describeOrderStanding, type OrderState } from './order-state-words';

/** A change to an order's state; `open` clears it (nothing sent yet, or tracked by mistake). */
export interface TrackOrderInput {
  state: OrderState | 'open';
  /** The carrier's or operator's order reference. */
  reference?: string;
  /** The firm order commitment: the port date the carrier confirmed (required with foc-confirmed). */
  focDate?: string;
  /** Why it was rejected, who to call: free text. */
  note?: string;
}

export interface OrderTracking {
  orderId: string;
  kind: 'port' | 'upload';
  state: OrderState;
  reference?: string;
  focDate?: string;
  note?: string;
  /** The order as the plan had it when it was last tracked: a plan that changed it since is flagged. */
  asTracked: { waveNumber: number; numberCount: number };
  updatedBy: string;
  updatedAt: string;
}

export interface OrderTrackingDocument {
  counts: Partial<Record<OrderState, number>>;
}

/** A row with its tracking, and what needs doing about it (the plan moved it since, a FOC after the cutover). */
export type Tracked<R> = R & { tracking?: OrderTracking; trackingWarnings?: string[] };

export class OrderTrackingInputError extends Error {
  readonly code = 'bad-input';
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'OrderTrackingInputError';
  }
}

export class OrderNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(orderId: string) {
    super(`The plan has no order ${orderId}: the Coexistence page and \`vmp orders list\` list its orders (a plan build may have renamed it).`);
    this.name = 'OrderNotFoundError';
  }
}

const TEXT_MAX = { reference: 100, note: 500 } as const;

/** Reads a change from a request body or the CLI's options; says which field is wrong. */
export function parseTrackOrderInput(raw: unknown): TrackOrderInput {
  const issues: { path: string; message: string }[] = [];
  const body = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  if (body !== raw) issues.push({ path: '$', message: 'expected an object with a state' });
  const states: readonly string[] = ['open', ...PORT_ORDER_STATES, ...UPLOAD_ORDER_STATES];
  const state = body.state;
  if (typeof state !== 'string' || !states.includes(state)) issues.push({ path: '$.state', message: `expected one of ${states.join(', ')}` });
  const text = (name: 'reference' | 'note'): string | undefined => {
    const v = body[name];
    if (v === undefined || v === null || v === '') return undefined;
    // eslint-disable-next-line no-control-regex
    if (typeof v !== 'string' || v.length > TEXT_MAX[name] || /[\u0000-\u001f\u007f]/.test(v)) {
      issues.push({ path: `$.${name}`, message: `expected text of at most ${TEXT_MAX[name]} characters on one line` });
      return undefined;
    }
    return v.trim() || undefined;
  };
  const reference = text('reference');
  const note = text('note');
  let focDate: string | undefined;
  if (body.focDate !== undefined && body.focDate !== null && body.focDate !== '') {
    if (typeof body.focDate !== 'string' || !isCalendarDate(body.focDate)) issues.push({ path: '$.focDate', message: 'expected a date as yyyy-mm-dd' });
    else focDate = body.focDate;
  }
  if (state === 'foc-confirmed' && focDate === undefined && !issues.some((i) => i.path === '$.focDate')) issues.push({ path: '$.focDate', message: 'a confirmed order needs the date the carrier confirmed' });
  for (const key of Object.keys(body)) if (!['state', 'reference', 'focDate', 'note', 'expectedVersion'].includes(key)) issues.push({ path: `$.${key}`, message: 'not a field of an order update' });
  if (issues.length > 0) throw new OrderTrackingInputError(`The order update has ${issues.length === 1 ? 'an error' : `${issues.length} errors`}; nothing was saved. First: ${issues[0].path}: ${issues[0].message}.`, issues);
  return { state: state as TrackOrderInput['state'], ...(reference && { reference }), ...(focDate && { focDate }), ...(note && { note }) };
}

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whether the order still needs doing: not tracked, or rejected by the carrier (to be sent again). */
export function orderOpen(row: { tracking?: Pick<OrderTracking, 'state'> }): boolean {
  return !row.tracking || row.tracking.state === 'rejected';
}

/** What needs doing about a tracked order as the plan has it now. */
function warningsOf(row: PortOrderRow | UploadOrderRow, t: OrderTracking, waveDate: string | undefined): string[] {
  const out: string[] = [];
  const was = ORDER_STATE_WORDS[t.state];
  const with_ = 'carrier' in row ? `with ${row.carrier}` : 'in the tenant';
  if (t.state !== 'rejected' && t.state !== 'ported' && t.state !== 'uploaded') {
    if (t.asTracked.waveNumber !== row.waveNumber) out.push(`The plan moved it from wave ${t.asTracked.waveNumber} to wave ${row.waveNumber} since it was ${was}: amend the order ${with_}`);
    if (t.asTracked.numberCount !== row.numberCount) out.push(`It had ${t.asTracked.numberCount} numbers when it was ${was} and has ${row.numberCount} now: amend the order ${with_}`);
    if (t.focDate && waveDate && t.focDate > waveDate) out.push(`The confirmed port date ${t.focDate} is after the wave's cutover on ${waveDate}`);
  }
  if (t.state === 'rejected') out.push(`Rejected${t.note ? `: ${t.note}` : ''} - send it again`);
  return out;
}

/** The rows with their tracking (one record read per row: a page is at most 1,000 orders, most pages tens). */
export async function withTracking<R extends PortOrderRow | UploadOrderRow>(store: Store, tenantId: string, rows: readonly R[], waveDate: (wave: number) => string | undefined): Promise<Tracked<R>[]> {
  const found = await Promise.all(rows.map((r) => store.getRecord<OrderTracking>(tenantId, ORDER_TRACKING, r.id)));
  return rows.map((row, i) => tracked(row, found[i], waveDate(row.waveNumber)));
}

/** The row with the tracking read for it and what needs doing about it. */
function tracked<R extends PortOrderRow | UploadOrderRow>(row: R, t: OrderTracking | undefined, waveDate: string | undefined): Tracked<R> {
  // A record written for another kind of order of the same id (a plan that renamed its orders) is not this order's.
  if (!t || t.kind !== ('carrier' in row ? 'port' : 'upload')) return row;
  const warnings = warningsOf(row, t, waveDate);
  return { ...row, tracking: t, ...(warnings.length > 0 && { trackingWarnings: warnings }) };
}

/** The version updates are written against (null: no order tracked yet), and how many orders are in each state. */
export async function orderTrackingSummary(store: Store, tenantId: string): Promise<{ version: number | null; counts: OrderTrackingDocument['counts'] }> {
  const doc = await store.getDocument<OrderTrackingDocument>(tenantId, ORDER_TRACKING_DOCUMENT);
  return { version: doc?.version ?? null, counts: doc?.data.counts ?? {} };
}

/** The plan's row of an order: by its `order:` key, or (plans stored before it) among its wave's rows. */
export async function findOrderRow(store: Store, tenantId: string, orderId: string): Promise<{ kind: 'port'; row: PortOrderRow } | { kind: 'upload'; row: UploadOrderRow } | undefined> {
  for (const [kind, collection] of [
    ['port', PLAN_PORT_ORDERS],
    ['upload', PLAN_UPLOAD_ORDERS],
  ] as const) {
    const keyed = await store.pageCollection<PortOrderRow & UploadOrderRow>(tenantId, collection, { key: `order:${orderId}`, limit: 1 });
    if (keyed.items[0]) return { kind, row: keyed.items[0] } as { kind: 'port'; row: PortOrderRow } | { kind: 'upload'; row: UploadOrderRow };
    // Typed by hand (the CLI, the bot) in another case: found by its wave's rows.
    const wave = /^(?:PO|UO)-W(\d+)-/i.exec(orderId);
    if (!wave) continue;
    for (let offset = 0; ; offset += 1000) {
      const page = await store.pageCollection<PortOrderRow & UploadOrderRow>(tenantId, collection, { key: `wave:${Number(wave[1])}`, offset, limit: 1000 });
      const row = page.items.find((o) => o.id.toLowerCase() === orderId.toLowerCase());
      if (row) return { kind, row } as { kind: 'port'; row: PortOrderRow } | { kind: 'upload'; row: UploadOrderRow };
      if (offset + 1000 >= page.total) break;
    }
  }
  return undefined;
}

/** The fields the history records of a tracked order. */
const audited = (t: OrderTracking | undefined, row: PortOrderRow | UploadOrderRow) =>
  t && { orderId: t.orderId, kind: t.kind, via: 'carrier' in row ? row.carrier : row.sbcId, waveNumber: row.waveNumber, state: t.state, ...(t.reference && { reference: t.reference }), ...(t.focDate && { focDate: t.focDate }), ...(t.note && { note: t.note }) };

/** The order an update found, its row as it stands after the update (with what needs doing about it). */
export type TrackedOrder = { kind: 'port'; row: Tracked<PortOrderRow> } | { kind: 'upload'; row: Tracked<UploadOrderRow> };

/**
 * Sets (or with `open`, clears) an order's state, written against the version the caller read. The
 * same state again is no change: the version stays and the history gets no entry. Returns the version
 * after it, the order's tracking, and the order itself (`waveDate`, when given, flags a confirmed port
 * date after the cutover on it).
 */
export async function trackOrder(
  store: Store,
  tenantId: string,
  typedId: string,
  input: TrackOrderInput,
  expectedVersion: number | null,
  actor: string,
  now: Date,
  waveDate?: (wave: number) => string | undefined,
): Promise<{ version: number | null; tracking?: OrderTracking; order: TrackedOrder }> {
  const order = await findOrderRow(store, tenantId, typedId);
  if (!order) throw new OrderNotFoundError(typedId);
  // The order's id as the plan spells it, however it was typed.
  const orderId = order.row.id;
  if (input.state !== 'open') {
    const allowed: readonly string[] = order.kind === 'port' ? PORT_ORDER_STATES : UPLOAD_ORDER_STATES;
    if (!allowed.includes(input.state)) {
      throw new OrderTrackingInputError(`${order.kind === 'port' ? 'A port' : 'An upload'} order's state is one of ${['open', ...allowed].join(', ')}; nothing was saved.`, [{ path: '$.state', message: `expected one of open, ${allowed.join(', ')}` }]);
    }
  }
  const [doc, before] = await Promise.all([store.getDocument<OrderTrackingDocument>(tenantId, ORDER_TRACKING_DOCUMENT), store.getRecord<OrderTracking>(tenantId, ORDER_TRACKING, orderId)]);
  const current = doc?.version ?? null;
  if (current !== expectedVersion) throw new ConcurrencyConflictError('order tracking', expectedVersion, current, doc?.updatedBy, doc?.updatedAt);
  const asTracked = { waveNumber: order.row.waveNumber, numberCount: order.row.numberCount };
  const after: OrderTracking | undefined =
    input.state === 'open'
      ? undefined
      : {
          orderId,
          kind: order.kind,
          state: input.state,
          ...(input.reference && { reference: input.reference }),
          ...(input.focDate && { focDate: input.focDate }),
          ...(input.note && { note: input.note }),
          asTracked,
          updatedBy: actor,
          updatedAt: now.toISOString(),
        };
  const same = (a: OrderTracking | undefined, b: OrderTracking | undefined) => JSON.stringify(a && { ...a, updatedBy: '', updatedAt: '' }) === JSON.stringify(b && { ...b, updatedBy: '', updatedAt: '' });
  const result = (version: number | null, t: OrderTracking | undefined) =>
    ({ version, ...(t && { tracking: t }), order: { kind: order.kind, row: tracked(order.row, t, waveDate?.(order.row.waveNumber)) } as TrackedOrder });
  if (same(before, after)) return result(current, before);

  const counts = { ...(doc?.data.counts ?? {}) };
  if (before) counts[before.state] = Math.max(0, (counts[before.state] ?? 0) - 1);
  if (after) counts[after.state] = (counts[after.state] ?? 0) + 1;
  for (const k of Object.keys(counts) as OrderState[]) if (!counts[k]) delete counts[k];
  // An adapter that writes collections whole (Azure Tables) gets the few thousand records at most a tenant's orders make.
  const others = before || after ? await store.listCollection<OrderTracking>(tenantId, ORDER_TRACKING) : [];
  const item = (t: OrderTracking): CollectionItem => ({ id: t.orderId, data: t, keys: [`state:${t.state}`] });
  await store.commit(tenantId, actor, [
    { type: 'put-document', kind: ORDER_TRACKING_DOCUMENT, data: { counts } satisfies OrderTrackingDocument, expectedVersion: current },
    {
      type: 'patch-collection',
      collection: ORDER_TRACKING,
      put: after ? [item(after)] : [],
      remove: after ? [] : [orderId],
      whole: () => [...others.filter((t) => t.orderId !== orderId), ...(after ? [after] : [])].sort((a, b) => (a.orderId < b.orderId ? -1 : 1)).map(item),
    },
    { type: 'audit', action: 'orders.track', kind: ORDER_TRACKING_DOCUMENT, before: audited(before, order.row) ?? null, after: audited(after, order.row) ?? null },
  ]);
  return result((current ?? 0) + 1, after);
}

/** The plan reads the Overview's order count needs. */
type OrderReads = Pick<PlanService, 'waves' | 'portOrders' | 'uploadOrders'>;

/**
 * Orders still to do (not marked submitted or uploaded, or rejected) whose deadline has passed for a
 * wave still to come: the Overview's warning. Reads only the waves between their deadline and their
 * cutover (a few: a deadline is weeks before its wave), a page of their orders each.
 */
export async function overdueOrders(plan: OrderReads, tenantId: string, today: string): Promise<{ port: number; upload: number }> {
  const out = { port: 0, upload: 0 };
  for (const w of (await plan.waves(tenantId)).waves) {
    if (w.date < today) continue;
    if (w.portSubmitBy && w.portSubmitBy < today) {
      for (const o of (await plan.portOrders(tenantId, { wave: w.number, limit: 1000 })).items) if (o.submitBy < today && orderOpen(o)) out.port++;
    }
    if (w.uploadBy && w.uploadBy < today) {
      for (const o of (await plan.uploadOrders(tenantId, { wave: w.number, limit: 1000 })).items) if (o.uploadBy < today && orderOpen(o)) out.upload++;
    }
  }
  return out;
}
