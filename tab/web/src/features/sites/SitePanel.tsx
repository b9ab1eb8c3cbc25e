/**
 * One site over the Sites grid (`#/sites/<siteId>`): people (a link into the People grid filtered by
 * the site), recommendation with reasons, the decision - operator and SBC offered only when they serve
 * the site's country - with what it would do to cost and readiness before saving, cost per path,
 * emergency address state, the site's attributes (an editor saving them as one item, SiteAttributesForm),
 * DID blocks and how the plan splits them, and the site's waves.
 */
import { useEffect, useMemo, useState } from 'react';
import { Badge, Button, Divider, Field, Input, Link, makeStyles, MessageBar, MessageBarBody, Select, Text, tokens } from '@fluentui/react-components';
import type { ApiClient } from '../../api-client';
import type { PstnPath, SiteDetailView } from '../../api-types';
import type { SiteDecision } from '../../../../../shared/domain/planning-settings';
import { DetailDrawer, DetailSection, useDetailStyles } from '../../components/DetailDrawer';
import { ErrorBar } from '../../components/Feedback';
import { useAsync } from '../../hooks/use-async';
import { count, money, PATH_LABELS } from '../../format';
import { routeHref } from '../../route';
import { previewDecision } from './decision-preview';
import { conflictsOf, ItemConflict } from './ItemConflict';
import { SiteAttributesForm } from './SiteAttributesForm';
import { useItemSave } from './use-item-save';
import { gateLabel } from '../../../../../shared/domain/decisions/gate-catalogue';
import { emergencyNumbersOf } from '../../../../../shared/domain/emergency-numbers';
import { usesLocationBasedRouting } from '../../../../../shared/domain/location-based-routing';

const PATHS: PstnPath[] = ['OC', 'DR', 'CP', 'PBX'];

/** What the decision form adds to the panels' shared layout: its before-saving preview. */
const useFormStyles = makeStyles({
  preview: { padding: '8px', backgroundColor: tokens.colorNeutralBackground2, borderRadius: tokens.borderRadiusMedium },
  up: { color: tokens.colorPaletteRedForeground1 },
  down: { color: tokens.colorPaletteGreenForeground1 },
});

export function SitePanel({
  api,
  siteId,
  onClose,
  onSaved,
  onReloaded,
}: {
  api: ApiClient;
  siteId: string;
  onClose: () => void;
  onSaved: (message: string) => void;
  /** The admin chose to reload after a conflict: the page behind reads the settings again too. */
  onReloaded?: () => void;
}) {
  const styles = useDetailStyles();
  const { data: detail, error, reload } = useAsync((signal) => api.site(siteId, signal), [api, siteId]);
  // A form saved: the grid behind says so, and the panel reads the site again.
  const savedHere = (message: string) => {
    onSaved(message);
    reload();
  };
  // "Reload" after a conflict: the page behind reads the settings again too.
  const reloadAfterConflict = () => {
    reload();
    onReloaded?.();
  };

  const opName = (id?: string) => detail?.operators.find((o) => o.id === id)?.name ?? id;
  const sbcName = (id?: string) => detail?.sbcs.find((s) => s.id === id)?.fqdn ?? id;
  const s = detail?.site;
  return (
    <DetailDrawer
      testId="site-panel"
      label={s ? `Site: ${s.name}` : 'Site'}
      title={s?.name ?? siteId}
      subtitle={
        s && (
          <span title={s.id}>
            {[s.countryCode, s.address?.city].filter(Boolean).join(' · ')} ·{' '}
            <Link href={routeHref({ page: 'people', params: { siteId: s.id } })} data-testid="site-people-link">
              {count(detail.people)} people
            </Link>
          </span>
        )
      }
      loaded={detail !== undefined}
      loadingLabel="Loading the site…"
      error={error}
      onRetry={reload}
      onClose={onClose}
    >
      {detail && s && (
        <>
          <DetailSection title="Recommendation">
            {detail.recommendation ? (
              <>
                <Text>
                  <Badge appearance="outline">{detail.recommendation.path}</Badge> {PATH_LABELS[detail.recommendation.path]}
                  {detail.recommendation.operatorId && <span title={detail.recommendation.operatorId}> · {opName(detail.recommendation.operatorId)}</span>}
                  {detail.recommendation.sbcId && <span title={detail.recommendation.sbcId}> · {sbcName(detail.recommendation.sbcId)}</span>}
                </Text>
                <ul className={styles.list} data-testid="site-reasons">
                  {detail.recommendation.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </>
            ) : (
              <Text>No recommendation yet.</Text>
            )}
          </DetailSection>
          <DecisionForm api={api} detail={detail} onSaved={savedHere} onReload={reloadAfterConflict} />
          <Divider />
          <DetailSection title="Cost per path (monthly)" testId="site-costs">
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>Path</th>
                  <th>With</th>
                  <th>Monthly</th>
                  <th>Change</th>
                </tr>
              </thead>
              <tbody>
                {(detail.cost?.options ?? []).map((o, i) => (
                  <tr key={i}>
                    <td>{o.path}</td>
                    <td title={o.operatorId ?? o.sbcId}>{o.operatorId ? opName(o.operatorId) : o.sbcId ? sbcName(o.sbcId) : ''}</td>
                    <td>{money(o.monthly, detail.currency)}</td>
                    <td>{o.deltaMonthly === undefined ? '' : `${o.deltaMonthly > 0 ? '+' : ''}${money(o.deltaMonthly, detail.currency)}`}</td>
                  </tr>
                ))}
                {(detail.cost?.unavailable ?? []).map((u) => (
                  <tr key={u.path}>
                    <td>{u.path}</td>
                    <td colSpan={3}>not offered: {u.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {detail.cost?.commonAreaPhones ? (
              <Text data-testid="site-cost-phones">
                Each path includes the site's {count(detail.cost.commonAreaPhones)} common-area {detail.cost.commonAreaPhones === 1 ? 'phone' : 'phones'}, costed as a person there is.
              </Text>
            ) : null}
          </DetailSection>
          <DetailSection title="Readiness and emergency calling" testId="site-readiness">
            <div className={styles.facts}>
              <span className={styles.label}>People blocked</span>
              <span>{count(detail.readiness?.blocked ?? 0)}</span>
              <span className={styles.label}>Emergency address</span>
              <span>{detail.attributes?.emergencyAddress ?? 'missing'}</span>
              <span className={styles.label}>Emergency location (OC, CP)</span>
              <span data-testid="site-emergency-location">{detail.attributes?.emergencyLocationId ?? 'none: numbers keep the location they have'}</span>
              <span className={styles.label}>Emergency routing (DR)</span>
              <span>{detail.attributes?.emergencyRouting ? 'in place' : 'not in place'}</span>
              <EmergencyFacts detail={detail} labelClass={styles.label} />
            </div>
            {detail.siteGates.length > 0 && (
              <ul className={styles.list}>
                {detail.siteGates.map((g, i) => (
                  <li key={i}>
                    <Badge color={g.severity === 'blocker' ? 'danger' : 'warning'} appearance="tint" title={g.code}>
                      {g.path ?? 'any path'}
                    </Badge>{' '}
                    {g.message} <strong>Fix:</strong> {g.fix}
                  </li>
                ))}
              </ul>
            )}
          </DetailSection>
          <SiteAttributesForm api={api} detail={detail} onSaved={savedHere} onReload={reloadAfterConflict} />
          <Divider />
          <DetailSection title="Number blocks" testId="site-blocks">
            {detail.blocks.length === 0 ? (
              <Text>No DID block at this site in the PBX inventory.</Text>
            ) : (
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>Range</th>
                    <th>Carrier</th>
                    <th>Port</th>
                    <th>Split across waves</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.blocks.map((b) => (
                    <tr key={b.id} title={b.id}>
                      <td>
                        {b.first} – {b.last} ({count(b.count)})
                      </td>
                      <td>
                        {b.carrier}
                        {b.btn ? ` · BTN ${b.btn}` : ''}
                      </td>
                      <td>{b.portConstraint}</td>
                      <td>
                        {b.split
                          ? [
                              ...b.split.moves.map((m) => `wave ${m.waveNumber}: ${count(m.numbers)}`),
                              ...(b.split.staying ? [`${count(b.split.staying)} stay`] : []),
                              ...(b.split.spareCount ? [`${count(b.split.spareCount)} spare`] : []),
                            ].join(', ') + (b.split.flag ? ` — ${b.split.flag}` : '')
                          : 'not in the plan'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </DetailSection>
          <DetailSection title="Waves" testId="site-waves">
            {detail.waves.length === 0 ? (
              <Text>The stored plan moves nobody at this site.</Text>
            ) : (
              <ul className={styles.list}>
                {detail.waves.map((w) => (
                  <li key={w.number}>
                    <Link href={routeHref({ page: 'plan', params: { wave: w.number } })}>
                      {w.name}
                    </Link>{' '}
                    on {w.date}
                    {w.people !== undefined ? `: ${count(w.people)} people, ${count(w.moved ?? 0)} moved${w.drifted ? `, ${count(w.drifted)} drifted` : ''}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </DetailSection>
        </>
      )}
    </DetailDrawer>
  );
}

function DecisionForm({ api, detail, onSaved, onReload }: { api: ApiClient; detail: SiteDetailView; onSaved: (message: string) => void; onReload: () => void }) {
  const styles = useDetailStyles();
  const formStyles = useFormStyles();
  const current = detail.decision;
  const [path, setPath] = useState<PstnPath | ''>(current?.path ?? '');
  const [operatorId, setOperatorId] = useState(current?.operatorId ?? '');
  const [sbcId, setSbcId] = useState(current?.sbcId ?? '');
  const [policy, setPolicy] = useState(current?.voiceRoutingPolicy ?? '');
  const [stayUntil, setStayUntil] = useState(current?.stayUntil ?? '');
  const [note, setNote] = useState(current?.note ?? '');
  const { saving, error, saved, send, applyMine, clearError } = useItemSave(api, (v) => `Saved the decision for ${detail.site.name}: settings version ${v ?? '?'}.`, onSaved);

  // A reload after a conflict brings what is stored now: the conflict is settled, the form keeps the admin's values.
  useEffect(() => clearError(), [detail]); // eslint-disable-line react-hooks/exhaustive-deps
  const preview = useMemo(() => previewDecision(detail, { path: path || undefined, operatorId, sbcId }), [detail, path, operatorId, sbcId]);
  const siteId = detail.site.id;

  function save() {
    const value: SiteDecision | null = path
      ? {
          siteId,
          path,
          ...(path === 'OC' && operatorId ? { operatorId } : {}),
          ...(path === 'DR' && sbcId ? { sbcId } : {}),
          ...(path === 'DR' && policy.trim() ? { voiceRoutingPolicy: policy.trim() } : {}),
          ...(path === 'PBX' && stayUntil ? { stayUntil } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        }
      : null;
    void send([{ target: { kind: 'site-decision', siteId }, expected: current, value }]);
  }

  const fmtDelta = (d: number) => `${d > 0 ? '+' : ''}${money(d, detail.currency)}`;
  return (
    <form
      className={styles.form}
      aria-label={`Decision for ${detail.site.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <Text as="h3" weight="semibold" size={400}>
        Decision
      </Text>
      <Field label="PSTN path">
        <Select
          value={path}
          onChange={(_e, d) => {
            const next = d.value as PstnPath | '';
            setPath(next);
            // Direct Routing needs an SBC and Operator Connect an operator: start from the recommended one
            // when it serves the site, else the first that does (the admin can change it).
            const rec = detail.recommendation;
            if (next === 'DR' && !sbcId) setSbcId(detail.sbcs.find((s) => s.id === rec?.sbcId)?.id ?? detail.sbcs[0]?.id ?? '');
            if (next === 'OC' && !operatorId) setOperatorId(detail.operators.find((o) => o.id === rec?.operatorId)?.id ?? detail.operators[0]?.id ?? '');
          }}
          data-testid="decision-path"
        >
          <option value="">Not decided (use the recommendation)</option>
          {PATHS.map((p) => (
            <option key={p} value={p}>
              {PATH_LABELS[p]} ({p})
            </option>
          ))}
        </Select>
      </Field>
      {path === 'OC' && (
        <Field label="Operator" required hint={detail.operators.length ? undefined : `No operator in the settings serves ${detail.site.countryCode ?? 'this country'}.`}>
          <Select value={operatorId} onChange={(_e, d) => setOperatorId(d.value)} data-testid="decision-operator">
            {detail.operators.map((o) => (
              <option key={o.id} value={o.id} title={o.id}>
                {o.name}
                {o.enabled ? '' : ' (not enabled yet)'}
              </option>
            ))}
          </Select>
        </Field>
      )}
      {path === 'DR' && (
        <>
          <Field label="SBC" required hint={detail.sbcs.length ? undefined : `No SBC in the settings serves this site or ${detail.site.countryCode ?? 'its country'}.`}>
            <Select value={sbcId} onChange={(_e, d) => setSbcId(d.value)} data-testid="decision-sbc">
              {detail.sbcs.map((s) => (
                <option key={s.id} value={s.id} title={s.id}>
                  {s.fqdn}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Voice routing policy">
            <Input value={policy} onChange={(_e, d) => setPolicy(d.value)} />
          </Field>
        </>
      )}
      {path === 'PBX' && (
        <Field label="Stay on the PBX until" hint="Leave empty for an open-ended stay.">
          <Input type="date" value={stayUntil} onChange={(_e, d) => setStayUntil(d.value)} />
        </Field>
      )}
      <Field label="Note">
        <Input value={note} onChange={(_e, d) => setNote(d.value)} />
      </Field>
      <div className={formStyles.preview} aria-live="polite" data-testid="decision-preview">
        <Text block weight="semibold">
          Before you save
        </Text>
        {preview.unavailable ? (
          <Text block>Not offered here: {preview.unavailable}</Text>
        ) : preview.monthly !== undefined ? (
          <Text block>
            Cost: {money(preview.monthly, detail.currency)} a month
            {preview.delta !== undefined && preview.delta !== 0 && (
              <span className={preview.delta > 0 ? formStyles.up : formStyles.down}> ({fmtDelta(preview.delta)} against now)</span>
            )}
          </Text>
        ) : (
          <Text block>No cost for this path.</Text>
        )}
        <Text block>
          Readiness: {preview.blockers.length ? `${preview.blockers.length} site gate${preview.blockers.length === 1 ? '' : 's'} would hold its people (${preview.blockers.map((g) => gateLabel(g.code)).join(', ')})` : 'no site gate would hold its people'}
          {preview.currentBlockers.length !== preview.blockers.length ? ` — now ${preview.currentBlockers.length}` : ''}.
        </Text>
      </div>
      <div className={styles.row}>
        {/* Focusable while saving: a disabled button drops the focus out of the panel, and Escape with it. */}
        <Button type="submit" appearance="primary" disabledFocusable={saving || (path === 'OC' && !operatorId) || (path === 'DR' && !sbcId)} data-testid="decision-save">
          {saving ? 'Saving…' : 'Save decision'}
        </Button>
      </div>
      {saved && (
        <MessageBar intent="success" data-testid="decision-saved-panel">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      {conflictsOf(error).length > 0 ? (
        <ItemConflict error={error} busy={saving} onApplyMine={applyMine} onReload={onReload} />
      ) : error !== undefined ? (
        <ErrorBar error={error} />
      ) : null}
    </form>
  );
}

/** What the runbooks set up for the site's emergency calls and network, from its country and attributes. */
function EmergencyFacts({ detail, labelClass }: { detail: SiteDetailView; labelClass: string }) {
  const a = detail.attributes;
  const { numbers, known } = emergencyNumbersOf(detail.site.countryCode);
  const subnets = a?.subnets ?? [];
  const callbacks = a?.sharedCalling?.emergencyCallbackNumbers ?? [];
  return (
    <>
      <span className={labelClass}>Emergency numbers</span>
      <span data-testid="site-emergency-numbers">{known ? numbers.join(', ') : `${numbers.join(', ')} (the country's own are not known)`}</span>
      <span className={labelClass}>Security desk</span>
      <span data-testid="site-security-desk">{a?.securityDesk ? a.securityDesk.notify.join(', ') : 'none: nobody on site is told of an emergency call'}</span>
      <span className={labelClass}>Network site</span>
      <span data-testid="site-network-site">
        {subnets.length
          ? `${count(subnets.length)} subnet${subnets.length === 1 ? '' : 's'}, Location-Based Routing ${usesLocationBasedRouting(detail.site.countryCode, a ?? undefined) ? 'on' : 'off'}${a?.survivableBranchAppliances?.length ? `, ${count(a.survivableBranchAppliances.length)} branch appliance${a.survivableBranchAppliances.length === 1 ? '' : 's'}` : ''}`
          : 'none: no subnets'}
      </span>
      <span className={labelClass}>Shared Calling</span>
      <span data-testid="site-shared-calling">
        {callbacks.length
          ? `on: ${count(callbacks.length)} emergency callback number${callbacks.length === 1 ? '' : 's'}`
          : 'off: people here without a number of their own wait for one'}
      </span>
    </>
  );
}
