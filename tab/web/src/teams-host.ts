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
  /**
   * Where a Teams deep link asked the tab to open (its `subEntityId`, e.g. `people/alice@contoso.com`).
   * Outside Teams the same comes from the page's query (`?subEntityId=` or a deep link's
   * `?context={"subEntityId":...}`), so a shared link can be tried in a browser.
   */
  subEntityId?: string;
  /** Shares a link to a place in the tab: Teams' share dialog inside Teams, the clipboard in a browser. */
  shareLink(subEntityId: string, label: string): Promise<void>;
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
      const { app, authentication, pages }: TeamsJs = await import('@microsoft/teams-js');
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
        subEntityId: context.page.subPageId || undefined,
        shareLink: async (subPageId, label) => pages.shareDeepLink({ subPageId, subPageLabel: label }),
      };
    } catch {
      // Not hosted by Teams after all: fall through to the plain-browser host.
    }
  }
  // In a plain browser follow the system: forced colours (Windows high contrast) -> the contrast theme;
  // `?theme=dark|contrast|default` picks one explicitly (to try a Teams theme without Teams).
  const query = new URLSearchParams(window.location.search);
  const asked = query.get('theme');
  const contrast = window.matchMedia?.('(forced-colors: active)').matches;
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  return {
    inTeams: false,
    theme: asked ? toTheme(asked) : contrast ? 'contrast' : dark ? 'dark' : 'default',
    authHeaders: async () => ({}),
    onThemeChange: () => {},
    subEntityId: subEntityIdFromQuery(query),
    shareLink: async () => {
      await navigator.clipboard?.writeText(window.location.href);
    },
  };
}

/** A deep link's subEntityId in a browser: `?subEntityId=x`, or Teams' own form `?context={"subEntityId":"x"}`. */
function subEntityIdFromQuery(query: URLSearchParams): string | undefined {
  const direct = query.get('subEntityId');
  if (direct) return direct;
  try {
    const context = JSON.parse(query.get('context') ?? 'null') as { subEntityId?: unknown } | null;
    return typeof context?.subEntityId === 'string' && context.subEntityId ? context.subEntityId : undefined;
  } catch {
    return undefined;
  }
}

function toTheme(theme: string | undefined): ThemeName {
  return theme === 'dark' ? 'dark' : theme === 'contrast' ? 'contrast' : 'default';
}
