/**
 * `vmp orders list`: the plan's port and upload orders a page at a time (port orders first), each with
 * its deadline and where it stands; `vmp orders track <id> --state ...`: records where one stands,
 * written against the tracking version just read and recorded in the history. The same use cases as
 * the Coexistence page's orders (`PUT /api/plan/orders/:id/tracking`), in the words and with the
 * validation of shared/services/order-tracking.ts.
 */
import { counted } from '../../shared/domain/counted';
import {
  describeOrderStanding,
  describeOrderState,
  findOrderRow,
  OrderNotFoundError,
  orderTrackingSummary,
  OrderTrackingInputError,
  parseTrackOrderInput,
  PORT_ORDER_STATES,
  trackOrder,
  UPLOAD_ORDER_STATES,
  type OrderState,
  type Tracked,
  type TrackOrderInput,
} from '../../shared/services/order-tracking';
import type { PortOrderRow, UploadOrderRow } from '../../shared/services/order-read-model';
import { PLAN_DOCUMENT } from '../../shared/services/plan-read-model';
import { NoPlanError, type PlanService } from '../../shared/services/plan-service';
import type { Store } from '../../shared/store/store';
import { CliError, EXIT, GlobalOptions, printResult, wholeNumberOption } from '../cli-context';
import { withTenantStore } from '../open-store';
import { withTenant } from '../services';

export interface OrdersListOptions {
  wave?: string;
  kind?: string;
  state?: string;
  offset?: string;
  limit?: string;
}

export interface OrdersTrackOptions {
  state?: string;
  reference?: string;
  focDate?: string;
  note?: string;
}

type OrderKind = 'port' | 'upload';
/** An order's state as `--state` names it: `open` while nothing is recorded. */
type ListedState = OrderState | 'open';

const ORDERS_PAGE_MAX = 100;
/** Orders read at a time while looking for those of one state: a plan has a few thousand at most. */
const SCAN_CHUNK = 100;
/** The states each kind of order moves through (besides open). */
const STATES_OF: Record<OrderKind, readonly OrderState[]> = { port: PORT_ORDER_STATES, upload: UPLOAD_ORDER_STATES };
const LISTED_STATES: readonly string[] = ['open', ...PORT_ORDER_STATES, ...UPLOAD_ORDER_STATES];
const KIND_WORDS: Record<OrderKind, string> = { port: 'port order', upload: 'upload order' };
/** Who the history says wrote from the command line, as the other CLI writes say. */
const ACTOR = 'cli';

const NO_PLAN = 'There is no plan yet, so no port or upload orders: run `vmp plan` first.';

type ListedOrder = { kind: 'port'; order: Tracked<PortOrderRow> } | { kind: 'upload'; order: Tracked<UploadOrderRow> };

interface OrdersQuery {
  kinds: readonly OrderKind[];
  wave?: number;
  state?: ListedState;
  offset: number;
  limit: number;
}

/** A page of orders; `total` only when every order counts (one state's are found by reading, not counted). */
interface OrdersPage {
  items: ListedOrder[];
  total?: number;
  hasMore: boolean;
}

const stateOf = (o: ListedOrder): ListedState => o.order.tracking?.state ?? 'open';

/** One page of one kind's orders (of one wave), with their tracking, as the plan service reads them. */
async function readOrders(plan: PlanService, tenantId: string, kind: OrderKind, query: { wave?: number; offset: number; limit: number }): Promise<{ items: ListedOrder[]; total: number }> {
  if (kind === 'port') {
    const page = await plan.portOrders(tenantId, query);
    return { total: page.total, items: page.items.map((order) => ({ kind, order })) };
  }
  const page = await plan.uploadOrders(tenantId, query);
  return { total: page.total, items: page.items.map((order) => ({ kind, order })) };
}

/** Every order counts: the offset is read from directly, each kind's total known from one read. */
async function pageAllOrders(plan: PlanService, tenantId: string, q: OrdersQuery): Promise<OrdersPage> {
  const items: ListedOrder[] = [];
  let skip = q.offset;
  let total = 0;
  for (const kind of q.kinds) {
    // A full page still reads one order of the next kind: its total is part of the answer.
    const page = await readOrders(plan, tenantId, kind, { wave: q.wave, offset: skip, limit: Math.max(1, q.limit - items.length) });
    items.push(...page.items.slice(0, q.limit - items.length));
    total += page.total;
    skip = Math.max(0, skip - page.total);
  }
  return { items, total, hasMore: q.offset + items.length < total };
}

/**
 * Only the orders of one state: the orders are read a chunk at a time and filtered while reading, until
 * the page and one more are found (which says whether there is a next page) or the orders run out.
 */
async function pageOrdersInState(plan: PlanService, tenantId: string, q: OrdersQuery & { state: ListedState }): Promise<OrdersPage> {
  const found: ListedOrder[] = [];
  let skip = q.offset;
  for (const kind of q.kinds) {
    for (let at = 0; found.length <= q.limit; at += SCAN_CHUNK) {
      const page = await readOrders(plan, tenantId, kind, { wave: q.wave, offset: at, limit: SCAN_CHUNK });
      for (const o of page.items) {
        if (stateOf(o) !== q.state) continue;
        if (skip > 0) skip -= 1;
        else if (found.length <= q.limit) found.push(o);
      }
      if (at + SCAN_CHUNK >= page.total) break;
    }
  }
  return { items: found.slice(0, q.limit), hasMore: found.length > q.limit };
}

/** The kinds to read: the one asked for, else those an order of the state asked for can be. */
function kindsOf(kind: OrderKind | undefined, state: ListedState | undefined): OrderKind[] {
  if (kind) {
    if (state !== undefined && state !== 'open' && !STATES_OF[kind].includes(state)) {
      throw new CliError(`--state "${state}" is no state of ${kind === 'port' ? 'a' : 'an'} ${KIND_WORDS[kind]} (open, ${STATES_OF[kind].join(', ')}).`, EXIT.badInput);
    }
    return [kind];
  }
  return (['port', 'upload'] as const).filter((k) => state === undefined || state === 'open' || STATES_OF[k].includes(state));
}

function parseListOptions(cmd: OrdersListOptions): OrdersQuery & { kind?: OrderKind } {
  const offset = wholeNumberOption(cmd.offset ?? '0', '--offset', 0);
  const limit = wholeNumberOption(cmd.limit ?? '20', '--limit', 1, ORDERS_PAGE_MAX);
  const wave = cmd.wave === undefined ? undefined : wholeNumberOption(cmd.wave, '--wave', 0);
  if (cmd.kind !== undefined && cmd.kind !== 'port' && cmd.kind !== 'upload') throw new CliError(`--kind "${cmd.kind}" is no kind of order: port or upload.`, EXIT.badInput);
  if (cmd.state !== undefined && !LISTED_STATES.includes(cmd.state)) throw new CliError(`--state "${cmd.state}" is no order state: ${LISTED_STATES.join(', ')}.`, EXIT.badInput);
  const kind = cmd.kind as OrderKind | undefined;
  const state = cmd.state as ListedState | undefined;
  return { offset, limit, wave, kind, state, kinds: kindsOf(kind, state) };
}

/** "Port orders of wave 2 that are submitted": what the page lists. */
function describeQuery(q: { kind?: OrderKind; wave?: number; state?: ListedState }, tenantId: string): string {
  const what = q.kind ? `${q.kind === 'port' ? 'Port' : 'Upload'} orders` : 'Port and upload orders';
  const state = q.state === undefined ? '' : ` that are ${q.state === 'open' ? 'open (nothing recorded yet)' : describeOrderState({ state: q.state })}`;
  return `${what}${q.wave === undefined ? '' : ` of wave ${q.wave}`} of tenant ${tenantId}${state}`;
}

function orderLines({ kind, order }: ListedOrder, idWidth: number): string[] {
  const via = kind === 'port' ? `port from ${order.carrier}` : `upload to ${order.sbcId}`;
  const deadline = kind === 'port' ? `submit by ${order.submitBy}` : `upload by ${order.uploadBy}`;
  const line = `  ${order.id.padEnd(idWidth)}  wave ${order.waveNumber}  ${via}  ${counted(order.numberCount, 'number')}  ${deadline}  ${describeOrderStanding(kind, order.tracking)}`;
  return [line, ...(order.trackingWarnings ?? []).map((w) => `      ${w}`)];
}

function formatPage(page: OrdersPage & { offset: number; limit: number }, heading: string): string {
  if (page.items.length === 0) return `${heading}: none${page.offset > 0 ? ` after the first ${page.offset}` : ''}.`;
  const count = page.total === undefined ? '' : ` ${counted(page.total, 'order')};`;
  const shown = `${page.offset + 1}-${page.offset + page.items.length}${page.hasMore ? ` (next page: --offset ${page.offset + page.limit})` : ''}`;
  // The ids padded to the page's longest: the columns after them line up.
  const idWidth = Math.max(...page.items.map((o) => o.order.id.length));
  return [`${heading}:${count} showing ${shown}`, ...page.items.flatMap((o) => orderLines(o, idWidth))].join('\n');
}

export async function runOrdersList(options: GlobalOptions, cmd: OrdersListOptions): Promise<void> {
  const q = parseListOptions(cmd);
  await withTenant(options, async (services, tenantId) => {
    const { waves } = await services.plan.waves(tenantId).catch((err: unknown) => {
      throw err instanceof NoPlanError ? new CliError(NO_PLAN, EXIT.badInput) : err;
    });
    if (q.wave !== undefined && !waves.some((w) => w.number === q.wave)) {
      const numbers = waves.map((w) => w.number);
      const has = numbers.length ? `its waves are ${Math.min(...numbers)} to ${Math.max(...numbers)}` : 'it has none';
      throw new CliError(`--wave ${q.wave} is no wave of the plan (${has}).`, EXIT.badInput);
    }
    const [page, tracking] = await Promise.all([
      q.state === undefined ? pageAllOrders(services.plan, tenantId, q) : pageOrdersInState(services.plan, tenantId, { ...q, state: q.state }),
      orderTrackingSummary(services.store, tenantId),
    ]);
    const result = {
      tenantId,
      trackingVersion: tracking.version,
      ...(q.wave !== undefined && { wave: q.wave }),
      ...(q.kind && { kind: q.kind }),
      ...(q.state && { state: q.state }),
      offset: q.offset,
      limit: q.limit,
      ...page,
    };
    printResult(options, result, () => formatPage(result, describeQuery(q, tenantId)));
  });
}

/** The option each field of an order update comes from; the short values are quoted back. */
const OPTION_OF: Record<string, { flag: string; field: keyof OrdersTrackOptions; quoted: boolean }> = {
  '$.state': { flag: '--state', field: 'state', quoted: true },
  '$.focDate': { flag: '--foc-date', field: 'focDate', quoted: true },
  '$.reference': { flag: '--reference', field: 'reference', quoted: false },
  '$.note': { flag: '--note', field: 'note', quoted: false },
};

/** The service's issues in the options' names: `--foc-date "2027-02-30": expected a date as yyyy-mm-dd`. */
function inputError(err: OrderTrackingInputError, cmd: OrdersTrackOptions, order?: string): CliError {
  const issues = err.issues.map((i) => {
    const option = OPTION_OF[i.path];
    const value = option && cmd[option.field];
    const named = option ? `${option.flag}${option.quoted && value !== undefined ? ` "${value}"` : ''}` : i.path;
    return `${named}${order ? ` for ${order}` : ''}: ${i.message}`;
  });
  return new CliError(`${issues.join('; ')}; nothing was saved.`, EXIT.badInput, { issues: err.issues });
}

/** An order the plan does not have; with no plan at all, that comes first. */
async function unknownOrder(store: Store, tenantId: string, orderId: string): Promise<CliError> {
  if (!(await store.getDocumentVersion(tenantId, PLAN_DOCUMENT))) return new CliError(NO_PLAN, EXIT.badInput);
  return new CliError(`The plan has no order ${orderId}: \`vmp orders list\` lists its orders (a plan build may have renamed it).`, EXIT.badInput);
}

/** "upload order UO-W3-sbc-eu-1": the order an error names (read only when the update was refused). */
async function orderNamed(store: Store, tenantId: string, orderId: string): Promise<string | undefined> {
  const found = await findOrderRow(store, tenantId, orderId);
  return found && `${KIND_WORDS[found.kind]} ${orderId}`;
}

/** The options as an order update, checked before the database is opened. */
function parseTrackOptions(cmd: OrdersTrackOptions): TrackOrderInput {
  try {
    return parseTrackOrderInput({ state: cmd.state, reference: cmd.reference, focDate: cmd.focDate, note: cmd.note });
  } catch (err) {
    throw err instanceof OrderTrackingInputError ? inputError(err, cmd) : err;
  }
}

export async function runOrdersTrack(options: GlobalOptions, orderId: string, cmd: OrdersTrackOptions): Promise<void> {
  const input = parseTrackOptions(cmd);
  await withTenantStore(options, async (store, tenantId) => {
    const { version } = await orderTrackingSummary(store, tenantId);
    let result: Awaited<ReturnType<typeof trackOrder>>;
    try {
      result = await trackOrder(store, tenantId, orderId, input, version, ACTOR, new Date());
    } catch (err) {
      if (err instanceof OrderTrackingInputError) throw inputError(err, cmd, await orderNamed(store, tenantId, orderId));
      if (err instanceof OrderNotFoundError) throw await unknownOrder(store, tenantId, orderId);
      throw err;
    }
    const found = result.order;
    const unchanged = result.version === version;
    const words = result.tracking ? describeOrderState(result.tracking) : `open (${describeOrderStanding(found.kind, undefined)})`;
    const named = `${found.kind === 'port' ? 'Port' : 'Upload'} order ${orderId} (wave ${found.row.waveNumber}, ${found.kind === 'port' ? found.row.carrier : found.row.sbcId})`;
    printResult(options, { tenantId, orderId, kind: found.kind, unchanged, version: result.version, tracking: result.tracking ?? null }, () =>
      unchanged ? `${named} was already ${words}: unchanged.` : `${named} is now ${words}; order tracking version ${result.version}.`,
    );
  });
}
