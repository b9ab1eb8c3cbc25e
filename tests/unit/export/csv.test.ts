import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { csvCell, csvDocument, neutraliseCsvText } from '../../../shared/export/csv';
import { csvExports } from '../../../shared/export/csv-exports';
import { buildFixtureInput, buildFixturePlan } from './support/fixture-plan';

const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\n'];

describe('CSV neutralising (OWASP CSV injection)', () => {
  it.each([
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+SUM(1,2)', `"'+SUM(1,2)"`],
    ['@foo', "'@foo"],
    ['-2+3', "'-2+3"],
    ['\tTabbed', "'\tTabbed"],
    ['\rCarriage', `"'\rCarriage"`],
    ['  =1+1', "'  =1+1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ["O'Brien", "O'Brien"],
    ['a "quoted" word', '"a ""quoted"" word"'],
    ['Zo\u00eb \u65e5\u672c', 'Zo\u00eb \u65e5\u672c'],
  ])('text %j -> %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes strict E.164 raw in number columns, and neutralises anything else there', () => {
    expect(csvCell('+14255550100', 'e164')).toBe('+14255550100');
    expect(csvCell('+14255550100;ext=12', 'e164')).toBe('+14255550100;ext=12');
    expect(csvCell('+1+SUM(1,2)', 'e164')).toBe(`"'+1+SUM(1,2)"`);
    expect(csvCell('=1+1', 'e164')).toBe("'=1+1");
    expect(csvCell('+14255550100', 'text')).toBe("'+14255550100");
  });

  it('no text cell ever starts with a formula trigger once parsed back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '"', ',', 'a', '1', ' ', "'") }), { minLength: 1, maxLength: 5 }), (cells) => {
        const doc = csvDocument(cells.map((_, i) => ({ header: `c${i}` })), [cells]);
        const rows: string[][] = parse(doc, { relax_column_count: false });
        expect(rows).toHaveLength(2);
        rows[1].forEach((cell, i) => {
          expect(TRIGGERS.includes(cell.trimStart()[0] ?? '') && !cell.startsWith("'")).toBe(false);
          expect(cell).toBe(neutraliseCsvText(cells[i]));
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('CSV exports', () => {
  const files = csvExports(buildFixtureInput());

  it('writes a DR upload list, a port order list with a PhoneNumber column, and the SBC routing table per wave', () => {
    expect(files.map((f) => [f.file, f.kind, f.wave])).toEqual([
      ['csv/dr-upload-up-1.csv', 'dr-upload', 0],
      ['csv/port-order-po-1.csv', 'port-order', 1],
      ['csv/sbc-routing-after-wave-none.csv', 'sbc-routing', undefined],
      ['csv/sbc-routing-after-wave-00.csv', 'sbc-routing', 0],
    ]);
    const port = files[1].text;
    expect(port).toBe('PhoneNumber\r\n+442071234050\r\n+442071234051\r\n');
    expect(files[0].text.split('\r\n')[0]).toBe('TelephoneNumber');
  });

  it('folds incremental routing into the complete table and neutralises text cells', () => {
    const rows: string[][] = parse(files[3].text);
    expect(rows[0]).toEqual(['Order', 'NumberOrPattern', 'Kind', 'Target', 'Via', 'SbcFqdn', 'Operator', 'BlockId', 'EffectiveFrom', 'Description']);
    expect(rows[1].slice(0, 4)).toEqual(['1', '+14255551001', 'number', 'teams']);
    expect(rows[1][9]).toBe(`'=HYPERLINK("x") moved in the pilot`);
    expect(rows[2][1]).toBe('^\\+1425555(1\\d{3})$');
    expect(rows).toHaveLength(3);
  });

  it('splits large orders at the tool limits (10,000 DR numbers, 999 port numbers)', () => {
    const plan = buildFixturePlan();
    const many = Array.from({ length: 10500 }, (_, i) => `+1206555${String(i).padStart(4, '0')}`);
    plan.uploadOrders = [{ id: 'big', waveNumber: 0, sbcId: 'sbc1', numbers: many, uploadBy: '2026-12-01' }];
    plan.portOrders = [{ ...plan.portOrders[0], numbers: many.slice(0, 1000) }];
    const out = csvExports(buildFixtureInput(plan));
    expect(out.filter((f) => f.kind === 'dr-upload').map((f) => f.text.split('\r\n').length - 2)).toEqual([10000, 500]);
    expect(out.filter((f) => f.kind === 'port-order').map((f) => f.file)).toEqual(['csv/port-order-po-1.csv', 'csv/port-order-po-1-part2.csv']);
  });

  it('restricts to one wave', () => {
    const only = csvExports(buildFixtureInput(), { wave: 1 });
    expect(only.map((f) => f.file)).toEqual(['csv/port-order-po-1.csv']);
  });
});
