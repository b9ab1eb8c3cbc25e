/**
 * The MSP's shared SBCs: each sized over its customers (pooled sessions against capacity and licences,
 * trunk groups against the limit, the first wave that passes a limit, the licence cost a year), and
 * declared here - add, edit or remove one. A customer uses an SBC when its own settings name a gateway
 * under the SBC's FQDN; the table lists those gateways. Every save sends the whole list with the
 * version read (PUT /api/portfolio/sbcs, the use case `vmp portfolio sbc` calls too); field errors come
 * from the server's schema, and a change made meanwhile shows both versions before anything is redone.
 */
import { useEffect, useState } from 'react';
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { SidewaysScroll } from '../../components/SidewaysScroll';
import { ApiError, type ApiClient } from '../../api-client';
import { ErrorBar } from '../../components/Feedback';
import { count } from '../../format';
import { useAsync } from '../../hooks/use-async';
import type { SharedSbcDeclaration } from '../../../../../shared/domain/portfolio/portfolio-mapping';
import { withSharedSbc, withoutSharedSbc } from '../../../../../shared/domain/portfolio/shared-sbc-list';
import { saveSharedSbcs, sharedSbcSizing, sharedSbcs, type SharedSbcReport } from './portfolio-api';
import { SharedSbcForm, declarationOf, draftOf, type SbcDraft } from './SharedSbcForm';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '8px' },
  // Long FQDNs and limit notes wrap inside their cells (the table's columns are fixed: a long one ran under the buttons).
  gateways: { display: 'flex', flexDirection: 'column', fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold, overflowWrap: 'break-word' },
  gatewaysColumn: { width: '26%' },
  overColumn: { width: '15%' },
  changeColumn: { width: '150px' },
  compare: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: '8px', rowGap: '2px', margin: '6px 0' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', wordBreak: 'break-word' },
});

function firstOver(r: SharedSbcReport): string {
  const names = new Map(r.shares.map((s) => [s.tenantId, s.displayName]));
  const parts: string[] = [];
  const at = (what: string, step?: { date: string; tenantId: string; wave: number }) =>
    step && parts.push(`${what} on ${step.date} (${names.get(step.tenantId) ?? step.tenantId}, wave ${step.wave})`);
  at('capacity', r.firstOver.capacity);
  at('licences', r.firstOver.licences);
  at('trunk groups', r.firstOver.trunkGroups);
  return parts.join('; ');
}

function describe(sbc: SharedSbcDeclaration | null | undefined): string {
  if (!sbc) return '(removed)';
  return Object.entries(sbc)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** The SBC being added (`replacing` undefined) or edited, as the form shows it. */
interface Editing {
  replacing?: string;
  draft: SbcDraft;
}

/** A save refused with 409: what is stored now next to what this admin sent (null = a removal). */
interface Conflict {
  theirs: SharedSbcDeclaration | undefined;
  mine: SharedSbcDeclaration | null;
  replacing: string;
}

/** "$.sbcs[2].fqdn" -> fqdn, when the issue is about the SBC at that index. */
function fieldErrorsOf(error: unknown, index: number): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError) || error.status !== 400) return out;
  for (const issue of error.issues) {
    const m = /^\$\.sbcs\[(\d+)\]\.(\w+)/.exec(issue.path ?? '');
    if (m && Number(m[1]) === index && !out[m[2]]) out[m[2]] = issue.message;
  }
  return out;
}

export function SharedSbcs({ api }: { api: ApiClient }) {
  const styles = useStyles();
  const data = useAsync(async () => {
    const list = await sharedSbcs(api);
    const reports = await Promise.all(list.sbcs.map((s) => sharedSbcSizing(api, s.id)));
    return { ...list, reports: new Map(reports.map((r) => [r.sbcId, r])) };
  }, [api]);
  const [editing, setEditing] = useState<Editing>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<Conflict>();
  const [busy, setBusy] = useState(false);
  /** A save landed and the list is being read again (set with the save's end, so no render sits between). */
  const [awaitingReload, setAwaitingReload] = useState(false);
  useEffect(() => setAwaitingReload(false), [data.data]);

  /** Sends the list with `mine` in place of `replacing` (or without it), against `version`. */
  async function save(sbcs: SharedSbcDeclaration[], version: number | null, mine: SharedSbcDeclaration | null, replacing: string) {
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    const next = mine ? withSharedSbc(sbcs, mine, replacing) : (withoutSharedSbc(sbcs, replacing) ?? sbcs);
    try {
      await saveSharedSbcs(api, next, version);
      setEditing(undefined);
      setConflict(undefined);
      setAwaitingReload(true);
      data.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Read what is stored now, so both versions can be shown before the admin decides.
        const current = await sharedSbcs(api).catch(() => undefined);
        setConflict({ theirs: current?.sbcs.find((s) => s.id === replacing || (mine && s.id === mine.id)), mine, replacing });
        setAwaitingReload(true);
        data.reload();
      } else {
        setError(e);
        if (mine) setFieldErrors(fieldErrorsOf(e, next.indexOf(mine)));
      }
    } finally {
      setBusy(false);
    }
  }

  async function applyMineAgain() {
    if (!conflict) return;
    const current = await sharedSbcs(api);
    await save(current.sbcs, current.version, conflict.mine, conflict.replacing);
  }

  if (data.error !== undefined) return <ErrorBar error={data.error} onRetry={data.reload} />;
  if (!data.data) return data.loading ? <Spinner size="tiny" /> : null;
  const { sbcs, version, reports } = data.data;
  // Until a save's reload has arrived the list shown is at the version before it: a change sent from it
  // would be refused as a conflict with this admin's own save.
  const locked = busy || awaitingReload || data.loading;
  // A new SBC never replaces one by accident: it is appended, and the server refuses a repeated id.
  const NEW = '\u0000new';

  return (
    <section className={styles.section} aria-labelledby="shared-sbcs-title" data-testid="shared-sbcs">
      <Subtitle1 as="h2" id="shared-sbcs-title">Shared SBCs</Subtitle1>
      <Text size={200}>
        Declared once for the portfolio. A customer uses an SBC when its own settings name a gateway under the SBC&apos;s FQDN (for example contoso.sbc.msp.example); its
        runbooks keep that gateway.
      </Text>
      {conflict && (
        <MessageBar intent="error" role="alert" layout="multiline" data-testid="sbc-conflict">
          <MessageBarBody>
            <MessageBarTitle>Someone else changed the shared SBCs since you opened them</MessageBarTitle>
            <div className={styles.compare}>
              <strong>Theirs (saved)</strong>
              <span className={styles.code} data-testid="sbc-conflict-theirs">
                {describe(conflict.theirs)}
              </span>
              <strong>Yours</strong>
              <span className={styles.code} data-testid="sbc-conflict-yours">
                {describe(conflict.mine)}
              </span>
            </div>
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => void applyMineAgain()} disabled={locked} data-testid="sbc-apply-mine">
              Apply mine again
            </Button>
            <Button
              onClick={() => {
                setConflict(undefined);
                setEditing(undefined);
              }}
              data-testid="sbc-keep-theirs"
            >
              Keep theirs
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {error !== undefined && <ErrorBar error={error} />}
      {sbcs.length > 0 && (
        <SidewaysScroll minWidth={1000}>
          <Table aria-label="Shared SBCs sized over the customers" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>SBC</TableHeaderCell>
                <TableHeaderCell>Customers</TableHeaderCell>
                <TableHeaderCell>People on it</TableHeaderCell>
                <TableHeaderCell>Sessions (pooled) / capacity / licensed</TableHeaderCell>
                <TableHeaderCell>Trunk groups</TableHeaderCell>
                <TableHeaderCell className={styles.overColumn}>Over a limit</TableHeaderCell>
                <TableHeaderCell>Licences a year</TableHeaderCell>
                <TableHeaderCell className={styles.gatewaysColumn}>Customers&apos; gateways</TableHeaderCell>
                <TableHeaderCell aria-label="Change" className={styles.changeColumn} />
              </TableRow>
            </TableHeader>
            <TableBody>
              {sbcs.map((s) => {
                const r = reports.get(s.id);
                const over = r ? firstOver(r) : '';
                return (
                  <TableRow key={s.id} data-testid="shared-sbc-row" data-sbc={s.id}>
                    <TableCell title={s.fqdn}>{s.id}</TableCell>
                    <TableCell>{count(r?.customers ?? 0)}</TableCell>
                    <TableCell>{count(r?.users ?? 0)}</TableCell>
                    <TableCell>
                      {count(r?.sessions ?? 0)} / {count(s.sessionCapacity)} / {count(s.licensedSessions)}
                      {r && <Text size={200}> (alone: {count(r.sessions + r.poolingSaves)})</Text>}
                    </TableCell>
                    <TableCell>
                      {count(r?.trunkGroups ?? 0)} / {count(r?.trunkGroupLimit ?? s.trunkGroupLimit ?? 1024)}
                    </TableCell>
                    <TableCell data-testid="shared-sbc-over">{over ? <span className={styles.over}>{over}</span> : 'none'}</TableCell>
                    <TableCell>{(r?.yearlyLicenceCost ?? 0).toFixed(2)}</TableCell>
                    <TableCell>
                      <span className={styles.gateways} data-testid="shared-sbc-gateways">
                        {(r?.shares ?? []).map((c) => (
                          <span key={c.tenantId}>
                            {c.displayName}: {c.gatewayFqdn}
                          </span>
                        ))}
                        {(r?.shares.length ?? 0) === 0 && <span>none yet</span>}
                      </span>
                    </TableCell>
                    <TableCell>
                      <Button size="small" disabled={locked} onClick={() => setEditing({ replacing: s.id, draft: draftOf(s) })} data-testid="sbc-edit">
                        Edit
                      </Button>{' '}
                      <Button size="small" disabled={locked} onClick={() => void save(sbcs, version, null, s.id)} data-testid="sbc-remove" aria-label={`Remove ${s.id}`}>
                        Remove
                      </Button>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </SidewaysScroll>
      )}
      {editing ? (
        <SharedSbcForm
          key={editing.replacing ?? NEW}
          initial={editing.draft}
          fieldErrors={fieldErrors}
          busy={locked}
          onCancel={() => {
            setEditing(undefined);
            setFieldErrors({});
            setError(undefined);
          }}
          onSave={(draft) => {
            const before = sbcs.find((s) => s.id === editing.replacing);
            setEditing({ ...editing, draft });
            void save(sbcs, version, declarationOf(draft, before), editing.replacing ?? NEW);
          }}
        />
      ) : (
        <div>
          <Button onClick={() => setEditing({ draft: draftOf() })} disabled={locked} data-testid="sbc-add">
            Add shared SBC
          </Button>
        </div>
      )}
    </section>
  );
}
