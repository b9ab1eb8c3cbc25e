/**
 * The tenant switcher in the shell: shown only when the signed-in user may act for customer tenants.
 * Choosing one sets X-Tenant-Id on every later call (the API checks the grant each time); the pages
 * are remounted by the shell so nothing of the previous tenant stays on screen. The choices follow the
 * portfolio (see useTenantChoices); when the customer acted for is revoked, the tab is back on the
 * home tenant and a message says why.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import { useActingTenant, useTenantChoices } from './use-acting-tenant';

const useStyles = makeStyles({
  switcher: { display: 'flex', alignItems: 'center', gap: '8px', padding: '4px 0', color: tokens.colorNeutralForeground2, flexWrap: 'wrap', minWidth: 0, maxWidth: '100%' },
  // A select is as wide as its longest option (a customer's name): on a phone it is cut to the screen's
  // width instead of running off it.
  select: { minWidth: 0, maxWidth: '100%' },
  viewOnly: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

export function TenantSwitcher({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const acting = useActingTenant(api);
  const { choices, revoked, dismissRevoked } = useTenantChoices(api);

  const message = revoked && (
    <MessageBar intent="warning" data-testid="tenant-revoked">
      <MessageBarBody>You may no longer act for {revoked}: the planner is back on your own tenant.</MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={dismissRevoked}>
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
  if (!choices || choices.customers.length === 0) return message ? <div className={styles.switcher}>{message}</div> : null;
  const value = acting ?? choices.home.tenantId;
  // Every page shows its editing controls; the API refuses a viewer's changes. Said once, here, before they try.
  const viewOnly = choices.customers.some((c) => c.tenantId === acting && c.role === 'viewer');
  return (
    <div className={styles.switcher}>
      <label htmlFor="tenant-switcher">Tenant</label>
      <Select
        className={styles.select}
        id="tenant-switcher"
        data-testid="tenant-switcher"
        value={value}
        onChange={(_e, d) => {
          dismissRevoked();
          api.actingTenant.set(d.value === choices.home.tenantId ? undefined : d.value);
        }}
      >
        <option value={choices.home.tenantId}>{choices.home.displayName} (your tenant)</option>
        {choices.customers.map((c) => (
          <option key={c.tenantId} value={c.tenantId}>
            {c.displayName}
            {c.role === 'viewer' ? ' (view only)' : ''}
          </option>
        ))}
      </Select>
      {viewOnly && (
        <span className={styles.viewOnly} data-testid="tenant-view-only">
          View only: changes need the admin role
        </span>
      )}
      {message}
    </div>
  );
}
