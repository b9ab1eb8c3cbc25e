import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { importPbxFiles } from '../../../shared/pbx/import-pbx-files';
import { openTableFile } from '../../../shared/pbx/open-table';
import { parseColumnMapping } from '../../../shared/pbx/column-mapping';
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { contosoSnapshot } from './contoso-snapshot';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');
const file = (name: string) => path.join(EXAMPLES, name);

async function importExample(lines: string, options: { blocks?: string; mapping?: string } = {}) {
  return importPbxFiles({
    lines: openTableFile(file(lines)),
    blocks: options.blocks ? openTableFile(file(options.blocks)) : undefined,
    mapping: options.mapping ? parseColumnMapping(JSON.parse(fs.readFileSync(file(options.mapping), 'utf8'))) : undefined,
    snapshot: contosoSnapshot(),
    importedAt: '2026-02-01T00:00:00.000Z',
  });
}

const byId = (lines: PbxLine[]) => Object.fromEntries(lines.map((l) => [l.id, l]));

describe('examples/pbx-lines.csv + pbx-blocks.csv (canonical format)', () => {
  test('imports without errors and every rule shows up', async () => {
    const { report, inventory } = await importExample('pbx-lines.csv', { blocks: 'pbx-blocks.csv' });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    // 17 lines from 18 rows: extension 1001 on Megan's and on Adele's phone is one line with two devices.
    expect(report.counts).toMatchObject({ lines: 17, blocks: 2, numbersInBlocks: 200, matched: 8, unmatched: 1, ambiguous: 1, nonPerson: 7 });
    expect(report.layout).toMatchObject({ name: 'canonical columns' });
    const lines = byId(inventory.lines);
    expect(lines['seattle/1011'].match).toMatchObject({ status: 'matched', personId: 'p-diego', rule: 'name-in-site' });
    expect(lines['seattle/1050'].match).toMatchObject({ status: 'ambiguous', candidateIds: ['p-isaiah-sea', 'p-isaiah-sea2'] });
    expect(lines['seattle/1051'].match.status).toBe('unmatched');
    expect(lines['london/2002'].match).toMatchObject({ status: 'matched', personId: 'p-pradeep', rule: 'business-phone' });
    expect(lines['seattle/1030'].match.status).toBe('non-person');
    expect(lines['seattle/1002'].did).toBe('+14255550102');
    expect(lines['seattle/1002'].didRaw).toBe('425-555-0102');
    expect(lines['seattle/1002'].blockId).toBe('+14255550100-+14255550199');
    expect(lines['london/2001'].did).toBe('+442079460101');
  });

  test('blocks: count expands to the last number, BTN is flagged in its block', async () => {
    const { inventory } = await importExample('pbx-lines.csv', { blocks: 'pbx-blocks.csv' });
    expect(inventory.blocks).toEqual([
      expect.objectContaining({ id: '+14255550100-+14255550199', count: 100, carrier: 'Contoso Telecom', btn: '+14255550100', btnInBlock: true, portConstraint: 'partial-allowed', siteId: 'seattle' }),
      expect.objectContaining({ id: '+442079460100-+442079460199', count: 100, carrier: 'Fabrikam Voice', btn: '+442079460100', btnInBlock: true, portConstraint: 'whole-block', siteId: 'london' }),
    ]);
  });

  test('migration groups: hunt, pickup, boss-delegate, shared line, call centre', async () => {
    const { inventory } = await importExample('pbx-lines.csv', { blocks: 'pbx-blocks.csv' });
    const groups = Object.fromEntries(inventory.groups.map((g) => [g.id, g]));
    expect(Object.keys(groups).sort()).toEqual([
      'boss-delegate:seattle/1001',
      'call-centre:Sales Queue',
      'hunt-group:Reception',
      'hunt-group:Sales',
      'hunt-group:Support',
      'pickup-group:LON-1',
      'pickup-group:SEA-Floor2',
      'pickup-group:SEA-Floor3',
      'shared-line:seattle/1001',
    ]);
    // The shared line: Megan's 1001 also on Adele's phone (whose own line there is 1002).
    expect(groups['shared-line:seattle/1001']).toMatchObject({
      lineIds: ['seattle/1001', 'seattle/1002'],
      personIds: ['p-adele', 'p-megan'],
    });
    expect(groups['boss-delegate:seattle/1001'].lineIds).toEqual(['seattle/1001', 'seattle/1002']);
    const line1001 = inventory.lines.find((l) => l.id === 'seattle/1001')!;
    expect(line1001.devices?.map((d) => [d.name, d.ownerUpn])).toEqual([
      ['SEP0023AB11C001', 'megan.bowen@contoso.example'],
      ['SEP0023AB11C002', 'adele.vance@contoso.example'],
    ]);
    expect(groups['call-centre:Sales Queue'].personIds).toEqual(['p-alex', 'p-diego', 'p-lynne']);
    expect(groups['hunt-group:Support'].personIds).toEqual(['p-lynne']);
  });
});

describe('examples/pbx-lines-cucm.csv (Cisco CUCM BAT export headers)', () => {
  test('owner user ids, number masks, device types and voicemail profiles are understood', async () => {
    const { report, inventory } = await importExample('pbx-lines-cucm.csv', { blocks: 'pbx-blocks.csv' });
    expect(report.errors).toEqual([]);
    const lines = byId(inventory.lines);
    expect(lines['seattle/1001']).toMatchObject({ did: '+14255550101', didRaw: '42555501XX', deviceName: 'SEP0023AB11C001', pickupGroup: 'SEA-Floor2', voicemail: true });
    expect(lines['seattle/1001'].match).toMatchObject({ status: 'matched', personId: 'p-megan', rule: 'upn', confidence: 0.8 });
    expect(lines['seattle/1012'].deviceType).toBe('softphone');
    expect(lines['seattle/1030']).toMatchObject({ deviceType: 'analog', voicemail: false });
    expect(lines['seattle/1020'].match.status).toBe('unmatched');
  });
});

describe('examples/pbx-lines-avaya.csv (Avaya station list, semicolons) with examples/column-mapping.json', () => {
  test('with the mapping: DIDs, hunt groups and the delegate come through', async () => {
    const { report, inventory } = await importExample('pbx-lines-avaya.csv', { blocks: 'pbx-blocks.csv', mapping: 'column-mapping.json' });
    expect(report.errors).toEqual([]);
    const lines = byId(inventory.lines);
    expect(lines['london/2001']).toMatchObject({ did: '+442079460101', ownerName: 'Lorenz, Johanna', huntGroups: ['Reception'], deviceType: 'ip-phone' });
    expect(lines['london/2003']).toMatchObject({ delegateOf: '2001' });
    expect(lines['london/2002'].match).toMatchObject({ status: 'matched', personId: 'p-pradeep' });
    expect(lines['london/2010']).toMatchObject({ deviceType: 'analog', match: { status: 'non-person' } });
    expect(inventory.groups.map((g) => g.id)).toEqual(['boss-delegate:london/2001', 'hunt-group:Reception']);
  });

  test('without the mapping the export still imports, by extension, and says the DID column is missing', async () => {
    const { report, inventory } = await importExample('pbx-lines-avaya.csv');
    expect(report.accepted).toBe(true);
    expect(inventory.lines.every((l) => l.did === undefined)).toBe(true);
    expect(report.warnings[0].reason).toMatch(/no DID column/);
  });
});

describe('examples/pbx-lines.xlsx', () => {
  test('gives the same inventory as the CSV it was made from', async () => {
    const csv = await importExample('pbx-lines.csv', { blocks: 'pbx-blocks.csv' });
    const xlsx = await importExample('pbx-lines.xlsx', { blocks: 'pbx-blocks.csv' });
    expect(xlsx.report.errors).toEqual([]);
    const strip = (lines: PbxLine[]) => lines.map(({ source, ...rest }) => ({ ...rest, row: source.row }));
    expect(strip(xlsx.inventory.lines)).toEqual(strip(csv.inventory.lines));
    expect(xlsx.inventory.groups).toEqual(csv.inventory.groups);
  });

  test('formula cells give their cached value, formula text stays text, nothing is evaluated', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-xlsx-'));
    const out = path.join(dir, 'formulas.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('lines');
    ws.addRow(['extension', 'did', 'owner_name', 'site', 'device_type', 'notes']);
    ws.addRow([1010, { formula: '"+1425555"&"0110"', result: '+14255550110' }, 'Alex Wilber', 'Seattle', 'ip-phone', '=HYPERLINK("http://evil.example","x")']);
    ws.addRow([1011, 14255550111, { formula: 'HYPERLINK("http://evil.example","Diego Siciliani")', result: 'Diego Siciliani' }, 'Seattle', 'ip-phone', "+cmd|' /C calc'!A0"]);
    // writeBuffer, not writeFile: exceljs' writeFile can resolve before the zip's last entry (the
    // workbook part) reaches the file, and the reader then saw a workbook without it on a loaded machine.
    fs.writeFileSync(out, Buffer.from(await wb.xlsx.writeBuffer()));
    const { report, inventory } = await importPbxFiles({ lines: openTableFile(out), snapshot: contosoSnapshot(), importedAt: '2026-02-01T00:00:00.000Z' });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(report.errors).toEqual([]);
    expect(inventory.lines.map((l) => [l.extension, l.did, l.ownerName, l.notes])).toEqual([
      ['1010', '+14255550110', 'Alex Wilber', '=HYPERLINK("http://evil.example","x")'],
      ['1011', '+14255550111', 'Diego Siciliani', "+cmd|' /C calc'!A0"],
    ]);
  });

  test('a workbook cut short (its workbook part missing) is refused with the file name and what is wrong', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('lines').addRow(['extension', 'did']);
    const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
    zip.remove('xl/workbook.xml');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-xlsx-'));
    const out = path.join(dir, 'cut-short.xlsx');
    fs.writeFileSync(out, await zip.generateAsync({ type: 'nodebuffer' }));
    const refused = importPbxFiles({ lines: openTableFile(out), importedAt: 'x' });
    await expect(refused).rejects.toThrow(/cut-short\.xlsx cannot be read as an \.xlsx workbook \(a part every workbook has is missing or damaged/);
    await expect(refused).rejects.not.toThrow(/undefined/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a damaged workbook is refused with the file name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-xlsx-'));
    const out = path.join(dir, 'broken.xlsx');
    fs.writeFileSync(out, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2000, 7)]));
    await expect(importPbxFiles({ lines: openTableFile(out), importedAt: 'x' })).rejects.toThrow(/broken\.xlsx/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
