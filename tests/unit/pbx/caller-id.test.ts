/**
 * What a line's outbound calls showed (3CX's OutboundCallerID, FreePBX's outboundcid, a plain "Outbound
 * Caller ID" column): read as a number or a withheld one; the line's own number is no caller ID to keep;
 * a cell the import cannot read is one warning per text, with the row.
 */
import path from 'node:path';
import { parseOutboundCallerId } from '../../../shared/pbx/line-row-parser';
import { importPbxFiles } from '../../../shared/pbx/import-pbx-files';
import { openTableFile } from '../../../shared/pbx/open-table';
import { contosoSnapshot } from './contoso-snapshot';
import { runImport } from './run-import';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples', 'pbx');

describe('outbound caller ID cells', () => {
  it.each([
    ['+1 425 555 0100', 'US', { kind: 'number', number: '+14255550100' }],
    ['"Contoso" <4255550100>', 'US', { kind: 'number', number: '+14255550100' }],
    ['tel:+442071234000', undefined, { kind: 'number', number: '+442071234000' }],
    ['Anonymous', undefined, { kind: 'withheld' }],
    ['"Sales" <Restricted>', undefined, { kind: 'withheld' }],
    ['withheld', undefined, { kind: 'withheld' }],
  ])('reads %s', (text, country, expected) => {
    expect(parseOutboundCallerId(text, country)).toEqual(expected);
  });

  it.each([['Megan Bowen'], ['sip:reception@contoso.example'], ['4255550100 x12'], ['"Contoso" <4255550100>']])('does not read %s without a country, or as a name', (text) => {
    expect(parseOutboundCallerId(text, undefined)).toBeUndefined();
  });
});

describe('the import', () => {
  it("reads 3CX's OutboundCallerID: the main number its people show", async () => {
    const { inventory, report } = await importPbxFiles({ lines: openTableFile(path.join(EXAMPLES, '3cx-extensions.csv')), snapshot: contosoSnapshot(), importedAt: '2026-02-01T00:00:00.000Z' });
    expect(inventory.lines.map((l) => [l.extension, l.did, l.callerId])).toEqual([
      ['1001', '+14255550101', { kind: 'number', number: '+14255550100' }],
      ['1002', '+14255550102', { kind: 'number', number: '+14255550100' }],
      ['1010', '+14255550110', { kind: 'number', number: '+14255550100' }],
    ]);
    expect(report.layout?.columns.find((c) => c.header === 'OutboundCallerID')?.fields).toEqual(['callerId']);
  });

  it("reads FreePBX's outboundcid with the default country, and warns once per text without one", async () => {
    const source = () => openTableFile(path.join(EXAMPLES, 'freepbx-extensions.csv'));
    const withCountry = await importPbxFiles({ lines: source(), defaultCountry: 'US', snapshot: contosoSnapshot(), importedAt: '2026-02-01T00:00:00.000Z' });
    // Its voicemail column names the voicemail context ("default"), or "novm" for an extension without a mailbox.
    expect(withCountry.inventory.lines.map((l) => [l.extension, l.voicemail])).toEqual([['1001', true], ['1002', true], ['1030', false], ['1050', false]]);
    expect(withCountry.inventory.lines.filter((l) => l.callerId).map((l) => [l.extension, l.callerId])).toEqual([
      ['1001', { kind: 'number', number: '+14255550100' }],
      ['1002', { kind: 'number', number: '+14255550100' }],
    ]);
    const without = await importPbxFiles({ lines: source(), snapshot: contosoSnapshot(), importedAt: '2026-02-01T00:00:00.000Z' });
    expect(without.inventory.lines.some((l) => l.callerId)).toBe(false);
    expect(without.report.warnings.filter((w) => /outbound caller ID/.test(w.reason)).map((w) => [w.reason, w.row])).toEqual([
      [expect.stringMatching(/^outbound caller ID ""Contoso" <4255550100>" on 2 lines is neither a phone number the import can read \(a national number needs the line's site or a default country\)/), 3],
    ]);
  });

  it("keeps a withheld caller ID and leaves out the line's own number", async () => {
    const csv = [
      'extension,did,owner_upn,site,country,outbound caller id',
      '1001,+14255550101,megan@contoso.example,Seattle,US,+14255550101',
      '1002,+14255550102,adele@contoso.example,Seattle,US,Private',
      '1003,+14255550103,alex@contoso.example,Seattle,US,425 555 0100',
    ].join('\n');
    const { inventory, report } = await runImport(csv);
    expect(report.errors).toEqual([]);
    expect(inventory.lines.map((l) => l.callerId)).toEqual([undefined, { kind: 'withheld' }, { kind: 'number', number: '+14255550100' }]);
  });
});
