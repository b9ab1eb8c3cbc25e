/**
 * Prepares the portfolio benchmark's store into <dir>, in its own process:
 * `node --import tsx bench/portfolio/prepare.ts <dir> <customers> <users>`. The MSP is the local demo
 * tenant (small, seeded as local mode seeds it); each customer tenant is generated, read through its
 * own demo Graph server by a real sync, its PBX export imported, example settings saved and a plan
 * built, then linked with a grant for the local developer (shared/demo/demo-customers.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../shared/config/app-config';
import { seedDemoCustomers } from '../../shared/demo/demo-customers';
import { createAppServices } from '../../shared/services/app-services';
import { SqliteStore } from '../../shared/store/sqlite-store';
import { DEMO_SETTINGS_FILE, demoPlanToday, seedLocalDemo } from '../../server/local-demo';
import { LOCAL_DEV_USER_ID } from '../../tab/api/auth';

const MSP_USERS = 100;

async function prepare(dir: string, customers: number, users: number): Promise<void> {
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, 'vmp.sqlite');
  const config = loadConfig({ APP_MODE: 'local', DB_FILE: dbFile, DEMO_USERS: String(MSP_USERS) });
  const services = createAppServices(new SqliteStore(dbFile));
  try {
    const stopDemo = await seedLocalDemo(services, config);
    await stopDemo();
    const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8')) as { scheduling?: { startDate?: string } };
    // In slices, so a long preparation shows it is alive.
    for (let done = 0; done < customers; ) {
      const next = Math.min(customers, done + 20);
      await seedDemoCustomers(services, {
        mspTenantId: config.demo.tenantId,
        count: next,
        users,
        seed: config.demo.seed,
        today: demoPlanToday(settings),
        grantee: { kind: 'user', id: LOCAL_DEV_USER_ID },
        settings,
        actor: 'bench',
      });
      done = next;
      process.stderr.write(`  ${done} of ${customers} customers (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    }
    // The overview once, as a running server's first Portfolio page would: it stores each customer's summary.
    await services.portfolio.overview(config.demo.tenantId, { userId: LOCAL_DEV_USER_ID }, { limit: 1 });
    await new Promise((r) => setTimeout(r, 200));
    fs.writeFileSync(path.join(dir, 'portfolio.json'), `${JSON.stringify({ customers, users, mspUsers: MSP_USERS, prepareSeconds: Math.round((Date.now() - started) / 100) / 10 })}\n`);
  } finally {
    await services.close();
  }
}

prepare(process.argv[2], Number(process.argv[3]), Number(process.argv[4])).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
