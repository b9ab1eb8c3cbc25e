/**
 * Where the planning settings are stored, and their version alone. Apart from the decision service (its
 * validation and the decisions it computes), so that a reader of the version (`vmp status`, asking
 * whether the plan is stale) loads neither.
 */
import type { Store } from '../store/store';

export const SETTINGS_DOCUMENT = 'planning-settings';

/** The stored settings' version, without reading the settings (2,000 sites' decisions); null before the first save. */
export async function settingsVersion(store: Store, tenantId: string): Promise<number | null> {
  return (await store.getDocumentVersion(tenantId, SETTINGS_DOCUMENT))?.version ?? null;
}
