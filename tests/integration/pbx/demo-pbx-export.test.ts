/** The demo tenant's PBX export goes through the real import and matches the synced demo tenant. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoPbxExport, demoPrivateLines, writeDemoPbxExport } from '../../../shared/demo/demo-pbx-export';
import { openTableFile } from '../../../shared/pbx/open-table';
import { importPbxInventory, loadInventory } from '../../../shared/services/pbx-import-service';
import { syncTenant } from '../../../shared/services/sync-service';
import { connection, memoryStore, startDemo, tenant } from '../graph/graph-test-kit';

test('same seed, same bytes', () => {
  expect(demoPbxExport(tenant(200, 11))).toEqual(demoPbxExport(tenant(200, 11)));
  expect(demoPbxExport(tenant(200, 11)).linesCsv).not.toEqual(demoPbxExport(tenant(200, 12)).linesCsv);
});

test('the export of a synced demo tenant imports with no error and matches its people', async () => {
  const demo = tenant(400, 7);
  const server = await startDemo(demo);
  const store = memoryStore();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-demo-pbx-'));
  try {
    await syncTenant({ store, graph: connection(server), actor: 'test', siteRules: demo.siteMappingRules });
    const files = writeDemoPbxExport(demo, dir);
    const report = await importPbxInventory(
      store,
      demo.tenantId,
      { lines: openTableFile(files.lines), blocks: openTableFile(files.blocks) },
      { actor: 'test', now: new Date('2026-02-01T00:00:00Z') },
    );
    expect(report.errors).toEqual([]);
    expect(report.accepted).toBe(true);
    const personLines = demo.pbx.lines.filter((l) => l.ownerUpn && l.deviceType !== 'analog');
    // A department hunt group's pilot is a line of its own (see demo-pbx-export.ts).
    const pilots = demo.pbx.huntGroups.filter((h) => h.pilotLine && h.pilotDid);
    expect(pilots.length).toBeGreaterThan(0);
    // So is the auto attendant on the main number of a site still on the PBX.
    const autoAttendants = demo.pbx.huntGroups.filter((h) => h.autoAttendantLine && h.pilotDid);
    expect(autoAttendants.length).toBeGreaterThan(0);
    // And each boss's private line, matched to the boss.
    const privateLines = demoPrivateLines(demo);
    expect(privateLines.length).toBeGreaterThan(0);
    expect(report.counts.lines).toBe(demo.pbx.lines.length + pilots.length + autoAttendants.length + privateLines.length);
    expect(report.counts.blocks).toBe(demo.pbx.didBlocks.length);
    expect(report.counts.matched).toBe(personLines.length + privateLines.length);
    expect(report.counts.nonPerson).toBe(demo.pbx.lines.length - personLines.length + autoAttendants.length);
    const inventory = await loadInventory(store, demo.tenantId);
    // Nobody owns a pilot line; it sits in its hunt group, so the planner moves it with the group.
    for (const h of pilots) {
      const line = inventory!.lines.find((l) => l.did === h.pilotDid)!;
      expect(line).toMatchObject({ deviceType: 'other', match: { status: 'unmatched' } });
      expect(inventory!.groups.find((g) => g.id === `hunt-group:${h.name}`)!.lineIds).toContain(line.id);
    }
    // An auto attendant line is nobody's, in no group: the planner moves it with its site's last people.
    for (const h of autoAttendants) {
      const line = inventory!.lines.find((l) => l.did === h.pilotDid)!;
      expect(line).toMatchObject({ siteId: h.siteId, deviceType: 'auto-attendant', huntGroups: [], match: { status: 'non-person' } });
    }
    const kinds = new Set(inventory!.groups.map((g) => g.kind));
    expect(kinds.has('hunt-group')).toBe(true);
    expect(kinds.has('pickup-group')).toBe(true);
    if (demo.pbx.delegations.length) expect(kinds.has('boss-delegate')).toBe(true);
    // Lines land in the demo's own DID blocks, and the tenant's sites were recognised.
    expect(inventory!.lines.filter((l) => l.did && !l.blockId)).toEqual([]);
    expect(new Set(inventory!.lines.map((l) => l.siteId))).toEqual(new Set(demo.pbx.lines.map((l) => l.siteId)));
  } finally {
    await server.stop();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
