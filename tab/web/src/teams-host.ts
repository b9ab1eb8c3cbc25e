/**
 * Where the tab runs: inside Teams (teams-js initialises; SSO token; Teams theme) or in a plain
 * browser during local development (no token; the server's local mode supplies a developer identity).
 */
// teams-js is loaded only when the page is framed: on import it prefetches a list of valid origins
// from a CDN, which a plain-browser (local) session must not try to reach.
type TeamsJs = typeof import('@microsoft/teams-js');

export type ThemeName = 'default' | 'dark' | 'contrast';

export interface TabHost {
  inTeams: boolean;
  theme: ThemeName;
  /** Returns headers that authenticate an API call. */
  authHeaders(): Promise<Record<string, string>>;
  onThemeChange(listener: (theme: ThemeName) => void): void;
}

const INIT_TIMEOUT_MS = 3000;

function framed(): boolean {
  try {
    return window.parent !== window || Boolean(window.opener);
  } catch {
    return true;
  }
}

export async function connectToHost(): Promise<TabHost> {
  if (framed()) {
    try {
      const { app, authentication }: TeamsJs = await import('@microsoft/teams-js');
      await Promise.race([
        app.initialize(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('Teams did not answer')), INIT_TIMEOUT_MS)),
      ]);
      const context = await app.getContext();
      return {
        inTeams: true,
        theme: toTheme(context.app.theme),
        authHeaders: async () => ({ Authorization: `Bearer ${await authentication.getAuthToken()}` }),
        onThemeChange: (listener) => app.registerOnThemeChangeHandler((t) => listener(toTheme(t))),
      };
    } catch {
      // Not hosted by Teams after all: fall through to the plain-browser host.
    }
  }
  // In a plain browser follow the system: forced colours (Windows high contrast) -> the contrast theme.
  const contrast = window.matchMedia?.('(forced-colors: active)').matches;
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  return {
    inTeams: false,
    theme: contrast ? 'contrast' : dark ? 'dark' : 'default',
    authHeaders: async () => ({}),
    onThemeChange: () => {},
  };
}

function toTheme(theme: string | undefined): ThemeName {
  return theme === 'dark' ? 'dark' : theme === 'contrast' ? 'contrast' : 'default';
}
