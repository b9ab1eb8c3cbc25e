/**
 * The decisions refresh writes a settings change as a patch of the People view (only the people whose
 * path or blockers changed), and what it leaves is exactly what a full refresh writes: the same records,
 * keys and search text, compared row by row in the SQLite files. It falls back to a full write whenever
 * the stored view is not the one it wrote last.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Person, TenantSnapshot } from '../../../shared/domain/tenant-snapshot';
import { PlanningSettingsSchema } from '../../../shared/domain/planning-settings';
import { SETTINGS_DOCUMENT } from '../../../shared/services/decision-service';
import { PEOPLE_VIEW, peopleSortCollection } from '../../../shared/services/decisions-read-model';
import { refreshDecisions, type LoadedInputs } from '../../../shared/services/decisions-refresher';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import type { StoreChange } from '../../../shared/store/store';
import { seattleAndLondon, snapshotOf } from '../../support/snapshots';

const TENANT = '22222222-2222-4222-8222-222222222222';
const PEOPLE = 3_000;
const VIEWS = [PEOPLE_VIEW, peopleSortCollection('site'), peopleSortCollection('readiness')];

function person(i: number): Person {
  const n = String(i).padStart(6, '0');
  return {
    id: `p-${n}`,
    userPrincipalName: `user${n}@contoso.example`,
    displayName: `User ${n}`,
    accountEnabled: i % 11 !== 3,
    kind: 'user',
    teamsPhone: i % 13 === 5 ? 'none' : 'enabled',
    callingPlan: false,
    resourceAccountLicence: false,
    usageLocation: i % 2 ? 'GB' : 'US',
    businessPhones: i % 7 === 0 ? [] : [{ raw: `+1 425 555 ${n.slice(-4)}`, e164: `+1425555${n.slice(-4)}`, valid: true }],
    siteId: i % 10 === 9 ? undefined : i % 2 ? 'london' : 'seattle',
  };
}

const snapshot: TenantSnapshot = snapshotOf({ tenantId: TENANT, tenantName: 'Contoso', takenAt: '2026-01-01T00:00:00.000Z', people: Array.from({ length: PEOPLE }, (_, i) => person(i)), sites: seattleAndLondon() });

const BASE = {
  operators: [
    { id: 'op-us', name: 'US Telecom', countries: ['US'], enabledCountries: ['US'], portLeadTimeDays: 10, pricePerUserPerMonth: 8 },
    { id: 'op-gb', name: 'UK Telecom', countries: ['GB'], enabledCountries: ['GB'], portLeadTimeDays: 10, pricePerUserPerMonth: 9 },
  ],
  sbcs: [{ id: 'sbc-lon', fqdn: 'sbc-lon.contoso.test', siteIds: ['london'], pricePerSessionPerYear: 1 }],
};
/** Settings as admins change them, one save after another. */
const SAVES = [
  { ...BASE, decisions: { sites: [{ siteId: 'london', path: 'DR', sbcId: 'sbc-lon' }] } },
  { ...BASE, decisions: { sites: [{ siteId: 'london', path: 'OC', operatorId: 'op-gb' }] } },
  { ...BASE, decisions: { sites: [{ siteId: 'london', path: 'OC', operatorId: 'op-gb' }, { siteId: 'seattle', path: 'PBX' }] } },
  {
    ...BASE,
    decisions: {
      sites: [{ siteId: 'london', path: 'OC', operatorId: 'op-gb' }, { siteId: 'seattle', path: 'PBX' }],
      users: [{ user: 'p-000004', path: 'OC', operatorId: 'op-us', reason: 'moves early' }],
    },
  },
];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-decisions-patch-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function openStore(name: string) {
  const file = path.join(dir, `${name}.sqlite`);
  const store = new SqliteStore(file);
  await store.upsertTenant(TENANT, 'Contoso');
  await saveSnapshot(store, snapshot, 'test');
  /** Every change type each commit carried, per collection of the People view. */
  const written: Map<string, StoreChange>[] = [];
  const commit = store.commit.bind(store);
  store.commit = async (tenantId, actor, changes) => {
    written.push(new Map(changes.filter((c) => 'collection' in c && VIEWS.includes(c.collection)).map((c) => [(c as { collection: string }).collection, c])));
    return commit(tenantId, actor, changes);
  };
  return { store, file, written };
}

async function saveSettings(store: SqliteStore, data: unknown) {
  const current = await store.getDocumentVersion(TENANT, SETTINGS_DOCUMENT);
  await store.commit(TENANT, 'admin', [{ type: 'put-document', kind: SETTINGS_DOCUMENT, data: PlanningSettingsSchema.parse(data), expectedVersion: current?.version ?? null }]);
}

/** The People view's stored rows, index entries and search texts, as the database holds them. */
function storedView(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(
      VIEWS.map((c) => [
        c,
        {
          records: db.prepare('SELECT id, data, hash, keys FROM records WHERE tenant_id = ? AND collection = ? ORDER BY id').all(TENANT, c),
          keys: db.prepare('SELECT key, id FROM record_keys WHERE tenant_id = ? AND collection = ? ORDER BY key, id').all(TENANT, c),
          text: db.prepare('SELECT id, text FROM record_text WHERE tenant_id = ? AND collection = ? ORDER BY id').all(TENANT, c),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

describe('decisions refresh as a patch', () => {
  it('writes only the changed people, and leaves what a full refresh would write', async () => {
    const patched = await openStore('patched');
    const loaded: LoadedInputs = {};
    await saveSettings(patched.store, SAVES[0]);
    expect(await refreshDecisions(patched.store, TENANT, 'test', loaded)).toBe('refreshed');
    expect([...patched.written.at(-1)!.values()].map((c) => c.type)).toEqual(['replace-collection', 'replace-collection', 'replace-collection']);

    for (const [i, settings] of SAVES.slice(1).entries()) {
      await saveSettings(patched.store, settings);
      expect(await refreshDecisions(patched.store, TENANT, 'test', loaded)).toBe('refreshed');
      const view = patched.written.at(-1)!.get(PEOPLE_VIEW)!;
      expect(view.type).toBe('patch-collection');
      const put = (view as Extract<StoreChange, { type: 'patch-collection' }>).put.length;
      // London's people (and the GB people without a site), Seattle's, one person: never everyone.
      expect(put).toBeGreaterThan(0);
      expect(put).toBeLessThanOrEqual(i === 2 ? 10 : PEOPLE / 2);

      const full = await openStore(`full-${i}`);
      await saveSettings(full.store, settings);
      expect(await refreshDecisions(full.store, TENANT, 'test', {})).toBe('refreshed');
      await full.store.close();
      expect(storedView(patched.file)).toEqual(storedView(full.file));
    }
    await patched.store.close();
  });

  it('stores what it computed when a save lands meanwhile, then follows the save with a patch', async () => {
    const racing = await openStore('racing');
    const loaded: LoadedInputs = {};
    await saveSettings(racing.store, SAVES[0]);
    await refreshDecisions(racing.store, TENANT, 'test', loaded);
    await saveSettings(racing.store, SAVES[1]);
    const commit = racing.store.commit.bind(racing.store);
    let saved = false;
    racing.store.commit = async (tenantId, actor, changes) => {
      // Another admin saves between this refresh's read and its commit.
      if (actor === 'test' && !saved) {
        saved = true;
        await saveSettings(racing.store, SAVES[2]);
      }
      return commit(tenantId, actor, changes);
    };
    expect(await refreshDecisions(racing.store, TENANT, 'test', loaded)).toBe('refreshed');
    const refreshes = racing.written.filter((w) => w.size > 0).slice(-2);
    expect(refreshes.map((w) => w.get(PEOPLE_VIEW)!.type)).toEqual(['patch-collection', 'patch-collection']);

    const full = await openStore('racing-full');
    await saveSettings(full.store, SAVES[2]);
    await refreshDecisions(full.store, TENANT, 'test', {});
    await full.store.close();
    await racing.store.close();
    expect(storedView(racing.file)).toEqual(storedView(full.file));
  });

  it('writes the whole view when another refresher wrote the stored one since', async () => {
    const a = await openStore('instance-a');
    const loaded: LoadedInputs = {};
    await saveSettings(a.store, SAVES[0]);
    await refreshDecisions(a.store, TENANT, 'test', loaded);
    // Another instance refreshes after the next save, then a third save reaches this instance.
    await saveSettings(a.store, SAVES[1]);
    await refreshDecisions(a.store, TENANT, 'other-instance', {});
    await saveSettings(a.store, SAVES[2]);
    await refreshDecisions(a.store, TENANT, 'test', loaded);
    expect(a.written.at(-1)!.get(PEOPLE_VIEW)!.type).toBe('replace-collection');
    // And a new snapshot (a sync) is never patched over either.
    await refreshDecisions(a.store, TENANT, 'test', loaded);
    await saveSnapshot(a.store, { ...snapshot, takenAt: '2026-01-02T00:00:00.000Z', people: snapshot.people.slice(1) }, 'sync');
    await refreshDecisions(a.store, TENANT, 'test', loaded);
    expect(a.written.at(-1)!.get(PEOPLE_VIEW)!.type).toBe('replace-collection');
    await a.store.close();
  });
});
