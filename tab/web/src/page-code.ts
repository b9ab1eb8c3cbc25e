/**
 * A page's code, loaded on its first visit, and the lazy component that shows it.
 *
 * Why not plain `React.lazy(() => import(...))`: a lazy component whose code has arrived still
 * suspends the first time it renders (the import's promise settles a tick later), so the shell shows
 * its "Loading…" fallback - and React then holds the page back until 300 ms after that fallback
 * appeared, to reveal nearby boundaries together. For the first view that wait was most of the time
 * to the first rows. Here a page whose code is loaded renders at once, and the shell can wait for the
 * first view's code (fetched while it connects to its host) before it renders the page at all.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface PageCode<M> {
  /** Loads the module once; later calls answer the same promise. */
  load(): Promise<M>;
  /** The module, once loaded. */
  readonly loaded?: M;
}

export function pageCode<M>(importer: () => Promise<M>): PageCode<M> {
  let pending: Promise<M> | undefined;
  const code: { load(): Promise<M>; loaded?: M } = {
    load: () =>
      (pending ??= importer().then(
        (m) => (code.loaded = m),
        (err: unknown) => {
          // A failed fetch (a new deployment, a dropped connection) is tried again on the next visit.
          pending = undefined;
          throw err;
        },
      )),
  };
  return code;
}

/**
 * The lazy component `name` of a page module. React reads a thenable that calls back at once as
 * already resolved, so a loaded page never suspends.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M>(code: PageCode<M>, name: K): LazyExoticComponent<M[K]> {
  type Loaded = { default: M[K] };
  const pick = (m: M): Loaded => ({ default: m[name] });
  return lazy<M[K]>(() => {
    const loaded = code.loaded;
    if (loaded) return { then: (resolve: (value: Loaded) => void) => resolve(pick(loaded)) } as PromiseLike<Loaded> as Promise<Loaded>;
    return code.load().then(pick);
  });
}
