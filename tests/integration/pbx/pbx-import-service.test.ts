import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvTextSource } from '../../../shared/pbx/csv-table-reader';
import { importPbxFiles } from '../../../shared/pbx/import-pbx-files';
import { openTableFile } from '../../../shared/pbx/open-table';
import { createAppServices } from '../../../shared/services/app-services';
import { importPbxInventory, loadInventory, loadPbxSummary, PbxImportRejectedError } from '../../../shared/services/pbx-import-service';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { contosoSnapshot } from '../../unit/pbx/contoso-snapshot';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const NOW = new Date('2026-02-01T10:00:00.000Z');

describe('PBX import service over a real SQLite file', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-pbx-'));
    store = new SqliteStore(path.join(dir, 'vmp.sqlite'));
    await saveSnapshot(store, contosoSnapshot(), 'test');
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const goodImport = () =>
    importPbxInventory(
      store,
      'contoso',
      { lines: openTableFile(path.join(EXAMPLES, 'pbx-lines.csv')), blocks: openTableFile(path.join(EXAMPLES, 'pbx-blocks.csv')) },
      { actor: 'admin@contoso.example', now: NOW },
    );

  test('stores lines, blocks and groups as one unit that loadInventory reads back, with an audit entry', async () => {
    const report = await goodImport();
    expect(report.accepted).toBe(true);
    const inventory = await loadInventory(store, 'contoso');
    expect(inventory).toBeDefined();
    expect(inventory!.importedAt).toBe(NOW.toISOString());
    expect(inventory!.lines).toHaveLength(17);
    expect(inventory!.lines.map((l) => l.source.row)).toEqual([...inventory!.lines.map((l) => l.source.row)].sort((a, b) => a - b));
    expect(inventory!.blocks.map((b) => b.id)).toEqual(['+14255550100-+14255550199', '+442079460100-+442079460199']);
    expect(inventory!.groups).toHaveLength(9);
    const audit = await store.listAudit('contoso', 5);
    expect(audit.find((a) => a.action === 'import-pbx')).toMatchObject({ actor: 'admin@contoso.example', kind: 'pbx-inventory' });
    const summary = await loadPbxSummary(store, 'contoso');
    expect(summary).toMatchObject({ imported: true, counts: { lines: 17, matched: 8 }, dids: { matched: 8, 'non-person': 7 }, layout: { name: 'canonical columns' } });
  });

  test('a stored line is the imported line: PbxLine fields only, none written empty', async () => {
    const fields = new Set(['id', 'extension', 'did', 'didRaw', 'ownerUpn', 'ownerName', 'siteName', 'siteId', 'deviceType', 'deviceName', 'huntGroups', 'pickupGroup', 'delegateOf', 'callCentreAgent', 'callCentreTeam', 'voicemail', 'notes', 'blockId', 'source', 'match', 'ownerId', 'devices', 'lineIndex', 'partition', 'mainNumber', 'didRule', 'unassigned', 'deviceModel']);
    const imported = await importPbxFiles({
      lines: openTableFile(path.join(EXAMPLES, 'pbx-lines.csv')),
      blocks: openTableFile(path.join(EXAMPLES, 'pbx-blocks.csv')),
      snapshot: contosoSnapshot(),
      importedAt: NOW.toISOString(),
    });
    await goodImport();
    const stored = (await loadInventory(store, 'contoso'))!.lines;
    expect(stored).toEqual(imported.inventory.lines);
    for (const line of stored) {
      for (const [key, value] of Object.entries(line)) {
        expect(fields).toContain(key);
        expect(value).not.toBe('');
      }
    }
  });

  test('all or nothing: one bad row stores nothing and the previous inventory stays', async () => {
    await goodImport();
    const before = await loadInventory(store, 'contoso');
    const auditBefore = (await store.listAudit('contoso', 100)).length;
    const bad = 'extension,did,owner_upn,site,device_type\n3001,+1 425 555 0170,alex.wilber@contoso.example,Seattle,ip-phone\n3002,+1 425 555 01,megan.bowen@contoso.example,Seattle,ip-phone\n';
    const report = await importPbxInventory(store, 'contoso', { lines: csvTextSource(bad, 'new-lines.csv') }, { actor: 'admin', now: new Date('2026-03-01T00:00:00Z') });
    expect(report.accepted).toBe(false);
    expect(report.errors).toEqual([expect.objectContaining({ file: 'new-lines.csv', row: 3, column: 'did' })]);
    expect(await loadInventory(store, 'contoso')).toEqual(before);
    expect((await store.listAudit('contoso', 100)).length).toBe(auditBefore);
  });

  test('a first import that fails leaves no inventory at all', async () => {
    const report = await importPbxInventory(store, 'contoso', { lines: csvTextSource('extension,did\n1,2\n', 'x.csv') }, { actor: 'a', now: NOW });
    expect(report.accepted).toBe(false);
    expect(await loadInventory(store, 'contoso')).toBeUndefined();
    expect(await loadPbxSummary(store, 'contoso')).toEqual({ imported: false });
  });

  test('a binary file is refused from its first bytes', () => {
    const garbage = path.join(dir, 'garbage.csv');
    fs.writeFileSync(garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    expect(() => openTableFile(garbage)).toThrow(/garbage\.csv is not a text export/);
  });

  test('the app service throws a bad-input error carrying every issue', async () => {
    const services = createAppServices(store, () => NOW);
    const error = await services.pbx
      .importInventory('contoso', { lines: csvTextSource('extension,did,owner_upn,device_type\n1001,12,,toaster\n', 'tab.csv') }, 'tab-user')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PbxImportRejectedError);
    expect((error as PbxImportRejectedError).code).toBe('bad-input');
    expect((error as PbxImportRejectedError).issues[0]).toMatchObject({ file: 'tab.csv', row: 2, column: 'did' });
  });

  test('an import without a synced snapshot stores unmatched lines and says why', async () => {
    const report = await importPbxInventory(
      store,
      'other-tenant',
      { lines: csvTextSource('extension,did,owner_upn,device_type\n1001,+14255550101,a@b.example,ip-phone\n', 'l.csv') },
      { actor: 'a', now: NOW },
    );
    expect(report.accepted).toBe(true);
    expect(report.counts.unmatched).toBe(1);
    expect(report.warnings[0].reason).toMatch(/no synced snapshot/);
    expect((await loadInventory(store, 'other-tenant'))?.lines).toHaveLength(1);
  });
});
