/** The preview's line comparison: where a line sits in the file is no change; anything it holds is. */
import type { PbxLine } from '../../../shared/domain/pbx-inventory';
import { sameLine } from '../../../shared/services/pbx-import-preview';

const line = (extra: Partial<PbxLine> = {}): PbxLine => ({
  id: 'seattle/1001',
  extension: '1001',
  did: '+14255550101',
  siteId: 'seattle',
  deviceType: 'ip-phone',
  huntGroups: ['Sales'],
  callCentreAgent: false,
  voicemail: true,
  source: { file: 'lines.csv', row: 2 },
  match: { status: 'matched', personId: 'p-megan', rule: 'upn', confidence: 1, explanation: 'UPN' },
  devices: [
    { name: 'SEP1', deviceType: 'ip-phone', row: 2 },
    { name: 'CSF1', deviceType: 'softphone', row: 3 },
  ],
  ...extra,
});

test('a line read from another row or file, with its devices on other rows, is unchanged', () => {
  const moved = line({ source: { file: 'other.csv', row: 40 }, devices: [{ name: 'SEP1', deviceType: 'ip-phone', row: 40 }, { name: 'CSF1', deviceType: 'softphone', row: 41 }] });
  expect(sameLine(line(), moved)).toBe(true);
  // As stored (a JSON round trip drops undefined fields): still the same.
  expect(sameLine(JSON.parse(JSON.stringify(line({ notes: undefined }))) as PbxLine, line())).toBe(true);
});

test.each<[string, Partial<PbxLine>]>([
  ['another DID', { did: '+14255550102' }],
  ['another person', { match: { status: 'matched', personId: 'p-adele', rule: 'upn', confidence: 1, explanation: 'UPN' } }],
  ['a hunt group more', { huntGroups: ['Sales', 'Support'] }],
  ['a device less', { devices: [{ name: 'SEP1', deviceType: 'ip-phone', row: 2 }] }],
  ['a device of another type', { devices: [{ name: 'SEP1', deviceType: 'ip-phone', row: 2 }, { name: 'CSF1', deviceType: 'ip-phone', row: 3 }] }],
  ['a note added', { notes: 'moved desk' }],
])('%s is a change', (_name, change) => {
  expect(sameLine(line(), line(change))).toBe(false);
});
