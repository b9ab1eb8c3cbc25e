/** Every site of the snapshot by id and name (for site pickers): the People route's site facet, one small request. */
import type { ApiClient } from '../../api-client';
import { useAsync } from '../../hooks/use-async';
import type { SiteOption } from './FormControls';

export function useSites(api: ApiClient): SiteOption[] {
  const facets = useAsync(() => api.people({ offset: 0, limit: 1, facets: 'sites' }), [api]);
  return (facets.data?.sites ?? []).map((s) => ({ id: s.id, name: s.name })).sort((a, b) => a.name.localeCompare(b.name));
}
