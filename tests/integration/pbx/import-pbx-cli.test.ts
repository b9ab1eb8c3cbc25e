/** `vmp import-pbx` end to end: a real process, a real SQLite file, the example files. */
import fs from 'node:fs';
import path from 'node:path';
import { saveSnapshot } from '../../../shared/services/snapshot-repository';
import { loadInventory } from '../../../shared/services/pbx-import-service';
import { SqliteStore } from '../../../shared/store/sqlite-store';
import { contosoSnapshot } from '../../unit/pbx/contoso-snapshot';
import { makeTempDb, ROOT, runVmp as vmp } from '../../support/cli';

const EXAMPLES = path.join(ROOT, 'examples');

describe('vmp import-pbx', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    ({ dir, db } = makeTempDb('vmp-cli-pbx-'));
    const store = new SqliteStore(db);
    await saveSnapshot(store, contosoSnapshot(), 'test');
    await store.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('imports the examples: exit 0 and the JSON report', async () => {
    const r = vmp(['import-pbx', '--lines', path.join(EXAMPLES, 'pbx-lines.csv'), '--blocks', path.join(EXAMPLES, 'pbx-blocks.csv'), '--json', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ accepted: true, counts: { lines: 17, blocks: 2, matched: 8, unmatched: 1, ambiguous: 1, nonPerson: 7, errors: 0 } });
    expect(report.ambiguous[0]).toMatchObject({ lineId: 'seattle/1050', row: 13 });
    expect(report.groups.length).toBe(9);
    const store = new SqliteStore(db);
    expect((await loadInventory(store, 'contoso'))?.lines).toHaveLength(17);
    await store.close();
  });

  test('terminal escape sequences in a file print as visible escapes, on stdout and stderr', () => {
    // A cell can carry what a terminal acts on (clear the screen, retitle the window): the report shows it instead.
    const lines = path.join(dir, 'controls.csv');
    fs.writeFileSync(lines, 'Extension,DID,Display Name\n1001,+14255550100,Alice\n10\u001b]0;owned\u0007,+1425555\u001b[2J0101,Bob\n');
    const r = vmp(['import-pbx', '--lines', lines, '--dry-run', '--db', db]);
    expect(r.code).toBe(2);
    const printed = r.stdout + r.stderr;
    expect(printed).toContain('"+1425555\\u{1b}[2J0101" is not a phone number');
    expect(printed).toContain('invalid extension "10\\u{1b}]0;owned\\u{7}"');
    expect(printed).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
  });

  test('the Avaya export with the mapping file and an .xlsx import', () => {
    const avaya = vmp(['import-pbx', '--lines', path.join(EXAMPLES, 'pbx-lines-avaya.csv'), '--mapping', path.join(EXAMPLES, 'column-mapping.json'), '--json', '--db', db]);
    expect(avaya.code).toBe(0);
    expect(JSON.parse(avaya.stdout).counts).toMatchObject({ lines: 5, matched: 3 });
    const xlsx = vmp(['import-pbx', '--lines', path.join(EXAMPLES, 'pbx-lines.xlsx'), '--blocks', path.join(EXAMPLES, 'pbx-blocks.csv'), '--db', db]);
    expect(xlsx.code).toBe(0);
    expect(xlsx.stdout).toMatch(/Imported 17 lines and 2 blocks \(200 numbers\)/);
  });

  test('a vendor export: the report says the layout, each column\'s use, the derived DIDs and the spare station', async () => {
    const r = vmp(['import-pbx', '--lines', path.join(EXAMPLES, 'pbx', 'avaya-cm-list-station.csv'), '--blocks', path.join(EXAMPLES, 'pbx', 'avaya-did-blocks.csv'), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Read as: Avaya Communication Manager station list/);
    expect(r.stdout).toMatch(/^ {2}Coverage Path: ignored: coverage path/m);
    expect(r.stdout).toMatch(/^ {2}Name: ownerName$/m);
    expect(r.stdout).toMatch(/DIDs derived: extension 2xxx -> \+442079460000\.\. \(7 lines\)/);
    expect(r.stdout).toMatch(/1 spare \(unassigned\)/);
    expect(r.stdout).toMatch(/unknown device model "WCBRI"/);
  });

  test('several lines files, comma-separated: one inventory, each file read with its own layout', async () => {
    const files = ['sfb-users.csv', 'sfb-common-area-phones.csv', 'sfb-analog-devices.csv', 'sfb-response-groups.csv'].map((f) => path.join(EXAMPLES, 'pbx', f));
    const r = vmp(['import-pbx', '--lines', files.join(','), '--blocks', path.join(EXAMPLES, 'pbx-blocks.csv'), '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Imported 11 lines/);
    expect(r.stdout).toMatch(/Read sfb-analog-devices\.csv as: Skype for Business Server analog devices/);
    expect(r.stdout).toMatch(/Main number \+14255550100: 2 lines ring through it/);
  });

  test('a file with a bad row: exit 2, every error located, nothing stored', async () => {
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'extension;did;owner_upn;site;device_type\n4001;+1 425 555 0161;alex.wilber@contoso.example;Seattle;ip-phone\n4002;555-01;;Seattle;toaster\n');
    const store = new SqliteStore(db);
    const before = await loadInventory(store, 'contoso');
    await store.close();
    const r = vmp(['import-pbx', '--lines', bad, '--json', '--db', db]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.accepted).toBe(false);
    expect(report.errors).toEqual([
      expect.objectContaining({ file: 'bad.csv', row: 3, column: 'did', reason: expect.stringMatching(/looks like an extension/) }),
    ]);
    const after = new SqliteStore(db);
    expect(await loadInventory(after, 'contoso')).toEqual(before);
    await after.close();
  });

  test('50 MB of garbage fails fast with a clear message and exit 2', () => {
    const garbage = path.join(dir, 'garbage.csv');
    const line = `${'q9#;x'.repeat(20)}\n`;
    const fd = fs.openSync(garbage, 'w');
    const chunk = line.repeat(Math.ceil((1024 * 1024) / line.length));
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    expect(fs.statSync(garbage).size).toBeGreaterThan(50 * 1024 * 1024);
    const r = vmp(['import-pbx', '--lines', garbage, '--json', '--db', db]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors[0].reason).toMatch(/garbage\.csv: no header row found in its first 10 non-empty rows/);
  });

  test('bad options: missing file, broken mapping, unknown country -> exit 2', () => {
    expect(vmp(['import-pbx', '--lines', path.join(dir, 'nope.csv'), '--db', db]).code).toBe(2);
    const mapping = path.join(dir, 'mapping.json');
    fs.writeFileSync(mapping, '{"lines": {"extensoin": "Station"}}');
    const r = vmp(['import-pbx', '--lines', path.join(EXAMPLES, 'pbx-lines.csv'), '--mapping', mapping, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown key "extensoin"/);
    expect(vmp(['import-pbx', '--lines', path.join(EXAMPLES, 'pbx-lines.csv'), '--default-country', 'XX', '--db', db]).code).toBe(2);
  });
});
