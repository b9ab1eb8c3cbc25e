/**
 * The admin's site mapping rules (officeLocation / city / country -> site): edit them in order, preview
 * what they change against the stored snapshot (people per rule, unmapped before and after with
 * reasons), then save from the version loaded - optionally re-applying them to the snapshot at once.
 * A save over another admin's newer version is refused by the server and shown with a reload.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Badge,
  Button,
  Field,
  Input,
  Link,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { SidewaysScroll } from './SidewaysScroll';
import { AddRegular, ArrowDownRegular, ArrowUpRegular, ArrowClockwiseRegular, DeleteRegular, EyeRegular, SaveRegular } from '@fluentui/react-icons';
import type { ApiClient, ApiIssue } from '../api-client';
import { ApiError, errorText } from '../api-client';
import type { SiteMappingRule, SiteRulesPreview, SiteRulesSaveResult, SiteRulesView } from '../api-types';
import { useAsync } from '../hooks/use-async';
import { ErrorBar, InfoBar, isNotAvailable } from './Feedback';
import { count, dateTime } from '../format';

const FIELDS = ['officeLocation', 'city', 'country', 'siteName', 'countryCode'] as const;
type RuleField = (typeof FIELDS)[number];
const LABELS: Record<RuleField, string> = {
  officeLocation: 'Office location',
  city: 'City',
  country: 'Country',
  siteName: 'Site',
  countryCode: 'Site country',
};
const PLACEHOLDERS: Record<RuleField, string> = {
  officeLocation: 'e.g. SEA-*',
  city: 'e.g. Seattle',
  country: 'e.g. US',
  siteName: 'e.g. Seattle',
  countryCode: 'e.g. US',
};

/** One editable row; `key` keeps React's identity stable while rows move. */
type RuleRow = Record<RuleField, string> & { key: number };

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '12px', marginTop: '16px' },
  toolbar: { display: 'flex', gap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  input: { minWidth: '110px', width: '100%' },
  actions: { display: 'flex', gap: '2px', whiteSpace: 'nowrap' },
  issues: { margin: 0, paddingLeft: '20px' },
  summary: { display: 'flex', gap: '16px', flexWrap: 'wrap', alignItems: 'baseline' },
});

let nextKey = 1;
function toRow(rule?: SiteMappingRule): RuleRow {
  return {
    key: nextKey++,
    officeLocation: rule?.officeLocation ?? '',
    city: rule?.city ?? '',
    country: rule?.country ?? '',
    siteName: rule?.siteName ?? '',
    countryCode: rule?.countryCode ?? '',
  };
}

/** Empty boxes are absent fields; the server trims and checks the rest, so its paths match these rows. */
function toRule(row: RuleRow): SiteMappingRule {
  const rule: Record<string, string> = {};
  for (const f of FIELDS) if (row[f].trim() !== '') rule[f] = row[f];
  return rule as unknown as SiteMappingRule;
}

type Outcome =
  | { kind: 'saved'; result: SiteRulesSaveResult }
  | { kind: 'invalid'; message: string; issues: ApiIssue[] }
  | { kind: 'conflict'; message: string }
  | { kind: 'error'; error: unknown };

function outcomeOf(e: unknown): Outcome {
  if (e instanceof ApiError && e.status === 409) return { kind: 'conflict', message: e.message };
  if (e instanceof ApiError && e.status === 400) return { kind: 'invalid', message: e.message, issues: e.issues };
  return { kind: 'error', error: e };
}

/** `$.rules[2].siteName` -> [2, 'siteName']; `$.rules[2]` -> [2, undefined]. */
function issueTarget(path: string | undefined): [number, RuleField | undefined] | undefined {
  const m = /^\$\.rules\[(\d+)\](?:\.(\w+))?$/.exec(path ?? '');
  if (!m) return undefined;
  return [Number(m[1]), FIELDS.includes(m[2] as RuleField) ? (m[2] as RuleField) : undefined];
}

export function SiteRulesEditor({ api, onApplied }: { api: ApiClient; onApplied?: () => void }) {
  const styles = useStyles();
  const doc = useAsync<SiteRulesView>(() => api.siteRules(), [api]);
  const [rows, setRows] = useState<RuleRow[]>([]);
  const [dirty, setDirty] = useState(false);
  const [preview, setPreview] = useState<SiteRulesPreview>();
  const [previewError, setPreviewError] = useState<unknown>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  /** Bumped by every edit: a preview finishing after one describes rules no longer shown. */
  const revision = useRef(0);
  const unmounted = useRef(false);
  useEffect(() => () => void (unmounted.current = true), []);

  useEffect(() => {
    if (!doc.data) return;
    setRows(doc.data.rules.map(toRow));
    setDirty(false);
    setPreview(undefined);
  }, [doc.data]);

  /** Field-level messages from the last refused preview or save, by row and field. */
  const fieldIssues = useMemo(() => {
    const map = new Map<string, string>();
    const issues = outcome?.kind === 'invalid' ? outcome.issues : previewError instanceof ApiError ? previewError.issues : [];
    for (const i of issues) {
      const t = issueTarget(i.path);
      // A problem with the rule as a whole (no condition) shows at its first condition box.
      if (t) map.set(`${t[0]}.${t[1] ?? 'officeLocation'}`, i.message);
    }
    return map;
  }, [outcome, previewError]);

  function edit(change: (rows: RuleRow[]) => RuleRow[]) {
    setRows(change);
    setDirty(true);
    revision.current++;
    // A preview describes the rules it was made for: an edit makes it stale.
    setPreview(undefined);
  }
  const setField = (key: number, field: RuleField, value: string) => edit((rs) => rs.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  const move = (index: number, by: -1 | 1) =>
    edit((rs) => {
      const next = [...rs];
      [next[index], next[index + by]] = [next[index + by], next[index]];
      return next;
    });

  async function runPreview() {
    setBusy(true);
    setPreviewError(undefined);
    setOutcome(undefined);
    setPreviewing(true);
    const asked = revision.current;
    try {
      // The server derives the sites in a job; the client follows it until it ends (or this editor goes).
      const result = await api.previewSiteRules(rows.map(toRule), { stopped: () => unmounted.current });
      if (!unmounted.current && asked === revision.current) setPreview(result);
    } catch (e) {
      if (unmounted.current) return;
      setPreview(undefined);
      setPreviewError(e);
    } finally {
      if (!unmounted.current) {
        setBusy(false);
        setPreviewing(false);
      }
    }
  }

  async function save(apply: boolean) {
    if (!doc.data) return;
    setBusy(true);
    setPreviewError(undefined);
    try {
      const rules = rows.map(toRule);
      const result = await api.saveSiteRules(rules, doc.data.version, apply);
      setOutcome({ kind: 'saved', result });
      doc.reload();
      if (result.applied) onApplied?.();
    } catch (e) {
      setOutcome(outcomeOf(e));
    } finally {
      setBusy(false);
    }
  }

  function reload() {
    setOutcome(undefined);
    setPreviewError(undefined);
    doc.reload();
  }

  if (doc.error && !doc.data) {
    return (
      <section className={styles.section} aria-labelledby="site-rules-title">
        <Title3 as="h2" id="site-rules-title">
          Site mapping rules
        </Title3>
        {isNotAvailable(doc.error) ? <InfoBar>{errorText(doc.error)}</InfoBar> : <ErrorBar error={doc.error} onRetry={doc.reload} />}
      </section>
    );
  }
  if (!doc.data) return <Spinner size="small" label="Loading the site mapping rules…" />;
  const snapshot = doc.data.snapshot;
  const perRule = preview?.rules;

  return (
    <section className={styles.section} aria-labelledby="site-rules-title" data-testid="site-rules-editor">
      <Title3 as="h2" id="site-rules-title">
        Site mapping rules
      </Title3>
      <Text className={styles.muted}>
        People are placed at a site by the first rule that matches their directory entry, before places and cities are looked at.
        Patterns ignore case and accents; <code>*</code> matches any text. Country takes a name or an ISO code. A rule's site is created when
        no place has that name; <em>Site country</em> sets its country.
      </Text>
      <Text data-testid="site-rules-version">
        {doc.data.version === null ? 'No rules saved yet' : `Version ${doc.data.version}`}
        {doc.data.updatedBy ? `, last saved by ${doc.data.updatedBy} at ${dateTime(doc.data.updatedAt)}` : ''}.
      </Text>
      {snapshot && (
        <Text>
          {count(snapshot.unmappedPeople)} people map to no site in the snapshot of {dateTime(snapshot.takenAt)}
          {snapshot.appliedRulesVersion !== undefined ? ` (rules version ${snapshot.appliedRulesVersion} applied to it)` : ''}:{' '}
          <Link href="#/people?siteId=none" data-testid="unmapped-people-link">
            list them with the reasons
          </Link>
          .
        </Text>
      )}

      <SidewaysScroll minWidth={880}>
        <Table aria-label="Site mapping rules, first match wins" size="small" data-testid="site-rules-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '36px' }}>#</TableHeaderCell>
              {FIELDS.map((f) => (
                <TableHeaderCell key={f}>{LABELS[f]}</TableHeaderCell>
              ))}
              <TableHeaderCell>People (preview)</TableHeaderCell>
              <TableHeaderCell aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row, i) => {
              const match = perRule?.[i];
              return (
                <TableRow key={row.key} data-testid="site-rule-row">
                  <TableCell>{i + 1}</TableCell>
                  {FIELDS.map((f) => {
                    const issue = fieldIssues.get(`${i}.${f}`);
                    return (
                      <TableCell key={f}>
                        <Field validationState={issue ? 'error' : 'none'} validationMessage={issue} size="small">
                          <Input
                            className={styles.input}
                            size="small"
                            value={row[f]}
                            placeholder={PLACEHOLDERS[f]}
                            aria-label={`${LABELS[f]} of rule ${i + 1}`}
                            onChange={(_e, d) => setField(row.key, f, d.value)}
                            data-testid={`rule-${i}-${f}`}
                          />
                        </Field>
                      </TableCell>
                    );
                  })}
                  <TableCell data-testid="rule-people">
                    {match ? (
                      <>
                        {count(match.people)}
                        {match.newSite && (
                          <Badge size="small" appearance="outline" color="informative" style={{ marginLeft: 6 }}>
                            new site
                          </Badge>
                        )}
                      </>
                    ) : (
                      '–'
                    )}
                  </TableCell>
                  <TableCell>
                    <div className={styles.actions}>
                      <Button size="small" appearance="subtle" icon={<ArrowUpRegular />} aria-label={`Move rule ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)} />
                      <Button
                        size="small"
                        appearance="subtle"
                        icon={<ArrowDownRegular />}
                        aria-label={`Move rule ${i + 1} down`}
                        disabled={i === rows.length - 1}
                        onClick={() => move(i, 1)}
                      />
                      <Button
                        size="small"
                        appearance="subtle"
                        icon={<DeleteRegular />}
                        aria-label={`Remove rule ${i + 1}`}
                        onClick={() => edit((rs) => rs.filter((r) => r.key !== row.key))}
                      />
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </SidewaysScroll>
      {rows.length === 0 && <Text className={styles.muted}>No rules: sites come from places and from each person's office location and city.</Text>}

      <div className={styles.toolbar}>
        <Button icon={<AddRegular />} onClick={() => edit((rs) => [...rs, toRow()])} data-testid="site-rules-add">
          Add rule
        </Button>
        <Button icon={<EyeRegular />} onClick={runPreview} disabled={busy || !snapshot} data-testid="site-rules-preview">
          Preview
        </Button>
        <Button appearance="primary" icon={<SaveRegular />} onClick={() => save(false)} disabled={busy || !dirty} data-testid="site-rules-save">
          Save
        </Button>
        {snapshot?.canApply && (
          <Button icon={<SaveRegular />} onClick={() => save(true)} disabled={busy || !dirty} data-testid="site-rules-save-apply">
            Save and apply now
          </Button>
        )}
        <Button icon={<ArrowClockwiseRegular />} onClick={reload} disabled={busy}>
          Reload (discard edits)
        </Button>
        {busy && <Spinner size="tiny" label={previewing ? 'Previewing over the stored snapshot…' : undefined} />}
      </div>
      <Text className={styles.muted}>
        {snapshot?.canApply
          ? 'Save keeps the current sites until the next sync applies the rules; Save and apply now re-derives every person\'s site from the stored snapshot at once.'
          : `The next sync applies saved rules.${snapshot?.note ? ` ${snapshot.note}` : ''}`}
      </Text>

      <SaveOutcome outcome={outcome} onReload={reload} />
      {previewError !== undefined &&
        (previewError instanceof ApiError && previewError.status === 400 ? (
          <IssuesBar title="The rules cannot be previewed" message={previewError.message} issues={previewError.issues} />
        ) : (
          <ErrorBar title="The preview failed" error={previewError} />
        ))}
      {preview && <PreviewResult preview={preview} />}
    </section>
  );
}

function PreviewResult({ preview }: { preview: SiteRulesPreview }) {
  const styles = useStyles();
  const { unmapped, sites } = preview;
  return (
    <section aria-label="Preview of the rules" data-testid="site-rules-preview-result">
      <div className={styles.summary}>
        <Text weight="semibold">Preview against the snapshot of {dateTime(preview.snapshotTakenAt)}:</Text>
        <Text data-testid="preview-unmapped">
          People without a site: {count(unmapped.before)} → {count(unmapped.after)}
        </Text>
        <Text>{count(preview.peopleMoving)} people change site</Text>
        <Text>
          Sites: {count(sites.before)} → {count(sites.after)}
          {sites.added.length > 0 && ` (new: ${sites.added.map((s) => s.name).join(', ')})`}
          {sites.removed.length > 0 && ` (gone: ${sites.removed.map((s) => s.name).join(', ')})`}
        </Text>
      </div>
      {sites.removed.length > 0 && (
        <Text className={styles.muted}>Decisions and attributes saved for a site that is gone no longer apply to anyone.</Text>
      )}
      {preview.notes.map((n, i) => (
        <InfoBar key={i}>{n}</InfoBar>
      ))}
      {unmapped.sample.length > 0 && (
        <Table aria-label="People who would map to no site" size="extra-small" data-testid="preview-unmapped-sample">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Without a site ({count(unmapped.sample.length)} of {count(unmapped.after)})</TableHeaderCell>
              <TableHeaderCell>Reason</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {unmapped.sample.map((u) => (
              <TableRow key={u.personId}>
                <TableCell>
                  {u.displayName} <span className={styles.muted}>{u.userPrincipalName}</span>
                  {u.newlyUnmapped && (
                    <Badge size="small" color="warning" appearance="tint" style={{ marginLeft: 6 }}>
                      loses its site
                    </Badge>
                  )}
                </TableCell>
                <TableCell>{u.reason}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

/** Where a problem is, as the table numbers its rules: `$.rules[1].city` is "Rule 2, City" (the path counts from 0). */
function issueLabel(path: string | undefined): ReactNode {
  const t = issueTarget(path);
  if (!t) return <code>{path ?? '(document)'}</code>;
  return `Rule ${t[0] + 1}${t[1] ? `, ${LABELS[t[1]]}` : ''}`;
}

function IssuesBar({ title, message, issues }: { title: string; message: string; issues: ApiIssue[] }) {
  const styles = useStyles();
  return (
    <MessageBar intent="error" role="alert" data-testid="site-rules-issues">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {issues.length === 0 && message}
        <ul className={styles.issues}>
          {issues.map((i, n) => (
            <li key={n}>
              {issueLabel(i.path)}: {i.message}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}

function SaveOutcome({ outcome, onReload }: { outcome?: Outcome; onReload: () => void }) {
  if (!outcome) return null;
  switch (outcome.kind) {
    case 'saved': {
      const { result } = outcome;
      const a = result.applied;
      return (
        <MessageBar intent={result.notApplied ? 'warning' : 'success'} data-testid="site-rules-saved">
          <MessageBarBody>
            Saved as version {result.version}.{' '}
            {a
              ? `Applied to the stored snapshot: ${count(a.peopleMoving)} people changed site; people without a site ${count(a.unmappedBefore)} → ${count(a.unmappedAfter)}.`
              : result.notApplied ?? 'The next sync applies them.'}
          </MessageBarBody>
        </MessageBar>
      );
    }
    case 'invalid':
      return <IssuesBar title="The rules were not saved" message={outcome.message} issues={outcome.issues} />;
    case 'conflict':
      return (
        <MessageBar intent="error" role="alert" data-testid="site-rules-conflict">
          <MessageBarBody>
            <MessageBarTitle>Someone else changed the site mapping rules</MessageBarTitle>
            {outcome.message} Your edits were not saved.
          </MessageBarBody>
          <MessageBarActions>
            <Button onClick={onReload} data-testid="site-rules-conflict-reload">
              Reload their version
            </Button>
          </MessageBarActions>
        </MessageBar>
      );
    case 'error':
      return <ErrorBar error={outcome.error} />;
  }
}
