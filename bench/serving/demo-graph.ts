/**
 * The stored tenant's source, served for a case that syncs: the demo tenant generated with the same
 * options as the prepared one (bench/serving/tenant.ts), on a loopback port, until SIGTERM. Prints
 * one JSON line {url, token}.
 */
import { randomBytes } from 'node:crypto';
import { DemoGraphServer } from '../../shared/demo/demo-graph-server';
import { generateDemoTenant } from '../../shared/demo/demo-tenant-generator';
import { ROOMS, SEED, TENANT_ID, USERS } from './tenant';

async function main(): Promise<void> {
  const tenant = generateDemoTenant({ users: USERS, seed: SEED, tenantId: TENANT_ID, rooms: ROOMS });
  const token = randomBytes(18).toString('base64url');
  const server = new DemoGraphServer({ tenant, token, host: '127.0.0.1', port: 0 });
  const url = await server.start();
  process.stdout.write(`${JSON.stringify({ url, token })}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await server.stop();
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
