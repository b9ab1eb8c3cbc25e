/**
 * One person over the People grid (`#/people/<upn>`): licences, numbers (directory, PBX, Teams), PBX
 * lines and devices, migration groups, gates with their fix, site, effective path and why, wave and
 * date, migration status, where their number rings on a chosen date - and their override (set with a
 * reason, or cleared) as one per-item settings change.
 */
import { useState } from 'react';
import { Badge, Button, Divider, Field, Input, Link, MessageBar, MessageBarBody, Select, Text } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PersonDetailView, PstnPath, RouteAnswer, SettingsItemChangeView } from '../../api-types';
import { DetailDrawer, DetailSection, useDetailStyles } from '../../components/DetailDrawer';
import { ErrorBar } from '../../components/Feedback';
import { useAsync } from '../../hooks/use-async';
import { PATH_LABELS, today, waveTitle } from '../../format';
import { routeHref } from '../../route';
import { conflictsOf, ItemConflict, reapply } from '../sites/ItemConflict';
import { overrideChange, overrideComplete } from './override-changes';
import { callerIdText } from '../../../../../shared/domain/caller-id';
import { forwardingText } from '../../../../../shared/domain/line-forwarding';

/**
 * What the cutover does with the PBX's forwarding and caller ID. Whether Teams can do the same depends
 * on the whole plan (who answers that extension or number, and from which wave), which the wave's
 * workbook and runbook work out; the panel reads one member, so it points there.
 */
const FORWARDING_AT_CUTOVER = "the cutover sets it in Teams where Teams can, and the wave workbook's Call forwarding sheet says how";
const CALLER_ID_AT_CUTOVER = "the cutover grants a caller ID policy to match where Teams can show that number, and the wave workbook's Caller ID sheet says how";

export function PersonPanel({ api, idOrUpn, onClose, onChanged }: { api: ApiClient; idOrUpn: string; onClose: () => void; onChanged?: () => void }) {
  const styles = useDetailStyles();
  const { data: detail, error, reload } = useAsync((signal) => api.person(idOrUpn, signal), [api, idOrUpn]);
  const p = detail?.person;
  return (
    <DetailDrawer
      testId="person-panel"
      label={p ? `Person: ${p.displayName}` : 'Person'}
      title={p?.displayName ?? idOrUpn}
      subtitle={p && <span title={p.id}>{p.userPrincipalName}</span>}
      loaded={detail !== undefined}
      loadingLabel="Loading the person…"
      error={error}
      onRetry={reload}
      onClose={onClose}
    >
      {detail && p && (
        <>
          <DetailSection title="Path" testId="person-path">
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
          </DetailSection>
          <Divider />
          <DetailSection title="Readiness" testId="person-gates">
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
          </DetailSection>
          <DetailSection title="Site, wave and status" testId="person-wave">
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
              {detail.wave?.member.forwarding && (
                <>
                  <span className={styles.label}>Forwarding on the PBX</span>
                  <span data-testid="person-forwarding">{forwardingText(detail.wave.member.forwarding)}; {FORWARDING_AT_CUTOVER}</span>
                </>
              )}
              {detail.wave?.member.callerId && (
                <>
                  <span className={styles.label}>Caller ID on the PBX</span>
                  <span data-testid="person-caller-id">{callerIdText(detail.wave.member.callerId)}; {CALLER_ID_AT_CUTOVER}</span>
                </>
              )}
            </div>
          </DetailSection>
          <DetailSection title="Licences">
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
              {p.sharedDevice && (
                <>
                  <span className={styles.label}>Common area phone</span>
                  <span>yes: licensed with Microsoft Teams Shared Devices, a device the plan does not move as a person</span>
                </>
              )}
              <span className={styles.label}>Usage location</span>
              <span>{p.usageLocation ?? 'not set'}</span>
              <span className={styles.label}>Account</span>
              <span>{p.accountEnabled ? 'enabled' : 'disabled'}</span>
            </div>
          </DetailSection>
          <DetailSection title="Numbers" testId="person-numbers">
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
          </DetailSection>
          <DetailSection title="PBX lines and devices" testId="person-pbx">
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
          </DetailSection>
          <WhereItRings api={api} numbers={detail.numbers.map((n) => n.number).filter((n) => n.startsWith('+'))} />
        </>
      )}
    </DetailDrawer>
  );
}

function OverrideForm({ api, detail, onSaved, onReload }: { api: ApiClient; detail: PersonDetailView; onSaved: () => void; onReload: () => void }) {
  const styles = useDetailStyles();
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
        {/* Focusable while saving: a disabled button drops the focus out of the panel, and Escape with it. */}
        <Button type="submit" appearance="primary" disabledFocusable={saving || !complete} data-testid="override-save">
          {stored ? 'Change override' : 'Override'}
        </Button>
        {stored && (
          <Button disabledFocusable={saving} onClick={() => void send([overrideChange(stored, detail.person, null)], 'Override cleared.')} data-testid="override-clear">
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
  const styles = useDetailStyles();
  const [number, setNumber] = useState(numbers[0] ?? '');
  const [date, setDate] = useState(today());
  const [answer, setAnswer] = useState<RouteAnswer>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (!numbers.length) return null;
  return (
    <DetailSection title="Where the number rings" testId="person-route">
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
        <Button type="submit" disabledFocusable={busy || !date}>
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
    </DetailSection>
  );
}
