/**
 * A tenant far above what one Azure Table document, entity or transaction holds, on Azurite:
 * 100,000 people (~600 bytes each, keyed by 2,000 sites and a state, with search text) and a
 * multi-megabyte plan artefact. Reads cost pages: from the middle, by key, by several keys and text,
 * one record; the generation the commit replaced is deleted.
 */
import { TableClient, odata } from '@azure/data-tables';
import { AzureTableStore } from '../../../shared/store/azure-table-store';
import { startAzurite, type RunningAzurite } from './azurite';
import { bigPeople, bigPerson, bigPlanJson, personId, type BigPerson } from './big-tenant';

const TENANT = 'ffffffff-6666-4666-8666-666666666666';
const PEOPLE = 100_000;
const SITES = 2_000;

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);
afterAll(async () => {
  await azurite?.stop();
});

it(
  `stores and reads back ${PEOPLE.toLocaleString('en')} people and a multi-megabyte plan`,
  async () => {
    const prefix = `big${process.pid}`;
    const store = await AzureTableStore.open({ connectionString: azurite.connectionString, tablePrefix: prefix, allowInsecureConnection: true });
    await store.upsertTenant(TENANT, 'Contoso');
    await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: [...bigPeople(10, SITES)] }]);

    await store.commit(TENANT, 'sync', [{ type: 'replace-collection', collection: 'people', items: bigPeople(PEOPLE, SITES) }]);
    const plan = bigPlanJson(6_000_000);
    await store.artefacts.put(TENANT, 'plan/0001.json', plan);

    expect(await store.countCollection(TENANT, 'people')).toBe(PEOPLE);
    // A page from the middle, across page boundaries, at the largest limit.
    const middle = await store.pageCollection<BigPerson>(TENANT, 'people', { offset: 54_321, limit: 1000 });
    expect(middle.total).toBe(PEOPLE);
    expect(middle.items.map((p) => p.n)).toEqual(Array.from({ length: 1000 }, (_, i) => 54_321 + i));
    expect(middle.items[0]).toEqual(bigPerson(54_321, SITES)); // non-ASCII names too: Jürgen Svensson
    // By key: site 1234's 50 people are n = 1234 + 2000k.
    const site = await store.pageCollection<BigPerson>(TENANT, 'people', { key: 'site:1234', offset: 10, limit: 5 });
    expect(site).toMatchObject({ total: 50, offset: 10 });
    expect(site.items.map((p) => p.n)).toEqual([10, 11, 12, 13, 14].map((k) => 1234 + 2000 * k));
    expect((await store.pageCollection(TENANT, 'people', { key: 'state:blocked', offset: 3000, limit: 100 })).items).toHaveLength(31);
    // Several keys and search text together.
    const blockedHere = await store.pageCollection<BigPerson>(TENANT, 'people', { allKeys: ['site:33', 'state:blocked'], limit: 100 });
    const expected = Array.from({ length: PEOPLE }, (_, n) => n).filter((n) => n % SITES === 33 && n % 33 === 0);
    expect(blockedHere.total).toBe(expected.length);
    expect(blockedHere.items.map((p) => p.n)).toEqual(expected.slice(0, 100));
    const found = await store.pageCollection<BigPerson>(TENANT, 'people', { key: 'site:7', search: 'hiro +4930', limit: 1000 });
    const jurgens = [...bigPeople(PEOPLE, SITES)].filter((p) => p.keys!.includes('site:7') && p.search!.includes('hiro') && p.search!.includes('+4930'));
    expect(found.total).toBe(jurgens.length);
    expect(found.items.map((p) => p.n)).toEqual(jurgens.map((p) => p.data.n));
    expect(found.total).toBeGreaterThan(0);
    // One record, first, last and absent.
    expect(await store.getRecord<BigPerson>(TENANT, 'people', personId(0))).toMatchObject({ n: 0 });
    expect(await store.getRecord<BigPerson>(TENANT, 'people', personId(PEOPLE - 1))).toMatchObject({ n: PEOPLE - 1 });
    expect(await store.getRecord<BigPerson>(TENANT, 'people', personId(77_777))).toMatchObject({ n: 77_777, siteId: 'site-1777' });
    expect(await store.getRecord(TENANT, 'people', 'person-x')).toBeUndefined();
    // Everything streams back in id order.
    const ns = await store.listCollection<BigPerson, number>(TENANT, 'people', (p) => p.n);
    expect(ns).toHaveLength(PEOPLE);
    expect(ns.every((n, i) => n === i)).toBe(true);
    expect((await store.artefacts.get(TENANT, 'plan/0001.json'))?.equals(plan)).toBe(true);
    expect(plan.length).toBeGreaterThan(6_000_000);

    // Only the current generation of the people is left.
    const records = TableClient.fromConnectionString(azurite.connectionString, `${prefix}records`, { allowInsecureConnection: true });
    const partitions = new Set<string>();
    for await (const e of records.listEntities({ queryOptions: { filter: odata`PartitionKey ge ''`, select: ['PartitionKey'] } })) {
      partitions.add(e.partitionKey!);
    }
    expect(partitions.size).toBe(1);
  },
  240_000,
);
