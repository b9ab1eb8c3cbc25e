import { ReactElement, ReactNode, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import {
  FluentProvider,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  Spinner,
  MessageBar,
  MessageBarBody,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  HomeRegular,
  BuildingMultipleRegular,
  PeopleRegular,
  CalendarLtrRegular,
  SettingsRegular,
  ArrowImportRegular,
  PhoneArrowRightRegular,
  BriefcaseRegular,
  HistoryRegular,
  PersonProhibitedRegular,
  DataTrendingRegular,
} from '@fluentui/react-icons';
import type { TabHost, ThemeName } from './teams-host';
import type { ApiClient } from './api-client';
import { connectHost, connectedNow } from './host-connection';
import { firstPeoplePageSettled } from './features/people/first-page';
import { PageTabs } from './components/PageTabs';
import { ShareLink } from './components/ShareLink';
import { lazyPage, pageCode, type PageCode } from './page-code';
import { parseRoute, routeHref, type Navigate, type PageId, type Route, type RouteTarget } from './route';
import { TenantSwitcher } from './features/portfolio/TenantSwitcher';
import { useActingTenant } from './features/portfolio/use-acting-tenant';

export type { PageId, Route, Navigate } from './route';

// Each page loads on its first visit: a link to one view parses the shell and that view, not every page.
const PAGE_CODE = {
  overview: pageCode(() => import('./features/overview/OverviewPage.js')),
  sites: pageCode(() => import('./features/sites/SitesPage.js')),
  people: pageCode(() => import('./features/people/PeoplePage.js')),
  plan: pageCode(() => import('./features/plan/PlanPage.js')),
  settings: pageCode(() => import('./features/settings/SettingsPage.js')),
  audit: pageCode(() => import('./features/audit/AuditPage.js')),
  pbx: pageCode(() => import('./features/pbx-import/PbxImportPage.js')),
  coexistence: pageCode(() => import('./features/coexistence/CoexistencePage.js')),
  portfolio: pageCode(() => import('./features/portfolio/PortfolioPage.js')),
  blockers: pageCode(() => import('./features/blockers/BlockersPage.js')),
  progress: pageCode(() => import('./features/progress/ProgressPage.js')),
};
const OverviewPage = lazyPage(PAGE_CODE.overview, 'OverviewPage');
const SitesPage = lazyPage(PAGE_CODE.sites, 'SitesPage');
const PeoplePage = lazyPage(PAGE_CODE.people, 'PeoplePage');
const PlanPage = lazyPage(PAGE_CODE.plan, 'PlanPage');
const SettingsPage = lazyPage(PAGE_CODE.settings, 'SettingsPage');
const AuditPage = lazyPage(PAGE_CODE.audit, 'AuditPage');
const PbxImportPage = lazyPage(PAGE_CODE.pbx, 'PbxImportPage');
const CoexistencePage = lazyPage(PAGE_CODE.coexistence, 'CoexistencePage');
const PortfolioPage = lazyPage(PAGE_CODE.portfolio, 'PortfolioPage');
const BlockersPage = lazyPage(PAGE_CODE.blockers, 'BlockersPage');
const ProgressPage = lazyPage(PAGE_CODE.progress, 'ProgressPage');
// The first view's code is fetched at once, while the shell connects to its host and draws its nav; the
// page is rendered once its code is there, so it does not suspend (see page-code.ts).
const firstView: PageCode<unknown> | undefined = PAGE_CODE[parseRoute(window.location.hash).page as keyof typeof PAGE_CODE];
const firstViewCode = firstView?.load().catch(() => undefined);
// The host too, before React renders: the first view's data is asked for at once (host-connection.ts).
const connected = connectHost().catch(() => undefined);

/**
 * Settles when the first view can be drawn whole - its code, and for People its prefetched first page -
 * or after `maxWaitMs`, whichever comes first. main.tsx renders the shell then: the nav, the page and
 * its rows in one pass, rather than a spinner, the nav, the page without rows and then the rows, each
 * with its own styles inserted, layout and paint, on a main thread that also has to take in the code
 * and the answer in between. A slow host or server (Teams' sign-in) still gets the spinner after the wait.
 */
export function firstViewSettled(maxWaitMs: number): Promise<void> {
  const data = parseRoute(window.location.hash).page === 'people' ? connected.then(() => firstPeoplePageSettled()) : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
  return Promise.race([Promise.all([firstViewCode, data]), waited]).then(() => clearTimeout(timer));
}

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** What every page is given: the API, the host, where the URL points and how to go elsewhere. */
export interface PageProps {
  api: ApiClient;
  host: TabHost;
  /** The parsed hash: this page's item (`#/people/<upn>`) and filters (`?path=DR`). */
  route: Route;
  navigate: Navigate;
}

interface PageDef {
  id: PageId;
  label: string;
  icon: ReactElement;
  render: (p: PageProps) => ReactNode;
}

// One line per page: its id (the hash's first segment), its tab label and what it renders.
const PAGES: PageDef[] = [
  { id: 'overview', label: 'Overview', icon: <HomeRegular />, render: (p) => <OverviewPage api={p.api} inTeams={p.host.inTeams} navigate={p.navigate} /> },
  { id: 'sites', label: 'Sites & decisions', icon: <BuildingMultipleRegular />, render: (p) => <SitesPage {...p} /> },
  { id: 'people', label: 'People', icon: <PeopleRegular />, render: (p) => <PeoplePage {...p} /> },
  { id: 'plan', label: 'Plan', icon: <CalendarLtrRegular />, render: (p) => <PlanPage {...p} /> },
  { id: 'progress', label: 'Progress', icon: <DataTrendingRegular />, render: (p) => <ProgressPage {...p} /> },
  { id: 'blockers', label: 'Blockers', icon: <PersonProhibitedRegular />, render: (p) => <BlockersPage {...p} /> },
  { id: 'coexistence', label: 'Coexistence', icon: <PhoneArrowRightRegular />, render: (p) => <CoexistencePage {...p} /> },
  { id: 'portfolio', label: 'Portfolio', icon: <BriefcaseRegular />, render: (p) => <PortfolioPage {...p} /> },
  { id: 'settings', label: 'Settings', icon: <SettingsRegular />, render: (p) => <SettingsPage {...p} /> },
  { id: 'audit', label: 'History', icon: <HistoryRegular />, render: (p) => <AuditPage {...p} /> },
  { id: 'pbx', label: 'PBX import', icon: <ArrowImportRegular />, render: (p) => <PbxImportPage api={p.api} /> },
];
const PAGE_IDS = PAGES.map((p) => p.id);

const useStyles = makeStyles({
  shell: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  nav: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingLeft: '12px',
    backgroundColor: tokens.colorNeutralBackground1,
    position: 'sticky',
    top: 0,
    zIndex: 1,
    // The page tabs take the line's width that the tenant switcher and the share button leave (the tabs
    // that do not fit go into a "More" menu, see PageTabs); those two wrap onto a line of their own only
    // when the tabs would be left less than a few tabs' width.
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: '8px',
  },
  pageTabs: { flex: '1 1 0', minWidth: '280px' },
  navEnd: { display: 'flex', alignItems: 'center', columnGap: '8px', marginLeft: 'auto', minWidth: 0, maxWidth: '100%' },
  content: { flex: 1, minWidth: 0 },
  // Visible focus everywhere: Fluent draws its own ring on its controls; this covers plain elements
  // (chart bars, table rows made focusable, links rendered as <a>) in every theme.
  focusRing: {
    '& :focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
});

function currentRoute(): Route {
  return parseRoute(window.location.hash, PAGE_IDS);
}

/**
 * Focus returns to the control that opened an item (a person's panel, a site's panel) when the item
 * closes - by its close button, Escape or the browser's Back button.
 */
function useFocusReturn(route: Route) {
  const invoker = useRef<{ page: PageId; element: HTMLElement } | undefined>(undefined);
  const previous = useRef<Route>(route);
  const remember = useCallback((to: Route) => {
    const from = previous.current;
    const active = document.activeElement;
    if (to.item && !from.item && to.page === from.page && active instanceof HTMLElement && active !== document.body) {
      invoker.current = { page: to.page, element: active };
    }
  }, []);
  useEffect(() => {
    const from = previous.current;
    previous.current = route;
    const saved = invoker.current;
    if (from.item && !route.item && saved && saved.page === route.page) {
      invoker.current = undefined;
      // After the panel has unmounted and its own focus handling has run.
      const timer = setTimeout(() => {
        if (saved.element.isConnected) saved.element.focus();
      }, 0);
      return () => clearTimeout(timer);
    }
  }, [route]);
  return remember;
}

export function App() {
  // Connected before this first render (a plain browser): the shell starts with its nav, not a spinner.
  const [host, setHost] = useState<TabHost | undefined>(() => connectedNow()?.host);
  const [theme, setTheme] = useState<ThemeName>(() => connectedNow()?.host.theme ?? 'default');
  const [api, setApi] = useState<ApiClient | undefined>(() => connectedNow()?.api);
  const [error, setError] = useState<string>();
  const [route, setRoute] = useState<Route>(currentRoute);
  const [firstViewReady, setFirstViewReady] = useState(!firstViewCode);
  useEffect(() => void firstViewCode?.then(() => setFirstViewReady(true)), []);
  const rememberInvoker = useFocusReturn(route);
  // Another tenant chosen in the switcher: the page is remounted, so nothing of the previous one stays.
  const actingTenant = useActingTenant(api);
  const styles = useStyles();

  useEffect(() => {
    connectHost()
      .then(({ host: h, api: client, relinked }) => {
        // A Teams deep link (subEntityId) moved the hash to the place it names.
        if (relinked) setRoute(currentRoute());
        setHost(h);
        setTheme(h.theme);
        h.onThemeChange(setTheme);
        setApi(client);
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  // Links, Back and Forward change the hash; replace-navigations set the route themselves.
  useEffect(() => {
    const onHash = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const navigate: Navigate = useCallback(
    (to: RouteTarget, options = {}) => {
      const href = routeHref(to);
      const next = parseRoute(href, PAGE_IDS);
      if (href === window.location.hash) return;
      rememberInvoker(next);
      if (options.replace) history.replaceState(history.state, '', href);
      else history.pushState(history.state, '', href);
      setRoute(next);
    },
    [rememberInvoker],
  );

  // Keep the document title on the view, so history entries and shared links read well.
  const pageDef = PAGES.find((p) => p.id === route.page) ?? PAGES[0];
  useEffect(() => {
    const view = pageDef.id === PAGES[0].id && !route.item ? '' : `${pageDef.label}${route.item ? ` · ${route.item}` : ''} - `;
    document.title = `${view}Voice Migration Planner`;
  }, [pageDef, route.item]);

  return (
    // Layout lives on an inner div: Fluent copies the provider's className onto portal nodes (tooltips, dialogs).
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100vh' }} data-theme={theme}>
      <div className={`${styles.shell} ${styles.focusRing}`}>
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
        {!host || !api ? (
          <Spinner label="Connecting…" />
        ) : (
          <>
            <nav className={styles.nav} aria-label="Planner pages">
              <PageTabs className={styles.pageTabs} pages={PAGES} selected={pageDef.id} onSelect={(id) => navigate(id)} />
              <div className={styles.navEnd}>
                <TenantSwitcher api={api} />
                <ShareLink host={host} route={route} title={document.title} />
              </div>
            </nav>
            <div key={actingTenant ?? 'home'} className={styles.content}>
              {/* Code that arrived before the host answered is shown in the same render as the nav. */}
              {firstViewReady || firstView?.loaded !== undefined ? (
                <Suspense fallback={<Spinner label="Loading…" />}>{pageDef.render({ api, host, route, navigate })}</Suspense>
              ) : (
                <Spinner label="Loading…" />
              )}
            </div>
          </>
        )}
      </div>
    </FluentProvider>
  );
}
