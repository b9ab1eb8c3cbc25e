/**
 * The use cases that the tab API, the bot and the CLI all call. Delivery layers stay thin: they
 * authenticate, parse input, call one of these and format the answer. New use cases are added here.
 */
import type { Store } from '../store/store';
import { getTenantStatus, TenantStatus } from './status-service';

export interface AppServices {
  readonly store: Store;
  /** The clock, injected so that plans and tests are deterministic. */
  readonly now: () => Date;
  status(tenantId: string): Promise<TenantStatus>;
  close(): Promise<void>;
}

export function createAppServices(store: Store, now: () => Date = () => new Date()): AppServices {
  return {
    store,
    now,
    status: (tenantId) => getTenantStatus(store, tenantId),
    close: () => store.close(),
  };
}
