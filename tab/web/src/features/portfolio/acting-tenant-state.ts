/**
 * The customer tenant an MSP user acts for in this tab session: sent as X-Tenant-Id by the API client,
 * chosen in the tenant switcher or by clicking a customer on the Portfolio page. Kept in session
 * storage so a reload stays on the customer; undefined = the signed-in tenant.
 */
const KEY = 'vmp.actingTenant';

export interface ActingTenant {
  readonly current: string | undefined;
  set(tenantId: string | undefined): void;
  /** Called after every change; returns the unsubscribe. */
  subscribe(listener: (tenantId: string | undefined) => void): () => void;
}

function stored(): string | undefined {
  try {
    return sessionStorage.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function createActingTenant(): ActingTenant {
  let current = stored();
  const listeners = new Set<(tenantId: string | undefined) => void>();
  return {
    get current() {
      return current;
    },
    set(tenantId) {
      if (tenantId === current) return;
      current = tenantId;
      try {
        if (tenantId) sessionStorage.setItem(KEY, tenantId);
        else sessionStorage.removeItem(KEY);
      } catch {
        // Storage refused (private mode): the choice lasts until the page reloads.
      }
      for (const l of listeners) l(tenantId);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
