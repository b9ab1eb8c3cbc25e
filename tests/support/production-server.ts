/**
 * A production-mode server on a SQLite file of its own, whose tab tokens a local Entra signs (its JWKS
 * and issuer template): the set-up of the API tests that need real sign-in, MSP tenants and all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../shared/config/app-config';
import { startServer, type RunningServer } from '../../server/start';
import { LocalEntra } from '../integration/production-graph/local-entra';
import { CLIENT_ID, CLIENT_SECRET, productionEnv } from './production';
import { urlOf } from './http';

export interface ProductionServer {
  entra: LocalEntra;
  running: RunningServer;
  /** http://127.0.0.1:<port> */
  base: string;
  stop(): Promise<void>;
}

/** Allows `tenants`; `extra` adds environment (MSP_TENANT_IDS...). */
export async function startProductionServer(tenants: readonly string[], extra: Record<string, string> = {}): Promise<ProductionServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-production-'));
  const entra = new LocalEntra({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, accessTokens: {} });
  await entra.start();
  const config = loadConfig(
    productionEnv(tenants.join(','), {
      PORT: '0',
      HOST: '127.0.0.1',
      DB_FILE: path.join(dir, 'vmp.sqlite'),
      AUTH_JWKS_URL: entra.jwksUrl,
      AUTH_ISSUER_TEMPLATES: entra.issuerTemplate,
      ...extra,
    }),
  );
  const running = await startServer(config);
  return {
    entra,
    running,
    base: urlOf(running.server),
    async stop() {
      await running.stop();
      await entra.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
