/**
 * The person panel after a plan build finds the person's wave membership and migration status by key:
 * through the person -> record indexes the plan's commit wrote (plan.person-index, status.person-index),
 * never by listing the wave members or the status of the whole tenant, nor by reading the plan
 * artefact. A plan stored before the indexes existed still answers the same (the index is built lazily
 * then). Real SQLite store, the small two-site tenant, the real plan service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppServices, type AppServices } from '../../../shared/services/app-services';
import { createPersonDetailService } from '../../../shared/services/person-detail';
import { createPlanPersonIndex } from '../../../shared/services/plan-person-index';
import { PLAN_PERSON_INDEX, STATUS_PERSON_INDEX } from '../../../shared/services/record-indexes';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import type { Store } from '../../../shared/store/store';
import { smallTenantInputs } from '../../unit/planning/support/small-tenant';
import { smallTenantSettingsFile, storeSmallTenant } from '../../support/small-tenant-store';

const TENANT = 'contoso';
let dir: string;
let store: SqliteStore;
let services: AppServices;
const people = smallTenantInputs().snapshot.people;

/** The store as the panel sees it, recording every whole-collection read and artefact read. */
function countingStore(inner: Store) {
  const listed: string[] = [];
  const artefactsRead: string[] = [];
  const artefacts = new Proxy(inner.artefacts, {
    get(target, prop, receiver) {
      if (prop === 'get') return (tenantId: string, name: string) => (artefactsRead.push(name), target.get(tenantId, name));
      return Reflect.get(target, prop, receiver);
    },
  });
  const store = new Proxy(inner, {
    get(target, prop) {
      if (prop === 'artefacts') return artefacts;
      if (prop === 'listCollection') {
        return (tenantId: string, collection: string, map?: (x: unknown) => unknown) => (listed.push(collection), target.listCollection(tenantId, collection, map));
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store, listed, artefactsRead };
}

/** Each person's wave in the stored plan, from the whole plan (the test's own reference). */
async function expectedWaves(): Promise<Map<string, number>> {
  const stored = (await services.plan.get(TENANT))!.plan;
  return new Map(stored.waves.flatMap((w) => w.members.map((m) => [m.personId, w.number] as const)));
}

async function panelsOfEveryone(s: Store, planGets: { n: number }) {
  const plan = { get: (t: string) => (planGets.n++, services.plan.get(t)) };
  const panel = createPersonDetailService(s, createPlanPersonIndex(s, plan));
  const found = new Map<string, { wave?: number; status?: string }>();
  for (const p of people) {
    const detail = await panel.detail(TENANT, p.userPrincipalName);
    found.set(p.id, { wave: detail.wave?.number, status: detail.status?.state });
  }
  return found;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-person-index-'));
  store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
  await storeSmallTenant(store, smallTenantInputs());
  services = createAppServices(store, () => new Date('2026-02-02T08:00:00Z'));
  await services.plan.build(TENANT, 'admin@contoso.test', { settings: smallTenantSettingsFile(), expectedSettingsVersion: null, today: '2026-02-02' });
});

afterAll(async () => {
  await services.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the person panel after a plan build', () => {
  it('reads the wave and the status by key: no whole collection, no plan artefact', async () => {
    const waves = await expectedWaves();
    expect(waves.size).toBeGreaterThan(3);
    const counting = countingStore(store);
    const planGets = { n: 0 };
    const found = await panelsOfEveryone(counting.store, planGets);
    for (const p of people) expect(found.get(p.id)!.wave).toBe(waves.get(p.id));
    // Everyone the plan holds has a status record too.
    for (const id of waves.keys()) expect(found.get(id)!.status).toBeDefined();
    expect(counting.listed).toEqual([]);
    expect(counting.artefactsRead).toEqual([]);
    expect(planGets.n).toBe(0);
  });

  it('follows a re-plan: the index is rewritten in the new plan commit', async () => {
    const settings = smallTenantSettingsFile();
    // One person a wave: everyone moves.
    settings.scheduling.waveCapacity = { users: 1, sites: 2, numbers: 3 };
    const version = (await services.decisions.getSettings(TENANT)).version;
    await services.plan.build(TENANT, 'admin@contoso.test', { settings, expectedSettingsVersion: version, today: '2026-02-02' });
    const waves = await expectedWaves();
    const counting = countingStore(store);
    const found = await panelsOfEveryone(counting.store, { n: 0 });
    for (const p of people) expect(found.get(p.id)!.wave).toBe(waves.get(p.id));
    expect(counting.listed).toEqual([]);
  });

  it('still answers for a plan stored before the indexes: builds one lazily', async () => {
    const waves = await expectedWaves();
    await store.commit(TENANT, 'test', [
      { type: 'replace-collection', collection: PLAN_PERSON_INDEX, items: [] },
      { type: 'replace-collection', collection: STATUS_PERSON_INDEX, items: [] },
    ]);
    const counting = countingStore(store);
    const found = await panelsOfEveryone(counting.store, { n: 0 });
    for (const p of people) expect(found.get(p.id)!.wave).toBe(waves.get(p.id));
    for (const id of waves.keys()) expect(found.get(id)!.status).toBeDefined();
    // Built once for all the panels, not per panel.
    expect(counting.listed.sort()).toEqual(['plan.members', 'status.members']);
  });
});
