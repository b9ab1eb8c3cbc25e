/**
 * The first person panel after a plan build at 100,000 people, in process over the serving benchmark's
 * stored tenant (bench/serving/tenant.ts; a private copy). The plan is rebuilt with this checkout
 * first (not timed), so its commit holds the person -> record indexes; then, as a server right after
 * the build would:
 *
 * - the first panel (`indexedFirstMs`) and the median of the next 15 (`indexedMedianMs`), each a
 *   different person, read through the stored indexes;
 * - the same with the indexes removed (`lazyFirstMs`, `lazyMedianMs`): a plan stored before them,
 *   where the first panel builds the index from the whole member and status collections.
 *
 * `npm run bench -- person-panel`.
 */
import fs from 'node:fs';
import { defineBench } from './harness';
import { copyTenantDb, ensureTenant, TENANT_ID } from './serving/tenant';
import { SqliteStore } from '../shared/store/sqlite-store';
import { createAppServices, type AppServices } from '../shared/services/app-services';
import { createPersonDetailService } from '../shared/services/person-detail';
import { createPlanPersonIndex } from '../shared/services/plan-person-index';
import { PLAN_PERSON_INDEX, STATUS_PERSON_INDEX } from '../shared/services/record-indexes';
import { demoPlanToday } from '../server/local-demo';

interface Prepared {
  store: SqliteStore;
  services: AppServices;
  workDir: string;
  upns: string[];
  planBuildS: number;
}

const msSince = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const round1 = (n: number) => Math.round(n * 10) / 10;
const PANELS = 16;

async function setup(): Promise<Prepared> {
  const { dir } = ensureTenant();
  const { dbFile, workDir } = copyTenantDb(dir);
  const store = new SqliteStore(dbFile);
  const services = createAppServices(store, () => new Date('2026-12-01T00:00:00Z'), { workerStore: null });
  const settings = await services.decisions.getSettings(TENANT_ID);
  const t = process.hrtime.bigint();
  await services.plan.build(TENANT_ID, 'bench', { today: demoPlanToday(settings.settings) });
  const planBuildS = round1(msSince(t) / 1000);
  // People spread over the tenant (every 3,000th), planned or not: what admins open from the grid.
  const upns: string[] = [];
  for (let offset = 1_000; upns.length < 2 * PANELS; offset += 3_000) {
    const page = await services.people.page(TENANT_ID, { offset, limit: 1 });
    if (!page.items.length) break;
    upns.push(page.items[0].userPrincipalName);
  }
  return { store, services, workDir, upns, planBuildS };
}

/** The first panel and the median of the rest, through a fresh index (as right after a plan build). */
async function panels(p: Prepared, upns: string[]): Promise<{ first: number; median: number; inWave: number }> {
  const detail = createPersonDetailService(p.store, createPlanPersonIndex(p.store, p.services.plan));
  const times: number[] = [];
  let inWave = 0;
  for (const upn of upns) {
    const t = process.hrtime.bigint();
    const d = await detail.detail(TENANT_ID, upn);
    times.push(msSince(t));
    if (d.wave) inWave++;
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  return { first: round1(times[0]), median: round1(rest[Math.floor(rest.length / 2)]), inWave };
}

export default defineBench({
  name: 'person-panel',
  cases: [
    {
      id: 'person-panel-100k',
      label: 'first person panel after a plan build (stored index vs built lazily)',
      size: '100k people',
      setup,
      async run(p: Prepared) {
        const indexed = await panels(p, p.upns.slice(0, PANELS));
        // A plan stored before the indexes: the same reads, with the first panel building the index.
        await p.store.commit(TENANT_ID, 'bench', [
          { type: 'replace-collection', collection: PLAN_PERSON_INDEX, items: [] },
          { type: 'replace-collection', collection: STATUS_PERSON_INDEX, items: [] },
        ]);
        const lazy = await panels(p, p.upns.slice(PANELS));
        return {
          planBuildS: p.planBuildS,
          indexedFirstMs: indexed.first,
          indexedMedianMs: indexed.median,
          lazyFirstMs: lazy.first,
          lazyMedianMs: lazy.median,
          panelsInAWave: indexed.inWave + lazy.inWave,
          panels: 2 * PANELS,
        };
      },
      async teardown(p: Prepared) {
        await p.services.close();
        fs.rmSync(p.workDir, { recursive: true, force: true });
      },
    },
  ],
});
