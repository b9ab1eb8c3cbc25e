/**
 * Every site of the tenant with its people count, by name: what the Sites, Blockers, Coexistence,
 * Plan and Settings pages name sites and offer site choices from (GET /api/sites).
 */
import { useMemo } from 'react';
import type { ApiClient } from '../api-client';
import type { SiteFacet } from '../../../../shared/services/people-query';
import { useAsync, type AsyncState } from './use-async';

export interface SiteList extends AsyncState<SiteFacet[]> {
  /** The sites by name. */
  sites: SiteFacet[];
  /** A site's name, or its id when the list does not have it (yet). */
  nameOf: (id: string) => string;
}

export function useSiteList(api: ApiClient): SiteList {
  const state = useAsync(() => api.allSites(), [api]);
  // Recomputed when the list arrives, not on every render: pages keep nameOf in their callbacks' deps.
  const named = useMemo(() => {
    const sites = [...(state.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const names = new Map(sites.map((s) => [s.id, s.name]));
    return { sites, nameOf: (id: string) => names.get(id) ?? id };
  }, [state.data]);
  return { ...state, ...named };
}
