import { useEffect, useState } from 'react';
import {
  FluentProvider,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  Spinner,
  MessageBar,
  MessageBarBody,
} from '@fluentui/react-components';
import { connectToHost, TabHost, ThemeName } from './teams-host';
import { createApiClient, ApiClient } from './api-client';
import { OverviewPage } from './pages/OverviewPage';

const THEMES = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

export function App() {
  const [host, setHost] = useState<TabHost>();
  const [theme, setTheme] = useState<ThemeName>('default');
  const [api, setApi] = useState<ApiClient>();
  const [error, setError] = useState<string>();

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

  return (
    <FluentProvider theme={THEMES[theme]} style={{ minHeight: '100vh' }}>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!host || !api ? <Spinner label="Connecting…" /> : <OverviewPage api={api} inTeams={host.inTeams} />}
    </FluentProvider>
  );
}
