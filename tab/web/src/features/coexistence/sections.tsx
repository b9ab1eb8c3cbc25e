/** The Coexistence view's sections: block splits, orders, the SBC table per stage, dial plans, collisions. */
import { useState } from 'react';
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
  Tooltip,
} from '@fluentui/react-components';
import { useReturnFocus } from '../../components/use-return-focus';
import type { ApiClient } from '../../api-client';
import { count } from '../../format';
import { coexistenceApi, type BlockSplitRow, type CoexistenceOverview, type CoexistenceRoute, type DialPlan, type PortOrder, type SbcRuleSet, type UploadOrder } from './coexistence-api';
import { PagedTable } from './PagedTable';

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

/** A name with its id on hover (ids are what PowerShell and the CSVs use). */
function Named({ id, name }: { id: string | undefined; name: string }) {
  if (!id) return <>–</>;
  return (
    <Tooltip content={id} relationship="description">
      <span>{name}</span>
    </Tooltip>
  );
}

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: '12px' },
  filters: { display: 'flex', gap: '12px', flexWrap: 'wrap', alignItems: 'end' },
  list: { margin: 0, paddingLeft: '18px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  nowrap: { whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const SHOWN_NUMBERS = 5;

function range(first?: string, last?: string): string {
  if (!first) return '–';
  return !last || first === last ? first : `${first} – ${last}`;
}

/** An order's numbers: the first few inline, all of them in a dialog (an upload order holds up to 10,000). */
function Numbers({ numbers, order }: { numbers: string[]; order: string }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  useReturnFocus(open);
  const shown = numbers.slice(0, SHOWN_NUMBERS).join(', ');
  return (
    <span>
      <span className={styles.mono}>
        {shown}
        {numbers.length > SHOWN_NUMBERS ? ', …' : ''}
      </span>{' '}
      <Button size="small" appearance="subtle" onClick={() => setOpen(true)} data-testid="order-numbers">
        All {count(numbers.length)} numbers
      </Button>
      <Dialog open={open} onOpenChange={(_e, d) => setOpen(d.open)}>
        <DialogSurface aria-describedby={undefined}>
          <DialogBody>
            <DialogTitle>Numbers of {order}</DialogTitle>
            <DialogContent>
              <pre className={styles.mono} style={{ maxHeight: '50vh', overflow: 'auto', margin: 0 }} data-testid="order-numbers-list" tabIndex={0}>
                {numbers.join('\n')}
              </pre>
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => setOpen(false)}>
                Close
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
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

function SiteFilter({ sites, value, onChange }: { sites: SectionProps['sites']; value: string | undefined; onChange: (v: string | undefined) => void }) {
  return (
    <Field label="Site">
      <Select value={value ?? ''} onChange={(_e, d) => onChange(d.value || undefined)}>
        <option value="">All sites</option>
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
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

export function BlocksSection({ api, overview, params, setParams, siteName, sites }: SectionProps) {
  const styles = useStyles();
  const filter = { wave: params.wave, site: params.site, q: params.q, split: params.split === 'true' ? 'true' : undefined };
  return (
    <section className={styles.section} aria-labelledby="coex-blocks-title">
      <Title3 as="h2" id="coex-blocks-title">
        Number blocks and how they split across waves
      </Title3>
      <div className={styles.filters}>
        <WaveFilter overview={overview} value={params.wave} onChange={(wave) => setParams({ wave })} />
        <SiteFilter sites={sites} value={params.site} onChange={(site) => setParams({ site })} />
        <Search label="Find a block, carrier or number" value={params.q} onChange={(q) => setParams({ q })} />
        <Checkbox label="Only blocks split across waves" checked={params.split === 'true'} onChange={(_e, d) => setParams({ split: d.checked ? 'true' : undefined })} />
      </div>
      <PagedTable<BlockSplitRow>
        label="Number blocks"
        testId="coex-blocks"
        deps={[filter]}
        load={(offset, limit) => coexistenceApi.blocks(api, { ...filter, offset, limit })}
        rowKey={(b) => b.blockId}
        empty="No number block matches: the PBX inventory has no DID blocks here, or the filters leave none."
        columns={[
          { header: 'Block', nowrap: true, render: (b) => <span className={styles.mono}>{range(b.first, b.last)}</span> },
          { header: 'Site', render: (b) => <Tooltip content={b.siteId ?? 'no site'} relationship="description"><span>{siteName(b.siteId)}</span></Tooltip> },
          { header: 'Carrier', render: (b) => b.carrier ?? '–' },
          {
            header: 'Moves',
            render: (b) =>
              b.moves.length === 0 ? (
                'none planned'
              ) : (
                <ul className={styles.list}>
                  {b.moves.map((m) => (
                    <li key={m.waveNumber}>
                      {waveLabel(overview, m.waveNumber)}: {count(m.count)} number{m.count === 1 ? '' : 's'}{' '}
                      <span className={styles.mono}>
                        {m.ranges.map((r, i) => (
                          <span key={r.first} className={styles.nowrap}>
                            {i ? ', ' : ''}
                            {range(r.first, r.last)}
                          </span>
                        ))}
                        {m.ranges.length >= 25 ? ', …' : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              ),
          },
          { header: 'Staying on the PBX', render: (b) => `${count(b.staying.count)}${b.spareCount ? ` (+${count(b.spareCount)} spare)` : ''}` },
          { header: 'Needs a decision', render: (b) => (b.flag ? <Text>{b.flag}</Text> : <span className={styles.muted}>–</span>) },
        ]}
      />
    </section>
  );
}

export function OrdersSection({ api, overview, params, setParams, operatorName, sbcName }: SectionProps) {
  const styles = useStyles();
  const wave = params.wave;
  return (
    <section className={styles.section} aria-labelledby="coex-orders-title">
      <Title3 as="h2" id="coex-orders-title">
        Port orders and number uploads
      </Title3>
      <div className={styles.filters}>
        <WaveFilter overview={overview} value={wave} onChange={(w) => setParams({ wave: w })} />
      </div>
      <Title3 as="h3" id="coex-port-title" style={{ fontSize: tokens.fontSizeBase400 }}>
        Port orders (Operator Connect)
      </Title3>
      <PagedTable<PortOrder>
        label="Port orders"
        testId="port-orders"
        deps={[wave]}
        load={(offset, limit) => coexistenceApi.portOrders(api, { wave, offset, limit })}
        rowKey={(o) => o.id}
        empty="No port orders: no number moves to Operator Connect in these waves."
        columns={[
          { header: 'Order', nowrap: true, render: (o) => <span className={styles.mono}>{o.id}</span> },
          { header: 'Wave', render: (o) => waveLabel(overview, o.waveNumber) },
          { header: 'Carrier', render: (o) => o.carrier },
          { header: 'Account', nowrap: true, render: (o) => o.accountNumber ?? '–' },
          { header: 'BTN', render: (o) => (o.includesBtn ? <Badge color="warning">includes the BTN (full port)</Badge> : 'not included') },
          { header: 'Kind', render: (o) => o.kind },
          { header: 'Operator', render: (o) => <Named id={o.operatorId} name={operatorName(o.operatorId)} /> },
          { header: 'Numbers', render: (o) => <Numbers numbers={o.numbers} order={o.id} /> },
          { header: 'Submit by', nowrap: true, render: (o) => <strong>{o.submitBy}</strong> },
        ]}
      />
      <Title3 as="h3" id="coex-upload-title" style={{ fontSize: tokens.fontSizeBase400 }}>
        Number uploads (Direct Routing)
      </Title3>
      <PagedTable<UploadOrder>
        label="Upload orders"
        testId="upload-orders"
        deps={[wave]}
        load={(offset, limit) => coexistenceApi.uploadOrders(api, { wave, offset, limit })}
        rowKey={(o) => o.id}
        empty="No number uploads: no number moves to Direct Routing in these waves."
        columns={[
          { header: 'Order', nowrap: true, render: (o) => <span className={styles.mono}>{o.id}</span> },
          { header: 'Wave', render: (o) => waveLabel(overview, o.waveNumber) },
          { header: 'SBC', render: (o) => <Named id={o.sbcId} name={sbcName(o.sbcId)} /> },
          { header: 'Numbers', render: (o) => <Numbers numbers={o.numbers} order={o.id} /> },
          { header: 'Upload by', nowrap: true, render: (o) => <strong>{o.uploadBy}</strong> },
        ]}
      />
    </section>
  );
}

const TARGETS: Record<string, string> = { teams: 'Teams', pbx: 'PBX', ata: 'ATA behind the SBC' };
const KIND_LABELS: Record<CoexistenceRoute['kind'], string> = {
  unassigned: 'Unassigned-number treatment',
  'teams-to-pbx': 'Teams voice route to the PBX',
  'pbx-to-teams': 'PBX route to Teams',
};

export function RoutingSection({ api, overview, params, setParams, siteName, operatorName, sbcName }: SectionProps) {
  const styles = useStyles();
  const after = params.after ?? String(overview.waves[0]?.number ?? -1);
  const stage = overview.summary?.stages.find((s) => String(s.afterWave) === after);
  const q = params.q;
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
      <PagedTable<SbcRuleSet>
        label="SBC routing rules"
        testId="sbc-rules"
        deps={[after, q]}
        load={(offset, limit) => coexistenceApi.sbcRules(api, { after, q, offset, limit })}
        rowKey={(r) => `${r.blockId}:${r.fromWave}`}
        empty="No SBC rule is in force at this stage."
        columns={[
          { header: 'Block', nowrap: true, render: (r) => <span className={styles.mono}>{r.blockId}</span> },
          { header: 'Site', render: (r) => siteName(r.siteId) },
          {
            header: 'Rules, in order',
            render: (r) => (
              <ol className={styles.list}>
                {r.rules.map((rule, i) => (
                  <li key={i}>
                    <span className={styles.mono}>{rule.pattern}</span> → {TARGETS[rule.target] ?? rule.target} via {rule.via}
                    {rule.sbcId ? <> <Named id={rule.sbcId} name={sbcName(rule.sbcId)} /></> : rule.operatorId ? <> <Named id={rule.operatorId} name={operatorName(rule.operatorId)} /></> : ''}
                  </li>
                ))}
              </ol>
            ),
          },
          { header: 'In force', render: (r) => `${r.effectiveFrom}${r.untilWave !== undefined ? ` until ${waveLabel(overview, r.untilWave)}` : ' onwards'}` },
        ]}
      />
      <Title3 as="h3" id="coex-changes-title" style={{ fontSize: tokens.fontSizeBase400 }}>
        Unassigned-number treatments and voice routes this stage sets
      </Title3>
      <PagedTable<CoexistenceRoute>
        label="Unassigned-number treatments and voice routes"
        testId="coex-routes"
        deps={[after]}
        load={(offset, limit) => coexistenceApi.routes(api, { after, offset, limit })}
        rowKey={(r, i) => `${r.kind}:${i}`}
        empty="This stage changes no unassigned-number treatment or voice route."
        columns={[
          { header: 'What', render: (r) => KIND_LABELS[r.kind] },
          {
            header: 'Numbers',
            render: (r) => <span className={styles.mono}>{r.kind === 'unassigned' ? r.pattern : r.kind === 'teams-to-pbx' ? r.numberPattern : r.extensionPattern}</span>,
          },
          {
            header: 'Where to',
            render: (r) => (r.kind === 'unassigned' ? r.target : r.kind === 'teams-to-pbx' ? `${r.name} through ${sbcName(r.sbcId)}` : `${siteName(r.siteId)}: ${r.description}`),
          },
        ]}
      />
    </section>
  );
}

export function DialPlansSection({ api, params, setParams, siteName, sites }: SectionProps) {
  const styles = useStyles();
  const site = params.site;
  const q = params.q;
  return (
    <section className={styles.section} aria-labelledby="coex-dialplans-title">
      <Title3 as="h2" id="coex-dialplans-title">
        Dial plans and extension collisions
      </Title3>
      <div className={styles.filters}>
        <SiteFilter sites={sites} value={site} onChange={(v) => setParams({ site: v })} />
        <Search label="Find a dial plan" value={q} onChange={(v) => setParams({ q: v })} />
      </div>
      <PagedTable<DialPlan>
        label="Dial plans"
        testId="dial-plans"
        pageSize={10}
        deps={[site, q]}
        load={(offset, limit) => coexistenceApi.dialPlans(api, { site, q, offset, limit })}
        rowKey={(d) => d.name}
        empty="No dial plan: no site has extensions in the PBX inventory."
        columns={[
          { header: 'Dial plan', nowrap: true, render: (d) => d.name },
          { header: 'Site', render: (d) => siteName(d.siteId) },
          {
            header: 'Normalisation rules',
            render: (d) => (
              <ol className={styles.list}>
                {d.rules.map((r) => (
                  <li key={r.name}>
                    <span className={styles.mono}>{r.pattern}</span> → <span className={styles.mono}>{r.translation}</span>: {r.description}
                  </li>
                ))}
              </ol>
            ),
          },
        ]}
      />
      <Title3 as="h3" id="coex-collisions-title" style={{ fontSize: tokens.fontSizeBase400 }}>
        The same extension at several sites
      </Title3>
      <PagedTable<{ extensionRange: string; siteIds: string[]; proposal: string }>
        label="Extension collisions"
        testId="collisions"
        deps={[site]}
        load={(offset, limit) => coexistenceApi.collisions(api, { site, offset, limit })}
        rowKey={(c, i) => `${c.extensionRange}:${i}`}
        empty="No extension exists at two sites."
        columns={[
          { header: 'Extensions', nowrap: true, render: (c) => c.extensionRange },
          { header: 'Sites', render: (c) => c.siteIds.map(siteName).join(', ') },
          { header: 'Proposal', render: (c) => c.proposal },
        ]}
      />
    </section>
  );
}
