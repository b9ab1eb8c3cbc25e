/** The Coexistence view's sections: block splits, orders, the SBC table per stage, dial plans, collisions. */
import { useState, type ReactNode } from 'react';
import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  makeStyles,
  SearchBox,
  Select,
  Text,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { useReturnFocus } from '../../components/use-return-focus';
import { SiteFilter } from '../../components/SiteFilter';
import { ApiError, type ApiClient } from '../../api-client';
import { count } from '../../format';
import { coexistenceApi, type BlockSplitRow, type CoexistenceOverview, type CoexistenceRoute, type DialPlan, type ExtensionCollision, type PortOrderRow, type SbcRuleSet, type UploadOrderRow } from './coexistence-api';
import type { GridColumn } from '../../components/data-grid';
import { GridList } from './GridList';
import { TrackedOrderGrid } from './TrackedOrderGrid';
import { useAsync } from '../../hooks/use-async';
import { ROUTE_KIND_LABELS, ROUTE_TARGET_LABELS } from '../../../../../shared/services/coexistence-labels';
import { constraintLabel } from '../../../../../shared/domain/planning/constraint-catalogue';
import { portOrderGainer } from '../../../../../shared/domain/plan';

/** What a section reads from and writes to the URL (`#/coexistence?view=blocks&wave=2&q=...`). */
export interface SectionProps {
  api: ApiClient;
  overview: CoexistenceOverview;
  params: Record<string, string>;
  setParams: (changes: Record<string, string | undefined>) => void;
  siteName: (id: string | undefined) => string;
  sites: { id: string; name: string }[];
  /** An operator's name and an SBC's address from the settings (the plan holds ids). */
  operatorName: (id: string | undefined) => string;
  sbcName: (id: string | undefined) => string;
}

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '12px' },
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  list: { margin: 0, paddingLeft: '18px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function range(first?: string, last?: string): string {
  if (!first) return '–';
  return !last || first === last ? first : `${first} – ${last}`;
}

/**
 * A button that opens a long list (a block's rules, an order's numbers) in a dialog; focus returns to it.
 * A list read on demand says so with `onOpen` (each time the dialog opens), `status` and `actions`.
 */
function LinesButton({ label, title, lines, testId, prose = false, onOpen, status, actions }: { label: string; title: string; lines: string[]; testId: string; prose?: boolean; onOpen?: () => void; status?: ReactNode; actions?: ReactNode }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  useReturnFocus(open);
  return (
    <>
      <Button
        size="small"
        appearance="subtle"
        onClick={() => {
          setOpen(true);
          onOpen?.();
        }}
        data-testid={testId}
      >
        {label}
      </Button>
      <Dialog open={open} onOpenChange={(_e, d) => setOpen(d.open)}>
        <DialogSurface aria-describedby={undefined}>
          <DialogBody>
            <DialogTitle>{title}</DialogTitle>
            <DialogContent>
              {prose ? (
                <ul className={styles.list} data-testid={`${testId}-list`}>
                  {lines.map((l, i) => (
                    <li key={i}>{l}</li>
                  ))}
                </ul>
              ) : (
                <pre className={styles.mono} style={{ maxHeight: '50vh', overflow: 'auto', margin: 0, whiteSpace: 'pre-wrap' }} data-testid={`${testId}-list`} tabIndex={0}>
                  {lines.join('\n')}
                </pre>
              )}
              {status}
            </DialogContent>
            <DialogActions>
              {actions}
              <Button appearance="primary" onClick={() => setOpen(false)}>
                Close
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}

/** An order's numbers: the first few inline (its row carries them), all of them in a dialog read 1,000 at a time (an upload order holds up to 10,000). */
function Numbers({ api, order }: { api: ApiClient; order: PortOrderRow | UploadOrderRow }) {
  const styles = useStyles();
  const [loaded, setLoaded] = useState<string[]>([]);
  const [total, setTotal] = useState<number | undefined>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const read = async (offset: number) => {
    setLoading(true);
    setError(undefined);
    try {
      const page = await coexistenceApi.orderNumbers(api, order.id, offset);
      setLoaded((before) => [...before.slice(0, offset), ...page.items]);
      setTotal(page.total);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setLoading(false);
    }
  };
  const left = (total ?? order.numberCount) - loaded.length;
  return (
    <span>
      <LinesButton
        label={`All ${count(order.numberCount)}`}
        title={`Numbers of ${order.id}`}
        lines={loaded}
        testId="order-numbers"
        onOpen={() => {
          if (total === undefined && !loading) void read(0);
        }}
        status={
          <>
            {loading && <Text className={styles.muted}>Reading the numbers…</Text>}
            {error && (
              <Text role="alert" data-testid="order-numbers-error">
                {error}
              </Text>
            )}
          </>
        }
        actions={
          total !== undefined &&
          left > 0 && (
            <Button onClick={() => void read(loaded.length)} disabled={loading} data-testid="order-numbers-more">
              Show the next {count(Math.min(1000, left))} ({count(left)} left)
            </Button>
          )
        }
      />{' '}
      <span className={styles.mono}>
        {order.firstNumbers.join(', ')}
        {order.numberCount > order.firstNumbers.length ? ', …' : ''}
      </span>
    </span>
  );
}

function waveLabel(overview: CoexistenceOverview, n: number): string {
  if (n < 0) return `Today (${overview.summary?.stages[0]?.effectiveFrom ?? 'before any wave'})`;
  const w = overview.waves.find((x) => x.number === n);
  return w ? `${w.name} (${w.date})` : `Wave ${n}`;
}

function WaveFilter({ overview, value, onChange, label = 'Wave', withToday = false }: { overview: CoexistenceOverview; value: string | undefined; onChange: (v: string | undefined) => void; label?: string; withToday?: boolean }) {
  return (
    <Field label={label}>
      <Select value={value ?? ''} onChange={(_e, d) => onChange(d.value || undefined)}>
        {!withToday && <option value="">All waves</option>}
        {withToday && <option value="-1">{waveLabel(overview, -1)}</option>}
        {overview.waves.map((w) => (
          <option key={w.number} value={String(w.number)}>
            {withToday ? `After ${w.name} (${w.date})` : `${w.name} (${w.date})`}
          </option>
        ))}
      </Select>
    </Field>
  );
}

function Search({ value, onChange, label }: { value: string | undefined; onChange: (v: string | undefined) => void; label: string }) {
  return (
    <Field label={label}>
      <SearchBox value={value ?? ''} onChange={(_e, d) => onChange(d.value || undefined)} />
    </Field>
  );
}

/** `dir=desc` in the URL: the list's one sortable column, reversed. */
function orderOf(params: Record<string, string>, setParams: SectionProps['setParams']) {
  return { desc: params.dir === 'desc', onDescChange: (desc: boolean) => setParams({ dir: desc ? 'desc' : undefined }) };
}

const subTitle = { fontSize: tokens.fontSizeBase400 };

export function BlocksSection({ api, overview, params, setParams, siteName, sites }: SectionProps) {
  const styles = useStyles();
  const filter = { wave: params.wave, site: params.site, q: params.q, split: params.split === 'true' ? 'true' : undefined };
  const movesText = (b: BlockSplitRow) =>
    b.moves.length === 0 ? 'none planned' : b.moves.map((m) => `${waveLabel(overview, m.waveNumber)}: ${count(m.count)} number${m.count === 1 ? '' : 's'}`).join('; ');
  const columns: GridColumn<BlockSplitRow>[] = [
    { id: 'block', label: 'Block', width: 'minmax(220px, 1.4fr)', title: (b) => b.blockId, render: (b) => <span className={styles.mono}>{range(b.first, b.last)}</span> },
    { id: 'site', label: 'Site', width: 'minmax(110px, 1fr)', title: (b) => b.siteId ?? 'no site', render: (b) => siteName(b.siteId) },
    { id: 'carrier', label: 'Carrier', width: 'minmax(100px, 0.8fr)', title: (b) => b.carrier, render: (b) => b.carrier ?? '–' },
    {
      id: 'moves',
      label: 'Moves',
      width: 'minmax(220px, 2fr)',
      // The ranges each wave moves, on hover (the first 25 per wave; the count covers all).
      title: (b) => b.moves.map((m) => `${waveLabel(overview, m.waveNumber)}: ${m.ranges.map((r) => range(r.first, r.last)).join(', ')}${m.ranges.length >= 25 ? ', …' : ''}`).join('\n'),
      render: movesText,
    },
    { id: 'staying', label: 'Staying on the PBX', width: '150px', render: (b) => `${count(b.staying.count)}${b.spareCount ? ` (+${count(b.spareCount)} spare)` : ''}` },
    {
      id: 'flag',
      label: 'Needs a decision',
      width: 'minmax(140px, 1.2fr)',
      title: (b) => b.flag,
      // One line in the fixed-height row (the cell clips it); the whole text on hover and in the dialog.
      render: (b) =>
        b.flag ? (
          <>
            <LinesButton label="Read" title={`${range(b.first, b.last)}: ${constraintLabel('whole-block-port-split')}`} lines={b.flag.split('; ')} testId="block-flag" prose />{' '}
            {b.flag}
          </>
        ) : (
          <span className={styles.muted}>–</span>
        ),
    },
  ];
  return (
    <section className={styles.section} aria-labelledby="coex-blocks-title">
      <Title3 as="h2" id="coex-blocks-title">
        Number blocks and how they split across waves
      </Title3>
      <div className={styles.filters}>
        <WaveFilter overview={overview} value={params.wave} onChange={(wave) => setParams({ wave })} />
        <SiteFilter sites={sites} value={params.site} onChange={(site) => setParams({ site })} testId="coex-site" />
        <Search label="Find a block, carrier or number" value={params.q} onChange={(q) => setParams({ q })} />
        <Checkbox label="Only blocks split across waves" checked={params.split === 'true'} onChange={(_e, d) => setParams({ split: d.checked ? 'true' : undefined })} />
      </div>
      <GridList<BlockSplitRow>
        api={api}
        label="Number blocks"
        testId="coex-blocks"
        list="blocks"
        filter={filter}
        load={(p, signal) => coexistenceApi.blocks(api, p, signal)}
        rowId={(b) => b.blockId}
        columns={columns}
        sortColumn="block"
        {...orderOf(params, setParams)}
        empty="No number block matches: the PBX inventory has no DID blocks here, or the filters leave none."
      />
    </section>
  );
}

export function OrdersSection({ api, overview, params, setParams, operatorName, sbcName }: SectionProps) {
  const styles = useStyles();
  const wave = params.wave;
  // An MSP viewer acting for the tenant reads where the orders stand; the API refuses its updates, so it is
  // offered none - and none flashes up before /me has said who is asking.
  const me = useAsync(() => api.me(), [api]);
  const canUpdate = me.data !== undefined && me.data.actingRole !== 'viewer';
  const portColumns: GridColumn<PortOrderRow>[] = [
    { id: 'order', label: 'Order', width: 'minmax(150px, 1fr)', title: (o) => o.id, render: (o) => <span className={styles.mono}>{o.id}</span> },
    { id: 'wave', label: 'Wave', width: 'minmax(130px, 1fr)', render: (o) => waveLabel(overview, o.waveNumber) },
    { id: 'carrier', label: 'Carrier', width: 'minmax(100px, 0.8fr)', title: (o) => o.carrier, render: (o) => o.carrier },
    { id: 'account', label: 'Account', width: '110px', title: (o) => o.accountNumber, render: (o) => o.accountNumber ?? '–' },
    { id: 'btn', label: 'BTN', width: '120px', title: (o) => (o.includesBtn ? 'includes the BTN (full port)' : 'not included'), render: (o) => (o.includesBtn ? <Badge color="warning">includes the BTN (full port)</Badge> : 'not included') },
    { id: 'kind', label: 'Kind', width: '70px', render: (o) => o.kind },
    { id: 'operator', label: 'Ported to', width: 'minmax(110px, 1fr)', title: (o) => (o.path === 'CP' ? 'Calling Plan: submit the port order to Microsoft in the Teams admin center' : o.operatorId), render: (o) => portOrderGainer(o, operatorName) },
    { id: 'numbers', label: 'Numbers', width: 'minmax(200px, 2fr)', title: (o) => o.firstNumbers.join(', '), render: (o) => <Numbers api={api} order={o} /> },
    {
      id: 'submitBy',
      label: 'Submit by',
      width: '130px',
      title: (o) => (o.liftFreezeBy ? `The account has a port freeze: ask ${o.carrier} to lift it by ${o.liftFreezeBy}` : undefined),
      render: (o) => (
        <span>
          <strong>{o.submitBy}</strong>
          {o.liftFreezeBy && (
            <>
              <br />
              <Badge color="warning">lift freeze by {o.liftFreezeBy}</Badge>
            </>
          )}
        </span>
      ),
    },
  ];
  const uploadColumns: GridColumn<UploadOrderRow>[] = [
    { id: 'order', label: 'Order', width: 'minmax(150px, 1fr)', title: (o) => o.id, render: (o) => <span className={styles.mono}>{o.id}</span> },
    { id: 'wave', label: 'Wave', width: 'minmax(130px, 1fr)', render: (o) => waveLabel(overview, o.waveNumber) },
    { id: 'sbc', label: 'SBC', width: 'minmax(160px, 1.2fr)', title: (o) => o.sbcId, render: (o) => sbcName(o.sbcId) },
    { id: 'numbers', label: 'Numbers', width: 'minmax(200px, 2fr)', render: (o) => <Numbers api={api} order={o} /> },
    { id: 'uploadBy', label: 'Upload by', width: '100px', render: (o) => <strong>{o.uploadBy}</strong> },
  ];
  // Upload orders are stored wave by wave (their one order); port orders account by account (no column of their own).
  const uploadOrder = { desc: params.udir === 'desc', onDescChange: (desc: boolean) => setParams({ udir: desc ? 'desc' : undefined }) };
  return (
    <section className={styles.section} aria-labelledby="coex-orders-title">
      <Title3 as="h2" id="coex-orders-title">
        Port orders and number uploads
      </Title3>
      <div className={styles.filters}>
        <WaveFilter overview={overview} value={wave} onChange={(w) => setParams({ wave: w })} />
      </div>
      <Title3 as="h3" id="coex-port-title" style={subTitle}>
        Port orders (Operator Connect and Calling Plan)
      </Title3>
      <TrackedOrderGrid<PortOrderRow>
        api={api}
        kind="port"
        canUpdate={canUpdate}
        label="Port orders"
        testId="port-orders"
        list="port-orders"
        filter={{ wave }}
        load={(p, signal) => coexistenceApi.portOrders(api, p, signal)}
        rowId={(o) => o.id}
        columns={portColumns}
        empty="No port orders: no PBX number moves to Operator Connect or Calling Plan in these waves."
      />
      <Title3 as="h3" id="coex-upload-title" style={subTitle}>
        Number uploads (Direct Routing)
      </Title3>
      <TrackedOrderGrid<UploadOrderRow>
        api={api}
        kind="upload"
        canUpdate={canUpdate}
        label="Upload orders"
        testId="upload-orders"
        list="upload-orders"
        filter={{ wave }}
        load={(p, signal) => coexistenceApi.uploadOrders(api, p, signal)}
        rowId={(o) => o.id}
        columns={uploadColumns}
        sortColumn="wave"
        {...uploadOrder}
        empty="No number uploads: no number moves to Direct Routing in these waves."
      />
    </section>
  );
}

export function RoutingSection({ api, overview, params, setParams, siteName, operatorName, sbcName }: SectionProps) {
  const styles = useStyles();
  const after = params.after ?? String(overview.waves[0]?.number ?? -1);
  const stage = overview.summary?.stages.find((s) => String(s.afterWave) === after);
  const q = params.q;
  const ruleText = (rule: SbcRuleSet['rules'][number]) =>
    `${rule.pattern} → ${ROUTE_TARGET_LABELS[rule.target] ?? rule.target} via ${rule.via}${rule.sbcId ? ` ${sbcName(rule.sbcId)}` : rule.operatorId ? ` ${operatorName(rule.operatorId)}` : ''}`;
  const ruleColumns: GridColumn<SbcRuleSet>[] = [
    { id: 'block', label: 'Block', width: 'minmax(140px, 1fr)', title: (r) => r.blockId, render: (r) => <span className={styles.mono}>{r.blockId}</span> },
    { id: 'site', label: 'Site', width: 'minmax(110px, 1fr)', title: (r) => r.siteId, render: (r) => siteName(r.siteId) },
    {
      id: 'rules',
      label: 'Rules, in order',
      width: 'minmax(260px, 3fr)',
      title: (r) => r.rules.map((x, i) => `${i + 1}. ${ruleText(x)}`).join('\n'),
      render: (r) => (
        <span>
          <LinesButton label={`${count(r.rules.length)} rule${r.rules.length === 1 ? '' : 's'}`} title={`SBC rules of ${r.blockId}, first match wins`} lines={r.rules.map((x, i) => `${i + 1}. ${ruleText(x)}`)} testId="block-rules" />{' '}
          <span className={styles.mono}>{r.rules[0] ? ruleText(r.rules[0]) : ''}</span>
        </span>
      ),
    },
    { id: 'inForce', label: 'In force', width: 'minmax(170px, 1.2fr)', render: (r) => `${r.effectiveFrom}${r.untilWave !== undefined ? ` until ${waveLabel(overview, r.untilWave)}` : ' onwards'}` },
  ];
  const routeColumns: GridColumn<CoexistenceRoute>[] = [
    { id: 'what', label: 'What', width: 'minmax(200px, 1fr)', render: (r) => ROUTE_KIND_LABELS[r.kind] },
    {
      id: 'numbers',
      label: 'Numbers',
      width: 'minmax(180px, 1.5fr)',
      title: (r) => (r.kind === 'teams-to-pbx' ? r.numberPattern : r.extensionPattern),
      render: (r) => <span className={styles.mono}>{r.kind === 'teams-to-pbx' ? r.numberPattern : r.extensionPattern}</span>,
    },
    {
      id: 'where',
      label: 'Where to',
      width: 'minmax(220px, 2fr)',
      title: (r) => (r.kind === 'teams-to-pbx' ? r.sbcId : r.kind === 'pbx-to-teams' ? r.siteId : undefined),
      render: (r) => (r.kind === 'teams-to-pbx' ? `${r.name} through ${sbcName(r.sbcId)}` : `${siteName(r.siteId)}: ${r.description}`),
    },
  ];
  const routeId = (r: CoexistenceRoute) => `${r.kind}:${r.afterWave}:${r.kind === 'teams-to-pbx' ? r.name : `${r.siteId}:${r.extensionPattern}`}`;
  return (
    <section className={styles.section} aria-labelledby="coex-routing-title">
      <Title3 as="h2" id="coex-routing-title">
        SBC routing table per wave
      </Title3>
      <div className={styles.filters}>
        <WaveFilter overview={overview} value={after} onChange={(v) => setParams({ after: v })} label="Routing in force" withToday />
        <Search label="Find a block, site or pattern" value={q} onChange={(v) => setParams({ q: v })} />
      </div>
      {stage && (
        <Text data-testid="routing-stage">
          From {stage.effectiveFrom}: {count(stage.rules)} rules (first match wins); this stage changes {count(stage.changedBlocks)} block
          {stage.changedBlocks === 1 ? '' : 's'}.
        </Text>
      )}
      <GridList<SbcRuleSet>
        api={api}
        label="SBC routing rules"
        counts="number blocks"
        testId="sbc-rules"
        list="sbc-rules"
        filter={{ after, q }}
        load={(p, signal) => coexistenceApi.sbcRules(api, p, signal)}
        rowId={(r) => `${r.blockId}:${r.fromWave}`}
        columns={ruleColumns}
        sortColumn="inForce"
        {...orderOf(params, setParams)}
        empty="No SBC rule is in force at this stage."
      />
      <Title3 as="h3" id="coex-changes-title" style={subTitle}>
        Voice routes this stage sets
      </Title3>
      <GridList<CoexistenceRoute>
        api={api}
        label="Voice routes between Teams and the PBX"
        testId="coex-routes"
        list="routes"
        filter={{ after }}
        load={(p, signal) => coexistenceApi.routes(api, p, signal)}
        rowId={routeId}
        columns={routeColumns}
        empty="This stage changes no voice route."
      />
    </section>
  );
}

export function DialPlansSection({ api, params, setParams, siteName, sites }: SectionProps) {
  const styles = useStyles();
  const site = params.site;
  const q = params.q;
  const ruleText = (r: DialPlan['rules'][number]) => `${r.pattern} → ${r.translation}: ${r.description}`;
  const planColumns: GridColumn<DialPlan>[] = [
    { id: 'name', label: 'Dial plan', width: 'minmax(150px, 1fr)', title: (d) => d.name, render: (d) => d.name },
    { id: 'site', label: 'Site', width: 'minmax(110px, 1fr)', title: (d) => d.siteId, render: (d) => siteName(d.siteId) },
    {
      id: 'rules',
      label: 'Normalisation rules',
      width: 'minmax(280px, 3fr)',
      title: (d) => d.rules.map(ruleText).join('\n'),
      render: (d) => (
        <span>
          <LinesButton label={`${count(d.rules.length)} rule${d.rules.length === 1 ? '' : 's'}`} title={`Normalisation rules of ${d.name}`} lines={d.rules.map(ruleText)} testId="dial-plan-rules" />{' '}
          <span className={styles.mono}>{d.rules[0] ? ruleText(d.rules[0]) : ''}</span>
        </span>
      ),
    },
  ];
  const collisionColumns: GridColumn<ExtensionCollision>[] = [
    { id: 'extensions', label: 'Extensions', width: '130px', render: (c) => c.extensionRange },
    { id: 'sites', label: 'Sites', width: 'minmax(160px, 1.5fr)', title: (c) => c.siteIds.join(', '), render: (c) => c.siteIds.map(siteName).join(', ') },
    { id: 'proposal', label: 'Proposal', width: 'minmax(260px, 3fr)', title: (c) => c.proposal, render: (c) => c.proposal },
  ];
  return (
    <section className={styles.section} aria-labelledby="coex-dialplans-title">
      <Title3 as="h2" id="coex-dialplans-title">
        Dial plans and extension collisions
      </Title3>
      <div className={styles.filters}>
        <SiteFilter sites={sites} value={site} onChange={(v) => setParams({ site: v })} testId="coex-site" />
        <Search label="Find a dial plan" value={q} onChange={(v) => setParams({ q: v })} />
      </div>
      <GridList<DialPlan>
        api={api}
        label="Dial plans"
        testId="dial-plans"
        list="dial-plans"
        filter={{ site, q }}
        load={(p, signal) => coexistenceApi.dialPlans(api, p, signal)}
        rowId={(d) => d.name}
        columns={planColumns}
        sortColumn="name"
        {...orderOf(params, setParams)}
        empty="No dial plan: no site has extensions in the PBX inventory."
      />
      <Title3 as="h3" id="coex-collisions-title" style={subTitle}>
        The same extension at several sites
      </Title3>
      <GridList<ExtensionCollision>
        api={api}
        label="Extension collisions"
        testId="collisions"
        list="collisions"
        filter={{ site }}
        load={(p, signal) => coexistenceApi.collisions(api, p, signal)}
        rowId={(c) => `${c.extensionRange}:${c.siteIds.join(',')}`}
        columns={collisionColumns}
        empty="No extension exists at two sites."
      />
    </section>
  );
}
