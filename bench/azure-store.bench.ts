/**
 * The Azure store at tenant scale, on Azurite (Table and Blob services started in setup, in memory):
 * a 100,000-user tenant's snapshot-sized collections (people ~600 bytes keyed by 2,000 sites and a
 * state with search text, 2,000 sites, 100,000 numbers) committed and read back, a plan artefact of
 * ~8 MB put and read back, then page-read latency (median of 300 reads each): a page of 100 at a
 * random offset, a site's people, one record by id, and a site + state + search-text page.
 * The floor is the same work on the embedded SQLite store. `azure-single-puts` makes the same
 * commit one entity per request instead of entity-group transactions, to show what they save.
 * Peak RSS is the bench process; Azurite's own resident memory is in the notes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineBench } from './harness';
import { AzureTableStore } from '../shared/store/azure-table-store';
import { SqliteStore } from '../shared/store/sqlite-store';
import type { CollectionItem, Store } from '../shared/store/store';
import { startAzurite, type RunningAzurite } from '../tests/integration/store/azurite';
import { bigPeople, bigPlanJson, personId } from '../tests/integration/store/big-tenant';

const TENANT = '6d656d6f-7465-4e61-816e-7400000000be';
const USERS = 100_000;
const SITES = 2_000;
const READS = 300;

interface Tenant {
  people: CollectionItem[];
  sites: CollectionItem[];
  numbers: CollectionItem[];
  plan: Buffer;
}

function tenant(): Tenant {
  const sites = Array.from({ length: SITES }, (_, s) => ({
    id: `site-${s}`,
    data: { id: `site-${s}`, name: `Site ${s}`, city: `City ${s % 300}`, country: ['DE', 'FR', 'GB', 'US'][s % 4], address: `${s} Main Street` },
  }));
  const numbers = Array.from({ length: USERS }, (_, n) => ({
    id: `+4930${String(n).padStart(8, '0')}`,
    data: { telephoneNumber: `+4930${String(n).padStart(8, '0')}`, assignedTo: personId(n), type: 'user', city: `City ${n % 300}` },
    keys: [`site:${n % SITES}`],
  }));
  return { people: [...bigPeople(USERS, SITES)], sites, numbers, plan: bigPlanJson(8_000_000) };
}

interface Prepared {
  store: Store;
  data: Tenant;
  azurite?: RunningAzurite;
  dir?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return +sorted[Math.floor(sorted.length / 2)].toFixed(2);
}

async function latency(read: (i: number) => Promise<unknown>): Promise<number> {
  await read(-1); // warm: connections, caches of the generation
  const ms: number[] = [];
  for (let i = 0; i < READS; i++) {
    const start = process.hrtime.bigint();
    await read(i);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(ms);
}

/** Commit, read back, artefact, then page reads; returns the figures for the notes. */
async function storeAndRead({ store, data, azurite }: Prepared): Promise<Record<string, number | string>> {
  const seconds = (start: bigint) => +(Number(process.hrtime.bigint() - start) / 1e9).toFixed(2);
  await store.upsertTenant(TENANT, 'Bench');
  let t = process.hrtime.bigint();
  await store.commit(TENANT, 'bench', [
    { type: 'replace-collection', collection: 'people', items: data.people },
    { type: 'replace-collection', collection: 'sites', items: data.sites },
    { type: 'replace-collection', collection: 'numbers', items: data.numbers },
  ]);
  const writeSeconds = seconds(t);
  t = process.hrtime.bigint();
  const people = await store.listCollection<{ n: number }, number>(TENANT, 'people', (p) => p.n);
  const numbers = await store.countCollection(TENANT, 'numbers');
  if (people.length !== USERS || numbers !== USERS) throw new Error(`read back ${people.length} people and ${numbers} numbers`);
  const listSeconds = seconds(t);
  t = process.hrtime.bigint();
  await store.artefacts.put(TENANT, 'plan/0001.json', data.plan);
  const back = await store.artefacts.get(TENANT, 'plan/0001.json');
  if (!back?.equals(data.plan)) throw new Error('the plan artefact did not read back');
  const artefactSeconds = seconds(t);
  const at = (i: number) => (i < 0 ? 0 : (i * 7919) % USERS);
  const pageMs = await latency((i) => store.pageCollection(TENANT, 'people', { offset: at(i), limit: 100 }));
  const keyedMs = await latency((i) => store.pageCollection(TENANT, 'people', { key: `site:${at(i) % SITES}`, limit: 100 }));
  const getRecordMs = await latency((i) => store.getRecord(TENANT, 'people', personId(at(i))));
  const filteredMs = await latency((i) =>
    store.pageCollection(TENANT, 'people', { allKeys: [`site:${at(i) % SITES}`, 'state:ready'], search: 'müller', limit: 100 }),
  );
  return {
    writeSeconds,
    listSeconds,
    artefactSeconds,
    planMb: +(data.plan.length / 1e6).toFixed(1),
    pageMs,
    keyedMs,
    getRecordMs,
    filteredMs,
    ...(azurite ? { azuriteRssMb: Math.round(azurite.rssMb()) } : {}),
  };
}

async function azureSetup(tuning?: { pageWrites?: 'transactions' | 'single' }): Promise<Prepared> {
  const azurite = await startAzurite();
  const store = await AzureTableStore.open({ connectionString: azurite.connectionString, tablePrefix: 'bench', allowInsecureConnection: true, tuning });
  return { store, data: tenant(), azurite };
}

async function teardown(prepared: Prepared): Promise<void> {
  await prepared.store.close();
  await prepared.azurite?.stop();
  if (prepared.dir) fs.rmSync(prepared.dir, { recursive: true, force: true });
}

export default defineBench({
  name: 'azure-store',
  cases: [
    {
      id: 'floor-sqlite',
      label: 'floor: the same tenant on the SQLite store',
      size: '100k users',
      setup: () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-bench-sqlite-'));
        return { store: new SqliteStore(path.join(dir, 'bench.sqlite')), data: tenant(), dir };
      },
      run: storeAndRead,
      teardown,
    },
    {
      id: 'azure',
      label: 'store + read back + page reads on Azurite (Tables + Blob)',
      size: '100k users',
      setup: () => azureSetup(),
      run: storeAndRead,
      teardown,
      floor: 'floor-sqlite',
    },
    {
      id: 'azure-single-puts',
      label: 'the same commit, one entity per request (no transactions)',
      size: '100k users',
      setup: () => azureSetup({ pageWrites: 'single' }),
      run: async ({ store, data }: Prepared) => {
        await store.upsertTenant(TENANT, 'Bench');
        const start = process.hrtime.bigint();
        await store.commit(TENANT, 'bench', [
          { type: 'replace-collection', collection: 'people', items: data.people },
          { type: 'replace-collection', collection: 'sites', items: data.sites },
          { type: 'replace-collection', collection: 'numbers', items: data.numbers },
        ]);
        return { writeSeconds: +(Number(process.hrtime.bigint() - start) / 1e9).toFixed(2) };
      },
      teardown,
    },
  ],
});
