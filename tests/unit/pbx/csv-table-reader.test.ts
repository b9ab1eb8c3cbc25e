import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { csvFileSource, csvTextSource, sniffDelimiter } from '../../../shared/pbx/csv-table-reader';
import type { TableSource } from '../../../shared/pbx/table-source';
import { TableReadError } from '../../../shared/pbx/table-source';

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

  test('UTF-16 is refused with what to do', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmp-csv-'));
    const file = path.join(dir, 'u16.csv');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('e\u0000x\u0000', 'latin1')]));
    expect(() => csvFileSource(file, 'u16.csv')).toThrow(/UTF-16.*CSV UTF-8/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('an unclosed quote over a huge record fails with the row where it started', async () => {
    const text = `extension,did\n1001,"${'x'.repeat(200_000)}\n`;
    await expect(collect(csvTextSource(text, 'q.csv'))).rejects.toThrow(TableReadError);
    await expect(collect(csvTextSource(text, 'q.csv'))).rejects.toThrow(/q\.csv row 2/);
  });
});
