/**
 * The tab's host and API client, connected once, as soon as the shell's code runs - before React's first
 * render and its effects - so the first view's data can be asked for at once: the People grid's first
 * page leaves here (features/people/first-page.ts), beside the page's code, not after the shell has
 * drawn a "Connecting…" spinner and run its effects. In a plain browser the connection is there a
 * microtask later, before React renders at all, and the shell starts with the nav (connectedNow).
 *
 * Every call still goes through the API client with the host's auth headers: inside Teams that means
 * after teams-js has initialised and can hand out a token, as before.
 */
import { connectToHost, type TabHost } from './teams-host';
import { createApiClient, type ApiClient } from './api-client';
import { hashFromSubEntityId, parseRoute } from './route';
import { prefetchFirstPeoplePage } from './features/people/first-page';

export interface HostConnection {
  host: TabHost;
  api: ApiClient;
  /** A Teams deep link (subEntityId) moved the hash to the place it names. */
  relinked: boolean;
}

let connection: Promise<HostConnection> | undefined;
let connected: HostConnection | undefined;

/** Connects on the first call; later calls answer the same promise. */
export function connectHost(): Promise<HostConnection> {
  connection ??= connectToHost().then((host) => {
    // A Teams deep link opens the same place as the hash it names - before anything reads the hash.
    const linked = hashFromSubEntityId(host.subEntityId);
    const relinked = Boolean(linked && linked !== window.location.hash);
    if (relinked) history.replaceState(history.state, '', linked);
    const api = createApiClient(host);
    const first = parseRoute(window.location.hash);
    if (first.page === 'people') prefetchFirstPeoplePage(api, first.params);
    return (connected = { host, api, relinked });
  });
  return connection;
}

/** The connection if it is already there (the shell's first render starts with it), else undefined. */
export function connectedNow(): HostConnection | undefined {
  return connected;
}
