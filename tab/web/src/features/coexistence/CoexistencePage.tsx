/**
 * Coexistence (`#/coexistence`): while the PBX and Teams both carry numbers - how each number block
 * splits across waves, the port and upload orders with their deadlines, the SBC routing table in force
 * after each wave with the voice routes between the systems, dial plans and extension
 * collisions, and the routing question. The section and its filters are in the URL
 * (`?view=orders&wave=2`), so every view can be linked to and Back returns to it.
 */
import { useCallback } from 'react';
import { makeStyles, Tab, TabList, Text, Title2, tokens } from '@fluentui/react-components';
import type { PageProps } from '../../App';
import { ErrorBar, InfoBar, isNotAvailable } from '../../components/Feedback';
import { errorText } from '../../api-client';
import { useAsync } from '../../hooks/use-async';
import { useSiteList } from '../../hooks/use-site-list';
import { count } from '../../format';
import { coexistenceApi } from './coexistence-api';
import { BlocksSection, DialPlansSection, OrdersSection, RoutingSection, type SectionProps } from './sections';
import { RouteQuestion } from './RouteQuestion';
import { DownloadsPanel } from '../downloads/DownloadsPanel';

const VIEWS = [
  { id: 'blocks', label: 'Number blocks' },
  { id: 'orders', label: 'Port and upload orders' },
  { id: 'routing', label: 'SBC routing' },
  { id: 'dialplans', label: 'Dial plans' },
  { id: 'question', label: 'Where does it ring?' },
] as const;
type ViewId = (typeof VIEWS)[number]['id'];
/** Filters each section keeps in the URL; switching sections drops the others'. */
const VIEW_PARAMS: Record<ViewId, string[]> = {
  blocks: ['wave', 'site', 'q', 'split', 'dir'],
  orders: ['wave', 'udir'],
  routing: ['after', 'q', 'dir'],
  dialplans: ['site', 'q', 'dir'],
  question: ['number', 'site', 'date'],
};

const useStyles = makeStyles({
  page: { padding: '24px', display: 'flex', flexDirection: 'column', gap: '16px', minWidth: 0 },
  figures: { display: 'flex', gap: '24px', flexWrap: 'wrap' },
  // The sections' tabs wrap onto a second line on a phone rather than widening the page past the screen.
  sections: { flexWrap: 'wrap' },
  figure: { display: 'flex', flexDirection: 'column' },
  value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

export function CoexistencePage({ api, route, navigate }: PageProps) {
  const styles = useStyles();
  const overview = useAsync(() => coexistenceApi.overview(api), [api]);
  // Site names for ids (the plan holds ids).
  const { sites, nameOf } = useSiteList(api);
  const siteName = useCallback((id: string | undefined) => (id ? nameOf(id) : '–'), [nameOf]);
  // Operator names and SBC addresses from the settings; an id the settings no longer hold shows as itself.
  const settings = useAsync(() => api.settings(), [api]);
  const operatorName = useCallback(
    (id: string | undefined) => (id ? (settings.data?.settings.operators?.find((o) => o.id === id)?.name ?? id) : '–'),
    [settings.data],
  );
  const sbcName = useCallback((id: string | undefined) => (id ? (settings.data?.settings.sbcs?.find((x) => x.id === id)?.fqdn ?? id) : '–'), [settings.data]);

  const view: ViewId = VIEWS.some((v) => v.id === route.params.view) ? (route.params.view as ViewId) : 'blocks';
  const params = route.params;
  const setParams = useCallback(
    (changes: Record<string, string | undefined>) => navigate({ page: 'coexistence', params: { ...params, ...changes } }, { replace: true }),
    [navigate, params],
  );
  const selectView = (id: ViewId) => {
    const kept = Object.fromEntries(Object.entries(params).filter(([k]) => VIEW_PARAMS[id].includes(k)));
    navigate({ page: 'coexistence', params: { ...kept, view: id } });
  };

  const o = overview.data;
  const s = o?.summary;
  const props: SectionProps | undefined = o && { api, overview: o, params, setParams, siteName, sites, operatorName, sbcName };
  return (
    <main className={styles.page}>
      <Title2 as="h1">Coexistence</Title2>
      {overview.error !== undefined &&
        (isNotAvailable(overview.error) ? <InfoBar title="No plan yet">{errorText(overview.error)}</InfoBar> : <ErrorBar error={overview.error} onRetry={overview.reload} />)}
      {o && !s && <InfoBar title="Re-plan to see coexistence">This plan was stored before the coexistence details were kept with it: make the plan again on the Plan page.</InfoBar>}
      {s && (
        <div className={styles.figures} aria-label="Coexistence in figures" role="group" data-testid="coex-figures">
          {(
            [
              ['Number blocks', s.blocks],
              ['Split across waves', s.splitBlocks],
              ['Needing a decision', s.flaggedBlocks],
              ['Dial plans', s.dialPlans],
              ['Extension collisions', s.collisions],
            ] as const
          ).map(([label, value]) => (
            <div key={label} className={styles.figure}>
              <Text>{label}</Text>
              <span className={styles.value}>{count(value)}</span>
            </div>
          ))}
        </div>
      )}
      {o && <DownloadsPanel api={api} waves={o.waves} />}
      {props && s && (
        <>
          <TabList className={styles.sections} selectedValue={view} onTabSelect={(_e, d) => selectView(d.value as ViewId)} aria-label="Coexistence sections">
            {VIEWS.map((v) => (
              <Tab key={v.id} value={v.id} data-testid={`coex-view-${v.id}`}>
                {v.label}
              </Tab>
            ))}
          </TabList>
          {view === 'blocks' && <BlocksSection {...props} />}
          {view === 'orders' && <OrdersSection {...props} />}
          {view === 'routing' && <RoutingSection {...props} />}
          {view === 'dialplans' && <DialPlansSection {...props} />}
          {view === 'question' && <RouteQuestion {...props} />}
        </>
      )}
    </main>
  );
}
