/**
 * The app server as `npm start` runs it in local mode (the demo tenant seeded), on an ephemeral
 * loopback port over a SQLite file in a fresh temp folder: the set-up of every test that talks to it
 * over real HTTP. stop() shuts the server down and removes the folder.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../shared/config/app-config';
import { startServer, type RunningServer } from '../../server/start';

export interface LocalServer {
  /** GET `/api<path>` as the local admin, expecting 200; the body as JSON. */
  api<T>(path: string): Promise<T>;
  dir: string;
  config: AppConfig;
  running: RunningServer;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  base: string;
  stop(): Promise<void>;
}

/** Starts the local-mode server in a temp folder named after prefix; env adds to or overrides the configuration. */
export async function startLocalServer(prefix: string, env: NodeJS.ProcessEnv = {}): Promise<LocalServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  let config: AppConfig;
  let running: RunningServer;
  try {
    config = loadConfig({ APP_MODE: 'local', PORT: '0', DB_FILE: path.join(dir, 'vmp.sqlite'), ...env });
    running = await startServer(config);
  } catch (err) {
    removeDir();
    throw err;
  }
  return {
    dir,
    config,
    running,
    base: urlOf(running.server),
    async api<T>(apiPath: string): Promise<T> {
      const res = await fetch(`${urlOf(running.server)}/api${apiPath}`);
      if (res.status !== 200) throw new Error(`GET /api${apiPath} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<T>;
    },
    async stop() {
      await running.stop();
      removeDir();
    },
  };
}

/** The base URL of a server listening on the loopback interface. */
export function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
