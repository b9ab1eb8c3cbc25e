/**
 * The tenant the tab acts for (undefined = the signed-in one), and the switcher's choices kept fresh:
 * read again when the portfolio changes in this tab, when the window regains focus, and every few
 * minutes, so a grant shows up and a revoke takes effect without a reload. A customer the user may no
 * longer act for is dropped: the tab falls back to the home tenant and says so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../../api-client';
import { tenantChoices, type TenantChoices } from './portfolio-api';
import { onPortfolioChange } from './portfolio-changes';

export function useActingTenant(api: ApiClient | undefined): string | undefined {
  const [acting, setActing] = useState(api?.actingTenant.current);
  useEffect(() => {
    if (!api) return;
    setActing(api.actingTenant.current);
    return api.actingTenant.subscribe(setActing);
  }, [api]);
  return acting;
}

/** How often the choices are read again while the tab stays open (a revoke elsewhere shows within this). */
export const TENANT_CHOICES_REFRESH_MS = 3 * 60_000;

export interface TenantChoicesState {
  choices?: TenantChoices;
  /** Set when the customer acted for was revoked or unlinked: its name, for the message. */
  revoked?: string;
  dismissRevoked(): void;
}

export function useTenantChoices(api: ApiClient, refreshMs = TENANT_CHOICES_REFRESH_MS): TenantChoicesState {
  const acting = useActingTenant(api);
  const [choices, setChoices] = useState<TenantChoices>();
  const [revoked, setRevoked] = useState<string>();
  // Names of the customers seen so far: a revoked customer is no longer in the answer that drops it.
  const names = useRef(new Map<string, string>());
  const latest = useRef(0);

  const refresh = useCallback(() => {
    const id = ++latest.current;
    tenantChoices(api)
      .then((c) => {
        if (id !== latest.current) return;
        for (const x of c.customers) names.current.set(x.tenantId, x.displayName);
        setChoices(c);
        const chosen = api.actingTenant.current;
        if (chosen && chosen !== c.home.tenantId && !c.customers.some((x) => x.tenantId === chosen)) {
          setRevoked(names.current.get(chosen) ?? chosen);
          api.actingTenant.set(undefined);
        }
      })
      // Unreachable for a moment: keep what is shown; the next focus or tick tries again.
      .catch(() => undefined);
  }, [api]);

  useEffect(refresh, [refresh, acting]);
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && refresh();
    window.addEventListener('focus', refresh);
    document.addEventListener('visibilitychange', onVisible);
    const timer = window.setInterval(refresh, refreshMs);
    const unsubscribe = onPortfolioChange(refresh);
    return () => {
      window.removeEventListener('focus', refresh);
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(timer);
      unsubscribe();
    };
  }, [refresh, refreshMs]);

  return { choices, revoked, dismissRevoked: useCallback(() => setRevoked(undefined), []) };
}
