/**
 * "The portfolio changed here": the portfolio settings announce a successful link, unlink, grant or
 * revoke, and the tenant switcher (in the shell, far from the Portfolio page) reads its choices again
 * at once instead of on the next reload. A plain in-page signal: changes made elsewhere are picked up
 * by the switcher on window focus and on its timer (use-acting-tenant.ts).
 */
const listeners = new Set<() => void>();

export function announcePortfolioChange(): void {
  for (const l of listeners) l();
}

/** Returns the unsubscribe. */
export function onPortfolioChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
