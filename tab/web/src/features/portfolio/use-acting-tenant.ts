/** The tenant the tab acts for (undefined = the signed-in one), re-rendering when the switcher changes it. */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api-client';

export function useActingTenant(api: ApiClient | undefined): string | undefined {
  const [acting, setActing] = useState(api?.actingTenant.current);
  useEffect(() => {
    if (!api) return;
    setActing(api.actingTenant.current);
    return api.actingTenant.subscribe(setActing);
  }, [api]);
  return acting;
}
