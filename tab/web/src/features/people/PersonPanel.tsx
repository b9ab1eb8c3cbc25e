/**
 * One person over the People grid (`#/people/<upn>`): licences, numbers (directory, PBX, Teams), PBX
 * lines and devices, migration groups, gates with their fix, site, effective path and why, wave and
 * date, migration status, where their number rings on a chosen date - and their override (set with a
 * reason, or cleared) as one per-item settings change.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Badge,
  Button,
  Divider,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Select,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../../api-client';
import type { PersonDetailView, PstnPath, RouteAnswer, SettingsItemChangeView } from '../../api-types';
import { ErrorBar } from '../../components/Feedback';
import { PATH_LABELS, today, waveTitle } from '../../format';
import { routeHref } from '../../route';
import { conflictsOf, ItemConflict, reapply } from '../sites/ItemConflict';
import { overrideChange, overrideComplete } from './override-changes';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: '16px', paddingBottom: '24px' },
  section: { display: 'flex', flexDirection: 'column', gap: '6px' },
  facts: { display: 'grid', gridTemplateColumns: 'minmax(120px, auto) 1fr', columnGap: '12px', rowGap: '4px' },
  label: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: '20px' },
  form: { display: 'flex', flexDirection: 'column', gap: '8px' },
  row: { display: 'flex', gap: '8px', alignItems: 'end', flexWrap: 'wrap' },
  table: { borderCollapse: 'collapse', width: '100%', '& th, & td': { textAlign: 'left', padding: '2px 6px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` } },
});

function Section({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={title} data-testid={testId}>
      <Text as="h3" weight="semibold" size={400}>
        {title}
      </Text>
      {children}
    </section>
  );
}

export function PersonPanel({ api, idOrUpn, onClose, onChanged }: { api: ApiClient; idOrUpn: string; onClose: () => void; onChanged?: () => void }) {
  const styles = useStyles();
  const [detail, setDetail] = useState<PersonDetailView>();
  const [error, setError] = useState<unknown>();
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    setError(undefined);
    api
      .person(idOrUpn, abort.signal)
      .then(setDetail)
      .catch((e: unknown) => !(e instanceof DOMException && e.name === 'AbortError') && setError(e));
    return () => abort.abort();
  }, [api, idOrUpn, reloads]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  const p = detail?.person;
  return (
    <OverlayDrawer open position="end" size="medium" onOpenChange={(_e, d) => !d.open && onClose()} aria-label={p ? `Person: ${p.displayName}` : 'Person'} data-testid="person-panel">
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} data-testid="person-panel-close" />}
        >
          {p?.displayName ?? idOrUpn}
        </DrawerHeaderTitle>
        {p && (
          <Text className={styles.label} title={p.id}>
            {p.userPrincipalName}
          </Text>
        )}
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        {error !== undefined && <ErrorBar error={error} onRetry={reload} />}
        {!detail && error === undefined && <Spinner label="Loading the person…" />}
        {detail && p && (
          <>
            <Section title="Path" testId="person-path">
              {detail.effectivePath ? (
                <>
                  <Text>
                    <Badge appearance="filled">{detail.effectivePath.path}</Badge> {PATH_LABELS[detail.effectivePath.path]} —{' '}
                    {detail.effectivePath.source === 'override' ? 'overridden for this person' : detail.effectivePath.source === 'site-decision' ? 'the site decision' : 'recommended, not decided'}
                  </Text>
                  <ul className={styles.list} data-testid="person-path-why">
                    {detail.effectivePath.why.map((w, i) => (
                      <li key={i}>{w}</li>
                    ))}
                  </ul>
                </>
              ) : (
                <Text>No path yet: no site to inherit one from and no override.</Text>
              )}
              <OverrideForm
                api={api}
                detail={detail}
                onSaved={() => {
                  onChanged?.();
                  // The view follows the change on the server's refresh; read the person again then.
                  setTimeout(reload, 1200);
                }}
                onReload={reload}
              />
            </Section>
            <Divider />
            <Section title="Readiness" testId="person-gates">
              {detail.gates.length === 0 ? (
                <Text>Nothing holds this person back.</Text>
              ) : (
                <ul className={styles.list}>
                  {detail.gates.map((g, i) => (
                    <li key={i}>
                      <Badge color={g.severity === 'blocker' ? 'danger' : 'warning'} appearance="tint" title={g.code}>
                        {g.severity}
                      </Badge>{' '}
                      {g.message} <strong>Fix:</strong> {g.fix}
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Section title="Site, wave and status" testId="person-wave">
              <div className={styles.facts}>
                <span className={styles.label}>Site</span>
                <span>
                  {detail.site ? (
                    <Link href={routeHref({ page: 'sites', item: detail.site.id })} title={detail.site.id}>
                      {detail.site.name}
                    </Link>
                  ) : (
                    `no site${detail.unmappedReason ? `: ${detail.unmappedReason}` : ''}`
                  )}
                </span>
                <span className={styles.label}>Wave</span>
                <span data-testid="person-wave-text">
                  {detail.wave
                    ? `${waveTitle(detail.wave)} on ${detail.wave.date} at ${detail.wave.time}${detail.wave.planStale ? ' — the plan is older than the settings' : ''}`
                    : 'Not in a wave of the stored plan'}
                </span>
                <span className={styles.label}>Status</span>
                <span>{detail.status ? `${detail.status.state}${detail.status.detail ? ` — ${detail.status.detail}` : ''}` : '–'}</span>
              </div>
            </Section>
            <Section title="Licences">
              <div className={styles.facts}>
                <span className={styles.label}>Teams Phone</span>
                <span>{p.teamsPhone}</span>
                <span className={styles.label}>Calling Plan</span>
                <span>{p.callingPlan ? 'yes' : 'no'}</span>
                {p.kind === 'resourceAccount' && (
                  <>
                    <span className={styles.label}>Resource account licence</span>
                    <span>{p.resourceAccountLicence ? 'yes' : 'no'}</span>
                  </>
                )}
                <span className={styles.label}>Usage location</span>
                <span>{p.usageLocation ?? 'not set'}</span>
                <span className={styles.label}>Account</span>
                <span>{p.accountEnabled ? 'enabled' : 'disabled'}</span>
              </div>
            </Section>
            <Section title="Numbers" testId="person-numbers">
              {detail.numbers.length === 0 ? (
                <Text>No number known.</Text>
              ) : (
                <table className={styles.table}>
                  <thead>
                    <tr>
                      <th>Number</th>
                      <th>Known from</th>
                      <th>In Teams</th>
                    </tr>
                  </thead>
                  <tbody>
                    {detail.numbers.map((n) => (
                      <tr key={n.number}>
                        <td>{n.number}</td>
                        <td>{n.sources.join(', ')}</td>
                        <td>
                          {n.teams
                            ? `${n.teams.numberType}, ${n.teams.assignmentStatus}${n.teams.assignedToPerson ? ' to this person' : ''}${n.teams.numberSource === 'onPremises' ? ' (on-premises)' : ''}`
                            : '–'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Section>
            <Section title="PBX lines and devices" testId="person-pbx">
              {detail.pbxLines.length === 0 ? (
                <Text>No PBX line matched to this person.</Text>
              ) : (
                detail.pbxLines.map((l) => (
                  <div key={l.id} className={styles.facts} title={l.id}>
                    <span className={styles.label}>Extension</span>
                    <span>{l.extension ?? '–'}</span>
                    <span className={styles.label}>DID</span>
                    <span>{l.did ?? l.didRaw ?? '–'}</span>
                    <span className={styles.label}>Device</span>
                    <span>
                      {l.deviceType}
                      {l.deviceName ? ` (${l.deviceName})` : ''}
                      {l.devices && l.devices.length > 1 ? `, on ${l.devices.length} devices` : ''}
                    </span>
                    {(l.huntGroups.length > 0 || l.pickupGroup || l.delegateOf || l.callCentreAgent) && (
                      <>
                        <span className={styles.label}>Groups</span>
                        <span>
                          {[
                            ...l.huntGroups.map((h) => `hunt ${h}`),
                            ...(l.pickupGroup ? [`pickup ${l.pickupGroup}`] : []),
                            ...(l.delegateOf ? [`delegate of ${l.delegateOf}`] : []),
                            ...(l.callCentreAgent ? [`call-centre agent${l.callCentreTeam ? ` (${l.callCentreTeam})` : ''}`] : []),
                          ].join(', ')}
                        </span>
                      </>
                    )}
                    <span className={styles.label}>Matched</span>
                    <span>{l.match.explanation}</span>
                  </div>
                ))
              )}
              {detail.groups.length > 0 && (
                <ul className={styles.list} data-testid="person-groups">
                  {detail.groups.map((g) => (
                    <li key={g.id} title={g.id}>
                      {g.kind} {g.name}: {g.people} people move together
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <WhereItRings api={api} numbers={detail.numbers.map((n) => n.number).filter((n) => n.startsWith('+'))} />
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}

function OverrideForm({ api, detail, onSaved, onReload }: { api: ApiClient; detail: PersonDetailView; onSaved: () => void; onReload: () => void }) {
  const styles = useStyles();
  const stored = detail.override;
  const [path, setPath] = useState<PstnPath>(stored?.path ?? detail.effectivePath?.path ?? 'PBX');
  const [reason, setReason] = useState(stored?.reason ?? '');
  const [stayUntil, setStayUntil] = useState(stored?.stayUntil ?? '');
  const [operatorId, setOperatorId] = useState(stored?.operatorId ?? detail.options.operators.find((o) => o.id === detail.recommendation?.operatorId)?.id ?? detail.options.operators[0]?.id ?? '');
  const [sbcId, setSbcId] = useState(stored?.sbcId ?? detail.options.sbcs.find((o) => o.id === detail.recommendation?.sbcId)?.id ?? detail.options.sbcs[0]?.id ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState<SettingsItemChangeView[]>();
  const [message, setMessage] = useState<string>();

  async function send(changes: SettingsItemChangeView[], done: string) {
    setSaving(true);
    setError(undefined);
    setSent(changes);
    try {
      const saved = await api.changeSettings(changes);
      setMessage(`${done} Settings version ${saved.version ?? '?'}.`);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  const input = { path, reason, stayUntil, operatorId, sbcId };
  const complete = overrideComplete(input);
  return (
    <form
      className={styles.form}
      aria-label="Override this person's path"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) void send([overrideChange(stored, detail.person, input)], 'Override saved.');
      }}
    >
      <div className={styles.row}>
        <Field label="Override path">
          <Select value={path} onChange={(_e, d) => setPath(d.value as PstnPath)} data-testid="override-path">
            {Object.entries(PATH_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v} ({k})
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Reason" required>
          <Input value={reason} onChange={(_e, d) => setReason(d.value)} data-testid="override-reason" />
        </Field>
        {path === 'OC' && (
          <Field label="Operator" required hint={detail.options.operators.length ? undefined : "No operator in the settings serves this person's site."}>
            <Select value={operatorId} onChange={(_e, d) => setOperatorId(d.value)}>
              {detail.options.operators.map((o) => (
                <option key={o.id} value={o.id} title={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {path === 'DR' && (
          <Field label="SBC" required hint={detail.options.sbcs.length ? undefined : "No SBC in the settings serves this person's site."}>
            <Select value={sbcId} onChange={(_e, d) => setSbcId(d.value)}>
              {detail.options.sbcs.map((o) => (
                <option key={o.id} value={o.id} title={o.id}>
                  {o.fqdn}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {path === 'PBX' && (
          <Field label="Stay on the PBX until">
            <Input type="date" value={stayUntil} onChange={(_e, d) => setStayUntil(d.value)} />
          </Field>
        )}
      </div>
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={saving || !complete} data-testid="override-save">
          {stored ? 'Change override' : 'Override'}
        </Button>
        {stored && (
          <Button disabled={saving} onClick={() => void send([overrideChange(stored, detail.person, null)], 'Override cleared.')} data-testid="override-clear">
            Clear override
          </Button>
        )}
      </div>
      {message && (
        <MessageBar intent="success" data-testid="override-saved">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {conflictsOf(error).length > 0 ? (
        <ItemConflict error={error} busy={saving} onApplyMine={() => sent && void send(reapply(sent, conflictsOf(error)), 'Override saved.')} onReload={onReload} />
      ) : error !== undefined ? (
        <ErrorBar error={error} />
      ) : null}
    </form>
  );
}

function WhereItRings({ api, numbers }: { api: ApiClient; numbers: string[] }) {
  const styles = useStyles();
  const [number, setNumber] = useState(numbers[0] ?? '');
  const [date, setDate] = useState(today());
  const [answer, setAnswer] = useState<RouteAnswer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (!numbers.length) return null;
  return (
    <Section title="Where the number rings" testId="person-route">
      <form
        className={styles.row}
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            setAnswer(await api.route(number, date));
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label="Number">
          <Select value={number} onChange={(_e, d) => setNumber(d.value)}>
            {numbers.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </Select>
        </Field>
        <Field label="On">
          <Input type="date" value={date} onChange={(_e, d) => setDate(d.value)} />
        </Field>
        <Button type="submit" disabled={busy || !date}>
          Where does it ring?
        </Button>
      </form>
      {error !== undefined && <ErrorBar error={error} />}
      {answer && (
        <div aria-live="polite" data-testid="person-route-answer">
          <Text block weight="semibold">
            {answer.number} on {answer.date}: {answer.target}
          </Text>
          {answer.hops.length > 0 && <Text block>{answer.hops.join(' → ')}</Text>}
          <Text block>{answer.explanation}</Text>
        </div>
      )}
    </Section>
  );
}
