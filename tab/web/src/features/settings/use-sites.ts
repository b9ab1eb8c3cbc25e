/** Every site of the snapshot by id and name, by name (for site pickers). */
import { useMemo } from 'react';
import type { ApiClient } from '../../api-client';
import { useSiteList } from '../../hooks/use-site-list';
import type { SiteOption } from './FormControls';

export function useSites(api: ApiClient): SiteOption[] {
  const { sites } = useSiteList(api);
  return useMemo(() => sites.map((s) => ({ id: s.id, name: s.name })), [sites]);
}
