/** The Coexistence view's calls (GET /api/coexistence/*, /api/plan/*-orders): each one page or one small answer. */
import type { ApiClient } from '../../api-client';
import type { CollectionPage } from '../../../../../shared/store/store';
import type { DialPlan, ExtensionCollision } from '../../../../../shared/domain/plan';
import type { PortOrderRow, UploadOrderRow } from '../../../../../shared/services/order-read-model';
import type { CoexistenceOverview, CoexistenceRouteAnswer } from '../../../../../shared/services/coexistence-service';
import type { BlockSplitRow, CoexistenceRoute, CoexistenceRouteKind, SbcRuleSet } from '../../../../../shared/services/coexistence-read-model';

export type { CollectionPage, DialPlan, ExtensionCollision, PortOrderRow, UploadOrderRow, CoexistenceOverview, CoexistenceRouteAnswer };
export type { BlockSplitRow, CoexistenceRoute, CoexistenceRouteKind, SbcRuleSet };

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
  portOrders: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<CollectionPage<PortOrderRow>>('GET', `/plan/port-orders${query(p)}`, undefined, signal),
  uploadOrders: (api: ApiClient, p: Params, signal?: AbortSignal) => api.call<CollectionPage<UploadOrderRow>>('GET', `/plan/upload-orders${query(p)}`, undefined, signal),
  /** One order's numbers, 1,000 at a time (an upload order holds up to 10,000). */
  orderNumbers: (api: ApiClient, orderId: string, offset: number) => api.call<CollectionPage<string>>('GET', `/plan/orders/${encodeURIComponent(orderId)}/numbers${query({ offset, limit: 1000 })}`),
  route: (api: ApiClient, p: { number: string; date: string; site?: string }) => api.call<CoexistenceRouteAnswer>('GET', `/coexistence/route${query(p)}`),
};
