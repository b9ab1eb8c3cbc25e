/** Builds the services for a configuration and starts the HTTP server; used by main and by tests. */
import http from 'node:http';
import type { AppConfig } from '../shared/config/app-config';
import { createAppServices, AppServices } from '../shared/services/app-services';
import type { Store } from '../shared/store/store';
import { createApp, CreateAppOptions } from './app';
import { seedLocalDemo } from './local-demo';
import { configuredRoleLookup } from '../shared/services/admin-roles';
import { GRAPH_ACCESS_MISSING, graphAccessFor, perSyncTokenProvider } from '../shared/graph/token-providers';
import { JobRunner, jobRunnerSettingsFromEnv } from '../shared/jobs/job-runner';
import { openStoreFromSpec, storeSpecOf } from '../shared/store/store-spec';
import { startPortfolioSyncs } from '../shared/services/portfolio-syncs';
import { startNotificationSchedule } from '../bot/proactive/notification-schedule';

export interface RunningServer {
  server: http.Server;
  services: AppServices;
  stop(): Promise<void>;
}

export async function startServer(config: AppConfig, options: CreateAppOptions = {}): Promise<RunningServer> {
  const store = await openStore(config);
  const services = createAppServices(store, undefined, { workerStore: storeSpecOf(config), notifications: config.notifications });
  const stopDemo = config.mode === 'local' ? await seedLocalDemo(services, config) : async () => {};
  let appOptions = options;
  if (config.mode === 'production') {
    const graph = graphAccessFor(config);
    if (graph) {
      // Each tab sync runs with the OBO credential of the admin who started it (tab/api/sync-routes).
      services.sync.configure({ baseUrl: graph.graphBaseUrl, tokenProvider: perSyncTokenProvider });
      appOptions = { ...options, roleLookup: options.roleLookup ?? configuredRoleLookup(config) };
    } else {
      console.warn(`Microsoft Graph access is not configured: the bot refuses every user and the tab cannot sync. ${GRAPH_ACCESS_MISSING}`);
    }
  }
  // Sync, PBX import and plan builds run as jobs on worker threads, off the request path (shared/jobs).
  const runner = new JobRunner({ services, storeSpec: storeSpecOf(config), ...jobRunnerSettingsFromEnv() });
  runner.start();
  // MSP customers synced app-only on a schedule (PORTFOLIO_SYNC_MINUTES; off by default).
  const portfolioSyncs = startPortfolioSyncs(services, config, config.mode === 'production' ? graphAccessFor(config) : undefined);
  // Reminders and notices due (NOTIFY_INTERVAL_MINUTES; never under jest, where tests run them with a fixed clock).
  const stopNotifications = startNotificationSchedule(services, config, jobRunnerSettingsFromEnv().instanceName ?? `server-${process.pid}`);
  const app = createApp(services, config, appOptions);
  const server = http.createServer(app);
  outliveProxyConnectionPools(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  return {
    server,
    services,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() ends the connections idle at that moment; one still answering a request goes idle
      // afterwards and would otherwise stay open for the whole keep-alive timeout.
      const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearInterval(closeIdle);
      portfolioSyncs.stop();
      server.closeAllConnections?.();
      stopNotifications();
      await runner.stop();
      await stopDemo();
      await services.close();
    },
  };
}

/**
 * How long an idle kept-alive connection stays open: longer than the proxies in front pool theirs. App
 * Service's front end on Linux reuses an idle connection to the app for up to a minute, and Node closes
 * one after 5 s by default. A request the proxy sends just as Node closes that connection fails with a
 * 502, though the server is healthy. (App Service's own Node images set 65 s for the same reason.)
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function outliveProxyConnectionPools(server: http.Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // Node's default header timeout (60 s) kept just above it, as App Service's Node images set it.
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
}

/**
 * The configured store, opened the way job and decisions workers open theirs (shared/store/store-spec),
 * as the event loop's store (its SQLite log is checkpointed off the event loop); Azure Tables over plain
 * http is allowed only for a loopback emulator (Azurite).
 */
export async function openStore(config: AppConfig): Promise<Store> {
  return openStoreFromSpec({ store: config.store, dbFile: config.dbFile }, { eventLoop: true });
}
