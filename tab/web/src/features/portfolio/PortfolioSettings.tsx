/**
 * Portfolio settings for an MSP tenant's admins: link and unlink (after a confirmation) customer tenants, grant and revoke
 * users (object id or UPN) and groups (object id) as admin or viewer. Every change carries the version
 * read; a change made meanwhile by someone else shows as a conflict and the list reloads. A link that is
 * refused is said at the tenant id: a customer that already uses the app here is linked only once its
 * own admins allow this MSP (the message says where they do it).
 */
import { useRef, useState } from 'react';
import {
  Button,
  Field,
  Input,
  Select,
  Spinner,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SidewaysScroll } from '../../components/SidewaysScroll';
import { ApiError, type ApiClient } from '../../api-client';
import { ErrorBar } from '../../components/Feedback';
import { useAsync } from '../../hooks/use-async';
import { grantAccess, linkCustomer, portfolioMapping, revokeAccess, setGraphAccess, unlinkCustomer } from './portfolio-api';
import { announcePortfolioChange } from './portfolio-changes';
import { useReturnFocus } from '../../components/use-return-focus';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  form: { display: 'flex', gap: '8px', alignItems: 'flex-end', flexWrap: 'wrap' },
  grants: { display: 'flex', flexDirection: 'column', gap: '4px' },
  grant: { display: 'flex', gap: '8px', alignItems: 'center' },
  // Wide enough for its placeholder ("UPN, object id or group:<id>"), which was cut at the default width.
  who: { flexGrow: 1, minWidth: '240px' },
  // Room for a refusal under the id (it says what the customer's admin must do), within a phone's width.
  tenantField: { maxWidth: '560px', minWidth: 0 },
});

/**
 * A refused link said at the tenant id: the id itself is wrong (400 at $.tenantId), or the tenant may not
 * be linked from here (403: another MSP's customer, an MSP tenant, or a customer holding data whose
 * admins have not allowed this MSP - the message says what they must do).
 */
function linkRefusal(e: unknown): string | undefined {
  if (!(e instanceof ApiError)) return undefined;
  return e.status === 403 || e.issues.some((i) => i.path === '$.tenantId') ? e.message : undefined;
}

export function PortfolioSettings({ api, onChanged }: { api: ApiClient; onChanged: () => void }) {
  const styles = useStyles();
  const mapping = useAsync(() => portfolioMapping(api), [api]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [tenantId, setTenantId] = useState('');
  const [name, setName] = useState('');
  /** Why the last link was refused, shown at the tenant id: a wrong id, or a customer whose admins have not consented. */
  const [linkError, setLinkError] = useState<string>();
  const tenantInput = useRef<HTMLInputElement>(null);
  const [who, setWho] = useState<Record<string, string>>({});
  const [role, setRole] = useState<Record<string, 'admin' | 'viewer'>>({});
  /** The customer whose unlink waits for the admin's confirmation: it takes every grant on it away. */
  const [unlinking, setUnlinking] = useState<{ tenantId: string; displayName: string; grants: number }>();
  useReturnFocus(unlinking !== undefined);

  /** `atField`: the message to show at a field instead of above the form, for the errors that belong there. */
  async function change(run: (version: number | null) => Promise<unknown>, atField?: (e: unknown) => string | undefined) {
    setBusy(true);
    setError(undefined);
    try {
      await run(mapping.data?.version ?? null);
      onChanged();
      // The shell's tenant switcher reads its choices again (a new grant, a revoked customer).
      announcePortfolioChange();
      return true;
    } catch (e) {
      const message = atField?.(e);
      if (message) setLinkError(message);
      else setError(e);
      return false;
    } finally {
      mapping.reload();
      setBusy(false);
    }
  }

  const view = mapping.data;
  return (
    <section className={styles.section} aria-labelledby="portfolio-settings-title" data-testid="portfolio-settings">
      <Subtitle1 as="h2" id="portfolio-settings-title">Portfolio settings</Subtitle1>
      {error !== undefined && <ErrorBar error={error} />}
      {mapping.error !== undefined && <ErrorBar error={mapping.error} onRetry={mapping.reload} />}
      {!view && mapping.loading && <Spinner size="tiny" />}
      <form
        className={styles.form}
        onSubmit={(e) => {
          e.preventDefault();
          setLinkError(undefined);
          void change((v) => linkCustomer(api, tenantId.trim(), name.trim(), v), linkRefusal).then((ok) => {
            if (ok) {
              setTenantId('');
              setName('');
            } else tenantInput.current?.focus();
          });
        }}
      >
        <Field label="Customer tenant id" className={styles.tenantField} validationState={linkError ? 'error' : 'none'} validationMessage={linkError}>
          <Input
            ref={tenantInput}
            value={tenantId}
            onChange={(_e, d) => {
              setTenantId(d.value);
              setLinkError(undefined);
            }}
            placeholder="00000000-0000-0000-0000-000000000000"
            data-testid="link-tenant-id"
          />
        </Field>
        <Field label="Name">
          <Input value={name} onChange={(_e, d) => setName(d.value)} data-testid="link-name" />
        </Field>
        <Button type="submit" appearance="primary" disabled={busy || !tenantId.trim() || !name.trim()} data-testid="link-customer">
          Link customer
        </Button>
      </form>
      {view && view.customers.length > 0 && (
        <SidewaysScroll minWidth={760}>
          <Table aria-label="Customer tenants and who may act for them" size="small" data-testid="mapping-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Customer</TableHeaderCell>
                <TableHeaderCell>Who may act for it</TableHeaderCell>
                <TableHeaderCell>Grant</TableHeaderCell>
                <TableHeaderCell aria-label="Unlink" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {view.customers.map((c) => (
                <TableRow key={c.tenantId} data-testid="mapping-row" data-tenant={c.tenantId}>
                  <TableCell>
                    {c.displayName}
                    <br />
                    <small>{c.tenantId}</small>
                    <br />
                    {/* Syncs of a delegated customer act on behalf of the user starting them, a guest admin there. */}
                    <Select
                      aria-label={`How Graph reaches ${c.displayName}`}
                      size="small"
                      disabled={busy}
                      value={c.graphAccess ?? 'app-only'}
                      onChange={(_e, d) => void change((v) => setGraphAccess(api, c.tenantId, d.value as 'app-only' | 'delegated', v))}
                      data-testid="graph-access"
                    >
                      <option value="app-only">app-only (admin consent)</option>
                      <option value="delegated">delegated (guest admins)</option>
                    </Select>
                  </TableCell>
                  <TableCell>
                    <div className={styles.grants}>
                      {c.grants.length === 0 && <span>nobody yet</span>}
                      {c.grants.map((g) => (
                        <span key={`${g.principal.kind}:${g.principal.id}`} className={styles.grant} data-testid="grant">
                          {g.role}: {g.principal.kind === 'group' ? `group ${g.principal.id}` : g.principal.id}
                          <Button
                            size="small"
                            disabled={busy}
                            aria-label={`Revoke ${g.principal.id}`}
                            data-testid="revoke"
                            onClick={() => void change((v) => revokeAccess(api, c.tenantId, g.principal.kind === 'group' ? 'group' : 'user', g.principal.id, v))}
                          >
                            Revoke
                          </Button>
                        </span>
                      ))}
                    </div>
                  </TableCell>
                  <TableCell>
                    <form
                      className={styles.form}
                      onSubmit={(e) => {
                        e.preventDefault();
                        const value = (who[c.tenantId] ?? '').trim();
                        // A group is named by object id with a "group:" prefix; anything else is a user (object id or UPN).
                        const principal = value.toLowerCase().startsWith('group:') ? { group: value.slice(6).trim() } : { user: value };
                        void change((v) => grantAccess(api, c.tenantId, principal, role[c.tenantId] ?? 'admin', v)).then((ok) => ok && setWho({ ...who, [c.tenantId]: '' }));
                      }}
                    >
                      <Input
                        aria-label={`User (object id or UPN) or group:<object id> for ${c.displayName}`}
                        placeholder="UPN, object id or group:<id>"
                        className={styles.who}
                        value={who[c.tenantId] ?? ''}
                        onChange={(_e, d) => setWho({ ...who, [c.tenantId]: d.value })}
                        data-testid="grant-who"
                      />
                      <Select aria-label="Role" value={role[c.tenantId] ?? 'admin'} onChange={(_e, d) => setRole({ ...role, [c.tenantId]: d.value as 'admin' | 'viewer' })} data-testid="grant-role">
                        <option value="admin">admin</option>
                        <option value="viewer">viewer</option>
                      </Select>
                      <Button type="submit" disabled={busy || !(who[c.tenantId] ?? '').trim()} data-testid="grant-submit">
                        Grant
                      </Button>
                    </form>
                  </TableCell>
                  <TableCell>
                    <Button disabled={busy} data-testid="unlink" onClick={() => setUnlinking({ tenantId: c.tenantId, displayName: c.displayName, grants: c.grants.length })}>
                      Unlink
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </SidewaysScroll>
      )}
      <ConfirmDialog
        open={unlinking !== undefined}
        id="unlink-what"
        title={`Unlink ${unlinking?.displayName ?? ''}?`}
        confirm="Unlink"
        confirmTestId="unlink-confirm"
        onCancel={() => setUnlinking(undefined)}
        onConfirm={() => {
          const tenant = unlinking!.tenantId;
          setUnlinking(undefined);
          void change((v) => unlinkCustomer(api, tenant, v));
        }}
      >
        {unlinking?.displayName} leaves the portfolio
        {unlinking?.grants
          ? ` and ${unlinking.grants === 1 ? 'the grant on it is' : `the ${unlinking.grants} grants on it are`} removed: nobody can act for it from here until it is linked and granted again`
          : ''}
        .
      </ConfirmDialog>
    </section>
  );
}
