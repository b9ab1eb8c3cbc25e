/**
 * The tenant switcher in the shell: shown only when the signed-in user may act for customer tenants.
 * Choosing one sets X-Tenant-Id on every later call (the API checks the grant each time); the pages
 * are remounted by the shell so nothing of the previous tenant stays on screen.
 */
import { useEffect, useState } from 'react';
import { Select, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import { tenantChoices, type TenantChoices } from './portfolio-api';

const useStyles = makeStyles({
  switcher: { display: 'flex', alignItems: 'center', gap: '8px', padding: '4px 12px', color: tokens.colorNeutralForeground2 },
});

export function TenantSwitcher({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const [choices, setChoices] = useState<TenantChoices>();
  const [acting, setActing] = useState(api.actingTenant.current);

  useEffect(() => api.actingTenant.subscribe(setActing), [api]);
  useEffect(() => {
    let live = true;
    tenantChoices(api)
      .then((c) => {
        if (!live) return;
        setChoices(c);
        // A customer no longer granted (revoked, unlinked) is dropped rather than answering 403 everywhere.
        const chosen = api.actingTenant.current;
        if (chosen && chosen !== c.home.tenantId && !c.customers.some((x) => x.tenantId === chosen)) api.actingTenant.set(undefined);
      })
      .catch(() => live && setChoices(undefined));
    return () => {
      live = false;
    };
  }, [api, acting]);

  if (!choices || choices.customers.length === 0) return null;
  const value = acting ?? choices.home.tenantId;
  return (
    <div className={styles.switcher}>
      <label htmlFor="tenant-switcher">Tenant</label>
      <Select
        id="tenant-switcher"
        data-testid="tenant-switcher"
        value={value}
        onChange={(_e, d) => api.actingTenant.set(d.value === choices.home.tenantId ? undefined : d.value)}
      >
        <option value={choices.home.tenantId}>{choices.home.displayName} (your tenant)</option>
        {choices.customers.map((c) => (
          <option key={c.tenantId} value={c.tenantId}>
            {c.displayName}
            {c.role === 'viewer' ? ' (view only)' : ''}
          </option>
        ))}
      </Select>
    </div>
  );
}
