import { LINES_HEADER, runImport } from './run-import';

const BLOCKS_HEADER = 'first,last,count,carrier,account,btn,site,port_constraint';

function errorsOf(result: Awaited<ReturnType<typeof runImport>>) {
  return result.report.errors.map((e) => ({ file: e.file, row: e.row, column: e.column, reason: e.reason }));
}

describe('every bad row is rejected with its file, row and column', () => {
  test.each([
    {
      name: 'invalid number',
      lines: `${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,\n1002,425-555-01,,Adele Vance,Seattle,ip-phone,,,,,`,
      error: { file: 'lines.csv', row: 3, column: 'did', reason: /invalid number: "425-555-01" is not a valid number in US/ },
    },
    {
      name: 'duplicate DID',
      lines: `${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,\n1002,(425) 555-0101,,Adele Vance,Seattle,ip-phone,,,,,`,
      error: { file: 'lines.csv', row: 3, column: 'did', reason: /duplicate DID \+14255550101: also on row 2 \(extension 1001\)/ },
    },
    {
      name: 'duplicate extension without device names',
      lines: `${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,\n1001,,,Adele Vance,Seattle,ip-phone,,,,,`,
      error: { file: 'lines.csv', row: 3, column: 'extension', reason: /duplicate extension 1001: also on row 2/ },
    },
    {
      name: 'delegate loop',
      lines: `${LINES_HEADER}\n1001,,megan.bowen@contoso.example,,Seattle,ip-phone,,,,1002,\n1002,,adele.vance@contoso.example,,Seattle,ip-phone,,,,1001,`,
      error: { file: 'lines.csv', row: 2, column: 'delegate_of', reason: /conflicting delegate loop: 1001 -> 1002 -> 1001/ },
    },
    {
      name: 'own delegate',
      lines: `${LINES_HEADER}\n1001,,megan.bowen@contoso.example,,Seattle,ip-phone,,,,1001,`,
      error: { file: 'lines.csv', row: 2, column: 'delegate_of', reason: /its own boss/ },
    },
    {
      name: 'unknown country',
      lines: 'extension,did,owner_name,country\n1001,555 0101,Megan Bowen,Atlantis',
      error: { file: 'lines.csv', row: 2, column: 'country', reason: /unknown country "Atlantis"/ },
    },
  ])('$name', async ({ lines, error }) => {
    const result = await runImport(lines);
    expect(result.report.accepted).toBe(false);
    const errors = errorsOf(result);
    expect(errors).toContainEqual({ file: error.file, row: error.row, column: error.column, reason: expect.stringMatching(error.reason) });
  });

  test('both rows of a delegate loop are reported', async () => {
    const result = await runImport(`${LINES_HEADER}\n1001,,megan.bowen@contoso.example,,Seattle,ip-phone,,,,1002,\n1002,,adele.vance@contoso.example,,Seattle,ip-phone,,,,1001,`);
    expect(result.report.errors.map((e) => e.row).sort()).toEqual([2, 3]);
  });

  test.each([
    {
      name: 'overlapping blocks',
      blocks: `${BLOCKS_HEADER}\n+14255550100,+14255550199,,Contoso Telecom,A1,,Seattle,\n+14255550150,,100,Contoso Telecom,A1,,Seattle,`,
      error: { row: 3, column: 'first', reason: /overlapping blocks: \+14255550150\.\.\+14255550249 overlaps \+14255550100\.\.\+14255550199 on row 2/ },
    },
    {
      name: 'the same block twice',
      blocks: `${BLOCKS_HEADER}\n+14255550100,+14255550199,,Contoso Telecom,A1,,Seattle,\n425 555 0100,0199,,Contoso Telecom,A1,,Seattle,`,
      error: { row: 3, column: 'first', reason: /overlapping blocks/ },
    },
    {
      name: 'last before first',
      blocks: `${BLOCKS_HEADER}\n+14255550199,+14255550100,,Contoso Telecom,A1,,Seattle,`,
      error: { row: 2, column: 'last', reason: /does not follow first number/ },
    },
    {
      name: 'count disagreeing with last',
      blocks: `${BLOCKS_HEADER}\n+14255550100,+14255550199,50,Contoso Telecom,A1,,Seattle,`,
      error: { row: 2, column: 'count', reason: /count 50 disagrees/ },
    },
    {
      name: 'count running out of the country',
      blocks: `${BLOCKS_HEADER}\n+19899999990,,20,Contoso Telecom,A1,,,`,
      error: { row: 2, column: 'count', reason: /run past the end/ },
    },
    {
      name: 'count running into another country calling code (both ends valid numbers)',
      blocks: `${BLOCKS_HEADER}\n+79999999999,,2,Contoso Telecom,A1,,,`,
      error: { row: 2, column: 'count', reason: /run past the end/ },
    },
    {
      name: 'last number in another country calling code',
      blocks: `${BLOCKS_HEADER}\n+79999999999,+80000000000,,Contoso Telecom,A1,,,`,
      error: { row: 2, column: 'last', reason: /does not follow first number/ },
    },
    {
      name: 'invalid BTN',
      blocks: `${BLOCKS_HEADER}\n+14255550100,+14255550199,,Contoso Telecom,A1,12,Seattle,`,
      error: { row: 2, column: 'btn', reason: /invalid number/ },
    },
    {
      name: 'two BTNs for one account',
      blocks: `${BLOCKS_HEADER}\n+14255550100,+14255550199,,Contoso Telecom,A1,+14255550100,Seattle,\n+14255550200,+14255550299,,Contoso Telecom,A1,+14255550200,Seattle,`,
      error: { row: 3, column: 'btn', reason: /account A1 has BTN \+14255550100 on row 2 but \+14255550200 here/ },
    },
    {
      name: 'unknown port constraint',
      blocks: `${BLOCKS_HEADER}\n+14255550100,+14255550199,,Contoso Telecom,A1,,Seattle,maybe`,
      error: { row: 2, column: 'port_constraint', reason: /unknown port constraint "maybe"/ },
    },
  ])('blocks: $name', async ({ blocks, error }) => {
    const result = await runImport(`${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,`, { blocksCsv: blocks });
    expect(result.report.accepted).toBe(false);
    expect(errorsOf(result)).toContainEqual({ file: 'blocks.csv', row: error.row, column: error.column, reason: expect.stringMatching(error.reason) });
  });

  test('every error of a file is returned, not just the first', async () => {
    const result = await runImport(
      `${LINES_HEADER}\n1001,bad,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,\n1002,+1 425 555 01,,,Seattle,toaster,,,,,\n1003,,,,Seattle,ip-phone,,,,x1,`,
    );
    expect(result.report.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'did'],
      [3, 'did'],
      [4, 'delegate_of'],
    ]);
  });
});

describe('unknown is a warning, not a rejection', () => {
  test('an unknown device model is imported as other, with one warning naming the model', async () => {
    const result = await runImport(`${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,toaster,,,,,\n1002,,,,Seattle,toaster,,,,,`);
    expect(result.report.accepted).toBe(true);
    expect(result.inventory.lines.map((l) => [l.extension, l.deviceType, l.deviceModel])).toEqual([
      ['1001', 'other', 'toaster'],
      ['1002', 'other', 'toaster'],
    ]);
    expect(result.report.warnings).toContainEqual(
      expect.objectContaining({ row: 2, column: 'device_type', reason: expect.stringMatching(/unknown device model "toaster" on 2 lines: imported as other/) }),
    );
  });

  test('a phone without an owner is a spare station: listed as unassigned, its number kept', async () => {
    const result = await runImport(`${LINES_HEADER}\n1001,+1 425 555 0101,,,Seattle,ip-phone,,,,,`);
    expect(result.report.accepted).toBe(true);
    expect(result.inventory.lines[0]).toMatchObject({ unassigned: true, did: '+14255550101', match: { status: 'unmatched', explanation: expect.stringMatching(/spare or unnamed station/) } });
    expect(result.report.counts.unassigned).toBe(1);
    expect(result.report.unassigned).toEqual([expect.objectContaining({ extension: '1001', did: '+14255550101' })]);
    expect(result.report.unmatched).toEqual([]);
  });

  test('main number + extension is an extension on that number, not a duplicate DID', async () => {
    const result = await runImport(
      `${LINES_HEADER}\n2000,(206) 555-2000,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,\n2010,(206) 555-2000 x2010,adele.vance@contoso.example,,Seattle,ip-phone,,,,,\n,(206) 555-2000 x2011,alex.wilber@contoso.example,,Seattle,ip-phone,,,,,`,
    );
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines.map((l) => [l.extension, l.did, l.mainNumber])).toEqual([
      ['2000', '+12065552000', undefined],
      ['2010', undefined, '+12065552000'],
      ['2011', undefined, '+12065552000'],
    ]);
    expect(result.report.mainNumbers).toEqual([{ number: '+12065552000', lines: 2 }]);
  });

  test('two DIDs of their own on one number are still a duplicate', async () => {
    const result = await runImport(`${LINES_HEADER}\n2000,(206) 555-2000,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,\n2001,206 555 2000,adele.vance@contoso.example,,Seattle,ip-phone,,,,,`);
    expect(result.report.errors).toEqual([expect.objectContaining({ row: 3, column: 'did', reason: expect.stringMatching(/duplicate DID \+12065552000/) })]);
  });
});

describe('warnings do not block the import', () => {
  test('a DID outside every block, a boss not in the export', async () => {
    const result = await runImport(
      `${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,\n1002,+1 206 555 0102,adele.vance@contoso.example,,Seattle,ip-phone,,,,1999,`,
      { blocksCsv: `${BLOCKS_HEADER}\n+14255550100,+14255550199,,Contoso Telecom,A1,+14255550100,Seattle,` },
    );
    expect(result.report.accepted).toBe(true);
    const warnings = result.report.warnings.map((w) => [w.file, w.row, w.column]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        ['lines.csv', 3, 'did'],
        ['lines.csv', 3, 'delegate_of'],
      ]),
    );
  });
});

describe('cells that look like spreadsheet formulas are data', () => {
  test('=HYPERLINK(...) and +cmd|... stay exactly as written and are never evaluated', async () => {
    const hyperlink = '=HYPERLINK("http://evil.example/x","Click")';
    const dde = "+cmd|' /C calc'!A0";
    const result = await runImport(`extension,did,owner_name,site,device_type,notes\n1011,,"${hyperlink.replace(/"/g, '""')}",Seattle,ip-phone,"${dde}"`);
    expect(result.report.accepted).toBe(true);
    const line = result.inventory.lines[0];
    expect(line.ownerName).toBe(hyperlink);
    expect(line.notes).toBe(dde);
    expect(line.match.status).toBe('unmatched');
  });
});

describe('files that are not PBX exports fail fast with a clear message', () => {
  test('no recognisable header in the first rows', async () => {
    const garbage = Array.from({ length: 50 }, (_, i) => `lorem ${i},ipsum,dolor`).join('\n');
    const error = await runImport(garbage).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/lines\.csv: no header row found in its first 10 non-empty rows/);
  });

  test('a valid header followed by garbage stops after a run of invalid rows', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `x${i},not a number,,,,teapot,,,,boss?,`).join('\n');
    const result = await runImport(`${LINES_HEADER}\n${rows}`);
    expect(result.report.accepted).toBe(false);
    const stop = result.report.errors.find((e) => /stopped reading/.test(e.reason));
    expect(stop).toMatchObject({ file: 'lines.csv', row: 501 });
    expect(result.report.errors.at(-1)?.reason).toMatch(/more errors not listed/);
  });

  test('the header may sit below a title line', async () => {
    const result = await runImport(`Station list exported 2026-01-05\n\n${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,`);
    expect(result.report.accepted).toBe(true);
    expect(result.inventory.lines[0].source.row).toBe(4);
  });

  test('a mapping that names a missing column is an error at the header row', async () => {
    const error = await runImport('Station;Public DID;Name\n1001;+14255550101;Megan Bowen', { mapping: { lines: { extension: 'Station', did: 'Phone Number' } } }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/lines\.csv row 1: the column mapping names "Phone Number"/);
  });
});

describe('country of a DID', () => {
  test.each([
    ['site of the tenant', 'extension,did,owner_name,site\n2001,020 7946 0101,Johanna Lorenz,London', undefined, '+442079460101'],
    ['country column', 'extension,did,owner_name,site,country\n3001,030 901820,Anna Schmidt,Berlin,DE', undefined, '+4930901820'],
    ['default country', 'extension,did,owner_name\n1001,425 555 0101,Megan Bowen', 'US', '+14255550101'],
    ['site country wins over default', 'extension,did,owner_name,site\n2001,020 7946 0101,Johanna Lorenz,london', 'US', '+442079460101'],
  ])('%s', async (_name, csv, defaultCountry, did) => {
    const result = await runImport(csv, { defaultCountry });
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.lines[0].did).toBe(did);
  });

  test('no country anywhere is an error that says how to fix it', async () => {
    const result = await runImport('extension,did,owner_name\n1001,425 555 0101,Megan Bowen');
    expect(result.report.errors[0]).toMatchObject({ row: 2, column: 'did', reason: expect.stringMatching(/default country/) });
  });
});

describe('a lines file without lines', () => {
  test.each([
    { name: 'a header only', lines: `${LINES_HEADER}\n` },
    { name: 'a header and blank rows', lines: `${LINES_HEADER}\n\n,,,,,,,,,,\n` },
  ])('$name is refused, naming the file, so the stored inventory is not replaced by an empty one', async ({ lines }) => {
    const result = await runImport(lines);
    expect(result.report.accepted).toBe(false);
    expect(errorsOf(result)).toEqual([{ file: 'lines.csv', row: 1, column: undefined, reason: expect.stringMatching(/no lines under its header/) }]);
  });
});

describe('a BTN outside its account\'s blocks (issue 13)', () => {
  const LINE = `${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,`;
  const HEADER = 'first,last,carrier,account,btn,site,port_type';

  test('is an error naming the file, the row that wrote the BTN and its column: nothing is imported', async () => {
    const result = await runImport(LINE, {
      blocksCsv: `${HEADER}\n+14255550100,+14255550199,Contoso Telecom,A1,,Seattle,\n+14255550200,+14255550299,Contoso Telecom,A1,+14255550999,Seattle,full`,
    });
    expect(result.report.accepted).toBe(false);
    expect(errorsOf(result)).toEqual([
      { file: 'blocks.csv', row: 3, column: 'btn', reason: expect.stringMatching(/BTN \+14255550999 of account A1 lies in none of the account's blocks.*Port Type/) },
    ]);
  });

  test('a row without an account is its own account: its BTN must lie in a block that names the same BTN', async () => {
    const outside = await runImport(LINE, { blocksCsv: `${HEADER}\n+14255550100,+14255550199,Contoso Telecom,,+14255550999,Seattle,` });
    expect(errorsOf(outside)).toEqual([expect.objectContaining({ row: 2, column: 'btn' })]);
    // Two rows naming one BTN are one account, whichever block holds it.
    const shared = await runImport(LINE, {
      blocksCsv: `${HEADER}\n+14255550100,+14255550199,Contoso Telecom,,+14255550100,Seattle,\n+14255550200,+14255550299,Contoso Telecom,,+14255550100,Seattle,`,
    });
    expect(shared.report.errors).toEqual([]);
    expect(shared.inventory.blocks.map((b) => [b.first, b.btnInBlock])).toEqual([
      ['+14255550100', true],
      ['+14255550200', false],
    ]);
  });

  test.each(['partial', 'Partial port', 'yes'])('a block of the account declaring a partial port ("%s") makes it legitimate', async (cell) => {
    const header = cell === 'yes' ? HEADER.replace('port_type', 'Partial Port') : HEADER;
    const result = await runImport(LINE, {
      blocksCsv: `${header}\n+14255550100,+14255550199,Contoso Telecom,A1,+14255550999,Seattle,\n+14255550200,+14255550299,Contoso Telecom,A1,,Seattle,${cell}`,
    });
    expect(result.report.errors).toEqual([]);
    expect(result.report.accepted).toBe(true);
    expect(result.report.warnings.filter((w) => w.column === 'btn')).toEqual([]);
    expect(result.inventory.blocks.map((b) => [b.first, b.btn, b.btnInBlock, b.partialPort])).toEqual([
      ['+14255550100', '+14255550999', false, undefined],
      ['+14255550200', '+14255550999', false, true],
    ]);
  });

  test('an unknown port type is an error naming the column', async () => {
    const result = await runImport(LINE, { blocksCsv: `${HEADER}\n+14255550100,+14255550199,Contoso Telecom,A1,+14255550100,Seattle,sometimes` });
    expect(errorsOf(result)).toEqual([{ file: 'blocks.csv', row: 2, column: 'port_type', reason: expect.stringMatching(/unknown port type "sometimes"/) }]);
  });
});

describe('a port freeze on a carrier account', () => {
  const LINE = `${LINES_HEADER}\n1001,+1 425 555 0101,megan.bowen@contoso.example,,Seattle,ip-phone,,,,,`;
  const HEADER = 'first,last,carrier,account,btn,site,Port Freeze';

  test.each([
    ['yes', true],
    ['Frozen', true],
    ['1', true],
    ['no', undefined],
    ['0', undefined],
    ['', undefined],
  ])('"%s" is read onto the block', async (cell, frozen) => {
    const result = await runImport(LINE, { blocksCsv: `${HEADER}\n+14255550100,+14255550199,Contoso Telecom,A1,+14255550100,Seattle,${cell}` });
    expect(result.report.errors).toEqual([]);
    expect(result.inventory.blocks.map((b) => b.portFreeze)).toEqual([frozen]);
  });

  test('an unknown value is an error naming the file, row and column: nothing is imported', async () => {
    const result = await runImport(LINE, { blocksCsv: `${HEADER}\n+14255550100,+14255550199,Contoso Telecom,A1,+14255550100,Seattle,maybe` });
    expect(result.report.accepted).toBe(false);
    expect(errorsOf(result)).toEqual([{ file: 'blocks.csv', row: 2, column: 'Port Freeze', reason: expect.stringMatching(/unknown port freeze "maybe"/) }]);
  });
});
