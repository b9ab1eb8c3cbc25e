/**
 * "Managed service provider" in Settings > Tenant: which MSP of this deployment links the tenant, which
 * MSP its admins allow to link it, a field to allow one by its tenant id, and a revoke after a
 * confirmation. An MSP can link a tenant that already holds data here only with this consent
 * (shared/domain/portfolio/msp-consent.ts). Revoking closes the tenant to the MSP at once (its link stays in its portfolio, unused), and the panel says so where the
 * admin decides. Only the tenant's own admins change it: an MSP user acting for the tenant reads it.
 */
import { useRef, useState, type FormEvent } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ApiError, type ApiClient } from '../../api-client';
import { ErrorBar } from '../../components/Feedback';
import { useReturnFocus } from '../../components/use-return-focus';
import { dateTime } from '../../format';
import { useAsync } from '../../hooks/use-async';
import { mspConsent, setMspConsent } from './msp-consent-api';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: '12px',
    maxWidth: '720px',
    marginTop: '24px',
    paddingTop: '16px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  form: { display: 'flex', flexDirection: 'column', gap: '8px', maxWidth: '420px' },
  actions: { display: 'flex', gap: '8px', flexWrap: 'wrap' },
  // A GUID is one long word: on a phone it wraps instead of widening the page.
  id: { overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** An MSP by name and id; by id alone while the store knows it by nothing else (it has never synced here). */
function TenantNamed({ name, id, idClass }: { name: string; id: string; idClass: string }) {
  if (name === id) return <strong className={idClass}>{id}</strong>;
  return (
    <>
      <strong>{name}</strong> <span className={idClass}>({id})</span>
    </>
  );
}

/** What revoking does: said next to the button and in the confirmation. */
const REVOKE_KEEPS_LINK =
  "Revoking consent closes this tenant to the MSP from its next request: its people lose access here, though the tenant stays in the MSP's portfolio until the MSP, or this deployment's operator, unlinks it.";

export function MspConsentPanel({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const state = useAsync(() => mspConsent(api), [api]);
  const [typed, setTyped] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useReturnFocus(confirming);

  async function save(mspTenantId: string | null): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    setFieldError(undefined);
    setDone(undefined);
    try {
      const saved = await setMspConsent(api, mspTenantId, state.data?.version ?? null);
      state.setData(saved);
      setTyped('');
      setDone(saved.allowedMsp ? `Saved: ${saved.allowedMsp.displayName} may link this tenant.` : 'Consent revoked: no MSP may link this tenant.');
      return true;
    } catch (e) {
      // What is wrong with the id is said at the field; anything else (a change made meanwhile, a refusal) above it.
      if (e instanceof ApiError && e.issues.some((i) => i.path === '$.mspTenantId')) {
        setFieldError(e.message);
        input.current?.focus();
      } else {
        setError(e);
        // Another admin changed it meanwhile: show what is stored now, so the next try carries its version.
        if (e instanceof ApiError && e.status === 409) state.reload();
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  function allow(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!typed.trim()) {
      setFieldError("Enter the MSP's tenant id: the Entra tenant id (a GUID) your MSP gives you.");
      input.current?.focus();
      return;
    }
    void save(typed.trim());
  }

  const data = state.data;
  const allowed = data?.allowedMsp ?? null;
  const managed = data?.managedBy ?? null;
  return (
    <section className={styles.panel} aria-labelledby="msp-consent-title" data-testid="msp-consent">
      <Subtitle2 as="h2" id="msp-consent-title">
        Managed service provider
      </Subtitle2>
      {state.error !== undefined && !data && <ErrorBar error={state.error} onRetry={state.reload} />}
      {!data && state.error === undefined && <Spinner size="tiny" label="Loading…" />}
      {data?.isMsp && <Text>This tenant is an MSP tenant of this deployment: it links and manages customer tenants, and cannot be linked as one.</Text>}
      {data && !data.isMsp && (
        <>
          <Text data-testid="msp-consent-managed-by">
            {managed ? (
              <>
                Managed by <TenantNamed name={managed.displayName} id={managed.mspTenantId} idClass={styles.id} /> since {dateTime(managed.linkedAt)}: the people
                it grants can read and change this tenant's planning here.
              </>
            ) : (
              'No MSP of this deployment manages this tenant.'
            )}
          </Text>
          {managed && !managed.consented && (
            <MessageBar intent="warning" data-testid="msp-consent-unconsented">
              <MessageBarBody>
                This MSP does not hold your admins' consent now (it linked the tenant before consent was asked here, or consent was revoked since). Until your admins
                allow it or another MSP, it keeps access if it never had to ask; once they have allowed or revoked here, it has none.
              </MessageBarBody>
            </MessageBar>
          )}
          <Text data-testid="msp-consent-state">
            {allowed ? (
              <>
                Your admins allow <TenantNamed name={allowed.displayName} id={allowed.mspTenantId} idClass={styles.id} /> to link this tenant (allowed{' '}
                {dateTime(allowed.allowedAt)} by {allowed.allowedBy}).
              </>
            ) : (
              'No MSP is allowed to link this tenant: an MSP can link it only after an admin here allows its tenant id.'
            )}
          </Text>
          {data.canChange ? (
            <form className={styles.form} onSubmit={allow} aria-label="Allow an MSP to link this tenant" noValidate>
              <Field
                label="MSP tenant id"
                hint="The Entra tenant id (a GUID) your MSP gives you. One MSP at a time: allowing another replaces the one allowed now."
                validationState={fieldError ? 'error' : 'none'}
                validationMessage={fieldError}
              >
                <Input
                  ref={input}
                  value={typed}
                  onChange={(_e, d) => {
                    setTyped(d.value);
                    setFieldError(undefined);
                  }}
                  placeholder="00000000-0000-0000-0000-000000000000"
                  data-testid="msp-consent-tenant-id"
                />
              </Field>
              <div className={styles.actions}>
                {/* Focusable while saving, so the keyboard stays where it was. */}
                <Button type="submit" appearance="primary" disabledFocusable={busy} data-testid="msp-consent-allow">
                  Allow this MSP
                </Button>
                {allowed && (
                  <Button type="button" disabledFocusable={busy} onClick={() => setConfirming(true)} data-testid="msp-consent-revoke">
                    Revoke consent
                  </Button>
                )}
              </div>
            </form>
          ) : (
            <Text className={styles.muted}>Only this tenant's own admins can allow or revoke an MSP.</Text>
          )}
          <Text className={styles.muted} size={200}>
            {REVOKE_KEEPS_LINK}
          </Text>
        </>
      )}
      {done && (
        <MessageBar intent="success" data-testid="msp-consent-saved">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {error !== undefined && <ErrorBar title="Not saved" error={error} />}
      <ConfirmDialog
        open={confirming}
        id="msp-consent-revoke-what"
        title={`Revoke consent for ${allowed?.displayName ?? ''}?`}
        confirm="Revoke"
        confirmTestId="msp-consent-revoke-confirm"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          // The revoke button goes with the consent: the keyboard continues from the field.
          void save(null).then((ok) => ok && setTimeout(() => input.current?.focus(), 0));
        }}
      >
        {allowed?.displayName} will no longer be able to link this tenant. {REVOKE_KEEPS_LINK}
      </ConfirmDialog>
    </section>
  );
}
