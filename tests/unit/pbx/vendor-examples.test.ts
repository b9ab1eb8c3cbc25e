/**
 * The vendor examples in examples/pbx/ import without errors against the Contoso tenant, and the import
 * report says which layout it recognised, how each column was used, and what it made of the export.
 */
import path from 'node:path';
import { importPbxFiles } from '../../../shared/pbx/import-pbx-files';
import { openTableFile } from '../../../shared/pbx/open-table';
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { contosoSnapshot } from './contoso-snapshot';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

export async function importVendorExample(lines: string, blocks = 'pbx-blocks.csv') {
  return importPbxFiles({
    lines: openTableFile(path.join(EXAMPLES, 'pbx', lines)),
    blocks: openTableFile(blocks.includes('/') ? path.join(EXAMPLES, blocks) : path.join(EXAMPLES, blocks.startsWith('pbx-') ? '' : 'pbx', blocks)),
    snapshot: contosoSnapshot(),
    importedAt: '2026-02-01T00:00:00.000Z',
  });
}

const byId = (lines: PbxLine[]) => Object.fromEntries(lines.map((l) => [l.id, l]));
const use = (columns: Array<{ header: string; fields: string[]; note?: string }> | undefined, header: string) => columns?.find((c) => c.header === header);

describe.each([
  { file: 'cisco-cucm-phones.csv', layout: 'cisco-cucm-phones', counts: { lines: 14, matched: 10, unassigned: 1 } },
  { file: 'cisco-cucm-users.csv', layout: 'cisco-cucm-users', counts: { lines: 5, matched: 5 } },
  { file: 'avaya-cm-list-station.csv', blocks: 'avaya-did-blocks.csv', layout: 'avaya-cm-stations', counts: { lines: 7, matched: 3, nonPerson: 2, unassigned: 1 } },
  { file: 'avaya-smgr-users.csv', layout: 'avaya-smgr-users', counts: { lines: 3, matched: 3 } },
  { file: 'sfb-users.csv', layout: 'sfb-users', counts: { lines: 5, matched: 5 } },
  { file: 'sfb-common-area-phones.csv', layout: 'sfb-common-area', counts: { lines: 2, nonPerson: 2 } },
  { file: 'sfb-analog-devices.csv', layout: 'sfb-analog', counts: { lines: 2, nonPerson: 2 } },
  { file: 'sfb-response-groups.csv', layout: 'sfb-response-groups', counts: { lines: 2, unmatched: 2 } },
  { file: 'mitel-mivb-users.csv', layout: 'mitel-mivb', counts: { lines: 5, matched: 3, nonPerson: 1 } },
  { file: 'unify-openscape-stations.csv', layout: 'unify-openscape', counts: { lines: 4, matched: 3, nonPerson: 1 } },
  { file: '3cx-extensions.csv', layout: '3cx-extensions', counts: { lines: 3, matched: 3 } },
  { file: 'freepbx-extensions.csv', layout: 'freepbx-bulk', counts: { lines: 4, matched: 2, nonPerson: 1 } },
])('examples/pbx/$file', ({ file, blocks, layout, counts }) => {
  test('imports without errors; the report names the layout, its document and every column', async () => {
    const { report } = await importVendorExample(file, blocks);
    expect(report.errors).toEqual([]);
    expect(report.accepted).toBe(true);
    expect(report.layout).toMatchObject({ id: layout, name: expect.any(String), source: expect.any(String) });
    expect(report.counts).toMatchObject(counts);
    // Every column of the header is accounted for: a field, or a note saying why not.
    for (const c of report.layout!.columns) expect(c.fields.length > 0 || (c.note ?? '').length > 0).toBe(true);
    // Credentials are never read.
    for (const c of report.layout!.columns) if (/password|secret|authid|pin$/i.test(c.header)) expect(c).toMatchObject({ fields: [], note: expect.stringMatching(/credential/) });
  });
});

describe('what each vendor example shows', () => {
  test('Cisco CUCM phones: desk + Jabber one line, boss on the assistant phone, shared front desk, main number, spare lobby phone', async () => {
    const { report, inventory } = await importVendorExample('cisco-cucm-phones.csv');
    const lines = byId(inventory.lines);
    expect(lines['seattle/1001'].devices?.map((d) => `${d.name}#${d.lineIndex}`)).toEqual(['SEP0023AB11C001#1', 'CSFMBOWEN#1', 'SEP0023AB11C002#2']);
    expect(lines['seattle/1001'].match).toMatchObject({ personId: 'p-megan', rule: 'upn' });
    expect(lines['seattle/1098']).toMatchObject({ lineIndex: 2, did: '+14255550198', match: { personId: 'p-alex' } });
    expect(lines['seattle/1011']).toMatchObject({ mainNumber: '+14255550100', did: undefined });
    // Line-level forwards, the same on every device the line is on.
    expect(lines['seattle/1001'].forwarding).toEqual({ noAnswer: { kind: 'extension', extension: '1002' }, noAnswerSeconds: 15 });
    expect(lines['seattle/1011'].forwarding).toEqual({ all: { kind: 'number', number: '+12065550188' } });
    expect(inventory.lines.filter((l) => l.forwarding)).toHaveLength(2);
    expect(lines['seattle/1020']).toMatchObject({ unassigned: true });
    expect(lines['seattle/1090']).toMatchObject({ deviceType: 'other' });
    expect(lines['london/2099']).toMatchObject({ deviceType: 'other', deviceModel: 'Cisco Spark Remote Device' });
    expect(inventory.groups.filter((g) => g.kind === 'boss-delegate' || g.kind === 'shared-line').map((g) => [g.id, g.personIds])).toEqual([
      ['boss-delegate:london/2004', ['p-johanna', 'p-joni']],
      ['boss-delegate:seattle/1001', ['p-adele', 'p-megan']],
      ['shared-line:london/2004', ['p-joni', 'p-pradeep']],
    ]);
    expect(report.mainNumbers).toEqual([{ number: '+14255550100', lines: 2 }]);
    expect(use(report.layout?.columns, 'DIRECTORY NUMBER 2')).toEqual({ header: 'DIRECTORY NUMBER 2', fields: ['extension'] });
    expect(use(report.layout?.columns, 'OWNER USER ID')).toEqual({ header: 'OWNER USER ID', fields: ['ownerId'] });
    expect(use(report.layout?.columns, 'LOCATION')?.note).toMatch(/not a site/);
    expect(report.warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/unknown device model "Cisco Spark Remote Device"/)]);
  });

  test('Avaya CM: DIDs from the blocks, sites from the blocks, "SURNAME, Given" names, spare station, CallrID', async () => {
    const { report, inventory } = await importVendorExample('avaya-cm-list-station.csv', 'avaya-did-blocks.csv');
    const lines = byId(inventory.lines);
    expect(lines['london/2103']).toMatchObject({ did: '+442079460103', ownerName: 'SHERMAN, Joni', match: { personId: 'p-joni', rule: 'name-in-site' } });
    expect(lines['london/2111']).toMatchObject({ deviceType: 'analog', match: { status: 'non-person' } });
    expect(lines['london/2120']).toMatchObject({ unassigned: true, did: '+442079460120' });
    expect(report.derivedDids).toEqual([{ rule: 'extension 2xxx -> +442079460000..', lines: 7 }]);
    expect(use(report.layout?.blockColumns, 'extensions')).toEqual({ header: 'extensions', fields: ['extensions'] });
  });

  test('Skype for Business: LineURI ;ext= on a shared number rings through it; users without voice are skipped', async () => {
    const { report, inventory } = await importVendorExample('sfb-users.csv');
    const lines = byId(inventory.lines);
    expect(lines['seattle/101']).toMatchObject({ did: '+14255550101', deviceType: 'softphone', match: { personId: 'p-megan', rule: 'upn' } });
    expect(lines['seattle/1010']).toMatchObject({ did: undefined, mainNumber: '+14255550100' });
    expect(report.warnings.map((w) => w.reason)).toContain('1 row skipped: they have no LineURI (not voice users)');
    expect(use(report.layout?.columns, 'RegistrarPool')?.note).toMatch(/pool, not a site/);
  });

  test('Mitel: ONS is analog, MiCollab a softphone, the non-prime name skipped', async () => {
    const { inventory, report } = await importVendorExample('mitel-mivb-users.csv');
    const lines = byId(inventory.lines);
    expect(lines['seattle/1030'].deviceType).toBe('analog');
    expect(lines['seattle/1010'].deviceType).toBe('softphone');
    expect(lines['seattle/1002'].ownerName).toBe('Adele Vance');
    expect(report.warnings.map((w) => w.reason)).toContain('1 row skipped: they are alternative directory names (Prime Name = No)');
  });

  test('FreePBX: devicetype fixed/adhoc is ignored, tech dahdi is analog', async () => {
    const { inventory, report } = await importVendorExample('freepbx-extensions.csv');
    expect(byId(inventory.lines)['no-site/1030'].deviceType).toBe('analog');
    expect(use(report.layout?.columns, 'devicetype')?.note).toMatch(/fixed\/adhoc/);
    expect(use(report.layout?.columns, 'tech')?.fields).toEqual(['deviceType']);
  });
});

describe('several lines files of one PBX are one inventory', () => {
  const sources = (...names: string[]) => names.map((n) => openTableFile(path.join(EXAMPLES, 'pbx', n)));

  test('Skype for Business: users, common-area phones, analog devices and response groups together', async () => {
    const [lines, ...moreLines] = sources('sfb-users.csv', 'sfb-common-area-phones.csv', 'sfb-analog-devices.csv', 'sfb-response-groups.csv');
    const { report, inventory } = await importPbxFiles({ lines, moreLines, blocks: openTableFile(path.join(EXAMPLES, 'pbx-blocks.csv')), snapshot: contosoSnapshot(), importedAt: '2026-02-01T00:00:00.000Z' });
    expect(report.errors).toEqual([]);
    expect(report.files.lines).toBe('sfb-users.csv, sfb-common-area-phones.csv, sfb-analog-devices.csv, sfb-response-groups.csv');
    expect(report.layouts?.map((l) => [l.file, l.id])).toEqual([
      ['sfb-users.csv', 'sfb-users'],
      ['sfb-common-area-phones.csv', 'sfb-common-area'],
      ['sfb-analog-devices.csv', 'sfb-analog'],
      ['sfb-response-groups.csv', 'sfb-response-groups'],
    ]);
    expect(report.counts).toMatchObject({ lines: 11, matched: 5, nonPerson: 4 });
    expect(new Set(inventory.lines.map((l) => l.source.file)).size).toBe(4);
    expect(inventory.groups.map((g) => g.id)).toEqual(['hunt-group:Reception', 'hunt-group:Sales']);
  });

  test('a number in two files is a duplicate, and the error names both files', async () => {
    const [lines, ...moreLines] = sources('sfb-common-area-phones.csv', 'sfb-analog-devices.csv');
    const clash = { name: 'clash.csv', rowBatches: () => (async function* () {
      yield [{ row: 1, cells: ['LineURI', 'DisplayName', 'DisplayNumber'] }, { row: 2, cells: ['tel:+14255550130;ext=130', 'Fax again', ''] }, { row: 3, cells: ['tel:+14255550120', 'Lobby again', ''] }];
    })() };
    const { report } = await importPbxFiles({ lines, moreLines: [...moreLines, clash], snapshot: contosoSnapshot(), importedAt: 'x' });
    expect(report.accepted).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: 'clash.csv', row: 3, reason: expect.stringMatching(/^duplicate DID \+14255550120: also on row 3 of sfb-common-area-phones\.csv/) }),
    ]);
  });
});
