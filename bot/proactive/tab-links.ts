/**
 * Links from a proactive card into the planner: a Teams deep link to the app's static tab when the
 * Teams app id is known (it opens the tab inside Teams, on a phone too), else the tab's web address.
 * None when the server does not know its public address (then cards carry no link button).
 */
import { tabDeepLink } from '../cards/card-kit';

export interface TabLinkSettings {
  /** The server's public https address (TAB_ENDPOINT), where the tab and the download route live. */
  publicUrl?: string;
  /** The Teams app id of the manifest (TEAMS_APP_ID): deep links open the tab inside Teams. */
  teamsAppId?: string;
}

export type TabPage = 'overview' | 'plan' | 'people' | 'settings';

/** `item`: one of the page's items (`settings` + `reminders` is Settings > Reminders). */
export function tabLink(settings: TabLinkSettings, page: TabPage, query?: Record<string, string>, item?: string): string | undefined {
  const base = settings.publicUrl?.replace(/\/+$/, '');
  const search = query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : '';
  const webUrl = base ? `${base}/index.html#/${page}${item ? `/${encodeURIComponent(item)}` : ''}${search}` : undefined;
  // The manifest's static tab, opened inside Teams on the page named (see tabDeepLink).
  if (settings.teamsAppId) return tabDeepLink(settings.teamsAppId, { page, item, params: query }, { label: 'Migration plan', webUrl });
  return webUrl;
}
