/**
 * `vmp run` hands the snapshot it read after the sync to the PBX import and the plan build, and the
 * inventory the import stored to the plan build, instead of reading 100,000 people and lines back.
 * What it hands over must be what the store gives: the same import report, the same inventory (in the
 * planner's order) and a plan byte for byte the same as one built from the store.
 */
import fs from 'node:fs';
import { DEMO_SETTINGS_FILE } from '../../../server/local-demo';
import { generateDemoTenant } from '../../../shared/demo/demo-tenant-generator';
import { demoPbxExport } from '../../../shared/demo/demo-pbx-export';
import { serializePlan } from '../../../shared/domain/planning/serialize-plan';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import { importAndKeepPbxInventory, importPbxInventory, loadInventory } from '../../../shared/services/pbx-import-service';
import { loadSnapshot } from '../../../shared/services/snapshot-repository';
import { PLAN_ARTEFACT_PREFIX } from '../../../shared/services/plan-read-model';
import { withSyncedDemoTenant } from '../../support/demo';
import { DemoGraphServer } from '../../../shared/demo/demo-graph-server';
import { staticToken } from '../../../shared/graph/graph-http';
import { createAppServices } from '../../../shared/services/app-services';
import { syncTenant } from '../../../shared/services/sync-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';

const NOW = new Date('2026-03-01T09:00:00.000Z');

describe('plan built from the inputs vmp run keeps', () => {
  it('imports, plans and stores the same as reading the snapshot and inventory from the store', async () => {
    const pbx = demoPbxExport(generateDemoTenant({ users: 400, seed: 42 }));
    const files = () => ({ lines: csvTextSource(pbx.linesCsv, 'pbx-lines.csv'), blocks: csvTextSource(pbx.blocksCsv, 'pbx-blocks.csv') });
    await withSyncedDemoTenant(NOW, async (services, tenantId) => {
      const { store } = services;
      const snapshot = (await loadSnapshot(store, tenantId))!;
      // The helper imported once already (reading the snapshot from the store): the same files again.
      const fromStore = await importPbxInventory(store, tenantId, files(), { actor: 'test', now: NOW });
      const kept = await importAndKeepPbxInventory(store, tenantId, files(), { actor: 'test', now: NOW, snapshot });
      expect(kept.report).toEqual(fromStore);
      expect(kept.inventory).toEqual(await loadInventory(store, tenantId));
      expect(kept.inventory!.lines.length).toBeGreaterThan(300);

      const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8'));
      const stored = await services.plan.build(tenantId, 'test', { today: '2026-03-02', settings, expectedSettingsVersion: null });
      // onComputed runs once, after the plan is computed and before it replaces the stored one.
      const storedWhenComputed: string[][] = [];
      const fromKept = await services.plan.build(tenantId, 'test', {
        today: '2026-03-02',
        readModels: false,
        inputs: { snapshot, inventory: kept.inventory },
        onComputed: () => void store.artefacts.list(tenantId, PLAN_ARTEFACT_PREFIX).then((names) => storedWhenComputed.push(names)),
      });
      expect(storedWhenComputed).toHaveLength(1);
      expect(storedWhenComputed[0]).toHaveLength(1);
      expect(serializePlan(fromKept.plan)).toBe(serializePlan(stored.plan));
      expect(fromKept.summary).toEqual(stored.summary);

      // The artefact (written piece by piece) parses back to the plan; the older one is gone.
      const artefacts = await store.artefacts.list(tenantId, PLAN_ARTEFACT_PREFIX);
      expect(artefacts).toHaveLength(1);
      // (the in-memory store lists synchronously: what was stored when the plan had been computed)
      expect(storedWhenComputed[0]).not.toEqual(artefacts);
      expect((await store.artefacts.get(tenantId, artefacts[0]))!.toString('utf8')).toBe(serializePlan(fromKept.plan, 0));
      expect(serializePlan((await services.plan.get(tenantId))!.plan)).toBe(serializePlan(stored.plan));
    });
  }, 120000);

  it('checks settings sent with the build against the inputs in hand as against the stored tenant', async () => {
    await withSyncedDemoTenant(NOW, async (services, tenantId) => {
      const { store } = services;
      const snapshot = (await loadSnapshot(store, tenantId))!;
      const inventory = await loadInventory(store, tenantId);
      const group = inventory!.groups[0].id;
      const person = snapshot.people[0];
      const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8'));
      settings.scheduling = { ...settings.scheduling, pins: [{ groupId: group, wave: 1 }, { groupId: 'hunt-group:nobody', wave: 1 }] };
      settings.decisions.users = [
        ...(settings.decisions.users ?? []),
        { user: person.userPrincipalName.toUpperCase(), path: 'PBX', reason: 'kept on the PBX' },
        { user: 'nobody.here@contoso.example', path: 'PBX', reason: 'nobody by this name' },
      ];
      const refusal = async (inputs?: { snapshot: typeof snapshot; inventory: typeof inventory }) => {
        const version = await services.decisions.getSettingsVersion(tenantId);
        const err = await services.plan.build(tenantId, 'test', { today: '2026-03-02', settings, expectedSettingsVersion: version, ...(inputs && { inputs, readModels: false }) }).catch((e: unknown) => e);
        return (err as { issues: { path: string; code: string; severity: string }[] }).issues.filter((i) => i.severity === 'error').map((i) => `${i.path} ${i.code}`);
      };
      const fromStore = await refusal();
      // The unknown group and the unknown person only: the known group and the UPN in another case are found.
      expect(fromStore).toHaveLength(2);
      expect(fromStore.join('\n')).toMatch(/pins\[1\].*unknown-group/);
      expect(fromStore.join('\n')).toMatch(/unknown-user/);
      expect(await refusal({ snapshot, inventory })).toEqual(fromStore);
    });
  }, 120000);

  it('plans the same from the snapshot the sync hands back (keepSnapshot) as from the one it stored', async () => {
    const tenant = generateDemoTenant({ users: 400, seed: 42 });
    const server = new DemoGraphServer({ tenant, token: 'kept' });
    await server.start();
    const services = createAppServices(new SqliteStore(':memory:'), () => NOW);
    try {
      const sync = await syncTenant({ store: services.store, graph: { baseUrl: server.url, tokenProvider: staticToken('kept') }, mode: 'full', actor: 'test', now: () => NOW, keepSnapshot: true });
      const handed = sync.snapshot!;
      expect(handed.people).toHaveLength(sync.counts.people);
      const pbx = demoPbxExport(tenant);
      const files = () => ({ lines: csvTextSource(pbx.linesCsv, 'pbx-lines.csv'), blocks: csvTextSource(pbx.blocksCsv, 'pbx-blocks.csv') });
      const kept = await importAndKeepPbxInventory(services.store, sync.tenantId, files(), { actor: 'test', now: NOW, snapshot: handed });
      const fromStore = await importAndKeepPbxInventory(services.store, sync.tenantId, files(), { actor: 'test', now: NOW, snapshot: (await loadSnapshot(services.store, sync.tenantId))! });
      expect(kept.report).toEqual(fromStore.report);

      const settings = JSON.parse(fs.readFileSync(DEMO_SETTINGS_FILE, 'utf8'));
      const stored = await services.plan.build(sync.tenantId, 'test', { today: '2026-03-02', settings, expectedSettingsVersion: null });
      const fromHanded = await services.plan.build(sync.tenantId, 'test', { today: '2026-03-02', readModels: false, inputs: { snapshot: handed, inventory: kept.inventory } });
      expect(serializePlan(fromHanded.plan)).toBe(serializePlan(stored.plan));
      // Without keepSnapshot, nothing is held on to.
      expect((await syncTenant({ store: services.store, graph: { baseUrl: server.url, tokenProvider: staticToken('kept') }, mode: 'full', actor: 'test', now: () => NOW })).snapshot).toBeUndefined();
    } finally {
      await services.close();
      await server.stop();
    }
  }, 120000);
});
