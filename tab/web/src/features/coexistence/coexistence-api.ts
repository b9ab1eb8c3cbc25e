/** The Coexistence view's calls (GET /api/coexistence/*, /api/plan/*-orders): each one page or one small answer. */
import type { ApiClient } from '../../api-client';
import type { CollectionPage } from '../../../../../shared/store/store';
import type { DialPlan, ExtensionCollision } from '../../../../../shared/domain/plan';
import type { PortOrderRow as PlannedPortOrder, UploadOrderRow as PlannedUploadOrder } from '../../../../../shared/services/order-read-model';
// Types only: order-tracking.ts reads the store, and none of its code belongs in the tab's bundle.
import type { OrderTracking, Tracked, TrackOrderInput } from '../../../../../shared/services/order-tracking';
import type { CoexistenceOverview, CoexistenceRouteAnswer } from '../../../../../shared/services/coexistence-service';
import type { BlockSplitRow, CoexistenceRoute, CoexistenceRouteKind, SbcRuleSet } from '../../../../../shared/services/coexistence-read-model';

export type { CollectionPage, DialPlan, ExtensionCollision, CoexistenceOverview, CoexistenceRouteAnswer, OrderTracking, TrackOrderInput };
export type { BlockSplitRow, CoexistenceRoute, CoexistenceRouteKind, SbcRuleSet };

/** An order as the plan has it, with where it stands (`tracking`) and what needs doing about it (`trackingWarnings`). */
export type PortOrderRow = Tracked<PlannedPortOrder>;
export type UploadOrderRow = Tracked<PlannedUploadOrder>;
/** A page of orders, with the version of the orders' tracking an update is written against (null: nothing tracked yet). */
export type OrdersPage<R> = CollectionPage<R> & { trackingVersion: number | null };

export type Params = Record<string, string | number | boolean | undefined>;

/** `?a=1&b=x` from the values given (empty ones left out). */
export function query(params: Params): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `?${s}` : '';
}

export const coexistenceApi = {
  overview: (api: ApiClient) => api.call<CoexistenceOverview>('GET', '/coexistence'),
  blocks: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<CollectionPage<BlockSplitRow>>('GET', `/coexistence/blocks${query(p)}`, undefined, signal),
  sbcRules: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<CollectionPage<SbcRuleSet>>('GET', `/coexistence/sbc-rules${query(p)}`, undefined, signal),
  routes: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<CollectionPage<CoexistenceRoute>>('GET', `/coexistence/routes${query(p)}`, undefined, signal),
  dialPlans: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<CollectionPage<DialPlan>>('GET', `/coexistence/dial-plans${query(p)}`, undefined, signal),
  collisions: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<CollectionPage<ExtensionCollision>>('GET', `/coexistence/collisions${query(p)}`, undefined, signal),
  portOrders: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<OrdersPage<PortOrderRow>>('GET', `/plan/port-orders${query(p)}`, undefined, signal),
  uploadOrders: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<OrdersPage<UploadOrderRow>>('GET', `/plan/upload-orders${query(p)}`, undefined, signal),
  /**
   * Where an order stands now (`open` clears it), written against the `trackingVersion` of the list it
   * was read from: a 409 when someone changed the orders' tracking since. The version goes in the body
   * (the route takes it or If-Match): the API client sends no headers of the caller's.
   */
  trackOrder: (api: ApiClient, orderId: string, body: TrackOrderInput, version: number | null) =>
    api.call<{ version: number | null; tracking?: OrderTracking }>('PUT', `/plan/orders/${encodeURIComponent(orderId)}/tracking`, { ...body, expectedVersion: version }),
  /** One order's numbers, 1,000 at a time (an upload order holds up to 10,000). */
  orderNumbers: (api: ApiClient, orderId: string, offset: number) => api.call<CollectionPage<string>>('GET', `/plan/orders/${encodeURIComponent(orderId)}/numbers${query({ offset, limit: 1000 })}`),
  route: (api: ApiClient, p: { number: string; date: string; site?: string }) => api.call<CoexistenceRouteAnswer>('GET', `/coexistence/route${query(p)}`),
};
