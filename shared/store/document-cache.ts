/**
 * Parsed documents kept while their version is unchanged. A request path that shows a document's
 * contents (the plan's header, the decisions header) reads its version - one small row - and parses
 * the document only after a write; another instance's write changes the version too.
 */
import type { Store, Versioned } from './store';

/** Documents kept per cache: a few kinds for a few tenants. */
const KEPT = 64;

export interface DocumentCache {
  get<T>(tenantId: string, kind: string): Promise<Versioned<T> | undefined>;
}

export function createDocumentCache(store: Store): DocumentCache {
  const kept = new Map<string, Versioned<unknown>>();
  return {
    async get<T>(tenantId: string, kind: string): Promise<Versioned<T> | undefined> {
      const key = `${tenantId}\n${kind}`;
      const current = await store.getDocumentVersion(tenantId, kind);
      if (!current) {
        kept.delete(key);
        return undefined;
      }
      const hit = kept.get(key);
      if (hit && hit.version === current.version) return hit as Versioned<T>;
      const doc = await store.getDocument<T>(tenantId, kind);
      if (!doc) return undefined;
      kept.delete(key);
      kept.set(key, doc);
      while (kept.size > KEPT) kept.delete(kept.keys().next().value!);
      return doc;
    },
  };
}
