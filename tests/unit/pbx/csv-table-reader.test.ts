import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvFileSource, csvTextSource, sniffDelimiter } from '../../../shared/pbx/csv-table-reader';
import type { TableSource } from '../../../shared/pbx/table-source';
import { TableReadError } from '../../../shared/pbx/table-source';
import { importPbxFiles } from '../../../shared/pbx/import-pbx-files';
import { openTableFile } from '../../../shared/pbx/open-table';
import { contosoSnapshot } from './contoso-snapshot';
import { runImport } from './run-import';

async function collect(source: TableSource) {
  const out: Array<{ row: number; cells: string[] }> = [];
  for await (const batch of source.rowBatches()) out.push(...batch);
  return out;
}

describe('delimiter sniffing', () => {
  test.each([
    ['extension,did,owner\n1,2,3', ','],
    ['extension;did;owner\n1;2;3', ';'],
    ['extension\tdid\towner\n1\t2\t3', '\t'],
    ['extension|did|owner\n1|2|3', '|'],
    ['"Name, Last";ext;did\n', ';'],
    ['\n\nextension;did\n', ';'],
    ['single\n', ','],
  ])('%j -> %j', (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });
});

describe('CSV rows', () => {
  test('UTF-8 BOM, quoted delimiters and line breaks; rows numbered as a spreadsheet shows them', async () => {
    const text = '\uFEFFextension;name;notes\n1001;"Vance; Adele";"two\nlines"\n\n1002;Bowen;x\n';
    const rows = await collect(csvTextSource(text, 'a.csv'));
    expect(rows[0]).toEqual({ row: 1, cells: ['extension', 'name', 'notes'] });
    expect(rows[1]).toEqual({ row: 2, cells: ['1001', 'Vance; Adele', 'two\nlines'] });
    expect(rows.find((r) => r.cells[0] === '1002')?.row).toBe(4);
  });

  test('a file is read from disk as a stream with the same result', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-csv-'));
    const file = path.join(dir, 'tab.tsv');
    fs.writeFileSync(file, 'extension\tdid\n1001\t+14255550101\n');
    const rows = await collect(csvFileSource(file, 'tab.tsv'));
    expect(rows).toEqual([
      { row: 1, cells: ['extension', 'did'] },
      { row: 2, cells: ['1001', '+14255550101'] },
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('binary content is refused before parsing', () => {
    expect(() => csvTextSource('abc\u0000def', 'bin.csv')).toThrow(/not a text export/);
  });

  // Windows PowerShell (the Skype for Business Server shell) writes UTF-16 LE with a BOM for "> file" and
  // "Export-Csv -Encoding Unicode"; Excel's "CSV (Comma delimited)" writes the Windows ANSI code page.
  test.each([
    ['UTF-16 LE with BOM', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['UTF-16 BE with BOM', (t: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
    ['Windows-1252 (Excel CSV)', (t: string) => Buffer.from(t, 'latin1')],
  ])('%s is decoded as it streams, accents kept', async (_what, encode) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-csv-'));
    const file = path.join(dir, 'export.csv');
    const text = '"DisplayName";"LineURI"\r\n"Jürgen Müller";"tel:+4930901820;ext=1820"\r\n"Zoë Ångström";"tel:+4930901821"\r\n';
    fs.writeFileSync(file, encode(text));
    const rows = await collect(csvFileSource(file, 'export.csv'));
    expect(rows).toEqual([
      { row: 1, cells: ['DisplayName', 'LineURI'] },
      { row: 2, cells: ['Jürgen Müller', 'tel:+4930901820;ext=1820'] },
      { row: 3, cells: ['Zoë Ångström', 'tel:+4930901821'] },
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a UTF-16 file is read through the whole import (SfB users redirected to a file)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-csv-'));
    const file = path.join(dir, 'sfb-users.csv');
    const text =
      '#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\r\n"SipAddress","UserPrincipalName","DisplayName","LineURI","EnterpriseVoiceEnabled"\r\n' +
      '"sip:megan.bowen@contoso.example","megan.bowen@contoso.example","Megan Bowen","tel:+14255550100;ext=100","True"\r\n';
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const result = await importPbxFiles({ lines: openTableFile(file), snapshot: contosoSnapshot(), importedAt: '2026-02-01T00:00:00.000Z' });
    expect(result.report.errors).toEqual([]);
    expect(result.report.layout?.id).toBe('sfb-users');
    expect(result.inventory.lines.map((l) => [l.extension, l.did, l.match?.status])).toEqual([['100', '+14255550100', 'matched']]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a UTF-8 file with other bytes past its start fails at that row, not with mangled names', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-csv-'));
    const file = path.join(dir, 'late.csv');
    // Past the bytes the encoding is judged from: an ANSI name in row 5002 of an otherwise ASCII file.
    const rows = ['extension,owner_name', ...Array.from({ length: 5000 }, (_, i) => `${10000 + i},Person ${i}`)];
    fs.writeFileSync(file, Buffer.concat([Buffer.from(`${rows.join('\r\n')}\r\n`), Buffer.from('19999,J\u00fcrgen M\u00fcller\r\n', 'latin1')]));
    const read = collect(csvFileSource(file, 'late.csv'));
    await expect(read).rejects.toThrow(TableReadError);
    await expect(collect(csvFileSource(file, 'late.csv'))).rejects.toThrow(/late\.csv row 5002: .*not UTF-8.*CSV UTF-8/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('text a browser decoded from an ANSI file (U+FFFD in a name) is refused with its row when the import reads it', async () => {
    const error = await runImport('extension,owner_name\n1001,Megan Bowen\n1002,J\uFFFDrgen M\uFFFDller\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TableReadError);
    expect(error).toMatchObject({ file: 'lines.csv', row: 3, message: expect.stringMatching(/lines\.csv row 3: .*not UTF-8.*CSV UTF-8/) });
  });

  test('binary content is still refused from a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-csv-'));
    const file = path.join(dir, 'bin.csv');
    fs.writeFileSync(file, Buffer.from([0x50, 0x00, 0x01, 0x02, 0x00, 0xfe]));
    expect(() => csvFileSource(file, 'bin.csv')).toThrow(/not a text export/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an unclosed quote over a huge record fails with the row where it started', async () => {
    const text = `extension,did\n1001,"${'x'.repeat(200_000)}\n`;
    await expect(collect(csvTextSource(text, 'q.csv'))).rejects.toThrow(TableReadError);
    await expect(collect(csvTextSource(text, 'q.csv'))).rejects.toThrow(/q\.csv row 2/);
  });
});
