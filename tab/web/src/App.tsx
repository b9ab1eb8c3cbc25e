import { ReactElement, useCallback, useEffect, useState } from 'react';
import {
  FluentProvider,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  Spinner,
  MessageBar,
  MessageBarBody,
  Tab,
  TabList,
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
} from '@fluentui/react-icons';
import { connectToHost, TabHost, ThemeName } from './teams-host';
import { createApiClient, ApiClient } from './api-client';
import { OverviewPage } from './pages/OverviewPage';
import { SitesPage } from './pages/SitesPage';
import { PeoplePage } from './pages/PeoplePage';
import { PlanPage } from './pages/PlanPage';
import { SettingsPage } from './pages/SettingsPage';
import { PbxImportPage } from './pages/PbxImportPage';

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

export type PageId = 'overview' | 'sites' | 'people' | 'plan' | 'settings' | 'pbx';

const PAGES: { id: PageId; label: string; icon: ReactElement }[] = [
  { id: 'overview', label: 'Overview', icon: <HomeRegular /> },
  { id: 'sites', label: 'Sites & decisions', icon: <BuildingMultipleRegular /> },
  { id: 'people', label: 'People', icon: <PeopleRegular /> },
  { id: 'plan', label: 'Plan', icon: <CalendarLtrRegular /> },
  { id: 'settings', label: 'Settings', icon: <SettingsRegular /> },
  { id: 'pbx', label: 'PBX import', icon: <ArrowImportRegular /> },
];

const useStyles = makeStyles({
  shell: { minHeight: '100vh', display: 'flex', flexDirection: 'column' },
  nav: {
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingLeft: '12px',
    backgroundColor: tokens.colorNeutralBackground1,
    position: 'sticky',
    top: 0,
    zIndex: 1,
    overflowX: 'auto',
  },
  content: { flex: 1, minWidth: 0 },
});

/** The page lives in the URL hash, so a reload or a deep link (and the browser test) lands on it. */
function pageFromHash(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return PAGES.some((p) => p.id === id) ? (id as PageId) : 'overview';
}

export function App() {
  const [host, setHost] = useState<TabHost>();
  const [theme, setTheme] = useState<ThemeName>('default');
  const [api, setApi] = useState<ApiClient>();
  const [error, setError] = useState<string>();
  const [page, setPage] = useState<PageId>(pageFromHash);
  const styles = useStyles();

  useEffect(() => {
    connectToHost()
      .then((h) => {
        setHost(h);
        setTheme(h.theme);
        h.onThemeChange(setTheme);
        setApi(createApiClient(h));
      })
      .catch((e: Error) => setError(e.message));
  }, []);

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const navigate = useCallback((id: PageId) => {
    if (pageFromHash() !== id) window.location.hash = `/${id}`;
    setPage(id);
  }, []);
  // A link with new filters for the page already open (e.g. #/people?siteId=x) remounts that page.
  const [hashKey, setHashKey] = useState(window.location.hash);
  useEffect(() => {
    const onHash = () => setHashKey(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  return (
    // Layout lives on an inner div: Fluent copies the provider's className onto portal nodes (tooltips, dialogs).
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100vh' }}>
      <div className={styles.shell}>
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
            <TabList selectedValue={page} onTabSelect={(_e, d) => navigate(d.value as PageId)}>
              {PAGES.map((p) => (
                <Tab key={p.id} value={p.id} icon={p.icon} data-testid={`nav-${p.id}`}>
                  {p.label}
                </Tab>
              ))}
            </TabList>
          </nav>
          <div className={styles.content}>
            {page === 'overview' && <OverviewPage api={api} inTeams={host.inTeams} navigate={navigate} />}
            {page === 'sites' && <SitesPage api={api} navigate={navigate} />}
            {page === 'people' && <PeoplePage key={hashKey} api={api} />}
            {page === 'plan' && <PlanPage api={api} inTeams={host.inTeams} />}
            {page === 'settings' && <SettingsPage api={api} />}
            {page === 'pbx' && <PbxImportPage api={api} />}
          </div>
        </>
      )}
      </div>
    </FluentProvider>
  );
}
