/** Builds the services for a configuration and starts the HTTP server; used by main and by tests. */
import http from 'node:http';
import type { AppConfig } from '../shared/config/app-config';
import { createAppServices, AppServices } from '../shared/services/app-services';
import { SqliteStore } from '../shared/store/sqlite-store';
import { createApp, CreateAppOptions } from './app';
import { seedLocalDemo } from './local-demo';

export interface RunningServer {
  server: http.Server;
  services: AppServices;
  stop(): Promise<void>;
}

export async function startServer(config: AppConfig, options: CreateAppOptions = {}): Promise<RunningServer> {
  const store = new SqliteStore(config.dbFile);
  const services = createAppServices(store);
  const stopDemo = config.mode === 'local' ? await seedLocalDemo(services, config) : async () => {};
  const app = createApp(services, config, options);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  return {
    server,
    services,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await stopDemo();
      await services.close();
    },
  };
}
