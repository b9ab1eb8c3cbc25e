/** Shared set-up for the Graph integration tests: a demo tenant server and a fresh in-memory store. */
import { DemoGraphServer, DemoGraphFaults } from '../../../shared/demo/demo-graph-server';
import { DemoTenant, generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { staticToken } from '../../../shared/graph/graph-http';
import type { GraphConnection } from '../../../shared/services/sync-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';

export const TOKEN = 'test-token-0123456789';

/** Instant retries: the tests check behaviour, not waiting. */
export const NO_WAIT = { sleep: async () => undefined, random: () => 0.5 };

export async function startDemo(tenant: DemoTenant, faults: DemoGraphFaults = {}): Promise<DemoGraphServer> {
  const server = new DemoGraphServer({ tenant, token: TOKEN, faults });
  await server.start();
  return server;
}

export function connection(server: DemoGraphServer, extra: Partial<GraphConnection> = {}): GraphConnection {
  return { baseUrl: server.url, tokenProvider: staticToken(TOKEN), retry: NO_WAIT, ...extra };
}

export function memoryStore(): SqliteStore {
  return new SqliteStore(':memory:');
}

export function tenant(users: number, seed = 7): DemoTenant {
  return generateDemoTenant({ users, seed });
}
