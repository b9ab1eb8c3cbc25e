/**
 * Entry point: `npm start` (APP_MODE=local) or the production start command.
 * Reads configuration once, opens the store, seeds the demo tenant in local mode, starts listening.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig } from '../shared/config/app-config';
import { startServer } from './start';

async function main(): Promise<void> {
  let config;
  try {
    // `--local` (used by `npm start`) picks local mode unless APP_MODE says otherwise; nothing else defaults it.
    // Teams Toolkit's local deploy step writes .localConfigs (bot id, client id ...): load it when present.
    if (fs.existsSync('.localConfigs')) process.loadEnvFile('.localConfigs');
    const env = process.argv.includes('--local') ? { APP_MODE: 'local', ...process.env } : process.env;
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const running = await startServer(config);
  const { port } = running.server.address() as AddressInfo;
  const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  console.log(`Voice Migration Planner (${config.mode} mode, ${running.services.store.description})`);
  console.log(`  Tab:     ${base}/`);
  console.log(`  API:     ${base}/api/status`);
  console.log(`  Bot:     ${base}/api/messages`);
  console.log(`  Health:  ${base}/healthz`);
  const stop = () => {
    running.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error('The server could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
