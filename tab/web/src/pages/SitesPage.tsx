import { Fragment, useMemo, useState } from 'react';
import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  tokens,
  Tooltip,
} from '@fluentui/react-components';
import { ChevronDownRegular, ChevronRightRegular, EditRegular, ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { ApiClient } from '../api-client';
import { ApiError, errorText } from '../api-client';
import type { PageId } from '../App';
import type { DecisionsView, PstnPath, SettingsDocument, SiteRecommendation, CostReport, ReadinessSummary } from '../api-types';
import type { PeoplePage, SiteFacet } from '../../../../shared/services/people-query';
import type { SiteDecision } from '../../../../shared/domain/planning-settings';
import { useAsync } from '../hooks/use-async';
import { ErrorBar, InfoBar, isNotAvailable } from '../components/Feedback';
import { SiteRulesEditor } from '../components/SiteRulesEditor';
import { count, money, PATH_LABELS } from '../format';

const PATHS: PstnPath[] = ['OC', 'DR', 'CP', 'PBX'];

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px' },
  toolbar: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  tableWrap: { overflowX: 'auto' },
  reasons: { margin: 0, paddingLeft: '20px', color: tokens.colorNeutralForeground2 },
  costs: { display: 'grid', gridTemplateColumns: 'auto auto', columnGap: '12px', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  recButton: { justifyContent: 'flex-start', textAlign: 'left', fontWeight: tokens.fontWeightRegular },
  chosenCost: { fontWeight: tokens.fontWeightSemibold },
  form: { display: 'flex', flexDirection: 'column', gap: '12px' },
  muted: { color: tokens.colorNeutralForeground3 },
  nowrap: { whiteSpace: 'nowrap' },
});

interface SiteRow {
  id: string;
  name: string;
  countryCode?: string;
  people?: number;
  recommendation?: SiteRecommendation;
  decision?: SiteDecision;
  siteBlockers: string[];
  peopleBlocked?: number;
  costs: Map<string, number>;
  /** Paths not offered at the site, with the reason (shown instead of a price). */
  unavailable: Map<string, string>;
}

function buildRows(decisions: DecisionsView | undefined, settings: SettingsDocument | undefined, facets: SiteFacet[]): SiteRow[] {
  const recs = decisions?.recommendations ?? [];
  const cost: CostReport | undefined = decisions?.costs;
  const readiness: ReadinessSummary | undefined = decisions?.readiness;
  const byId = new Map<string, SiteRow>();
  const row = (id: string): SiteRow => {
    let r = byId.get(id);
    if (!r) {
      r = { id, name: id, siteBlockers: [], costs: new Map(), unavailable: new Map() };
      byId.set(id, r);
    }
    return r;
  };
  for (const f of facets) Object.assign(row(f.id), { name: f.name, countryCode: f.countryCode, people: f.people });
  for (const rec of recs) {
    const r = row(rec.siteId);
    r.recommendation = rec;
    if (rec.siteName) r.name = rec.siteName;
    if (rec.countryCode) r.countryCode = rec.countryCode;
    if (rec.people !== undefined) r.people = rec.people;
  }
  for (const d of settings?.settings.decisions?.sites ?? []) row(d.siteId).decision = d as SiteDecision;
  for (const s of readiness?.perSite ?? []) {
    const r = row(s.siteId);
    r.siteBlockers = s.siteBlockers;
    r.peopleBlocked = s.blocked;
  }
  for (const s of cost?.sites ?? []) {
    const r = row(s.siteId);
    if (r.people === undefined) r.people = s.users;
    for (const o of s.options) {
      // Several operators or SBCs can price one path: show the cheapest per path.
      const prev = r.costs.get(o.path);
      if (prev === undefined || o.monthly < prev) r.costs.set(o.path, o.monthly);
    }
    for (const u of s.unavailable ?? []) r.unavailable.set(u.path, u.reason);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function SitesPage({ api, navigate }: { api: ApiClient; navigate?: (p: PageId) => void }) {
  const styles = useStyles();
  const settings = useAsync<SettingsDocument>(() => api.settings(), [api]);
  const decisions = useAsync<DecisionsView>(() => api.decisions(), [api]);
  const facets = useAsync<PeoplePage>(() => api.people({ offset: 0, limit: 1 }), [api]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<SiteRow>();
  const [saved, setSaved] = useState<string>();

  const rows = useMemo(
    () => buildRows(decisions.data, settings.data, facets.data?.sites ?? []),
    [decisions.data, settings.data, facets.data],
  );
  const currency = decisions.data?.costs?.currency ?? settings.data?.settings.costs?.currency ?? 'USD';

  function reloadAll() {
    settings.reload();
    decisions.reload();
    facets.reload();
  }

  const toggle = (id: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const loading = (settings.loading && !settings.data) || (decisions.loading && !decisions.data) || (facets.loading && !facets.data);
  return (
    <main className={styles.page}>
      <Title2 as="h1">Sites &amp; decisions</Title2>
      <div className={styles.toolbar}>
        <Text data-testid="settings-version">
          Settings version {settings.data ? (settings.data.version ?? 'none saved yet') : '…'}
        </Text>
        {settings.data?.updatedBy && (
          <Text className={styles.muted}>
            last saved by {settings.data.updatedBy}
            {settings.data.updatedAt ? ` at ${new Date(settings.data.updatedAt).toLocaleString()}` : ''}
          </Text>
        )}
        <Button icon={<ArrowClockwiseRegular />} onClick={reloadAll}>
          Reload
        </Button>
      </div>
      {saved && (
        <MessageBar intent="success" data-testid="decision-saved">
          <MessageBarBody>{saved}</MessageBarBody>
        </MessageBar>
      )}
      {settings.error !== undefined && <ErrorBar title="Settings could not be loaded" error={settings.error} onRetry={settings.reload} />}
      {decisions.error !== undefined &&
        (isNotAvailable(decisions.error) ? (
          <InfoBar>Recommendations and costs are not available yet: {errorText(decisions.error)}</InfoBar>
        ) : (
          <ErrorBar title="Recommendations could not be loaded" error={decisions.error} onRetry={decisions.reload} />
        ))}
      {loading && <Spinner label="Loading sites…" />}
      {!loading && rows.length === 0 && (
        <InfoBar>
          No sites yet: sync the tenant on the{' '}
          <Button appearance="transparent" size="small" onClick={() => navigate?.('overview')}>
            Overview
          </Button>{' '}
          page.
        </InfoBar>
      )}
      {rows.length > 0 && (
        <div className={styles.tableWrap}>
          <Table aria-label="Sites and their PSTN path decisions" size="small" data-testid="sites-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Site</TableHeaderCell>
                <TableHeaderCell>Country</TableHeaderCell>
                <TableHeaderCell>Users</TableHeaderCell>
                <TableHeaderCell>Recommendation</TableHeaderCell>
                <TableHeaderCell>Decided path</TableHeaderCell>
                <TableHeaderCell>Readiness blockers</TableHeaderCell>
                <TableHeaderCell>Monthly cost per path</TableHeaderCell>
                <TableHeaderCell aria-label="Actions" />
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => {
                const open = expanded.has(r.id);
                const rec = r.recommendation;
                const decidedPath = r.decision?.path;
                return (
                  <Fragment key={r.id}>
                    <TableRow data-testid="site-row" data-site-id={r.id}>
                      <TableCell>
                        <Text weight="semibold">{r.name}</Text>
                      </TableCell>
                      <TableCell>{r.countryCode ?? '–'}</TableCell>
                      <TableCell>{count(r.people)}</TableCell>
                      <TableCell>
                        {rec ? (
                          <Button
                            appearance="transparent"
                            size="small"
                            icon={open ? <ChevronDownRegular /> : <ChevronRightRegular />}
                            aria-expanded={open}
                            aria-controls={`reasons-${r.id}`}
                            onClick={() => toggle(r.id)}
                            data-testid="recommendation-toggle"
                            className={styles.recButton}
                          >
                            {rec.path}
                            {rec.operatorId ? ` · ${rec.operatorId}` : rec.sbcId ? ` · ${rec.sbcId}` : ''} ({rec.reasons.length} reason
                            {rec.reasons.length === 1 ? '' : 's'})
                          </Button>
                        ) : (
                          '–'
                        )}
                      </TableCell>
                      <TableCell data-testid="decided-path">
                        {decidedPath ? (
                          <Tooltip content={PATH_LABELS[decidedPath]} relationship="description">
                            <Badge appearance="filled" color={rec && rec.path !== decidedPath ? 'warning' : 'brand'} className={styles.nowrap}>
                              {decidedPath}
                              {r.decision?.operatorId ? ` · ${r.decision.operatorId}` : ''}
                              {r.decision?.sbcId ? ` · ${r.decision.sbcId}` : ''}
                              {r.decision?.stayUntil ? ` until ${r.decision.stayUntil}` : ''}
                            </Badge>
                          </Tooltip>
                        ) : (
                          <Badge appearance="outline" color="informative">
                            not decided
                          </Badge>
                        )}
                      </TableCell>
                      <TableCell>
                        {r.siteBlockers.length || r.peopleBlocked ? (
                          <Tooltip
                            content={`${r.siteBlockers.length ? `Site gates: ${r.siteBlockers.join(', ')}. ` : ''}Open the blocked people of this site.`}
                            relationship="description"
                          >
                            <Link
                              href={`#/people?siteId=${encodeURIComponent(r.id)}&blocked=true`}
                              aria-label={`${r.peopleBlocked ?? 0} blocked people at ${r.name}`}
                            >
                              <Badge color="danger" appearance="tint" className={styles.nowrap}>
                              {count(r.peopleBlocked ?? 0)} people
                              {r.siteBlockers.length ? ` · ${r.siteBlockers.length} site gate${r.siteBlockers.length === 1 ? '' : 's'}` : ''}
                              </Badge>
                            </Link>
                          </Tooltip>
                        ) : decisions.data ? (
                          <Badge color="success" appearance="tint">
                            none
                          </Badge>
                        ) : (
                          '–'
                        )}
                      </TableCell>
                      <TableCell>
                        <div className={styles.costs}>
                          {r.costs.size === 0 && r.unavailable.size === 0
                            ? '–'
                            : PATHS.filter((p) => r.costs.has(p) || r.unavailable.has(p)).map((p) =>
                                r.costs.has(p) ? (
                                  <span key={p} className={p === (decidedPath ?? rec?.path) ? styles.chosenCost : undefined}>
                                    {p}: {money(r.costs.get(p), currency)}
                                  </span>
                                ) : (
                                  <Tooltip key={p} content={r.unavailable.get(p)!} relationship="description">
                                    <span className={styles.muted} tabIndex={0}>
                                      {p}: n/a
                                    </span>
                                  </Tooltip>
                                ),
                              )}
                        </div>
                      </TableCell>
                      <TableCell>
                        <Button
                          icon={<EditRegular />}
                          size="small"
                          onClick={() => {
                            setSaved(undefined);
                            setEditing(r);
                          }}
                          disabled={!settings.data}
                          aria-label={`Edit the decision for ${r.name}`}
                          data-testid={`edit-decision-${r.id}`}
                        >
                          Decide
                        </Button>
                      </TableCell>
                    </TableRow>
                    {open && rec && (
                      <TableRow id={`reasons-${r.id}`} data-testid="site-reasons">
                        <TableCell colSpan={8}>
                          <ul className={styles.reasons}>
                            {rec.reasons.map((reason, i) => (
                              <li key={i}>{reason}</li>
                            ))}
                          </ul>
                        </TableCell>
                      </TableRow>
                    )}
                  </Fragment>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {/* Re-applied rules move people between sites: the table above reloads to show it. */}
      <SiteRulesEditor api={api} onApplied={reloadAll} />
      {editing && settings.data && (
        <DecisionDialog
          api={api}
          site={editing}
          doc={settings.data}
          onClose={() => setEditing(undefined)}
          onSaved={(doc, message) => {
            settings.setData(doc);
            setEditing(undefined);
            setSaved(message);
            decisions.reload();
          }}
          onReload={() => {
            setEditing(undefined);
            reloadAll();
          }}
        />
      )}
    </main>
  );
}

/** Edits one site's decision and writes the whole settings document with the version it was read at. */
function DecisionDialog({
  api,
  site,
  doc,
  onClose,
  onSaved,
  onReload,
}: {
  api: ApiClient;
  site: SiteRow;
  doc: SettingsDocument;
  onClose: () => void;
  onSaved: (doc: SettingsDocument, message: string) => void;
  onReload: () => void;
}) {
  const styles = useStyles();
  const current = site.decision;
  const [path, setPath] = useState<PstnPath | ''>(current?.path ?? '');
  const [operatorId, setOperatorId] = useState(current?.operatorId ?? '');
  const [sbcId, setSbcId] = useState(current?.sbcId ?? '');
  const [policy, setPolicy] = useState(current?.voiceRoutingPolicy ?? '');
  const [stayUntil, setStayUntil] = useState(current?.stayUntil ?? '');
  const [note, setNote] = useState(current?.note ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();

  const operators = (doc.settings.operators ?? []).filter(
    (o) => !site.countryCode || o.countries.includes(site.countryCode) || o.id === operatorId,
  );
  const sbcs = doc.settings.sbcs ?? [];
  const conflict = error instanceof ApiError && error.status === 409;

  async function save() {
    setSaving(true);
    setError(undefined);
    const decision: SiteDecision | undefined = path
      ? {
          siteId: site.id,
          path,
          ...(path === 'OC' && operatorId ? { operatorId } : {}),
          ...(path === 'DR' && sbcId ? { sbcId } : {}),
          ...(path === 'DR' && policy.trim() ? { voiceRoutingPolicy: policy.trim() } : {}),
          ...(path === 'PBX' && stayUntil ? { stayUntil } : {}),
          ...(note.trim() ? { note: note.trim() } : {}),
        }
      : undefined;
    // Change only this site's entry; everything else is written back exactly as it was read.
    const others = (doc.settings.decisions?.sites ?? []).filter((d) => d.siteId !== site.id);
    const settings = {
      ...doc.settings,
      decisions: { ...(doc.settings.decisions ?? {}), sites: decision ? [...others, decision] : others, users: doc.settings.decisions?.users ?? [] },
    };
    try {
      const saved = await api.saveSettings(settings, doc.version);
      const next: SettingsDocument = saved?.settings ? saved : { ...doc, ...saved, settings };
      onSaved(next, `Saved the decision for ${site.name}: settings version ${next.version ?? '?'}.`);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Dialog open onOpenChange={(_e, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Decision for {site.name}</DialogTitle>
          <DialogContent className={styles.form}>
            {site.recommendation && (
              <Text>
                Recommended: <strong>{PATH_LABELS[site.recommendation.path]}</strong>
                {site.recommendation.reasons[0] ? ` — ${site.recommendation.reasons[0]}` : ''}
              </Text>
            )}
            <Field label="PSTN path">
              <Select value={path} onChange={(_e, d) => setPath(d.value as PstnPath | '')} data-testid="decision-path">
                <option value="">Not decided (use the recommendation)</option>
                {PATHS.map((p) => (
                  <option key={p} value={p}>
                    {PATH_LABELS[p]} ({p})
                  </option>
                ))}
              </Select>
            </Field>
            {path === 'OC' && (
              <Field label="Operator" hint={operators.length ? undefined : 'No operator in the settings serves this country.'}>
                <Select value={operatorId} onChange={(_e, d) => setOperatorId(d.value)} data-testid="decision-operator">
                  <option value="">(choose later)</option>
                  {operators.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {path === 'DR' && (
              <>
                <Field label="SBC">
                  <Select value={sbcId} onChange={(_e, d) => setSbcId(d.value)} data-testid="decision-sbc">
                    <option value="">(choose later)</option>
                    {sbcs.map((s) => (
                      <option key={s.id} value={s.id}>
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
            {conflict ? (
              <MessageBar intent="error" role="alert" data-testid="conflict-message">
                <MessageBarBody>
                  <MessageBarTitle>Someone else changed the settings</MessageBarTitle>
                  {errorText(error)} Your change was not saved.
                </MessageBarBody>
                <MessageBarActions>
                  <Button onClick={onReload} data-testid="conflict-reload">
                    Reload
                  </Button>
                </MessageBarActions>
              </MessageBar>
            ) : error !== undefined ? (
              <MessageBar intent="error" role="alert" data-testid="save-error">
                <MessageBarBody>
                  {errorText(error)}
                  {error instanceof ApiError && error.issues.length > 0 && (
                    <ul>
                      {error.issues.map((i, n) => (
                        <li key={n}>
                          {i.path ? <code>{i.path}</code> : null} {i.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" onClick={save} disabled={saving || conflict} data-testid="decision-save">
              {saving ? 'Saving…' : 'Save'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
